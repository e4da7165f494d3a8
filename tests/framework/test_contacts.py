"""Contact freshness and phone numbers: warnings at file:line, errors under --strict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kindreflex.framework.phones import display_phone, is_valid_phone, tel_uri

from ..helpers import edited_mini, run
from ..lines import line_of


def edited(tmp_path: Path, old: str, new: str) -> Path:
    return edited_mini(tmp_path / "p", (old, new))


def test_contact_checked_two_years_ago_warns_then_fails_strict(tmp_path: Path) -> None:
    root = edited(tmp_path, "    last_checked: 2026-11-01\n    source: https://www.1712.be",
                  "    last_checked: 2024-10-01\n    source: https://www.1712.be")
    result = run("validate", "--root", str(root), "--format", "json")
    assert result.exit_code == 0
    warnings = json.loads(result.stdout)["warnings"]
    line = line_of(root / "frameworks" / "kader.yaml", "last_checked: 2024-10-01")
    assert [(w["file"], w["line"], w["code"]) for w in warnings] == [
        ("frameworks/kader.yaml", line, "contact-stale")]
    strict = run("validate", "--root", str(root), "--strict")
    assert strict.exit_code == 1
    assert strict.stdout.startswith(f"frameworks/kader.yaml:{line}:19: warning[contact-stale]: "
                                    "contact '1712' was last checked")


def test_max_contact_age_is_configurable(tmp_path: Path) -> None:
    root = edited(tmp_path, "    last_checked: 2026-11-01\n    source: https://www.1712.be",
                  "    last_checked: 2024-10-01\n    source: https://www.1712.be")
    assert run("validate", "--root", str(root), "--strict",
               "--max-contact-age", "60").exit_code == 0


def test_invalid_phone_number_warns_then_fails_strict(tmp_path: Path) -> None:
    root = edited(tmp_path, 'phone: "1712"', 'phone: "17122"')
    result = run("validate", "--root", str(root))
    assert result.exit_code == 0
    line = line_of(root / "frameworks" / "kader.yaml", 'phone: "17122"')
    assert f"frameworks/kader.yaml:{line}:12: warning[contact-phone-invalid]" in result.stdout
    assert run("validate", "--root", str(root), "--strict").exit_code == 1


@pytest.mark.parametrize(("number", "shown", "uri"), [
    ("112", "112", "tel:112"),
    ("1712", "1712", "tel:1712"),
    ("102", "102", "tel:102"),
    ("116000", "116 000", "tel:116000"),
    ("116 000", "116 000", "tel:116000"),
    ("02 548 98 00", "02 548 98 00", "tel:+3225489800"),
    ("+32 2 548 98 00", "02 548 98 00", "tel:+3225489800"),
])
def test_phone_display_and_links(number: str, shown: str, uri: str) -> None:
    assert is_valid_phone(number)
    assert display_phone(number) == shown
    assert tel_uri(number) == uri


@pytest.mark.parametrize("number", ["17122", "abc", "0", "+32 2 548"])
def test_invalid_numbers(number: str) -> None:
    assert not is_valid_phone(number)
