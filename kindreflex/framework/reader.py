"""The plan's front-line reader: which steps and routes are theirs, whom they tell, who takes over.

The worker handout, the pocket card and the poster speak to one role, the framework's
`reader_role` (else its first role): they show that role's steps in full and the others' in a
line. The decisions are made here, free of language and layout, so checks can ask them too;
`render.reader_view` puts them into words.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from .model import Action, Entry, Plan, Role, Route, RouteStep, Step


class Reader:
    """The front-line reader of one plan and what is theirs."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    @cached_property
    def role(self) -> Role | None:
        """The reader's role: the framework's `reader_role`, else the first role."""
        if self.plan.reader_role:
            try:
                return self.plan.role(self.plan.reader_role)
            except KeyError:
                return None  # validation reports it; the layouts then show every step in full
        return self.plan.roles[0] if self.plan.roles else None

    def acts(self, step: Step | RouteStep) -> bool:
        """True if the reader acts in this step or route step (or no reader is known)."""
        return self.role is None or not step.who or self.role.id in step.who

    def others(self, step: Step | RouteStep) -> list[str]:
        """The ids of the roles other than the reader's that act in a step."""
        return [role_id for role_id in step.who if self.role is None or role_id != self.role.id]

    def taking_over(self, step: Step | RouteStep) -> Role | None:
        """Who acts in a step: the first of its roles the plan has (for a step not the reader's,
        the one that takes over from them)."""
        return self._first_known(step.who)

    @cached_property
    def contact_role(self) -> Role | None:
        """Whom the reader tells: the first other role that acts in a step."""
        return self._first_known([role_id for step in self.plan.steps
                                  for role_id in self.others(step)])

    def _first_known(self, role_ids: Iterable[str]) -> Role | None:
        """The first of these roles that the plan has (an unknown id is reported by validate)."""
        for role_id in role_ids:
            try:
                return self.plan.role(role_id)
            except KeyError:
                continue
        return None

    @cached_property
    def disclosure_step(self) -> Step | None:
        """The first step after the acute one in which the reader acts: noticing, listening."""
        return next((s for s in self.plan.steps if not s.acute and self.acts(s)), None)

    @cached_property
    def routes(self) -> list[Route]:
        """The routes the reader acts in, or that one of the reader's steps leads to."""
        led_to = {o.target_id for s in self.plan.steps if self.acts(s) for d in s.decisions
                  for o in d.options if o.target_kind == "route"}
        return [r for r in self.plan.routes
                if r.id in led_to or any(self.acts(s) for s in r.steps if s.who)]

    @cached_property
    def named_contacts(self) -> frozenset[str]:
        """The ids of the contacts named where the reader acts: in their steps, the questions
        in them and their route steps."""
        named: set[str] = set()
        items: list[Step | RouteStep] = [*self.plan.steps]
        items += [route_step for route in self.plan.routes for route_step in route.steps]
        for item in items:
            if self.acts(item):
                named.update(item.contacts)
                named.update(o.target_id for d in item.decisions for o in d.options
                             if o.target_kind == "contact")
        return frozenset(named)

    @cached_property
    def alternative(self) -> tuple[str, str] | None:
        """Whom the reader tells when the concern is about the person they would tell:
        (`role` or `contact`, id) from that role's `if_suspected`, or None."""
        role = self.contact_role
        if role is None or not role.if_suspected:
            return None
        kind, _, target = role.if_suspected.partition(":")
        return kind, target

    @cached_property
    def alternative_has_lines(self) -> bool:
        """True if whom to tell instead is printed with lines for a name and a number (a role,
        or a contact without a number of its own): what an organisation's `alternative_name`
        and `alternative_phone` fill in."""
        if self.alternative is None:
            return False
        kind, target = self.alternative
        if kind == "role":
            return True
        try:
            contact = self.plan.contact(target)
        except KeyError:
            return False  # validate reports the reference
        return not contact.fill_in and not contact.phone

    @cached_property
    def helpline_ids(self) -> frozenset[str]:
        """The contacts the card and the poster list as helplines: those named where the
        reader acts, urgent ones and the acute step's aside (the acute box has those)."""
        urgent = {contact.id for contact in self.plan.contacts if contact.urgent}
        urgent.update(c for step in self.plan.steps if step.acute for c in step.contacts)
        return frozenset(self.named_contacts - urgent)

    @cached_property
    def first_page_items(self) -> list[Action | Entry | RouteStep]:
        """What a context marks `first_page: true` for the reader's first page and the card's
        front, in plan order: actions, do and don't texts, examples, route steps."""
        found: list[Action | Entry | RouteStep] = []
        for step in self.plan.steps:
            found += [action for action in step.actions if action.first_page]
            found += [entry for entry in (*step.do, *step.dont) if entry.first_page]
        for signal in self.plan.signals:
            found += [example for example in signal.examples if example.first_page]
        for route in self.plan.routes:
            found += [route_step for route_step in route.steps if route_step.first_page]
        return found
