"""Form fields: the lines to write on and the observation form can be typed in, keep their
accessible names and the PDF/UA check, print what is typed on the lines, and look as before
when printed blank."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from pikepdf.form import DefaultAppearanceStreamGenerator, Form
from PIL import ImageChops

from kindreflex.framework.model import Layer
from kindreflex.framework.org_params import ORG_PARAMS
from kindreflex.framework.project import load_project
from kindreflex.output.file_names import paper_name
from kindreflex.render.edition import Edition
from kindreflex.render.interface_words import interface_words
from kindreflex.render.localizer import localizer_for
from kindreflex.render.pages import render_plan
from kindreflex.render.pdf import html_to_pdf
from kindreflex.render.plan_view import PlanView
from kindreflex.render.shrink_to_fit import print_plan
from kindreflex.render.theme import theme_for

from ..helpers import REPO
from ..pdf_checks import pdfua_problems, structure_problems
from ..sample_plans import sample_plan

DAY = date(2026, 11, 28)
TELL = {"tell-name": "Name of the person you tell",
        "tell-phone": "Phone number of the person you tell"}
FORM = {"observatie-datum": "Date and time", "observatie-wat": "What did you see or hear?",
        "observatie-wie": "Who was there?"}
EXPECTED = {"card": TELL, "worker": TELL, "poster": TELL, "handout": FORM}


# Its module fixture is dear: every test here runs on one worker (make test: --dist loadgroup),
# so it is made once, not once per worker.
pytestmark = pytest.mark.xdist_group("pdf-forms")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("forms")
    found = {}
    for layout in (*EXPECTED, "card-sheet"):
        path = folder / f"{layout}.pdf"
        path.write_bytes(print_plan(sample_plan(), "en", theme=theme_for(), day=DAY,
                                    layout=layout).pdf)
        found[layout] = path
    return found


def fields(path: Path) -> dict[str, Any]:
    """Each field's name: its accessible name (/TU), and how many places (widgets) it has."""
    with pikepdf.open(path) as pdf:
        return {str(field.T): (str(field.get("/TU", "")), len(field.get("/Kids", [field])))
                for field in pdf.Root.AcroForm.Fields}


def form_elements(path: Path) -> int:
    """How many /Form structure elements hold a widget annotation."""
    with pikepdf.open(path) as pdf:
        stack, count = [pdf.Root.StructTreeRoot], 0
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            for kid in kids:
                if not isinstance(kid, pikepdf.Dictionary):
                    continue
                if kid.get("/Type") == "/OBJR":
                    count += node.get("/S") == "/Form" and kid.Obj.get("/Subtype") == "/Widget"
                elif kid.get("/Type") not in ("/MCR",):
                    stack.append(kid)
    return count


@pytest.mark.parametrize("layout", list(EXPECTED))
def test_blank_lines_are_fields_with_accessible_names_and_pass_pdfua(
        pdfs: dict[str, Path], layout: str) -> None:
    found = fields(pdfs[layout])
    assert {name: tu for name, (tu, _places) in found.items()} == EXPECTED[layout]
    assert form_elements(pdfs[layout]) == len(found)
    assert pdfua_problems(pdfs[layout]) == []
    assert structure_problems(pdfs[layout]) == []
    with pikepdf.open(pdfs[layout]) as pdf:
        # Typed text is written in Helvetica from the form's own resources; the pages keep
        # only the embedded fonts.
        assert list(pdf.Root.AcroForm.DR.Font.keys()) == ["/Helv"]
        for page in pdf.pages:
            assert "/Helv" not in page.Resources.get("/Font", {})


def test_the_card_sheets_four_cards_share_one_field_per_line(pdfs: dict[str, Path]) -> None:
    assert fields(pdfs["card-sheet"]) == {name: (tu, 4) for name, tu in TELL.items()}
    assert form_elements(pdfs["card-sheet"]) == 8
    assert pdfua_problems(pdfs["card-sheet"]) == []


