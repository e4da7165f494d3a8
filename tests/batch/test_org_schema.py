"""Organisation files are checked by a JSON Schema whose rules are the framework's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from kindreflex.batch.org_file import read_organisations
from kindreflex.batch.organisation import OrgContact
from kindreflex.framework.schema import load_schema, schema_problems

from ..helpers import REPO

# The fields of an organisation file that are the framework's kinds of value, and where the
# framework defines each.
SHARED = {"id": ("id",), "url": ("url",), "contact_email": ("contact", "properties", "email"),
          "contact_phone": ("contact", "properties", "phone"),
          "alternative_phone": ("contact", "properties", "phone")}


def framework_def(*path: str) -> dict[str, Any]:
    node: Any = load_schema("framework")["$defs"]
    for part in path:
        node = node[part]
    return dict(node)


def test_the_organisations_schema_writes_no_pattern_of_its_own() -> None:
    # One place per pattern: every pattern an organisation file is held to is the framework's.
    text = json.dumps(load_schema("organisations"))
    assert '"pattern"' not in text
    fields = load_schema("organisations")["$defs"]["organisation"]["properties"]
    for field, where in SHARED.items():
        assert fields[field]["$ref"] == "framework.schema.json#/$defs/" + "/".join(where)
    contact = load_schema("organisations")["$defs"]["extra_contact"]["properties"]
    assert contact["phone"]["$ref"] == fields["contact_phone"]["$ref"]
    assert contact["email"]["$ref"] == fields["contact_email"]["$ref"]


def row(**fields: Any) -> dict[str, Any]:
    return {"id": "club", "name": "Club", "contact_name": "Jan", "contact_phone": "0470 12 34 56",
            **fields}


@pytest.mark.parametrize(("field", "value"), [
    ("id", "a" * 64), ("id", "a" * 65), ("id", "Club"), ("id", "club--a"), ("id", "-club"),
    ("url", "https://localhost"), ("url", "HTTPS://club.be"), ("url", "ftp://club.be"),
    ("url", "https://club.be/" + "x" * 290), ("url", "https://club.be/a b"),
    ("contact_email", "a@b.c"), ("contact_email", "a b@c.d"), ("contact_email", "a<b@c.de"),
    ("contact_email", "a@b"), ("contact_phone", "+32 9 266 11 11"), ("contact_phone", "09/266"),
    ("contact_phone", "0800-KIDS"), ("contact_phone", "1" * 41),
    ("alternative_phone", "+32 9 266 11 11"), ("alternative_phone", "09/266"),
])
def test_a_value_is_refused_exactly_when_the_framework_refuses_it(field: str,
                                                                   value: str) -> None:
    framework_refuses = not Draft202012Validator(framework_def(*SHARED[field])).is_valid(value)
    # A number of whom to tell instead comes with a name (tested below).
    name = {"alternative_name": "Marie"} if field == "alternative_phone" else {}
    problems = schema_problems([row(**{field: value}, **name)], "organisations")
    assert bool(problems) == framework_refuses, problems


def test_the_exported_schema_checks_an_organisation_file_as_an_editor_does() -> None:
    # VS Code reads schema/organisations.schema.json beside schema/framework.schema.json.
    exported = {name: json.loads((REPO / "schema" / f"{name}.schema.json").read_text())
                for name in ("organisations", "framework")}
    registry: Registry[Any] = Registry().with_resources(
        (f"{name}.schema.json", Resource.from_contents(schema))
        for name, schema in exported.items())
    validator = Draft202012Validator(exported["organisations"], registry=registry)
    assert validator.is_valid([row(extra_contacts=[{"name": "Ann", "email": "ann@club.be"}])])
    assert validator.is_valid({"organisations": [row()]})
    assert not validator.is_valid([row(id="Club Gent")])
    assert not validator.is_valid([row(extra_contacts=[{"name": "Ann"}])])


def read(tmp_path: Path, name: str, text: str) -> list[tuple[int, int, str, str]]:
    """(line, column, code, message) of every issue of a file `name` holding `text`."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    _rows, issues = read_organisations(tmp_path / name, name)
    return [(i.line, i.column, i.code, i.message) for i in issues]


