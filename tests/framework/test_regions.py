"""Frameworks of any region and language: phone numbers per region, BCP 47 language tags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kindreflex.framework.phones import display_phone, is_valid_phone, phones_in_text, tel_uri
from kindreflex.framework.project import load_project
from kindreflex.framework.schema import schema_problems
from kindreflex.framework.texts import language_fallbacks, localize

from ..helpers import TESTS, edited_mini, run
from ..lines import line_of


def edited(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    return edited_mini(tmp_path / "p", *changes)


# --- phone numbers of a region ---------------------------------------------------------------

@pytest.mark.parametrize(("number", "region", "shown", "uri"), [
    # As people in the Netherlands write them: printed as written, dialled in E.164.
    ("0800-2000", "NL", "0800-2000", "tel:+318002000"),
    ("0900-8844", "NL", "0900-8844", "tel:+319008844"),
    ("0800 0432", "NL", "0800 0432", "tel:+318000432"),
    ("112", "NL", "112", "tel:112"),
    ("116111", "NL", "116 111", "tel:116111"),
    # Bare digits or the region's own +CC: its national format.
    ("08002000", "NL", "0800 2000", "tel:+318002000"),
    ("+31 800 2000", "NL", "0800 2000", "tel:+318002000"),
    # Another country's number, written with its code: international format.
    ("+31 800 2000", "BE", "+31 800 2000", "tel:+318002000"),
    ("+32 2 548 98 00", "NL", "+32 2 548 98 00", "tel:+3225489800"),
    # The Belgian default is unchanged.
    ("02 548 98 00", "BE", "02 548 98 00", "tel:+3225489800"),
    ("1712", "BE", "1712", "tel:1712"),
    ("01 23 45 67 89", "FR", "01 23 45 67 89", "tel:+33123456789"),
])
def test_numbers_of_a_region(number: str, region: str, shown: str, uri: str) -> None:
    assert is_valid_phone(number, region)
    assert display_phone(number, region) == shown
    assert tel_uri(number, region) == uri


@pytest.mark.parametrize(("number", "region"), [
    ("0800-2000", "BE"),  # a Dutch toll-free number is no Belgian number
    ("1712", "NL"),  # a Belgian short number dials nothing in the Netherlands
    ("101", "NL"),
])
def test_numbers_of_another_region_are_not_valid_without_their_code(number: str,
                                                                    region: str) -> None:
    assert not is_valid_phone(number, region)


def test_region_decides_how_contacts_are_checked(tmp_path: Path) -> None:
    # The mini framework's 1712 is Belgian: in a Dutch framework it is a located warning whose
    # hint names the framework's region, not Belgium.
    root = edited(tmp_path, ("languages: [nl, en]", "languages: [nl, en]\nregion: NL"))
    result = run("validate", "--root", str(root))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    warning = next(i for i, line in enumerate(lines) if "contact-phone-invalid" in line)
    line = line_of(root / "frameworks" / "kader.yaml", 'phone: "1712"')
    assert lines[warning].startswith(f"frameworks/kader.yaml:{line}:12: "
                                     "warning[contact-phone-invalid]: "
                                     "the phone number '1712' of contact '1712' is not a valid "
                                     "number (region NL)")
    hint = next(line for line in lines[warning:] if line.startswith("  hint:"))
    assert hint == ("  hint: write it as people dial it in the framework's region, "
                    "NL (Netherlands), for example '010 123 4567'; a number of "
                    "another country starts with '+' and its country code")
    assert "Belgi" not in result.stdout


@pytest.mark.parametrize(("region", "change"), [
    ("", "add 'region: DE' to the framework file (a framework without 'region' is read as BE)"),
    ("\nregion: BE", "make the framework's 'region: BE' 'region: DE'"),
])
def test_a_number_of_the_country_of_the_plans_language_says_to_set_the_region(
        tmp_path: Path, region: str, change: str) -> None:
    """A German plan whose author left `region` out: its German numbers are read (and linked)
    as Belgian ones. The hint says which country they are numbers of, and how to say so."""
    root = edited(tmp_path, ("languages: [nl, en]", f"languages: [de-DE, nl]{region}"),
                  ('phone: "1712"', 'phone: "0800 1110111"'))
    result = run("validate", "--root", str(root))
    lines = result.stdout.splitlines()
    warning = next(i for i, line in enumerate(lines) if "contact-phone-invalid" in line)
    hint = next(line for line in lines[warning:] if line.startswith("  hint:"))
    assert hint == ("  hint: it is a valid number of DE (Germany): if the plan's numbers are "
                    f"dialled there, {change}; if not, write it with '+' and its country code")


def test_a_framework_without_region_is_told_it_is_read_as_belgian(tmp_path: Path) -> None:
    """A language tag without a country (`de`) names no country to suggest: the hint says
    that numbers are read as Belgian until `region` says otherwise."""
    root = edited(tmp_path, ("languages: [nl, en]", "languages: [de, nl]"),
                  ('phone: "1712"', 'phone: "0800 1110111"'))
    result = run("validate", "--root", str(root))
    assert ("a framework without 'region' is read as BE: for the numbers of another country "
            "add its code, for example 'region: DE'") in result.stdout


def test_the_belgian_hint_is_worded_the_same_way(tmp_path: Path) -> None:
    root = edited(tmp_path, ('phone: "1712"', 'phone: "17122"'))
    result = run("validate", "--root", str(root))
    assert "hint: write it as people dial it in the framework's region, BE (Belgium), for " \
        "example '012 34 56 78'" \
        in result.stdout
    assert "as dialled in Belgium" not in result.stdout


def test_an_unknown_region_is_an_error(tmp_path: Path) -> None:
    root = edited(tmp_path, ("languages: [nl, en]", "languages: [nl, en]\nregion: XX"))
    result = run("validate", "--root", str(root))
    assert result.exit_code == 1
    line = line_of(root / "frameworks" / "kader.yaml", "region: XX")
    assert (f"frameworks/kader.yaml:{line}:9: error[framework-region-unknown]: 'XX' is not a "
            "region whose phone numbers are known") in result.stdout


@pytest.mark.parametrize("region", ["nl", "NLD", "N1", "NL\n"])
def test_a_region_is_two_capital_letters(region: str) -> None:
    problems = schema_problems({"kind": "framework", "id": "k", "version": "1.0.0",
                                "languages": ["nl"], "title": "T", "region": region}, "framework")
    assert [(p.path, p.code) for p in problems] == [(("region",), "schema-invalid-value")]


# --- phone numbers in a text ------------------------------------------------------------------

def said(text: str, region: str, known: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(the number as the text says it, its tel: URI) for each number `text` says."""
    return [(text[phone.start:phone.end], phone.uri)
            for phone in phones_in_text(text, region, known)]


