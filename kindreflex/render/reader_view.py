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

from markupsafe import Markup, escape

from ..framework.model import (
    Action,
    Contact,
    Decision,
    Entry,
    Plan,
    Role,
    Route,
    RouteStep,
    Step,
    Text,
)
from ..framework.org_params import ORG_PARAMS, local_phone_param, param_value
from ..framework.phones import display_phone, tel_uri
from ..framework.reader import Reader
from .i18n import language_names
from .localizer import Localizer, Name

END_PUNCTUATION = re.compile(r"[.?!:;…]\W*$")
SENTENCE_END = re.compile(r"[.?!](?=\s+\S)")


def number_in(text: str, phone: str | None, region: str) -> re.Match[str] | None:
    """Where `text` says the number `phone` as people of `region` write it, as a word."""
    if not phone:
        return None
    number = re.escape(display_phone(phone, region))
    return re.search(rf"(?<![\w]){number}(?![\w])", text)


def says_number(text: str, phone: str | None, region: str) -> bool:
    """True if `text` contains the number `phone` as people of `region` write it, as a word."""
    return number_in(text, phone, region) is not None


def contacts_led_to(decisions: Sequence[Decision]) -> list[str]:
    """The ids of the contacts the answers of `decisions` lead to, in order."""
    return [o.target_id for d in decisions for o in d.options if o.target_kind == "contact"]


@dataclass(frozen=True)
class FillIn:
    """The organisation's own name and contact person, or None where a line is left blank."""

    organisation: str | None
    name: str | None
    phone: str | None  # as people write it
    phone_uri: str | None
    email: str | None


