"""Stress content on every layout: no character leaves the printable area, no page of a card
or poster is (nearly) empty, and what cannot fit is reported, never cut off.

The content (tests/projects/stress/) has role names and step titles of long compounds and
many contacts; pdfplumber reads where every character landed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, cast

import pdfplumber
import pytest

from kindreflex.framework.project import load_project
from kindreflex.layouts import CARD_PADDING_MM, LAYOUTS, SHEET_CELL_MM
from kindreflex.render.shrink_to_fit import print_plan
from kindreflex.render.theme import theme_for

from ..helpers import REPO, TESTS, run
from ..pdf_pages import pages_of

STRESS = TESTS / "projects" / "stress"
DAY = date(2026, 11, 28)
MM = 72 / 25.4
PRINTER_MARGIN_MM = 4.0  # what office printers leave blank at the paper's edge
# A page of a card or poster is "nearly empty" below this many characters or this share of
# the page's height covered.
MIN_CHARS, MIN_EXTENT = 80, 0.3


@pytest.fixture(scope="module")
def stress_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stress overlays next to a copy of the shipped framework."""
    root = tmp_path_factory.mktemp("stress")
    shutil.copytree(STRESS / "frameworks", root / "frameworks")
    shutil.copy(REPO / "frameworks" / "handelingskader.yaml", root / "frameworks")
    return root


def cases() -> Iterator[tuple[str, str]]:
    """Every layout in French (the longest texts) and in Dutch or English by turns: what
    leaves the paper is a matter of the layout and the length of the words."""
    for index, layout in enumerate(LAYOUTS):
        yield layout, "fr"
        yield layout, ("nl", "en")[index % 2]


@pytest.mark.parametrize(("layout", "lang"), list(cases()))
def test_long_words_and_many_contacts_stay_on_the_paper(stress_root: Path, layout: str,
                                                        lang: str, tmp_path: Path) -> None:
    plan = load_project(stress_root).plan("lange-woorden", "veel-contacten")
    printed = print_plan(plan, lang, theme=theme_for(stress_root), day=DAY, layout=layout)
    if layout == "poster":
        # The poster lists every line the reader's steps name, in every language (docs/
        # format.md, "Contacts and their languages"): with twelve more contacts that is more
        # than one A3 page holds at 14 pt. It says so (layout-overflow); nothing leaves the
        # paper all the same.
        assert printed.problems == ["it has 2 pages, the poster has exactly 1"]
    else:
        assert printed.problems == []
    margin = PRINTER_MARGIN_MM * MM
    path = tmp_path / f"{layout}-{lang}.pdf"
    path.write_bytes(printed.pdf)
    # Read with PDFium: the places and sizes pdfplumber gives, faster.
    for number, page in enumerate(pages_of(path), start=1):
        width, height = page.width, page.height
        chars = [cast(dict[str, Any], char) for char in page.chars]
        outside = [c["text"] for c in chars
                   if c["x0"] < margin or c["x1"] > width - margin
                   or c["top"] < margin or c["bottom"] > height - margin]
        assert outside == [], (layout, lang, number, "".join(outside)[:80])
        if layout == "card-sheet":
            assert_in_cells(chars, number)
        if layout in ("card", "card-sheet") or (layout == "poster" and number == 1):
            extent = (max(c["bottom"] for c in chars) - min(c["top"] for c in chars)) / height
            assert len(chars) >= MIN_CHARS and extent >= MIN_EXTENT, (layout, lang, number)
        if layout == "poster":
            assert min(c["size"] for c in chars) >= 14 - 0.05, (lang, "body below 14 pt")


def assert_in_cells(chars: list[dict[str, Any]], page: int) -> None:
    """On the card sheet every character stays inside its own card, padding included (but
    for the print instruction in the padding under the top left card, on the fronts)."""
    cell_w, cell_h = (size * MM for size in SHEET_CELL_MM)
    pad = (CARD_PADDING_MM - 1) * MM  # one millimetre of slack for the glyphs' side bearings
    for char in chars:
        if page == 1 and cell_h - CARD_PADDING_MM * MM <= char["top"] < cell_h \
                and char["x1"] < cell_w:
            continue
        column, row = int(char["x0"] // cell_w), int(char["top"] // cell_h)
        left, top = column * cell_w, row * cell_h
        inside = (left + pad <= char["x0"] and char["x1"] <= left + cell_w - pad
                  and top + pad <= char["top"] and char["bottom"] <= top + cell_h - pad)
        assert inside, (page, char["text"], round(char["x0"] / MM), round(char["top"] / MM))


def test_a_card_that_cannot_fit_is_reported_and_keeps_every_step(stress_root: Path,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["build", "te-lang", "--root", str(stress_root), "--out", str(out), "--lang", "nl",
            "--layout", "card", "--format", "pdf"]
    result = run(*args)
    assert result.exit_code == 0
    assert ("frameworks/sectors/te-lang.yaml:1:1: warning[layout-overflow]: "
            "nl/te-lang-card.pdf does not fit its paper") in result.stderr
    with pdfplumber.open(out / "nl" / "te-lang-card.pdf") as pdf:
        assert len(pdf.pages) > 2
        text = "".join(page.extract_text() for page in pdf.pages)
    for number in (1, 20):
        assert f"Extra stap {number}:" in text  # nothing was cut off
    # Not recorded as up to date: the next build reports it again.
    again = run(*args)
    assert "warning[layout-overflow]" in again.stderr