BELGIAN_SHORT = ("112", "101", "1712", "102", "103", "116000")


@pytest.mark.parametrize(("text", "expected"), [
    # A number of the region in a sentence, as people write it.
    ("Bel 02 548 98 00 of 0800 30 030.", [("02 548 98 00", "tel:+3225489800"),
                                          ("0800 30 030", "tel:+3280030030")]),
    # The plan's own short numbers, which phonenumbers' matcher does not look for.
    ("Twijfel je? Bel 1712.", [("1712", "tel:1712")]),
    ("Geef het kind een hulplijn: Awel (102).", [("102", "tel:102")]),
    ("Levensgevaar? Bel 112, of 101 als de politie moet komen.",
     [("112", "tel:112"), ("101", "tel:101")]),
    # As the plan prints it (two groups of three) and as its YAML writes it.
    ("Het Europese nummer 116 000 of 116000.", [("116 000", "tel:116000"),
                                                ("116000", "tel:116000")]),
    # A number of another country, written with its code.
    ("In Nederland: +31 800 2000.", [("+31 800 2000", "tel:+318002000")]),
    # A number in brackets is the number without them; an area code in brackets is its own.
    ("Je contactpersoon (0470 12 34 56).", [("0470 12 34 56", "tel:+32470123456")]),
    ("Bel (02) 548 98 00.", [("(02) 548 98 00", "tel:+3225489800")]),
])
def test_the_numbers_a_sentence_says_are_found(text: str,
                                               expected: list[tuple[str, str]]) -> None:
    assert said(text, "BE", BELGIAN_SHORT) == expected


@pytest.mark.parametrize("text", [
    "Sinds 2024 verplicht.",            # a year
    "Zie stap 3 en stap 12.",            # step numbers
    "Op 28/11/2026 om 14:30.",           # a date and a time
    "Meer dan 4.700 oproepen, 1.112 per dag, 112/3 of 1120 kinderen, 0,112 %.",
    "Editie N89F-KA · versie 1.2.0",     # an edition code and a version
])
def test_what_is_not_a_phone_number_stays_text(text: str) -> None:
    assert said(text, "BE", BELGIAN_SHORT) == []


