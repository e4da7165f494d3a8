"""What the reader's layouts show of a plan, in words: whose steps, whom to tell, contacts.

A part of `plan_view.PlanView` (it inherits this class). Who the reader is and what is theirs
is decided by `framework.reader.Reader`; here it is worded and arranged for the worker
handout, the card and the poster, so the templates only lay it out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..framework.model import Contact, Plan, Role, Route, RouteStep, Step, Text
from ..framework.org_params import ORG_PARAMS, param_value
from ..framework.phones import display_phone, tel_uri
from ..framework.reader import Reader
from .localizer import Localizer, Name

END_PUNCTUATION = re.compile(r"[.?!:;…]\W*$")
SENTENCE_END = re.compile(r"[.?!](?=\s+\S)")


def says_number(text: str, phone: str | None, region: str) -> bool:
    """True if `text` contains the number `phone` as people of `region` write it, as a word."""
    if not phone:
        return False
    number = re.escape(display_phone(phone, region))
    return re.search(rf"(?<![\w]){number}(?![\w])", text) is not None


@dataclass(frozen=True)
class FillIn:
    """The organisation's own name and contact person, or None where a line is left blank."""

    organisation: str | None
    name: str | None
    phone: str | None  # as people write it
    phone_uri: str | None
    email: str | None


@dataclass(frozen=True)
class WorkerStep:
    """One step of the worker handout: in full if the reader acts in it, else one line."""

    step: Step
    full: bool
    handoff: str  # "The API takes over" (steps of other roles)
    on_first_page: bool  # its actions, do and don't are page 1's "when a child tells you"
    with_others: bool  # other roles act in it too: say who


@dataclass(frozen=True)
class RouteLine:
    """A reader's route step, or the route steps of other roles after it, in one line."""

    own: bool
    steps: tuple[RouteStep, ...]
    handoff: str = ""


