"""What a rendered PDF says about its layout: page count and named destinations (pikepdf)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

# pikepdf is imported inside the functions: this module loads with every build command, also
# those that never read a PDF back (validate, explain).


@dataclass(frozen=True)
class Destination:
    """Where a named destination (an element's `id` in the HTML) landed in the PDF."""

    page: int  # 0-based page index
    top: float  # points from the bottom of the page, as PDF coordinates go
    page_height: float


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF; ValueError if the bytes are not a readable PDF."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            return len(document.pages)
    except pikepdf.PdfError as exc:
        raise ValueError(f"not a readable PDF: {exc}") from exc


def named_destinations(pdf: bytes) -> dict[str, Destination]:
    """Every named destination of the PDF's name tree with the page and height it points at."""
    import pikepdf
    from pikepdf import NameTree

    found: dict[str, Destination] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        names = document.Root.get("/Names")
        if names is None or "/Dests" not in names:
            return found
        pages = {page.obj.objgen: index for index, page in enumerate(document.pages)}
        for name, value in NameTree(names.Dests).items():
            target = value.get("/D") if isinstance(value, pikepdf.Dictionary) else value
            if not isinstance(target, pikepdf.Array) or len(target) < 4:
                continue
            index = pages.get(target[0].objgen)
            if index is None:
                continue
            box = document.pages[index].mediabox
            top = target[3]  # /XYZ left top zoom: pikepdf gives numbers as int or Decimal
            height = float(box[3]) - float(box[1])
            found[str(name)] = Destination(
                index, float(top) if isinstance(top, int | float | Decimal) else float(box[3]),
                height)
    return found
