"""Checks on the shipped content in frameworks/: phone numbers, sources, languages, overlays.

Uses only yaml, phonenumbers and pathlib, so it runs before (and without) the tool itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
import yaml
from phonenumbers import shortnumberinfo

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = ROOT / "frameworks"
FRAMEWORK_FILE = FRAMEWORKS / "handelingskader.yaml"
# The domain facts (with their sources) are kept in the repository as docs/domain.md, a copy
# of the project's shared DOMAIN.md, so this check runs the same on every clone.
DOMAIN = Path(__file__).resolve().parents[2] / "docs" / "domain.md"

SECTORS = ("buitenschoolse-opvang", "jeugdwerk", "sport", "cultuur")
CONTEXTS = ("lockdown",)
OPERATIONS = ("set", "replace", "update", "insert", "append", "prepend", "remove", "move")
LANGUAGES = {"nl", "en", "fr"}

# Fields whose value is a localized text (or, for do/dont/examples, a list of them).
TEXT_FIELDS = {
    "title", "subtitle", "status", "description", "name", "hours", "when", "text", "goal",
    "record", "question", "label", "intro", "reason",
}
TEXT_LIST_FIELDS = {"do", "dont", "examples"}


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict), f"{path}: not a mapping"
    return data


def all_files() -> list[Path]:
    return sorted(FRAMEWORKS.rglob("*.yaml"))


def overlay_files() -> list[Path]:
    return sorted((FRAMEWORKS / "sectors").glob("*.yaml")) + sorted(
        (FRAMEWORKS / "contexts").glob("*.yaml")
    )


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --- walking the data -----------------------------------------------------------------------


def walk(value: Any, where: str = "") -> Iterator[tuple[str, Any, str]]:
    """Yield (key, value, location) for every mapping entry, at any depth."""
    if isinstance(value, dict):
        for key, child in value.items():
            here = f"{where}/{key}"
            yield str(key), child, here
            yield from walk(child, here)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, f"{where}[{index}]")


def contacts_in(path: Path, data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, contact-like mapping) for every contact a file defines or changes."""
    if data.get("kind") == "framework":
        for contact in data.get("contacts") or []:
            yield f"{rel(path)}: contact:{contact.get('id')}", contact
        return
    for op in data.get("operations") or []:
        if str(op.get("insert", "")) == "contact":
            item = op.get("item") or {}
            yield f"{rel(path)}: contact:{item.get('id')}", item
        target = str(op.get("update") or op.get("replace") or "")
        if target.startswith("contact:") and "/" not in target:
            fields = dict(op.get("fields") or {})
            if "replace" in op:
                fields[str(op.get("field"))] = op.get("value")
            yield f"{rel(path)}: {target}", fields


