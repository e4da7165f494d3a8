"""The overview flowchart: HTML text in reading order, the same words as the SVG chart it
replaced (issue 15), and at most two A4 pages for every shipped sector."""

from __future__ import annotations

import html as html_lib
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kindreflex.framework.model import Plan
from kindreflex.framework.project import load_project
from kindreflex.render.interface_words import interface_words
from kindreflex.render.pages import render_plan
from kindreflex.render.pdf import lay_out
from kindreflex.render.theme import theme_for

from ..helpers import REPO
from ..reference.before_change import before_html, svg_parts
from ..sample_plans import sample_plan

DAY = date(2026, 11, 29)
CHART = re.compile(r"<!-- flowchart -->(.*?)<!-- /flowchart -->", re.DOTALL)
SUMMARY = ("The steps from top to bottom, with their questions and where each answer leads. "
           "Every step is described in full in this plan.")


def words(text: str) -> list[str]:
    """The words of a text (a hyphen separates words, as a space does)."""
    return re.findall(r"\w+", text)


def letters(text_words: list[str]) -> str:
    """The letters and digits of words, without any break: the same whatever the layout
    (line breaks, hyphenation, the spaces a PDF text extraction guesses)."""
    return "".join(text_words)


def html_words(fragment: str) -> list[str]:
    """The words of an HTML fragment in document order (what a screen reader reads)."""
    return words(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def before_words(plan: Plan, lang: str) -> list[str]:
    """The words of the pre-change SVG chart, in the order its lines were drawn."""
    lines = [html_lib.unescape(line) for part in svg_parts(plan, lang)
             for line in re.findall(r"<tspan[^>]*>([^<]*)</tspan>", part)]
    return words("\n".join(lines))


def longest_start(page: str, wanted: str) -> int:
    """How many letters of the start of `wanted` the page holds in one piece."""
    low, high = 0, len(wanted)
    while low < high:
        middle = (low + high + 1) // 2
        if wanted[:middle] in page:
            low = middle
        else:
            high = middle - 1
    return low


def without_footer(page_text: str) -> str:
    """A page's text without its running footer (the last line: "… Pagina 3 van 16")."""
    lines = page_text.splitlines()
    assert re.search(r"Pagina \d+ van \d+$", lines[-1]), lines[-1]
    return "\n".join(lines[:-1])


def summary_words(lang: str) -> list[str]:
    return words(interface_words(lang).gettext(SUMMARY))


def chart_fragment(html: str) -> str:
    found = CHART.findall(html)
    assert len(found) == 1
    return str(found[0])


def test_chart_is_html_text_with_decoration_only_in_css() -> None:
    plan = sample_plan()
    html = render_plan(plan, "nl", theme=theme_for(), day=DAY, medium="print")
    chart = chart_fragment(html)
    assert "<svg" not in chart and "<text" not in chart
    # A list in reading order, named, described by the summary that points to the steps.
    assert 'aria-label="Stroomschema van de stappen en beslissingen"' in chart
    assert 'aria-describedby="flowchart-summary"' in chart
    assert 'id="flowchart-summary"' in chart
    for step in plan.steps:
        assert f'href="#step-{step.id}"' in chart
    assert html_words(chart) == summary_words("nl") + before_words(plan, "nl")


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_screen_reader_order_is_the_old_reading_order(lang: str) -> None:
    plan = load_project(REPO).plan("sport")
    html = render_plan(plan, lang, theme=theme_for(REPO), day=DAY)
    assert html_words(chart_fragment(html)) == summary_words(lang) + before_words(plan, lang)


def _render(html: str) -> Any:
    return lay_out(html, theme_for(REPO).dirs).document


def chart_pages(pdf: PdfReader, plan: Plan) -> list[int]:
    """The indexes of the pages the chart is on, from its heading to its last step."""
    names = pdf.named_destinations

    def page_of(anchor: str) -> int:
        number = pdf.get_destination_page_number(names[anchor])
        assert number is not None, anchor
        return number

    first = page_of("overview")
    last = page_of(f"chart-step-{plan.steps[-1].id}")
    # The chart ends before the first step described in full.
    body = next(step for step in plan.steps if not step.acute)
    assert page_of(f"step-{body.id}") >= last
    return list(range(first, last + 1))


@pytest.fixture(scope="module")
def shipped_nl(shipped_build: Path) -> dict[tuple[str, str | None], tuple[Plan, PdfReader]]:
    """Every shipped sector's handout in Dutch, with and without each context, from the
    shared build (tests/shipped_build.py)."""
    project = load_project(REPO)
    return {(sector, context): (project.plan(sector, context),
                                PdfReader(shipped_build / "nl" / f"{plan_id}.pdf"))
            for sector in project.sector_ids for context in (None, *project.context_ids)
            for plan_id in [f"{sector}+{context}" if context else sector]}


def test_chart_takes_at_most_two_pages(
    shipped_nl: dict[tuple[str, str | None], tuple[Plan, PdfReader]],
) -> None:
    assert len(shipped_nl) >= 8
    for key, (plan, pdf) in shipped_nl.items():
        assert 1 <= len(chart_pages(pdf, plan)) <= 2, key


def test_pdf_text_of_the_chart_pages_has_the_old_words(
    shipped_nl: dict[tuple[str, str | None], tuple[Plan, PdfReader]],
) -> None:
    for (sector, context), (plan, reader) in shipped_nl.items():
        if context is not None:
            continue  # a context does not change the chart
        expected = (words(interface_words("nl").gettext("Overview")) + summary_words("nl")
                    + before_words(plan, "nl"))
        # On its last page the chart's boxes (positioned) are extracted after the in-flow
        # text of the next section: each page holds its share of the chart in one piece.
        rest = letters(expected)
        for index in chart_pages(reader, plan):
            rest = rest[longest_start(letters(words(reader.pages[index].extract_text())),
                                      rest):]
        assert rest == "", sector


def test_the_old_words_are_what_the_old_pdf_showed() -> None:
    """The before words (the drawn SVG lines) are the text extraction of the pre-change PDF,
    one SVG part per page (a part was extracted after the text beside it on its page)."""
    plan = load_project(REPO).plan("sport")
    html = before_html(render_plan(plan, "nl", theme=theme_for(REPO), day=DAY, medium="print"),
                       plan, "nl")
    document = _render(html)
    first = next(i for i, page in enumerate(document.pages) if "overview" in page.anchors)
    reader = PdfReader(io.BytesIO(document.write_pdf()))
    assert "........" in reader.pages[1].extract_text()  # the contents had leader dots
    parts = svg_parts(plan, "nl")
    for index, part in enumerate(parts):
        drawn = [html_lib.unescape(line)
                 for line in re.findall(r"<tspan[^>]*>([^<]*)</tspan>", part)]
        page = without_footer(reader.pages[first + index].extract_text())
        assert letters(words("\n".join(drawn))) in letters(words(page))
    assert len(parts) == 3