@dataclass(frozen=True)
class Alternative:
    """Whom the reader tells when the concern is about the person they would tell."""

    name: Name  # the role's or the contact's name, in this language, with its forms
    fill: FillIn  # its name and number from an organisation layer, or blanks
    phone: str | None = None  # a contact's own number, printed instead of a blank line
    language: str = ""  # "in Dutch": a contact that does not answer in the reader's language


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
        @property
        def has_acute_box(self) -> bool: ...
        def answers_reader(self, contact: Contact) -> bool: ...
        def context_title(self) -> str | None: ...
        def by_reader_language(self, contacts: Sequence[Contact]) -> list[Contact]: ...

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
    def disclosure_do(self) -> list[Entry]:
        """What to do when a child tells you something: that step's actions, then its do's
        (each with its condition, printed as "Only if …")."""
        step = self.disclosure_step
        if step is None:
            return []
        return [*(Entry(a.text, a.id, a.condition, a.first_page) for a in step.actions),
                *step.do]

    @property
    def disclosure_dont(self) -> list[Entry]:
        """What not to do when a child tells you something."""
        step = self.disclosure_step
        return list(step.dont) if step else []

    @property
    def disclosure_do_listed(self) -> list[Entry]:
        """The do's the disclosure block lists: those the context's first-page block does not
        show already. Empty lists leave the block out (no heading over nothing)."""
        return [item for item in self.disclosure_do if not item.first_page]

    @property
    def disclosure_dont_listed(self) -> list[Entry]:
        """The don'ts the disclosure block lists (see `disclosure_do_listed`)."""
        return [item for item in self.disclosure_dont if not item.first_page]

    @property
    def first_page_items(self) -> list[Action | Entry | RouteStep]:
        """What the context marks for the first page and the card's front (`first_page`)."""
        return self.front_line.first_page_items

    def item_text(self, item: Action | Entry | RouteStep) -> Text:
        """The text of a first-page item: an action's or a list text's own, a route step's
        title (its text follows it, see `item_more`)."""
        if isinstance(item, RouteStep):
            return item.title
        return item.text

    @property
    def first_page_title(self) -> str:
        """The heading of the first-page items: the context's title, else "In this plan"."""
        return self.context_title() or self._("Also remember")

    @property
    def worker_steps(self) -> list[WorkerStep]:
        """Every step after the acute one: the reader's in full, the others as one line."""
        # Page 1 lists the disclosure step's actions, do and don't, if it has any to list.
        listed = bool(self.disclosure_do_listed or self.disclosure_dont_listed)
        disclosure = self.disclosure_step if listed else None
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
            # A step with questions stands on its own line: its questions follow it.
            if (lines and not lines[-1].own and lines[-1].handoff == handoff
                    and not step.decisions and not lines[-1].steps[-1].decisions):
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

    def _org_param(self, name: str) -> str | None:
        """A param an organisation layer set (batch), or None: outside a batch every
        fill-in line stays blank, whatever a framework's params hold."""
        if not self.plan.layer("organisation"):
            return None
        try:
            value = param_value(self.plan.params, name)
        except KeyError:
            return None
        return str(value).strip() or None if value is not None else None

    def _filled(self, organisation: str | None, name: str | None, phone: str | None,
                email: str | None = None) -> FillIn:
        region = self.plan.region
        return FillIn(organisation, name, display_phone(phone, region) if phone else None,
                      tel_uri(phone, region) if phone else None, email)

    @property
    def fill_in(self) -> FillIn:
        """The organisation's name and contact person from its layer's params (batch)."""
        return self._filled(self._org_param(ORG_PARAMS["name"]),
                            self._org_param(ORG_PARAMS["contact_name"]),
                            self._org_param(ORG_PARAMS["contact_phone"]),
                            self._org_param(ORG_PARAMS["contact_email"]))

    def local_phone(self, contact: Contact) -> FillIn:
        """The organisation's own number for a contact whose number depends on the place
        (`fill_in`), or a blank line's None."""
        return self._filled(None, None, self._org_param(local_phone_param(contact.id)))

    @property
    def alternative(self) -> Alternative | None:
        """Whom to tell when the concern is about the person the reader tells (the contact
        role's `if_suspected`), with lines for its name and number, or None."""
        target = self.front_line.alternative
        if target is None:
            return None
        kind, key = target
        fill = self._filled(None, self._org_param(ORG_PARAMS["alternative_name"]),
                            self._org_param(ORG_PARAMS["alternative_phone"]))
        try:
            if kind == "role":
                return Alternative(self.name_of(self.plan.role(key)), fill)
            contact = self.plan.contact(key)
        except KeyError:
            return None  # validate reports the reference
        local = self.local_phone(contact) if contact.fill_in else fill
        return Alternative(self.loc.name("contact", contact.id, contact.name), local,
                           contact.phone, self.language_mark(contact))

    # --- the pocket card ------------------------------------------------------------------

    @property
    def card_blocks(self) -> list[str]:
        """The card's blocks in reading order; the front takes as many whole ones as fit."""
        names = ["head"]
        if self.has_acute_box:
            names.append("acute")
        # Whom to tell (and whom instead when it is about that person) comes right after the
        # acute box, so every front has it; then what the context marks for the front and
        # the steps. The helplines and what to do when a child tells you fill the back.
        names.append("tell")
        if self.first_page_items:
            names.append("context")
        names.append("steps")
        if self.card_helplines:
            names.append("helplines")
        if self.disclosure_do_listed or self.disclosure_dont_listed:
            names.append("disclosure")
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
            named += contacts_led_to(step.decisions)
        route_steps = [route_step for route in self.plan.routes for route_step in route.steps]
        for route_step in route_steps:
            named += route_step.contacts
        # Then the contacts a route step's question leads to ("yes: report it to the police"):
        # a page that shows the question links to the contact's entry.
        for route_step in route_steps:
            named += contacts_led_to(route_step.decisions)
        keys += [c for c in self.contacts(list(dict.fromkeys(named))) if c not in keys]
        # A line that does not answer in the reader's language stays off these short lists
        # (the handout's full contacts table still has it), unless the reader's own steps
        # name it: those stay in every language, marked with their languages. Urgent numbers
        # always stay.
        essential = self.front_line.named_contacts
        return self.with_equivalents([contact for contact in keys if contact.urgent
                                      or contact.id in essential
                                      or self.answers_reader(contact)])

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
        shown = self.front_line.helpline_ids
        return [c for c in self.helplines if c.id in shown and (c.phone or c.fill_in)]

    def with_equivalents(self, contacts: Sequence[Contact]) -> list[Contact]:
        """The contacts in order, each line that does the same in another language
        (`equivalent`) moved right after the first of its group: 102 then 103 for a Dutch
        reader, 103 then 102 for a French one (the list comes sorted by language)."""
        ordered: list[Contact] = []
        for contact in contacts:
            if contact in ordered:
                continue
            ordered.append(contact)
            ordered += [other for other in contacts if other not in ordered
                        and (other.id in contact.equivalent or contact.id in other.equivalent)]
        return ordered

    def language_mark(self, contact: Contact) -> str:
        """"in Dutch" for a line that does not answer in the reader's language, else ''."""
        if not contact.languages or self.answers_reader(contact):
            return ""
        names = language_names(contact.languages, self.loc.lang)
        return self._("in %(languages)s", languages=names)

    def summary(self, text: Text | None) -> str:
        """The first sentence of a text, as plain characters (a helpline's "when", in short)."""
        plain = self.loc.plain(text)
        match = SENTENCE_END.search(plain)
        return plain[: match.start() + 1] if match else plain

    def phone_in_name(self, contact: Contact) -> bool:
        """True if the name already says the number ("Politie 101", "1712"): print it once."""
        return says_number(self.loc.plain(contact.name), contact.phone, self.plan.region)

    def name_with_number(self, contact: Contact) -> Markup:
        """A name that says its number, the number kept whole ("Politie 101"): the name wraps
        like any text, the number is one unbreakable word that is never hyphenated."""
        name = self.loc.plain(contact.name)
        found = number_in(name, contact.phone, self.plan.region)
        if found is None:
            return Markup(escape(name))
        number = found.group(0).replace(" ", "\u00a0")
        return Markup('{}<span class="tel">{}</span>{}').format(
            name[:found.start()], number, name[found.end():])

    # --- texts ----------------------------------------------------------------------------

    def run_in_end(self, title: Text) -> str:
        """The punctuation a run-in title needs before its text: "." unless it has its own."""
        return "" if END_PUNCTUATION.search(self.loc.plain(title)) else "."
