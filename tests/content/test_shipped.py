"""The shipped content through the command line: sectors, explain and diff per sector, and a
new sector added as a YAML file alone."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from kindreflex.framework.model import Plan
from kindreflex.framework.project import load_project
from kindreflex.framework.refs import item_refs
from kindreflex.render.interface_words import interface_words
from kindreflex.render.localizer import localizer_for
from kindreflex.render.pages import render_plan
from kindreflex.render.plan_view import PlanView
from kindreflex.render.theme import theme_for

from ..helpers import REPO, run
from .test_safety_rules import advice

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


# --- French and English as their readers write them (issue 21) -------------------------------

CASES = [(sector, context) for sector in SECTORS for context in (None, "lockdown")]


def _worker_view(sector: str, context: str | None, lang: str) -> PlanView:
    plan = PROJECT.plan(sector, context)
    return PlanView(plan, localizer_for(plan, lang), interface_words(lang))


@pytest.mark.parametrize(("sector", "context"), CASES)
def test_french_readers_get_their_own_services_with_their_numbers(sector: str,
                                                                  context: str | None) -> None:
    """The worker handout's contacts in French: SAJ, SOS Enfants, Écoute Violences Conjugales
    (0800 30 030) and SOS Viol (0800 98 100), each named where the steps need it."""
    contacts = {c.id: c for c in _worker_view(sector, context, "fr").key_contacts}
    assert {"saj", "sos-enfants", "ecoute-violences", "sos-viol"} <= set(contacts)
    assert contacts["ecoute-violences"].phone == "0800 30 030"
    assert contacts["sos-viol"].phone == "0800 98 100"
    card = {c.id for c in _worker_view(sector, context, "fr").card_helplines}
    assert {"saj", "sos-enfants", "sos-viol", "ecoute-violences"} <= card


def _placeholder_values(plan: Plan) -> dict[str, str]:
    """The French text each role, term and contact placeholder stands for."""
    values = {f"role:{r.id}": r.name.get("fr", "") for r in plan.roles}
    values |= {f"term:{k}": v.get("fr", "") for k, v in plan.terms.items()}
    values |= {f"contact:{c.id}": c.name.get("fr", "") for c in plan.contacts}
    return values


@pytest.mark.parametrize(("sector", "context"), CASES)
def test_french_never_reads_a_le_or_de_le(sector: str, context: str | None) -> None:
    """'à' or 'de' before a placeholder whose French starts with 'le'/'les' would print
    'à le pouvoir organisateur': French contracts it (au, du, aux, des), so the texts are
    written around it."""
    plan = PROJECT.plan(sector, context)
    values = _placeholder_values(plan)
    before = re.compile(r"(?<!\w)(?:à|de) \{(role|term|contact|phone):([\w-]+)\}", re.I)
    found = []
    for _ref, item, _kind, _path in item_refs(PROJECT.resolve(sector, context).data):
        for value in item.values():
            for entry in value if isinstance(value, list) else [value]:
                text = entry.get("text", entry) if isinstance(entry, dict) else entry
                french = text.get("fr", "") if isinstance(text, dict) else ""
                for kind, target in before.findall(french):
                    name = values.get(f"{kind.lower()}:{target}", "")
                    if re.match(r"(le|les) ", name):
                        found.append(f"{_ref}: …{french[:80]}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("sector", "context"), CASES)
def test_the_dutch_working_word_appears_once_in_french_and_english(
        sector: str, context: str | None) -> None:
    """'niet-pluisgevoel' has a native phrase in French and English, with the Dutch word once
    in brackets (the signal's title)."""
    plan = PROJECT.plan(sector, context)
    for lang in ("fr", "en"):
        plain = localizer_for(plan, lang).plain
        texts = [plain(t) for _place, t in advice(plan)]
        texts += [plain(s.title) for s in plan.signals]
        texts += [plain(s.description) for s in plan.signals if s.description]
        assert sum(t.count("niet-pluis") for t in texts) == 1, lang


def test_english_dates_are_belgian() -> None:
    """An English plan for Belgium is dated day first: 6 December 2026."""
    plan = PROJECT.plan("sport")
    html = render_plan(plan, "en", theme=theme_for(REPO), day=date(2026, 12, 6), layout="card")
    assert "6 December 2026" in html and "December 6" not in html
