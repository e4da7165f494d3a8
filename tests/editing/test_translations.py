"""`translations`: every missing content translation, with its file:line."""

from __future__ import annotations

import io
import json
from pathlib import Path

from babel.messages.pofile import read_po

from ..helpers import REPO, copy_project, run


def test_shipped_content_misses_no_dutch_or_english() -> None:
    result = run("translations", "--root", str(REPO), "--lang", "nl", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_removed_english_text_is_listed_with_its_location(tmp_path: Path) -> None:
    root = copy_project(REPO / "frameworks", tmp_path / "root" / "frameworks").parent
    sport = root / "frameworks" / "sectors" / "sport.yaml"
    lines = sport.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("en: \"the club\""))
    del lines[index]
    sport.write_text("".join(lines), encoding="utf-8")
    result = run("translations", "--root", str(root), "--format", "json")
    assert result.exit_code == 0
    missing = json.loads(result.stdout)["missing"]
    assert [(m["file"], m["line"], m["language"]) for m in missing] == [
        ("frameworks/sectors/sport.yaml", index, "en")]
    assert missing[0]["pointer"] == "/operations/0/set/terms/organisatie"
    text = run("translations", "--root", str(root), "--lang", "en").stdout
    assert text.startswith(f"frameworks/sectors/sport.yaml:{index}:")


def test_plain_string_counts_as_default_language_only(tmp_path: Path) -> None:
    root = copy_project(REPO / "frameworks", tmp_path / "root" / "frameworks").parent
    run("new-sector", "zwemclubs", "--title", "Zwemclubs", "--root", str(root))
    result = run("translations", "--root", str(root), "--format", "json")
    missing = json.loads(result.stdout)["missing"]
    assert {(m["language"], m["pointer"]) for m in missing} == {("en", "/title"),
                                                               ("fr", "/title")}


def test_undeclared_language_is_a_usage_error() -> None:
    result = run("translations", "--root", str(REPO), "--lang", "de")
    assert result.exit_code == 2
    assert "not declared" in result.output


def test_a_catalogue_to_translate_is_of_one_language() -> None:
    result = run("translations", "--root", str(REPO), "--format", "po")
    assert result.exit_code == 2
    assert "--format po writes the catalogue of one language: name it with --lang (one of " \
        "nl, en, fr)" in result.stderr
    # The shipped languages lack no word: their catalogue to translate holds only a header.
    french = run("translations", "--root", str(REPO), "--format", "po", "--lang", "fr")
    assert french.exit_code == 0
    assert [m.id for m in read_po(io.StringIO(french.stdout)) if m.id] == []
    assert "\nmsgid \"\"\n" in french.stdout  # the header
    assert french.stderr.strip() == "0 interface word(s) to translate in fr"
