"""Where decision options lead, in words: `next` is the next question or the next step."""

from __future__ import annotations

from kindreflex.framework.project import load_project
from kindreflex.render.interface_words import interface_words
from kindreflex.render.localizer import localizer_for
from kindreflex.render.plan_view import PlanView

from ..helpers import MINI, REPO


def view_for(root: object, sector: str, lang: str) -> PlanView:
    plan = load_project(root).plan(sector)  # type: ignore[arg-type]
    return PlanView(plan, localizer_for(plan, lang), interface_words(lang))


def test_next_after_the_last_question_goes_to_the_next_step() -> None:
    view = view_for(MINI, "sport", "en")
    option = view.plan.step("acuut").decisions[0].options[1]
    assert option.to == "next"
    target = view.target(option)
    assert (target.kind, target.label, target.href) == (
        "step", "Go to step 1: Write down what you see", "#step-noteren")


def test_next_before_another_question_goes_on_with_it() -> None:
    view = view_for(REPO, "sport", "nl")
    step = view.plan.step("hulp")
    option = next(o for o in step.decisions[0].options if o.to == "next")
    assert len(step.decisions) > 1
    assert view.target(option).label == "Ga verder met de volgende vraag"


def test_no_option_reads_as_the_end_unless_it_is() -> None:
    view = view_for(REPO, "jeugdwerk", "en")
    for step in view.plan.steps:
        for decision in step.decisions:
            for option in decision.options:
                target = view.target(option)
                assert (target.kind == "end") == (option.to == "end"), option
