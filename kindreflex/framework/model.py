"""Frozen, typed dataclasses for a resolved plan; nothing downstream reads raw dicts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .phones import DEFAULT_REGION

# A localized text: language code -> text. Built from a plain string (default language)
# or a mapping in the YAML.
Text = Mapping[str, str]
# A name in other grammatical forms: language code -> form name -> text (framework.grammar).
Forms = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class Provenance:
    """Where a resolved value was last set: file, line, column and operation."""

    file: str
    line: int
    column: int
    operation: str  # "framework", "replace", "update", "insert", "append", ...
    layer: str = "framework"  # framework | sector | context | organisation
    pointer: str = ""  # JSON pointer to the value in that file, such as /operations/3/value

    def label(self) -> str:
        """`file:line:col (operation)` for explain output."""
        return f"{self.file}:{self.line}:{self.column} ({self.operation})"


@dataclass(frozen=True)
class Source:
    """A document the content is built on (`id` and `checked` when claims cite it)."""

    title: str
    url: str
    id: str | None = None
    checked: str | None = None
    language: str | None = None  # the document's language, if stated


@dataclass(frozen=True)
class Entry(Mapping[str, str]):
    """One text of a list (do, don't, examples): reads as its localized text, and may carry
    an id (for overlays) and a condition (printed as "Only if …")."""

    text: Text
    id: str | None = None
    condition: str | None = None
    first_page: bool = False  # also on the reader's first page and the card's front

    def __getitem__(self, lang: str) -> str:
        return self.text[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self.text)

    def __len__(self) -> int:
        return len(self.text)


@dataclass(frozen=True)
class Condition:
    """When some content applies (to some readers or situations only)."""

    id: str
    text: Text


@dataclass(frozen=True)
class Role:
    """Who acts (worker, responsible person, API, management)."""

    id: str
    name: Text
    description: Text | None = None
    forms: Forms = field(default_factory=dict)
    if_suspected: str | None = None  # "role:ID" or "contact:ID": whom to tell instead


@dataclass(frozen=True)
class Contact:
    """A referral point with its number, hours and when to use it."""

    id: str
    name: Text
    forms: Forms = field(default_factory=dict)
    phone: str | None = None
    fill_in: bool = False  # the number depends on place or organisation: a line to write it
    url: str | None = None
    email: str | None = None
    hours: Text | None = None
    when: Text | None = None
    audience: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # the languages the line answers in; () = not stated
    equivalent: tuple[str, ...] = ()  # ids of contacts that do the same in other languages
    urgent: bool = False
    last_checked: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Signal:
    """A category of signs of concern, with examples."""

    id: str
    title: Text
    description: Text | None = None
    examples: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Principle:
    """Part of the basic attitude."""

    id: str
    title: Text
    text: Text | None = None


@dataclass(frozen=True)
class Action:
    """One thing to do within a step."""

    id: str
    text: Text
    condition: str | None = None
    first_page: bool = False  # also on the reader's first page and the card's front


@dataclass(frozen=True)
class Option:
    """One answer to a decision, leading to a step, a route, a contact or the end."""

    id: str
    label: Text
    to: str  # "step:ID", "route:ID", "contact:ID" or "end"

    @property
    def target_kind(self) -> str:
        """`step`, `route`, `contact` or `end`."""
        return self.to.split(":", 1)[0]

    @property
    def target_id(self) -> str:
        """The id the option leads to ('' for end)."""
        return self.to.split(":", 1)[1] if ":" in self.to else ""


@dataclass(frozen=True)
class Decision:
    """A question with options; `acute` marks the acute-danger branch."""

    id: str
    question: Text
    options: tuple[Option, ...] = ()
    acute: bool = False


@dataclass(frozen=True)
class Step:
    """One ordered step of the plan."""

    id: str
    title: Text
    goal: Text | None = None
    acute: bool = False
    who: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    record: Text | None = None
    do: tuple[Entry, ...] = ()
    dont: tuple[Entry, ...] = ()
    contacts: tuple[str, ...] = ()
    decisions: tuple[Decision, ...] = ()
    number: bool | None = None  # as written; None: the format's default (see `numbered`)
    condition: str | None = None

    @property
    def numbered(self) -> bool:
        """Whether the step has a number: as written, else every step but the acute one."""
        return self.number if self.number is not None else not self.acute


@dataclass(frozen=True)
class RouteStep:
    """One step of a scenario route."""

    id: str
    title: Text
    text: Text | None = None
    who: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    decisions: tuple[Decision, ...] = ()
    condition: str | None = None
    first_page: bool = False  # also on the reader's first page and the card's front


@dataclass(frozen=True)
class Route:
    """A scenario path (home situation, staff member, between children)."""

    id: str
    title: Text
    when: Text | None = None
    steps: tuple[RouteStep, ...] = ()


@dataclass(frozen=True)
class FormField:
    """A field of a printable form, with room to write by hand."""

    id: str
    label: Text
    lines: int = 2


@dataclass(frozen=True)
class Form:
    """A printable page such as an observation record."""

    id: str
    title: Text
    intro: Text | None = None
    fields: tuple[FormField, ...] = ()


@dataclass(frozen=True)
class Layer:
    """One overlay applied to the plan (sector, context or organisation)."""

    kind: str
    id: str
    title: Text
    file: str
    description: Text | None = None
    url: str | None = None


@dataclass(frozen=True)
class Plan:
    """A resolved plan: the framework with every overlay applied."""

    framework_id: str
    version: str
    date: str
    languages: tuple[str, ...]
    title: Text
    subtitle: Text | None = None
    status: Text | None = None
    url: str | None = None
    sources: tuple[Source, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    terms: Mapping[str, Text] = field(default_factory=dict)
    term_forms: Mapping[str, Forms] = field(default_factory=dict)  # the terms that have forms
    region: str = DEFAULT_REGION  # ISO 3166 alpha-2: how phone numbers are written and dialled
    publisher: Text | None = None  # the author named in the PDF and the web page
    conditions: tuple[Condition, ...] = ()
    roles: tuple[Role, ...] = ()
    reader_role: str | None = None  # the front-line reader's role id (None: the first role)
    contacts: tuple[Contact, ...] = ()
    signals: tuple[Signal, ...] = ()
    principles: tuple[Principle, ...] = ()
    steps: tuple[Step, ...] = ()
    routes: tuple[Route, ...] = ()
    forms: tuple[Form, ...] = ()
    layers: tuple[Layer, ...] = ()
    provenance: Mapping[str, Provenance] = field(default_factory=dict, compare=False)

    @property
    def default_language(self) -> str:
        """The first declared language."""
        return self.languages[0]

    def layer(self, kind: str) -> Layer | None:
        """The applied layer of that kind (sector, context, organisation), if any."""
        return next((layer for layer in self.layers if layer.kind == kind), None)

    @property
    def online_url(self) -> str | None:
        """Where the plan is online (its QR code leads there): the organisation's own page
        first, then the context's, the sector's and the framework's; http(s) only."""
        layers = [self.layer(kind) for kind in ("organisation", "context", "sector")]
        for url in (*(layer.url for layer in layers if layer is not None), self.url):
            if url and url.lower().startswith(("https://", "http://")):
                return url
        return None

    @property
    def plan_id(self) -> str:
        """`sector` or `sector+context`: the base of output file names."""
        sector = self.layer("sector")
        context = self.layer("context")
        base = sector.id if sector else self.framework_id
        return f"{base}+{context.id}" if context else base

    def role(self, role_id: str) -> Role:
        """The role with that id (KeyError if none)."""
        return _by_id(self.roles, role_id)

    def contact(self, contact_id: str) -> Contact:
        """The contact with that id (KeyError if none)."""
        return _by_id(self.contacts, contact_id)

    def step(self, step_id: str) -> Step:
        """The step with that id (KeyError if none)."""
        return _by_id(self.steps, step_id)

    def route(self, route_id: str) -> Route:
        """The route with that id (KeyError if none)."""
        return _by_id(self.routes, route_id)

    def condition(self, condition_id: str) -> Condition:
        """The condition with that id (KeyError if none)."""
        return _by_id(self.conditions, condition_id)


ItemT = TypeVar("ItemT", Role, Contact, Step, Route, Condition)


def _by_id(items: tuple[ItemT, ...], item_id: str) -> ItemT:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)
