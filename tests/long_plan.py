"""A long plan for render-cost checks: the shipped framework with its content repeated.

Used by tests/render/test_render_cost.py and bench/bench_render_cost.py (imported, not a conftest).
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

from kindreflex.framework.model import Plan
from kindreflex.framework.project import load_project

REPO = Path(__file__).resolve().parent.parent
FRAMEWORK = "handelingskader.yaml"
# The parts that make up most pages of a handout; repeating them all keeps the mix of a page
# (chart, steps, routes, signals) what it is in a real handout.
REPEATED = ("steps", "routes", "signals")


def _copy(item: dict[str, Any], suffix: str) -> dict[str, Any]:
    item = copy.deepcopy(item)
    item["id"] = f"{item['id']}-{suffix}"
    for decision in item.get("decisions") or []:
        for option in decision.get("options") or []:
            # Every answer goes on: each copy is reached from the one before it.
            option["to"] = "next"
    item.pop("acute", None)
    for decision in item.get("decisions") or []:
        decision.pop("acute", None)
    return item


def _goes_on(step: dict[str, Any]) -> bool:
    decisions = step.get("decisions") or []
    return not decisions or any(option.get("to") == "next" for decision in decisions
                                for option in decision.get("options") or [])


def long_root(target: Path, copies: int) -> Path:
    """A root under `target` whose framework holds `copies` extra copies of its steps,
    routes and signals (0: the shipped framework as it is)."""
    shutil.copytree(REPO / "frameworks", target / "frameworks")
    path = target / "frameworks" / FRAMEWORK
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in REPEATED:
        originals = list(data[key])
        extra = [_copy(item, f"x{number}") for number in range(2, copies + 2)
                 for item in originals]
        # After the first step that goes on to the next one, so that every copy is reached.
        at = next((index + 1 for index, item in enumerate(originals) if _goes_on(item)),
                  len(originals)) if key == "steps" else len(originals)
        data[key] = originals[:at] + extra + originals[at:]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def long_plan(target: Path, copies: int, sector: str = "sport") -> Plan:
    """The resolved plan of `sector` from `long_root(target, copies)` (only that sector is
    checked: a sector that removes an item the copies still name, such as a role, would not
    resolve, and does not need to)."""
    return load_project(long_root(target, copies), focus=(sector, None)).plan(sector)
