"""Every layout of the shipped content on paper: page budgets, page 1 of the worker handout,
tags. Read from the shared build: every sector in Dutch, with and without the context."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from kindreflex.framework.model import Plan
from kindreflex.framework.phones import display_phone
from kindreflex.framework.project import load_project
from kindreflex.layouts import LAYOUTS
from kindreflex.render.interface_words import interface_words
from kindreflex.render.localizer import localizer_for
from kindreflex.render.plan_view import PlanView

from ..helpers import REPO

PROJECT = load_project(REPO)
CONTEXTS = (None, *PROJECT.context_ids)
MM = 72 / 25.4
PAPER_MM = {"A4": (210, 297), "A6": (105, 148), "A3": (297, 420)}
# The full plan's budget (issue 11): 12 A4 pages, 13 with a context; the overview chart in
# at most 2 of them.
HANDOUT_PAGES = {False: 12, True: 13}
FLOWCHART_PAGES = 2


@pytest.fixture(scope="module")
def built(shipped_build: Path) -> Path:
    """The shared build (tests/shipped_build.py): among others every layout in Dutch as PDF,
    with and without each context, none of them overflowing its paper."""
    return shipped_build


def cases() -> list[tuple[str, str | None]]:
    return [(sector, context) for context in CONTEXTS for sector in PROJECT.sector_ids]


def pdf_path(out: Path, sector: str, context: str | None, layout: str) -> Path:
    plan_id = f"{sector}+{context}" if context else sector
    suffix = "" if layout == "handout" else f"-{layout}"
    return out / "nl" / f"{plan_id}{suffix}.pdf"


def reader(path: Path) -> PdfReader:
    return PdfReader(io.BytesIO(path.read_bytes()))


def norm(text: str) -> str:
    """Text without spaces and hyphens: line breaks and hyphenation do not matter."""
    return re.sub(r"[\s\-\u2010\u00ad]", "", text)


@pytest.mark.parametrize("layout", [name for name in LAYOUTS if name != "handout"])
def test_every_layout_keeps_its_page_budget_and_paper(built: Path, layout: str) -> None:
    spec = LAYOUTS[layout]
    width, height = PAPER_MM[spec.paper]
    for sector, context in cases():
        pdf = reader(pdf_path(built, sector, context, layout))
        expected = {"worker": range(1, 5), "card": [2], "card-sheet": [2], "poster": [1]}
        assert len(pdf.pages) in expected[layout], (sector, context, len(pdf.pages))
        for page in pdf.pages:
            box = page.mediabox
            assert abs(float(box.width) - width * MM) < 1
            assert abs(float(box.height) - height * MM) < 1


def flowchart_pages(pdf: PdfReader, plan: Plan) -> int:
    """How many pages the overview chart spans: from its heading to the first step after it."""
    names = pdf.named_destinations
    first_step = next(step for step in plan.steps if not step.acute)
    start = pdf.get_destination_page_number(names["overview"])
    end = pdf.get_destination_page_number(names[f"step-{first_step.id}"])
    assert start is not None and end is not None
    return end - start + 1


def test_handout_keeps_its_budget_with_the_overview_in_two_pages(built: Path) -> None:
    for sector, context in cases():
        pdf = reader(pdf_path(built, sector, context, "handout"))
        assert len(pdf.pages) <= HANDOUT_PAGES[context is not None], (sector, context)


def test_the_overview_chart_takes_at_most_two_pages(built: Path) -> None:
    for sector, context in cases():
        pdf = reader(pdf_path(built, sector, context, "handout"))
        assert flowchart_pages(pdf, PROJECT.plan(sector, context)) <= FLOWCHART_PAGES


def test_worker_page_one_stands_alone(built: Path) -> None:
    words = interface_words("nl")
    for sector, context in cases():
        plan = PROJECT.plan(sector, context)
        view = PlanView(plan, localizer_for(plan, "nl"), words)
        text = norm(reader(pdf_path(built, sector, context, "worker")).pages[0].extract_text())
        for contact in view.urgent_contacts:
            if contact.phone:
                assert norm(display_phone(contact.phone)) in text, (sector, contact.id)
        assert norm("Als een kind je iets vertelt") in text
        do, dont = view.disclosure_do, view.disclosure_dont
        assert do and dont
        for item in (*do, *dont):
            assert norm(view.loc.plain(item)) in text, (sector, item)
        role = view.contact_role
        assert role is not None and role.description
        assert norm(f"Vertel het aan {view.role_name(role)}.") in text
        assert norm(view.loc.plain(role.description)) in text, sector
        assert norm("Naam:") in text and norm("Telefoon:") in text
        for step in plan.steps:  # the steps in one line each
            assert norm(view.loc.plain(step.title)) in text, (sector, step.id)


def test_every_pdf_is_tagged_with_its_language_and_an_outline(built: Path) -> None:
    paths = [pdf_path(built, sector, context, layout) for sector, context in cases()
             for layout in LAYOUTS]
    for path in paths:
        pdf = reader(path)
        root = pdf.trailer["/Root"]
        assert root["/Lang"] == "nl", path.name
        assert "/StructTreeRoot" in root, path.name
        assert len(pdf.outline) >= 1, path.name
