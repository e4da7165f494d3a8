"""Words for schema messages: articles, lists of names, nouns for types and fields."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from .schema import load_schema

# How to name what a list must hold, by field name (the generic fallback is "a list").
LIST_NOUNS = {
    "who": "a list of role ids",
    "contacts": "a list of contact ids",
    "do": "a list of texts",
    "dont": "a list of texts",
    "examples": "a list of texts",
    "languages": "a list of language tags",
    "audience": "a list (professional, child, parent)",
    "operations": "a list of operations",
    "items": "a list of items",
}


TYPE_NOUNS = {
    "string": "a text",
    "object": "a mapping (field: value)",
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


# What a def with several forms stands for, by its title, when the value fits none of them.
TITLE_NOUNS = {"Text": "a text, or one text per language such as {nl: …, en: …}"}


# Field names that read as plurals: "needs 'options'", not "needs an 'options'".
PLURALS = frozenset(
    ["languages", "options", "fields", "items", "operations", "steps", "actions", "decisions"]
)


FIELD_HINTS = {
    "id": "an item's id cannot be changed; remove the item and insert a new one",
    "name": "'name' is for organisation layers; sectors and contexts use 'title'",
}


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeio" else "a"


def quoted(names: Iterable[str], last: str = "or") -> str:
    items = [f"'{n}'" for n in names]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def actual(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


# German writes ä, ö, ü as ae, oe, ue where the letters are not at hand (ids, addresses, file
# names); a generic transliteration drops the dots (ä -> a), which is right for the ä of
# Finnish, Swedish or Estonian but reads wrong in German: German ids get their own step first.
LANGUAGE_LETTERS = {"de": str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue",
                                         "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})}


def slug(value: str, language: str | None = None) -> str:
    """`value` as an id: transliterated to ASCII (é -> e, ł -> l, ß -> ss; German ä -> ae when
    `language` is German), lowercase, words joined by '-'."""
    from anyascii import anyascii  # here: only a message with a hint needs it

    table = LANGUAGE_LETTERS.get((language or "").split("-")[0].lower())
    if table is not None:
        value = value.translate(table)
    return re.sub(r"[^a-z0-9]+", "-", anyascii(value).lower()).strip("-")


@cache
def pattern_messages() -> dict[str, tuple[str, str, str]]:
    """Per schema pattern: (code, message template with {what} and {value}, hint)."""
    framework = load_schema("framework")["$defs"]
    overlay = load_schema("overlay")["$defs"]["op_insert"]["properties"]
    # Pattern -> (code, message template with {what} and {value}, hint).
    patterns: dict[str, tuple[str, str, str]] = {
        framework["id"]["pattern"]: (
            "schema-invalid-id",
            "{what} is not a valid id",
            "ids use lowercase letters, digits and '-' only",
        ),
        framework["ref"]["pattern"]: (
            "schema-invalid-reference",
            "{what} is not a valid reference",
            "write kind:id such as 'step:noteren', or a nested item such as "
            "'step:noteren/action:foto'",
        ),
        framework["claim_target"]["pattern"]: (
            "schema-invalid-reference",
            "{what} is not an item a claim can be about",
            "write kind:id such as 'step:melden' or 'route:medewerker/step:advies', "
            "or 'description'",
        ),
        framework["form_name"]["pattern"]: (
            "schema-invalid-value",
            "{what} is not a name of a form",
            "name a form with lowercase letters, digits and '-', starting with a letter, "
            "such as dat, akk or gen",
        ),
        framework["target"]["pattern"]: (
            "schema-invalid-reference",
            "{what} is not a valid target",
            "use step:ID, route:ID, contact:ID, next or end",
        ),
        overlay["insert"]["pattern"]: (
            "schema-invalid-reference",
            "{what} is not something that can be inserted",
            "use role, contact, signal, principle, step, route or form, or a nested list "
            "such as step:ID/action, step:ID/decision, step:ID/decision:ID/option, "
            "route:ID/step or form:ID/field",
        ),
        framework["language"]["pattern"]: (
            "schema-invalid-value",
            "{what} is not a language tag",
            "use a language code in lowercase such as nl, en or fr, optionally with a country "
            "in capitals: nl-BE, nl-NL, fr-BE, en-GB",
        ),
        framework["date"]["pattern"]: (
            "schema-invalid-value",
            "{what} is not a date",
            "write dates as YYYY-MM-DD, for example 2026-11-28",
        ),
        framework["url"]["pattern"]: (
            "schema-invalid-value",
            "{what} is not a web address",
            "web addresses start with https:// (or http://)",
        ),
        framework["contact"]["properties"]["email"]["pattern"]: (
            "schema-invalid-value",
            "{what} is not an e-mail address",
            "write it as name@example.org",
        ),
        framework["contact"]["properties"]["phone"]["pattern"]: (
            "schema-invalid-value",
            "{what} is not a phone number",
            "write the number as people dial it in the framework's region, in quotes, for "
            'example "112"; a number of another country starts with + and its country code',
        ),
        framework["region"]["pattern"]: (
            "schema-invalid-value",
            "{what} is not a region",
            "write the country as two capital letters (ISO 3166-1 alpha-2), for example BE, "
            "NL or FR",
        ),
        load_schema("framework")["properties"]["version"]["pattern"]: (
            "schema-invalid-value",
            "{what} is not a version number",
            "write MAJOR.MINOR.PATCH, for example 1.0.0",
        ),
        load_schema("overlay")["properties"]["framework_version"]["pattern"]: (
            "schema-invalid-value",
            "{what} is not a version range",
            'write it in quotes, for example ">=1.0, <2"',
        ),
    }
    return patterns


def date_hints(value: str) -> tuple[str, ...]:
    """Why a YYYY-MM-DD text is not a real date: how many days its month has."""
    import datetime as dt

    try:
        year, month = int(value[:4]), int(value[5:7])
        first = dt.date(year, month, 1)
        days = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    except ValueError:
        return ("write a date that exists, as YYYY-MM-DD",)
    return (f"{first:%B %Y} has {days} days",)


def shaped_like_a_date(error: Any) -> bool:
    """False for a `format: date` error on a text the date pattern already refuses."""
    # A text that does not have the date's form gets the pattern's message; only say "not a
    # real date" for one that has it but names a day that does not exist (2026-02-31).
    from .schema import ecma_regex

    schema = error.schema if isinstance(error.schema, dict) else {}
    pattern = schema.get("pattern")
    if error.validator_value != "date" or not isinstance(pattern, str):
        return True
    return ecma_regex(pattern).search(str(error.instance)) is not None
