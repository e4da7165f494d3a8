"""Localized texts in the data: normalising, choosing a language, finding placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from ..errors import CONTROL, INVISIBLE, describe_character

# A BCP 47 language tag as the format allows it: nl, nl-BE, sr-Latn-RS, es-419.
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?")
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

