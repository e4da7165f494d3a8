"""Located issues (errors and warnings) and the exceptions that carry them."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

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

    def format_text(self) -> str:
        """Render as `path:line:col: severity[code]: message` plus hint lines."""
        place = f"{printable(self.file)}:{self.line}:{self.column}"
        head = f"{place}: {self.severity}[{self.code}]: {printable(self.message)}"
        return "\n".join([head, *(f"  hint: {printable(hint)}" for hint in self.hints)])

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

    def __init__(self, issues: Iterable[Issue], warnings: Iterable[Issue] = ()) -> None:
        self.issues = sorted(issues, key=Issue.sort_key)
        self.warnings = sorted(warnings, key=Issue.sort_key)
        first = self.issues[0].format_text() if self.issues else "content errors"
        super().__init__(first)

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Issue], list[Issue]]]:
        # Rebuilt from its issues: it comes back from a render process (render.isolation).
        return (type(self), (self.issues, self.warnings))


class UsageError(KindreflexError):
    """The command was called wrongly (unknown sector, bad option value)."""

    exit_code = 2


class OutputError(KindreflexError):
    """Output could not be written, or a render step failed."""

    exit_code = 2
