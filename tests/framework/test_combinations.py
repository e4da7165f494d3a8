"""A problem that only some sector + context plans have names those plans, and where the same
file works; a problem every plan of its file has is reported as it is."""

from __future__ import annotations

import shutil
from pathlib import Path

from kindreflex.errors import Issue
from kindreflex.framework.project import (
    describe_combinations,
    name_combinations,
    open_project,
)

from ..helpers import MINI

SECTORS = ["a", "b", "c"]
CONCERNED = [(None, None), *((s, None) for s in SECTORS), (None, "x"), (None, "y"),
             *((s, c) for s in SECTORS for c in ("x", "y"))]


def test_combinations_in_words() -> None:
    assert describe_combinations([("b", "x")], CONCERNED) == "in sector b with context x"
    assert describe_combinations([("a", "x"), ("c", "x")], CONCERNED) == \
        "in sectors a and c with context x"
    assert describe_combinations([("b", None), ("b", "x"), ("b", "y")], CONCERNED) == \
        "in sector b"
    assert describe_combinations([(None, "x"), ("a", "x")], CONCERNED) == \
        "in sector a with context x and in context x without a sector"
    assert describe_combinations([(None, None), ("a", None)], CONCERNED) == \
        "in sector a without a context and in the framework without overlays"


def test_only_the_plans_that_have_a_problem_are_named() -> None:
    own = Issue("contexts/x.yaml", 3, 5, "overlay-target-unknown", "own problem")
    partial = Issue("contexts/x.yaml", 9, 5, "overlay-target-unknown", "target 'q' does not exist",
                    ("known step ids: p",))
    found = {combination: [own] for combination in CONCERNED if combination[1] == "x"}
    found[("b", "x")] = [own, partial]
    found[(None, None)] = []

    def files(combination: tuple[str | None, str | None]) -> set[str]:
        return {"kader.yaml"} | ({"contexts/x.yaml"} if combination[1] == "x" else set())

    named = name_combinations(found, files)
    assert named[0] == own
    assert named[1].message == "in sector b with context x: target 'q' does not exist"
    assert named[1].hints == ("known step ids: p", "this works in sectors a and c with context "
                              "x and in context x without a sector")
    found[("d", "x")] = [own]  # four plans where it works: too many to list
    assert name_combinations(found, files)[1].hints == ("known step ids: p",)


def test_a_context_operation_only_one_sector_makes_possible(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(MINI, root)
    sectors = root / "frameworks" / "sectors"
    sport = (sectors / "sport.yaml").read_text()
    second = sport.replace("id: sport", "id: tweede")
    second = second[:second.index("  - insert: step")]  # no step federatie, nothing after
    (sectors / "tweede.yaml").write_text(second)
    with (root / "frameworks" / "contexts" / "lockdown.yaml").open("a") as lockdown:
        lockdown.write("  - update: step:federatie\n    fields:\n      goal: {nl: Online}\n")
    (issue,) = open_project(root).issues.errors
    assert issue.message == ("in sector tweede with context lockdown and in context lockdown "
                             "without a sector: update target 'step:federatie' does not exist")
    assert issue.hints == ("known step ids: acuut, afronden, noteren, overleggen",
                           "this works in sector sport with context lockdown")
