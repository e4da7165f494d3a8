"""Table-driven tests of every overlay operation and rule (docs/editors.md, "The operations")."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import pytest

from kindreflex.framework.checks import check_resolution
from kindreflex.framework.operations import apply_overlay
from kindreflex.framework.overlay import Resolution, start_resolution
from kindreflex.framework.refs import item_refs
from kindreflex.framework.yaml_source import Document, load_yaml_bytes

from ..helpers import MINI
from ..lines import line_of

FRAMEWORK = (MINI / "frameworks" / "kader.yaml").read_bytes()


def framework_doc() -> Document:
    doc, issues = load_yaml_bytes(FRAMEWORK, "frameworks/kader.yaml")
    assert doc is not None and not issues
    return doc


def resolve(operations: str, layer: str = "sector") -> Resolution:
    text = "kind: sector\nid: t\nextends: kader\noperations:\n" + textwrap.indent(
        textwrap.dedent(operations).lstrip("\n"), "  ")
    doc, issues = load_yaml_bytes(text.encode(), "o.yaml")
    assert doc is not None, issues
    res = start_resolution(framework_doc())
    apply_overlay(res, doc, layer, "t")
    return res


def ids(res: Resolution, field: str) -> list[str]:
    return [item["id"] for item in res.data[field]]


def step(res: Resolution, step_id: str) -> dict[str, Any]:
    return next(s for s in res.data["steps"] if s["id"] == step_id)


BASE_STEPS = ["acuut", "noteren", "overleggen", "afronden"]

# name, operations, check of the resolved data
SUCCESS: list[tuple[str, str, Callable[[Resolution], None]]] = [
    ("replace a field", """
     - replace: step:noteren
       field: title
       value: {nl: Schrijf op, en: Write down}
     """, lambda r: step(r, "noteren")["title"] == {"nl": "Schrijf op", "en": "Write down"}),
    ("update several fields", """
     - update: role:verantwoordelijke
       fields:
         name: {nl: API, en: API}
         description: {nl: Aanspreekpunt, en: Contact point}
     """, lambda r: r.data["roles"][1]["description"]["nl"] == "Aanspreekpunt"),
    ("insert after", """
     - insert: step
       after: step:noteren
       item: {id: nieuw, title: Nieuw}
     """, lambda r: ids(r, "steps") == ["acuut", "noteren", "nieuw", "overleggen", "afronden"]),
    ("insert before", """
     - insert: step
       before: step:noteren
       item: {id: nieuw, title: Nieuw}
     """, lambda r: ids(r, "steps") == ["acuut", "nieuw", "noteren", "overleggen", "afronden"]),
    ("insert at start", """
     - insert: role
       at: start
       item: {id: trainer, name: Trainer}
     """, lambda r: ids(r, "roles") == ["trainer", "medewerker", "verantwoordelijke",
                                       "bestuur"]),
    ("insert at end", """
     - insert: contact
       at: end
       item: {id: awel, name: Awel, phone: "102"}
     """, lambda r: ids(r, "contacts") == ["112", "1712", "awel"]),
    ("insert nested action", """
     - insert: step:noteren/action
       before: step:noteren/action:feiten
       item: {id: datum, text: Noteer de datum.}
     """, lambda r: [a["id"] for a in step(r, "noteren")["actions"]] == ["datum", "feiten"]),
    ("append to a text list", """
     - append: step:noteren
       field: do
       items: [Blijf rustig.]
     """, lambda r: step(r, "noteren")["do"][-1] == "Blijf rustig."),
    ("prepend to a text list", """
     - prepend: signal:online
       field: examples
       items: [Grooming]
     """, lambda r: r.data["signals"][0]["examples"][0] == "Grooming"),
    ("append creates a missing list", """
     - append: step:afronden
       field: dont
       items: [Beloof geen geheimhouding.]
     """, lambda r: step(r, "afronden")["dont"] == ["Beloof geen geheimhouding."]),
    ("append items with ids", """
     - append: step:noteren
       field: actions
       items: [{id: foto, text: Geen foto's.}]
     """, lambda r: [a["id"] for a in step(r, "noteren")["actions"]] == ["feiten", "foto"]),
    ("remove with reason", """
     - remove: route:thuis
       reason: Niet nodig.
     """, lambda r: r.data["routes"] == [] and "route:thuis" in r.removed),
    ("move after", """
     - move: step:afronden
       after: step:noteren
     """, lambda r: ids(r, "steps") == ["acuut", "noteren", "afronden", "overleggen"]),
    ("move before", """
     - move: step:overleggen
       before: step:noteren
     """, lambda r: ids(r, "steps") == ["acuut", "overleggen", "noteren", "afronden"]),
    ("move to start", """
     - move: step:afronden
       at: start
     """, lambda r: ids(r, "steps") == ["afronden", "acuut", "noteren", "overleggen"]),
    ("move to end", """
     - move: step:acuut
       at: end
     """, lambda r: ids(r, "steps") == ["noteren", "overleggen", "afronden", "acuut"]),
    ("set params and terms", """
     - set:
         params: {organisatie-naam: KSA Gent}
         terms: {organisatie: {nl: de club, en: the club}}
     """, lambda r: r.data["params"]["organisatie-naam"] == "KSA Gent"
        and r.data["terms"]["organisatie"]["nl"] == "de club"),
]


@pytest.mark.parametrize(("name", "operations", "check"), SUCCESS, ids=[c[0] for c in SUCCESS])
def test_operation_succeeds(name: str, operations: str,
                            check: Callable[[Resolution], bool]) -> None:
    res = resolve(operations)
    assert res.issues == []
    assert check(res), name


def test_a_later_layer_may_insert_an_id_an_earlier_layer_removed() -> None:
    res = resolve("""
     - remove: step:afronden
       reason: Anders.
     """)
    text = "kind: context\nid: c\nextends: kader\noperations:\n" \
        "  - insert: step\n    at: end\n    item: {id: afronden, title: Nieuw einde}\n"
    doc, _ = load_yaml_bytes(text.encode(), "c.yaml")
    assert doc is not None
    apply_overlay(res, doc, "context", "c")
    assert res.issues == []
    assert step(res, "afronden")["title"] == "Nieuw einde"
    assert not res.removed
    assert res.provenance["step:afronden"].layer == "context"


def test_provenance_names_file_line_and_operation() -> None:
    res = resolve("""
     - replace: step:noteren
       field: title
       value: Schrijf op
     - insert: step
       at: end
       item: {id: nieuw, title: Nieuw}
     """)
    title = res.provenance["step:noteren#title"]
    assert (title.file, title.line, title.operation, title.layer) == ("o.yaml", 7, "replace",
                                                                     "sector")
    assert res.provenance["step:nieuw"].operation == "insert"
    assert res.provenance["step:nieuw#title"].line == 10
    untouched = res.provenance["step:acuut#title"]
    assert (untouched.file, untouched.operation) == ("frameworks/kader.yaml", "framework")


def test_every_resolved_field_has_provenance() -> None:
    res = resolve("""
     - append: step:noteren
       field: actions
       items: [{id: foto, text: Geen foto's.}]
     """)
    for ref, item, _kind, _path in item_refs(res.data):
        assert ref in res.provenance
        for field in item:
            assert f"{ref}#{field}" in res.provenance, f"{ref}#{field}"


# name, operations, expected code, expected line:column (in o.yaml; operations start on line 5)
FAILURE: list[tuple[str, str, str, str]] = [
    ("unknown target with a hint", """
     - remove: step:notere
       reason: weg
     """, "overlay-target-unknown", "5:13"),
    ("insert of an existing id", """
     - insert: step
       at: end
       item: {id: noteren, title: Dubbel}
     """, "overlay-insert-exists", "7:16"),
    ("append an existing id", """
     - append: step:noteren
       field: actions
       items: [{id: feiten, text: Dubbel}]
     """, "overlay-insert-exists", "7:18"),
    ("two operations on one field", """
     - replace: step:noteren
       field: title
       value: Een
     - update: step:noteren
       fields: {title: Twee}
     """, "overlay-duplicate-operation", "9:21"),
    ("position in another list", """
     - insert: step
       after: route:thuis
       item: {id: x, title: X}
     """, "overlay-position-elsewhere", "6:12"),
    ("unknown position anchor", """
     - move: step:noteren
       after: step:wegen
     """, "overlay-target-unknown", "6:12"),
    ("append to a single value", """
     - append: step:noteren
       field: title
       items: [x]
     """, "overlay-field-not-list", "6:12"),
    ("replace an id", """
     - replace: step:noteren
       field: id
       value: notities
     """, "overlay-field-id", "7:12"),
    ("insert into an unknown kind", """
     - insert: step:noteren/option
       at: end
       item: {id: x, label: X, to: end}
     """, "overlay-insert-kind", "5:13"),
    ("target of a removed item", """
     - remove: step:afronden
       reason: weg
     - replace: step:afronden
       field: title
       value: x
     """, "overlay-target-unknown", "7:14"),
    ("move next to itself", """
     - move: step:noteren
       after: step:noteren
     """, "overlay-move-self", "6:12"),
]


@pytest.mark.parametrize(("name", "operations", "code", "where"), FAILURE,
                         ids=[c[0] for c in FAILURE])
def test_operation_fails_with_located_error(name: str, operations: str, code: str,
                                            where: str) -> None:
    res = resolve(operations)
    assert [i.code for i in res.issues] == [code], res.issues
    issue = res.issues[0]
    assert f"{issue.line}:{issue.column}" == where
    assert issue.file == "o.yaml"


def test_unknown_target_hint_names_the_closest_id_and_its_place() -> None:
    res = resolve("""
     - remove: step:notere
       reason: weg
     """)
    line = line_of(MINI / "frameworks" / "kader.yaml", "- id: noteren")
    assert res.issues[0].hints[0] == f"did you mean 'step:noteren' (frameworks/kader.yaml:{line})?"


def test_failed_operation_does_not_stop_the_next() -> None:
    res = resolve("""
     - remove: step:nope
       reason: weg
     - replace: step:noteren
       field: title
       value: Verder
     """)
    assert [i.code for i in res.issues] == ["overlay-target-unknown"]
    assert step(res, "noteren")["title"] == "Verder"


def test_rule3_removed_item_still_referenced_names_both_places() -> None:
    res = resolve("""
     - remove: contact:1712
       reason: weg
     """)
    issues = check_resolution(res)
    removed = [i for i in issues if i.code == "reference-removed"]
    assert len(removed) == 1
    issue = removed[0]
    assert (issue.file, issue.line) == (
        "frameworks/kader.yaml", line_of(MINI / "frameworks" / "kader.yaml", 'contacts: ["1712"]'))
    assert issue.message == (
        "step:overleggen (contacts) refers to contact:1712, which sector t (o.yaml:5) "
        "removed")


def test_rule3_removed_step_that_a_decision_leads_to() -> None:
    res = resolve("""
     - replace: step:acuut/decision:gevaar/option:nee
       field: to
       value: step:noteren
     - remove: step:noteren
       reason: weg
     """)
    issues = [i for i in check_resolution(res) if i.code == "reference-removed"]
    assert [(i.file, i.line) for i in issues] == [("o.yaml", 7)]
    assert issues[0].message == ("step:acuut/decision:gevaar/option:nee (to) refers to "
                                 "step:noteren, which sector t (o.yaml:8) removed")


def test_unreachable_step_is_reported() -> None:
    res = resolve("""
     - replace: step:acuut/decision:gevaar/option:nee
       field: to
       value: step:overleggen
     """)
    codes = [i.code for i in check_resolution(res)]
    assert codes == ["step-unreachable"]


def test_unresolved_placeholder_is_located_at_the_operation() -> None:
    res = resolve("""
     - replace: step:noteren
       field: title
       value: "Vraag {role:trainer}"
     """)
    issues = [i for i in check_resolution(res) if i.code == "placeholder-unresolved"]
    assert [(i.file, i.line) for i in issues] == [("o.yaml", 7)]


def test_resolution_is_deterministic() -> None:
    ops = """
     - insert: step
       after: step:noteren
       item: {id: nieuw, title: Nieuw}
     - move: step:afronden
       at: start
     """
    first, second = resolve(ops), resolve(ops)
    assert first.data == second.data
    assert first.provenance == second.provenance
    assert [c.as_dict() for c in first.changes] == [c.as_dict() for c in second.changes]
