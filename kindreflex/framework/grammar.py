"""Grammatical forms of names, and the contractions a language makes where a name follows a word.

A role, a contact or a term may declare its name in other grammatical forms per language
(`forms: {pl: {dat: opiekunowi}}`); a text asks for one with `{role:opiekun|dat}` and an
interface message with `%(role|dat)s` (docs/format.md, "Forms of names"). Where a text or a
message puts a name right after a word that merges with the name's article, the language's
contraction applies: French `à` + `le club` is `au club` (see `join_name`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .texts import language_fallbacks

# language tag -> form name -> the name in that form: {"pl": {"dat": "opiekunowi"}}
Forms = Mapping[str, Mapping[str, str]]
# The name of a form: the framework's own word for it (`dat`, `akk`, `gen`, `a`).
FORM_NAME = re.compile(r"[a-z][a-z0-9-]{0,31}")
# An interface message's placeholder, `%(role)s`, optionally asking for a form: `%(role|dat)s`.
MESSAGE_PLACEHOLDER = re.compile(r"%\(([A-Za-z_][A-Za-z0-9_]*)(?:\|([^()\s]*))?\)s")

# Where a word merges with the article of the name after it (the word, the article, the one
# word they make). French writes à + le as au, à + les as aux, de + le as du, de + les as des;
# `la` and `l’` stay as they are. Per language: the part of the tag before '-'.
CONTRACTIONS: dict[str, dict[tuple[str, str], str]] = {
    "fr": {("à", "le"): "au", ("à", "les"): "aux", ("de", "le"): "du", ("de", "les"): "des"},
}
_WORD_BEFORE = re.compile(r"(?<![\w’'])(\w+) $")
_ARTICLE = re.compile(r"(\w+) ")
# A second article after "ou"/"et" takes the word as well: "à le ou la responsable" is
# "au ou à la responsable".
_SECOND_ARTICLE = re.compile(r" (ou|et) (\w+|l['’])(?=[ \w])")


def term_parts(value: Any) -> tuple[Any, Forms]:
    """A term's text and its forms: a term is a text, or `{name: text, forms: {…}}`."""
    if isinstance(value, Mapping) and set(value) == {"name", "forms"}:
        forms = value["forms"] if isinstance(value["forms"], Mapping) else {}
        return value["name"], forms
    return value, {}


def form_of(forms: Forms, lang: str, form: str) -> str | None:
    """The name in `form` for readers of `lang` (forms in `pl` serve `pl-PL`), or None."""
    for tag in language_fallbacks(lang):
        value = (forms.get(tag) or {}).get(form)
        if value is not None:
            return value
    return None


def declared_forms(forms: Forms, lang: str) -> list[str]:
    """The names of the forms declared for readers of `lang`, sorted."""
    names: set[str] = set()
    for tag in language_fallbacks(lang):
        names.update(forms.get(tag) or {})
    return sorted(names)


def join_name(before: str, name: str, lang: str) -> tuple[str, str]:
    """`before` and `name` as they read where a text puts the name right after `before`.

    Only the contractions of the language change anything: in French "Adressez-vous à " and
    "le pouvoir organisateur" become "Adressez-vous " and "au pouvoir organisateur".
    """
    rules = CONTRACTIONS.get(lang.split("-")[0].lower())
    if not rules:
        return before, name
    word_match = _WORD_BEFORE.search(before)
    article_match = _ARTICLE.match(name)
    if word_match is None or article_match is None:
        return before, name
    word, article = word_match.group(1), article_match.group(1)
    merged = rules.get((word.lower(), article))
    if merged is None:
        return before, name
    if word[0].isupper():
        merged = merged[0].upper() + merged[1:]
    rest = name[len(article):]
    second = _SECOND_ARTICLE.match(rest)
    if second is not None:
        other = second.group(2)
        joined = rules.get((word.lower(), other), f"{word.lower()} {other}")
        rest = f" {second.group(1)} {joined}{rest[second.end():]}"
    return before[: word_match.start()], merged + rest
