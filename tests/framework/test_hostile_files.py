"""Hostile or careless YAML: typed scalars, tags, control characters, special files, bounds."""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kindreflex.framework.files import FileProblem, read_bounded
from kindreflex.framework.project import load_project, open_project
from kindreflex.framework.schema import ecma_regex, load_schema, schema_problems
from kindreflex.framework.yaml_source import load_yaml, load_yaml_bytes

from ..helpers import MINI
from ..lines import line_of


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "root")
    return tmp_path / "root"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def codes(root: Path) -> list[tuple[str, int, str]]:
    return [(i.file, i.line, i.code) for i in open_project(root).issues.errors]


# --- 1: typed scalars --------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "typed"), [
    ("0470123456", 81831726), ("1.10", 1.1), ("NO", False), ("1_000", 1000), ("9:30", 570),
    ("0x1F", 31), ("yes", True),
])
def test_the_source_text_of_typed_scalars_is_kept(written: str, typed: object) -> None:
    doc, issues = load_yaml_bytes(f"a: {written}\nb: [{written}]\n".encode(), "f.yaml")
    assert doc is not None and issues == []
    assert doc.data == {"a": typed, "b": [typed]}
    assert doc.source_text(("a",), typed) == written
    assert doc.source_text(("b", 0), typed) == written


def test_a_typed_scalar_where_text_is_meant_is_refused_quoting_what_was_written(
        root: Path) -> None:
    kader = root / "frameworks" / "kader.yaml"
    replace(kader, "version: 1.2.0", "version: 1.10")
    (issue,) = open_project(root).issues.errors
    assert (issue.file, issue.line, issue.code) == (
        "frameworks/kader.yaml", line_of(kader, "version: 1.10"), "schema-wrong-type")
    assert 'put it in quotes: "1.10"' in issue.hints


def test_params_are_the_text_as_written(root: Path) -> None:
    kader = root / "frameworks" / "kader.yaml"
    replace(kader, "terms:\n", "params:\n  telefoon: 0470123456\n  open: yes\nterms:\n")
    replace(kader, "{nl: Noteer de feiten., en: Write down the facts.}",
            '{nl: "Bel {param:telefoon} ({param:open}).", en: Call.}')
    plan = load_project(root).plan("sport")
    assert plan.params["telefoon"] == "0470123456" and plan.params["open"] == "yes"


# --- 6: special files ----------------------------------------------------------------------------

def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(load_yaml(fifo, "pipe.yaml")),
                              daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert result, "reading a FIFO blocked"
    doc, issues = result[0]  # type: ignore[misc]
    assert doc is None and [i.code for i in issues] == ["file-not-regular"]


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_link_to_a_device_is_refused(tmp_path: Path, target: str) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to(target)
    doc, issues = load_yaml(link, "zero.yaml")
    assert doc is None and [i.code for i in issues] == ["file-not-regular"]


def test_the_read_is_bounded_whatever_st_size_says(tmp_path: Path) -> None:
    # /proc files are regular and report a size of 0; the bound holds anyway.
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0
    with pytest.raises(FileProblem) as info:
        read_bounded(status, 10)
    assert info.value.code == "too-large"
    assert read_bounded(status, 1 << 20).startswith(b"Name:")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 101)
    with pytest.raises(FileProblem):
        read_bounded(big, 100)
    assert read_bounded(big, 101) == b"#" * 101


def test_validate_of_a_root_with_a_fifo_reports_it_and_the_rest(root: Path) -> None:
    os.mkfifo(root / "frameworks" / "sectors" / "pipe.yaml")
    assert codes(root) == [("frameworks/sectors/pipe.yaml", 1, "file-not-regular")]


# --- 8: what validates, builds ---------------------------------------------------------------

