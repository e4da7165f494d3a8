"""Issue 15: what the render-cost changes must not change, and what they must hold.

The handout before and after the change (same templates and content, see
tests/reference/before_change.py) has the same text outside the flowchart, the same outline
and the same tags; the pydyf shim caches page references; a long plan has the tag structure
per page of a short one (its CPU per page is a `make bench` row, not a test).
"""

from __future__ import annotations

import gc
import io
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from kindreflex.framework.project import load_project
from kindreflex.render.interface_words import interface_words
from kindreflex.render.pages import render_plan
from kindreflex.render.pdf import (
    LAYOUT_GC_THRESHOLD,
    cache_page_references,
    collect_garbage_less,
    html_to_pdf,
    pydyf_needs_cache,
)
from kindreflex.render.theme import theme_for

from ..helpers import REPO
from ..long_plan import long_plan
from ..pdf_checks import reading_order, structure_problems
from ..reference.before_change import before_and_after

DAY = date(2026, 11, 29)
Tag = tuple[str, list["Tag"]]


# Its module fixture is dear: every test here runs on one worker (make test: --dist loadgroup),
# so it is made once, not once per worker.
pytestmark = pytest.mark.xdist_group("render-cost")


@pytest.fixture(scope="module")
def before_after() -> Iterator[tuple[PdfReader, PdfReader]]:
    """The tagged PDF of the sport handout in Dutch, before and after the change."""
    theme = theme_for(REPO)
    plan = load_project(REPO).plan("sport")
    before, after = before_and_after(plan, "nl", theme, DAY)
    yield (PdfReader(io.BytesIO(html_to_pdf(before, theme.dirs))),
           PdfReader(io.BytesIO(html_to_pdf(after, theme.dirs))))


def tag_tree(node: Any) -> Tag:
    """A structure element as (type, children), without content references."""
    node = node.get_object()
    kids = node.get("/K", [])
    kids = kids if isinstance(kids, ArrayObject) else [kids]
    children = [tag_tree(kid) for kid in kids
                if isinstance(kid, IndirectObject | DictionaryObject)
                and "/S" in kid.get_object()]
    return str(node["/S"]), children


def merged_links(tag: Tag) -> Tag:
    """Links inside links made one: WeasyPrint tags a link's `::after`, a `leader()` in it and
    the anonymous boxes of a link laid out as a table as links of their own."""
    name, children = tag
    children = [merged_links(child) for child in children]
    if name == "/Link":
        flat: list[Tag] = []
        for child in children:
            flat += child[1] if child[0] == "/Link" else [child]
        children = flat
    return name, children


def leaf_paths(tag: Tag, above: str = "") -> list[str]:
    """The path of tag names down to every leaf, in order: the same however the content is
    split across pages (WeasyPrint repeats the ancestors on every page)."""
    path = f"{above}/{tag[0].lstrip('/')}"
    if not tag[1]:
        return [path]
    return [leaf for child in tag[1] for leaf in leaf_paths(child, path)]


def document_leaves(reader: PdfReader) -> list[str]:
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    kids = root["/K"]
    return leaf_paths(merged_links(tag_tree(kids[0] if isinstance(kids, ArrayObject) else kids)))


def test_tags_are_the_same_outside_the_flowchart(
    before_after: tuple[PdfReader, PdfReader],
) -> None:
    before, after = (document_leaves(reader) for reader in before_after)
    same_start = next(i for i, (b, a) in enumerate(zip(before, after, strict=False)) if b != a)
    same_end = next(i for i, (b, a) in enumerate(zip(before[::-1], after[::-1], strict=False))
                    if b != a)
    old, new = before[same_start:-same_end], after[same_start:-same_end]
    # All that differs is the overview section's chart: three SVG figures before, a list of
    # steps with its summary after (the heading "Overview" is the same on both sides).
    assert before[same_start - 1] == after[same_start - 1] == "/Document/Part/Sect/H2/Span"
    assert old == ["/Document/Part/Sect/NonStruct/Figure"] * 3
    assert new[0].startswith("/Document/Part/Sect/P/")  # the summary
    assert all(path.startswith("/Document/Part/Sect/") for path in new)
    assert sum("/Sect/L/LI/LBody/" in path for path in new) > 100
    assert len(before) - len(old) > 1000


def outline(items: list[Any]) -> list[Any]:
    return [outline(item) if isinstance(item, list) else item.title for item in items]


def test_outline_is_the_same(before_after: tuple[PdfReader, PdfReader]) -> None:
    before, after = before_after
    assert outline(after.outline) == outline(before.outline)
    assert len(str(outline(after.outline)).split("', '")) > 10  # every step has an entry


def lines_outside_the_chart(reader: PdfReader, chart: str) -> Counter[str]:
    """The text lines of the document (as letters) without footers, list numbers, contents
    page numbers and the lines of the chart; counted, not ordered: where a page's extraction
    lists a positioned box (a checklist item, a chart box) depends on what else is on the
    page, and the chart moved every page break after it."""
    contents = interface_words("nl").gettext("Contents")
    found: Counter[str] = Counter()
    for page in reader.pages:
        lines = page.extract_text().splitlines()
        assert re.search(r"Pagina \d+ van \d+$", lines[-1])
        toc = "".join(re.findall(r"\w+", lines[0])) == contents
        for line in lines[:-1]:
            if re.fullmatch(r"\d+\. ", line):
                continue  # a list number, drawn apart from its item
            text = "".join(re.findall(r"\w+", line))
            if toc:
                text = re.sub(r"\d+$", "", text)  # the page numbers moved: the chart is shorter
            # A line that is part of the chart (a step title is also a heading: both sides
            # lose those alike).
            if text and text not in chart:
                found[text] += 1
    return found