def words_in(path: Path, page_number: int,
             box: tuple[float, float, float, float]) -> Iterator[str]:
    """The words of a page that lie inside `box` (left, bottom, right, top; PDF points)."""
    left, bottom, right, top = box
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[page_number]
        for word in page.extract_words():
            if left - 1 <= word["x0"] and word["x1"] <= right + 1 and \
                    bottom - 2 <= page.height - word["bottom"] and \
                    page.height - word["top"] <= top + 2:
                yield word["text"]


@pytest.mark.parametrize(("layout", "values"), [
    ("card", {"tell-name": "Anna Peeters", "tell-phone": "0470 12 34 56"}),
    ("worker", {"tell-name": "Jan De Smet", "tell-phone": "09 123 45 67"}),
    ("handout", {"observatie-datum": "2 December 2026, 16:30",
                 "observatie-wat": "Sam cried at pick-up and said: I do not want to go.",
                 "observatie-wie": "Sam's mother"}),
])
def test_filled_and_flattened_the_values_print_on_the_lines(
        pdfs: dict[str, Path], tmp_path: Path, layout: str, values: dict[str, str]) -> None:
    filled = tmp_path / "filled.pdf"
    places = {}
    with pikepdf.open(pdfs[layout]) as pdf:
        form = Form(pdf, DefaultAppearanceStreamGenerator)
        for name, value in values.items():
            form[name].value = value
        # pikepdf drew each field's appearance: the reader need not make them again (qpdf
        # flattens only fields whose appearance is final).
        pdf.Root.AcroForm.NeedAppearances = False
        for number, page in enumerate(pdf.pages):
            for annotation in page.get("/Annots", []):
                if annotation.get("/Subtype") == "/Widget":
                    field = annotation.get("/Parent", annotation)
                    x1, y1, x2, y2 = (float(v) for v in annotation.Rect)
                    places[str(field.T)] = (number, (min(x1, x2), min(y1, y2), max(x1, x2),
                                                     max(y1, y2)))
        pdf.flatten_annotations("print")
        pdf.save(filled)
    with pikepdf.open(filled) as pdf:  # flattened: the values are page content now
        assert not [a for page in pdf.pages for a in page.get("/Annots", [])
                    if a.get("/Subtype") == "/Widget" and str(a.get("/T")) in values]
    for name, value in values.items():
        number, box = places[name]
        assert " ".join(words_in(filled, number, box)) == " ".join(value.split()), name


def page_image(pdf: bytes) -> Any:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return document.pages[0].to_image(resolution=100).original.convert("L")


def test_printed_blank_the_lines_look_as_before() -> None:
    """The card with its fields, and the same card with the plain blank lines of before, print
    the same pixels."""
    theme = theme_for()
    html = render_plan(sample_plan(), "en", theme=theme, day=DAY, layout="card",
                       medium="print", edition=Edition("7KQ2-M4", DAY))
    before = html
    for name in TELL:
        start = before.index(f'<input class="blank" type="text" name="{name}"')
        before = before[:start] + '<span class="blank"></span>' + \
            before[before.index(">", start) + 1:]
    assert "<input" not in before and html.count("<input") == 2
    difference = ImageChops.difference(page_image(html_to_pdf(html, theme.dirs)),
                                       page_image(html_to_pdf(before, theme.dirs)))
    assert difference.getbbox() is None


def test_values_a_batch_fills_in_print_as_text_not_fields() -> None:
    plan = sample_plan()
    organisation = Layer("organisation", "speelberg", {"en": "De Speelberg"}, "org.yaml")
    plan = dataclasses.replace(plan, layers=(*plan.layers, organisation), params={
        **plan.params, ORG_PARAMS["name"]: "De Speelberg",
        ORG_PARAMS["contact_name"]: "Anna Peeters", ORG_PARAMS["contact_phone"]: "0470123456"})
    pdf = print_plan(plan, "en", theme=theme_for(), day=DAY, layout="card").pdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert "/AcroForm" not in document.Root
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = " ".join(page.extract_text() for page in document.pages)
    assert "Anna Peeters" in text and "0470 12 34 56" in text


