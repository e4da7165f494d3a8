"""`new-orgs`: an organisations file to fill in, its fields the schema's, its numbers the plan's."""

from __future__ import annotations

from pathlib import Path

import yaml

from kindreflex.batch.org_file import read_organisations
from kindreflex.batch.org_messages import COLUMNS, REQUIRED
from kindreflex.framework.org_params import local_contact_ids
from kindreflex.framework.project import load_project

from ..helpers import MINI, REPO, edited_mini, run
from ..lines import line_of

FILLED = {"id": "kfc-gent", "name": "KFC Gent", "contact_name": "Jan Peeters",
          "contact_phone": "0470 12 34 56"}


def fill(path: Path, values: dict[str, str]) -> None:
    """The template with `values` written into its empty fields."""
    text = path.read_text(encoding="utf-8")
    for field, value in values.items():
        text = text.replace(f'  {field}: ""', f'  {field}: "{value}"', 1)
    path.write_text(text, encoding="utf-8")


def test_the_yaml_template_has_every_field_and_the_plans_own_numbers(tmp_path: Path) -> None:
    path = tmp_path / "orgs.yaml"
    result = run("new-orgs", "sport", str(path), "--root", str(REPO))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "`kindreflex batch sport --orgs orgs.yaml`" in text
    item = yaml.safe_load(text)[0]
    assert list(item) == list(COLUMNS)  # every field of the schema, in its order
    plan = load_project(REPO).plan("sport")
    assert list(item["local_phones"]) == local_contact_ids(plan) != []
    assert "# Vertrouwenscentrum Kindermishandeling (VK)" in text
    comments = " ".join(line.strip().lstrip("# ") for line in text.splitlines())
    assert "when it is about “de club-API”, workers tell “de API van de federatie”" in comments
    # As written, each required field is missing, at its line; optional ones left empty
    # are no value at all.
    _rows, issues = read_organisations(path, "orgs.yaml", local_contacts=local_contact_ids(plan))
    assert [(i.line, i.code) for i in issues] == [
        (line_of(path, f'  {field}: ""'), "org-field-missing") for field in REQUIRED]
    fill(path, {**FILLED, "vk": "09 216 72 00"})
    rows, issues = read_organisations(path, "orgs.yaml", local_contacts=local_contact_ids(plan))
    assert issues == []
    assert rows[0].id == "kfc-gent" and rows[0].alternative is None
    assert rows[0].local_phones == (("vk", "09 216 72 00"),)


def test_a_plan_without_whom_instead_or_local_numbers_asks_for_neither(tmp_path: Path) -> None:
    root = edited_mini(tmp_path / "root", ('    if_suspected: "role:bestuur"\n', ""))
    path = tmp_path / "orgs.yaml"
    assert run("new-orgs", "sport", str(path), "--root", str(root)).exit_code == 0
    item = yaml.safe_load(path.read_text(encoding="utf-8"))[0]
    assert "alternative_name" not in item and "alternative_phone" not in item
    assert item["local_phones"] == {}
    fill(path, FILLED)
    rows, issues = read_organisations(path, "orgs.yaml", local_contacts=[])
    assert issues == [] and [row.id for row in rows] == ["kfc-gent"]


def test_the_csv_template_is_the_header_and_nothing_is_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    assert run("new-orgs", "sport", str(path), "--root", str(MINI)).exit_code == 0
    assert path.read_text(encoding="utf-8") == ",".join(COLUMNS) + "\n"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("kfc-gent,KFC Gent,Jan Peeters,0470 12 34 56,,,,,,\n")
    rows, issues = read_organisations(path, "orgs.csv")
    assert issues == [] and [row.id for row in rows] == ["kfc-gent"]
    before = path.read_bytes()
    again = run("new-orgs", "sport", str(path), "--root", str(MINI))
    assert again.exit_code != 0 and "already exists; it was left unchanged" in again.output
    assert path.read_bytes() == before
    for args, message in ((("sport", str(tmp_path / "orgs.txt")), "ending in .yaml or .csv"),
                          (("zwemmen", str(tmp_path / "x.yaml")), "unknown sector 'zwemmen'")):
        result = run("new-orgs", *args, "--root", str(MINI))
        assert result.exit_code != 0 and message in result.output, result.output
    assert not (tmp_path / "orgs.txt").exists() and not (tmp_path / "x.yaml").exists()
