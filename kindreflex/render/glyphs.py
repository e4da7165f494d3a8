"""Characters the PDF fonts cannot show: found before rendering, reported where they are written.

WeasyPrint draws a character with the theme's fonts, else with any font installed on the
machine (fontconfig); a character no font has prints as an empty box, silently. Every text
is checked against the characters of those fonts (their cmap, read with fontTools, which
WeasyPrint installs), and each text with missing characters gets a warning at its place.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import Issue, describe_character
from ..framework.yaml_source import Document
from .theme import Theme

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
# What the default theme's fonts (Open Sans) surely have: ASCII, Latin-1, Latin Extended-A
# and the common punctuation (dashes, quotes, bullet, ellipsis, euro). A test checks this
# against the fonts; texts that stay within it need no font file opened at all.
BASIC = frozenset(
    [*map(chr, range(0x20, 0x7F)), *map(chr, range(0xA0, 0x180)),
     *"\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u20ac"]
)
# Characters that are not drawn with a glyph of their own: spaces, line breaks, format
# characters (joiners, direction marks, variation selectors).
UNDRAWN = ("Zs", "Zl", "Zp", "Cc", "Cf", "Mn")


def theme_fonts(theme: Theme) -> tuple[Path, ...]:
    """Every font file of the theme (all its folders), in a stable order."""
    return tuple(sorted(path for folder in theme.dirs for path in folder.rglob("*")
                        if path.suffix.lower() in FONT_SUFFIXES and path.is_file()))


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        if path.suffix.lower() == ".ttc":
            fonts = list(TTCollection(str(path), lazy=True).fonts)
        else:
            fonts = [TTFont(str(path), lazy=True, fontNumber=0)]
        return frozenset(code for font in fonts for code in (font.getBestCmap() or {}))
    except (TTLibError, OSError, ValueError, KeyError, AssertionError):
        return frozenset()  # not a font WeasyPrint can use either


@cache
def system_coverage() -> frozenset[int]:
    """Every character some font installed on this machine has (fontconfig's charsets)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    try:
        listing = subprocess.run([fc_list, "--format", "%{charset}\\n"], capture_output=True,
                                 text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    codes: set[int] = set()
    for part in listing.split():
        low, _, high = part.partition("-")
        try:
            codes.update(range(int(low, 16), int(high or low, 16) + 1))
        except ValueError:
            continue
    return frozenset(codes)


def coverage(theme: Theme) -> frozenset[int]:
    """Every character the PDF can show with this theme on this machine."""
    fonts: set[int] = set()
    for path in theme_fonts(theme):
        fonts |= _cmap(path)
    return frozenset(fonts) | system_coverage()


def _drawn(char: str) -> bool:
    return unicodedata.category(char) not in UNDRAWN


def missing_characters(texts: Iterable[str], theme: Theme) -> set[str]:
    """The drawn characters of `texts` no font can show (none without opening a font when
    every character is basic and the theme brings no fonts of its own)."""
    chars = {char for char in set().union(*texts) if _drawn(char)}
    unusual = chars - BASIC
    custom = any(path.suffix.lower() in FONT_SUFFIXES
                 for folder in theme.dirs[:-1] for path in folder.rglob("*"))
    if not unusual and not custom:
        return set()
    shown = coverage(theme)
    return {char for char in (chars if custom else unusual) if ord(char) not in shown}


def _strings(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...],
                                                                            str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def warning(file: str, line: int, column: int, missing: Iterable[str],
            pointer: str = "") -> Issue:
    """The warning for one text with characters no font has."""
    shown = sorted(missing)
    listed = ", ".join(f"{char} {describe_character(char)}" for char in shown[:5])
    more = f" and {len(shown) - 5} more" if len(shown) > 5 else ""
    return Issue(file, line, column, "text-glyph-missing",
                 f"the PDF fonts cannot show {listed}{more}: they would print as empty boxes",
                 ("add a font that has them to the theme (templates/fonts, with an @font-face "
                  "rule in the CSS), or write the text without them",), pointer, "warning")


def document_warnings(doc: Document, theme: Theme) -> list[Issue]:
    """A warning per text of a loaded YAML file that holds characters no font can show."""
    texts = list(_strings(doc.data))
    missing = missing_characters([text for _path, text in texts], theme)
    issues: list[Issue] = []
    for path, text in texts if missing else ():
        here = {char for char in text if char in missing}
        if here:
            line, column = doc.position(path)
            pointer = "/" + "/".join(str(part) for part in path)
            issues.append(warning(doc.file, line, column, here, pointer))
    return issues


def glyph_warnings(project: Any, theme: Theme | None = None) -> list[Issue]:
    """Warnings for every text of the project's files that the PDF fonts cannot show (with
    the project's own theme unless another is given)."""
    from .theme import theme_for

    theme = theme or theme_for(project.root)
    docs: list[Document] = [project.framework] if project.framework is not None else []
    docs += [overlay.doc for overlay in project.overlays.values()]
    return [issue for doc in docs for issue in document_warnings(doc, theme)]
