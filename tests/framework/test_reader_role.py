"""`reader_role`: the framework names its front-line reader; a wrong id is a located error."""

from __future__ import annotations

from pathlib import Path

from kindreflex.framework.project import load_project, open_project
from kindreflex.framework.reader import Reader

from ..helpers import MINI, REPO, copy_project


def with_reader_role(tmp_path: Path, role: str) -> Path:
    root = copy_project(MINI, tmp_path / "root")
    path = root / "frameworks" / "kader.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nroles:\n", f"\nreader_role: {role}\nroles:\n", 1),
                    encoding="utf-8")
    return root


def test_the_shipped_framework_names_its_reader() -> None:
    plan = load_project(REPO).plan("sport")
    assert plan.reader_role == "medewerker"
    assert plan.role("medewerker")


def test_an_unknown_reader_role_is_a_located_error(tmp_path: Path) -> None:
    root = with_reader_role(tmp_path, "medewerkr")
    issues = open_project(root).issues.errors
    assert [(i.file, i.code) for i in issues] == [("frameworks/kader.yaml", "reference-unknown")]
    line = (root / "frameworks" / "kader.yaml").read_text().splitlines()[issues[0].line - 1]
    assert line.startswith("reader_role: medewerkr")
    assert "role:medewerker" in issues[0].hints[0]


def test_without_reader_role_the_plan_has_none(tmp_path: Path) -> None:
    assert load_project(MINI).plan("sport").reader_role is None
    root = with_reader_role(tmp_path, "verantwoordelijke")
    assert load_project(root).plan("sport").reader_role == "verantwoordelijke"


def test_the_reader_decides_whose_steps_routes_and_helplines(tmp_path: Path) -> None:
    # Without reader_role the first role reads: the worker acts in the acute step, noteren and
    # overleggen, tells the person in charge, and the lines named there are theirs.
    worker = Reader(load_project(MINI).plan(None))
    assert worker.role is not None and worker.role.id == "medewerker"
    assert [s.id for s in worker.plan.steps if worker.acts(s)] == ["acuut", "noteren",
                                                                   "overleggen"]
    assert worker.disclosure_step is not None and worker.disclosure_step.id == "noteren"
    assert worker.contact_role is not None and worker.contact_role.id == "verantwoordelijke"
    assert worker.named_contacts == {"112", "1712"}
    assert worker.routes == []
    afronden = worker.plan.steps[-1]
    taking_over = worker.taking_over(afronden)
    assert taking_over is not None and taking_over.id == "verantwoordelijke"
    # Named as the reader, the person in charge acts in the route and tells the worker.
    root = with_reader_role(tmp_path, "verantwoordelijke")
    in_charge = Reader(load_project(root).plan(None))
    assert [s.id for s in in_charge.plan.steps if in_charge.acts(s)] == ["overleggen",
                                                                        "afronden"]
    assert in_charge.contact_role is not None and in_charge.contact_role.id == "medewerker"
    assert [r.id for r in in_charge.routes] == ["thuis"]
    assert in_charge.named_contacts == {"1712"}
    assert in_charge.others(in_charge.plan.steps[2]) == ["medewerker"]
