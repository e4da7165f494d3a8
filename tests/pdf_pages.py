"""The pages of a built PDF as the reader-rule tests read them: text, characters, rules.

Read with PDFium (pypdfium2, the library pdfplumber itself renders with), about 25 times
faster than pdfminer: the reader rules read every page of every paper of the shared build.
Each character is a dict with pdfplumber's keys and meanings (`x0`, `x1`, `top`, `bottom`
from the page's top, `size` in points as set by the text matrix, `non_stroking_color`, and
`mcid`, the marked-content id that ties it to the PDF's tags, or None), so
pdfplumber's own line finder (`pdfplumber.utils.extract_text`) makes the lines of text;
`test_reader_rules.py::test_the_fast_reader_reads_what_pdfplumber_reads` keeps the two in step.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.utils import extract_text

Char = dict[str, object]


@dataclass(frozen=True)
class Page:
    """What was read of one page."""

    width: float
    height: float
    text: str
    chars: tuple[Char, ...]
    rules: tuple[tuple[float, float, float], ...]  # horizontal edges: (x0, x1, top)


def _chars(textpage: pdfium.PdfTextPage, height: float) -> list[Char]:
    """Every character drawn on the page (not the spaces and breaks PDFium makes up)."""
    raw = textpage.raw
    box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    found: list[Char] = []
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        if pdfium_c.FPDFText_IsGenerated(raw, index):
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
        pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
        pdfium_c.FPDFText_GetCharOrigin(raw, index, origin_x, origin_y)
        pdfium_c.FPDFText_GetFillColor(raw, index, red, green, blue, alpha)
        # The size as pdfminer gives it: the font size scaled by the text matrix.
        size = pdfium_c.FPDFText_GetFontSize(raw, index) * math.sqrt(
            abs(matrix.a * matrix.d - matrix.b * matrix.c))
        bottom = height - box.bottom
        text = chr(pdfium_c.FPDFText_GetUnicode(raw, index))
        mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(pdfium_c.FPDFText_GetTextObject(raw, index))
        found.append({
            # PDFium reads the hyphen drawn at a line's end as U+0002; pdfminer as drawn.
            "text": "-" if text == "\x02" else text,
            # x0 at the glyph's origin, as pdfminer: a "j" reaches left of it.
            "x0": origin_x.value, "x1": max(box.right, origin_x.value),
            "top": bottom - size, "bottom": bottom,
            "doctop": bottom - size, "upright": matrix.b == 0 and matrix.c == 0,
            "size": size,
            "non_stroking_color": tuple(round(v.value / 255, 3) for v in (red, green, blue)),
            "mcid": mcid if mcid >= 0 else None,
        })
    return found


def _rules(page: pdfium.PdfPage, height: float) -> list[tuple[float, float, float]]:
    """The top and bottom edges of every drawn path (a line to write on, a frame)."""
    rules = []
    for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        left, bottom, right, top = path.get_bounds()
        rules += [(left, right, height - top), (left, right, height - bottom)]
    return rules


@cache
def pages_of(path: Path) -> tuple[Page, ...]:
    """The pages of a PDF, read once per run."""
    document = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for page in document:
            width, height = page.get_size()
            chars = _chars(page.get_textpage(), height)
            pages.append(Page(width, height, extract_text(chars), tuple(chars),
                              tuple(_rules(page, height))))
        return tuple(pages)
    finally:
        document.close()


def pdf_text(path: Path) -> str:
    """The text of every page of a PDF in the order it was drawn (as pypdf reads it: a
    box beside another is not run into its lines), spaces and line ends run together."""
    document = pdfium.PdfDocument(str(path))
    try:
        # PDFium marks the hyphen drawn at a line's end as U+0002.
        text = " ".join(page.get_textpage().get_text_range().replace("\x02", "-")
                        for page in document)
    finally:
        document.close()
    return " ".join(text.split())


def glyphs_over_each_other(chars: Sequence[Char]) -> list[tuple[str, str]]:
    """The glyphs drawn over a glyph of another line (not on its baseline: a ligature's
    letters and a kerned pair share theirs), each by more than half of the smaller one's
    width and height: two lines of text in one place. As pairs of characters."""
    grid: dict[tuple[int, int], list[Char]] = {}
    # pt: glyphs up to 20 pt that overlap by half have their centres in neighbouring cells
    cell = 10.0
    found = []
    for char in chars:
        if not str(char["text"]).strip():
            continue
        x0, x1 = float(char["x0"]), float(char["x1"])  # type: ignore[arg-type]
        top, bottom = float(char["top"]), float(char["bottom"])  # type: ignore[arg-type]
        key = (int((x0 + x1) / 2 // cell), int((top + bottom) / 2 // cell))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other in grid.get((key[0] + dx, key[1] + dy), ()):
                    ox0, ox1 = float(other["x0"]), float(other["x1"])  # type: ignore[arg-type]
                    otop, obottom = float(other["top"]), float(other["bottom"])  # type: ignore[arg-type]
                    width = min(x1, ox1) - max(x0, ox0)
                    height = min(bottom, obottom) - max(top, otop)
                    if width > 0.5 * min(x1 - x0, ox1 - ox0) \
                            and height > 0.5 * min(bottom - top, obottom - otop) \
                            and abs(bottom - obottom) > 0.3 * min(bottom - top,
                                                                  obottom - otop):
                        found.append((str(other["text"]), str(char["text"])))
        grid.setdefault(key, []).append(char)
    return found
