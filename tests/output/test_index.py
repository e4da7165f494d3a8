"""OUT/index.html links everything in OUT, also what an earlier build wrote."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..helpers import MINI, run


def test_index_keeps_links_of_an_earlier_build(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(MINI / "frameworks", root / "frameworks")
    out = tmp_path / "out"
    common = ["--root", str(root), "--out", str(out), "--format", "html"]
    assert run("build", "sport", "--layout", "handout", "--layout", "card", *common).exit_code == 0
    assert run("build", "sport", "--context", "lockdown", *common).exit_code == 0
    links = set(re.findall(r'href="([^"#]+\.(?:html|pdf))"', (out / "index.html").read_text()))
    expected = {f"{lang}/{name}.html" for lang in ("nl", "en")
                for name in ("sport", "sport-card", "sport+lockdown")}
    assert links == expected
    for link in links:
        assert (out / link).is_file()


def test_index_links_only_files_that_exist(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(MINI / "frameworks", root / "frameworks")
    out = tmp_path / "out"
    assert run("build", "sport", "--root", str(root), "--out", str(out), "--format", "html",
               "--lang", "en").exit_code == 0
    links = re.findall(r'href="([^"#]+\.(?:html|pdf))"', (out / "index.html").read_text())
    assert links == ["en/sport.html"]
