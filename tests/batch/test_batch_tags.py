"""Assembled batch PDFs stay tagged PDF/UA documents that read like the full render."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from ..helpers import MINI, TESTS, run
from ..pdf_checks import pdfua_problems, reading_order, structure_problems, structure_text

ORGS = TESTS / "projects" / "orgs"
# (id, name, contact person) of tests/projects/orgs/clubs.csv
CLUBS = [("kfc-gent", "KFC Gent", "Jan Peeters"),
         ("zwemclub-aalst", "Zwemclub Aalst", "Sofie Maes")]


# Its module fixture is dear: every test here runs on one worker (make test: --dist loadgroup),
# so it is made once, not once per worker.
pytestmark = pytest.mark.xdist_group("batch-tags")


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The organisations of clubs.csv, assembled and (for comparison) rendered whole."""
    out = tmp_path_factory.mktemp("batch-tags")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795000000")
        for kind, extra in (("fast", ()), ("full", ("--full",))):
            result = run("batch", "sport", "--root", str(MINI), "--orgs", str(ORGS / "clubs.csv"),
                         "--out", str(out / kind), "--lang", "nl", "--format", "pdf",
                         "--jobs", "1", "--quiet", *extra)
            assert result.exit_code == 0, result.output
    return {"fast": out / "fast" / "orgs" / "nl", "full": out / "full" / "orgs" / "nl"}


@pytest.mark.parametrize("org", [c[0] for c in CLUBS])
def test_assembled_pdf_is_clean(batches: dict[str, Path], org: str) -> None:
    path = batches["fast"] / f"{org}.pdf"
    assert pdfua_problems(path) == []
    assert structure_problems(path) == []
    with pikepdf.open(path) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        with pdf.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:title"] == str(pdf.docinfo.Title)
            assert xmp["dc:creator"] == [str(pdf.docinfo.Author)]


@pytest.mark.parametrize("club", CLUBS, ids=[c[0] for c in CLUBS])
def test_organisation_page_is_read_first(batches: dict[str, Path],
                                         club: tuple[str, str, str]) -> None:
    org, name, person = club
    path = batches["fast"] / f"{org}.pdf"
    # The tree (pikepdf): the organisation page's elements first, then the shared pages.
    order = reading_order(path)
    top_pages = [page for _role, page, depth in order if depth == 1]
    assert top_pages[0] == 1 and top_pages == sorted(top_pages)
    page_one = [role for role, page, _depth in order if page == 1]
    assert [r for r in page_one if r[:2] == "/H"] == ["/H1", "/H2"]
    assert "/L" in page_one  # the contacts
    texts = structure_text(path)
    assert texts[0] == ("H1", name)
    words = [text for _role, text in texts]
    headings = [(role, text) for role, text in texts if role[0] == "H"]
    # The organisation's heading and contacts, then the shared part's title.
    assert headings[:2] == [("H1", name), ("H2", "Contacten")]
    assert headings[2][0] == "H1" and headings[2][1] != name
    assert words.index(person) < texts.index(headings[2])
    # Text extraction in reading order (by position, as pdftotext does) agrees.
    with pdfplumber.open(batches["fast"] / f"{org}.pdf") as pdf:
        lines = pdf.pages[0].extract_text().splitlines()
    assert lines[0] == name and person in lines[:8]


@pytest.mark.parametrize("org", [c[0] for c in CLUBS])
def test_assembled_tree_reads_like_the_full_render(batches: dict[str, Path], org: str) -> None:
    fast = structure_text(batches["fast"] / f"{org}.pdf")
    full = structure_text(batches["full"] / f"{org}.pdf")
    assert fast == full
    assert pdfua_problems(batches["full"] / f"{org}.pdf") == []
