"""Editions: the reader lines of a page, the code they give, and what changed between two."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest

from kindreflex.framework.phones import display_phone
from kindreflex.framework.project import load_project
from kindreflex.layouts import LAYOUTS
from kindreflex.render.edition import Edition, edition_code, typed_code
from kindreflex.render.pages import edition_source, render_plan
from kindreflex.render.reader_changes import NEXT_RUN, NOW, UNCHANGED, changed_lines, reprint
from kindreflex.render.reader_text import ReaderLine, reader_lines
from kindreflex.render.theme import theme_for

from ..helpers import REPO, copy_project
from ..sample_plans import sample_plan

DAY = date(2026, 11, 28)
CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}")

PAGE = """<!DOCTYPE html><html><head><title>Not read</title><style>p{color:red}</style></head>
<body><h1>Plan</h1>
<section class="acute"><h2>In <b>acute</b> danger</h2>
  <ul><li><span>Police</span> <a class="tel" href="tel:101">101</a></li>
      <li>Crisis line <span class="tel-blank"></span></li></ul></section>
<p>Call&nbsp;101 if the child is in danger.<br>Or 1712.</p>
<ul class="checklist"><li>Write down what you see.</li></ul>
<section class="tell"><h2>Whom to tell</h2>
  <dl><div class="fill"><dt>Name:</dt><dd></dd></div></dl></section>
<svg><title>QR code</title><text>hidden</text></svg><script>var x = "not text";</script>
<footer><p>Sport · edition</p></footer></body></html>"""


def test_reader_lines_are_the_blocks_a_reader_sees_with_their_part_and_numbers() -> None:
    lines = reader_lines(PAGE, ["101", "1712"])
    assert lines == (
        ReaderLine("wording", "Plan"),
        ReaderLine("acute", "In acute danger"),
        ReaderLine("acute", "Police 101", ("101",)),
        ReaderLine("acute", "Crisis line", ("",)),
        ReaderLine("wording", "Call 101 if the child is in danger.", ("101",)),
        ReaderLine("wording", "Or 1712.", ("1712",)),
        ReaderLine("action", "Write down what you see."),
        ReaderLine("tell", "Whom to tell"),
        ReaderLine("tell", "Name:"),
        ReaderLine("wording", "Sport · edition"),
    )


def test_a_number_is_a_whole_number() -> None:
    (line,) = reader_lines("<body><p>Call 17120 or 1712.</p></body>", ["1712"])
    assert line.phones == ("1712",)


def test_codes_look_like_the_printed_ones_and_are_typed_in_any_case() -> None:
    code = edition_code(reader_lines(PAGE))
    assert CODE.fullmatch(code)
    assert edition_code(reader_lines(PAGE)) == code
    assert edition_code(reader_lines(PAGE.replace("Whom", "Who"))) != code
    assert typed_code(code.lower().replace("-", "")) == code
    assert typed_code("7kq2-m4") == "7KQ2-M4"
    assert typed_code("ILO2-x") == "1102-X"  # I and L read as 1, O as 0


@pytest.mark.parametrize(("before", "after", "expected"), [
    # A number said in a sentence of wording is still a number.
    ("<p>In danger? Call 101.</p>", "<p>In danger? Call 0800 12 345.</p>", NOW),
    ('<div class="acute"><p>Stay with the child.</p></div>',
     '<div class="acute"><p>Stay with the child, always.</p></div>', NOW),
    ('<ul class="actions"><li>Call the parents.</li></ul>', '<ul class="actions"></ul>', NOW),
    ('<div class="tell"><p>Tell the API.</p></div>',
     '<div class="tell"><p>Tell the board.</p></div>', NOW),
    ("<p>Stay calm.</p>", "<p>Keep calm.</p>", NEXT_RUN),
    ("<p>Stay calm.</p><p>Listen.</p>", "<p>Stay calm.</p><p>Listen.</p>", UNCHANGED),
])
def test_what_a_change_needs(before: str, after: str, expected: str) -> None:
    changes = changed_lines(reader_lines(f"<body>{before}</body>", ["101", "0800 12 345"]),
                            reader_lines(f"<body>{after}</body>", ["101", "0800 12 345"]))
    assert reprint(changes) == expected


def test_changed_lines_pair_what_was_replaced_and_list_the_rest() -> None:
    before = reader_lines("<body><p>a</p><p>b</p><p>c</p></body>")
    after = reader_lines("<body><p>a</p><p>B</p><p>c</p><p>d</p></body>")
    assert [(c.before, c.after) for c in changed_lines(before, after)] == [("b", "B"),
                                                                          (None, "d")]


def test_the_code_ignores_the_date_the_version_and_the_edition_itself() -> None:
    plan, theme = sample_plan(), theme_for()
    code = edition_source(plan, "nl", theme=theme, layout="card").code
    later = dataclasses.replace(plan, version="9.9.9", date="2027-05-01")
    assert edition_source(later, "nl", theme=theme, layout="card").code == code
    # Rendered on two days, the paper prints the code it was computed with, and its date.
    for day in (DAY, date(2027, 1, 2)):
        html = render_plan(plan, "nl", theme=theme, day=day, layout="card", medium="print")
        assert f"editie {code} · " in html
    html = render_plan(plan, "nl", theme=theme, day=DAY, layout="card", medium="print",
                       edition=Edition(code, date(2025, 3, 4)))
    assert f"editie {code} · 4 maart 2025" in html
    # The card sheet is the card's paper: a card cut from it is that card.
    assert edition_source(plan, "nl", theme=theme, layout="card-sheet").code == code


def test_the_online_address_carries_the_edition() -> None:
    plan = sample_plan(url="https://example.org/plan?lang=nl")
    html = render_plan(plan, "nl", theme=theme_for(), day=DAY, layout="card", medium="print",
                       edition=Edition("7KQ2-M4", DAY))
    assert "example.org/plan?lang=nl&amp;edition=7KQ2-M4" in html


def test_a_changed_number_changes_exactly_the_codes_of_the_papers_that_print_it(
        tmp_path: Path) -> None:
    """Acceptance: one phone number changes; every paper (each sector, language and layout)
    that printed it has a new code, every other paper keeps its code."""
    root = tmp_path / "root"
    copy_project(REPO / "frameworks", root / "frameworks")
    theme = theme_for(root)
    # Child Focus: on half of the papers. The contacts a reader's steps depend on are on every
    # paper, whatever language they answer in, so most numbers are on all of them.
    old, new = "116000", "116111"

    def papers() -> dict[tuple[str, str, str], tuple[tuple[ReaderLine, ...], str]]:
        project = load_project(root)
        found = {}
        for sector in project.sector_ids:
            plan = project.plan(sector)
            for lang in plan.languages:
                for layout in LAYOUTS:
                    source = edition_source(plan, lang, theme=theme, layout=layout)
                    found[(sector, lang, layout)] = (source.lines, source.code)
        return found

    before = papers()
    framework = root / "frameworks" / "handelingskader.yaml"
    text = framework.read_text()
    assert text.count(f'phone: "{old}"') == 1
    framework.write_text(text.replace(f'phone: "{old}"', f'phone: "{new}"'))
    after = papers()
    printed = display_phone(old, "BE")
    prints_it = {key for key, (lines, _code) in before.items()
                 if any(printed in line.phones for line in lines)}
    changed = {key for key in before if before[key][1] != after[key][1]}
    assert changed == prints_it
    assert 0 < len(prints_it) < len(before)  # some papers print it, others do not
