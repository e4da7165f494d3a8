"""The build pipeline on a sample project: paths, index, determinism, jobs, failures."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from kindreflex.errors import ContentError, OutputError, UsageError
from kindreflex.output.build import BuildRequest, run_build
from kindreflex.output.writer import OutputWriter

from ..helpers import MINI

EPOCH = "1795824000"  # 2026-11-28T00:00:00Z


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file under `out` (relative POSIX path -> bytes)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}


# Its module fixture builds once, on the worker that runs every test here (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("build")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project with a second sector, so failures can hit 'the second one'."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(MINI / "frameworks", root / "frameworks")
    sport = (root / "frameworks" / "sectors" / "sport.yaml").read_text()
    jeugd = sport.replace("id: sport", "id: jeugd").replace(
        "title: {nl: Sport, en: Sport}", "title: {nl: Jeugdwerk, en: Youth work}"
    )
    (root / "frameworks" / "sectors" / "jeugd.yaml").write_text(jeugd)
    return root


@pytest.fixture(scope="module")
def builds(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Path]]:
    """A full build with two processes, then its last request again with one process."""
    outs = [tmp_path_factory.mktemp(f"out{i}") for i in range(2)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for context in (None, "lockdown"):
            run_build(BuildRequest(root=project, all_sectors=True, context=context,
                                   layouts=("handout", "card"), out=outs[0], jobs=2))
        run_build(BuildRequest(root=project, all_sectors=True, context="lockdown",
                               layouts=("handout", "card"), out=outs[1], jobs=1))
    yield outs


def test_output_paths(builds: list[Path]) -> None:
    files = set(snapshot(builds[0]))
    for lang in ("nl", "en"):
        for sector in ("jeugd", "sport"):
            for base in (sector, f"{sector}+lockdown"):
                for suffix in ("", "-card"):
                    for ext in ("html", "pdf"):
                        assert f"{lang}/{base}{suffix}.{ext}" in files
    assert "index.html" in files
    assert not [name for name in files if "/." in name or name.startswith(".")]


def test_index_links_every_plan_of_the_last_build(builds: list[Path]) -> None:
    index = (builds[0] / "index.html").read_text()
    for lang in ("nl", "en"):
        for name in ("jeugd+lockdown", "sport+lockdown"):
            for ext in ("html", "pdf"):
                assert f'href="{lang}/{name}.{ext}"' in index
                assert f'href="{lang}/{name}-card.{ext}"' in index
    assert 'lang="en"' in index and "Zakkaart:" in index and "Pocket card:" in index
    # The index gives each PDF's page count as counted from the PDF itself.
    for lang, pages_word in (("nl", "pagina&#39;s"), ("en", "pages")):
        handout = builds[0] / lang / "sport+lockdown.pdf"
        pages = len(PdfReader(handout).pages)
        assert pages > 1
        assert (f'href="{lang}/sport+lockdown.pdf" hreflang="{lang}">PDF, {pages} {pages_word}'
                in index)


def test_builds_are_byte_identical_whatever_the_jobs(builds: list[Path]) -> None:
    """Two builds of the same request (two processes, then one) give the same bytes."""
    full, again = snapshot(builds[0]), snapshot(builds[1])
    # languages x sectors x layouts x formats, the edition log, the index and the manifest
    assert len(again) == 2 * 2 * 2 * 2 + 3
    # The index, the manifest and the edition log differ on purpose: the first folder also
    # holds the earlier build's plans.
    listings = {"index.html", "build-manifest.json", "editions.json"}
    different = [name for name in again if name not in listings and again[name] != full[name]]
    assert different == []
    assert b"Gemaakt op 28 november 2026" in again["nl/sport+lockdown.html"]
    metadata = PdfReader(io.BytesIO(again["nl/sport+lockdown.pdf"])).metadata
    assert metadata is not None and metadata["/CreationDate"] == "D:20261128"


def test_failure_half_way_keeps_earlier_outputs(project: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    run_build(BuildRequest(root=project, all_sectors=True, out=out, formats=("html",)))
    before = snapshot(out)
    (out / "nl" / "notes.txt").write_text("mine")  # not ours: must survive
    override = tmp_path / "override"
    override.mkdir()
    (override / "handout.html.j2").write_text(
        '{% extends "default/handout.html.j2" %}\n'
        '{% block title %}{% if plan.plan_id == "sport" %}{{ no_such_variable }}{% endif %}'
        "{{ super() }}{% endblock %}\n"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400 * 40))
    with pytest.raises(ContentError, match="no_such_variable"):
        run_build(BuildRequest(root=project, all_sectors=True, out=out, templates=override))
    after = snapshot(out)
    assert after.pop("nl/notes.txt") == b"mine"
    assert after == before  # jeugd rendered fine, yet nothing was written


def test_unknown_language_sector_and_format_are_usage_errors(project: Path,
                                                              tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="language 'de' is not declared"):
        run_build(BuildRequest(root=project, sectors=("sport",), languages=("de",),
                               out=tmp_path))
    with pytest.raises(UsageError, match="voetbal"):
        run_build(BuildRequest(root=project, sectors=("voetbal",), out=tmp_path))
    with pytest.raises(UsageError, match="unknown format"):
        run_build(BuildRequest(root=project, sectors=("sport",), formats=("docx",),
                               out=tmp_path))
    with pytest.raises(UsageError, match="name one or more sectors"):
        run_build(BuildRequest(root=project, out=tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_one_language_and_one_format(project: Path, tmp_path: Path) -> None:
    written = run_build(BuildRequest(root=project, sectors=("sport",), languages=("en",),
                                     formats=("html",), out=tmp_path))
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "build-manifest.json", "editions.json", "en/sport.html", "index.html"]


def test_writer_refuses_paths_outside_out(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path / "out")
    for bad in ("../escape.html", "/etc/passwd", "nl/../../escape.html", ""):
        with pytest.raises(OutputError, match="refused"):
            writer.write(bad, b"x")
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "out" / "link")
    with pytest.raises(OutputError, match="outside the output folder"):
        writer.write("link/file.html", b"x")
    assert list((tmp_path / "elsewhere").iterdir()) == []
    assert not (tmp_path / "escape.html").exists()


def test_writer_replaces_atomically_and_leaves_no_temp_file(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path)
    path = writer.write("nl/a.html", b"old")
    assert path.read_bytes() == b"old" and oct(path.stat().st_mode & 0o777) == "0o644"
    writer.write("nl/a.html", b"new")
    assert path.read_bytes() == b"new"
    (tmp_path / "nl" / "dir.html").mkdir()
    with pytest.raises(OutputError, match="a folder has that name"):
        writer.write("nl/dir.html", b"x")
    (tmp_path / "nl" / "sub").write_text("a file where a folder should be")
    with pytest.raises(OutputError, match="cannot create folder"):
        writer.write("nl/sub/b.html", b"x")
    assert path.read_bytes() == b"new"
    assert sorted(p.name for p in (tmp_path / "nl").iterdir()) == ["a.html", "dir.html", "sub"]
