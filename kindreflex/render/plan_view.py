"""The template-facing view of one plan in one language: numbers, roles, targets, contacts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..framework.model import Contact, Decision, Option, Plan, Step
from ..framework.phones import display_phone, tel_uri
from ..framework.reader import Reader
from ..framework.texts import name_language, same_language
from ..layouts import LAYOUTS
from .i18n import join_words, language_names
from .interface_words import InterfaceWords
from .localizer import Localizer, Name
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

    def __init__(self, plan: Plan, loc: Localizer, words: InterfaceWords) -> None:
        self.plan = plan
        self.loc = loc
        self.words = words
        self._ = words.gettext  # a message filled in, as plain text
        self.front_line = Reader(plan)
        # The one place step numbers are made: titles, references, the flowchart, bookmarks
        # and the card all ask here. Numbered steps count 1, 2, 3 … in plan order.
        numbered = [step for step in plan.steps if step.numbered]
        self.numbers = {step.id: index for index, step in enumerate(numbered, start=1)}
        # `to: next` means the next question of the same step, or after the last question
        # the next step: resolve it once, by option identity (equal options may differ here).
        self._next: dict[int, str | None] = {}
        self._route_next: dict[int, tuple[str, str] | None] = {}
        for index, step in enumerate(plan.steps):
            following = plan.steps[index + 1].id if index + 1 < len(plan.steps) else None
            self._resolve_next(step.decisions, following, self._next)
        for route in plan.routes:
            for index, rstep in enumerate(route.steps):
                after = route.steps[index + 1] if index + 1 < len(route.steps) else None
                self._resolve_next(rstep.decisions, (route.id, after.id) if after else None,
                                   self._route_next)

    @staticmethod
    def _resolve_next(decisions: Sequence[Decision], following: Any,
                      table: dict[int, Any]) -> None:
        for number, decision in enumerate(decisions):
            last = number == len(decisions) - 1
            for option in decision.options:
                if option.to == "next":
                    table[id(option)] = following if last else "question"

    @property
    def acute_step(self) -> Step | None:
        """The acute-danger step, printed first in a box."""
        return next((step for step in self.plan.steps if step.acute), None)

    @property
    def has_acute_box(self) -> bool:
        """True if the papers open with the acute-danger box: the plan has an acute step or
        an urgent contact. A framework may mark 112 `urgent` without writing an acute step:
        its number still stands first on every paper, not only in the contacts table."""
        return self.acute_step is not None or bool(self.urgent_contacts)

    @property
    def acute_anchor(self) -> str:
        """The id of the acute-danger box: its step's anchor, or `acute-danger` without one."""
        step = self.acute_step
        return f"step-{step.id}" if step is not None else "acute-danger"

    @property
    def body_steps(self) -> list[Step]:
        """The steps printed after the acute box."""
        return [step for step in self.plan.steps if not step.acute]

    def number(self, step: Step | str) -> int | None:
        """The step's number (1-based), or None for a step without one (the acute step,
        unless it says `number: true`, and every step with `number: false`)."""
        return self.numbers.get(step if isinstance(step, str) else step.id)

    def step_label(self, step: Step) -> str:
        """"Step 3", or "" for an unnumbered step."""
        number = self.number(step)
        return self._("Step %(number)s", number=number) if number else ""

    def step_heading(self, step: Step) -> str:
        """"Step 3: Title" (plain text), or the title alone for an unnumbered step."""
        number = self.number(step)
        title = self.loc.plain(step.title)
        return self._("Step %(number)s: %(title)s", number=number, title=title) if number \
            else title

    def step_heading_html(self, step: Step) -> Markup:
        """"Step 3: Title" as HTML (the title's Markdown rendered), or the title alone."""
        number = self.number(step)
        title = self._title_html(step.title)
        return self.words.gettext_html("Step %(number)s: %(title)s", number=number, title=title) \
            if number else title

    def _title_html(self, text: Any) -> Markup:
        """A text as HTML, in a `lang` span when it is shown in the default language."""
        html = self.loc.html(text)
        if self.loc.is_fallback(text):
            html = Markup('<span lang="{}">{}</span>').format(self.plan.default_language, html)
        return html

    def mark(self, step: Step) -> str:
        """What a step's badge shows (card, flowchart): its number, '!' for the acute step."""
        number = self.number(step)
        return str(number) if number else ("!" if step.acute else "")

    def only(self, item: Any) -> Markup:
        """" (Only if the child is a minor)" for an item with a condition, else nothing."""
        condition_id = getattr(item, "condition", None)
        if not condition_id:
            return Markup("")
        try:
            text = self.plan.condition(condition_id).text
        except KeyError:
            return Markup("")  # references are validated when the plan is resolved
        words = self.words.gettext_html("Only if %(condition)s", condition=self._title_html(text))
        return Markup(' <span class="only">({})</span>').format(words)

    @property
    def publisher(self) -> str | None:
        """Who publishes the plan (PDF author, HTML meta), or None: no author is claimed."""
        return self.loc.plain(self.plan.publisher) if self.plan.publisher else None

    @property
    def author(self) -> str | None:
        """The PDF/HTML author: the organisation of an organisation layer, else the publisher."""
        return self.fill_in.organisation or self.publisher

    def display_phone(self, number: str) -> str:
        """A phone number as people in the plan's region write it."""
        return display_phone(number, self.plan.region)

    def tel(self, number: str) -> str:
        """A `tel:` link that dials the number (E.164, or the short number)."""
        return tel_uri(number, self.plan.region)

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
        """The contacts with those ids (unknown ids skipped: validated before); the ones that
        answer in the reader's language first, the others after them, in the given order."""
        known = {c.id: c for c in self.plan.contacts}
        return self.by_reader_language([known[i] for i in ids if i in known])

    def by_reader_language(self, contacts: Sequence[Contact]) -> list[Contact]:
        """The contacts that answer in the reader's language first, the others after them."""
        return sorted(contacts, key=lambda contact: not self.answers_reader(contact))

    def answers_reader(self, contact: Contact) -> bool:
        """True if the contact answers in the reader's language, or states no languages."""
        if not contact.languages:
            return True
        return any(same_language(code, self.loc.lang) for code in contact.languages)

    def name_language(self, contact: Contact) -> str | None:
        """The language of a contact's name where it is not the reader's: a name this language
        writes as it is written in a language the contact answers in (and not the reader's),
        such as the VK's Dutch name on a French card or SOS Enfants on a Dutch one. None: the
        reader's language, or not known (a fallback text is marked as such elsewhere)."""
        return name_language(contact.name, contact.languages, self.loc.lang)

    def name_lang(self, contact: Contact) -> Markup:
        """` lang="nl"` for a contact's name in another language than the reader's
        (`name_language`): screen readers say it in its own language, and it breaks at that
        language's syllables ("Kinder-mishandeling", not the French "Kindermi-shandeling")."""
        return self.lang_attribute(self.name_language(contact))

    def lang_attribute(self, code: str | None) -> Markup:
        """` lang="nl"` for a text in the language `code` where it is not the reader's
        (a source's title, a helpline's name); nothing for the reader's own or no language."""
        if not code or same_language(code, self.loc.lang):
            return Markup("")
        return Markup(' lang="{}"').format(code)

    def language_note(self, contact: Contact) -> str:
        """`Taal: Nederlands` for a contact that states its languages, else ''."""
        if not contact.languages:
            return ""
        names = language_names(contact.languages, self.loc.lang)
        return self._("Language: %(languages)s", languages=names)

    def language_tags(self, contact: Contact) -> str:
        """`NL`, `FR · NL`: a helpline's languages in short, as bilingual signs write them (the
        pocket card and the poster, where a sentence per line would not fit), else ''."""
        return " · ".join(dict.fromkeys(code.split("-")[0].upper() for code in contact.languages))

    def language_key(self, contacts: Sequence[Contact]) -> Markup:
        """`Taal: Nederlands NL`: what the language tags of a short list of lines stand for,
        each language once, named and tagged (the card and the poster), or nothing."""
        codes = dict.fromkeys(code.split("-")[0].lower() for contact in contacts
                              for code in contact.languages)
        items = [str(Markup('{} <span class="lang-tags">{}</span>').format(
            language_names((code,), self.loc.lang), code.upper())) for code in codes]
        if not items:
            return Markup("")
        return self.words.gettext_html("Language: %(languages)s",
                               languages=Markup(join_words(items, self.loc.lang)))

    def language_label(self, contact: Contact) -> str:
        """The languages in words, for screen readers and tooltips of `language_tags`."""
        return language_names(contact.languages, self.loc.lang) if contact.languages else ""

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
        if option.to == "next" and id(option) in self._route_next:
            return self._route_target(self._route_next[id(option)])
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
                number = self.number(step)
                title = self.loc.plain(step.title)
                label = (_("Go to step %(number)s: %(title)s", number=number, title=title)
                         if number else _("Go to: %(title)s", title=title))
                return Target(kind, label, f"#step-{step.id}")
            if kind == "route":
                route = self.plan.route(key)
                label = _("Follow the route: %(title)s", title=self.loc.plain(route.title))
                return Target(kind, label, f"#route-{route.id}")
            if kind == "contact":
                contact = self.plan.contact(key)
                label = _("Contact %(contact)s", contact=self.contact_name(contact))
                phone = None if self.phone_in_name(contact) else contact.phone
                said = says_number(self.loc.plain(option.label), contact.phone, self.plan.region)
                return Target(kind, label, f"#contact-{contact.id}", phone, redundant=said)
        except KeyError:
            # References are validated when the plan is resolved; keep the raw target visible.
            return Target(kind, option.to, None)
        return Target("end", _("End of the procedure"), None)

    def _route_target(self, following: tuple[str, str] | str | None) -> Target:
        """Where `to: next` of a route step's option leads."""
        _ = self._
        if following == "question":
            return Target("next", _("Go on with the next question"), None)
        if following is None or isinstance(following, str):
            return Target("end", _("End of the procedure"), None)
        route_id, step_id = following
        rstep = next(s for s in self.plan.route(route_id).steps if s.id == step_id)
        label = _("Go on with: %(title)s", title=self.loc.plain(rstep.title))
        return Target("step", label, f"#{self.route_step_anchor(route_id, step_id)}")

    @staticmethod
    def route_step_anchor(route_id: str, step_id: str) -> str:
        """The HTML id of a route step."""
        return f"route-{route_id}-step-{step_id}"

    @property
    def online_url(self) -> str | None:
        """Where the plan is online (framework.model.Plan.online_url)."""
        return self.plan.online_url

    @property
    def sector_title(self) -> str:
        """The sector's title, or the framework's when no sector applies."""
        sector = self.plan.layer("sector")
        return self.loc.plain(sector.title if sector else self.plan.title)

    def context_title(self) -> str | None:
        """The context's title, if a context overlay applies."""
        context = self.plan.layer("context")
        return self.loc.plain(context.title) if context else None

    @property
    def plan_name(self) -> str:
        """The sector's title, with the context's when one applies (`Sport · Lockdown`)."""
        context = self.context_title()
        if context is None:
            return self.sector_title
        return self._("%(sector)s · %(context)s", sector=self.sector_title, context=context)

    def document_title(self, layout: str, organisation: str | None = None) -> str:
        """The page's and the PDF's title: the plan's title, the sector (and context; the
        title once when no sector applies), the layout's name from the catalogue unless it is
        the default layout, and the organisation of a personalised plan."""
        spec = LAYOUTS[layout]
        title = self.loc.plain(self.plan.title)
        # Without a sector the plan is the framework's own: its title is said once.
        plan = self.plan_name if self.plan.layer("sector") else self.context_title()
        layout_name = None if spec.default else self._(spec.label)
        if plan and layout_name:
            text = self._("%(title)s – %(plan)s (%(layout)s)", title=title, plan=plan,
                          layout=layout_name)
        elif plan:
            text = self._("%(title)s – %(plan)s", title=title, plan=plan)
        elif layout_name:
            text = self._("%(title)s (%(layout)s)", title=title, layout=layout_name)
        else:
            text = title
        if organisation:
            text = self._("%(title)s – %(organisation)s", title=text, organisation=organisation)
        return text

    def contact_name(self, contact: Contact) -> Name:
        """A contact's name in this language, with its grammatical forms."""
        return self.loc.name("contact", contact.id, contact.name)

