"""Golden resolved plans: `explain --format json` of every shipped sector, with and without
each context, is committed under tests/golden/ so a reviewer sees what a change does.

After a deliberate content change: KINDREFLEX_UPDATE_GOLDEN=1 make test, then review the diff.
"""

from __future__ import annotations

import json
import os

import pytest

from kindreflex.editing.plan_report import explain_json
from kindreflex.framework.project import load_project

from ..helpers import REPO, TESTS, run

GOLDEN = TESTS / "golden"
PROJECT = load_project(REPO)
COMBINATIONS = [(s, None) for s in PROJECT.sector_ids] + [
    (s, c) for s in PROJECT.sector_ids for c in PROJECT.context_ids
]


def golden_name(sector: str, context: str | None) -> str:
    return f"{sector}+{context}.json" if context else f"{sector}.json"


@pytest.mark.parametrize(("sector", "context"), COMBINATIONS,
                         ids=[golden_name(s, c) for s, c in COMBINATIONS])
def test_resolved_plan_matches_golden(sector: str, context: str | None) -> None:
    actual = explain_json(PROJECT, PROJECT.resolve(sector, context))
    path = GOLDEN / golden_name(sector, context)
    if os.environ.get("KINDREFLEX_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path.name}: run with KINDREFLEX_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


def test_no_stale_golden_files() -> None:
    expected = {golden_name(s, c) for s, c in COMBINATIONS}
    assert {p.name for p in GOLDEN.glob("*.json")} == expected


def test_cli_explain_json_is_the_golden_format() -> None:
    result = run("explain", "sport", "--root", str(REPO), "--format", "json")
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / "sport.json").read_text(encoding="utf-8")
    payload = json.loads(result.stdout)
    assert payload["layers"] == [{"kind": "sector", "id": "sport",
                                  "file": "frameworks/sectors/sport.yaml"}]


def test_resolution_is_byte_identical_across_processes() -> None:
    first = run("explain", "jeugdwerk", "--root", str(REPO), "--context", "lockdown",
                "--format", "json").stdout
    second = explain_json(load_project(REPO), load_project(REPO).resolve("jeugdwerk",
                                                                          "lockdown"))
    assert first == second
