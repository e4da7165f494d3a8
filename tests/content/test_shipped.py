"""The shipped content through the command line: sectors, explain and diff per sector, and a
new sector added as a YAML file alone."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kindreflex.framework.project import load_project
from kindreflex.framework.refs import item_refs

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


# --- what the sectors change, and for whom ---------------------------------------------------

PROCEDURAL_KINDS = {"step", "route", "action", "decision", "option"}
PROCEDURAL_FIELDS = {"who", "to", "actions", "decisions", "options", "contacts", "text", "do",
                     "dont", "steps"}


def _item_kind(target: str) -> str:
    return target.split("/")[-1].split(":")[0]


@pytest.mark.parametrize("sector", SECTORS)
def test_each_sector_changes_what_the_worker_does(sector: str) -> None:
    """At least three steps, decisions or routes differ in what the worker does (not only
    names, terms or examples), two of them added, moved or removed; `diff` shows each."""
    res = PROJECT.resolve(sector)
    procedural = sorted({
        c.target for c in res.changes
        if _item_kind(c.target) in PROCEDURAL_KINDS
        and (c.operation in ("insert", "remove", "move") or c.field in PROCEDURAL_FIELDS)
    })
    structural = {c.target for c in res.changes if c.target in procedural
                  and c.operation in ("insert", "remove", "move")}
    assert len(procedural) >= 3, procedural
    assert len(structural) >= 2, structural
    text = run("diff", sector, "--root", str(REPO)).stdout
    for target in procedural:
        assert target in text


@pytest.mark.parametrize("sector", [None, *SECTORS])
def test_every_role_is_explained_in_one_sentence_in_every_language(sector: str | None) -> None:
    plan = PROJECT.plan(sector)
    for role in plan.roles:
        assert role.description is not None, role.id
        assert set(role.description) == {"nl", "en", "fr"}, role.id
        for lang, text in role.description.items():
            sentences = [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s]
            assert len(sentences) == 1, f"{sector} role:{role.id} ({lang}): {text}"


@pytest.mark.parametrize("sector", SECTORS)
def test_dutch_sentences_stay_short(sector: str) -> None:
    """B1 Dutch: short sentences (split at . ? ! and :), none over 24 words."""
    lengths = []
    for _ref, item, _kind, _path in item_refs(PROJECT.resolve(sector).data):
        for value in item.values():
            for entry in value if isinstance(value, list) else [value]:
                if isinstance(entry, dict) and isinstance(entry.get("nl"), str):
                    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", entry["nl"])
                    for sentence in re.split(r"(?<=[.?!:])\s+", text):
                        lengths.append((len(sentence.split()), sentence))
    assert max(lengths)[0] <= 24, max(lengths)
    assert sum(n for n, _ in lengths) / len(lengths) <= 9


def test_services_say_which_language_they_answer_in() -> None:
    contacts = {c.id: c for c in PROJECT.plan(None).contacts}
    for french in ("ecoute-103", "sos-enfants"):
        assert contacts[french].languages == ("fr",)
    for dutch in ("1712", "awel", "nupraatikerover", "vk"):
        assert contacts[dutch].languages == ("nl",)
    assert contacts["ecoute-103"].phone == "103"
    assert contacts["sos-enfants"].phone is None  # no source gives one number: the URL
    assert contacts["zsg"].url and contacts["zsg"].phone is None


def test_professionals_go_to_the_vk_before_1712() -> None:
    step = PROJECT.plan(None).step("overleggen")
    assert [a.id for a in step.actions].index("advies-vk") < [a.id for a in step.actions].index(
        "advies-1712")
    assert step.contacts[0] == "vk"
    text = next(a.text for a in step.actions if a.id == "advies-1712")
    assert "vrijwilliger" in text["nl"] and "burger" in text["nl"]
