#!/usr/bin/env python3
"""Give the bundled Open Sans fonts the characters the renderer sets that they lack.

The PDF uses the theme's fonts only (kindreflex/render/theme_fonts.py), so a character the
fonts lack would print as an empty box:

- NARROW NO-BREAK SPACE (U+202F): French typography puts it before `:` `;` `?` `!`
  (kindreflex/render/typography.py); an empty glyph `uni202F` as wide as the thin space.
- HYPHEN (U+2010), the character WeasyPrint sets at a hyphenation point, and NON-BREAKING
  HYPHEN (U+2011): copies `uni2010`, `uni2011` of the font's hyphen glyph. A copy, not the
  hyphen glyph itself: a PDF maps each glyph back to one character, so a shared glyph made
  every typed hyphen (a phone number's "0800-2000") read and copy as U+2010.

Run once per font update (it leaves a font that has them as it is):

    .venv/bin/python scripts/complete-fonts.py templates/fonts/OpenSans-*.ttf

fontTools comes with WeasyPrint. Open Sans is under the Apache License 2.0, which allows
modified copies (see templates/fonts/COPYRIGHT-OpenSans.txt).
"""

from __future__ import annotations

import copy
import sys

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

NARROW_NBSP = 0x202F
HYPHENS = (0x2010, 0x2011)


def _map(font: TTFont, code: int, glyph: str) -> None:
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[code] = glyph


def complete(path: str) -> list[str]:
    """Add what one font file lacks; the characters added (none: it had them all)."""
    font = TTFont(path)
    cmap = font.getBestCmap()
    added = []
    if NARROW_NBSP not in cmap:
        name = "uni202F"
        width = font["hmtx"][cmap[0x2009]][0]
        font.setGlyphOrder([*font.getGlyphOrder(), name])
        font["glyf"][name] = Glyph()  # a space: no outline
        font["hmtx"][name] = (width, 0)
        _map(font, NARROW_NBSP, name)
        added.append("U+202F")
    hyphen = cmap[ord("-")]
    for code in HYPHENS:
        name = f"uni{code:04X}"
        if cmap.get(code) == name:
            continue
        if name not in font.getGlyphOrder():
            font.setGlyphOrder([*font.getGlyphOrder(), name])
            font["glyf"][name] = copy.deepcopy(font["glyf"][hyphen])
            font["hmtx"][name] = font["hmtx"][hyphen]
        _map(font, code, name)
        added.append(f"U+{code:04X}")
    if added:
        if "DSIG" in font:
            del font["DSIG"]  # the signature no longer matches the changed font
        font.save(path)
    return added


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(argument, ", ".join(complete(argument)) or "complete already")
