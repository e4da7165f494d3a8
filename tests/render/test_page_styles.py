"""A page's style sheets parsed once per process: the same PDF, the same warnings, less CPU."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kindreflex.framework.project import load_project
from kindreflex.render import page_styles, pdf_tags
from kindreflex.render.pages import render_plan
from kindreflex.render.pdf import (
    PDF_VARIANT,
    finish_pdf,
    html_to_pdf,
    lay_out,
    make_fetcher,
    pdf_identifier,
)
from kindreflex.render.theme import theme_for
from kindreflex.render.theme_fonts import font_configuration

from ..helpers import REPO

DAY = date(2026, 11, 29)


def _weasyprint_parses(html: str) -> bytes:
    """The PDF as WeasyPrint makes it when it parses the page's `<style>` itself."""
    import weasyprint

    theme = theme_for(REPO)
    source = weasyprint.HTML(string=html, base_url=theme.dirs[0].resolve().as_uri() + "/",
                             url_fetcher=make_fetcher(theme.dirs))
    pdf_tags.name_figures(source.etree_element)
    options = {"pdf_variant": PDF_VARIANT, "pdf_identifier": pdf_identifier(html),
               "pdf_forms": True}
    document = source.render(font_config=font_configuration(theme), **options)
    return finish_pdf(document.write_pdf(**options))


@pytest.mark.parametrize("layout", ["card", "worker"])
def test_parsed_once_the_pdf_is_the_same_byte_for_byte(layout: str) -> None:
    theme = theme_for(REPO)
    html = render_plan(load_project(REPO).plan("sport"), "nl", theme=theme, day=DAY,
                       layout=layout, medium="print")
    page_styles.forget()
    cold = html_to_pdf(html, theme.dirs)
    warm = html_to_pdf(html, theme.dirs)
    assert cold == warm == _weasyprint_parses(html)


def test_a_second_render_parses_no_style_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    """What it saves is measured by `make bench` (bench/bench_cost_ratios.py), not here: a
    timed test fails on a busy machine. Here: the second render of a page parses nothing."""
    import weasyprint

    theme = theme_for(REPO)
    html = render_plan(load_project(REPO).plan("sport"), "nl", theme=theme, day=DAY,
                       layout="card", medium="print")
    parsed: list[int] = []
    real = weasyprint.CSS

    def counting(*args: Any, **kwargs: Any) -> Any:
        parsed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "CSS", counting)
    page_styles.forget()
    lay_out(html, theme.dirs)
    first = len(parsed)
    lay_out(html, theme.dirs)
    assert first > 0 and len(parsed) == first


def test_every_render_reports_the_css_problems_of_its_page() -> None:
    theme = theme_for(REPO)
    html = ("<!DOCTYPE html><html lang='en'><head><title>t</title>"
            "<style>p { colr: red }</style></head><body><p>text</p></body></html>")
    page_styles.forget()
    first = lay_out(html, theme.dirs).warnings
    second = lay_out(html, theme.dirs).warnings
    assert [issue.code for issue in first] == ["template-css"]
    assert [(i.code, i.message) for i in second] == [(i.code, i.message) for i in first]


def test_a_sheet_that_imports_another_sees_its_changes(tmp_path: Path) -> None:
    (tmp_path / "extra.css").write_text("p { colr: red }", encoding="utf-8")
    html = ("<!DOCTYPE html><html lang='en'><head><title>t</title>"
            "<style>@import url('extra.css');</style></head><body><p>text</p></body></html>")
    dirs = (tmp_path, *theme_for(REPO).dirs)
    assert [issue.code for issue in lay_out(html, dirs).warnings] == ["template-css"]
    (tmp_path / "extra.css").write_text("p { color: red }", encoding="utf-8")
    assert lay_out(html, dirs).warnings == []