def test_text_is_the_same_outside_the_flowchart(
    before_after: tuple[PdfReader, PdfReader],
) -> None:
    from .test_flowchart import before_words, letters, summary_words

    plan = load_project(REPO).plan("sport")
    old_chart = letters(before_words(plan, "nl"))
    new_chart = letters(summary_words("nl")) + old_chart
    before, after = before_after
    kept = lines_outside_the_chart(after, new_chart)
    assert kept == lines_outside_the_chart(before, old_chart)
    assert sum(kept.values()) > 300
    # The chart takes two pages where it took three (test_flowchart checks it); what follows
    # may fill the freed space, so the whole handout is no longer than before.
    assert len(after.pages) <= len(before.pages)


def test_page_references_are_cached_and_follow_new_pages() -> None:
    import pydyf

    assert pydyf_needs_cache("0.13.0") and not pydyf_needs_cache("0.14.0")
    if not cache_page_references():
        pytest.skip(f"pydyf {pydyf.__version__} is outside the shim's range: see "
                    "docs/upstream-pydyf-page-references.md")
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert pdf.page_references is first  # not rebuilt on every read
    assert len(first) == 3 and all(ref.endswith(b" 0 R") for ref in first)
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 4 and pdf.page_references[:3] == first
    assert pdf.page_references[3] == f"{pdf.pages['Kids'][-3]} 0 R".encode()


def test_a_long_plan_renders_with_a_whole_tag_tree_in_proportion_to_its_pages(
    tmp_path: Path, shipped_build: Path,
) -> None:
    """The shipped content repeated to four times the handout's length renders; its structure
    tree is whole
    (every marked piece held once, by an element on its own page, which a stale page
    reference would break) and has as many elements per page as the shipped handout: nothing
    per page grows with the document's length. What it costs per page is a ratio of two
    CPU times, which a busy machine skews: `make bench` reports it
    (`cpu_per_page_long_vs_short` in bench/bench_render_cost.py)."""
    theme = theme_for(REPO)
    # Five copies: about 50 pages. The 105-page plan is `make bench`'s (its CPU per page);
    # what is checked here grows with the page count from a few pages on.
    long = render_plan(long_plan(tmp_path, copies=5), "nl", theme=theme, day=DAY,
                       medium="print")
    path = tmp_path / "long.pdf"
    path.write_bytes(html_to_pdf(long, theme.dirs))
    short = shipped_build / "nl" / "sport.pdf"
    pages = {pdf: len(PdfReader(pdf).pages) for pdf in (short, path)}
    assert pages[path] >= 4 * pages[short]
    assert structure_problems(path) == []
    per_page = {pdf: len(reading_order(pdf)) / pages[pdf] for pdf in (short, path)}
    # Measured: 288 elements a page against 261 (the long plan has more steps per page).
    assert 0.8 <= per_page[path] / per_page[short] <= 1.25, per_page


def test_the_handout_lays_out_no_multi_column_box() -> None:
    """WeasyPrint 70 lays a multi-column box out again for every try at balancing its columns
    (and twice more with a margin, padding or border at its foot), every time the page that
    holds it is laid out: the handout's two-column lists are two halves (render/halves.py)."""
    import weasyprint

    from kindreflex.render.pdf import make_fetcher

    theme = theme_for(REPO)
    html = render_plan(load_project(REPO).plan("sport"), "nl", theme=theme, day=DAY,
                       medium="print")
    document = weasyprint.HTML(string=html, base_url=theme.dirs[0].as_uri() + "/",
                               url_fetcher=make_fetcher(theme.dirs)).render()
    columns, halves = [], []
    for page in document.pages:
        for box in page._page_box.descendants():
            style = box.style
            if style["column_count"] != "auto" or style["column_width"] != "auto":
                columns.append(box.element.get("class") or box.element_tag)
            if box.element is not None and box.element.get("class") == "half" \
                    and style["display"] == ("table-cell",):
                halves.append(box.element_tag)
    assert columns == []
    # The contents, the sources and the signals: two halves each, each laid out as a cell.
    assert sorted(set(halves)) == ["div", "ol", "ul"], halves


def test_a_layout_raises_the_collectors_first_threshold_and_never_lowers_it() -> None:
    """A layout's young objects are not scanned at every 700 allocations (render.pdf), and a
    process that asked for a higher threshold keeps it."""
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, before[1], before[2])
        html_to_pdf(render_plan(load_project(REPO).plan("sport"), "nl", theme=theme_for(),
                                day=DAY, layout="card", medium="print"), theme_for().dirs)
        assert gc.get_threshold() == (LAYOUT_GC_THRESHOLD, before[1], before[2])
        gc.set_threshold(LAYOUT_GC_THRESHOLD * 2, before[1], before[2])
        collect_garbage_less()
        assert gc.get_threshold()[0] == LAYOUT_GC_THRESHOLD * 2
    finally:
        gc.set_threshold(*before)
