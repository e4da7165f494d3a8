"""Localized texts for a reader: placeholders filled, inline Markdown rendered."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from ..framework.grammar import Forms, form_of, join_name
from ..framework.org_params import param_value
from ..framework.phones import DEFAULT_REGION, display_phone
from ..framework.texts import (
    LANGUAGE_SPAN,
    PLACEHOLDER,
    is_language_tag,
    localize,
    name_language,
    text_language,
)
from .isolation import before_fork

SAFE_LINK = re.compile(r"^(https?:|mailto:|tel:)", re.IGNORECASE)


def _capitalise(value: str) -> str:
    return value[:1].upper() + value[1:]


@before_fork  # imported lazily: a template render in a child must not be the one to import it
@lru_cache(maxsize=1)
def _markdown() -> Any:
    # Imported here: validating does not render Markdown, and start-up time is the editor's.
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image"])  # no images in texts: nothing may be fetched from a text
    md.validateLink = lambda url: bool(SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]
    md.inline.ruler.before("link", "language_span", _language_span)
    return md


def _language_span(state: Any, silent: bool) -> bool:
    """`[Vlaams Meldpunt]{lang=nl}` as `<span lang="nl">Vlaams Meldpunt</span>`: only a
    language tag becomes an attribute (a mark that names none stays text; `validate` says so)."""
    # Not while a link's label is measured (silent): a token there that starts with "[" would
    # be taken for a link inside the link, and the link dropped. Its text is parsed after.
    if silent or state.src[state.pos] != "[":
        return False
    match = LANGUAGE_SPAN.match(state.src, state.pos, state.posMax)
    if match is None or not is_language_tag(match.group(2)):
        return False
    end = state.posMax
    # The class tells it from a word shown in another language for want of a translation
    # (a bare span[lang], which the preview marks).
    state.push("span_open", "span", 1).attrs = {"lang": match.group(2), "class": "lang-part"}
    state.pos, state.posMax = match.start(1), match.end(1)
    state.md.inline.tokenize(state)
    state.push("span_close", "span", -1)
    state.posMax = end
    state.pos = match.end()
    return True


def inline_markdown(source: str) -> Markup:
    """Render short inline Markdown to safe HTML (raw HTML is shown as text)."""
    return Markup(_markdown().renderInline(source))


def strip_markdown(source: str) -> str:
    """Plain text of inline Markdown (for PDF metadata and bookmarks)."""
    tokens = _markdown().parseInline(source)
    parts: list[str] = []
    for token in tokens:
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    return "".join(parts)


@dataclass(frozen=True)
class Name:
    """A name as the reader's language has it: as written, and in its declared forms."""

    text: str
    forms: Forms

    def form(self, lang: str, form: str | None) -> str:
        """The name in `form` (None: as written). A form it does not declare gives the name as
        written: `validate` reports it (form-missing) where it is asked for."""
        if form is None:
            return self.text
        found = form_of(self.forms, lang, form)
        return self.text if found is None else found

    def __str__(self) -> str:
        return self.text


@dataclass
class Localizer:
    """Turns localized texts of one plan into one language, placeholders filled."""

    lang: str
    default_language: str
    roles: Mapping[str, Mapping[str, str]]
    contacts: Mapping[str, tuple[Mapping[str, str], str | None]]
    terms: Mapping[str, Mapping[str, str]]
    params: Mapping[str, Any]
    region: str = DEFAULT_REGION
    # The declared forms of names, by kind (role, contact, term) and id.
    forms: Mapping[str, Mapping[str, Forms]] = field(default_factory=dict)
    # The languages each contact answers in (those that state them): a contact's name a text
    # puts in is marked as its language where that is not the reader's (name_language).
    contact_languages: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def raw(self, text: Mapping[str, str] | None) -> str:
        """The text in this language with placeholders filled, Markdown left as is."""
        if not text:
            return ""
        value, _fell_back = localize(text, self.lang, self.default_language)
        if "{" not in value:
            return value
        pieces: list[str] = []
        end = 0
        for match in PLACEHOLDER.finditer(value):
            before = "".join(pieces) + value[end:match.start()]
            name = self._replace(match)
            if match.group(1).lower() in ("role", "contact", "term"):
                before, name = join_name(before, name, self.lang)
            pieces = [before, name]
            end = match.end()
        return "".join(pieces) + value[end:]

    def is_fallback(self, text: Mapping[str, str] | None) -> bool:
        """True if this text has no version in this language (`nl` serves `nl-NL`)."""
        return bool(text) and text_language(text, self.lang) is None  # type: ignore[arg-type]

    def html(self, text: Mapping[str, str] | None) -> Markup:
        """The text as safe inline HTML."""
        return inline_markdown(self.raw(text))

    def plain(self, text: Mapping[str, str] | None) -> str:
        """The text as plain characters (no Markdown)."""
        return strip_markdown(self.raw(text))

    def name(self, kind: str, key: str, text: Mapping[str, str]) -> Name:
        """The name of a role, contact or term in this language, with its forms."""
        return Name(self.plain(text), (self.forms.get(kind) or {}).get(key, {}))

    def _word(self, table: Mapping[str, Mapping[str, str]], key: str) -> str:
        return localize(table[key], self.lang, self.default_language)[0]

    def _replace(self, match: re.Match[str]) -> str:
        kind, key, form = match.group(1), match.group(2), match.group(3)
        try:
            if kind in ("role", "Role"):
                value = self._named("role", key, form, self._word(self.roles, key))
            elif kind in ("contact", "Contact"):
                value = self._named("contact", key, form,
                                    localize(self.contacts[key][0], self.lang,
                                             self.default_language)[0])
                code = name_language(self.contacts[key][0], self.contact_languages.get(key, ()),
                                     self.lang)
                # Marked as a text marks words of another language (a name holding a bracket
                # would not read as one: it stays unmarked).
                if code is not None and not set("[]{}") & set(value):
                    value = _capitalise(value) if kind[0].isupper() else value
                    return f"[{value}]{{lang={code}}}"
            elif kind == "phone":
                value = display_phone(self.contacts[key][1] or "", self.region)
            elif kind in ("term", "Term"):
                value = self._named("term", key, form, self._word(self.terms, key))
            elif kind == "param":
                value = str(param_value(self.params, key))
            else:
                return match.group(0)
        except KeyError:
            # Validation reports unresolved placeholders; rendering keeps the text visible.
            return match.group(0)
        return _capitalise(value) if kind[0].isupper() else value

    def _named(self, kind: str, key: str, form: str | None, written: str) -> str:
        """A name as written, or in the form the placeholder asks for."""
        return Name(written, (self.forms.get(kind) or {}).get(key, {})).form(self.lang, form)


def localizer_for(plan: Any, lang: str) -> Localizer:
    """A Localizer for a resolved `Plan` in one language."""
    return Localizer(
        lang=lang,
        default_language=plan.default_language,
        roles={r.id: r.name for r in plan.roles},
        contacts={c.id: (c.name, c.phone) for c in plan.contacts},
        contact_languages={c.id: c.languages for c in plan.contacts if c.languages},
        terms=dict(plan.terms),
        params=dict(plan.params),
        region=plan.region,
        forms={"role": {r.id: r.forms for r in plan.roles if r.forms},
               "contact": {c.id: c.forms for c in plan.contacts if c.forms},
               "term": dict(plan.term_forms)},
    )

