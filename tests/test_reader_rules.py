"""The reader rules (docs/format.md, "What every reader holds"), checked on the printed papers.

Every PDF of the shared build of the shipped content (every sector × language on the handout,
worker, card and poster; every layout with and without each context in Dutch), of the stress
project (long compounds, many contacts) and of the second-region test framework (the
Netherlands) is read back: its text, where every character landed, how big and in which colour
(tests/pdf_pages.py, PDFium with pdfplumber's line finder; the type sizes of cards and posters
with pdfplumber itself), and (for where pages break) its tags beside its web page's blocks. The
print typography of people's names is checked on a batch of an organisation with long ones.
Each test states one rule and lists every paper that breaks it.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from itertools import groupby, pairwise
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import pdfplumber
import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfplumber.utils import extract_text

from kindreflex.batch.run import BatchRequest, run_batch
from kindreflex.framework.model import Contact, Plan
from kindreflex.framework.phones import display_phone, phones_in_text
from kindreflex.framework.project import load_project
from kindreflex.framework.reader import Reader
from kindreflex.layouts import CARD_PADDING_MM, LAYOUTS, SHEET_CELL_MM
from kindreflex.output.build import BuildRequest, run_build
from kindreflex.render.environment import bare_url, safe_url
from kindreflex.render.fit_check import Measure
from kindreflex.render.i18n import text_direction
from kindreflex.render.interface_words import interface_words
from kindreflex.render.localizer import localizer_for
from kindreflex.render.pages import render_plan
from kindreflex.render.pdf import lay_out
from kindreflex.render.plan_view import PlanView
from kindreflex.render.theme import theme_for
from kindreflex.render.typography import LONG_WORD

from .helpers import REPO, TESTS, right_to_left_root
from .pdf_pages import Char, Page, glyphs_over_each_other, pages_of
from .shipped_build import EPOCH, OTHER_REGION, PRINTED_IN_EVERY_LANGUAGE

# One worker runs every rule (make test: `--dist loadgroup`): the papers are built and read
# once, not once on each worker that gets a rule.
pytestmark = pytest.mark.xdist_group("reader-rules")

STRESS = TESTS / "projects" / "stress"
POLISH = TESTS / "projects" / "polski"
READER_PAPERS = ("worker", "card", "poster")  # what a front-line reader holds
FLOOR_PT = {"card": 7.0, "poster": 14.0}
SLACK_PT = 0.05  # PDF sizes are rounded
SLACK_MM = 0.5
MM = 72 / 25.4


@dataclass(frozen=True)
class Paper:
    """One built PDF and what it was built from."""

    root: Path
    path: Path
    lang: str
    sector: str
    context: str | None
    layout: str

    def __str__(self) -> str:
        return f"{self.root.name}:{self.lang}/{self.path.name}"

    @property
    def plan(self) -> Plan:
        return _plan(self.root, self.sector, self.context)

    @property
    def view(self) -> PlanView:
        return _view(self.root, self.sector, self.context, self.lang)


@cache
def _plan(root: Path, sector: str, context: str | None) -> Plan:
    return load_project(root).plan(sector, context)


@cache
def _view(root: Path, sector: str, context: str | None, lang: str) -> PlanView:
    plan = _plan(root, sector, context)
    return PlanView(plan, localizer_for(plan, lang), interface_words(lang, theme_for(root)))


def squash(text: str) -> str:
    """Letters and digits only, lower case: a text as it reads whatever the line breaks,
    hyphens and spaces in between."""
    return re.sub(r"[\W_]+", "", text).lower()


def papers_in(root: Path, out: Path) -> list[Paper]:
    """Every PDF under `out`, with its sector, context, language and layout from its name."""
    found: list[Paper] = []
    layouts = sorted(LAYOUTS, key=len, reverse=True)  # "card-sheet" before "card"
    for path in sorted(out.glob("*/*.pdf")):
        stem = path.stem
        # The full plan is the plain `<sector>.pdf`; every other layout says its name.
        layout = next((name for name in layouts if stem.endswith(f"-{name}")), "handout")
        base = stem[:-len(layout) - 1] if stem.endswith(f"-{layout}") else stem
        sector, _, context = base.partition("+")
        found.append(Paper(root, path, path.parent.name, sector, context or None, layout))
    return found


def build(root: Path, out: Path, *, languages: tuple[str, ...] = ()) -> Path:
    """The reader's papers of every sector of `root`, with and without each context."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for context in (None, *load_project(root).context_ids):
            run_build(BuildRequest(root=root, out=out, jobs=2, all_sectors=True,
                                   context=context, languages=languages, formats=("html", "pdf"),
                                   layouts=(*READER_PAPERS, "handout")))
    return out


@pytest.fixture(scope="module")
def papers(shipped_build: Path, other_region_build: Path,
           tmp_path_factory: pytest.TempPathFactory) -> list[Paper]:
    """The shipped papers, the stress project's, the other region's, those of the Polish
    test framework (a language kindreflex does not ship, with its own interface words) and
    of the same framework in a language written from right to left (without them)."""
    stress = tmp_path_factory.mktemp("stress-root")
    shutil.copytree(STRESS / "frameworks", stress / "frameworks")
    shutil.copy(REPO / "frameworks" / "handelingskader.yaml", stress / "frameworks")
    # The stress sector with more steps than a card holds is reported, not checked here.
    (stress / "frameworks" / "sectors" / "te-lang.yaml").unlink()
    stress_out = build(stress, tmp_path_factory.mktemp("stress-out"), languages=("nl",))
    polish_out = build(POLISH, tmp_path_factory.mktemp("polish-out"))
    rtl = right_to_left_root(tmp_path_factory.mktemp("rtl") / "root")
    rtl_out = build(rtl, tmp_path_factory.mktemp("rtl-out"))
    return [*papers_in(REPO, shipped_build), *papers_in(stress, stress_out),
            *papers_in(OTHER_REGION, other_region_build), *papers_in(POLISH, polish_out),
            *papers_in(rtl, rtl_out)]


def readers(papers: list[Paper], *layouts: str) -> Iterator[Paper]:
    yield from (paper for paper in papers if paper.layout in (layouts or READER_PAPERS))


@cache
def in_reading_order(path: Path) -> tuple[str, ...]:
    """The text of each page of a PDF in the order it is drawn, which WeasyPrint draws in
    the order it is read (a line's parts in their logical order). On a paper written from
    the right, a line read from its left end runs a sentence that mixes both directions
    ("Tell" before a name, a name before its number) the other way round. pdfplumber reads
    the content stream's order; pdfium (the fast reader) orders a line's characters itself."""
    with pdfplumber.open(path) as pdf:
        return tuple(page.extract_text(use_text_flow=True) for page in pdf.pages)


def text_of(paper: Paper, first_page_only: bool = False) -> str:
    pages = pages_of(paper.path)
    return "\n".join(page.text for page in (pages[:1] if first_page_only else pages))


def sentences_of(paper: Paper, first_page_only: bool = False) -> str:
    """The paper's text as its sentences read: from the left, or on a paper written from the
    right in reading order (`in_reading_order`)."""
    if text_direction(paper.lang) == "ltr":
        return text_of(paper, first_page_only)
    pages = in_reading_order(paper.path)
    return "\n".join(pages[:1] if first_page_only else pages)


SPLITS = (0.33, 0.42, 0.5, 0.67)  # where a paper's columns may meet, as a share of its width


@cache
def _column_texts(path: Path, first_page_only: bool) -> str:
    pages = pages_of(path)
    found = []
    for page in pages[:1] if first_page_only else pages:
        for split in SPLITS:
            edge = page.width * split
            for side in ([c for c in page.chars if float(c["x0"]) < edge],  # type: ignore[arg-type]
                         [c for c in page.chars if float(c["x0"]) >= edge]):  # type: ignore[arg-type]
                found.append(squash(extract_text(list(side))))
    return "\n".join(found)


def squashed(paper: Paper, first_page_only: bool = False) -> str:
    """The paper's text squashed, whole and column by column (a line of a column read on its
    own, not run together with the line beside it)."""
    whole = squash(sentences_of(paper, first_page_only))
    if paper.layout not in READER_PAPERS:  # the full plan reads in one column
        return whole
    return whole + "\n" + _column_texts(paper.path, first_page_only)


def shown_contacts(paper: Paper) -> list[Contact]:
    """The contacts the reader's steps depend on that this paper must list."""
    view = paper.view
    if paper.layout == "worker":
        return list(view.key_contacts)
    return list(view.card_helplines)


# --- 0. The fast reader reads what pdfplumber reads --------------------------------------

