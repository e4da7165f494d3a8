"""A flowchart of the steps and decisions of a plan: what `templates/flowchart.html.j2` draws.

The chart is HTML text in boxes drawn by CSS, not SVG: WeasyPrint lays SVG text out one
letter at a time (2,074 of the 5,325 Pango layouts of one handout were flowchart letters),
while HTML text is laid out a line at a time, wraps to the real width of its box and is
tagged in reading order in the PDF. The lines and arrows are CSS borders (decoration, no
text, no figure without a description in the tag tree).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..framework.model import Decision, Option, Plan, Step
from .plan_view import PlanView, Target


@dataclass(frozen=True)
class ChartOption:
    """One answer of a question and where it leads, in words."""

    option: Option
    target: Target
    goes_to: str  # the target's words, with its phone number when the words lack it


@dataclass(frozen=True)
class ChartDecision:
    """A question of a step with its answers."""

    decision: Decision
    options: tuple[ChartOption, ...]


@dataclass(frozen=True)
class ChartStep:
    """A step box with its badge (its number, '!' for the acute step) and its questions."""

    step: Step
    mark: str
    decisions: tuple[ChartDecision, ...]


@dataclass(frozen=True)
class Chart:
    """The whole chart: the steps in reading order."""

    steps: tuple[ChartStep, ...]


def target_words(target: Target, view: PlanView) -> str:
    """Where an option leads, with the contact's phone number unless the label has it."""
    if target.kind == "contact" and target.phone:
        phone = view.display_phone(target.phone)
        if phone not in target.label:
            return f"{target.label} ({phone})"
    return target.label


def chart(plan: Plan, view: PlanView) -> Chart | None:
    """The flowchart of `plan` (None for a plan without steps)."""
    if not plan.steps:
        return None
    steps = []
    for step in plan.steps:
        decisions = []
        for decision in step.decisions:
            options = []
            for option in decision.options:
                target = view.target(option)
                options.append(ChartOption(option, target, target_words(target, view)))
            decisions.append(ChartDecision(decision, tuple(options)))
        steps.append(ChartStep(step, view.mark(step), tuple(decisions)))
    return Chart(tuple(steps))
