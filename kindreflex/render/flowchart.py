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
    words: str  # the target's words
    # The target's phone number as printed, when its words lack it: the shipped template
    # prints it apart, as a number to dial (`tel`), which a page written from the right sets
    # left to right (render.fallback_marks).
    phone: str | None = None

    @property
    def goes_to(self) -> str:
        """The target's words with the phone number in brackets (what a theme's own chart
        template written before `words` and `phone` prints)."""
        return f"{self.words} ({self.phone})" if self.phone else self.words


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


def target_phone(target: Target, view: PlanView) -> str | None:
    """The phone number an option leads to, as printed, unless the target's words say it."""
    if target.kind == "contact" and target.phone:
        phone = view.display_phone(target.phone)
        if phone not in target.label:
            return phone
    return None


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
                phone = target_phone(target, view)
                options.append(ChartOption(option, target, target.label, phone))
            decisions.append(ChartDecision(decision, tuple(options)))
        steps.append(ChartStep(step, view.mark(step), tuple(decisions)))
    return Chart(tuple(steps))
