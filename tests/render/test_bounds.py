"""Content at every length limit validates and renders (the limits bound the render time)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kindreflex.framework.project import load_project, open_project
from kindreflex.layouts import LAYOUTS
from kindreflex.render.pages import render_plan
from kindreflex.render.pdf import html_to_pdf
from kindreflex.render.qr import qr_svg
from kindreflex.render.theme import theme_for

from ..limits import KINDS, URL, root_at_the_limit


@pytest.mark.parametrize("kind", KINDS)
def test_a_plan_at_every_limit_validates_and_renders(tmp_path: Path, kind: str) -> None:
    """Every layout's page renders; the card (the layout that tries scales to fit) and, with
    texts of words, the handout are printed. The handout with one unbreakable word per text
    costs some 45 s of CPU to print: `make bench` prints it (`limits` in
    bench/bench_render_cost.py) as a ratio to the shipped handout."""
    root = root_at_the_limit(tmp_path / "root", kind)
    assert open_project(root).issues.errors == []
    plan = load_project(root).plan("sport", "lockdown")
    theme = theme_for(root)
    for layout in LAYOUTS:
        html = render_plan(plan, "en", theme=theme, day=date(2026, 11, 28), layout=layout,
                           medium="print")
        if layout == "card" or (layout == "handout" and kind == "words"):
            assert html_to_pdf(html, theme.dirs).startswith(b"%PDF-")


@pytest.mark.parametrize("text", ["h" * URL, "https://x.be/" + "é" * (URL - 13)])
def test_a_url_at_the_limit_makes_a_qr_code(text: str) -> None:
    assert qr_svg(text, "QR").startswith("<svg")