def phones_in(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for key, value, where in walk(data):
        if key == "phone":
            yield where, value
    for op in data.get("operations") or []:
        if op.get("field") == "phone":
            yield f"{op.get('replace')}#phone", op.get("value")


def _entry_text(entry: Any) -> Any:
    """A do/don't/example text: itself, or the `text` of an entry written with an id."""
    return entry["text"] if isinstance(entry, dict) and "text" in entry else entry


def localized_texts(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(location, value) for every value that should be a localized text."""
    for key, value, where in walk(data):
        if where.startswith("/sources"):
            continue  # source titles are plain document names
        if key in TEXT_FIELDS:
            yield where, value
        elif key in TEXT_LIST_FIELDS and isinstance(value, list):
            for index, entry in enumerate(value):
                yield f"{where}[{index}]", _entry_text(entry)
        elif key == "terms" and isinstance(value, dict):
            for name, term in value.items():
                yield f"{where}/{name}", term
        elif isinstance(value, dict) and value and set(value) <= LANGUAGES:
            yield where, value  # any mapping of language codes is a text
    for index, op in enumerate(data.get("operations") or []):
        field = str(op.get("field", ""))
        if "value" in op and field in TEXT_FIELDS:
            yield f"/operations[{index}]/value", op["value"]
        if "items" in op and field in TEXT_LIST_FIELDS:
            for number, entry in enumerate(op["items"] or []):
                yield f"/operations[{index}]/items[{number}]", _entry_text(entry)


# --- tests ----------------------------------------------------------------------------------


def test_files_exist() -> None:
    assert FRAMEWORK_FILE.is_file()
    for sector in SECTORS:
        assert (FRAMEWORKS / "sectors" / f"{sector}.yaml").is_file(), sector
    for context in CONTEXTS:
        assert (FRAMEWORKS / "contexts" / f"{context}.yaml").is_file(), context


def test_ids_and_kinds() -> None:
    framework = load(FRAMEWORK_FILE)
    assert framework["kind"] == "framework"
    assert framework["id"] == "handelingskader"
    assert str(framework["version"]) == "1.2.0"
    assert framework["languages"][0] == "nl"
    for sector in SECTORS:
        data = load(FRAMEWORKS / "sectors" / f"{sector}.yaml")
        assert (data["kind"], data["id"], data["extends"]) == ("sector", sector, "handelingskader")
    for context in CONTEXTS:
        data = load(FRAMEWORKS / "contexts" / f"{context}.yaml")
        assert (data["kind"], data["id"]) == ("context", context)


@pytest.mark.parametrize("path", all_files(), ids=rel)
def test_schema_comment(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    expected = (
        "# yaml-language-server: $schema=../schema/framework.schema.json"
        if path == FRAMEWORK_FILE
        else "# yaml-language-server: $schema=../../schema/overlay.schema.json"
    )
    assert first == expected


@pytest.mark.parametrize("path", all_files(), ids=rel)
def test_phone_numbers_are_valid(path: Path) -> None:
    for where, number in phones_in(load(path)):
        assert isinstance(number, str), f"{where}: quote the phone number {number!r}"
        parsed = phonenumbers.parse(number, "BE")
        valid = phonenumbers.is_valid_number(parsed) or (
            shortnumberinfo.is_valid_short_number_for_region(parsed, "BE")
        )
        assert valid, f"{rel(path)}{where}: {number!r} is not a valid number"


def test_known_short_numbers() -> None:
    for number in ("112", "101", "1712", "102", "116000"):
        parsed = phonenumbers.parse(number, "BE")
        assert shortnumberinfo.is_valid_short_number_for_region(parsed, "BE"), number


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("path", all_files(), ids=rel)
def test_contact_facts_are_sourced(path: Path) -> None:
    """A contact's phone and URL occur in DOMAIN.md, or the contact names its source."""
    domain = DOMAIN.read_text(encoding="utf-8") if DOMAIN.is_file() else None
    domain_digits = re.sub(r"(?<=\d) (?=\d)", "", domain) if domain else ""
    for label, contact in contacts_in(path, load(path)):
        if contact.get("source"):
            assert str(contact["source"]).startswith("https://"), f"{label}: source is no URL"
            continue
        assert domain is not None, f"{label}: no source (and DOMAIN.md is not available)"
        phone = contact.get("phone")
        if phone:
            assert _digits(str(phone)) in domain_digits, f"{label}: {phone} not in DOMAIN.md"
        url = contact.get("url")
        if url:
            assert str(url).rstrip("/") in domain, f"{label}: {url} not in DOMAIN.md"


def test_framework_contacts_are_checked() -> None:
    framework = load(FRAMEWORK_FILE)
    for contact in framework["contacts"]:
        assert contact.get("source"), contact["id"]
        # Checked in one of this year's fact checks, never after the framework's own date.
        checked = date.fromisoformat(str(contact.get("last_checked")))
        assert date(2026, 11, 29) <= checked <= framework["date"], contact["id"]
        assert contact.get("when"), contact["id"]
        assert contact.get("audience"), contact["id"]
    urgent = {c["id"] for c in framework["contacts"] if c.get("urgent")}
    assert urgent == {"112", "101"}


@pytest.mark.parametrize("path", all_files(), ids=rel)
def test_english_uses_the_sectors_own_words(path: Path) -> None:
    """'Transgressive behaviour' (the culture sector's English), idiomatic questions."""
    for where, value in localized_texts(load(path)):
        english = value.get("en", "") if isinstance(value, dict) else ""
        assert "boundary-crossing" not in english.lower(), f"{rel(path)}{where}"
        assert not re.search(r"\bMust (the police|a child|it)\b", english), f"{rel(path)}{where}"


@pytest.mark.parametrize("path", all_files(), ids=rel)
def test_every_text_has_dutch_and_english(path: Path) -> None:
    problems = []
    for where, value in localized_texts(load(path)):
        if not isinstance(value, dict):
            problems.append(f"{where}: a plain text; write {{nl: ..., en: ...}}")
            continue
        missing = {"nl", "en"} - set(value)
        if missing:
            problems.append(f"{where}: missing {', '.join(sorted(missing))}")
        for lang, text in value.items():
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{where}: empty text in {lang}")
    assert not problems, "\n".join(problems)


def test_framework_has_the_required_parts() -> None:
    framework = load(FRAMEWORK_FILE)
    steps = framework["steps"]
    assert steps[0].get("acute") is True, "the acute-danger step comes first"
    assert any(d.get("acute") for d in steps[0].get("decisions") or [])
    assert {r["id"] for r in framework["roles"]} >= {"medewerker", "verantwoordelijke", "api",
                                                       "directie"}
    assert {r["id"] for r in framework["routes"]} >= {"thuis", "medewerker", "kinderen"}
    for step in steps:
        assert 2 <= len(step["actions"]) <= 6, step["id"]
        for field in ("do", "dont"):
            assert 2 <= len(step.get(field) or []) <= 4, f"{step['id']}: {field}"
        for lang in ("nl", "en", "fr"):
            assert lang in step["title"], f"{step['id']}: title without {lang}"
    for contact in framework["contacts"]:
        for field in ("name", "when", "hours"):
            if field in contact:
                assert "fr" in contact[field], f"contact:{contact['id']} {field} without fr"
    fields = {f["id"]: f for f in framework["forms"][0]["fields"]}
    assert all(f.get("lines", 0) >= 1 for f in fields.values())


def _operation_kind(op: dict[str, Any]) -> str:
    return next(kind for kind in OPERATIONS if kind in op)


@pytest.mark.parametrize("sector", SECTORS)
def test_sector_overlays_change_enough(sector: str) -> None:
    data = load(FRAMEWORKS / "sectors" / f"{sector}.yaml")
    operations = data["operations"]
    kinds = {_operation_kind(op) for op in operations}
    assert len(operations) >= 6, f"{sector}: only {len(operations)} operations"
    assert len(kinds) >= 4, f"{sector}: only {sorted(kinds)}"
    structural = [
        op for op in operations
        if ("insert" in op and str(op["insert"]).split("/")[-1] in ("step", "route"))
        or ("remove" in op and str(op["remove"]).split("/")[-1].split(":")[0] in ("step", "route"))
        or ("move" in op and str(op["move"]).split("/")[-1].split(":")[0] in ("step", "route"))
    ]
    assert structural, f"{sector}: no step or route inserted, moved or removed"
    for op in operations:
        if "remove" in op:
            assert op.get("reason"), f"{sector}: remove {op['remove']} without a reason"


def _refs(value: Any) -> Iterator[str]:
    """Every item reference and placeholder target mentioned anywhere in an overlay."""
    ref = re.compile(r"^(role|contact|signal|principle|step|route|form):[\w/:-]+$")
    placeholder = re.compile(r"\{([A-Za-z]+):([^{}\s]*)\}")
    for _key, child, _where in walk(value):
        if isinstance(child, str):
            if ref.match(child):
                yield child
            for kind, target in placeholder.findall(child):
                yield f"{kind.lower().replace('phone', 'contact')}:{target}"
        elif isinstance(child, list):
            for entry in child:
                if isinstance(entry, str) and ref.match(entry):
                    yield entry
                elif isinstance(entry, str) and _key in ("contacts", "who"):
                    yield f"{'contact' if _key == 'contacts' else 'role'}:{entry}"


def test_context_only_uses_what_no_sector_removes() -> None:
    removed = set()
    for sector in SECTORS:
        for op in load(FRAMEWORKS / "sectors" / f"{sector}.yaml")["operations"]:
            if "remove" in op:
                removed.add(str(op["remove"]))
    for context in CONTEXTS:
        data = load(FRAMEWORKS / "contexts" / f"{context}.yaml")
        for target in _refs(data):
            for gone in removed:
                assert target != gone and not target.startswith(gone + "/"), (
                    f"{context} uses {target}, which a sector removes ({gone})"
                )


@pytest.mark.parametrize("path", all_files(), ids=rel)
def test_french_and_english_use_typographic_apostrophes(path: Path) -> None:
    """’ (U+2019), not the typewriter ', in French and English texts (link targets aside)."""
    problems = []
    for where, value in localized_texts(load(path)):
        if not isinstance(value, dict):
            continue
        for lang in ("fr", "en"):
            text = re.sub(r"\]\([^)]*\)", "]", str(value.get(lang, "")))
            if "'" in text:
                problems.append(f"{where} ({lang}): {text}")
    assert not problems, "\n".join(problems)