def test_the_fast_reader_reads_what_pdfplumber_reads(papers: list[Paper]) -> None:
    """Text line by line, every character's place, size and colour: as pdfplumber has them,
    on a card, a worker handout and a full plan (hyphens at line ends, ligatures, "j")."""
    chosen = [next(paper for paper in papers if paper.layout == layout and paper.lang == "fr")
              for layout in ("card", "worker", "handout")]
    for paper in chosen:
        with pdfplumber.open(paper.path) as pdf:
            for fast, page in zip(pages_of(paper.path), pdf.pages, strict=True):
                assert fast.text == page.extract_text(), paper
                assert "".join(str(c["text"]) for c in fast.chars) == "".join(
                    str(c["text"]) for c in page.chars), paper
                # pdfminer keeps a ligature ("fi") as one character, PDFium as its letters.
                fast_chars = iter(fast.chars)
                for slow in page.chars:
                    char, *_rest = [next(fast_chars) for _letter in str(slow["text"])]
                    for key, slack in (("x0", 0.2), ("bottom", 0.2), ("size", SLACK_PT)):
                        assert abs(float(char[key]) - float(slow[key])) < slack, (paper, key)  # type: ignore[arg-type]
                    colour = tuple(slow["non_stroking_color"] or (0.0,))  # type: ignore[arg-type]
                    assert char["non_stroking_color"] == tuple(
                        round(float(v), 3) for v in colour * (3 if len(colour) == 1 else 1)), paper


# --- 1. Contacts the reader's steps depend on: on the paper in every language, marked -----

def test_contacts_the_steps_depend_on_are_on_every_paper_with_their_languages(
        papers: list[Paper]) -> None:
    broken: list[str] = []
    for paper in readers(papers):
        view, reader = paper.view, Reader(paper.plan)
        text = squashed(paper)
        depends_on = reader.helpline_ids if paper.layout != "worker" else reader.named_contacts
        listed = {contact.id for contact in shown_contacts(paper)}
        for contact in paper.plan.contacts:
            if contact.id not in depends_on or not (contact.phone or contact.fill_in):
                continue
            name = squash(view.loc.plain(contact.name))
            if contact.id not in listed or name not in text:
                broken.append(f"{paper}: {contact.id} is missing")
            elif not view.answers_reader(contact) and contact.languages:
                mark = (view.language_mark(contact) if paper.layout == "worker"
                        else view.language_tags(contact))
                # Somewhere the name is followed by its mark (a step's text may name it bare).
                if not re.search(re.escape(name) + r".{0,40}?" + re.escape(squash(mark)), text):
                    broken.append(f"{paper}: {contact.id} has no mark of its languages")
    assert not broken, "\n".join(broken)


def test_every_card_and_worker_lists_the_vk_and_1712(papers: list[Paper]) -> None:
    broken = []
    for paper in readers(papers, "card", "worker"):
        if paper.root != REPO:
            continue
        text = squashed(paper)
        for contact in (paper.plan.contact("vk"), paper.plan.contact("1712")):
            if squash(paper.view.loc.plain(contact.name)) not in text:
                broken.append(f"{paper}: no {contact.id}")
    assert not broken, "\n".join(broken)


# --- 2. Everything the reader is told to call has a number or a line to write one -------

def test_every_line_to_call_has_a_number_or_a_fill_in_line(papers: list[Paper]) -> None:
    broken: list[str] = []
    for paper in readers(papers, "card", "poster"):
        view, region = paper.view, paper.plan.region
        pages = pages_of(paper.path)
        for contact in shown_contacts(paper):
            if contact.phone:
                number = squash(display_phone(contact.phone, region))
                if number not in squash(text_of(paper)):
                    broken.append(f"{paper}: {contact.id} without its number")
            elif not any(_line_after(page, view.loc.plain(contact.name)) for page in pages):
                broken.append(f"{paper}: {contact.id} has neither a number nor a line")
    assert not broken, "\n".join(broken)


def grouped_numbers(paper: Paper) -> list[list[str]]:
    """The plan's phone numbers written in groups ("800 12 12 12"), as printed, each split
    into its groups."""
    printed = {display_phone(contact.phone, paper.plan.region)
               for contact in paper.plan.contacts if contact.phone}
    return [number.split() for number in sorted(printed) if len(number.split()) > 1]


def lines_read(paper: Paper) -> list[str]:
    """The paper's lines, each read from its left; a sheet of copies read copy by copy (two
    cards side by side make one line of both)."""
    if LAYOUTS[paper.layout].copies is None:
        text = text_of(paper)
    else:
        text = "\n".join(extract_text(list(copy.chars)) for page in pages_of(paper.path)
                         for copy in copies_on(page))
    return [" ".join(line.split()) for line in text.splitlines()]


def test_no_number_to_dial_reads_backwards(papers: list[Paper]) -> None:
    """A number written in groups ("800 12 12 12") is dialled from its first group, on a
    paper written from the right too: set as words of a line read from the right, its groups
    come out the other way round ("12 12 12 800": once on the Arabic card, then in the
    overview chart's answers). Every paper, every number of its plan."""
    broken: list[str] = []
    checked = 0
    for paper in papers:
        numbers = grouped_numbers(paper)
        checked += sum(groups != groups[::-1] for groups in numbers)
        broken += [f"{paper}: reads “{found}”" for found in backwards_in(lines_read(paper),
                                                                         numbers)]
    assert checked
    assert not broken, "\n".join(broken)


def backwards_in(lines: list[str], numbers: list[list[str]]) -> list[str]:
    """Each number (its groups) that the lines show with its groups the other way round."""
    text = " ".join(lines)
    return [" ".join(reversed(groups)) for groups in numbers
            if groups != groups[::-1] and " ".join(reversed(groups)) in text]


def test_no_number_to_dial_is_broken_over_two_lines(papers: list[Paper]) -> None:
    """A number is read and dialled in one go: its groups stay on one line ("09 216" at the
    end of a line and "72 00" at the start of the next is a number half read)."""
    broken = [f"{paper}: {found}" for paper in papers
              for found in broken_in(lines_read(paper), grouped_numbers(paper))]
    assert not broken, "\n".join(broken)


def broken_in(lines: list[str], numbers: list[list[str]]) -> list[str]:
    """Each place where a line ends in the first groups of a number and the next line goes
    on with the rest."""
    found = []
    for line, after in pairwise(lines):
        for groups in numbers:
            for cut in range(1, len(groups)):
                head, tail = " ".join(groups[:cut]), " ".join(groups[cut:])
                if re.search(rf"(?:^|\D){re.escape(head)}$", line) \
                        and re.match(rf"{re.escape(tail)}(?:\D|$)", after):
                    found.append(f"“{line[-30:]}” / “{after[:30]}”")
    return found


def test_the_number_rules_find_a_number_read_backwards_or_broken() -> None:
    numbers = [["800", "12", "12", "12"], ["09", "216", "72", "00"], ["116", "111"]]
    assert backwards_in(["Zadzwoń: 12 12 12 800", "111 116"], numbers) == [
        "12 12 12 800", "111 116"]
    assert backwards_in(["Zadzwoń: 800 12 12 12", "116 111 (dzieci)"], numbers) == []
    assert broken_in(["Bel Awel of 09 216", "72 00 nu."], numbers) == [
        "“Bel Awel of 09 216” / “72 00 nu.”"]
    assert broken_in(["Bel 09 216 72 00", "nu."], numbers) == []
    assert broken_in(["Sinds 2116", "111 kinderen"], numbers) == []


# A line to write a name or a telephone number on by hand: at least this long on any paper
# ("0470 12 34 56" written small takes about 25 mm). The worker's tell box holds the name
# and the number side by side at 25–29 mm; the card's and the poster's whom to tell 25–40 mm;
# the card's helplines the column's width (~45 mm). The worker's were once 18 mm, the card's
# helplines 17 mm, and the Polish "Imię i nazwisko:" left 5 mm.
WRITE_ON_MM = 25.0
# The papers with lines to write on: the reader's, and the layouts made of their pages (the
# card sheet: four cards, each line four times, each checked).
WRITTEN_ON = (*READER_PAPERS, *(name for name, spec in LAYOUTS.items()
                                if spec.copies in READER_PAPERS))


def test_every_line_to_write_a_name_or_number_on_is_long_enough(papers: list[Paper]) -> None:
    broken: list[str] = []
    checked = 0
    for paper in readers(papers, *WRITTEN_ON):
        view = paper.view
        labels = [f"{view._(word)}:" for word in ("Name", "Phone")]
        pages = pages_of(paper.path)
        for number, page in enumerate(pages, 1):
            for label, line in write_on_lines(page, labels):
                checked += 1
                if line.mm < WRITE_ON_MM - SLACK_MM:
                    broken.append(f"{paper} p{number}: the line after “{label}” is "
                                  f"{line.mm:.0f} mm long")
        for contact, _number, line in helpline_lines(paper):
            checked += 1
            if line.mm < WRITE_ON_MM - SLACK_MM:
                broken.append(f"{paper}: the line to write {contact.id}'s number on is "
                              f"{line.mm:.0f} mm long")
    assert checked, "no line to write on was found: the rule reads nothing"
    assert not broken, "\n".join(broken)


