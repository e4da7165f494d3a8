"""Localized texts in the data: normalising, choosing a language, finding placeholders."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import CONTROL, describe_character

# `{role:api}`, `{Role:api}`, `{term:club}`: kind, then an id.
PLACEHOLDER = re.compile(r"\{([A-Za-z]+):([^{}\s]*)\}")
PLACEHOLDER_KINDS = ("role", "Role", "contact", "Contact", "phone", "term", "Term", "param")


def control_characters(text: str) -> list[str]:
    """The control characters in `text` (tab and line feed aside), each named: `U+001B (ESC)`."""
    return [describe_character(char) for char in dict.fromkeys(CONTROL.findall(text))]


def as_text(value: Any, default_language: str) -> dict[str, str]:
    """Normalise a YAML value (string or mapping) to a language -> text mapping."""
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items()}
    return {default_language: str(value)}


def localize(text: Mapping[str, str], lang: str, default_language: str) -> tuple[str, bool]:
    """The text in `lang`, or in the default language; the flag says it fell back."""
    if lang in text:
        return text[lang], False
    if default_language in text:
        return text[default_language], True
    return next(iter(text.values()), ""), True


def placeholders(source: str) -> Iterator[tuple[str, str, int]]:
    """Yield (kind, id, offset) for every placeholder in a raw text."""
    for match in PLACEHOLDER.finditer(source):
        yield match.group(1), match.group(2), match.start()

