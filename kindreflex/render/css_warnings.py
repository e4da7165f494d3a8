"""WeasyPrint's warnings about a page as located issues in the theme: `template-css` for its
stylesheets, `template-render` for anything else it reports (fonts, images, anchors).

WeasyPrint gives a CSS problem's line and column within the page's `<style>` element, which
the templates fill from several theme files (`{% include "css/card.css" %}`), some lines of
them rendered by Jinja. The place in the theme is found by aligning the lines of the
`<style>` text with each theme file: the file with the most lines matching near the reported
line holds it. A problem that cannot be placed that way is looked up by the text it
quotes, else reported on the page's template.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from ..errors import ContentError, Issue
from ..framework.files import FileProblem, read_bounded
from .theme import Theme

# WeasyPrint's CSS messages say where: "Ignored `colr: red` at 3:6, unknown property."
_POSITION = re.compile(r" at (\d+):(\d+)")
# What a message quotes: `colr: red` or 'p::foo'.
_QUOTED = re.compile(r"`([^`]+)`|'([^']+)'")
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
# The reported line is placed in the file that has the most lines matching the <style>
# within NEAR lines of it, at least MIN_RUN ("}" alone matches anywhere).
NEAR = 8
MIN_RUN = 3
MAX_SOURCE_BYTES = 4 * 1024 * 1024
SUPPORTED_CSS = "https://doc.courtbouillon.org/weasyprint/stable/api_reference.html#supported-features"


@dataclass(frozen=True)
class Source:
    """One theme file that may hold CSS: its name in messages and its lines."""

    label: str
    lines: tuple[str, ...]


def render_issues(records: Sequence[logging.LogRecord], html: str, theme: Theme,
                  template: str) -> list[Issue]:
    """One warning per record, placed in the theme file it comes from where that is known
    (else on `template`, the label of the page's template), in the order logged."""
    if not records:
        return []
    styles = [text.split("\n") for text in _STYLE.findall(html)]
    sources = theme_sources(theme)
    return [_issue(record, styles, sources, template) for record in records]


def refused_asset_error(message: str, theme: Theme) -> ContentError | None:
    """A file or address the theme asked for and WeasyPrint was refused (the message of
    render.pdf.AssetRefused, which quotes it), as a `template-asset` error at the theme line
    that names it; None if no line of the theme does (the message is then all there is)."""
    place = _place_of_quote(message, theme_sources(theme))
    if place is None:
        return None
    label, line, column = place
    return ContentError([Issue(
        label, line, column, "template-asset", message.removeprefix("PDF not made: "),
        ("a style sheet names fonts and pictures inside the theme folders, relative to it "
         "(for example url(\"fonts/x.ttf\")): nothing else is read",))])


def _issue(record: logging.LogRecord, styles: list[list[str]], sources: tuple[Source, ...],
           template: str) -> Issue:
    message = record.getMessage()
    from_css = "css" in Path(record.pathname).parts
    position = _POSITION.search(message)
    place = None
    hints: list[str] = []
    if from_css and position is not None:
        line, column = int(position.group(1)), int(position.group(2))
        place = _place_in_theme(styles, line, column, record, sources)
        if place is None:
            hints.append(f"WeasyPrint's place: line {line}, column {column} of the page's "
                         "<style> element")
    if place is None:
        place = _place_of_quote(message, sources)
    file, line, column = place or (template, 1, 1)
    if from_css:
        hints.insert(0, "the PDF was made without it; what WeasyPrint supports: "
                        + SUPPORTED_CSS)
    text = _POSITION.sub("", message, count=1) if position else message
    return Issue(file, line, column, "template-css" if from_css else "template-render",
                 f"WeasyPrint: {text}", tuple(hints), severity="warning")


def _place_in_theme(styles: list[list[str]], line: int, column: int,
                    record: logging.LogRecord,
                    sources: tuple[Source, ...]) -> tuple[str, int, int] | None:
    """The theme file, line and column of a position in one of the page's <style> texts."""
    # "Ignored `name:value`" names its declaration: the <style> holding it there is the one
    # (none: it is in a `style` attribute, whose positions are its own).
    name = str(record.args[0]) if isinstance(record.args, tuple) and record.args \
        and str(record.msg).startswith(("Ignored `", "Deprecated `")) else None
    fitting = [lines for lines in styles if line <= len(lines)
               and (name is None or lines[line - 1][column - 1:].startswith(name))]
    if not fitting:
        return None
    style = fitting[0]
    best: tuple[int, Source, int] | None = None
    for source in sources:
        found = _aligned_line(source.lines, style, line - 1)
        if found is not None and (best is None or found[0] > best[0]):
            best = (found[0], source, found[1])
    if best is None or best[0] < MIN_RUN:
        return None
    _run, source, index = best
    return source.label, index + 1, _column_in(source.lines[index], style[line - 1], column)


def _aligned_line(source: Sequence[str], style: Sequence[str],
                  index: int) -> tuple[int, int] | None:
    """(how many lines near it match, line index in `source`) of the style's line `index`,
    if `source` aligns with it: an equal line, or a line Jinja filled in (as many lines for
    as many, or among lines Jinja dropped, the one that starts like it)."""
    codes = _opcodes(tuple(source), tuple(style))
    near = range(index - NEAR, index + NEAR + 1)
    matching = sum(len(range(max(j1, near.start), min(j2, near.stop)))
                   for tag, _i1, _i2, j1, j2 in codes if tag == "equal")
    for tag, i1, i2, j1, j2 in codes:
        if not j1 <= index < j2:
            continue
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            return matching, i1 + index - j1
        start = _declaration(style[index])
        found = [i for i in range(i1, i2) if start and _declaration(source[i]) == start]
        return (matching, found[0]) if tag == "replace" and len(found) == 1 else None
    return None


def _declaration(line: str) -> str:
    """What a CSS line starts with, up to its first `:` or `{` (`.card-head`, `margin`)."""
    return re.split(r"[:{]", line.strip(), maxsplit=1)[0].strip()


@lru_cache(maxsize=64)
def _opcodes(source: tuple[str, ...],
             style: tuple[str, ...]) -> Sequence[tuple[str, int, int, int, int]]:
    """How `style` aligns with `source` (kept: a page's records share its <style>)."""
    return SequenceMatcher(None, source, style, autojunk=False).get_opcodes()


def _column_in(source_line: str, style_line: str, column: int) -> int:
    """The column in the theme's line of what the <style> line has at `column`."""
    if source_line == style_line:
        return column
    word = style_line[column - 1:].split(":")[0].strip()
    found = source_line.find(word) if word else -1
    return found + 1 if found >= 0 else column


def _place_of_quote(message: str, sources: tuple[Source, ...]) -> tuple[str, int, int] | None:
    """The first theme line holding the text the message quotes."""
    match = _QUOTED.search(message)
    quote = (match.group(1) or match.group(2)).strip() if match else ""
    if len(quote) < 3:
        return None
    for source in sources:
        for number, text in enumerate(source.lines, start=1):
            if quote in text:
                return source.label, number, text.index(quote) + 1
    return None


def theme_sources(theme: Theme) -> tuple[Source, ...]:
    """The theme's CSS files, then its templates, each name as the lookup finds it (read
    again each time: only a page WeasyPrint warned about needs them, and `serve` sees the
    theme change)."""
    found: dict[str, Path] = {}
    for pattern in ("*.css", "*.j2"):
        for folder in theme.dirs:
            for path in sorted(folder.rglob(pattern)):
                name = path.relative_to(folder).as_posix()
                found.setdefault(name, path)
    sources = []
    for path in found.values():
        try:
            text = read_bounded(path, MAX_SOURCE_BYTES).decode("utf-8", errors="replace")
        except FileProblem:
            continue  # not a file the theme can use: it cannot hold the problem either
        sources.append(Source(theme.label_of(str(path)), tuple(text.split("\n"))))
    return tuple(sources)
