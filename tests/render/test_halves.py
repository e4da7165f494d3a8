"""Lists in two balanced halves (render/halves.py): where the split falls, and that the
handout's lists are halves on paper and one list on screen."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kindreflex.framework.project import load_project
from kindreflex.render.halves import halves, split_point
from kindreflex.render.pages import render_plan
from kindreflex.render.theme import theme_for

from ..helpers import REPO

DAY = date(2026, 11, 29)


def test_equal_items_split_in_the_middle_the_first_half_not_shorter() -> None:
    assert split_point([1, 1, 1, 1]) == 2
    assert split_point([1, 1, 1, 1, 1]) == 3


def test_a_tall_item_is_balanced_by_several_short_ones() -> None:
    assert split_point([6, 1, 1, 1, 1, 1, 1]) == 1
    assert split_point([1, 1, 1, 6]) == 3


@given(st.lists(st.floats(min_value=0.5, max_value=20), min_size=1, max_size=30))
def test_no_other_split_makes_the_taller_half_shorter(lines: list[float]) -> None:
    cut = split_point(lines)
    taller = max(sum(lines[:cut]), sum(lines[cut:]))
    assert all(taller <= max(sum(lines[:k]), sum(lines[k:])) + 1e-9
               for k in range(len(lines) + 1))
    # The first half is filled as a column is: up to the height, not one item short of it.
    assert cut == len(lines) or sum(lines[:cut + 1]) > taller + 1e-9


def test_items_are_weighed_by_their_lines() -> None:
    long = "word " * 40  # 200 characters: 5 lines of 40
    snippet = f"<li>{long}</li><li>a</li><li>b</li><li>c</li><li>d</li><li>e</li>"
    first, second = halves(snippet, 40)
    assert str(first) == f"<li>{long}</li>"
    assert str(second) == "<li>a</li><li>b</li><li>c</li><li>d</li><li>e</li>"


def test_run_in_items_are_weighed_by_their_share_of_the_lines() -> None:
    snippet = "".join(f"<li><b>title {n}</b>: text</li>" for n in range(6))
    first, second = halves(snippet, 100, run_in=True)
    assert str(first).count("<li>") == 3 and str(second).count("<li>") == 3
    assert str(first) + str(second) == snippet


def test_the_handout_has_halves_on_paper_and_one_list_on_screen() -> None:
    plan = load_project(REPO).plan("sport")
    theme = theme_for(REPO)
    paper = render_plan(plan, "nl", theme=theme, day=DAY, medium="print")
    screen = render_plan(plan, "nl", theme=theme, day=DAY, medium="screen")
    assert "columns:" not in paper.split("</style>")[0], "a multi-column box is back"
    for section in ("toc", "sources", "signals"):
        body = re.search(rf'class="{section}".*?(?=<(?:section|nav) class="(?!signal\b))',
                         paper, re.S)
        assert body is not None and body.group(0).count('class="half"') == 2, section
    assert 'class="half"' not in screen


def test_the_cards_lists_are_halves_on_paper_and_columns_on_screen() -> None:
    plan = load_project(REPO).plan("sport")
    theme = theme_for(REPO)
    paper = render_plan(plan, "nl", theme=theme, day=DAY, layout="card", medium="print")
    screen = render_plan(plan, "nl", theme=theme, day=DAY, layout="card", medium="screen")
    body = paper.split("</style>")[1]
    # The steps and the helplines, each in two halves: every step and helpline once.
    assert body.count('<ol class="half glance">') == 2
    assert body.count('<ul class="half helplines">') == 2
    assert body.count('class="glance-no"') == len(plan.steps)
    # No column box is laid out on paper: its rules match only the whole lists of the screen.
    assert '<ol class="glance">' not in body and '<ul class="helplines">' not in body
    assert '<ol class="glance">' in screen and 'class="half' not in screen