def test_every_line_to_write_on_can_be_typed_in(papers: list[Paper]) -> None:
    """A club that downloads a paper types its own names and numbers before printing it:
    every line to write on is a form field, with a name a screen reader says."""
    broken: list[str] = []
    checked = 0
    for paper in readers(papers, *WRITTEN_ON):
        labels = [f"{paper.view._(word)}:" for word in ("Name", "Phone")]
        fields = widgets(paper.path)
        lines = [(number, f"the line after “{label}”", line)
                 for number, page in enumerate(pages_of(paper.path), 1)
                 for label, line in write_on_lines(page, labels)]
        lines += [(number, f"the line for {contact.id}'s number", line)
                  for contact, number, line in helpline_lines(paper)]
        for number, what, line in lines:
            checked += 1
            covering = [name for x0, top, x1, bottom, name in fields.get(number, [])
                        if x0 - 2 <= line.x0 + 1 and line.x1 - 1 <= x1 + 2
                        and top - 2 <= line.y <= bottom + 2]
            if not covering:
                broken.append(f"{paper} p{number}: {what} is no field to type in")
            elif not all(covering):
                broken.append(f"{paper} p{number}: {what} is a field without a name")
    assert checked, "no line to write on was found: the rule reads nothing"
    assert not broken, "\n".join(broken)


@cache
def widgets(path: Path) -> dict[int, list[tuple[float, float, float, float, str]]]:
    """The form fields' widgets of each page (1-based): (x0, top, x1, bottom) in points from
    the page's top left, and the field's accessible name (/TU)."""
    found: dict[int, list[tuple[float, float, float, float, str]]] = {}
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            height = float(page.mediabox[3])
            for annotation in page.get("/Annots", []):
                if annotation.get("/Subtype") != "/Widget":
                    continue
                field = annotation.get("/Parent", annotation)
                x1, y1, x2, y2 = (float(v) for v in annotation.Rect)
                found.setdefault(number, []).append(
                    (min(x1, x2), height - max(y1, y2), max(x1, x2), height - min(y1, y2),
                     str(field.get("/TU", ""))))
    return found


class WriteOn(NamedTuple):
    """A line to write on, as drawn: from x0 to x1 at height y (points from the top)."""

    x0: float
    x1: float
    y: float

    @property
    def mm(self) -> float:
        """Its length in millimetres."""
        return (self.x1 - self.x0) / MM


def helpline_lines(paper: Paper) -> Iterator[tuple[Contact, int, WriteOn]]:
    """The line to write a number on that depends on the place beside or under the line's
    name, with its page number: a line without a label (a card's or a poster's helpline, the
    tile of a movement's crisis line in the acute box)."""
    if paper.layout not in WRITTEN_ON:
        return
    pages = pages_of(paper.path)
    # The worker's other lines carry a label ("Phone:"): write_on_lines finds them.
    urgent = list(paper.view.urgent_contacts)
    listed = [] if paper.layout == "worker" else shown_contacts(paper)
    # A sheet of copies holds each line once per copy: each copy is read as a paper.
    copies = LAYOUTS[paper.layout].copies is not None
    regions = [(number, region) for number, page in enumerate(pages, 1)
               for region in (copies_on(page) if copies else (page,))]
    for contact in [*urgent, *(c for c in listed if c not in urgent)]:
        if contact.phone or not contact.fill_in:
            continue
        name = paper.view.loc.plain(contact.name)
        found = [(number, line) for number, region in regions
                 if (line := _line_after(region, name)) is not None]
        # test_every_line_to_call_… reports a line without either
        for number, line in found if copies else found[:1]:
            yield contact, number, line


def copies_on(page: Page) -> Iterator[Page]:
    """Each cell of a sheet of copies (the card sheet: cards of SHEET_CELL_MM side by side)
    as a page of its own: what is drawn inside it, in the sheet's coordinates."""
    width, height = SHEET_CELL_MM[0] * MM, SHEET_CELL_MM[1] * MM
    for row in range(round(page.height / height)):
        for column in range(round(page.width / width)):
            yield _inside(page, column * width, row * height, width, height)


def _inside(page: Page, left: float, top: float, width: float, height: float) -> Page:
    """What of `page` is drawn inside the box at (left, top) of this width and height."""
    def within(x0: float, x1: float, y0: float, y1: float) -> bool:
        return left <= x0 and x1 <= left + width and top <= y0 and y1 <= top + height

    chars = tuple(c for c in page.chars if within(
        *(float(c[key]) for key in ("x0", "x1", "top", "bottom"))))  # type: ignore[arg-type]
    rules = tuple(rule for rule in page.rules if within(rule[0], rule[1], rule[2], rule[2]))
    return Page(width, height, "", chars, rules)


def write_on_lines(page: Page, labels: list[str]) -> Iterator[tuple[str, WriteOn]]:
    """Each label of a line to write on (`Name:`) found on the page, and the line drawn
    after it on the same line (a label followed by a filled-in value, not a line, is not
    given)."""
    chars = [c for c in page.chars if str(c["text"]).strip()]
    for label in labels:
        wanted = squash_spaces(label)
        for index in range(len(wanted) - 1, len(chars)):
            run = "".join(str(c["text"]) for c in chars[index - len(wanted) + 1:index + 1])
            if run != wanted:
                continue
            colon = chars[index]
            right, top, bottom = (float(colon[key]) for key in ("x1", "top", "bottom"))  # type: ignore[arg-type]
            # The line starts just after the label and lies at the foot of its text line.
            after = [WriteOn(x0, x1, rule_top) for x0, x1, rule_top in page.rules
                     if right - 1 <= x0 <= right + 12 * MM and top <= rule_top <= bottom + 6
                     and x1 - x0 > 1]
            if after:
                yield label, min(after)


def test_the_write_on_rule_measures_the_line_after_its_label() -> None:
    def char(text: str, x: float) -> Char:
        return {"text": text, "x0": x, "x1": x + 5, "top": 100.0, "bottom": 110.0}

    label = [char(letter, 10 + 5 * n) for n, letter in enumerate("Naam:")]
    short = Page(300, 400, "Naam:", tuple(label), ((37.0, 37.0 + 10 * MM, 108.0),))
    long = Page(300, 400, "Naam:", tuple(label), ((37.0, 37.0 + 30 * MM, 108.0),))
    filled = Page(300, 400, "Naam:", tuple(label), ())
    assert [round(line.mm) for _, line in write_on_lines(short, ["Naam:"])] == [10]
    assert [round(line.mm) for _, line in write_on_lines(long, ["Naam:"])] == [30]
    assert list(write_on_lines(filled, ["Naam:"])) == []
    # A name broken over two lines by a hyphen, its line under its second line, and one
    # that only starts under another name is not its line.
    name = [char(letter, 10 + 5 * n) for n, letter in enumerate("Kinder-")]
    name += [{**char(letter, 10 + 5 * n), "top": 112.0, "bottom": 122.0}
             for n, letter in enumerate("zorg")]
    under = Page(300, 400, "Kinder- zorg", tuple(name), ((10.0, 10.0 + 45 * MM, 124.0),
                                                        (10.0, 10.0 + 45 * MM, 131.0)))
    found = _line_after(under, "Kinderzorg")
    assert found is not None and round(found.mm) == 45
    elsewhere = Page(300, 400, "Kinder- zorg", tuple(name), ((80.0, 80.0 + 45 * MM, 131.0),
                                                            (80.0, 80.0 + 45 * MM, 131.5)))
    assert _line_after(elsewhere, "Kinderzorg") is None
    # The frame of a box (a language tag) beside a name is not a line to write on.
    boxed = Page(300, 400, "Kinder- zorg", tuple(name), ((32.0, 32.0 + 9 * MM, 112.0),
                                                        (32.0, 32.0 + 9 * MM, 122.0)))
    assert _line_after(boxed, "Kinderzorg") is None
    # A tile's line before its name, on the same line.
    tile = [{**char(letter, 200 + 5 * n), "top": 100.0, "bottom": 110.0}
            for n, letter in enumerate("Crisis")]
    before = Page(400, 400, "Crisis", tuple(tile), ((60.0, 196.0, 100.0), (60.0, 196.0, 112.0)))
    found = _line_after(before, "Crisis")
    assert found is not None and round(found.mm) == 48
    assert _line_after(elsewhere, "Kinderzorg") is None
    # On a sheet of copies, a line in the next card (its QR code's frame) is not the line of
    # a name in this one: each card is read alone, four cards on an A4 sheet.
    mention = [{**char(letter, 240 + 5 * n), "top": 277.0, "bottom": 284.0}
               for n, letter in enumerate("Crisis")]
    frame = (312.0, 360.0, 288.8)  # in the card to the right, on the same text line
    sheet = Page(595.3, 841.9, "Crisis", tuple(mention), (frame,))
    assert _line_after(sheet, "Crisis") is not None, "read whole, the sheet misleads"
    cells = list(copies_on(sheet))
    assert len(cells) == 4
    assert [_line_after(cell, "Crisis") for cell in cells] == [None] * 4
    assert [len(cell.chars) for cell in cells] == [6, 0, 0, 0]
    assert [cell.rules for cell in cells] == [(), (frame,), (), ()]