def test_a_short_number_no_contact_of_the_plan_has_stays_text() -> None:
    # A bare "101" could be anything (a room, a bus) unless the plan has that line.
    assert said("Bel 101.", "BE", ("112",)) == []
    assert said("Bel 101.", "BE", ("101",)) == [("101", "tel:101")]


def test_numbers_are_read_in_the_frameworks_own_region() -> None:
    # The second-region test framework: Dutch numbers and short numbers of the Netherlands.
    plan = load_project(TESTS / "projects" / "stappenplan-nl").plan("kinderopvang")
    known = tuple(contact.phone for contact in plan.contacts if contact.phone)
    assert said("Vraag advies aan Veilig Thuis: bel 0800-2000. Nood? Bel 112.", "NL",
                known) == [("0800-2000", "tel:+318002000"), ("112", "tel:112")]
    # Belgium's child-abuse line is no number in the Netherlands, and a Dutch number without
    # its country code is none in Belgium.
    assert said("Bel 1712.", "NL", known) == []
    assert said("Bel 0800-2000.", "BE", BELGIAN_SHORT) == []
    # The Polish test framework: its helpline for children is a short number of Poland.
    polish = load_project(TESTS / "projects" / "polski").plan("klub-sportowy")
    known = tuple(contact.phone for contact in polish.contacts if contact.phone)
    assert said("Zadzwoń pod 116 111 albo 800 12 12 12.", "PL", known) == [
        ("116 111", "tel:116111"), ("800 12 12 12", "tel:+48800121212")]


# --- language tags ---------------------------------------------------------------------------

BASE = {"kind": "framework", "id": "k", "version": "1.0.0", "title": "T"}


@pytest.mark.parametrize("tag", ["nl", "nl-BE", "nl-NL", "fr-BE", "en-GB", "sr-Latn-RS",
                                 "es-419"])
def test_bcp47_tags_are_languages(tag: str) -> None:
    assert schema_problems({**BASE, "languages": [tag], "title": {tag: "T"}}, "framework") == []


@pytest.mark.parametrize("tag", ["nl-nl", "NL", "nl_NL", "dutch", "nl-", "nl\n", "nl-NL\n"])
def test_malformed_tags_are_refused_by_both_validators(tag: str) -> None:
    # The compiled check and the explaining one must agree: a trailing newline once slipped
    # through the explaining one ('$' matches before it) and nothing was reported.
    problems = schema_problems({**BASE, "languages": [tag]}, "framework")
    assert [(p.path, p.code) for p in problems] == [(("languages", 0), "schema-invalid-value")]
    assert "not a language tag" in problems[0].message


def test_a_text_in_the_language_serves_its_regional_variants() -> None:
    assert language_fallbacks("nl-NL") == ["nl-NL", "nl"]
    assert language_fallbacks("sr-Latn-RS") == ["sr-Latn-RS", "sr-Latn", "sr"]
    assert localize({"nl": "Hallo"}, "nl-NL", "nl-NL") == ("Hallo", False)
    assert localize({"nl": "Hallo", "nl-NL": "Hoi"}, "nl-NL", "nl") == ("Hoi", False)
    assert localize({"nl-BE": "Dag"}, "nl-NL", "nl-BE") == ("Dag", True)


def test_a_framework_in_nl_nl_may_write_texts_in_nl(tmp_path: Path) -> None:
    root = edited(tmp_path, ("languages: [nl, en]", "languages: [nl-NL, en-GB]"),
                  ("title: {nl: Handelingskader, en: Handling framework}",
                   "title: {nl: Handelingskader, en-GB: Handling framework}"))
    # The other texts are in nl and en: both serve (nl-NL, en-GB) and are not "unknown".
    result = run("validate", "--root", str(root), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["errors"] == []
    missing = run("translations", "--root", str(root), "--format", "json")
    assert json.loads(missing.stdout)["missing"] == []
    # A language the framework does not declare is still reported.
    root = edited(tmp_path / "2", ("languages: [nl, en]", "languages: [nl-NL]"))
    result = run("validate", "--root", str(root))
    assert "error[text-unknown-language]: a text in language 'en'" in result.stdout
