"""Figures, decoration, page furniture and table headers in the tagged PDF (render.pdf_tags)."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from kindreflex.render.pdf import html_to_pdf
from kindreflex.render.pdf_tags import artifacts, number_tree
from kindreflex.render.qr import qr_svg
from kindreflex.render.theme import theme_for

from ..pdf_checks import pdfua_problems, structure_problems, structure_text

ICON = '<svg {} width="16" height="16" viewBox="0 0 16 16"><path d="M1 8H15" stroke="#000"/></svg>'
SQUARE = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='20' height='20'"
          "%3E%3Crect width='20' height='20' fill='red'/%3E%3C/svg%3E")
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Tags</title>
<style>@page {{ @bottom-right {{ content: "Page " counter(page) " of " counter(pages) }} }}
footer {{ position: running(foot) }} @page {{ @bottom-left {{ content: element(foot) }} }}</style>
</head><body><footer>Running footer text</footer>
<h1>Heading</h1>
<p>Decorative {hidden} and {presentation} and <img alt="" src="{square}"> icons.</p>
<div aria-hidden="true">{titled}</div>
<p><img alt="A red square" src="{square}"> {labelled}</p>
<p id="caption">Chart of the steps</p>{by_id}
<table><thead><tr><th scope="col">Name</th><th scope="col">Phone</th></tr></thead>
<tbody><tr><th scope="row">Police</th><td>101</td></tr>
<tr><th scope="row">Fire</th><td>112</td></tr></tbody></table>
{extra}</body></html>"""


def render(extra: str = "") -> bytes:
    html = PAGE.format(
        hidden=ICON.format('aria-hidden="true"'), presentation=ICON.format('role="none"'),
        titled=ICON.format("").replace("<path", "<title>Not for the PDF</title><path"),
        labelled=ICON.format('role="img" aria-label="QR code (https://example.org/plan)"'),
        by_id=ICON.format('role="img" aria-labelledby="caption"'), square=SQUARE, extra=extra)
    return html_to_pdf(html, theme_for().dirs)


# Its module fixture is dear: every test here runs on one worker (make test: --dist loadgroup),
# so it is made once, not once per worker.
pytestmark = pytest.mark.xdist_group("pdf-tags")


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tags") / "tags.pdf"
    path.write_bytes(render())
    return path


def elements(path: Path, role: str) -> list[pikepdf.Dictionary]:
    found = []
    with pikepdf.open(path) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            kid = node.get("/K")
            for child in (list(kid) if isinstance(kid, pikepdf.Array) else [kid]):
                if isinstance(child, pikepdf.Dictionary) and "/S" in child:
                    if role == child.S:
                        found.append(child)
                    stack.append(child)
        return [pikepdf.Dictionary({k: v for k, v in e.items() if k in ("/Alt", "/A")})
                for e in found]


def test_clean_on_the_pdfua_check_and_the_tree_walk(tagged: Path) -> None:
    assert pdfua_problems(tagged) == []
    assert structure_problems(tagged) == []


def test_named_figures_keep_their_names_and_decoration_is_not_tagged(tagged: Path) -> None:
    alts = sorted(str(e.Alt) for e in elements(tagged, "/Figure"))
    # alt on <img>, aria-label and aria-labelledby on <svg>; four decorative ones are gone.
    assert alts == ["A red square", "Chart of the steps", "QR code (https://example.org/plan)"]
    with pikepdf.open(tagged) as pdf:
        stream = pdf.pages[0].Contents.read_bytes()
        assert stream.count(b"/Figure") == 3
        # Still drawn, as artifacts: four decorations plus WeasyPrint's own backgrounds.
        assert stream.count(b"/Artifact BMC") >= 4


def test_page_furniture_is_drawn_but_not_read(tagged: Path) -> None:
    texts = " ".join(text for _, text in structure_text(tagged))
    assert "Heading" in texts and "Police" in texts
    assert "Running footer" not in texts and "Page 1 of 1" not in texts
    with pikepdf.open(tagged) as pdf:
        parents = dict(number_tree(pdf.Root.StructTreeRoot.ParentTree))
        assert None in list(parents[0])  # the footer's old numbers point nowhere now
    with pdfplumber.open(tagged) as pdf:
        drawn = pdf.pages[0].extract_text()
    assert "Running footer text" in drawn and "Page 1 of 1" in drawn


def test_header_cells_get_the_scope_of_their_html(tagged: Path) -> None:
    scopes = [str(e.A.Scope) for e in elements(tagged, "/TH")]
    assert sorted(scopes) == ["/Column", "/Column", "/Row", "/Row"]


def test_a_figure_without_any_name_is_left_for_the_check_to_find(tmp_path: Path) -> None:
    path = tmp_path / "unnamed.pdf"
    path.write_bytes(render(ICON.format("")))
    assert [p.split(": ")[1].split()[0] for p in pdfua_problems(path)] == ["UA-13-004"]


def test_weasyprint_logs_nothing_for_empty_alt(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        render()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_a_stream_the_fast_path_cannot_read_is_parsed() -> None:
    # A literal string could hide marker-like lines: such streams go through qpdf's parser.
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.Contents = pdf.make_stream(b"/Span <</MCID 0>> BDC BT (a) Tj ET EMC\n"
                                    b"/P\n<</MCID 1>>\nBDC BT (b) Tj ET EMC")
    artifacts(pdf, page, {1})
    out = io.BytesIO()
    pdf.save(out)
    with pikepdf.open(out) as again:
        operators = [(str(i.operator), list(i.operands))
                     for i in pikepdf.parse_content_stream(again.pages[0])
                     if str(i.operator) in ("BDC", "BMC")]
    assert operators == [("BDC", [pikepdf.Name.Span, pikepdf.Dictionary(MCID=0)]),
                         ("BMC", [pikepdf.Name.Artifact])]


def test_qr_code_names_where_it_leads() -> None:
    svg = qr_svg("https://example.org/a?b=1&c=2", "QR code to the online version")
    name = "QR code to the online version (https://example.org/a?b=1&amp;c=2)"
    assert svg.startswith(f'<svg role="img" aria-label="{name}"')
    assert f"<title>{name}</title>" in svg  # the PDF's /Alt