def _line_after(page: Page, name: str) -> WriteOn | None:
    """The line to write on drawn right after `name` on this page: to the right of its last
    letter on the same line, or under the line it ends on, from where that line starts; or
    right before it, as a number before its name in a tile of the acute box. None if there
    is none (or the name is not on the page)."""
    for run in name_runs(page, name):
        last = run[-1]
        top, bottom = float(last["top"]), float(last["bottom"])  # type: ignore[arg-type]
        # Where the text line the name ends on starts (a line under it starts there too).
        start = min(float(c["x0"]) for c in run if float(c["top"]) == top)  # type: ignore[arg-type]
        end = float(last["x1"])  # type: ignore[arg-type]
        # An edge of a drawn box: a line to write on is the bottom border of a box at least
        # LINE_MIN_MM wide (a language tag's frame beside a name is narrower).
        edges = [(x0, x1, y) for x0, x1, y in page.rules if x1 - x0 >= LINE_MIN_MM * MM]
        beside = sorted(WriteOn(x0, x1, y) for x0, x1, y in edges
                        if top <= y <= bottom + 5 and x0 >= end - 1)
        under = [WriteOn(x0, x1, y) for x0, x1, y in edges
                 if bottom + 5 < y <= bottom + 14 and abs(x0 - start) < 2 * MM]
        first = run[0]
        left, first_top = float(first["x0"]), float(first["top"])  # type: ignore[arg-type]
        first_bottom = float(first["bottom"])  # type: ignore[arg-type]
        before = sorted((WriteOn(x0, x1, y) for x0, x1, y in edges
                         if first_top <= y <= first_bottom + 5
                         and left - 8 * MM <= x1 <= left + 1), reverse=True)
        after = [*beside, *under, *before]
        if after:
            return after[0]
    return None


# Narrower than this, a drawn box is not a line to write on (a poster's language tag is 10 mm).
LINE_MIN_MM = 12.0
# Hyphens a line break adds inside a word ("Kinder-⏎mishandeling"), which a name lacks.
BREAK_HYPHENS = "-\u2010\u00ad"


def name_runs(page: Page, name: str) -> Iterator[list[Char]]:
    """The characters of each place `name` is printed on the page, in reading order; a
    hyphen a line break added inside it is skipped, spaces and line ends are not needed."""
    wanted = squash_spaces(name)
    chars = [c for c in page.chars if str(c["text"]).strip()]
    for start, char in enumerate(chars):
        if str(char["text"]) != wanted[0]:
            continue
        run: list[Char] = []
        at = 0
        for candidate in chars[start:]:
            text = str(candidate["text"])
            if at < len(wanted) and text == wanted[at]:
                run.append(candidate)
                at += 1
                if at == len(wanted):
                    yield run
                    break
            elif text not in BREAK_HYPHENS:
                break


# --- 3. Whom to tell, and whom instead, on the card's front --------------------------------

def test_whom_to_tell_and_the_alternative_are_on_every_card_front(
        papers: list[Paper]) -> None:
    broken: list[str] = []
    for paper in readers(papers, "card", "worker", "poster"):
        view = paper.view
        role, alternative = view.contact_role, view.alternative
        if role is None:
            continue
        front = squashed(paper, first_page_only=True)
        tell = view._("Tell %(role)s.", role=view.name_of(role))
        if squash(tell) not in front:
            broken.append(f"{paper}: no whom to tell on the front")
        if alternative is None:
            broken.append(f"{paper}: the framework names no alternative (if_suspected)")
            continue
        sentence = view._("Is it about %(role)s? Tell %(other)s.", role=view.name_of(role),
                          other=alternative.name)
        if squash(sentence) not in front:
            broken.append(f"{paper}: no alternative on the front")
        elif alternative.language and not re.search(
                re.escape(squash(sentence)) + r".{0,40}?" + re.escape(squash(alternative.language)),
                front):
            broken.append(f"{paper}: the alternative does not say its languages")
    assert not broken, "\n".join(broken)


def test_every_urgent_number_is_on_the_front_of_what_the_reader_holds(
        papers: list[Paper]) -> None:
    """The acute-danger box's numbers (112, 101, a movement's crisis line) are on the card's
    front, the worker's page 1 and the poster: with an acute step or without one (a framework
    may only mark its contacts `urgent`), in every language, each with the languages it
    answers in where they are not the reader's."""
    broken: list[str] = []
    for paper in readers(papers, "card", "worker", "poster"):
        view = paper.view
        front = squashed(paper, first_page_only=True)
        for contact in view.urgent_contacts:
            name = squash(view.loc.plain(contact.name))
            # A line that does not answer in the reader's language says which it answers in
            # (the youth movements' crisis line, in Dutch, on a French card).
            mark = view.language_mark(contact)
            if mark and not re.search(re.escape(name) + r".{0,40}?" + re.escape(squash(mark)),
                                      front):
                broken.append(f"{paper}: {contact.id} has no mark of its languages")
            if not contact.phone:
                continue  # test_every_line_to_call_… checks its line to write it on
            number = squash(view.display_phone(contact.phone))
            if name not in front or number not in front:
                broken.append(f"{paper}: {contact.id} is not on the front")
    assert not broken, "\n".join(broken)


def test_a_contexts_first_page_items_are_on_page_one_and_the_card_front(
        papers: list[Paper]) -> None:
    # What a context marks `first_page` (lockdown: signals at a distance, whom to call the
    # same day) is on the front of what the reader holds; the plain paper does not have it.
    plain = {(p.root, p.lang, p.sector, p.layout): p for p in papers if p.context is None}
    checked, broken = 0, []
    for paper in readers(papers, "worker", "card"):
        view = paper.view
        if paper.context is None or not view.first_page_items:
            continue
        front = squashed(paper, first_page_only=True)
        without = plain.get((paper.root, paper.lang, paper.sector, paper.layout))
        plain_front = squashed(without, first_page_only=True) if without else ""
        for item in view.first_page_items:
            # The card says a route step by its title.
            label = view.loc.plain(getattr(item, "title", None) or item.text)
            words = squash(label)
            checked += 1
            if words not in front:
                broken.append(f"{paper}: “{label[:50]}” not on the front")
            elif words in plain_front:
                broken.append(f"{paper}: the paper without {paper.context} has it too")
    assert checked >= 8 * 4, checked  # 4 sectors × nl, fr, en × worker and card, and more
    assert not broken, "\n".join(broken)


# --- 4. Conditions and decisions never dropped; no reference to what a paper lacks --------

def test_the_acute_steps_decisions_and_conditions_are_on_every_paper(
        papers: list[Paper]) -> None:
    broken: list[str] = []
    for paper in readers(papers, "worker", "card", "poster", "handout"):
        view = paper.view
        step = view.acute_step
        if step is None:
            continue
        text = squashed(paper)
        for decision in step.decisions:
            for option in decision.options:
                if squash(view.loc.plain(option.label)) not in text:
                    broken.append(f"{paper}: acute answer “{view.loc.plain(option.label)}”")
        conditioned = [item for item in (step, *step.actions) if item.condition]
        if paper.layout != "handout":  # what the reader is told when a child tells
            conditioned += [item for item in view.disclosure_do if item.condition]
        for item in conditioned:
            words = re.sub(r"<[^>]+>", "", str(view.only(item)))
            if squash(words) not in text:
                broken.append(f"{paper}: condition of {getattr(item, 'id', item)}")
    assert not broken, "\n".join(broken)


def test_no_paper_refers_to_what_it_does_not_contain(papers: list[Paper]) -> None:
    broken: list[str] = []
    for paper in readers(papers, "worker", "card", "poster"):
        view = paper.view
        # The observation form is at the back of the full plan only.
        for step in paper.plan.steps:
            for action in step.actions:
                words = view.loc.plain(action.text)
                if re.search(r"\b(dit|this|ce) plan\b", words) and squash(words) in squash(
                        text_of(paper)):
                    broken.append(f"{paper}: “{words}”")
    assert not broken, "\n".join(broken)


# --- 6. Type: card ≥ 7 pt, poster ≥ 14 pt, text pure black (or white on black) ------------

def test_no_type_below_the_floor_of_its_paper(papers: list[Paper]) -> None:
    broken = []
    for paper in readers(papers, "card", "poster"):
        floor = FLOOR_PT[paper.layout]
        with pdfplumber.open(paper.path) as pdf:  # sizes as pdfminer measures them
            sizes = [[(float(c["size"]), str(c["text"])) for c in page.chars]
                     for page in pdf.pages]
        for number, chars in enumerate(sizes, start=1):
            small = [c for c in chars if c[0] < floor - SLACK_PT and c[1].strip()]
            if small:
                words = "".join(text for _size, text in small)[:40]
                broken.append(f"{paper} p{number}: {small[0][0]:.1f} pt “{words}”")
    assert not broken, "\n".join(broken)