class ReaderView:
    """The reader's part of PlanView (see plan_view.PlanView)."""

    plan: Plan
    loc: Localizer
    _: Callable[..., str]
    front_line: Reader  # set by PlanView

    if TYPE_CHECKING:
        def number(self, step: Step | str) -> int | None: ...
        def contacts(self, ids: Sequence[str]) -> list[Contact]: ...
        def roles(self, ids: Sequence[str]) -> str: ...
        @property
        def urgent_contacts(self) -> list[Contact]: ...
        @property
        def acute_step(self) -> Step | None: ...
        def answers_reader(self, contact: Contact) -> bool: ...

    # --- who reads, and whom they tell ----------------------------------------------------

    @property
    def reader(self) -> Role | None:
        """The front-line reader's role (see `framework.reader.Reader`)."""
        return self.front_line.role

    def acts(self, step: Step | RouteStep) -> bool:
        """True if the reader acts in this step or route step (or no reader is known)."""
        return self.front_line.acts(step)

    @property
    def contact_role(self) -> Role | None:
        """Whom the reader tells: the first other role that acts in a step."""
        return self.front_line.contact_role

    def role_name(self, role: Role, capital: bool = False) -> str:
        """A role's name in this language (`De API van de club` with capital=True)."""
        name = self.loc.plain(role.name)
        return name[:1].upper() + name[1:] if capital else name

    def name_of(self, role: Role) -> Name:
        """A role's name in this language with its grammatical forms: what an interface
        message takes (`_("Tell %(role)s.", role=view.name_of(role))`)."""
        return self.loc.name("role", role.id, role.name)

    def names_of(self, role_ids: Sequence[str]) -> list[Name]:
        """The names of the roles with those ids that the plan has, with their forms."""
        found = []
        for role_id in role_ids:
            try:
                found.append(self.name_of(self.plan.role(role_id)))
            except KeyError:
                continue  # an unknown id is reported by validate
        return found

    # --- the worker handout ---------------------------------------------------------------

    @property
    def disclosure_step(self) -> Step | None:
        """The first step after the acute one in which the reader acts: noticing, listening."""
        return self.front_line.disclosure_step

    @property
    def disclosure_do(self) -> list[Text]:
        """What to do when a child tells you something: that step's actions, then its do's."""
        step = self.disclosure_step
        return [*(a.text for a in step.actions), *step.do] if step else []

    @property
    def disclosure_dont(self) -> list[Text]:
        """What not to do when a child tells you something."""
        step = self.disclosure_step
        return list(step.dont) if step else []

    @property
    def worker_steps(self) -> list[WorkerStep]:
        """Every step after the acute one: the reader's in full, the others as one line."""
        disclosure = self.disclosure_step
        entries = []
        for step in self.plan.steps:
            if step.acute:
                continue
            entries.append(WorkerStep(step, self.acts(step), self.handoff(step),
                                      on_first_page=step is disclosure,
                                      with_others=bool(self.front_line.others(step))))
        return entries

    @property
    def worker_routes(self) -> list[Route]:
        """The routes the reader acts in, or that one of the reader's steps leads to."""
        return self.front_line.routes

    def route_lines(self, route: Route) -> list[RouteLine]:
        """A route for the reader: their own steps, the others' steps merged into one line."""
        lines: list[RouteLine] = []
        for step in route.steps:
            if self.acts(step):
                lines.append(RouteLine(True, (step,)))
                continue
            handoff = self.handoff(step)
            if lines and not lines[-1].own and lines[-1].handoff == handoff:
                lines[-1] = RouteLine(False, (*lines[-1].steps, step), handoff)
            else:
                lines.append(RouteLine(False, (step,), handoff))
        return lines

    def glance_who(self, step: Step) -> str:
        """Who acts, for the one-line list: others' steps say who takes over, own ones who helps."""
        if not self.acts(step):
            return self.handoff(step)
        names = self.names_of(self.front_line.others(step))
        return self._("with %(roles)s", roles=names) if names else ""

    def handoff(self, step: Step | RouteStep) -> str:
        """`The API takes over`: who acts in a step that is not the reader's."""
        role = self.front_line.taking_over(step)
        if role is None:
            return ""
        return self._("%(role)s takes over", role=self.name_of(role))

    @property
    def fill_in(self) -> FillIn:
        """The organisation's name and contact person from its layer's params (batch)."""
        params = self.plan.params if self.plan.layer("organisation") else {}

        def param(key: str) -> str | None:
            try:
                value = param_value(params, ORG_PARAMS[key])
            except KeyError:
                return None
            return str(value).strip() or None if value is not None else None

        phone = param("contact_phone")
        return FillIn(param("name"), param("contact_name"),
                      display_phone(phone, self.plan.region) if phone else None,
                      tel_uri(phone, self.plan.region) if phone else None, param("contact_email"))

    # --- the pocket card ------------------------------------------------------------------

    @property
    def card_blocks(self) -> list[str]:
        """The card's blocks in reading order; the front takes as many whole ones as fit."""
        names = ["head"]
        if self.acute_step is not None:
            names.append("acute")
        # Whom to tell goes with the steps on the front (most steps say "with the person in
        # charge"); what to do when a child tells you opens the back.
        names += ["steps", "tell"]
        if self.disclosure_do or self.disclosure_dont:
            names.append("disclosure")
        if self.card_helplines:
            names.append("helplines")
        names.append("online")
        return names

    @property
    def poster_columns(self) -> list[list[Step]]:
        """The steps in two columns for the poster's flow (the first column the longer)."""
        steps = list(self.plan.steps)
        half = -(-len(steps) // 2)
        return [column for column in (steps[:half], steps[half:]) if column]

    # --- contacts -------------------------------------------------------------------------

    @property
    def key_contacts(self) -> list[Contact]:
        """Urgent contacts, then every contact a step, a decision or a route names."""
        keys = list(self.urgent_contacts)
        named: list[str] = []
        for step in self.plan.steps:
            named += step.contacts
            named += [o.target_id for d in step.decisions for o in d.options
                      if o.target_kind == "contact"]
        for route in self.plan.routes:
            for route_step in route.steps:
                named += route_step.contacts
        keys += [c for c in self.contacts(list(dict.fromkeys(named))) if c not in keys]
        # A line that does not answer in the reader's language stays off these short lists
        # (the handout's full contacts table still has it); urgent numbers always stay.
        return [contact for contact in keys if contact.urgent or self.answers_reader(contact)]

    @property
    def helplines(self) -> list[Contact]:
        """The key contacts outside the acute box (the poster's list)."""
        urgent = self.urgent_contacts
        return [c for c in self.key_contacts if c not in urgent]

    @property
    def card_helplines(self) -> list[Contact]:
        """The lines on the pocket card and the poster: the helplines named where the reader
        acts (their own steps, the questions in them, their route steps), in the reader's
        language.

        A pocket holds only the lines the worker may call; the others (the person in charge's
        and the management's) are in the handout's contacts table, one scan away (the QR code
        to the full plan).
        """
        named = self.front_line.named_contacts
        return [c for c in self.helplines if c.id in named]

    def summary(self, text: Text | None) -> str:
        """The first sentence of a text, as plain characters (a helpline's "when", in short)."""
        plain = self.loc.plain(text)
        match = SENTENCE_END.search(plain)
        return plain[: match.start() + 1] if match else plain

    def phone_in_name(self, contact: Contact) -> bool:
        """True if the name already says the number ("Politie 101", "1712"): print it once."""
        return says_number(self.loc.plain(contact.name), contact.phone, self.plan.region)

    # --- texts ----------------------------------------------------------------------------

    def run_in_end(self, title: Text) -> str:
        """The punctuation a run-in title needs before its text: "." unless it has its own."""
        return "" if END_PUNCTUATION.search(self.loc.plain(title)) else "."
