"""Located issues (errors and warnings) and the exceptions that carry them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field


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
        place = f"{self.file}:{self.line}:{self.column}"
        head = f"{place}: {self.severity}[{self.code}]: {self.message}"
        return "\n".join([head, *(f"  hint: {hint}" for hint in self.hints)])

    def format_github(self) -> str:
        """Render as a GitHub Actions workflow annotation."""
        kind = "error" if self.severity == "error" else "warning"
        message = self.message + "".join(f" (hint: {h})" for h in self.hints)
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (
            f"::{kind} file={self.file},line={self.line},col={self.column},"
            f"title={self.code}::{message}"
        )

    def as_dict(self) -> dict[str, object]:
        """Return the JSON form used by `--format json`."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hints": list(self.hints),
            "pointer": self.pointer,
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


class UsageError(KindreflexError):
    """The command was called wrongly (unknown sector, bad option value)."""

    exit_code = 2


class OutputError(KindreflexError):
    """Output could not be written, or a render step failed."""

    exit_code = 2