def test_print_text_is_pure_black(papers: list[Paper]) -> None:
    allowed = {(0.0,), (0.0, 0.0, 0.0), (1.0,), (1.0, 1.0, 1.0), (0.0, 0.0, 0.0, 1.0)}
    broken = []
    for paper in readers(papers, *LAYOUTS):
        for page in pages_of(paper.path):
            colours = {tuple(round(float(v), 3) for v in c["non_stroking_color"] or (0.0,))  # type: ignore[union-attr]
                       for c in page.chars if str(c["text"]).strip()}
            if colours - allowed:
                broken.append(f"{paper}: {sorted(colours - allowed)}")
                break
    assert not broken, "\n".join(broken)


def test_the_card_sheet_says_how_to_print_it_and_asks_the_printer_for_it(
        papers: list[Paper]) -> None:
    sheets = list(readers(papers, "card-sheet"))
    assert sheets
    broken = []
    for paper in sheets:
        with pikepdf.open(paper.path) as pdf:
            preferences = pdf.Root.get("/ViewerPreferences", {})
            if (str(preferences.get("/Duplex")) != "/DuplexFlipLongEdge"
                    or str(preferences.get("/PrintScaling")) != "/None"):
                broken.append(f"{paper}: viewer preferences {dict(preferences)}")
        note = squash(paper.view._("Print double-sided, flip on the long edge, at actual "
                                   "size (100%)."))
        page = pages_of(paper.path)[0]
        # Outside the cards' text: in the band between the top row's text and the cut.
        band = (SHEET_CELL_MM[1] - CARD_PADDING_MM) * MM, SHEET_CELL_MM[1] * MM
        in_band = [c for c in page.chars if band[0] <= float(c["top"])  # type: ignore[arg-type]
                   and float(c["bottom"]) <= band[1]]  # type: ignore[arg-type]
        if squash(extract_text(in_band)) != note:
            broken.append(f"{paper}: no print instruction between the cards")
    assert not broken, "\n".join(broken)


# --- 9. Nothing leaves the paper -------------------------------------------------------

def test_nothing_leaves_the_paper(papers: list[Paper]) -> None:
    broken = []
    for paper in readers(papers, *LAYOUTS):
        for number, page in enumerate(pages_of(paper.path), start=1):
            out = [c for c in page.chars if str(c["text"]).strip() and (
                float(c["x0"]) < -SLACK_MM * MM or float(c["x1"]) > page.width + SLACK_MM * MM  # type: ignore[arg-type]
                or float(c["top"]) < -SLACK_MM * MM  # type: ignore[arg-type]
                or float(c["bottom"]) > page.height + SLACK_MM * MM)]  # type: ignore[arg-type]
            if out:
                broken.append(f"{paper} p{number}: “{''.join(str(c['text']) for c in out)[:40]}”")
    assert not broken, "\n".join(broken)


def test_no_text_is_printed_over_other_text(papers: list[Paper]) -> None:
    # A block too tall for its page that WeasyPrint continues over the top of the next (a
    # float: the worker's column beside the steps) leaves two lines in one place.
    broken = []
    for paper in readers(papers, *LAYOUTS):
        for number, page in enumerate(pages_of(paper.path), start=1):
            pairs = glyphs_over_each_other(page.chars)
            if pairs:
                broken.append(f"{paper} p{number}: " + "; ".join(
                    f"“{a}” over “{b}”" for a, b in pairs[:3]))
    assert not broken, "\n".join(broken)


def test_the_overlap_rule_finds_a_line_printed_over_another() -> None:
    def line(text: str, x: float, top: float) -> list[Char]:
        return [{"text": letter, "x0": x + 5 * i, "x1": x + 5 * i + 5, "top": top,
                 "bottom": top + 9} for i, letter in enumerate(text)]

    apart = [*line("Stap 1", 50, 100), *line("Neem je zorg ernstig", 50, 112)]
    assert glyphs_over_each_other(apart) == []
    assert glyphs_over_each_other([*apart, *line("kan vrij praten.", 52, 103)])


def test_no_word_splits_inside_a_host_name_or_a_colour_word(papers: list[Paper]) -> None:
    broken = []
    for paper in readers(papers, *LAYOUTS):
        hosts = {re.sub(r"^https?://(www\.)?", "", contact.url).split("/")[0]
                 for contact in paper.plan.contacts if contact.url}
        colours = {word for word in re.findall(r"\*\*(\w{2,8})\*\*", str(paper.plan))}
        lines = text_of(paper).split("\n")
        for line, following in pairwise(lines):
            end = line.split()[-1] if line.split() else ""
            start = following.split()[0] if following.split() else ""
            if any(_split_inside(host, end, start) for host in hosts):
                broken.append(f"{paper}: “{end}⏎{start}”")
            joined = end.rstrip("-") + start
            if any(re.fullmatch(rf"\W*{colour}\W*", joined) and colour not in (end, start)
                   for colour in colours):
                broken.append(f"{paper}: “{end}⏎{start}”")
    assert not broken, "\n".join(broken)


# A word of fewer letters than this is never hyphenated (theme.css, `hyphenate-limit-chars`).
SHORT_WORD = 10


def test_no_short_word_is_split(papers: list[Paper]) -> None:
    # Split with a hyphen the text does not have ("Vrij-⏎willi-"), or without one where the
    # column was too narrow ("Bel⏎t"): a word of the plan that a reader must piece together.
    broken = []
    for paper in readers(papers, *LAYOUTS):
        source = str(paper.plan)
        for page in pages_of(paper.path):
            broken += [f"{paper}: “{split}”" for split in short_word_splits(page, source)]
    assert not broken, "\n".join(broken)


def short_word_splits(page: Page, source: str) -> list[str]:
    """Each word of `source` shorter than SHORT_WORD that the page splits over two lines
    (hyphenated, unless `source` writes it with that hyphen; or not, unless both pieces are
    words of `source`), as "end⏎start"."""
    words = {word.lower() for word in re.findall(r"[^\W\d_]+", source)}
    found = []
    for end, start in line_ends(page):
        head = re.fullmatch(r"[^\W\d_]+-?", end)  # the line ends in a word's piece
        tail = re.match(r"[^\W\d_]+", start)
        if head is None or tail is None:
            continue
        left, right = head.group(0).rstrip("-"), tail.group(0)
        joined = left + right
        if len(joined) >= SHORT_WORD or joined.lower() not in words:
            continue
        # Hyphenated where the text has no hyphen, or split where neither piece is a word.
        split = f"{left}-{right}" not in source if end.endswith("-") \
            else not {left.lower(), right.lower()} <= words
        if split:
            found.append(f"{end}⏎{start}")
    return found


# The acute box of a framework with many urgent numbers, some long (Belgian services, their
# numbers as the shipped framework writes them).
URGENT_TILES = (("Politie", "101"), ("Brandweer en ziekenwagen", "100"),
                ("Noodnummer", "112"), ("Awel", "102"), ("Child Focus", "116000"),
                ("Écoute-Enfants", "103"), ("SOS Viol", "0800 98 100"),
                ("Écoute Violences Conjugales", "0800 30 030"))


def test_names_of_urgent_numbers_stay_whole_beside_long_numbers(tmp_path: Path) -> None:
    """A tile of the acute box puts a number and its name side by side; beside a long number
    the name had a sliver and was cut inside its words ("Anti-⏎gifce⏎ntrum", "Chil⏎d"). Such a
    name goes under its number: no name's word is cut without a hyphen, no short one at all."""
    contacts = [{"id": f"c{n}", "name": name, "phone": phone, "urgent": True}
                for n, (name, phone) in enumerate(URGENT_TILES)]
    framework = {"kind": "framework", "id": "plan", "version": "1.0.0", "languages": ["nl"],
                 "title": "Wat te doen als je je zorgen maakt over een kind",
                 "steps": [{"id": "luisteren", "title": "Luister naar het kind"},
                           {"id": "vertellen", "title": "Vertel het aan je verantwoordelijke"}],
                 "contacts": contacts}
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "plan.yaml").write_text(json.dumps(framework), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        run_build(BuildRequest(root=tmp_path, out=out, jobs=1, all_sectors=True,
                               formats=("pdf",), layouts=("card", "card-sheet", "poster")))
    words = {word for name, _ in URGENT_TILES for word in re.findall(r"[^\W\d_]+", name)}
    cut = []
    for path in sorted(out.glob("*/*.pdf")):
        for end, start in line_ends(pages_of(path)[0]):
            left = end.rstrip("-")
            right = (re.match(r"[^\W\d_]+", start) or [""])[0]
            if left + right in words and left not in words and (
                    not end.endswith("-") or len(left + right) < SHORT_WORD):
                cut.append(f"{path.name}: {end}⏎{start}")
    assert not cut, "\n".join(cut)


def test_the_short_word_rule_finds_a_split_word() -> None:
    def page(*lines: str) -> Page:
        chars = tuple({"text": letter, "top": 10.0 * row, "size": 9.0}
                      for row, line in enumerate(lines) for letter in line)
        return Page(100.0, 100.0, "\n".join(lines), chars, ())

    source = "Bel de politie. Een e-mail of een brief. Zeg het aan de leiding."
    assert short_word_splits(page("Bel de po-", "litie."), source) == ["po-⏎litie."]
    assert short_word_splits(page("Bel de pol", "itie."), source) == ["pol⏎itie."]
    assert short_word_splits(page("Een e-", "mail of een", "brief. Zeg het", "aan de"),
                             source) == []


def line_ends(page: Page) -> Iterator[tuple[str, str]]:
    """The last word of each line and the first of the line drawn after it, in the order the
    page draws its characters (a column's or a cell's lines one after the other, where the
    text of the page read across would join the lines of two columns)."""
    lines: list[str] = []
    previous: Char | None = None
    for char in page.chars:
        if previous is None or _new_line(previous, char):
            lines.append("")
        lines[-1] += str(char["text"])
        previous = char
    for line, following in pairwise(lines):
        if line.split() and following.split():
            yield line.split()[-1], following.split()[0]


def _split_inside(host: str, end: str, start: str) -> bool:
    """True if a line that ends in `end` and a next that starts with `start` break `host`
    anywhere but right after one of its dots or hyphens."""
    for head in (end, end[:-1] if end.endswith("-") else None):
        if head is None:
            continue
        joined = head + start
        at = joined.find(host)
        if at >= 0 and at < len(head) < at + len(host):
            cut = len(head) - at
            return not (head is end and host[cut - 1] in ".-")
    return False


# --- 9. Property: random contact names and texts stay on the paper --------------------------

NAMES = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=1,
                max_size=60)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, words=st.lists(NAMES, min_size=1, max_size=8))
