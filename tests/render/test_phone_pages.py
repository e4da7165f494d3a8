"""The web pages on a phone (390 px wide) in headless Chromium: every block stands under the
one before it, every link is a tap target (≥ 44 px high), and the phone numbers in step texts
are links. Every layout of one shipped sector in Dutch, French and English, and of the Polish
test framework."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from kindreflex.framework.model import Plan
from kindreflex.framework.phones import phones_in_text
from kindreflex.framework.project import load_project
from kindreflex.layouts import LAYOUTS
from kindreflex.output.build import BuildRequest, run_build

from ..helpers import REPO, TESTS
from ..shipped_build import EPOCH

# Its module fixture builds the Polish pages once, on the worker that runs every test here.
pytestmark = pytest.mark.xdist_group("phone-pages")

POLSKI = TESTS / "projects" / "polski"
SECTOR = "sport"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1024, "height": 800}
TAP_PX = 44
# Blocks that stand side by side on a wide screen or on paper: on a phone each child stands
# under the one before it (the worker's whom-to-tell and steps at a glance, do and don't, the
# emergency numbers, the card's columns of steps and helplines, a name and its line, …).
SIDE_BY_SIDE = (".first-row", ".dodont", ".urgent-phones", "ol.glance", "ul.helplines",
                "ul.helplines > li", ".fill-in", ".acute-body", ".flow-columns", ".poster-foot",
                ".field-inline", "table.contacts tr")
# What a page reads out as a name (a contact "Noodnummer 112", a source's title) holds a
# number that is not an instruction: the number itself is linked beside it.
NAMES = ".contact-name, .urgent-name, .source-title"
# The texts of steps (actions, in the acute box and in a step) where a number is said.
STEP_TEXTS = ".actions li, .checklist li"

MEASURE = """([sideBySide, names, tapPx]) => {
  const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  const label = el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '');
  const beside = (a, b) => { const x = a.getBoundingClientRect(), y = b.getBoundingClientRect();
    return Math.min(x.bottom, y.bottom) - Math.max(x.top, y.top) > 1
      && (x.right <= y.left + 1 || y.right <= x.left + 1); };
  // The boxes in the blocks named in SIDE_BY_SIDE, and any two sections, headings,
  // paragraphs, lists or list items that are children of one element (not the page's own
  // row of links). What flows inline, as words do (a line to write on after a name), is
  // not a block.
  const BLOCK = 'section, h2, h3, h4, p, ul, ol, dl, table, li';
  const box = el => visible(el) && !getComputedStyle(el).display.startsWith('inline');
  const isBlock = el => !el.closest('nav.page-links') && box(el)
    && (el.matches(BLOCK) || el.querySelector(BLOCK) !== null);
  const pairs = [];
  for (const parent of document.querySelectorAll('body *')) {
    const named = sideBySide.some(s => parent.matches(s));
    const kids = [...parent.children].filter(k => named ? box(k) : isBlock(k));
    for (let i = 0; i < kids.length; i++) for (let j = i + 1; j < kids.length; j++)
      if (beside(kids[i], kids[j])) pairs.push([label(parent), label(kids[i]), label(kids[j])]);
  }
  const small = [...document.querySelectorAll('a[href]')].filter(visible)
    .map(a => [a.textContent.trim().slice(0, 40), a.getBoundingClientRect().height])
    .filter(([, height]) => height < tapPx - 0.5);
  // Text a reader sees outside links and names.
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (el.closest('a, script, style, svg, [aria-hidden="true"], ' + names) || !visible(el))
      continue;
    if (node.textContent.trim()) texts.push(node.textContent);
  }
  return {pairs, small, texts};
}"""


@dataclass(frozen=True, eq=False)  # a page is itself (its plan holds dicts: no hash)
class PhonePage:
    """A built web page and the plan it shows."""

    path: Path
    plan: Plan

    def __str__(self) -> str:
        return f"{self.path.parent.name}/{self.path.name}"

    @property
    def layout(self) -> str:
        stem = self.path.stem
        return next((name for name, spec in LAYOUTS.items()
                     if spec.suffix and stem.endswith(spec.suffix)), "handout")


@pytest.fixture(scope="module")
def phone_pages(shipped_build: Path, tmp_path_factory: pytest.TempPathFactory) -> list[PhonePage]:
    """Every layout of the shipped sector in nl, fr and en (the shared build), and of the
    Polish sports club (built here, web pages only)."""
    polish_out = tmp_path_factory.mktemp("polski-web")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        run_build(BuildRequest(root=POLSKI, out=polish_out, sectors=("klub-sportowy",),
                               layouts=tuple(LAYOUTS), formats=("html",), jobs=1))
    sport = load_project(REPO).plan(SECTOR, None)
    polish = load_project(POLSKI).plan("klub-sportowy", None)
    pages = [PhonePage(shipped_build / lang / f"{SECTOR}{spec.suffix}.html", sport)
             for lang in ("nl", "fr", "en") for spec in LAYOUTS.values()]
    pages += [PhonePage(polish_out / "pl-PL" / f"klub-sportowy{spec.suffix}.html", polish)
              for spec in LAYOUTS.values()]
    assert all(page.path.is_file() for page in pages)
    return pages


@pytest.fixture(scope="module")
def measured(browser: Browser, phone_pages: list[PhonePage]) -> dict[PhonePage, dict[str, Any]]:
    """What each page shows at 390 px: blocks side by side, links lower than a tap target,
    the texts outside links and names, and how many step texts hold a phone link."""
    page = browser.new_page(viewport=PHONE)  # type: ignore[arg-type]
    found = {}
    for phone_page in phone_pages:
        page.goto(phone_page.path.as_uri())
        found[phone_page] = {
            **page.evaluate(MEASURE, [list(SIDE_BY_SIDE), NAMES, TAP_PX]),
            "step_links": page.eval_on_selector_all(
                f":is({STEP_TEXTS}) a[href^='tel:']", "links => links.length"),
            "tell": page.eval_on_selector_all(
                ".first-row .tell, .first-row .at-a-glance",
                "els => els.map(el => el.getBoundingClientRect().toJSON())"),
        }
    page.close()
    return found


def test_blocks_stand_one_under_another(measured: dict[PhonePage, dict[str, Any]]) -> None:
    beside = {str(page): found["pairs"] for page, found in measured.items() if found["pairs"]}
    assert beside == {}
    # The worker's whom-to-tell and the steps at a glance: one under the other, full width.
    for page, found in measured.items():
        if page.layout == "worker":
            tell, glance = found["tell"]
            assert tell["bottom"] <= glance["top"], page
            assert abs(tell["width"] - glance["width"]) < 1, page


def test_on_a_wide_screen_the_worker_keeps_whom_to_tell_beside_the_steps(
        browser: Browser, phone_pages: list[PhonePage]) -> None:
    # The check above measures something: at desk width the two blocks stand side by side.
    worker = next(page for page in phone_pages if page.layout == "worker")
    page = browser.new_page(viewport=DESK)  # type: ignore[arg-type]
    page.goto(worker.path.as_uri())
    tell, glance = page.eval_on_selector_all(
        ".first-row .tell, .first-row .at-a-glance",
        "els => els.map(el => el.getBoundingClientRect().toJSON())")
    page.close()
    assert tell["right"] <= glance["left"] and tell["top"] < glance["bottom"]


def test_every_link_is_a_tap_target(measured: dict[PhonePage, dict[str, Any]]) -> None:
    small = {str(page): found["small"] for page, found in measured.items() if found["small"]}
    assert small == {}


def test_phone_numbers_in_step_texts_are_links(
        measured: dict[PhonePage, dict[str, Any]]) -> None:
    unlinked: dict[str, list[str]] = {}
    for page, found in measured.items():
        known = tuple(contact.phone for contact in page.plan.contacts if contact.phone)
        said = [text for text in found["texts"] if phones_in_text(text, page.plan.region, known)]
        if said:
            unlinked[str(page)] = said
        # Every layout's acute box tells the reader to call: its number is a link.
        assert found["step_links"] >= 1, page
    assert unlinked == {}
