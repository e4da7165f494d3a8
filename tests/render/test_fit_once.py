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
from kindreflex.render.fit_check import forget_measures
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
    if spec.copies is None:
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
