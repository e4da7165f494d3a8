"""The fit check finds a block WeasyPrint continues over the top of the next page (a float
too tall for its page): on the worker's page 1 that is the column beside the steps."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import weasyprint

from kindreflex.framework.model import Entry, Plan
from kindreflex.framework.project import load_project
from kindreflex.layouts import LAYOUTS, FitMark, Layout
from kindreflex.render.fit_check import Measure, fit_problems
from kindreflex.render.shrink_to_fit import print_plan
from kindreflex.render.theme import theme_for

from ..helpers import REPO
from ..pdf_pages import glyphs_over_each_other, pages_of

DAY = date(2026, 11, 28)
PAGE = "@page { size: A6; margin: 10mm } p { margin: 0 }"


def measure(body: str, style: str = "") -> Measure:
    html = f"<html><head><style>{PAGE} {style}</style></head><body>{body}</body></html>"
    return Measure.of(weasyprint.HTML(string=html).render())


def test_a_float_too_tall_for_its_page_is_reported_over_the_next_page() -> None:
    lines = "".join(f"<p>Line {n} of the column beside the steps</p>" for n in range(40))
    found = measure(
        f'<div class="first"><div class="row"><div class="col">{lines}<span id="end"></span>'
        '</div><div class="side"><p>The steps</p></div></div></div>'
        "<p>Page two starts with text of its own.</p>",
        ".row { display: flow-root } .col { float: left; width: 40% } "
        ".side { margin-left: 45% } .first { break-after: page }")
    assert any("printed over each other on page 2" in problem for problem in found.off_paper)
    # WeasyPrint drops the rest of such a float, its end mark with it.
    layout = Layout("test", "", "", "", "", "A6", 2,
                    marks=(FitMark("end", 0, 148.0, "the column"),))
    assert "the column does not end on the paper" in " ".join(fit_problems(layout, found))


def test_lines_beside_and_under_each_other_are_not_overlaps() -> None:
    found = measure(
        '<p style="font-size: 30pt; line-height: 1">112</p><p style="font-size: 6pt">'
        "Noodnummer</p><p>Before <span style='display: inline-block; border: 1px solid'>3"
        "</span> after an inline block, on one line</p><table><tr><td>Left cell</td>"
        "<td>Right cell</td></tr></table><p style='margin-top: -0.2em'>A line pulled up a "
        "little.</p>")
    assert found.off_paper == ()


def _with_first_page_items(plan: Plan, count: int) -> Plan:
    """The plan with `count` more long items for the worker's page 1 (the column beside the
    steps), each in every language of the plan."""
    words = "A child who was seen at every session and is no longer seen or heard"
    extra = tuple(Entry({lang: f"{words} ({n})." for lang in plan.languages}, first_page=True)
                  for n in range(count))
    first = plan.steps[0]
    return replace(plan, steps=(replace(first, do=(*first.do, *extra)), *plan.steps[1:]))


@pytest.mark.parametrize("count", [2, 12])
def test_the_worker_column_beside_the_steps_fits_page_one_or_is_reported(
        count: int, tmp_path: Path) -> None:
    plan = _with_first_page_items(load_project(REPO).plan("sport", None), count)
    printed = print_plan(plan, "en", theme=theme_for(REPO), day=DAY, layout="worker")
    path = tmp_path / "worker.pdf"
    path.write_bytes(printed.pdf)
    overlaps = [glyphs_over_each_other(page.chars) for page in pages_of(path)]
    if count == 2:  # a smaller type scale makes room
        assert printed.problems == [] and not any(overlaps)
        assert printed.scale < LAYOUTS["worker"].scales[0]
    else:  # no scale does: the build says so, and which box
        assert any("the first page's column beside the steps" in problem
                   for problem in printed.problems), printed.problems