@pytest.mark.parametrize(("date", "real"), [
    ("2026-02-28", True), ("2024-02-29", True), ("2026-02-29", False), ("2026-02-31", False),
    ("2026-04-31", False), ("2026-12-31", True),
])
def test_dates_must_exist(root: Path, date: str, real: bool) -> None:
    replace(root / "frameworks" / "kader.yaml", "date: 2026-11-28", f"date: {date}")
    replace(root / "frameworks" / "kader.yaml", "last_checked: 2026-11-01",
            f"last_checked: {date}")
    found = codes(root)
    kader = root / "frameworks" / "kader.yaml"
    assert found == ([] if real else [
        ("frameworks/kader.yaml", line_of(kader, f"date: {date}"), "schema-invalid-value"),
        ("frameworks/kader.yaml", line_of(kader, f"last_checked: {date}"),
         "schema-invalid-value")])


def _patterns() -> list[str]:
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.add(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in ("framework", "overlay"):
        walk(load_schema(name))
    return sorted(found)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_no_pattern_accepts_a_trailing_line_break(data: st.DataObject) -> None:
    pattern = data.draw(st.sampled_from(_patterns()))
    sample = data.draw(st.from_regex(ecma_regex(pattern), fullmatch=True))
    fast = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": pattern})
    assert ecma_regex(pattern).search(sample) and fast.is_valid(sample)
    broken = bool(ecma_regex(pattern).search(sample + "\n"))
    assert broken == fast.is_valid(sample + "\n")
    if "\\s" not in pattern:  # only a pattern that allows white space at the end may
        assert not broken


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_both_validators_read_every_pattern_alike(data: st.DataObject) -> None:
    pattern = data.draw(st.sampled_from(_patterns()))
    # Python's own reading of the pattern draws texts with a final line break too.
    text = data.draw(st.one_of(st.from_regex(pattern), st.text(max_size=12)))
    fast = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": pattern})
    assert bool(ecma_regex(pattern).search(text)) == fast.is_valid(text)


def test_a_language_with_a_line_break_is_refused() -> None:
    base = load_yaml_bytes((MINI / "frameworks" / "kader.yaml").read_bytes(), "k")[0]
    assert base is not None
    base.data["languages"] = ["nl", "en", "de\n"]
    (problem,) = schema_problems(base.data, "framework")
    assert problem.path == ("languages", 2)


# --- 9: text hygiene -------------------------------------------------------------------------

@pytest.mark.parametrize("escape", ["\\e", "\\a", "\\0", "\\x9b", "\\r", "\\b", "\\x7f"])
def test_control_characters_are_refused_where_they_are(escape: str) -> None:
    _doc, issues = load_yaml_bytes(f'a: ok\nb: "x{escape}y"\n'.encode(), "f.yaml")
    assert [(i.line, i.column, i.code) for i in issues] == [(2, 4, "text-control-character")]
    assert "\x1b" not in issues[0].format_text() and "\x07" not in issues[0].format_text()


def test_tabs_and_line_breaks_are_fine() -> None:
    doc, issues = load_yaml_bytes(b'a: "x\\ty\\nz"\nb: |\n  two\n  lines\n', "f.yaml")
    assert issues == [] and doc is not None


@pytest.mark.parametrize("tagged", [
    "a: !!set {x, y}", "a: !!omap [x: 1]", "a: !!python/object:os.system {x: 1}",
    "a: !!python/object/apply:os.system [id]", "a: !local [1]", "a: !!pairs [x: 1]",
    "!!python/object/new:dict {}", "a: !!binary aGk=", "a: !!python/name:os.system ''",
])
def test_tags_are_reported_on_scalars_mappings_and_sequences(tagged: str) -> None:
    _doc, issues = load_yaml_bytes(tagged.encode(), "f.yaml")
    assert [i.code for i in issues] == ["yaml-unsupported-tag"]


def test_messages_never_print_control_characters(root: Path) -> None:
    replace(root / "frameworks" / "kader.yaml", "status: {nl:", '"st\\e[2Jatus": {nl:')
    for issue in open_project(root).issues.errors:
        for text in (issue.format_text(), issue.format_github(), str(issue.as_dict())):
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), text