def test_a_line_its_template_does_not_name_is_no_field(tmp_path: Path) -> None:
    """A theme's `fill_line` without `field` and `title` (say, a new line of its own) prints
    a plain line to write on: no field that would share another line's name or be called
    only "Name"."""
    shipped = (theme_for().dirs[-1] / "macros.html.j2").read_text(encoding="utf-8")
    call = ', field="tell-name", title=_("Name of the person you tell")'
    assert call in shipped
    (tmp_path / "macros.html.j2").write_text(shipped.replace(call, ""), encoding="utf-8")
    theme = theme_for(override=tmp_path)
    html = render_plan(sample_plan(), "en", theme=theme, day=DAY, layout="card",
                       medium="print", edition=Edition("7KQ2-M4", DAY))
    assert html.count("<input") == 1 and 'name="tell-phone"' in html
    path = tmp_path / "card.pdf"
    path.write_bytes(html_to_pdf(html, theme.dirs))
    assert fields(path) == {"tell-phone": (TELL["tell-phone"], 1)}


@pytest.fixture(scope="module")
def shipped_pdfs(shipped_build: Path) -> dict[str, Path]:
    """The sport plan's papers in English, as the shared build printed them: whom to tell
    instead (the federation's API) and helplines whose number depends on the place (the VK,
    the SAJ …)."""
    return {layout: shipped_build / f"{paper_name('en', 'sport', layout)}.pdf"
            for layout in ("card", "worker", "poster", "card-sheet", "handout")}


def test_whom_instead_and_numbers_that_depend_on_the_place_are_fields_too(
        shipped_pdfs: dict[str, Path], tmp_path: Path) -> None:
    plan = load_project(REPO).plan("sport")
    view = PlanView(plan, localizer_for(plan, "en"), interface_words("en"))
    assert view.alternative is not None
    for layout in ("card", "worker", "poster"):
        shown = view.key_contacts if layout == "worker" else view.card_helplines
        local = {f"phone-{c.id}": f"Phone number: {view.loc.plain(c.name)}"
                 for c in shown if c.fill_in and not c.phone}
        assert len(local) >= 3, layout
        found = fields(shipped_pdfs[layout])
        assert {name: tu for name, (tu, _places) in found.items()} == {
            **TELL, "tell-instead-name": "Name of the person you tell instead",
            "tell-instead-phone": "Phone number of the person you tell instead", **local}
        assert form_elements(shipped_pdfs[layout]) == len(found)
        assert pdfua_problems(shipped_pdfs[layout]) == []
    # The full plan's contacts table: a line in the phone column of each of them.
    local = {f"phone-{c.id}": f"Phone number: {view.loc.plain(c.name)}"
             for c in plan.contacts if c.fill_in and not c.phone}
    found = fields(shipped_pdfs["handout"])
    assert {name: tu for name, (tu, _places) in found.items() if name.startswith("phone-")} \
        == local
    assert form_elements(shipped_pdfs["handout"]) == len(found)
    assert pdfua_problems(shipped_pdfs["handout"]) == []
    # The card sheet's four cards share each line's field.
    assert {places for _tu, places in fields(shipped_pdfs["card-sheet"]).values()} == {4}
    # A number typed in prints on its line.
    filled = tmp_path / "filled.pdf"
    with pikepdf.open(shipped_pdfs["card"]) as pdf:
        form = Form(pdf, DefaultAppearanceStreamGenerator)
        for name in fields(shipped_pdfs["card"]):  # every field drawn, so every one flattens
            form[name].value = ""
        field = form["phone-vk"]
        field.value = "09 216 72 00"
        x1, y1, x2, y2 = (float(v) for v in field.obj.get("/Kids", [field.obj])[0].Rect)
        pdf.Root.AcroForm.NeedAppearances = False
        pdf.flatten_annotations("print")
        pdf.save(filled)
    box = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    assert " ".join(words_in(filled, 1, box)) == "09 216 72 00"