def test_random_contact_names_stay_on_the_paper(name: str, words: list[str]) -> None:
    from dataclasses import replace
    from datetime import date

    plan = load_project(OTHER_REGION).plan("kinderopvang", None)
    reader = Reader(plan)
    targets = sorted(reader.helpline_ids)
    contacts = tuple(
        replace(contact, name={lang: f"{name} {' '.join(words)}" for lang in contact.name})
        if contact.id in targets[:2] else contact for contact in plan.contacts)
    plan = replace(plan, contacts=contacts)
    theme = theme_for(OTHER_REGION)
    for layout in READER_PAPERS:
        html = render_plan(plan, "nl", theme=theme, day=date(2026, 11, 28), layout=layout,
                           medium="print", scale=min(LAYOUTS[layout].scales))
        measure = Measure.of(lay_out(html, theme.dirs).document)
        assert measure.off_paper == (), (layout, measure.off_paper)


# --- phone pages: a web page's links lead to files that are there; its numbers are links ----

@dataclass(frozen=True)
class WebPage:
    """One built web page, what was built from it and what it says."""

    root: Path
    path: Path
    out: Path
    lang: str
    sector: str
    context: str | None

    def __str__(self) -> str:
        return f"{self.root.name}:{self.lang}/{self.path.name}"

    @property
    def read(self) -> PageLinks:
        return _read_page(self.path)

    @property
    def plan(self) -> Plan:
        return _plan(self.root, self.sector, self.context)


@dataclass(frozen=True)
class Link:
    """A link of a page: its address and the language it says it leads to."""

    href: str
    hreflang: str | None
    lang: str | None


@dataclass(frozen=True)
class PageLinks:
    """What a web page links to, the ids it has, and the texts a reader sees outside links
    and names."""

    links: tuple[Link, ...]
    ids: frozenset[str]
    texts: tuple[str, ...]


# A name ("Noodnummer 112", a source's title) holds a number that is not an instruction; the
# number is a link beside it.
NAME_CLASSES = frozenset({"contact-name", "urgent-name", "source-title"})
NOT_READ = frozenset({"a", "script", "style", "title", "svg", "textarea"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[bool] = []  # per open element: is its text out of the reader's text?
        self.links: list[Link] = []
        self.ids: set[str] = set()
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(Link(str(found["href"]), found.get("hreflang"), found.get("lang")))
        if tag not in VOID:
            self.open.append(tag in NOT_READ or found.get("aria-hidden") == "true"
                             or bool(NAME_CLASSES & set(str(found.get("class")).split())))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if data.strip() and not any(self.open):
            self.texts.append(data)


@cache
def _read_page(path: Path) -> PageLinks:
    reader = _PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return PageLinks(tuple(reader.links), frozenset(reader.ids), tuple(reader.texts))


def web_pages_in(root: Path, out: Path) -> list[WebPage]:
    """Every web page of a plan under `out`, with its sector, context and language."""
    found = []
    layouts = sorted((spec.suffix for spec in LAYOUTS.values() if spec.suffix), key=len,
                     reverse=True)
    for path in sorted(out.glob("*/*.html")):
        base = next((path.stem[:-len(s)] for s in layouts if path.stem.endswith(s)), path.stem)
        sector, _, context = base.partition("+")
        found.append(WebPage(root, path, out, path.parent.name, sector, context or None))
    return found


@pytest.fixture(scope="module")
def web_pages(papers: list[Paper], shipped_build: Path, other_region_build: Path,
              tmp_path_factory: pytest.TempPathFactory) -> list[WebPage]:
    """The shipped web pages (every sector × language × context × layout: the shared build),
    the other region's (its shared build, web pages with their PDFs), and those of the
    stress project and the Polish test framework, built here as web pages of every layout,
    with and without each context."""
    pages = [*web_pages_in(REPO, shipped_build), *web_pages_in(OTHER_REGION, other_region_build)]
    roots = [*dict.fromkeys(paper.root for paper in papers
                            if paper.root not in (REPO, OTHER_REGION))]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for root in roots:
            out = tmp_path_factory.mktemp(f"{root.name}-web")
            for context in (None, *load_project(root).context_ids):
                run_build(BuildRequest(root=root, out=out, jobs=1, all_sectors=True,
                                       context=context, formats=("html",),
                                       layouts=tuple(LAYOUTS)))
            pages += web_pages_in(root, out)
    return pages


def test_every_link_of_a_web_page_leads_to_a_file_that_is_there(
        web_pages: list[WebPage]) -> None:
    broken: dict[str, list[str]] = {}
    for page in web_pages:
        for link in page.read.links:
            target = urlsplit(link.href)
            if target.scheme:  # tel:, mailto:, https: lead out of the folder
                continue
            if not target.path:
                ok = target.fragment in page.read.ids
            else:
                file = (page.path.parent / unquote(target.path)).resolve()
                ok = file.is_file() and file.is_relative_to(page.out.resolve())
            if not ok:
                broken.setdefault(str(page), []).append(link.href)
    assert broken == {}


def test_every_web_page_links_to_its_other_languages_and_the_index(
        web_pages: list[WebPage]) -> None:
    wrong: dict[str, object] = {}
    for page in web_pages:
        links = page.read.links
        # Every run here builds every language of its framework.
        others = [lang for lang in _plan(page.root, page.sector, None).languages
                  if lang != page.lang]
        languages = {link.hreflang: link for link in links if link.hreflang}
        expected = {lang: f"../{lang}/{page.path.name}" for lang in others}
        if {lang: languages[lang].href for lang in languages} != expected \
                or any(link.lang != link.hreflang for link in languages.values()) \
                or "../index.html" not in [link.href for link in links]:
            wrong[str(page)] = [link.href for link in links if not link.href.startswith("#")]
    assert wrong == {}


def test_a_web_page_built_with_its_pdf_links_to_it(web_pages: list[WebPage]) -> None:
    # The shared builds write the web page and the PDF of these papers in one run (the
    # shipped papers of every language without a context, every page of the other region);
    # a web page built alone has no PDF beside it to link.
    together = [page for page in web_pages
                if page.root == OTHER_REGION or (page.root == REPO and page.context is None
                                                 and _layout_of(page) in PRINTED_IN_EVERY_LANGUAGE)]
    assert len(together) >= 50
    missing = [str(page) for page in together
               if page.path.with_suffix(".pdf").name not in [link.href for link in page.read.links]]
    assert missing == []


def _layout_of(page: WebPage) -> str:
    return next((name for name, spec in LAYOUTS.items()
                 if spec.suffix and page.path.stem.endswith(spec.suffix)), "handout")


def test_every_phone_number_a_web_page_says_is_a_link(web_pages: list[WebPage]) -> None:
    unlinked: dict[str, list[str]] = {}
    for page in web_pages:
        plan = page.plan
        known = tuple(contact.phone for contact in plan.contacts if contact.phone)
        said = [text.strip() for text in page.read.texts
                if phones_in_text(text, plan.region, known)]
        if said:
            unlinked[str(page)] = said
    assert unlinked == {}


# --- print typography ----------------------------------------------------------------------

# Where a page breaks. WeasyPrint tags each page's part of a paragraph or list that runs on
# to the next page as elements of their own, so the PDF alone cannot say that two parts are
# one: the paper's web page, built beside it, can (the text of each block and the items of
# each list). A part's lines are its characters' vertical extents that overlap, merged.
HEADING_TAGS = frozenset({"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"})
BLOCK_TAGS = HEADING_TAGS | {"/P", "/LI", "/TD", "/TH", "/Caption"}
MULTI_PAGE = ("handout", "worker")


@dataclass(frozen=True)
class Part:
    """What one block element of the PDF's tags holds on one page."""

    kind: str  # its structure type: /P, /LI, /H2, …
    text: str  # squashed
    lines: int
    item: tuple[object, int] | None  # the list it is an item of, and its place there


def page_parts(path: Path) -> list[list[Part]]:
    """Each page's text, block by block in reading order: a run of marked content with the
    same innermost block element (a list item's text before and after a nested list are two)."""
    pages = pages_of(path)
    chars: dict[tuple[int, int], list[dict[str, object]]] = {}
    for number, page in enumerate(pages):
        for char in page.chars:
            if char.get("mcid") is not None and str(char["text"]).strip():
                chars.setdefault((number, int(char["mcid"])), []).append(char)  # type: ignore[call-overload]
    runs: list[tuple[tuple[int, int], object, tuple[object, int] | None]] = []
    with pikepdf.open(path) as pdf:
        numbers = {page.objgen: number for number, page in enumerate(pdf.pages)}

        def walk(element: pikepdf.Dictionary, page: object, block: object,
                 item: tuple[object, int] | None) -> None:
            page = element.get("/Pg", page)
            kind = str(element.get("/S", ""))
            if kind in BLOCK_TAGS:
                block = (element.objgen, kind)
            kids = element.get("/K", pikepdf.Array())
            place = 0
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    if kind == "/L" and str(kid.S) == "/LI":
                        walk(kid, page, block, (element.objgen, place))
                        place += 1
                    else:
                        walk(kid, page, block, item)
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    runs.append(((numbers[kid.Pg.objgen], int(kid.MCID)), block, item))
                elif not isinstance(kid, pikepdf.Dictionary):
                    runs.append(((numbers[page.objgen], int(kid)), block, item))  # type: ignore[attr-defined]

        walk(pdf.Root.StructTreeRoot, None, None, None)
    parts: list[list[Part]] = [[] for _ in pages]
    for (block, item), run in groupby(runs, key=lambda run: (run[1], run[2])):
        leaves = [leaf for leaf, _block, _item in run]
        found = [char for leaf in leaves for char in chars.get(leaf, [])]
        if text := squash("".join(str(char["text"]) for char in found)):
            kind = block[1] if isinstance(block, tuple) else ""
            parts[leaves[0][0]].append(Part(kind, text, _lines(found), item))
    return parts


def _lines(chars: list[dict[str, object]]) -> int:
    spans: list[list[float]] = []
    for top, bottom in sorted((float(c["top"]), float(c["bottom"])) for c in chars):  # type: ignore[arg-type]
        if spans and top < spans[-1][1] - 1:
            spans[-1][1] = max(spans[-1][1], bottom)
        else:
            spans.append([top, bottom])
    return len(spans)


class WebBlocks(HTMLParser):
    """The squashed text of every block of a web page (each run of text between the starts
    and ends of blocks) and the squashed items of every list. Hidden text is skipped."""

    BLOCKS = frozenset({"address", "aside", "body", "br", "caption", "dd", "div", "dl", "dt",
                        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main",
                        "nav", "ol", "p", "section", "table", "td", "th", "tr", "ul"})
    SKIPPED = frozenset({"head", "script", "style", "svg", "template", "title"})
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                      "meta", "source", "track", "wbr"})

    def __init__(self, html: str) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.lists: list[list[str]] = []
        self._run: list[str] = []
        self._items: list[list[str]] = []
        self._open_lists: list[list[str]] = []
        self._skipping: list[str] = []
        self.feed(html)
        self.close()

    def _flush(self) -> None:
        if text := squash("".join(self._run)):
            self.blocks.append(text)
        self._run = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hidden = "sr-only" in (dict(attrs).get("class") or "").split()
        if self._skipping or tag in self.SKIPPED or hidden:
            if tag not in self.VOID:
                self._skipping.append(tag)
            return
        if tag in self.BLOCKS:
            self._flush()
        if tag in ("ul", "ol"):
            self._open_lists.append([])
        elif tag == "li":
            self._items.append([])

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            return
        if tag in self.BLOCKS:
            self._flush()
        if tag == "li" and self._items and self._open_lists:
            self._open_lists[-1].append(squash("".join(self._items.pop())))
        elif tag in ("ul", "ol") and self._open_lists:
            self.lists.append(self._open_lists.pop())

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._run.append(data)
            for item in self._items:
                item.append(data)


