#!/usr/bin/env python3
"""Give the bundled Open Sans fonts a NARROW NO-BREAK SPACE (U+202F) glyph.

French typography puts U+202F before `:` `;` `?` `!` (kindreflex/render/typography.py). Open
Sans has no glyph for it, so WeasyPrint would fall back to a system font and embed it; this
adds an empty glyph `uni202F` as wide as the thin space (U+2009). Run once per font update:

    .venv/bin/python scripts/add-narrow-nbsp.py templates/fonts/OpenSans-*.ttf

fontTools comes with WeasyPrint. Open Sans is under the Apache License 2.0, which allows
modified copies (see templates/fonts/COPYRIGHT-OpenSans.txt).
"""

from __future__ import annotations

import sys

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

NAME = "uni202F"


def add_glyph(path: str) -> bool:
    """Add the glyph to one font file; False if it already has one."""
    font = TTFont(path)
    if 0x202F in font.getBestCmap():
        return False
    width = font["hmtx"][font.getBestCmap()[0x2009]][0]
    font.setGlyphOrder([*font.getGlyphOrder(), NAME])
    font["glyf"][NAME] = Glyph()  # a space: no outline
    font["hmtx"][NAME] = (width, 0)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[0x202F] = NAME
    if "DSIG" in font:
        del font["DSIG"]  # the signature no longer matches the changed font
    font.save(path)
    return True


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(argument, "added" if add_glyph(argument) else "already has U+202F")
