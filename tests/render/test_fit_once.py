"""Fit is measured on WeasyPrint's laid-out Document: a layout that fits at its first type
scale is laid out once and written once, and no PDF is read back to measure it."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pikepdf
import pytest
import weasyprint
from pypdf import PdfReader
from weasyprint.document import Document

from kindreflex.framework.project import load_project
from kindreflex.layouts import LAYOUTS
from kindreflex.render.fit_check import forget_measures, measure_html
from kindreflex.render.pages import render_plan
from kindreflex.render.shrink_to_fit import print_plan
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


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_each_layout_is_laid_out_per_scale_tried_and_written_once(
        layout: str, counted: Counter[str]) -> None:
    plan = load_project(REPO).plan("sport")
    forget_measures()
    printed = print_plan(plan, "nl", theme=theme_for(REPO), day=DAY, layout=layout)
    spec = LAYOUTS[layout]
    assert printed.problems == []
    if spec.first_page_alone:  # page 1 alone at each scale tried, then the whole once
        tried = spec.scales.index(printed.scale) + 1 + 1
    elif spec.copies is None:
        tried = spec.scales.index(printed.scale) + 1
    else:  # the copied layout is measured at each scale it tries, then this one laid out
        tried = LAYOUTS[spec.copies].scales.index(printed.scale) + 1 + 1
    # One PDF written, and read once: by the PDF/UA fixes of its tags, never to measure it.
    assert counted == Counter(layout=tried, write=1, read=1)
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
