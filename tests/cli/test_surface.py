"""One surface for every command: YAML's words in `explain`, one message and one exit code
for a language the framework does not declare, a page title that says each name once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ..helpers import MINI, copy_project, run
from ..lines import line_of


def test_explain_writes_true_and_false_as_yaml_does() -> None:
    result = run("explain", "sport", "--root", str(MINI))
    assert result.exit_code == 0
    acute = line_of(MINI / "frameworks" / "kader.yaml", "acute: true", nth=1)
    assert re.search(rf"^  acute: true    \[frameworks/kader\.yaml:{acute}:12", result.stdout, re.M)
    assert "urgent: true" in result.stdout
    assert "True" not in result.stdout and "False" not in result.stdout


MESSAGE = ("error: language 'xx' is not declared by the framework (it declares nl, en; see "
           "'languages:' in frameworks/kader.yaml)\n")


@pytest.mark.parametrize("command", [
    ["build", "sport", "--lang", "xx", "--format", "html"],
    ["explain", "sport", "--lang", "xx"],
    ["diff", "sport", "--lang", "xx"],
    ["translations", "--lang", "xx"],
    ["batch", "sport", "--orgs", "orgs.csv", "--lang", "xx"],
])
def test_an_undeclared_language_is_the_same_error_everywhere(command: list[str], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             ) -> None:
    root = copy_project(MINI, tmp_path / "root")
    (root / "orgs.csv").write_text("id,name,contact_name,contact_phone\nx,X,Y,0470 12 34 56\n",
                                   encoding="utf-8")
    monkeypatch.chdir(root)
    result = run(*command, "--root", str(root))
    assert result.exit_code == 2
    assert result.output == MESSAGE
    assert not (root / "output").exists()


def test_several_undeclared_languages_are_named_together(tmp_path: Path) -> None:
    result = run("build", "sport", "--root", str(MINI), "--lang", "de", "--lang", "nl",
                 "--lang", "fr", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.output.startswith("error: languages 'de', 'fr' are not declared")


def test_a_framework_without_sectors_says_its_title_once(tmp_path: Path) -> None:
    root = copy_project(MINI, tmp_path / "root")
    shutil.rmtree(root / "frameworks" / "sectors")
    shutil.rmtree(root / "frameworks" / "contexts")
    out = tmp_path / "out"
    result = run("build", "--all", "--root", str(root), "--out", str(out), "--lang", "nl",
                 "--format", "html", "--layout", "handout", "--layout", "card")
    assert result.exit_code == 0, result.output
    titles = [re.search(r"<title>(.*?)</title>", (out / "nl" / name).read_text()).group(1)
              for name in ("kader.html", "kader-card.html")]
    assert titles == ["Handelingskader", "Handelingskader (Zakkaart)"]
    sector = copy_project(MINI, tmp_path / "with-sector")
    run("build", "sport", "--root", str(sector), "--out", str(out), "--lang", "nl",
        "--format", "html")
    page = (out / "nl" / "sport.html").read_text()
    assert "<title>Handelingskader – Sport</title>" in page