def test_yaml_problems_are_placed_on_the_value_or_the_field_name(tmp_path: Path) -> None:
    found = read(tmp_path, "orgs.yaml", (
        "organisations:\n"
        "  - id: club\n"
        "    name: Club\n"
        "    contact_name: Jan\n"
        "    contact_phone: '0470 12 34 56'\n"
        "    contact_emial: jan@club.be\n"
        "    extra_contacts:\n"
        "      - {name: Ann, phone: '09 266 11 11', email: ann@}\n"
        "      - {name: Piet}\n"
        "      - {name: Els, fax: '09 266 11 12'}\n"
        "  - id: zwemclub\n"
        "    name: {nl: Zwemclub}\n"
        "    contact_name: An\n"))
    assert found == [
        (6, 5, "org-column-unknown", "unknown field 'contact_emial'"),
        (8, 51, "org-email-invalid", "'ann@' is not an email address"),
        (9, 9, "org-extra-contact-invalid",
         "extra contact 2 needs a name and a phone number or email"),
        (10, 9, "org-extra-contact-invalid",
         "extra contact 3 needs a name and a phone number or email"),
        (10, 21, "org-column-unknown", "unknown field 'fax' in extra contact 3"),
        (11, 5, "org-field-missing", "the contact phone is missing"),
        (12, 11, "org-field-type", "'name' must be a text"),
    ]


def test_csv_and_yaml_get_the_same_codes_and_messages(tmp_path: Path) -> None:
    csv = read(tmp_path, "orgs.csv", (
        "id,name,contact_name,contact_phone,contact_email,url,extra_contacts\n"
        "Club A,A,Jan,0470 12 34 56,jan@,https://a.be,Ann|abc\n"
        "b,B,Piet,12345,,ftp://b.be,Els\n"))
    yaml = read(tmp_path, "orgs.yaml", (
        "- {id: Club A, name: A, contact_name: Jan, contact_phone: 0470 12 34 56,"
        " contact_email: jan@, url: https://a.be, extra_contacts: Ann|abc}\n"
        "- {id: b, name: B, contact_name: Piet, contact_phone: 12345, url: ftp://b.be,"
        " extra_contacts: Els}\n"))
    # The same rows, one line lower in the CSV file (under its header).
    assert [(line - 1, code, message) for line, _col, code, message in csv] == \
        [(line, code, message) for line, _col, code, message in yaml]
    assert [code for _line, _col, code, _message in csv] == [
        "org-id-invalid", "org-email-invalid", "org-phone-invalid", "org-phone-invalid",
        "org-url-invalid", "org-extra-contact-invalid"]
    assert "'abc' is not valid (digits only" in csv[2][3]
    assert csv[3][3] == "the phone number '12345' is not valid (region BE)"


def test_the_organisations_mapping_and_the_list_read_alike(tmp_path: Path) -> None:
    entry = "id: club\n  name: Club\n  contact_name: Jan\n  contact_phone: 0470 12 34 56\n"
    (tmp_path / "list.yaml").write_text("- " + entry)
    (tmp_path / "mapping.yaml").write_text("organisations:\n  - " + entry.replace("\n  ", "\n    "))
    listed, issues = read_organisations(tmp_path / "list.yaml", "list.yaml")
    mapped, more = read_organisations(tmp_path / "mapping.yaml", "mapping.yaml")
    assert issues == more == []
    assert [(r.id, r.contact) for r in listed] == [(r.id, r.contact) for r in mapped]
    assert (listed[0].line, mapped[0].line) == (1, 2)
    assert read(tmp_path, "other.yaml", "clubs:\n  - id: club\n") == [
        (1, 1, "org-file-shape", "the file must be a list of organisations")]


def test_a_row_with_a_problem_of_its_file_is_never_built(tmp_path: Path) -> None:
    rows = ["id,name,contact_name,contact_phone", "goed,Goede Club,Jan,0470 12 34 56",
            "lang,Lange Club,An,0470 12 34 57,te veel", "bel,Club\x07,Els,0470 12 34 58"]
    assert [(line, code) for line, _column, code, _message in
            read(tmp_path, "orgs.csv", "\n".join(rows))] == [(3, "org-row-too-long"),
                                                           (4, "text-control-character")]
    built, _issues = read_organisations(tmp_path / "orgs.csv", "orgs.csv")
    assert [row.id for row in built] == ["goed"]


def test_whom_to_tell_instead_is_checked_as_the_contact_person_is(tmp_path: Path) -> None:
    # A number without a name says nothing to a worker; a number is held to the region's
    # rules wherever it stands; both columns are optional.
    found = read(tmp_path, "orgs.csv", (
        "id,name,contact_name,contact_phone,alternative_name,alternative_phone\n"
        "a,A,Jan,0470 12 34 56,Marie Claes,0471 98 76 54\n"
        "b,B,Piet,0470 12 34 57,,0471 98 76 55\n"
        "c,C,Els,0470 12 34 58,Tom,12345\n"
        "d,D,An,0470 12 34 59,Tom,\n"))
    assert found == [
        (3, 25, "org-field-missing",
         "the alternative phone is given without the alternative name"),
        (4, 27, "org-phone-invalid", "the phone number '12345' is not valid (region BE)"),
    ]
    rows, _issues = read_organisations(tmp_path / "orgs.csv", "orgs.csv")
    assert [(r.id, r.alternative) for r in rows] == [
        ("a", OrgContact("Marie Claes", "0471 98 76 54")), ("d", OrgContact("Tom"))]
    yaml = read(tmp_path, "orgs.yaml", "- {id: b, name: B, contact_name: Piet, "
                "contact_phone: 0470 12 34 57, alternative_phone: 0471 98 76 55}\n")
    assert [(code, message) for _line, _col, code, message in yaml] == [
        ("org-field-missing", "the alternative phone is given without the alternative name")]


