"""`reader_role`: the framework names its front-line reader; a wrong id is a located error."""

from __future__ import annotations

from pathlib import Path

from kindreflex.framework.project import load_project, open_project

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
