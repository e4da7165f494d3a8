"""`new-sector`: the new file validates and builds, its examples work, nothing is overwritten."""

from __future__ import annotations

import re
from pathlib import Path

from ..helpers import REPO, copy_project, run


def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    copy_project(REPO / "frameworks", root / "frameworks")
    return root


def test_new_sector_validates_at_once(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    result = run("new-sector", "zwemclubs", "--title", "Zwemclubs", "--root", str(root))
    assert result.exit_code == 0, result.output
    path = root / "frameworks" / "sectors" / "zwemclubs.yaml"
    assert path.read_text().startswith(
        "# yaml-language-server: $schema=../../schema/overlay.schema.json\n")
    assert run("validate", "--strict", "--root", str(root)).exit_code == 0
    listed = run("sectors", "--root", str(root), "--format", "json").stdout
    assert '"id": "zwemclubs"' in listed


def test_uncommented_examples_are_valid_operations(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    run("new-sector", "zwemclubs", "--title", "Zwemclubs", "--root", str(root))
    path = root / "frameworks" / "sectors" / "zwemclubs.yaml"
    text = path.read_text()
    head, examples = text.split("operations: []\n")
    operations = [line[1:] for line in examples.splitlines() if re.match(r"^# {1,}\S", line)
                  and line.startswith("#  ")]
    body = "\n".join(operations).replace("…", "x")
    path.write_text(head + "operations:\n" + body + "\n")
    result = run("validate", "--root", str(root))
    assert result.exit_code == 0, result.output
    kinds = {m for m in re.findall(r"^  - (\w+):", body, re.M)}
    assert kinds == {"set", "replace", "update", "insert", "append", "prepend", "move", "remove"}


def test_new_context(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    result = run("new-sector", "zomerkamp", "--kind", "context", "--title", "Zomerkamp",
                 "--root", str(root))
    assert result.exit_code == 0
    assert (root / "frameworks" / "contexts" / "zomerkamp.yaml").is_file()
    assert run("validate", "--root", str(root)).exit_code == 0


def test_second_call_refuses_and_leaves_the_file_unchanged(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    run("new-sector", "zwemclubs", "--title", "Zwemclubs", "--root", str(root))
    path = root / "frameworks" / "sectors" / "zwemclubs.yaml"
    path.write_text(path.read_text() + "# my own edit\n")
    before = path.read_bytes()
    result = run("new-sector", "zwemclubs", "--title", "Anders", "--root", str(root))
    assert result.exit_code == 2
    assert "already exists; it was left unchanged" in result.output
    assert path.read_bytes() == before


def test_bad_id_is_refused(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    for bad in ("Zwem", "../x", "a_b", ""):
        result = run("new-sector", bad, "--title", "X", "--root", str(root))
        assert result.exit_code == 2, bad
    assert sorted(p.name for p in (root / "frameworks" / "sectors").iterdir()) == sorted(
        p.name for p in (REPO / "frameworks" / "sectors").iterdir())
