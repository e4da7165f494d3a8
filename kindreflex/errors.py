"""Located issues (errors and warnings) and the exceptions that carry them."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

# C0 controls but tab and line feed, DEL and the C1 controls: a terminal acts on them (ESC
# starts a colour or cursor sequence, CSI too, BEL rings), so they are never printed raw.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible characters that change what a text shows: the bidirectional controls (embeddings,
# overrides, isolates, marks) and the zero-width ones. Right-to-left prose may need some of
# them; a one-line value (an id, a name, an address) never does, and a terminal line should
# show them rather than obey them.
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_NAMES = {"\x00": "NUL", "\x07": "BEL", "\x08": "BS", "\x0b": "VT", "\x0c": "FF",
          "\x0d": "CR", "\x1b": "ESC", "\x7f": "DEL", "\x9b": "CSI"}


def describe_character(char: str) -> str:
    """`U+001B (ESC)`: a character named so that printing the name is safe."""
    name = _NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def printable(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control and invisible character shown as an escape (`\\x1b`,
    `\\u202e`), safe for a terminal."""
    def escape(match: re.Match[str]) -> str:
        return f"\\x{ord(match.group(0)):02x}"

    if not keep_newlines:
        text = text.replace("\n", "\\n").replace("\t", "\\t")
    return json_safe(CONTROL.sub(escape, text))


def json_safe(text: str) -> str:
    """JSON text with its invisible characters written as JSON escapes (`\\u202e`): the same
    data, safe to print to a terminal."""
    return INVISIBLE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


# Paints a part of a message in a style ("error", "warning", "place", "hint", …): colour on a
# terminal that wants it (code_frames), the text as it is everywhere else.
Paint = Callable[[str, str], str]


def unpainted(text: str, _style: str) -> str:
    """The text without any style."""
    return text


