"""WeasyPrint's warnings about a theme's CSS: located `template-css` warnings that `build`
prints and `--strict` fails on, each attributed to the render that caused it, also when
renders run at once in threads (as under `serve`)."""

from __future__ import annotations

import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from kindreflex.editing.live_state import PageKey, Preview
from kindreflex.errors import Issue
from kindreflex.framework.project import load_project
from kindreflex.render.pages import render_plan
from kindreflex.render.pdf import lay_out
from kindreflex.render.theme import default_templates_dir, theme_for

from ..helpers import MINI, copy_project, run

DAY = date(2026, 11, 28)
BAD_RULE = ".card-face { colr: red; font-size: banana; }"
# A line Jinja fills in: its place is found although its text differs from the file's.
BAD_TEMPLATED = '.card-head { margin: {{ "%.1f"|format(fit_scale) }}mm wobble; }'


def bad_theme(folder: Path, *lines: str, css: str = "card.css") -> Path:
    """A theme override: a built-in CSS file with `lines` added at its end."""
    (folder / "css").mkdir(parents=True)
    original = (default_templates_dir() / "css" / css).read_text(encoding="utf-8")
    (folder / "css" / css).write_text(original.rstrip("\n") + "\n" + "\n".join(lines) + "\n",
                                      encoding="utf-8")
    return folder


def line_of(path: Path, text: str) -> int:
    """The 1-based line of `path` that holds `text` (found, never assumed)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def card_warnings(root: Path, templates: Path | None) -> list[Issue]:
    theme = theme_for(root, templates)
    plan = load_project(root).plan("sport")
    html = render_plan(plan, "nl", theme=theme, day=DAY, layout="card", medium="print")
    laid = lay_out(html, theme.dirs, template="card.html.j2")
    laid.pdf()  # writing may warn too (fonts): those join the same list
    return laid.warnings


def test_invalid_css_is_a_warning_at_the_theme_file_and_line(tmp_path: Path) -> None:
    theme = bad_theme(tmp_path / "theme", BAD_RULE, BAD_TEMPLATED)
    css = theme / "css" / "card.css"
    warnings = card_warnings(MINI, theme)
    places = {(w.file, w.line, w.column, w.code, w.message) for w in warnings}
    rule, templated = line_of(css, "colr: red"), line_of(css, "wobble")
    assert places == {
        ("theme/css/card.css", rule, BAD_RULE.index("colr") + 1, "template-css",
         "WeasyPrint: Ignored `colr: red`, unknown property."),
        ("theme/css/card.css", rule, BAD_RULE.index("font-size") + 1, "template-css",
         "WeasyPrint: Ignored `font-size: banana`, invalid value."),
        ("theme/css/card.css", templated, BAD_TEMPLATED.index("margin") + 1, "template-css",
         "WeasyPrint: Ignored `margin: 1.0mm wobble`, invalid value."),
    }
    assert all(w.severity == "warning" for w in warnings)
    assert all("WeasyPrint supports" in w.hints[0] for w in warnings)


def test_a_style_attribute_is_found_in_the_template_that_has_it(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    main = '<main id="main" tabindex="-1" class="card card-face">'
    original = (default_templates_dir() / "card.html.j2").read_text(encoding="utf-8")
    assert main in original
    template = theme / "card.html.j2"
    template.write_text(original.replace(main, main[:-1] + ' style="colr: blue">'),
                        encoding="utf-8")
    [warning] = card_warnings(MINI, theme)
    assert (warning.file, warning.line, warning.code, warning.message) == (
        "theme/card.html.j2", line_of(template, "colr: blue"), "template-css",
        "WeasyPrint: Ignored `colr: blue`, unknown property.")
    assert warning.column == template.read_text().split("\n")[warning.line - 1].index(
        "colr: blue") + 1


def test_the_shipped_theme_gives_weasyprint_nothing_to_warn_about() -> None:
    assert card_warnings(MINI, None) == []


def test_build_prints_the_warning_and_strict_fails(tmp_path: Path) -> None:
    root = copy_project(MINI, tmp_path / "root")
    bad_theme(root / "templates", BAD_RULE)
    css = root / "templates" / "css" / "card.css"
    out = tmp_path / "out"
    # With where it is published, the card has an online address: the theme's are its only
    # warnings.
    args = ["build", "sport", "--root", str(root), "--lang", "nl", "--layout", "card",
            "--format", "pdf", "--out", str(out), "--site-url", "https://plans.example.org/"]
    expected = (f"templates/css/card.css:{line_of(css, 'colr: red')}:"
                f"{BAD_RULE.index('colr') + 1}: warning[template-css]: WeasyPrint: Ignored "
                "`colr: red`, unknown property.")
    result = run(*args)
    assert result.exit_code == 0
    assert expected in result.stderr
    assert result.stderr.count("warning[template-css]") == 2  # colr and banana, once each
    assert (out / "nl" / "sport-card.pdf").is_file()
    # Not recorded as up to date: the next build warns again, and --strict fails on it.
    strict = run(*args, "--strict")
    assert strict.exit_code == 1
    assert expected in strict.stderr
    assert "2 warning(s) (--strict)" in strict.stderr
    shutil.rmtree(root / "templates")
    assert run(*args, "--strict").exit_code == 0


def test_concurrent_renders_each_get_their_own_warnings(tmp_path: Path) -> None:
    """Four renders at once in threads, two themes with different faults and one clean:
    each render's warnings name its own fault only."""
    faults = {"red": ".card-face { colr: red; }", "blue": ".card-face { colour: blue; }"}
    themes = {name: bad_theme(tmp_path / name, rule) for name, rule in faults.items()}
    themes["clean"] = None
    order = ["red", "blue", "clean", "red"]
    start = threading.Barrier(len(order))
    spans: dict[int, tuple[float, float]] = {}

    def render(index: int) -> list[Issue]:
        name = order[index]
        start.wait()
        began = time.monotonic()
        found = card_warnings(MINI, themes[name])
        spans[index] = (began, time.monotonic())
        return found

    with ThreadPoolExecutor(len(order)) as pool:
        results = list(pool.map(render, range(len(order))))
    first_end = min(end for _began, end in spans.values())
    assert all(began < first_end for began, _end in spans.values())  # they did overlap
    for name, warnings in zip(order, results, strict=True):
        if name == "clean":
            assert warnings == []
            continue
        assert [w.file for w in warnings] == [f"{name}/css/card.css"]
        assert [w.message for w in warnings] == [
            {"red": "WeasyPrint: Ignored `colr: red`, unknown property.",
             "blue": "WeasyPrint: Ignored `colour: blue`, unknown property."}[name]]


def test_serve_reports_the_warning_of_the_pdf_it_renders(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    root = copy_project(MINI, tmp_path / "root")
    bad_theme(root / "templates", ".cover { colr: red; }", css="paged.css")
    heard: list[Issue] = []
    preview = Preview(root, warn=heard.append)
    preview.reload()
    assert preview.pdf(PageKey("nl", "sport", None)).startswith(b"%PDF")
    assert [(w.file, w.code) for w in heard] == [("templates/css/paged.css", "template-css")]
