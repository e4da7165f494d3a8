"""Fit is measured on WeasyPrint's laid-out Document: a layout that fits at its first type
scale is laid out once and written once, and no PDF is read back to measure it."""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pikepdf
import pytest
import weasyprint
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from weasyprint.document import Document

from kindreflex.framework.project import load_project
from kindreflex.layouts import LAYOUTS
from kindreflex.render import shrink_to_fit
from kindreflex.render.fit_check import forget_measures, measure_html
from kindreflex.render.pages import render_plan
from kindreflex.render.shrink_to_fit import first_fitting, print_plan
from kindreflex.render.theme import theme_for

from ..helpers import REPO

DAY = date(2026, 11, 28)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often WeasyPrint lays out and writes a PDF, and pikepdf opens one."""
    calls: Counter[str] = Counter()

    def counting(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(weasyprint.HTML, "render", counting("layout", weasyprint.HTML.render))
    monkeypatch.setattr(Document, "write_pdf", counting("write", Document.write_pdf))
    monkeypatch.setattr(pikepdf, "open", counting("read", pikepdf.open))
    return calls


# The layouts of the sport plan in Dutch, laid out per paper (render.shrink_to_fit): the
# normal size first. The worker's page 1 alone does not fit at 1.0 and overruns it by so
# little that 0.95 is laid out whole at once; the poster at 1.0 runs a third of a page over,
# so its smallest scale is guessed: 0.78 is tried (it does not fit), then 0.72 laid out; the
# card sheet measures the card at its scale, then lays itself out.
LAYOUTS_PER_PAPER = {"handout": 1, "worker": 2, "card": 1, "card-sheet": 2, "poster": 3}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_each_layout_is_laid_out_per_scale_tried_and_written_once(
        layout: str, counted: Counter[str]) -> None:
    plan = load_project(REPO).plan("sport")
    forget_measures()
    printed = print_plan(plan, "nl", theme=theme_for(REPO), day=DAY, layout=layout)
    assert printed.problems == []
    # One PDF written, and read once: by the PDF/UA fixes of its tags, never to measure it.
    assert counted == Counter(layout=LAYOUTS_PER_PAPER.get(layout, 1), write=1, read=1)
    assert printed.pages == len(PdfReader(io.BytesIO(printed.pdf)).pages)


def test_the_card_sheet_after_the_card_lays_out_only_the_sheet(counted: Counter[str]) -> None:
    plan = load_project(REPO).plan("sport")
    forget_measures()
    card = print_plan(plan, "nl", theme=theme_for(REPO), day=DAY, layout="card")
    assert counted["layout"] == LAYOUTS["card"].scales.index(card.scale) + 1
    counted.clear()
    sheet = print_plan(plan, "nl", theme=theme_for(REPO), day=DAY, layout="card-sheet")
    # The card's fit at each scale and its back are the measures of the card's own print.
    assert sheet.scale == card.scale and sheet.problems == []
    assert counted == Counter(layout=1, write=1, read=1)


@pytest.mark.parametrize("scale", LAYOUTS["worker"].scales)
def test_the_workers_page_one_alone_is_laid_out_as_in_the_whole(scale: float) -> None:
    plan = load_project(REPO).plan("sport")
    theme = theme_for(REPO)

    def page_one(first_page_only: bool) -> tuple[Any, dict[str, Any], tuple[str, ...]]:
        html = render_plan(plan, "nl", theme=theme, day=DAY, layout="worker", medium="print",
                           scale=scale, first_page_only=first_page_only)
        measure = measure_html(html, theme.dirs)
        on_page_one = {name: anchor for name, anchor in measure.anchors.items()
                       if anchor.page == 0}
        return (measure.anchors["fit-first-page"], on_page_one,
                tuple(p for p in measure.off_paper if p.endswith(" page 1")))

    alone, whole = page_one(True), page_one(False)
    # The end mark where it lands in the whole, and every anchor of page 1 at the same depth:
    # the fit of page 1 is judged alike, and a scale it rules out would not fit whole either.
    assert alone == whole
    assert {"step-acuut-h", "disclosure-h"} <= set(alone[1])
    assert render_plan(plan, "nl", theme=theme, day=DAY, layout="card", medium="print",
                       first_page_only=True) == render_plan(plan, "nl", theme=theme, day=DAY,
                                                            layout="card", medium="print")


@given(count=st.integers(1, 9), fitting=st.integers(0, 9),
       guess=st.none() | st.integers(-1, 10))
def test_the_search_finds_the_first_scale_that_fits_in_few_tries(
        count: int, fitting: int, guess: int | None) -> None:
    """A smaller type never needs more paper: the scales from `fitting` on fit. The search
    gives what trying them one by one gives, whatever the guess: trying the normal size, then
    the guess and the scale before it, then halving what is left; with a right guess, at most
    three tries."""
    tried: list[int] = []

    def fits(index: int) -> bool:
        assert index not in tried and (index < count - 1 or count == 1)  # the last: untried
        tried.append(index)
        return index >= fitting

    found = first_fitting(count, fits, lambda: guess)
    assert found == min(fitting, count - 1)
    assert len(tried) <= 3 + math.ceil(math.log2(max(count - 1, 1)))
    if guess == found and fitting > 0:
        assert len(tried) <= 3


@given(count=st.integers(1, 9), fitting=st.integers(0, 9), hint=st.integers(-1, 10),
       guess=st.none() | st.integers(-1, 10))
def test_a_hint_finds_the_same_scale_and_a_right_one_in_at_most_two_tries(
        count: int, fitting: int, hint: int, guess: int | None) -> None:
    """A hint (the scale a plan like this one printed at: batch) is where the search starts,
    before the normal size: it finds what the search without it finds, whatever the hint;
    a right one costs the scale before it and, unless it is the last, itself."""
    tried: list[int] = []

    def fits(index: int) -> bool:
        assert index not in tried and (index < count - 1 or count == 1)  # the last: untried
        tried.append(index)
        return index >= fitting

    found = first_fitting(count, fits, lambda: guess, hint)
    assert found == min(fitting, count - 1)
    assert len(tried) <= 3 + math.ceil(math.log2(max(count - 1, 1)))
    if hint == found and found > 0:
        assert len(tried) <= 2


@pytest.mark.parametrize(("sector", "context", "lang"), [
    ("sport", None, "nl"),  # page 1 fits at 0.95, guessed from 1.0
    ("jeugdwerk", "lockdown", "fr"),  # only at 0.9: page 1 does not fit at 0.95 either
    ("buitenschoolse-opvang", "lockdown", "fr"),  # guessed to fit at 0.95, but its column
])                                                # beside the steps does not
def test_the_guess_about_page_one_changes_what_is_laid_out_not_what_is_printed(
        sector: str, context: str | None, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = load_project(REPO).plan(sector, context)
    printed = {}
    for guess in (True, False, None):
        forget_measures()
        if guess is not None:
            monkeypatch.setattr(shrink_to_fit, "page_one_fits_shrunk",
                                lambda *_args, answer=guess: answer)
        printed[guess] = print_plan(plan, lang, theme=theme_for(REPO), day=DAY,
                                    layout="worker")
    scales = {guess: paper.scale for guess, paper in printed.items()}
    assert len(set(scales.values())) == 1, scales
    assert len({paper.pdf for paper in printed.values()}) == 1
    assert printed[None].problems == []