@dataclass(frozen=True)
class Issue:
    """One problem in an input file, located at file:line:col (1-based)."""

    file: str
    line: int
    column: int
    code: str
    message: str
    hints: tuple[str, ...] = ()
    pointer: str = ""
    severity: str = "error"
    # What caused it, when it only follows from another problem: the `place()` of the issue
    # it follows from (an operation that failed), or a name shared by the issues one cause
    # has (an item an overlay removed). Such issues are folded under one (`fold_caused`).
    cause: str = ""

    def format_text(self, frame: Sequence[str] = (), paint: Paint = unpainted) -> str:
        """Render as `path:line:col: severity[code]: message`, the lines of its code frame
        (`code_frames`), then its hint lines."""
        place = paint(f"{printable(self.file)}:{self.line}:{self.column}", "place")
        kind = paint(f"{self.severity}[{self.code}]", self.severity)
        hints = [f"  {paint('hint:', 'hint')} {printable(hint)}" for hint in self.hints]
        return "\n".join([f"{place}: {kind}: {printable(self.message)}", *frame, *hints])

    def format_github(self) -> str:
        """Render as a GitHub Actions workflow annotation."""
        kind = "error" if self.severity == "error" else "warning"
        message = self.message + "".join(f" (hint: {h})" for h in self.hints)
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        place = printable(self.file).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return (
            f"::{kind} file={place},line={self.line},col={self.column},"
            f"title={self.code}::{printable(message)}"
        )

    def as_dict(self) -> dict[str, object]:
        """Return the JSON form used by `--format json`."""
        # JSON escapes C0 controls itself, but not the C1 ones a terminal also obeys.
        return {
            "file": printable(self.file),
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": printable(self.message),
            "hints": [printable(hint) for hint in self.hints],
            "pointer": printable(self.pointer),
        }

    def place(self) -> str:
        """`file:line:col:code`: what a following issue names as its `cause`."""
        return f"{self.file}:{self.line}:{self.column}:{self.code}"

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order issues by place, then code, so reports are stable."""
        return (self.file, self.line, self.column, self.code)


@dataclass
class IssueCollector:
    """Collects every issue of a run so they are reported together."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        """Record one issue (duplicates are dropped)."""
        if issue not in self.issues:
            self.issues.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        """Record several issues."""
        for issue in issues:
            self.add(issue)

    @property
    def errors(self) -> list[Issue]:
        """The issues of severity error, in a stable order."""
        return sorted((i for i in self.issues if i.severity == "error"), key=Issue.sort_key)

    @property
    def warnings(self) -> list[Issue]:
        """The issues of severity warning, in a stable order."""
        return sorted((i for i in self.issues if i.severity == "warning"), key=Issue.sort_key)


# Places of folded issues a root's hint lists before it only counts the rest.
FOLDED_NAMED = 5


def fold_caused(issues: Iterable[Issue]) -> list[Issue]:
    """One message per cause: every issue that follows from another (its `cause`) is left
    out, and the issue it follows from gets a hint "and N more caused by this" with their
    places. Issues with a shared cause but none to follow from are folded under the first
    of them. The order of the others is kept."""
    issues = list(issues)
    by_place = {issue.place(): issue for issue in issues}
    leaders: dict[str, Issue] = {}
    for issue in sorted((i for i in issues if i.cause), key=Issue.sort_key):
        leaders.setdefault(issue.cause, issue)

    def root(issue: Issue) -> Issue:
        seen = {id(issue)}
        while issue.cause:
            parent = by_place.get(issue.cause) or leaders[issue.cause]
            if parent is issue or id(parent) in seen:
                break
            seen.add(id(parent))
            issue = parent
        return issue

    followers: dict[int, list[Issue]] = {}
    for issue in issues:
        top = root(issue)
        if top is not issue:
            followers.setdefault(id(top), []).append(issue)
    folded = []
    for issue in issues:
        if root(issue) is not issue:
            continue
        caused = sorted(followers.get(id(issue), []), key=Issue.sort_key)
        if caused:
            issue = replace(issue, hints=(*issue.hints, _folded_hint(issue, caused)), cause="")
        folded.append(issue)
    return folded


def _folded_hint(root: Issue, caused: list[Issue]) -> str:
    """"and 2 more caused by this, at file:line:col (code), …": the places once each."""
    places = list(dict.fromkeys(f"{i.file}:{i.line}:{i.column} ({i.code})" for i in caused
                                if (i.file, i.line, i.column) != (root.file, root.line,
                                                                   root.column)))
    hint = f"and {len(caused)} more caused by this"
    if not places:
        return hint + ", at the same place"
    named = ", ".join(places[:FOLDED_NAMED])
    rest = len(places) - FOLDED_NAMED
    return f"{hint}, at {named}" + (f" and {rest} other place(s)" if rest > 0 else "")


class Sources:
    """The text of each file messages may point into, keyed by the file as messages name it."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._lines: dict[str, list[str]] = {}

    def add(self, file: str, text: str) -> None:
        """Keep the text of `file` (as its loader decoded it)."""
        self._texts[file] = text
        self._lines.pop(file, None)

    def update(self, other: Sources) -> None:
        """Keep every file `other` keeps too."""
        for file, text in other._texts.items():
            self.add(file, text)

    def lines(self, file: str) -> list[str] | None:
        """The lines of `file`, or None when no loader kept it."""
        if file not in self._texts:
            return None
        if file not in self._lines:
            self._lines[file] = self._texts[file].splitlines()
        return self._lines[file]

    def __contains__(self, file: object) -> bool:
        return file in self._texts

    def __getstate__(self) -> dict[str, object]:
        # Sent back from render processes with the errors it frames; the line cache is not.
        state: dict[str, object] = {"_texts": self._texts, "_lines": {}}
        return state


def issues_to_json(errors: Iterable[Issue], warnings: Iterable[Issue]) -> str:
    """Serialise issues as `{"errors": [...], "warnings": [...]}`."""
    payload = {
        "errors": [i.as_dict() for i in errors],
        "warnings": [i.as_dict() for i in warnings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


class KindreflexError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 2


class ContentError(KindreflexError):
    """The input files have errors; carries every issue found."""

    exit_code = 1

    def __init__(self, issues: Iterable[Issue], warnings: Iterable[Issue] = (),
                 sources: Sources | None = None) -> None:
        self.issues = sorted(issues, key=Issue.sort_key)
        self.warnings = sorted(warnings, key=Issue.sort_key)
        # The texts of the files the issues point into, for the lines around each
        # (code_frames); None where the raiser had none.
        self.sources = sources
        first = self.issues[0].format_text() if self.issues else "content errors"
        super().__init__(first)

    def __reduce__(self) -> tuple[type[ContentError],
                                  tuple[list[Issue], list[Issue], Sources | None]]:
        # Rebuilt from its issues: it comes back from a render process (render.isolation).
        return (type(self), (self.issues, self.warnings, self.sources))


class UsageError(KindreflexError):
    """The command was called wrongly (unknown sector, bad option value)."""

    exit_code = 2


class OutputError(KindreflexError):
    """Output could not be written, or a render step failed."""

    exit_code = 2
