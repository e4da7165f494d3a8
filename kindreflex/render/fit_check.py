"""Does a laid-out page fit its paper? Page counts, end marks, every line of text against
the page's edges and against the other lines, from WeasyPrint's Document.

Text that does not fit is never cut off: it runs onto another page, past the bottom of its
card on the card sheet, sideways off the paper (a word or number too long for its line), or
over the start of the next page (a float too tall for its page).
All of it shows in the laid-out document itself (how many pages it has, on which page and how
far down the anchor of a box's end mark lies, where each line of text lies on its page), so
the check needs neither a second render nor a PDF read back.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
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
    # Per page, the depth (mm) of the top of its first line of text and the foot of its last
    # (0, 0: no text): how far a page's text reaches, to guess a smaller scale's fit.
    text_extents: tuple[tuple[float, float], ...] = ()
    page_height_mm: float = 0.0  # of its first page (0: no page)

    @classmethod
    def of(cls, document: Any) -> Measure:
        """The measure of a laid-out WeasyPrint Document."""
        anchors: dict[str, Anchor] = {}
        off_paper: list[str] = []
        extents: list[tuple[float, float]] = []
        for index, page in enumerate(document.pages):
            for name, (_left, top, *_rest) in page.anchors.items():
                anchors.setdefault(name, Anchor(index, top * MM_PER_PX))
            lines = text_lines(page)
            extents.append((min(line.top for line in lines) * MM_PER_PX,
                            max(line.bottom for line in lines) * MM_PER_PX) if lines
                           else (0.0, 0.0))
            off_paper += [f"“{text}” runs {mm:.0f} mm past the {edge} edge of page {index + 1}"
                          for text, edge, mm in off_the_page(lines, page.width, page.height)]
            off_paper += [f"“{upper}” and “{lower}” are printed over each other on page "
                          f"{index + 1}" for upper, lower in overlapping(lines)]
        height = document.pages[0].height * MM_PER_PX if document.pages else 0.0
        return cls(len(document.pages), anchors, tuple(dict.fromkeys(off_paper)),
                   tuple(extents), height)


@dataclass
class TextLine:
    """The text of one line box as laid out: its words and the rectangle its text covers."""

    text: str
    left: float
    top: float
    right: float
    bottom: float


def text_lines(page: Any) -> list[TextLine]:
    """Every line of text on a laid-out page, in the order of the page's boxes. Text inside a
    box that clips what overflows it is judged by that box."""
    # Imported here: the page is laid out, so WeasyPrint is loaded already; building without
    # printing never loads it (it takes seconds).
    from weasyprint.formatting_structure import boxes

    lines: list[TextLine] = []

    def visit(box: Any, line: TextLine | None) -> None:
        if isinstance(box, boxes.TextBox):
            if box.text.strip() and line is not None:
                line.text += box.text
                line.left = min(line.left, box.position_x)
                line.right = max(line.right, box.position_x + box.width)
            return
        if box.is_floated() or box.is_absolutely_positioned():
            line = None  # its lines are its own, wherever it stands in a line
        if isinstance(box, boxes.LineBox) and line is None:
            # What an inline block in it holds is part of this line.
            line = TextLine("", math.inf, box.position_y, -math.inf,
                            box.position_y + box.height)
            for child in box.children:
                visit(child, line)
            if line.text.strip():
                line.text = " ".join(line.text.split())
                lines.append(line)
            return
        if isinstance(box, boxes.ParentBox):
            for child in box.children:
                visit(child, line)

    visit(page._page_box, None)
    return lines


def off_the_page(lines: list[TextLine], width: float, height: float,
                 ) -> list[tuple[str, str, float]]:
    """Each line of text that reaches past an edge of the paper (the page box, margins
    included): its words, the edge and by how much (mm)."""
    found: list[tuple[str, str, float]] = []
    for line in lines:
        for edge, past in (("right", line.right - width), ("left", -line.left),
                           ("bottom", line.bottom - height), ("top", -line.top)):
            if past * MM_PER_PX > TOLERANCE_MM:
                found.append((line.text[:40], edge, past * MM_PER_PX))
    return found


# Two lines are printed over each other when they share more than this part of the lower
# one's height and more than TOLERANCE_MM of width: a float or a positioned box that runs on
# to the next page is laid over what that page starts with. (Line boxes of a big number with
# line-height 1 and the text under it touch, by far less.)
OVERLAP_SHARE = 0.4


def overlapping(lines: list[TextLine]) -> list[tuple[str, str]]:
    """The pairs of lines of text printed over each other, by their first words."""
    found: list[tuple[str, str]] = []
    ordered = sorted(lines, key=lambda line: line.top)
    for index, upper in enumerate(ordered):
        for lower in ordered[index + 1:]:
            if lower.top >= upper.bottom:
                break  # sorted by top: no later line starts above this one's bottom
            shared_height = min(upper.bottom, lower.bottom) - lower.top
            shared_width = min(upper.right, lower.right) - max(upper.left, lower.left)
            if shared_height > OVERLAP_SHARE * min(upper.bottom - upper.top,
                                                   lower.bottom - lower.top) \
                    and shared_width * MM_PER_PX > TOLERANCE_MM:
                found.append((upper.text[:40], lower.text[:40]))
    return found


def boxes_of_class(document: Any, class_name: str) -> Iterator[tuple[int, Any]]:
    """(page, box) of every laid-out box of an element of class `class_name`, in order."""
    from weasyprint.formatting_structure import boxes

    def visit(box: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        if element is not None and box.element_tag is not None \
                and class_name in (element.get("class") or "").split():
            yield box
        for child in box.children if isinstance(box, boxes.ParentBox) else ():
            yield from visit(child)

    for index, page in enumerate(document.pages):
        for found in visit(page._page_box):
            yield index, found


def border_bottom_mm(box: Any) -> float:
    """The depth of a laid-out box's border edge at its foot."""
    return float(box.border_box_y() + box.border_height()) * MM_PER_PX


