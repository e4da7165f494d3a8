"""Code frames: the lines around a located issue, numbered, with a caret under its column.

The loaders keep the text of every file they read in an `errors.Sources` (read once, never
again to print a message); `format_issue` prints an issue with its frame, as every command
and the preview page show it. Colour is added only when the caller says the terminal wants
it (`wants_colour`); the frame itself is the same plain text everywhere.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from typing import TextIO

from .errors import Issue, Paint, Sources, printable, unpainted

# Lines shown before and after the line of the issue: enough to see the siblings whose
# indentation or keys the message talks about.
BEFORE = 2
AFTER = 1
# A line longer than this (in terminal columns) is cut around the column of the issue.
MAX_WIDTH = 100
ELLIPSIS = "…"

# ANSI styles, used only when colour is wanted.
_STYLES = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "hint": "\x1b[36m",
           "gutter": "\x1b[2m", "caret": "\x1b[1;31m", "place": "\x1b[1m"}
_RESET = "\x1b[0m"


@dataclass(frozen=True)
class FrameLine:
    """One line of a frame: its number and its text as shown (escaped, perhaps cut)."""

    number: int
    text: str


@dataclass(frozen=True)
class Frame:
    """The lines around an issue and where its caret goes under its own line."""

    lines: tuple[FrameLine, ...]
    line: int  # the number of the issue's line
    caret: int  # terminal columns before the caret on that line

    def rows(self) -> list[tuple[str, str, bool]]:
        """(gutter, text, is the caret) for each numbered line, and for the caret under the
        issue's line."""
        width = len(str(self.lines[-1].number))
        rows: list[tuple[str, str, bool]] = []
        for line in self.lines:
            rows.append((f"{line.number:>{width}} | ", line.text, False))
            if line.number == self.line:
                rows.append((f"{'':>{width}} | ", " " * self.caret + "^", True))
        return rows

    def text_lines(self, paint: Paint = unpainted) -> list[str]:
        """The frame as lines of text, indented under the message."""
        return ["  " + paint(gutter, "gutter") + (paint(text, "caret") if caret else text)
                for gutter, text, caret in self.rows()]


def frame_of(issue: Issue, sources: Sources) -> Frame | None:
    """The frame of a located issue, or None when its file's text is not known or the
    place lies outside it."""
    lines = sources.lines(issue.file)
    if lines is None or not 1 <= issue.line <= len(lines):
        return None
    first = max(1, issue.line - BEFORE)
    last = min(len(lines), issue.line + AFTER)
    shown: list[FrameLine] = []
    caret = 0
    for number in range(first, last + 1):
        raw = lines[number - 1]
        if number == issue.line:
            text, caret = _cut(raw, max(issue.column - 1, 0))
        else:
            text, _ = _cut(raw, 0)
        shown.append(FrameLine(number, text))
    # Trailing blank lines after the issue's line say nothing.
    while shown[-1].number > issue.line and not shown[-1].text.strip():
        shown.pop()
    return Frame(tuple(shown), issue.line, caret)


def _shown(text: str) -> str:
    """A source text as a terminal may show it: a tab as one arrow (a tab's width depends on
    the terminal, and the caret must stay under its column), controls escaped."""
    return printable(text.replace("\t", "→"))


def _width(text: str) -> int:
    """Terminal columns `text` takes: wide (CJK) characters two, combining marks none."""
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(raw: str, column: int) -> tuple[str, int]:
    """The line as shown, cut to MAX_WIDTH around `column`; and the caret's offset."""
    before, after = _shown(raw[:column]), _shown(raw[column:])
    if _width(before) + _width(after) <= MAX_WIDTH:
        return (before + after).rstrip(), _width(before)
    # Keep some context left of the column, then as much as fits.
    keep = MAX_WIDTH // 3
    if _width(before) > keep:
        while _width(before) > keep - 1:
            before = before[1:]
        before = ELLIPSIS + before
    room = MAX_WIDTH - _width(before)
    if _width(after) > room:
        while _width(after) > room - 1:
            after = after[:-1]
        after += ELLIPSIS
    return (before + after).rstrip(), _width(before)


def painter(colour: bool) -> Paint:
    """What paints the parts of a message: ANSI colours, or nothing."""
    if not colour:
        return unpainted
    return lambda text, style: f"{_STYLES[style]}{text}{_RESET}" if text else text


def format_issue(issue: Issue, sources: Sources | None = None, colour: bool = False) -> str:
    """The issue as `validate` prints it: `file:line:col: severity[code]: message`, the code
    frame when its file's text is known, then its hints."""
    paint = painter(colour)
    frame = frame_of(issue, sources) if sources is not None else None
    return issue.format_text(frame.text_lines(paint) if frame else (), paint)


def wants_colour(stream: TextIO) -> bool:
    """Whether to colour what goes to `stream`: a terminal, unless NO_COLOR is set (to
    anything; https://no-color.org) or TERM says the terminal cannot."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
