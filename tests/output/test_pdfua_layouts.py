"""Every layout of the shipped content as a PDF: clean on the PDF/UA check and the tree walk.

A representative set, to spare CI time (a PDF takes seconds, its check one more): every layout
in `kindreflex.layouts.LAYOUTS`, in Dutch for one sector and in French for another with the
`lockdown` context. `make build`'s full set is checked the same way by hand (docs/accessibility.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from kindreflex.framework.project import load_project
from kindreflex.layouts import LAYOUTS
from kindreflex.output.build import Job
from kindreflex.render.localizer import localizer_for

from ..helpers import REPO
from ..pdf_checks import pdfua_problems, structure_problems, structure_text

# (sector, context, language): nl without a context, fr with one.
CASES = [("sport", None, "nl"), ("cultuur", "lockdown", "fr")]


@pytest.fixture(scope="module")
def built(shipped_build: Path) -> Path:
    """The shared build (tests/shipped_build.py), which holds every layout of both cases."""
    return shipped_build


@pytest.mark.parametrize("case", CASES, ids=lambda c: "+".join(filter(None, c)))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_pdf_is_clean_and_reads_in_order(built: Path, layout: str,
                                         case: tuple[str, str | None, str]) -> None:
    sector, context, lang = case
    plan = load_project(REPO).plan(sector, context)
    path = built / Job(plan, lang, layout).name("pdf")
    assert pdfua_problems(path) == []
    assert structure_problems(path) == []
    # The plan's title is read out first or right after the sector's name, in its language.
    loc = localizer_for(plan, lang)
    texts = [text for _role, text in structure_text(path)]
    assert " ".join(loc.plain(plan.title).split()) in " ".join(texts[:4])
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert reader.metadata is not None and reader.metadata.title