def test_local_numbers_read_alike_from_csv_and_yaml(tmp_path: Path) -> None:
    header = "id,name,contact_name,contact_phone,local_phones\n"
    (tmp_path / "orgs.csv").write_text(header + "a,A,Jan,0470 12 34 56,vk|09 216 72 00; "
                                       "caw |078 15 03 00\n", encoding="utf-8")
    (tmp_path / "orgs.yaml").write_text(
        "- id: a\n  name: A\n  contact_name: Jan\n  contact_phone: 0470 12 34 56\n"
        "  local_phones: {vk: 09 216 72 00, caw: 078 15 03 00}\n", encoding="utf-8")
    for name in ("orgs.csv", "orgs.yaml"):
        rows, issues = read_organisations(tmp_path / name, name, local_contacts={"vk", "caw"})
        assert issues == []
        assert rows[0].local_phones == (("caw", "078 15 03 00"), ("vk", "09 216 72 00"))
    found = read(tmp_path, "bad.csv", header + "a,A,Jan,0470 12 34 56,vk|12345\n"
                 "b,B,Piet,0470 12 34 57,Vk|09 216 72 00\nc,C,Els,0470 12 34 58,vk\n")
    assert [(line, code) for line, _col, code, _message in found] == [
        (2, "org-phone-invalid"), (3, "org-local-phone-unknown"), (4, "org-field-type")]
    assert found[1][3] == "'Vk' is not the id of a contact"


def test_a_contact_given_two_local_numbers_is_refused_and_an_empty_one_is_none(
        tmp_path: Path) -> None:
    # Which of two numbers would the paper print? Neither: the file says which it means. A
    # number left empty (`vk|`, as a template leaves it) is no number, as in YAML.
    header = "id,name,contact_name,contact_phone,local_phones\n"
    found = read(tmp_path, "orgs.csv", header + "a,A,Jan,0470 12 34 56,"
                 "vk|09 216 72 00;caw|078 15 03 00;vk|09 216 72 01\n"
                 "b,B,Piet,0470 12 34 57,vk|;caw|078 15 03 00\n")
    assert found == [(2, 23, "org-local-phone-duplicate",
                      "the contact 'vk' is given more than one number")]
    rows, _issues = read_organisations(tmp_path / "orgs.csv", "orgs.csv")
    assert [(row.id, row.local_phones) for row in rows] == [("b", (("caw", "078 15 03 00"),))]


@pytest.mark.parametrize("region, emergency", [("BE", "112"), ("BE", "101"), ("DE", "110")])
def test_an_emergency_number_is_nobodys_own_number(tmp_path: Path, region: str,
                                                   emergency: str) -> None:
    # A worker who rings the contact person's "number" would reach the emergency desk; the
    # papers print the emergency numbers themselves. Which numbers those are is the region's.
    (tmp_path / "orgs.csv").write_text(
        "id,name,contact_name,contact_phone,alternative_name,alternative_phone,local_phones,"
        f"extra_contacts\na,A,Jan,{emergency},,,,\nb,B,Piet,+32 470 12 34 57,Tom,{emergency},,\n"
        f"c,C,Els,+32 470 12 34 58,,,vk|{emergency},\n"
        f"d,D,An,+32 470 12 34 59,,,,Secretariaat|{emergency}\n", encoding="utf-8")
    _rows, issues = read_organisations(tmp_path / "orgs.csv", "orgs.csv", region=region)
    assert [(issue.line, issue.code, issue.message) for issue in issues] == [
        (2, "org-phone-emergency",
         f"'{emergency}' is an emergency number, not the contact person's number"),
        (3, "org-phone-emergency",
         f"'{emergency}' is an emergency number, not the number of whom to tell instead"),
        (4, "org-phone-emergency", f"'{emergency}' is an emergency number, not the number of 'vk'"),
        (5, "org-phone-emergency",
         f"'{emergency}' is an emergency number, not an extra contact's number")]
