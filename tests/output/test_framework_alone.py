"""A framework without sectors yet: it can be listed, previewed and printed on its own."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pypdf import PdfReader

from ..helpers import MINI, copy_project, run


def framework_only(tmp_path: Path) -> Path:
    root = copy_project(MINI, tmp_path / "root")
    shutil.rmtree(root / "frameworks" / "sectors")
    shutil.rmtree(root / "frameworks" / "contexts")
    return root


def test_sectors_says_there_are_none_yet(tmp_path: Path) -> None:
    root = framework_only(tmp_path)
    result = run("sectors", "--root", str(root))
    assert result.exit_code == 0
    assert result.stdout.startswith("no sectors or contexts yet: 'kindreflex build --all' builds "
                                    "the framework's own plan")
    listed = run("sectors", "--root", str(root), "--format", "json")
    assert json.loads(listed.stdout) == {"sectors": []}


def test_build_all_renders_the_frameworks_own_plan(tmp_path: Path) -> None:
    root = framework_only(tmp_path)
    out = tmp_path / "out"
    result = run("build", "--all", "--root", str(root), "--out", str(out), "--lang", "nl")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.*")) == [
        "build-manifest.json", "editions.json", "index.html", "nl/kader.html", "nl/kader.pdf"]
    assert 'href="nl/kader.html"' in (out / "index.html").read_text()
    pdf = PdfReader(str(out / "nl" / "kader.pdf"))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Noteer wat je ziet" in text and "Handelingskader" in text
    # A second run finds everything up to date, the index included.
    again = run("build", "--all", "--root", str(root), "--out", str(out), "--lang", "nl")
    assert again.stdout.startswith("nothing to write")


def test_build_with_a_context_and_no_sector(tmp_path: Path) -> None:
    root = copy_project(MINI, tmp_path / "root")
    shutil.rmtree(root / "frameworks" / "sectors")
    out = tmp_path / "out"
    result = run("build", "--all", "--context", "lockdown", "--root", str(root), "--out", str(out),
                 "--lang", "en", "--format", "html")
    assert result.exit_code == 0, result.output
    assert "Also note online contact." in (out / "en" / "kader+lockdown.html").read_text()


def test_build_without_sectors_or_all_is_still_a_usage_error(tmp_path: Path) -> None:
    result = run("build", "--root", str(framework_only(tmp_path)))
    assert result.exit_code == 2
    assert "use --all" in result.output
