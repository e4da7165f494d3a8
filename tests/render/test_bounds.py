"""Content at every length limit validates and renders (the limits bound the render time)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kindreflex.framework.project import load_project, open_project
from kindreflex.layouts import LAYOUTS
from kindreflex.render.edition import Edition
from kindreflex.render.fit_check import Measure, remember_measure
from kindreflex.render.pages import render_plan
from kindreflex.render.pdf import lay_out
from kindreflex.render.qr import qr_svg
from kindreflex.render.theme import theme_for

from ..limits import KINDS, URL, root_at_the_limit


@pytest.mark.parametrize("kind", KINDS)
def test_a_plan_at_every_limit_validates_and_renders(tmp_path: Path, kind: str) -> None:
    """Every layout's page renders; the card is printed and the card sheet lays out the
    same card (its measure kept, as a build keeps it: one layout of the card, not two); with
    texts of words, the handout is printed too. The handout with one unbreakable word per
    text costs some 45 s of CPU to print: `make bench` prints it (`limits` in
    bench/bench_render_cost.py) as a ratio to the shipped handout."""
    root = root_at_the_limit(tmp_path / "root", kind)
    assert open_project(root).issues.errors == []
    plan = load_project(root).plan("sport", "lockdown")
    theme = theme_for(root)
    edition = Edition("TEST-01", date(2026, 11, 28))  # one edition: the sheet's card is the card
    for layout in LAYOUTS:  # the registry's order: the card before the sheet that copies it
        html = render_plan(plan, "en", theme=theme, day=edition.day, layout=layout,
                           medium="print", edition=edition)
        if layout == "card" or (layout == "handout" and kind == "words"):
            laid = lay_out(html, theme.dirs)
            remember_measure(html, theme.dirs, Measure.of(laid.document))
            assert laid.pdf().startswith(b"%PDF-")


@pytest.mark.parametrize("text", ["h" * URL, "https://x.be/" + "é" * (URL - 13)])
def test_a_url_at_the_limit_makes_a_qr_code(text: str) -> None:
    assert qr_svg(text, "QR").startswith("<svg")
