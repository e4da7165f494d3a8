"""Characters the theme's fonts cannot show are warned at their place; a font put in the theme
prints them; the machine's fonts are never used."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from kindreflex.framework.project import open_project
from kindreflex.render.glyphs import BASIC, coverage, glyph_warnings, theme_fonts
from kindreflex.render.pages import render_plan
from kindreflex.render.pdf import html_to_pdf
from kindreflex.render.theme import default_templates_dir, theme_for

from ..helpers import MINI, run
from ..lines import line_of
from ..sample_plans import sample_plan, t

ARABIC = "رياضة للأطفال"
# A font of the machine (Debian's fonts-dejavu-core), copied into a theme in a test.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# CJK, an emoji DejaVu has, one it has not, and a private-use character no font has.
UNUSUAL = "中文 😀 🧒 \ue000"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "root")
    return tmp_path / "root"


def test_the_basic_characters_are_in_every_bundled_font() -> None:
    # OpenSans-Field.ttf (one glyph) lays out the PDF's form fields and is never drawn.
    fonts = [p for p in theme_fonts(theme_for()) if p.is_relative_to(default_templates_dir())
             and p.name != "OpenSans-Field.ttf"]
    assert len(fonts) == 3
    for path in fonts:
        cmap = set(TTFont(str(path)).getBestCmap())
        assert {ord(c) for c in BASIC} <= cmap, path.name


def test_characters_no_font_has_are_warned_at_their_place(root: Path) -> None:
    sport = root / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text().replace("title: {nl: Sport, en: Sport}",
                                               f'title: {{nl: "Sport {UNUSUAL}", en: Sport}}'))
    shown = coverage(theme_for(root))
    missing = sorted(c for c in UNUSUAL if not c.isspace() and ord(c) not in shown)
    assert "\ue000" in missing  # a private-use character is in no font
    (warning,) = glyph_warnings(open_project(root), theme_for(root))
    line = line_of(sport, "title: {nl: \"Sport")
    assert (warning.file, warning.line, warning.column, warning.code, warning.severity) == \
        ("frameworks/sectors/sport.yaml", line, 13, "text-glyph-missing", "warning")
    assert all(f"U+{ord(c):04X}" in warning.message for c in missing)
    assert all(f"U+{ord(c):04X}" not in warning.message for c in UNUSUAL if c not in missing)
    result = run("validate", "--root", str(root))
    assert result.exit_code == 0
    assert f"frameworks/sectors/sport.yaml:{line}:13: warning[text-glyph-missing]" in result.output
    assert run("validate", "--root", str(root), "--strict").exit_code == 1


def test_a_font_added_to_the_theme_folder_prints_arabic_and_the_build_renders_again(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF uses the theme's fonts only: Arabic, which Open Sans lacks, is warned about
    until a font that has it is put in the theme's folder; then the warning goes, the build
    is no longer up to date (the font is an input) and the PDF draws it with that font."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    sport = root / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text().replace("title: {nl: Sport, en: Sport}",
                                               f'title: {{nl: "{ARABIC}", en: Sport}}'))
    (warning,) = glyph_warnings(open_project(root), theme_for(root))
    assert warning.code == "text-glyph-missing" and "theme's folder" in warning.hints[0]
    build = ("build", "sport", "--root", str(root), "--lang", "nl", "--format", "pdf",
             "--out", str(root / "out"))
    first = run(*build)
    assert first.exit_code == 0 and "warning[text-glyph-missing]" in first.output

    fonts = root / "templates" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copy(DEJAVU, fonts / DEJAVU.name)
    assert glyph_warnings(open_project(root), theme_for(root)) == []
    again = run(*build)
    assert again.exit_code == 0 and "warning" not in again.output
    assert "up to date" not in again.output
    pdf = PdfReader(root / "out" / "nl" / "sport.pdf")
    text = "".join(page.extract_text() for page in pdf.pages)
    arabic = [c for c in text if "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff"]
    assert len(arabic) >= 5, text[:300]
    embedded = {str(font["/BaseFont"]) for page in pdf.pages
                for font in page["/Resources"]["/Font"].values()}
    assert any("DejaVu" in name for name in embedded), embedded  # drawn, not boxes
    assert "up to date" in run(*build).output
    # Any font file of the theme is an input: one more, and the PDF is made again.
    shutil.copy(DEJAVU.with_name("DejaVuSans-Bold.ttf"), fonts)
    assert "up to date" not in run(*build).output


def test_a_font_of_the_machine_is_never_used(root: Path) -> None:
    """A character only a font installed on the machine has prints as a box from the theme's
    fonts: the machine's fonts are no input of the PDF."""
    assert ARABIC[0] not in {chr(c) for c in coverage(theme_for())}
    plan = sample_plan()
    plan = replace(plan, title=t(ARABIC))
    theme = theme_for()
    pdf = PdfReader(io.BytesIO(html_to_pdf(
        render_plan(plan, "nl", theme=theme, day=date(2026, 11, 28), layout="card",
                    medium="print"), theme.dirs)))
    fonts = {str(font["/BaseFont"]) for page in pdf.pages
             for font in page["/Resources"]["/Font"].values()}
    assert fonts and all("Open-Sans" in name for name in fonts), fonts


def test_a_batch_warns_about_an_organisation_name(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("id,name,contact_name,contact_phone\n"
                    "goed,Goede Club,Jan,0470 12 34 56\n"
                    "kfc,KFC \ue000 Gent,Jan,0470 12 34 57\n", encoding="utf-8")
    result = run("batch", "sport", "--root", str(MINI), "--orgs", str(orgs), "--out",
                 str(tmp_path / "out"), "--lang", "nl", "--format", "html", "--quiet",
                 "--jobs", "1")
    assert result.exit_code == 0
    assert f"{orgs}:3:1: warning[text-glyph-missing]" in result.output
    assert "U+E000" in result.output and ":2:1: warning" not in result.output


def test_a_batch_warns_about_the_frameworks_texts_as_build_does(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`batch` checks the texts of the plan it renders before rendering, as `build` does."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    sport = root / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text().replace("title: {nl: Sport, en: Sport}",
                                               f'title: {{nl: "Sport {UNUSUAL}", en: Sport}}'))
    line = line_of(sport, "title: {nl: \"Sport")
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("id,name,contact_name,contact_phone\ngoed,Goede Club,Jan,0470 12 34 56\n",
                    encoding="utf-8")
    result = run("batch", "sport", "--root", str(root), "--orgs", str(orgs), "--out",
                 str(tmp_path / "out"), "--lang", "nl", "--format", "html", "--layout", "card",
                 "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert f"frameworks/sectors/sport.yaml:{line}:13: warning[text-glyph-missing]" \
        in result.output
    strict = run("batch", "sport", "--root", str(root), "--orgs", str(orgs), "--out",
                 str(tmp_path / "out"), "--lang", "nl", "--format", "html", "--layout", "card",
                 "--quiet", "--jobs", "1", "--strict")
    assert strict.exit_code == 1
    assert "1 warning(s) (--strict)" in strict.stderr
