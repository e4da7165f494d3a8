"""Word-level differences of two texts, as `diff` shows a changed text: `[-old-]{+new+}`.

Words are runs of non-space characters, as `git diff --word-diff` takes them; the difference
comes from difflib. Long runs of unchanged words are cut to a few words around each change,
unless the whole text is asked for.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Unchanged words kept on each side of a change when the texts are not shown in full.
CONTEXT_WORDS = 5
SMALL_RUN = 2
ELLIPSIS = "…"
_WORD = re.compile(r"\S+")

# How a changed part is marked: plain (git's word-diff markers) or in colour on a terminal.
PLAIN = {"removed": ("[-", "-]"), "added": ("{+", "+}")}
COLOUR = {"removed": ("\x1b[31m\x1b[9m", "\x1b[0m"), "added": ("\x1b[32m", "\x1b[0m")}


@dataclass(frozen=True)
class Part:
    """A run of words: unchanged ("same"), only in the old text, or only in the new one."""

    kind: str  # "same", "removed" or "added"
    words: tuple[str, ...]


def word_parts(old: str, new: str) -> list[Part]:
    """The two texts as runs of unchanged, removed and added words, in reading order.

    A run of at most SMALL_RUN unchanged words between two changes joins them (a rewritten
    sentence that happens to keep "de" and "en" reads as one change, not five).
    """
    before, after = _WORD.findall(old), _WORD.findall(new)
    # (unchanged words) or (removed words, added words), in order.
    runs: list[tuple[list[str], list[str], bool]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        runs.append((before[i1:i2], after[j1:j2], tag == "equal"))
    merged: list[tuple[list[str], list[str], bool]] = []
    for index, (removed, added, same) in enumerate(runs):
        between = 0 < index < len(runs) - 1
        if same and between and len(removed) <= SMALL_RUN:
            same = False  # absorbed by the changes around it
        if merged and not same and not merged[-1][2]:
            merged[-1] = (merged[-1][0] + removed, merged[-1][1] + added, False)
        else:
            merged.append((list(removed), list(added), same))
    parts: list[Part] = []
    for removed, added, same in merged:
        if same:
            parts.append(Part("same", tuple(removed)))
            continue
        if removed:
            parts.append(Part("removed", tuple(removed)))
        if added:
            parts.append(Part("added", tuple(added)))
    return parts


def _shortened(words: tuple[str, ...], first: bool, last: bool) -> list[str]:
    """Unchanged words, cut to CONTEXT_WORDS next to each change around them."""
    keep = CONTEXT_WORDS
    if first and last:
        return list(words)
    if first:
        return [ELLIPSIS, *words[-keep:]] if len(words) > keep else list(words)
    if last:
        return [*words[:keep], ELLIPSIS] if len(words) > keep else list(words)
    if len(words) > 2 * keep:
        return [*words[:keep], ELLIPSIS, *words[-keep:]]
    return list(words)


def word_diff(old: str, new: str, full: bool = False, colour: bool = False) -> str:
    """`old` changed into `new`, on one line: removed words as `[-…-]`, added ones as
    `{+…+}` (or in red and green), unchanged runs cut short unless `full`."""
    marks = COLOUR if colour else PLAIN
    parts = word_parts(old, new)
    shown: list[str] = []
    for index, part in enumerate(parts):
        if part.kind == "same":
            words = list(part.words) if full else \
                _shortened(part.words, index == 0, index == len(parts) - 1)
            shown.extend(words)
        else:
            start, end = marks[part.kind]
            shown.append(start + " ".join(part.words) + end)
    return " ".join(shown)