def page_break_problems(pdf: Path, html: str) -> list[str]:
    """Where the pages of `pdf` (made from a page with `html`'s blocks) break badly: a page
    that ends with a heading; a paragraph, list item or cell that runs on to the next page
    with one line only on either; a list that leaves its first item alone at the foot of a
    page or its last alone at the top of the next."""
    web = WebBlocks(html)
    pages = page_parts(pdf)
    problems = []
    for number, (before, after) in enumerate(pairwise(pages), start=1):
        if not before or not after:
            continue
        last, first = before[-1], after[0]
        if last.kind in HEADING_TAGS:
            problems.append(f"p{number} ends with a heading “{last.text[:30]}”")
        joined = last.text + first.text
        if last.kind == first.kind and any(joined in block for block in web.blocks) and (
                last.lines < 2 or first.lines < 2):
            problems.append(f"p{number} breaks a block {last.lines} + {first.lines} lines: "
                            f"“{last.text[-20:]}⏎{first.text[:20]}”")
        if last.item is None or first.item is None:
            continue
        items = {}  # the items of each side's list, in order (a split item on both)
        for side, part in ((before, last), (after, first)):
            items[id(side)] = {p.item[1]: "" for p in side if p.item and p.item[0] == part.item[0]}  # type: ignore[index]
        on_foot = "".join(p.text for p in before if p.item and p.item[0] == last.item[0])
        on_top = "".join(p.text for p in after if p.item and p.item[0] == first.item[0])
        for listed in web.lists:
            whole = "".join(listed)
            if len(listed) < 2 or on_foot + on_top not in whole:
                continue
            if len(items[id(before)]) == 1 and whole.startswith(on_foot):
                problems.append(f"p{number} ends with a list's first item alone “{on_foot[:30]}”")
            if len(items[id(after)]) == 1 and whole.endswith(on_top):
                problems.append(f"p{number + 1} starts with a list's last item alone "
                                f"“{on_top[:30]}”")
            break
    return problems


def test_no_lone_line_or_bullet_at_the_top_or_foot_of_a_page(papers: list[Paper]) -> None:
    broken = []
    for paper in readers(papers, *MULTI_PAGE):
        html = paper.path.with_suffix(".html").read_text(encoding="utf-8")
        broken += [f"{paper}: {problem}" for problem in page_break_problems(paper.path, html)]
    assert not broken, "\n".join(broken)


def test_the_page_break_rule_finds_lone_lines_lone_items_and_headings(tmp_path: Path) -> None:
    """Breaks the rule above must find, on small pages made to break badly."""
    theme = theme_for(REPO)
    line = "line-height: 5mm; margin: 0"
    html = f"""<!DOCTYPE html><html lang="en"><head><title>Breaks</title><style>
@font-face {{ font-family: "Open Sans"; src: url("fonts/OpenSans-Regular.ttf"); }}
@page {{ size: 100mm 40mm; margin: 5mm; }}
html {{ font-family: "Open Sans"; font-size: 9pt; }}
p, li, h2 {{ {line}; orphans: 1; widows: 1; break-after: auto; }}
.fill {{ height: 22mm; }}
.fill-1 {{ height: 20mm; }}
.fill-2 {{ height: 15mm; }}
.page {{ break-before: page; }}
</style></head><body>
<div class="fill"></div>
<h2>Heading at the foot</h2>
<p style="break-inside: avoid">One. Two. Three. Four. Five. Six. Seven. Eight. Nine. Ten.
Eleven. Twelve. Thirteen. Fourteen. Fifteen. Sixteen. Seventeen. Eighteen. Nineteen.</p>
<div class="fill-2 page"></div>
<ul><li>First of three</li><li>Second of three</li><li>Third of three</li></ul>
<div class="fill-1 page"></div>
<ul><li>One of three</li><li>Two of three</li><li>Three of three</li></ul>
<div class="fill page"></div>
<p>The only line of this paragraph at the foot of the page, then all the others on the
next page. Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron
pi rho sigma tau upsilon phi chi psi omega.</p>
</body></html>"""
    pdf = tmp_path / "breaks.pdf"
    pdf.write_bytes(lay_out(html, theme.dirs).pdf())
    problems = "\n".join(page_break_problems(pdf, html))
    assert "p1 ends with a heading “headingatthefoot”" in problems, problems
    assert "p4 starts with a list's last item alone “thirdofthree”" in problems, problems
    assert "p5 ends with a list's first item alone “oneofthree”" in problems, problems
    assert "breaks a block 1 + " in problems, problems