def content_bottom_mm(box: Any) -> float:
    """The depth of the foot of a laid-out box's content (what a page must hold of it)."""
    return float(box.content_box_y() + box.height) * MM_PER_PX


def content_top(document: Any, class_name: str) -> Anchor | None:
    """Where the content of the first element of class `class_name` starts: the border edge of
    the first box inside it that has a height (its page and depth); None if it has none.
    Unlike an anchor at its start, this is where its content is drawn from, whatever margins
    collapse above it, and whatever is centred within that box."""
    from weasyprint.formatting_structure import boxes

    def first(box: Any) -> float | None:
        for child in box.children if isinstance(box, boxes.ParentBox) else ():
            if (child.height or 0) > 0:
                return float(child.border_box_y())
            found = first(child)
            if found is not None:
                return found
        return None

    for index, box in boxes_of_class(document, class_name):
        top = first(box)
        return Anchor(index, top * MM_PER_PX) if top is not None else None
    return None


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
                # A float that does not fit the last page is cut off with its mark; a
                # template may also lack it.
                problems.append(f"{mark.what} does not end on the paper (its end mark "
                                f"'{mark.anchor}' is on no page: cut off, or not in the "
                                "template)")
            continue
        if anchor.page != mark.page:
            problems.append(f"{mark.what} runs onto page {anchor.page + 1}")
        elif anchor.depth_mm > mark.bottom_mm + TOLERANCE_MM:
            problems.append(f"{mark.what} runs {anchor.depth_mm - mark.bottom_mm:.0f} mm past "
                            "its edge")
    return problems + list(measure.off_paper)


# How much room a guess that page 1 fits must leave: a line's height, about.
GUESS_SLACK_MM = 2.0


def page_one_fits_shrunk(layout: Layout, measure: Measure, ratio: float) -> bool:
    """A guess, from the measure of a page 1 laid out alone that did not fit, whether it fits
    with its type `ratio` times as large: its text's height shrinks with the square of the
    type (smaller letters, and more words on each line). It decides only what to lay out
    first (render.shrink_to_fit), never what fits: that is measured."""
    for mark in (mark for mark in layout.marks if mark.page == 0):
        anchor = measure.anchors.get(mark.anchor)
        if anchor is None or anchor.page >= len(measure.text_extents):
            if mark.optional:
                continue
            return False  # cut off: nothing to guess from
        top, foot = measure.text_extents[0]
        if anchor.page == 0:
            extent, room = anchor.depth_mm - top, mark.bottom_mm - top
        else:
            # Page 1's text, the whole of any page between, then down to the mark.
            between = sum(f - t for t, f in measure.text_extents[1:anchor.page])
            extent = (foot - top) + between + anchor.depth_mm \
                - measure.text_extents[anchor.page][0]
            room = foot - top
        if extent * ratio ** 2 > room - GUESS_SLACK_MM:
            return False
    return True


def scale_guess(layout: Layout, measure: Measure, scales: Sequence[float]) -> int | None:
    """A guess, from the measure of a paper laid out at `scales[0]` that ran over its page
    budget, of the first smaller scale at which it fits: its text's height goes down in
    proportion to the type (a cautious guess: with more words to a line it goes down faster).
    None: no page budget overrun to guess from. It decides only which scale is tried next
    (render.shrink_to_fit), never what fits: that is measured."""
    if layout.max_pages is None or measure.pages <= layout.max_pages \
            or not measure.text_extents or measure.page_height_mm <= 0:
        return None
    # Each page holds the text that page 1 would, margins the same at its head and its foot.
    top = measure.text_extents[0][0]
    room = layout.max_pages * (measure.page_height_mm - 2 * top)
    needed = sum(foot - head for head, foot in measure.text_extents)
    ratio = room / needed if needed > 0 else 1.0
    return next((index for index, scale in enumerate(scales[1:], 1)
                 if scale <= scales[0] * ratio), len(scales) - 1)


def _pages(count: int) -> str:
    return "page" if count == 1 else "pages"


def overflow_issue(file: str, line: int, output: str, layout: Layout,
                   problems: list[str], organisation: bool = False) -> Issue:
    """The `layout-overflow` warning for an output that does not fit its paper;
    `organisation`: the output is an organisation's (batch), whose row is the place."""
    hints = [f"the {layout.name} shows {layout.shows}: shorten those texts, or leave this "
             "layout out",
             "nothing was cut off: the PDF has every line, on extra pages or overlapping"]
    if organisation:  # its row adds texts of its own to the paper
        hints.insert(0, "this organisation's name and contact names are on it too: a "
                        "shorter form of them may be enough")
    return Issue(file, line, 1, "layout-overflow",
                 f"{output} does not fit its paper: {'; '.join(problems)}", tuple(hints),
                 severity="warning")
