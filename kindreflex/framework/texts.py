"""Localized texts in the data: normalising, choosing a language, finding placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from ..errors import CONTROL, INVISIBLE, describe_character

# A BCP 47 language tag as the format allows it: nl, nl-BE, sr-Latn-RS, es-419.
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?")
# `[Vlaams Meldpunt]{lang=nl}`: words of another language inside a text (a Dutch name in a
# French sentence), marked so that screen readers say them in it and they break at its
# syllables. The words hold no brackets; `LANGUAGE_MARK` finds every mark, well formed or not.
LANGUAGE_SPAN = re.compile(r"\[([^\[\]]+)\]\{lang=([^{}]*)\}")
LANGUAGE_MARK = re.compile(r"\{lang=[^{}]*\}")
# `{role:api}`, `{Role:api}`, `{term:club}`: kind, then an id; `{role:api|dat}` asks for a
# grammatical form of the name (framework.grammar).
PLACEHOLDER = re.compile(r"\{([A-Za-z]+):([^{}\s|]*)(?:\|([^{}\s|]*))?\}")
PLACEHOLDER_KINDS = ("role", "Role", "contact", "Contact", "phone", "term", "Term", "param")


def control_characters(text: str) -> list[str]:
    """The control characters in `text` (tab and line feed aside), each named: `U+001B (ESC)`."""
    return [describe_character(char) for char in dict.fromkeys(CONTROL.findall(text))]


def invisible_characters(text: str) -> list[str]:
    """The invisible direction and zero-width characters in `text`, each named:
    `U+202E (RIGHT-TO-LEFT OVERRIDE)`."""
    return [describe_character(char) for char in dict.fromkeys(INVISIBLE.findall(text))]


def as_text(value: Any, default_language: str) -> dict[str, str]:
    """Normalise a YAML value (string or mapping) to a language -> text mapping."""
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items()}
    return {default_language: str(value)}


def is_language_tag(value: str) -> bool:
    """True if `value` is a language tag as the format writes them (`nl`, `nl-BE`)."""
    return LANGUAGE_TAG.fullmatch(value) is not None


def without_language_marks(text: str) -> str:
    """`text` with each `[words]{lang=tag}` as its words (for a register, a log, a search)."""
    return LANGUAGE_SPAN.sub(r"\1", text)


def language_span_problems(text: str) -> list[str]:
    """What is wrong with each `[words]{lang=tag}` of `text`: a mark that follows no words
    in brackets, or names no language tag as the format writes them."""
    spans = {match.end(): match for match in LANGUAGE_SPAN.finditer(text)}
    problems: list[str] = []
    for mark in LANGUAGE_MARK.finditer(text):
        span = spans.get(mark.end())
        if span is None:
            problems.append(f"'{mark.group(0)}' follows no words in brackets")
        elif not is_language_tag(span.group(2)):
            problems.append(f"'{span.group(2)}' in '{mark.group(0)}' is not a language tag")
    return problems


def same_language(tag: str, other: str) -> bool:
    """True if two language tags name the same language, whatever their regions (nl, nl-BE)."""
    return tag.split("-")[0].lower() == other.split("-")[0].lower()


def name_language(name: Mapping[str, str], languages: Sequence[str], reader: str) -> str | None:
    """The language a contact's `name` is in where it is not the `reader`'s: the name is
    written for the reader as in one of the `languages` the contact answers in, none of which
    is the reader's (the VK's Dutch name in a French text, SOS Enfants in a Dutch one). None:
    the reader's, not known, or shown for want of a translation (marked as such elsewhere)."""
    if not languages or any(same_language(code, reader) for code in languages):
        return None
    shown = text_language(name, reader)
    if shown is None:
        return None
    for code in languages:
        found = text_language(name, code)
        if found is not None and name[found] == name[shown]:
            return code
    return None


def language_fallbacks(tag: str) -> list[str]:
    """`tag` and the shorter tags that serve its readers: nl-Latn-BE, nl-Latn, nl."""
    parts = tag.split("-")
    return ["-".join(parts[:end]) for end in range(len(parts), 0, -1)]


def text_language(text: Mapping[str, str], lang: str) -> str | None:
    """The language of `text` that serves readers of `lang` (`nl` for `nl-NL`), if any."""
    return next((tag for tag in language_fallbacks(lang) if tag in text), None)


def localize(text: Mapping[str, str], lang: str, default_language: str) -> tuple[str, bool]:
    """The text in `lang` (or a shorter tag of it: `nl` serves `nl-NL`), else in the default
    language; the flag says it fell back to another language."""
    if lang in text:  # the usual case, without building the fallback list
        return text[lang], False
    for wanted, fell_back in ((lang, False), (default_language, True)):
        found = text_language(text, wanted)
        if found is not None:
            return text[found], fell_back
    return next(iter(text.values()), ""), True


class Placeholder(NamedTuple):
    """One placeholder of a raw text: `{role:api|dat}` is kind role, id api, form dat."""

    kind: str
    id: str
    form: str | None
    offset: int


def placeholders(source: str) -> Iterator[Placeholder]:
    """Every placeholder in a raw text, in order."""
    for match in PLACEHOLDER.finditer(source):
        yield Placeholder(match.group(1), match.group(2), match.group(3), match.start())

