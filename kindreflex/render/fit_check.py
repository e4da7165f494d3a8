"""Does a laid-out page fit its paper? Page counts, end marks and every line of text against
the page's edges, from WeasyPrint's Document.

Text that does not fit is never cut off: it runs onto another page, past the bottom of its
card on the card sheet, or sideways off the paper (a word or number too long for its line).
All of it shows in the laid-out document itself (how many pages it has, on which page and how
far down the anchor of a box's end mark lies, where each line of text lies on its page), so
the check needs neither a second render nor a PDF read back.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Issue
from ..layouts import Layout
from .pdf import lay_out

MM_PER_PX = 25.4 / 96  # WeasyPrint measures in CSS pixels, 96 to the inch
TOLERANCE_MM = 0.5


@dataclass(frozen=True)
class Anchor:
    """Where an element with an `id` landed: its page (0-based) and its top's depth."""

    page: int
    depth_mm: float  # below the top of the page


@dataclass(frozen=True)
class Measure:
    """What the fit is judged by: the page count and where every anchor landed."""

    pages: int
    anchors: Mapping[str, Anchor]
    off_paper: tuple[str, ...] = ()  # text that runs past an edge of its page, in words

    @classmethod
    def of(cls, document: Any) -> Measure:
        """The measure of a laid-out WeasyPrint Document."""
        anchors: dict[str, Anchor] = {}
        off_paper: list[str] = []
        for index, page in enumerate(document.pages):
            for name, (_left, top, *_rest) in page.anchors.items():
                anchors.setdefault(name, Anchor(index, top * MM_PER_PX))
            off_paper += [f"“{text}” runs {mm:.0f} mm past the {edge} edge of page {index + 1}"
                          for text, edge, mm in text_off_paper(page)]
        return cls(len(document.pages), anchors, tuple(dict.fromkeys(off_paper)))


def text_off_paper(page: Any) -> list[tuple[str, str, float]]:
    """Each line of text on a laid-out page that reaches past an edge of the paper (the
    page box, margins included): its words, the edge and by how much (mm). Text inside a box
    that clips what overflows it is judged by that box."""
    # Imported here: the page is laid out, so WeasyPrint is loaded already; building without
    # printing never loads it (it takes seconds).
    from weasyprint.formatting_structure import boxes

    width, height = page.width, page.height
    found: list[tuple[str, str, float]] = []

    def visit(box: Any) -> None:
        if isinstance(box, boxes.TextBox) and box.text.strip():
            left, top = box.position_x, box.position_y
            right, bottom = left + box.width, top + box.height
            for edge, past in (("right", right - width), ("left", -left),
                               ("bottom", bottom - height), ("top", -top)):
                if past * MM_PER_PX > TOLERANCE_MM:
                    found.append((box.text.strip()[:40], edge, past * MM_PER_PX))
            return
        if isinstance(box, boxes.ParentBox):
            for child in box.children:
                visit(child)

    visit(page._page_box)
    return found


# The last measures taken in this process, by their HTML: the card sheet measures the card at
# each scale it tries (its fit, then its back), which the card's own print just before (in a
# build or a batch of both) has laid out already.
KEEP_MEASURES = 8
_MEASURES: OrderedDict[tuple[str, tuple[Path, ...]], Measure] = OrderedDict()
_MEASURES_LOCK = threading.Lock()  # the preview server renders in threads


def remember_measure(html: str, asset_dirs: Sequence[Path], measure: Measure) -> None:
    """Keep the measure of print HTML laid out elsewhere, for `measure_html` to find."""
    key = (html, tuple(asset_dirs))
    with _MEASURES_LOCK:
        _MEASURES[key] = measure
        _MEASURES.move_to_end(key)
        while len(_MEASURES) > KEEP_MEASURES:
            _MEASURES.popitem(last=False)


def forget_measures() -> None:
    """Drop the measures kept: the next `measure_html` lays its page out."""
    with _MEASURES_LOCK:
        _MEASURES.clear()


def measure_html(html: str, asset_dirs: tuple[Path, ...]) -> Measure:
    """The measure of print HTML laid out on its own, to read, not to publish; a measure kept
    of the same HTML is taken instead."""
    with _MEASURES_LOCK:
        found = _MEASURES.get((html, tuple(asset_dirs)))
    if found is None:
        found = Measure.of(lay_out(html, asset_dirs).document)
        remember_measure(html, asset_dirs, found)
    return found


def fit_problems(layout: Layout, measure: Measure) -> list[str]:
    """What does not fit the layout's paper, in words (nothing: it fits)."""
    problems: list[str] = []
    pages = measure.pages
    if layout.max_pages is not None:
        if layout.exact and pages != layout.max_pages:
            problems.append(f"it has {pages} {_pages(pages)}, the {layout.name} has exactly "
                            f"{layout.max_pages}")
        elif pages > layout.max_pages:
            problems.append(f"it has {pages} pages, the {layout.name} has at most "
                            f"{layout.max_pages}")
    for mark in layout.marks:
        anchor = measure.anchors.get(mark.anchor)
        if anchor is None:
            if not mark.optional:
                problems.append(f"{mark.what} has no end mark '{mark.anchor}' (a template "
                                "problem)")
            continue
        if anchor.page != mark.page:
            problems.append(f"{mark.what} runs onto page {anchor.page + 1}")
        elif anchor.depth_mm > mark.bottom_mm + TOLERANCE_MM:
            problems.append(f"{mark.what} runs {anchor.depth_mm - mark.bottom_mm:.0f} mm past "
                            "its edge")
    return problems + list(measure.off_paper)


def _pages(count: int) -> str:
    return "page" if count == 1 else "pages"


def overflow_issue(file: str, line: int, output: str, layout: Layout,
                   problems: list[str]) -> Issue:
    """The `layout-overflow` warning for an output that does not fit its paper."""
    hints = [f"the {layout.name} shows {layout.shows}: shorten those texts, or leave this "
             "layout out",
             "nothing was cut off: the PDF has every line, on extra pages or overlapping"]
    return Issue(file, line, 1, "layout-overflow",
                 f"{output} does not fit its paper: {'; '.join(problems)}", tuple(hints),
                 severity="warning")
