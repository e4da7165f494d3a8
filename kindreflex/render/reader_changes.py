"""What changed for the reader of a paper between two editions, and whether to reprint now.

Two editions are compared line by line (render.reader_text): a line that is new, gone or
different is a change. A change is one to reprint now for (`REPRINT_NOW`) when it changes a
phone number the line prints, or when the line is in the acute-danger box, the "whom to
tell" block or a step's actions; any other change is wording, which can wait for the next
print run. docs/keeping-papers-current.md says the same in plain words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from .reader_text import PHONE, REPRINT_NOW, WORDING, ReaderLine

# What a paper needs, after the changes since an edition.
NOW, NEXT_RUN, UNCHANGED = "reprint now", "reprint at the next print run", "unchanged"


@dataclass(frozen=True)
class Change:
    """One line of the paper that is new (`before` None), gone (`after` None) or changed."""

    kind: str  # reader_text's kinds: phone, acute, tell, action or wording
    before: str | None
    after: str | None

    @property
    def reprint_now(self) -> bool:
        """True if the paper must be printed again now for this change."""
        return self.kind in REPRINT_NOW

    def as_dict(self) -> dict[str, str | None]:
        """The change as plain data (the edition log, `changes --format json`)."""
        return {"kind": self.kind, "before": self.before, "after": self.after}

    @classmethod
    def from_dict(cls, data: dict[str, str | None]) -> Change:
        """The change written by `as_dict`."""
        return cls(str(data.get("kind") or WORDING), data.get("before"), data.get("after"))


def _kind(before: ReaderLine | None, after: ReaderLine | None) -> str:
    """A phone number that is new, gone or different makes it a phone change; else the part
    of the paper the line is in (where it is now, or where it was)."""
    phones_before = before.phones if before is not None else ()
    phones_after = after.phones if after is not None else ()
    if phones_before != phones_after:
        return PHONE
    line = after if after is not None else before
    assert line is not None
    if before is not None and before.kind in REPRINT_NOW:
        return before.kind
    return line.kind


def changed_lines(before: Sequence[ReaderLine], after: Sequence[ReaderLine]) -> list[Change]:
    """The lines that differ between two editions of one paper, in the paper's order.

    Lines are matched on their text (difflib); a block of lines replaced by as many lines is
    read as each line changed, any other replacement as lines gone and lines new.
    """
    changes: list[Change] = []
    matcher = SequenceMatcher(a=[(line.kind, line.text) for line in before],
                              b=[(line.kind, line.text) for line in after], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old, new = before[i1:i2], after[j1:j2]
        if tag == "replace" and len(old) == len(new):
            changes += [Change(_kind(a, b), a.text, b.text) for a, b in zip(old, new, strict=True)]
            continue
        changes += [Change(_kind(line, None), line.text, None) for line in old]
        changes += [Change(_kind(None, line), None, line.text) for line in new]
    return changes


def reprint(changes: Iterable[Change]) -> str:
    """What the paper needs after these changes: NOW, NEXT_RUN or UNCHANGED."""
    found = list(changes)
    if any(change.reprint_now for change in found):
        return NOW
    return NEXT_RUN if found else UNCHANGED
