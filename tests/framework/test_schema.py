"""Tests of the JSON Schemas and of the plain-English schema problems."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from kindreflex.framework.schema import (
    SCHEMA_NAMES,
    SchemaProblem,
    load_schema,
    schema_problems,
    schema_text,
    write_schemas,
)

FRAMEWORK: dict[str, Any] = {
    "kind": "framework",
    "id": "kader",
    "version": "1.0.0",
    "date": "2026-11-28",
    "languages": ["nl", "en"],
    "title": {"nl": "Handelingskader", "en": "Handling framework"},
    "params": {"organisatie-naam": ""},
    "terms": {"organisatie": {"nl": "de organisatie", "en": "the organisation"}},
    "roles": [{"id": "medewerker", "name": {"nl": "medewerker", "en": "worker"}}],
    "contacts": [
        {
            "id": "1712",
            "name": "1712",
            "phone": "1712",
            "url": "https://www.1712.be",
            "audience": ["professional", "child", "parent"],
            "urgent": False,
            "last_checked": "2026-11-01",
        }
    ],
    "signals": [{"id": "online", "title": "Online", "examples": ["sexting"]}],
    "principles": [{"id": "luister", "title": "Luister"}],
    "steps": [
        {
            "id": "melden",
            "title": "Meld het",
            "who": ["medewerker"],
            "actions": [{"id": "bel", "text": "Bel {phone:1712}"}],
            "contacts": ["1712"],
            "decisions": [
                {
                    "id": "gevaar",
                    "question": "Acuut gevaar?",
                    "acute": True,
                    "options": [
                        {"id": "ja", "label": "Ja", "to": "contact:1712"},
                        {"id": "nee", "label": "Nee", "to": "next"},
                        {"id": "klaar", "label": "Klaar", "to": "end"},
                    ],
                }
            ],
        }
    ],
    "routes": [{"id": "thuis", "title": "Thuis", "steps": [{"id": "bellen", "title": "Bel"}]}],
    "forms": [
        {
            "id": "observatie",
            "title": "Observatie",
            "fields": [{"id": "datum", "label": "Datum", "lines": 1}],
        }
    ],
}

OVERLAY: dict[str, Any] = {
    "kind": "sector",
    "id": "sport",
    "extends": "kader",
    "framework_version": ">=1.0, <2",
    "title": {"nl": "Sportclubs", "en": "Sports clubs"},
    "operations": [
        {
            "set": {
                "terms": {"organisatie": {"nl": "de club"}},
                "params": {"organisatie-naam": "FC"},
            }
        },
        {"replace": "role:medewerker", "field": "name", "value": "trainer"},
        {"update": "step:melden", "fields": {"goal": "Doel", "record": "Noteer"}},
        {
            "insert": "step",
            "after": "step:melden",
            "item": {"id": "federatie", "title": "Federatie"},
        },
        {"insert": "step:melden/action", "at": "end", "item": {"id": "foto", "text": "Foto"}},
        {"append": "step:melden", "field": "do", "items": ["Blijf rustig"]},
        {"prepend": "signal:online", "field": "examples", "items": ["grooming"]},
        {"remove": "route:thuis", "reason": {"nl": "Niet voor clubs", "en": "Not for clubs"}},
        {"move": "step:federatie", "before": "step:melden"},
    ],
}

Change = Callable[[dict[str, Any]], None]


def changed(base: dict[str, Any], change: Change) -> dict[str, Any]:
    document = copy.deepcopy(base)
    change(document)
    return document


def set_at(path: tuple[str | int, ...], value: Any) -> Change:
    def change(document: dict[str, Any]) -> None:
        node: Any = document
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return change


def delete_at(path: tuple[str | int, ...]) -> Change:
    def change(document: dict[str, Any]) -> None:
        node: Any = document
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]

    return change


def operations(*ops: dict[str, Any]) -> Change:
    return set_at(("operations",), list(ops))


def test_valid_documents_have_no_problems() -> None:
    assert schema_problems(FRAMEWORK, "framework") == []
    assert schema_problems(OVERLAY, "overlay") == []
    organisation = {"kind": "organisation", "id": "fc-x", "extends": "kader", "name": "FC X"}
    assert schema_problems(organisation, "overlay") == []


def test_minimal_framework_is_valid() -> None:
    minimal = {
        "kind": "framework",
        "id": "k",
        "version": "0.1.0",
        "languages": ["nl"],
        "title": "K",
    }
    assert schema_problems(minimal, "framework") == []


# (name, schema, base document, change, path, code, message part, hint part, key_error)
CASES: list[tuple[str, str, dict[str, Any], Change, tuple[str | int, ...], str, str, str, bool]] = [
    (
        "unknown field with did-you-mean",
        "framework",
        FRAMEWORK,
        set_at(("steps", 0, "titel"), "x"),
        ("steps", 0, "titel"),
        "schema-unknown-field",
        "unknown field 'titel' in step 'melden'",
        "did you mean 'title'?",
        True,
    ),
    (
        "unknown field without a close name lists the allowed ones",
        "framework",
        FRAMEWORK,
        set_at(("roles", 0, "zzz"), "x"),
        ("roles", 0, "zzz"),
        "schema-unknown-field",
        "unknown field 'zzz' in role 'medewerker'",
        "allowed fields: id, name, forms, description",
        True,
    ),
    (
        "wrong type",
        "framework",
        FRAMEWORK,
        set_at(("steps", 0, "who"), "medewerker"),
        ("steps", 0, "who"),
        "schema-wrong-type",
        "'who' in step 'melden' must be a list of role ids, not a text",
        "",
        False,
    ),
    (
        "unquoted number as id",
        "framework",
        FRAMEWORK,
        set_at(("contacts", 0, "id"), 1712),
        ("contacts", 0, "id"),
        "schema-wrong-type",
        "must be a text, not a number",
        'put it in quotes: "1712"',
        False,
    ),
    (
        "missing required field",
        "framework",
        FRAMEWORK,
        delete_at(("steps", 0, "title")),
        ("steps", 0),
        "schema-missing-field",
        "step 'melden' needs a 'title'",
        "'title': ",
        False,
    ),
    (
        "missing id names the kind",
        "framework",
        FRAMEWORK,
        delete_at(("steps", 0, "actions", 0, "id")),
        ("steps", 0, "actions", 0),
        "schema-missing-field",
        "an action of step 'melden' needs an 'id'",
        "",
        False,
    ),
    (
        "missing top-level field",
        "framework",
        FRAMEWORK,
        delete_at(("languages",)),
        (),
        "schema-missing-field",
        "the framework needs 'languages'",
        "",
        False,
    ),
    (
        "bad id",
        "framework",
        FRAMEWORK,
        set_at(("steps", 0, "id"), "Melden Nu"),
        ("steps", 0, "id"),
        "schema-invalid-id",
        "is not a valid id: 'Melden Nu'",
        "for example 'melden-nu'",
        False,
    ),
    (
        "bad id as a term name points at the key",
        "framework",
        FRAMEWORK,
        set_at(("terms", "Organisatie"), "x"),
        ("terms", "Organisatie"),
        "schema-invalid-id",
        "the name 'Organisatie'",
        "",
        True,
    ),
    (
        "localized text with a bad language key",
        "framework",
        FRAMEWORK,
        set_at(("title",), {"nl": "Kader", "EN": "Framework"}),
        ("title", "EN"),
        "schema-invalid-value",
        "'EN' in 'title' in the framework is not a language tag",
        "a language code in lowercase",
        True,
    ),
    (
        "localized text as a list",
        "framework",
        FRAMEWORK,
        set_at(("title",), ["a"]),
        ("title",),
        "schema-wrong-type",
        "must be a text, or one text per language",
        "",
        False,
    ),
    (
        "empty text",
        "framework",
        FRAMEWORK,
        set_at(("steps", 0, "title"), ""),
        ("steps", 0, "title"),
        "schema-empty",
        "'title' in step 'melden' is empty",
        "",
        False,
    ),
    (
        "value left empty in YAML",
        "framework",
        FRAMEWORK,
        set_at(("steps", 0, "goal"), None),
        ("steps", 0, "goal"),
        "schema-empty",
        "'goal' in step 'melden' is empty",
        "",
        False,
    ),
    (
        "lines out of range",
        "framework",
        FRAMEWORK,
        set_at(("forms", 0, "fields", 0, "lines"), 30),
        ("forms", 0, "fields", 0, "lines"),
        "schema-invalid-value",
        "must be between 1 and 20, not 30",
        "",
        False,
    ),
    (
        "bad option target",
        "framework",
        FRAMEWORK,
        set_at(("steps", 0, "decisions", 0, "options", 0, "to"), "stap:melden"),
        ("steps", 0, "decisions", 0, "options", 0, "to"),
        "schema-invalid-reference",
        "'to' in option 'ja' of decision 'gevaar' of step 'melden' is not a valid target",
        "did you mean 'step'?",
        False,
    ),
    (
        "bad date",
        "framework",
        FRAMEWORK,
        set_at(("date",), "28-11-2026"),
        ("date",),
        "schema-invalid-value",
        "is not a date",
        "YYYY-MM-DD",
        False,
    ),
    (
        "bad enum value",
        "overlay",
        OVERLAY,
        set_at(("kind",), "sectr"),
        ("kind",),
        "schema-invalid-value",
        "cannot be 'sectr'",
        "did you mean 'sector'?",
        False,
    ),
    (
        "bad ref in an operation",
        "overlay",
        OVERLAY,
        operations({"remove": "stap:melden", "reason": "r"}),
        ("operations", 0, "remove"),
        "schema-invalid-reference",
        "is not a valid reference: 'stap:melden'",
        "did you mean 'step'?",
        False,
    ),
    (
        "remove without reason",
        "overlay",
        OVERLAY,
        operations({"remove": "route:thuis"}),
        ("operations", 0),
        "schema-missing-field",
        "a 'remove' operation needs a 'reason'",
        "'reason': Why the item is removed",
        False,
    ),
    (
        "insert with both before and after",
        "overlay",
        OVERLAY,
        operations(
            {
                "insert": "step",
                "before": "step:a",
                "after": "step:b",
                "item": {"id": "x", "title": "X"},
            }
        ),
        ("operations", 0),
        "schema-invalid-value",
        "has 'before' and 'after'; use only one of 'before', 'after' or 'at'",
        "",
        False,
    ),
    (
        "move without a place",
        "overlay",
        OVERLAY,
        operations({"move": "step:melden"}),
        ("operations", 0),
        "schema-missing-field",
        "the 'move: step:melden' operation needs one of 'before', 'after' or 'at'",
        "",
        False,
    ),
    (
        "inserted item is checked as its kind",
        "overlay",
        OVERLAY,
        operations({"insert": "step:melden/action", "at": "end", "item": {"id": "foto"}}),
        ("operations", 0, "item"),
        "schema-missing-field",
        "the new action of the 'insert: step:melden/action' operation needs a 'text'",
        "",
        False,
    ),
    (
        "operation key misspelt",
        "overlay",
        OVERLAY,
        operations({"remvoe": "step:melden", "reason": "r"}),
        ("operations", 0, "remvoe"),
        "schema-unknown-field",
        "unknown field 'remvoe' in an operation",
        "did you mean 'remove'?",
        True,
    ),
    (
        "operation without an operation key",
        "overlay",
        OVERLAY,
        operations({}),
        ("operations", 0),
        "schema-missing-field",
        "an operation needs one of 'set', 'replace'",
        "",
        False,
    ),
    (
        "replace a field the kind does not have",
        "overlay",
        OVERLAY,
        operations({"replace": "role:medewerker", "field": "nam", "value": "x"}),
        ("operations", 0, "field"),
        "schema-invalid-value",
        "cannot be 'nam': use 'name', 'forms', 'description' or 'if_suspected'",
        "did you mean 'name'?",
        False,
    ),
    (
        "update cannot change an id",
        "overlay",
        OVERLAY,
        operations({"update": "step:melden", "fields": {"id": "nieuw"}}),
        ("operations", 0, "fields", "id"),
        "schema-unknown-field",
        "unknown field 'id' in the fields of the 'update: step:melden' operation",
        "an item's id cannot be changed",
        True,
    ),
    (
        "append to a field that is not a list of that kind",
        "overlay",
        OVERLAY,
        operations({"append": "step:melden", "field": "title", "items": ["x"]}),
        ("operations", 0, "field"),
        "schema-invalid-value",
        "cannot be 'title'",
        "",
        False,
    ),
    (
        "name only in organisation layers",
        "overlay",
        OVERLAY,
        set_at(("name",), "FC"),
        ("name",),
        "schema-unknown-field",
        "field 'name' is not allowed in the sector overlay",
        "'name' is for organisation layers",
        True,
    ),
]


@pytest.mark.parametrize(
    ("schema", "base", "change", "path", "code", "message", "hint", "key_error"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_schema_problem(
    schema: str,
    base: dict[str, Any],
    change: Change,
    path: tuple[str | int, ...],
    code: str,
    message: str,
    hint: str,
    key_error: bool,
) -> None:
    problems = schema_problems(changed(base, change), schema)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.path == path
    assert problem.code == code
    assert message in problem.message
    if hint:
        assert any(hint in h for h in problem.hints), problem.hints
    assert problem.key_error is key_error
    assert "is not valid under any of the given schemas" not in problem.message


def test_two_operation_keys_give_one_problem() -> None:
    document = changed(
        OVERLAY, operations({"remove": "step:melden", "move": "step:x", "reason": "r"})
    )
    problems = schema_problems(document, "overlay")
    assert [(p.path, p.code) for p in problems] == [(("operations", 0), "schema-invalid-value")]
    assert "this one has 'remove' and 'move'" in problems[0].message
    assert problems[0].hints == ("split it into separate operations",)


def test_empty_document() -> None:
    assert [p.code for p in schema_problems(None, "framework")] == ["schema-empty"]


def test_organisation_needs_a_name() -> None:
    problems = schema_problems({"kind": "organisation", "id": "x", "extends": "kader"}, "overlay")
    assert [(p.code, p.message) for p in problems] == [
        ("schema-missing-field", "the organisation layer needs a 'name'")
    ]


def test_problems_are_sorted_by_path_and_stable() -> None:
    def break_it(document: dict[str, Any]) -> None:
        document["steps"][0]["titel"] = "x"
        document["roles"][0]["id"] = "Bad"
        document["zzz"] = 1
        document["contacts"][0]["phone"] = 1712

    document = changed(FRAMEWORK, break_it)
    first = schema_problems(document, "framework")
    assert first == schema_problems(document, "framework")
    assert [p.path for p in first] == [
        ("contacts", 0, "phone"),
        ("roles", 0, "id"),
        ("steps", 0, "titel"),
        ("zzz",),
    ]
    assert first == sorted(first, key=SchemaProblem.sort_key)


def test_unknown_schema_name() -> None:
    with pytest.raises(ValueError):
        schema_problems({}, "nope")


def _properties(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Every (place, schema) that is a property of some schema object, walked recursively."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("examples", "enum", "const", "required"):
                continue
            if key == "properties" and isinstance(value, dict):
                for name, prop in value.items():
                    yield f"{where}/properties/{name}", prop
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, f"{where}/{index}")


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_property_has_a_description(name: str) -> None:
    schema = load_schema(name)
    missing = [
        where
        for where, prop in _properties(schema)
        if not (isinstance(prop, dict) and prop.get("description"))
        and "/if/" not in where  # conditions only test values; editors never see them
    ]
    assert missing == []
    assert all(definition.get("title") for definition in schema["$defs"].values())


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schemas_are_valid_draft_2020_12_without_absolute_id(name: str) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$id" not in schema


def test_write_schemas_writes_the_schemas_the_validators_use(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "schema")
    assert [p.name for p in written] == ["framework.schema.json", "overlay.schema.json",
                                         "organisations.schema.json"]
    for name, path in zip(SCHEMA_NAMES, written, strict=True):
        assert path.read_text(encoding="utf-8") == schema_text(name)
    assert sorted(p.name for p in (tmp_path / "schema").iterdir()) == \
        sorted(p.name for p in written)
