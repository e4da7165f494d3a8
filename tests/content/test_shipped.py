"""The shipped content through the command line: sectors, explain and diff per sector, and a
new sector added as a YAML file alone."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kindreflex.framework.loading import load_project

from ..helpers import REPO, run

SECTORS = ["buitenschoolse-opvang", "cultuur", "jeugdwerk", "sport"]
PROJECT = load_project(REPO)


def test_validate_strict_passes() -> None:
    assert run("validate", "--strict", "--root", str(REPO)).exit_code == 0


def test_sectors_json_lists_the_four_sectors_and_the_context() -> None:
    result = run("sectors", "--root", str(REPO), "--format", "json")
    rows = json.loads(result.stdout)["sectors"]
    assert [(r["id"], r["kind"]) for r in rows] == [(s, "sector") for s in SECTORS] + [
        ("lockdown", "context")]
    assert all(r["title"] for r in rows)


@pytest.mark.parametrize("sector", SECTORS)
def test_explain_shows_the_sectors_own_roles_and_contacts(sector: str) -> None:
    framework_roles = {r["id"]: r["name"] for r in PROJECT.resolve(None).data["roles"]}
    res = PROJECT.resolve(sector)
    renamed = [r for r in res.data["roles"] if r["name"] != framework_roles.get(r["id"])]
    assert renamed, f"{sector} renames no role"
    text = run("explain", sector, "--root", str(REPO)).stdout
    for role in renamed:
        prov = res.provenance[f"role:{role['id']}#name"]
        assert prov.file == f"frameworks/sectors/{sector}.yaml"
        assert f"[{prov.label()}]" in text
    structural = [c for c in res.changes if c.operation in ("insert", "move", "remove")
                  and c.target.split("/")[0].split(":")[0] in ("step", "route")]
    assert structural, f"{sector} makes no structural change"
    added_contacts = [c for c in res.changes if c.target.startswith("contact:")
                      or (c.field == "contacts")]
    assert added_contacts, f"{sector} adds no contacts"


@pytest.mark.parametrize("sector", SECTORS)
def test_diff_lists_at_least_six_changes_with_provenance(sector: str) -> None:
    text = run("diff", sector, "--root", str(REPO)).stdout
    places = re.findall(rf"^      at frameworks/sectors/{sector}\.yaml:\d+:\d+ \((\w+)\)$",
                        text, re.M)
    assert len(places) >= 6
    assert len(set(places)) >= 4, "at least four kinds of operation"
    payload = json.loads(run("diff", sector, "--root", str(REPO), "--format", "json").stdout)
    assert len(payload["changes"]) == len(places)


def test_a_new_sector_is_a_yaml_file_alone(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(REPO / "frameworks", root / "frameworks")
    (root / "frameworks" / "sectors" / "zwemclubs.yaml").write_text(
        "# yaml-language-server: $schema=../../schema/overlay.schema.json\n"
        "kind: sector\nid: zwemclubs\nextends: handelingskader\n"
        "framework_version: \">=1.0, <2\"\n"
        "title: {nl: Zwemclubs, en: Swimming clubs, fr: Clubs de natation}\n"
        "operations:\n"
        "  - replace: role:medewerker\n    field: name\n"
        "    value: {nl: de zwemtrainer, en: the swimming coach, fr: l'entraîneur}\n",
        encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", "zwemclubs", "--root", str(root), "--out", str(out),
                 "--lang", "nl", "--format", "html")
    assert result.exit_code == 0, result.output
    page = (out / "nl" / "zwemclubs.html").read_text(encoding="utf-8")
    assert "Zwemclubs" in page
    assert "de zwemtrainer" in page
