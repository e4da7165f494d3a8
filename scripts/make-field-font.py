#!/usr/bin/env python3
"""Make templates/fonts/OpenSans-Field.ttf: the font the PDF's form fields are laid out with.

WeasyPrint embeds the font of a form field whole (not a subset), so that a reader could type
any of its glyphs; kindreflex's fields type in Helvetica instead (render/pdf_forms.py), so the
fields' CSS font (`input.blank`, `.field-input` in templates/css/paged.css) is never drawn.
This copy of Open Sans Regular keeps one glyph (the space): its ~1.5 KB are embedded in place
of Open Sans's 200 KB. Run once per font update:

    .venv/bin/python scripts/make-field-font.py

fontTools comes with WeasyPrint. Open Sans is under the Apache License 2.0, which allows
modified copies (see templates/fonts/COPYRIGHT-OpenSans.txt).
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset

FONTS = Path(__file__).resolve().parent.parent / "templates" / "fonts"


def main() -> None:
    """Write the one-glyph copy beside the full font."""
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]
    font = subset.load_font(str(FONTS / "OpenSans-Regular.ttf"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[0x20])
    subsetter.subset(font)
    subset.save_font(font, str(FONTS / "OpenSans-Field.ttf"), options)


if __name__ == "__main__":
    main()
