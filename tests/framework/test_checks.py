"""The list of checks: each reports only its own codes, and codes can be switched off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kindreflex.errors import Issue
from kindreflex.framework import checks
from kindreflex.framework.checked_plan import CheckedPlan
from kindreflex.framework.checks import CHECKS, Check, CheckOptions, check_resolution
from kindreflex.framework.project import open_project

from ..helpers import MINI, edited_mini
from ..lines import line_of
from ..test_invalid_inputs import CASES as FAILURE_CASES
from ..test_invalid_inputs import prepare, spec_of
from .test_claims import project as project_with_a_legal_text

# The failure cases that patch the sample project's content and run `validate`.
CASES = [case for case in FAILURE_CASES if spec_of(case)["command"] == ["validate"]
         and not (case / "files").exists()
         and all(set(step) <= {"patch", "old", "new", "encoding"}
                 for step in spec_of(case).get("setup", []))]


def warning_codes(root: Path, options: CheckOptions) -> set[str]:
    return {issue.code for issue in open_project(root, options).issues.warnings}


def test_a_disabled_code_is_not_reported(tmp_path: Path) -> None:
    root = project_with_a_legal_text(tmp_path)
    assert "claim-unsourced" in warning_codes(root, CheckOptions())
    assert "claim-unsourced" not in warning_codes(root, CheckOptions(disabled={"claim-unsourced"}))


def test_a_check_whose_codes_are_all_disabled_does_not_run(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []

    def spy(plan: CheckedPlan) -> Iterator[Issue]:
        ran.append("spy")
        yield plan.issue("step:noteren", "step-spied", "seen")

    monkeypatch.setattr(checks, "CHECKS", (*CHECKS, Check(spy, ("step-spied",))))
    res = open_project(MINI).resolve("sport")
    assert "step-spied" in [i.code for i in check_resolution(res)]
    ran.clear()
    assert "step-spied" not in [i.code for i in check_resolution(
        res, CheckOptions(disabled={"step-spied"}))]
    assert ran == []


def test_an_unknown_code_cannot_be_switched_off() -> None:
    res = open_project(MINI).resolve(None)
    with pytest.raises(ValueError, match="no check reports claim-unsorced"):
        check_resolution(res, CheckOptions(disabled={"claim-unsorced"}))


def test_every_check_reports_only_the_codes_it_declares(tmp_path: Path) -> None:
    # Switching off a check by its codes only works if it reports no other code. The failure
    # cases hold a mistake of each kind; those of a file that does not load have no plan.
    options = CheckOptions(today=dt.date(2030, 1, 1))  # late enough for contact-stale
    reported: set[str] = set()
    for case in CASES:
        root = tmp_path / case.name
        prepare(case, root)
        project = open_project(root)
        if project.framework is None:
            continue
        for sector in [None, *project.sector_ids]:
            plan = CheckedPlan(project.resolve(sector), options)
            for check in CHECKS:
                codes = {i.code for i in check.run(plan)}
                assert codes <= set(check.codes), (case.name, check.run.__name__, codes)
                reported |= codes
    assert {"duplicate-id", "reference-unknown", "reference-removed", "step-unreachable",
            "placeholder-unresolved", "claim-source-unknown", "contact-stale"} <= reported


def test_a_reader_without_anyone_to_tell_instead_is_warned_at_the_role(tmp_path: Path) -> None:
    """The role the reader tells without `if_suspected`: the papers cannot say whom to tell
    when the worry is about that person (the reader rule of the card's front), so validate
    says so where the role is written."""
    root = edited_mini(tmp_path / "root", ('    if_suspected: "role:bestuur"\n', ""))
    warnings = [issue for issue in open_project(root, CheckOptions()).issues.warnings
                if issue.code == "role-no-alternative"]
    kader = root / "frameworks" / "kader.yaml"
    assert [(w.file, w.line) for w in warnings] == [
        ("frameworks/kader.yaml", line_of(kader, "- id: verantwoordelijke"))]
    assert "if_suspected" in warnings[0].hints[0]
    assert "role-no-alternative" not in warning_codes(MINI, CheckOptions())
