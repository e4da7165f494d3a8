"""`build` is incremental: nothing changed, nothing written; one change, only its files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kindreflex.output.build import EDITIONS, MANIFEST, BuildRequest, run_build

from ..helpers import MINI


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    shutil.copytree(MINI / "frameworks", root / "frameworks")
    return root


def build(root: Path, out: Path) -> list[str]:
    request = BuildRequest(root=root, all_sectors=True, languages=("en",), out=out,
                           layouts=("handout",))
    return sorted(p.relative_to(out).as_posix() for p in run_build(request))


def test_rerun_with_nothing_changed_writes_nothing(project: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    out = tmp_path / "out"
    assert build(project, out) == [MANIFEST, EDITIONS, "en/sport.html", "en/sport.pdf",
                                   "index.html"]
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    assert build(project, out) == []
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


def test_one_change_rebuilds_only_what_it_touches(project: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    out = tmp_path / "out"
    build(project, out)
    lockdown = project / "frameworks" / "contexts" / "lockdown.yaml"
    lockdown.write_text(lockdown.read_text().replace("online contact", "video calls"))
    assert build(project, out) == []  # the context is not part of this build
    sport = project / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text().replace("the club", "the sports club"))
    # The paper has a new edition, which the index's online check knows too.
    assert build(project, out) == [MANIFEST, EDITIONS, "en/sport.html", "en/sport.pdf",
                                   "index.html"]


def test_a_damaged_output_is_rebuilt(project: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    out = tmp_path / "out"
    build(project, out)
    good = (out / "en" / "sport.pdf").read_bytes()
    (out / "en" / "sport.pdf").write_bytes(b"not a pdf")
    assert build(project, out) == [MANIFEST, "en/sport.pdf"]
    assert (out / "en" / "sport.pdf").read_bytes() == good


def test_a_new_day_keeps_the_papers_and_their_date(project: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A paper prints its edition's date, the day its content first had its code: on a later
    day the same content is the same paper. Only the index (the day it was made) is new."""
    out = tmp_path / "out"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    build(project, out)
    pdf = (out / "en" / "sport.pdf").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795910400")  # the next day
    assert build(project, out) == ["index.html"]
    assert (out / "en" / "sport.pdf").read_bytes() == pdf
    assert "28 November 2026" in (out / "en" / "sport.html").read_text()


@pytest.mark.parametrize(("old", "new"), [
    ("title: {nl: Sport, en: Sport}", "title: {nl: Sport, en: Sports}"),
    ("title: {nl: Sport, en: Sport}",
     "title: {nl: Sport, en: Sport}\ndescription: {nl: Voor clubs, en: For clubs}"),
    ("title: {nl: Sport, en: Sport}", "title: {nl: Sport, en: Sport}\nurl: https://sport.be"),
])
def test_a_change_outside_the_resolved_data_rebuilds(project: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     old: str, new: str) -> None:
    """The sector's title, description and url live in its layer, not in the plan's data:
    they reach the page all the same, so they must reach the input hash."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    out = tmp_path / "out"
    build(project, out)
    sport = project / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text().replace(old, new))
    assert {"en/sport.html", "en/sport.pdf"} <= set(build(project, out))
