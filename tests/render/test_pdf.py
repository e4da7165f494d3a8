"""PDFs of the sample plan: text order, numbers, outline, metadata, fonts, page counts."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from datetime import date

import pytest
from pypdf import PdfReader

from kindreflex.framework.phones import display_phone
from kindreflex.render.localizer import localizer_for
from kindreflex.render.pages import render_plan
from kindreflex.render.pdf import html_to_pdf
from kindreflex.render.theme import theme_for

from ..sample_plans import sample_plan

DAY = date(2026, 11, 28)
CASES = [("nl", "handout"), ("en", "handout"), ("nl", "card"), ("fr", "card")]


# Its module fixture is dear: every test here runs on one worker (make test: --dist loadgroup),
# so it is made once, not once per worker.
pytestmark = pytest.mark.xdist_group("pdf")


@pytest.fixture(scope="module")
def pdfs() -> dict[tuple[str, str], bytes]:
    """Each case rendered once for the whole module (PDFs take a second each)."""
    theme = theme_for()
    plan = sample_plan()
    return {
        (lang, layout): html_to_pdf(
            render_plan(plan, lang, theme=theme, day=DAY, layout=layout, medium="print"),
            theme.dirs,
        )
        for lang, layout in CASES
    }


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(data).pages)


def flat_outline(items: list[object]) -> Iterator[str]:
    for item in items:
        if isinstance(item, list):
            yield from flat_outline(item)
        else:
            yield item.title  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_step_title_appears_in_order(pdfs: dict[tuple[str, str], bytes], lang: str) -> None:
    plan = sample_plan()
    loc = localizer_for(plan, lang)
    text = " ".join(text_of(pdfs[(lang, "handout")]).split())
    # The flowchart repeats the titles: search in the step sections that follow it.
    start = text.index(loc.plain(plan.steps[-1].title)) + 1
    position = 0
    for step in plan.steps:
        title = loc.plain(step.title)
        found = text.find(title, position if step.acute else max(position, start))
        assert found >= 0, title
        position = found + len(title)


@pytest.mark.parametrize("case", CASES)
def test_every_contact_number_appears(pdfs: dict[tuple[str, str], bytes],
                                      case: tuple[str, str]) -> None:
    text = text_of(pdfs[case])
    for contact in sample_plan().contacts:
        assert contact.phone and display_phone(contact.phone) in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_outline_has_an_entry_per_step(pdfs: dict[tuple[str, str], bytes], lang: str) -> None:
    plan = sample_plan()
    loc = localizer_for(plan, lang)
    titles = list(flat_outline(reader(pdfs[(lang, "handout")]).outline))
    step_entries = [t for t in titles if any(loc.plain(s.title) in t for s in plan.steps)]
    assert len(step_entries) == len(plan.steps)
    expected = [loc.plain(s.title) for s in plan.steps]
    assert [next(e for e in expected if e in t) for t in step_entries] == expected


@pytest.mark.parametrize("case", CASES)
def test_metadata_title_language_and_tags(pdfs: dict[tuple[str, str], bytes],
                                          case: tuple[str, str]) -> None:
    pdf = reader(pdfs[case])
    lang, _layout = case
    assert pdf.metadata is not None and pdf.metadata.title
    assert localizer_for(sample_plan(), lang).plain(sample_plan().title) in pdf.metadata.title
    # The framework's publisher is the author (no author is claimed without one).
    assert pdf.metadata.author == localizer_for(sample_plan(), lang).plain(
        sample_plan().publisher)
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == lang
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert pdf.metadata["/CreationDate"].startswith("D:20261128")


@pytest.mark.parametrize("case", CASES)
def test_paper_size_and_only_bundled_fonts(pdfs: dict[tuple[str, str], bytes],
                                           case: tuple[str, str]) -> None:
    pdf = reader(pdfs[case])
    fonts: set[str] = set()
    paper = {"handout": (595, 842), "card": (298, 420)}[case[1]]  # A4, A6 in points
    for page in pdf.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == paper
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[1])
    assert fonts and all(name.startswith("Open-Sans") for name in fonts), fonts


def test_page_numbers_and_footer(pdfs: dict[tuple[str, str], bytes]) -> None:
    pdf = reader(pdfs[("nl", "handout")])
    pages = len(pdf.pages)
    last = pdf.pages[-1].extract_text()
    assert f"Pagina {pages} van {pages}" in last
    # The footer names the paper's edition and its date (render.edition).
    assert re.search(r"Buitenschoolse opvang · versie 1\.2\.0 · editie [0-9A-Z]{4}-[0-9A-Z]{2} · "
                     r"28 november 2026", last), last


def test_card_is_at_most_two_pages(pdfs: dict[tuple[str, str], bytes]) -> None:
    assert len(reader(pdfs[("nl", "card")]).pages) <= 2
    assert len(reader(pdfs[("fr", "card")]).pages) <= 2
    assert len(reader(pdfs[("nl", "handout")]).pages) > 2


def test_same_html_gives_the_same_bytes(pdfs: dict[tuple[str, str], bytes]) -> None:
    theme = theme_for()
    source = render_plan(sample_plan(), "nl", theme=theme, day=DAY, layout="card",
                         medium="print")
    assert html_to_pdf(source, theme.dirs) == pdfs[("nl", "card")]


def test_weasyprint_logs_nothing_for_the_default_theme(caplog: pytest.LogCaptureFixture) -> None:
    theme = theme_for()
    source = render_plan(sample_plan(), "en", theme=theme, day=DAY, medium="print")
    with caplog.at_level(logging.DEBUG):
        html_to_pdf(source, theme.dirs)
    assert [r for r in caplog.records if r.levelno >= logging.INFO] == []