def line_breaks(page: Page, text: str) -> Iterator[tuple[list[int], bool, list[dict[str, object]]]]:
    """Each place `text` is printed on the page: where it runs on to a new line (the
    positions in `text`, its spaces left out, at which a line starts), whether a line break
    added a hyphen to it, and its characters. Read in the order the page draws its
    characters (a cell's or a column's lines one after the other), spaces left out."""
    drawn, stream = _drawn(page)
    wanted = squash_spaces(text)
    if not wanted:
        return
    # A hyphen a line break adds: the theme's hyphen-minus, or WeasyPrint's own U+2010.
    for match in re.finditer("[-\u2010]?".join(map(re.escape, wanted)), stream):
        cuts, added, consumed = [], False, 0
        for at in range(match.start(), match.end()):
            if at > match.start() and _new_line(drawn[at - 1][1], drawn[at][1]):
                cuts.append(consumed)
            if consumed < len(wanted) and stream[at] == wanted[consumed]:
                consumed += 1
            else:
                added = True  # a hyphen the text does not have
        yield cuts, added, [char for _letter, char in drawn[match.start():match.end()]]


_DRAWN: dict[int, tuple[Page, list[tuple[str, Char]], str]] = {}


def _drawn(page: Page) -> tuple[list[tuple[str, Char]], str]:
    """The page's letters in drawing order, spaces left out, each with the char of the page
    that drew it (one draws several when a font joins them: "ﬁ"), and as one string: read
    once per page, however many texts are looked for on it."""
    kept = _DRAWN.get(id(page))
    if kept is None or kept[0] is not page:
        drawn = [(letter, char) for char in page.chars for letter in str(char["text"])
                 if not letter.isspace()]
        kept = _DRAWN[id(page)] = (page, drawn, "".join(letter for letter, _char in drawn))
    return kept[1], kept[2]


def _new_line(before: dict[str, object], after: dict[str, object]) -> bool:
    return abs(float(after["top"]) - float(before["top"])) > 0.5 * float(before["size"])  # type: ignore[arg-type]


def url_break_problems(page: Page, urls: set[str]) -> list[str]:
    """Every printed web address or e-mail address of `urls` on this page that runs on to a
    new line anywhere but right after a `/`, `.` or `-` after its host name. An overlong run
    of letters (render.typography.LONG_WORD) may break anywhere, as every text's does. Where
    another address of `urls` could end, the next line may be another text's."""
    problems = []
    printed_all = {bare_url(url) for url in urls}
    for printed in printed_all:
        host = len(printed) if "@" in printed else len(printed.split("/")[0])
        anywhere = {at for word in LONG_WORD.finditer(printed)
                    for at in range(word.start() + 1, word.end())}
        ends = {len(other) for other in printed_all if printed.startswith(other)}
        for cuts, added, _chars in line_breaks(page, printed):
            bad = [cut for cut in cuts if not (host < cut and printed[cut - 1] in "/.-")
                   and cut not in anywhere and cut not in ends]
            if bad or added:
                problems.append("“" + "⏎".join(printed[a:b] for a, b in
                                               pairwise([0, *cuts, len(printed)])) + "”")
    return problems


def printed_urls(plan: Plan, view: PlanView) -> set[str]:
    """The web and e-mail addresses a paper of the plan may print."""
    urls = {url for contact in plan.contacts for url in (contact.url, contact.email) if url}
    urls |= {source.url for source in plan.sources if safe_url(source.url)}
    return urls | ({view.online_url} if view.online_url else set())


def test_urls_break_only_after_a_slash_dot_or_hyphen_after_their_host(
        papers: list[Paper], batch_papers: list[Path]) -> None:
    broken = []
    for paper in readers(papers, *LAYOUTS):
        urls = printed_urls(paper.plan, paper.view)
        for number, page in enumerate(pages_of(paper.path), start=1):
            broken += [f"{paper} p{number}: {p}" for p in url_break_problems(page, urls)]
    organisation = {LONG_NAMES_ORG["url"], LONG_NAMES_ORG["contact_email"]}
    for path in batch_papers:
        for number, page in enumerate(pages_of(path), start=1):
            broken += [f"{batch_paper(path)} p{number}: {p}"
                       for p in url_break_problems(page, organisation)]
    assert not broken, "\n".join(broken)


# An organisation whose people have long double-barrelled names (and a long web address); the
# name of whom to tell instead fills lines on the card, worker handout and poster.
LONG_NAMES_ORG = {
    "id": "ksv", "name": "KSV Lüdenscheid",
    "contact_name": "Marie-Christine Müller-Lüdenscheidt", "contact_phone": "0470 12 34 56",
    "contact_email": "marie-christine.mueller-luedenscheidt@ksv-luedenscheid.be",
    "url": "https://www.ksv-luedenscheid.be/veilig-sporten/aanspreekpunt-integriteit",
    "alternative_name": "Anne-Sophie Vanderlinden-Lüdenscheidt",
    "alternative_phone": "0471 98 76 54", "local_phones": {"vk": "09 222 33 55"},
    "extra_contacts": [{"name": "Jean-Baptiste Vandenbroucke-Lüdenscheidt",
                        "phone": "09 266 11 11"}],
}
PEOPLE = (str(LONG_NAMES_ORG["contact_name"]), str(LONG_NAMES_ORG["alternative_name"]),
          "Jean-Baptiste Vandenbroucke-Lüdenscheidt")


@pytest.fixture(scope="module")
def batch_papers(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The papers of a batch of the sport plan for LONG_NAMES_ORG: the card, worker handout,
    poster and handout (with its organisation page) in Dutch, the card and worker handout
    in French (its poster has no room for a name on two lines: layout-overflow)."""
    folder = tmp_path_factory.mktemp("long-names")
    orgs = folder / "orgs.yaml"  # JSON is YAML
    orgs.write_text(json.dumps([LONG_NAMES_ORG]), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for languages, layouts in ((("nl",), (*READER_PAPERS, "handout")),
                                   (("fr",), ("card", "worker"))):
            result = run_batch(BatchRequest(root=REPO, sector="sport", orgs=orgs,
                                            out=folder / "out", languages=languages,
                                            formats=("pdf",), layouts=layouts, jobs=2))
            assert not result.warnings, result.warnings
    return sorted((folder / "out").glob("orgs/*/*.pdf"))


def batch_paper(path: Path) -> str:
    """A batch's paper as the messages name it: `orgs:nl/ksv-card.pdf`."""
    return f"orgs:{path.parent.name}/{path.name}"


def test_every_number_an_organisation_gives_is_on_its_papers(batch_papers: list[Path]) -> None:
    """Nothing the organisations file says is dropped: its contact person's number, whom to
    tell instead's and its own number for the VK on the card, the worker handout and the
    poster; its contact person's and the VK's on the full plan (its cover and contacts)."""
    region = load_project(REPO).plan("sport").region
    local = [str(number) for number in dict(LONG_NAMES_ORG["local_phones"]).values()]
    numbers = {"contact": [str(LONG_NAMES_ORG["contact_phone"])],
               "instead": [str(LONG_NAMES_ORG["alternative_phone"])], "own": local}
    broken = []
    for path in batch_papers:
        layout = next((name for name in READER_PAPERS if path.stem.endswith(f"-{name}")),
                      "handout")
        text = "\n".join([squash(" ".join(page.text for page in pages_of(path))),
                          _column_texts(path, False)])
        wanted = ["contact", "own"] if layout == "handout" else list(numbers)
        for what in wanted:
            for number in numbers[what]:
                if squash(display_phone(number, region)) not in text:
                    broken.append(f"{batch_paper(path)}: {what} number {number} is missing")
    assert len(batch_papers) == 6
    assert not broken, "\n".join(broken)


def test_names_of_people_are_never_hyphenated(batch_papers: list[Path]) -> None:
    """A name wraps at its own hyphen or space only, and the label "Name:" stays beside its
    first line."""
    assert len(batch_papers) == 6
    broken = []
    for path in batch_papers:
        lang = path.parent.name
        label = squash_spaces(interface_words(lang, theme_for(REPO)).gettext("Name") + ":")
        found = 0
        for number, page in enumerate(pages_of(path), start=1):
            for name in PEOPLE:
                spaces = {len(squash_spaces(name[:at])) for at, char in enumerate(name)
                          if char == " "}
                joined = squash_spaces(name)
                for cuts, added, _chars in line_breaks(page, name):
                    found += 1
                    bad = [cut for cut in cuts if cut not in spaces and joined[cut - 1] != "-"]
                    if bad or added:
                        broken.append(f"{batch_paper(path)} p{number}: “{name}” broken at {bad}")
                for _cuts, _added, chars in line_breaks(page, label + name):
                    colon, first = chars[len(label) - 1], chars[len(label)]
                    if _new_line(colon, first):
                        broken.append(f"{batch_paper(path)} p{number}: “{label}” is not beside "
                                      f"the first line of “{name}”")
        if not found:
            broken.append(f"{batch_paper(path)}: no name printed")
    assert not broken, "\n".join(broken)


def squash_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)
