"""`new-sector`: the new file validates and builds, its examples work, nothing is overwritten."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..helpers import REPO, TESTS, copy_project, run


def project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    copy_project(REPO / "frameworks", root / "frameworks")
    return root


def test_new_sector_validates_at_once(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    run("schema", "--root", str(root))  # the root's own schema/, as in this repository
    result = run("new-sector", "zwemclubs", "--title", "Zwemclubs", "--root", str(root))
    assert result.exit_code == 0, result.output
    path = root / "frameworks" / "sectors" / "zwemclubs.yaml"
    assert path.read_text().startswith(
        "# yaml-language-server: $schema=../../schema/overlay.schema.json\n")
    assert (path.parent / "../../schema/overlay.schema.json").is_file()
    assert run("validate", "--strict", "--root", str(root)).exit_code == 0
    listed = run("sectors", "--root", str(root), "--format", "json").stdout
    assert '"id": "zwemclubs"' in listed


def uncomment_examples(path: Path) -> str:
    """Uncomment every example operation of a new overlay; the operations written."""
    head, examples = path.read_text().split("operations: []\n")
    operations = [line[1:] for line in examples.splitlines() if re.match(r"^# {1,}\S", line)
                  and line.startswith("#  ")]
    body = "\n".join(operations).replace("…", "x")
    path.write_text(head + "operations:\n" + body + "\n")
    return body


def test_uncommented_examples_are_valid_operations(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    run("new-sector", "zwemclubs", "--title", "Zwemclubs", "--root", str(root))
    body = uncomment_examples(root / "frameworks" / "sectors" / "zwemclubs.yaml")
    result = run("validate", "--root", str(root))
    assert result.exit_code == 0, result.output
    kinds = {m for m in re.findall(r"^  - (\w+):", body, re.M)}
    assert kinds == {"set", "replace", "update", "insert", "append", "prepend", "move", "remove"}


def test_examples_use_the_languages_the_framework_declares(tmp_path: Path) -> None:
    # A framework in nl-NL only: every example text is in nl-NL (not {nl:, en:}), and
    # uncommented they validate without a single warning.
    root = copy_project(TESTS / "projects" / "stappenplan-nl", tmp_path / "root")
    result = run("new-sector", "sportclubs", "--title", "Sportclubs", "--root", str(root))
    assert result.exit_code == 0, result.output
    path = root / "frameworks" / "sectors" / "sportclubs.yaml"
    text = path.read_text()
    assert "en:" not in text and "fr:" not in text
    assert "{nl-NL: " in text
    body = uncomment_examples(path)
    assert "{nl-NL: " in body
    result = run("validate", "--strict", "--root", str(root))
    assert result.exit_code == 0, result.output


def test_without_a_schema_folder_the_schema_line_points_at_the_installed_schema(
        tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    assert not (root / "schema").exists()
    run("new-sector", "zwemclubs", "--title", "Zwemclubs", "--root", str(root))
    first = (root / "frameworks" / "sectors" / "zwemclubs.yaml").read_text().splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    target = Path(first[len(prefix):])
    assert target.is_absolute() and target.is_file()
    assert json.loads(target.read_text())["title"] == "kindreflex overlay"


def test_schema_takes_root(tmp_path: Path) -> None:
    root = project_copy(tmp_path)
    result = run("schema", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "schema").iterdir()) == [
        "framework.schema.json", "organisations.schema.json", "overlay.schema.json"]


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
