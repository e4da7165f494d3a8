"""Does a rendered PDF fit its paper? Page counts and end marks, read from the PDF bytes.

Text that does not fit is never cut off: it runs onto another page, or past the bottom of its
card on the card sheet. Both are visible in the PDF itself (the page count, and where the
named destination of the box's end mark lies), so the check needs no second render.
"""

from __future__ import annotations

from ..errors import Issue
from .layouts import LAYOUT_SPECS
from .pdf_read import named_destinations, page_count

MM = 72 / 25.4  # PDF points per millimetre
TOLERANCE_MM = 0.5


def fit_problems(layout: str, pdf: bytes) -> list[str]:
    """What does not fit the layout's paper, in words (nothing: it fits)."""
    spec = LAYOUT_SPECS[layout]
    problems: list[str] = []
    pages = page_count(pdf)
    if spec.max_pages is not None:
        if spec.exact and pages != spec.max_pages:
            problems.append(f"it has {pages} {_pages(pages)}, the {layout} has exactly "
                            f"{spec.max_pages}")
        elif pages > spec.max_pages:
            problems.append(f"it has {pages} pages, the {layout} has at most {spec.max_pages}")
    destinations = named_destinations(pdf)
    for mark in spec.marks:
        destination = destinations.get(mark.anchor)
        if destination is None:
            if mark.optional:
                continue
            problems.append(f"{mark.what} has no end mark '{mark.anchor}' (a template problem)")
            continue
        page = destination.page
        depth = (destination.page_height - destination.top) / MM
        if page != mark.page:
            problems.append(f"{mark.what} runs onto page {page + 1}")
        elif depth > mark.bottom_mm + TOLERANCE_MM:
            problems.append(f"{mark.what} runs {depth - mark.bottom_mm:.0f} mm past its edge")
    return problems


def _pages(count: int) -> str:
    return "page" if count == 1 else "pages"


# What each layout shows, for the hint of a layout that does not fit.
SHOWS = {
    "worker": "the acute step, the disclosure step's actions, do and don't, the contact role, "
              "every step title, the reader's steps in full and the routes they act in",
    "card": "the acute step, every step title, the contact role, the disclosure step's "
            "actions, do and don't, and the helplines named in the reader's steps",
    "card-sheet": "what the card shows, four times",
    "poster": "the acute step, every step title, the contact role and its description, and "
              "the helplines named in the reader's steps",
}


def overflow_issue(file: str, line: int, output: str, layout: str,
                   problems: list[str]) -> Issue:
    """The `layout-overflow` warning for an output that does not fit its paper."""
    hints = [f"the {layout} shows {SHOWS.get(layout, 'the plan')}: shorten those texts, or "
             f"leave this layout out",
             "nothing was cut off: the PDF has every line, on extra pages or overlapping"]
    return Issue(file, line, 1, "layout-overflow",
                 f"{output} does not fit its paper: {'; '.join(problems)}", tuple(hints),
                 severity="warning")
