"""The template-facing view of one plan in one language: numbers, roles, targets, contacts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..framework.model import Contact, Option, Plan, Step
from .localizer import Localizer
from .reader_view import ReaderView, says_number


@dataclass(frozen=True)
class Target:
    """Where a decision option leads, ready for a template."""

    kind: str  # step | route | contact | end
    label: str  # plain text, localized ("Go to step 3: Report")
    href: str | None  # in-page anchor, or None
    phone: str | None = None
    redundant: bool = False  # the option's own label already says it ("call 112")


class PlanView(ReaderView):
    """The template-facing helpers of one plan in one language (the reader's part inherited)."""

    def __init__(self, plan: Plan, loc: Localizer, gettext: Callable[..., str]) -> None:
        self.plan = plan
        self.loc = loc
        self._ = gettext
        self.numbers = {step.id: index for index, step in enumerate(plan.steps, start=1)}
        # `to: next` means the next question of the same step, or after the last question
        # the next step: resolve it once, by option identity (equal options may differ here).
        self._next: dict[int, str | None] = {}
        for index, step in enumerate(plan.steps):
            following = plan.steps[index + 1].id if index + 1 < len(plan.steps) else None
            for number, decision in enumerate(step.decisions):
                last = number == len(step.decisions) - 1
                for option in decision.options:
                    if option.to == "next":
                        self._next[id(option)] = following if last else "question"

    @property
    def acute_step(self) -> Step | None:
        """The acute-danger step, printed first in a box."""
        return next((step for step in self.plan.steps if step.acute), None)

    @property
    def body_steps(self) -> list[Step]:
        """The steps printed after the acute box."""
        return [step for step in self.plan.steps if not step.acute]

    def number(self, step: Step | str) -> int:
        """The step's number in the plan (1-based, the acute step included)."""
        return self.numbers[step if isinstance(step, str) else step.id]

    def roles(self, ids: Sequence[str]) -> str:
        """The localized role names, joined."""
        names = []
        for role_id in ids:
            try:
                names.append(self.loc.plain(self.plan.role(role_id).name))
            except KeyError:
                names.append(role_id)
        return ", ".join(names)

    def contacts(self, ids: Sequence[str]) -> list[Contact]:
        """The contacts with those ids, in that order (unknown ids skipped: validated before)."""
        known = {c.id: c for c in self.plan.contacts}
        return [known[i] for i in ids if i in known]

    @property
    def urgent_contacts(self) -> list[Contact]:
        """Contacts shown in the acute-danger box."""
        urgent = [c for c in self.plan.contacts if c.urgent]
        acute = self.acute_step
        if acute is not None:
            urgent += [c for c in self.contacts(acute.contacts) if c not in urgent]
        return urgent

    def target(self, option: Option) -> Target:
        """Where an option leads, in words and as an anchor."""
        _ = self._
        kind, key = option.target_kind, option.target_id
        if option.to == "next":
            following = self._next.get(id(option))
            if following == "question":
                return Target("next", _("Go on with the next question"), None)
            if following is None:
                return Target("end", _("End of the procedure"), None)
            kind, key = "step", following
        try:
            if kind == "step":
                step = self.plan.step(key)
                label = _("Go to step %(number)s: %(title)s") % {
                    "number": self.number(step),
                    "title": self.loc.plain(step.title),
                }
                return Target(kind, label, f"#step-{step.id}")
            if kind == "route":
                route = self.plan.route(key)
                label = _("Follow the route: %(title)s") % {"title": self.loc.plain(route.title)}
                return Target(kind, label, f"#route-{route.id}")
            if kind == "contact":
                contact = self.plan.contact(key)
                label = _("Contact %(name)s") % {"name": self.loc.plain(contact.name)}
                phone = None if self.phone_in_name(contact) else contact.phone
                said = says_number(self.loc.plain(option.label), contact.phone)
                return Target(kind, label, f"#contact-{contact.id}", phone, redundant=said)
        except KeyError:
            # References are validated when the plan is resolved; keep the raw target visible.
            return Target(kind, option.to, None)
        return Target("end", _("End of the procedure"), None)

    @property
    def online_url(self) -> str | None:
        """Where the plan is online: the organisation's own page first, then the plan's."""
        organisation = self.plan.layer("organisation")
        for url in (organisation.url if organisation else None, self.plan.url):
            if url and url.lower().startswith(("https://", "http://")):
                return url
        return None

    @property
    def sector_title(self) -> str:
        """The sector's title, or the framework's when no sector applies."""
        sector = self.plan.layer("sector")
        return self.loc.plain(sector.title if sector else self.plan.title)

    def context_title(self) -> str | None:
        """The context's title, if a context overlay applies."""
        context = self.plan.layer("context")
        return self.loc.plain(context.title) if context else None

