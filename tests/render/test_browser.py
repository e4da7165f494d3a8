"""Generated web pages in headless Chromium: axe-core, no requests, no script but the online
check's, phone width."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from kindreflex.layouts import LAYOUTS
from kindreflex.output.build import BuildRequest, run_build
from kindreflex.render import edition_check
from kindreflex.render.pages import render_plan
from kindreflex.render.theme import theme_for

from ..helpers import right_to_left_root
from ..sample_plans import hostile_plan, sample_plan

DAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, shipped_build: Path) -> list[Path]:
    """Every web page kind we generate: the shipped plans in every layout and language, with
    and without their context, and their index (the shared build, tests/shipped_build.py);
    the sample plan."""
    out = tmp_path_factory.mktemp("site")
    theme = theme_for()
    for lang in ("nl", "en", "fr"):
        for layout in LAYOUTS:
            html = render_plan(sample_plan(), lang, theme=theme, day=DAY, layout=layout)
            (out / f"sample-{lang}-{layout}.html").write_text(html, encoding="utf-8")
    return sorted([*shipped_build.rglob("*.html"), *out.glob("*.html")])


def open_page(browser: Browser, path: Path, width: int = 1024) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 800})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests


def axe_pages(pages: list[Path]) -> list[Path]:
    """Every page kind in every language: the sample plan's, the index, one shipped sector in
    every layout, language and context, and the other sectors' handouts. The templates make
    a page's structure; what sectors change is content (axe takes seconds a page)."""
    shipped = [p for p in pages if p.parent.name in ("nl", "en", "fr")]
    sector = min(p.stem for p in shipped if "-" not in p.stem and "+" not in p.stem)

    def wanted(path: Path) -> bool:
        if path not in shipped:
            return True
        handout = not any(spec.suffix and path.stem.endswith(spec.suffix)
                          for spec in LAYOUTS.values())
        return path.stem.startswith(sector) or (handout and "+" not in path.stem
                                                and path.parent.name == "nl")
    return [p for p in pages if wanted(p)]


SHARDS = 6  # axe takes ~2 s a page: shards let pytest-xdist spread them over the cores


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_passes_axe_and_makes_no_request(browser: Browser, pages: list[Path],
                                                    shard: int) -> None:
    assert len(pages) >= 10
    axe = Axe()
    for path in axe_pages(pages)[shard::SHARDS]:
        page, requests = open_page(browser, path)
        results = axe.run(page)
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], path.name
        assert requests == [path.as_uri()], path.name
        page.close()


def test_every_page_fits_a_phone_screen_and_makes_no_request(browser: Browser,
                                                              pages: list[Path]) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in pages:
        requests.clear()
        page.goto(path.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path.name
        assert requests == [path.as_uri()], path.name
    page.close()


def test_pages_written_from_right_to_left_fit_a_phone_and_mirror_the_chart(
        browser: Browser, tmp_path: Path) -> None:
    """An Arabic plan's pages (every layout) are no wider than a phone: nothing hidden out to
    the left widens them (the skip link was, by 999 px); the skip link, focused, shows at the
    start of the line (the right); the chart's flow line runs down the right."""
    root = right_to_left_root(tmp_path / "arabic")
    out = tmp_path / "out"
    run_build(BuildRequest(root=root, sectors=("klub-sportowy",), layouts=tuple(LAYOUTS),
                           formats=("html",), out=out, jobs=1))
    paths = sorted((out / "ar").glob("*.html"))
    assert len(paths) == len(LAYOUTS)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    for path in paths:
        page.goto(path.as_uri())
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path.name
    page.goto(next(p for p in paths if p.name == "klub-sportowy.html").as_uri())
    page.keyboard.press("Tab")
    box = page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect();"
                        " return [document.activeElement.className, r.left, r.right]; })()")
    assert box[0] == "skip-link" and box[1] > 0 and 320 < box[2] <= 360, box
    # The flow line beside the first question: on a phone 1.6em in from the right.
    line = page.evaluate("(() => { const q = document.querySelector('.fc-decision');"
                         " const r = q.getBoundingClientRect();"
                         " const s = getComputedStyle(q, '::before');"
                         " return [r.left, r.right, s.left, s.right]; })()")
    assert line[3] != "auto" and float(line[3].rstrip("px")) < 40, line
    page.close()


def test_skip_link_moves_focus_to_main(browser: Browser, pages: list[Path]) -> None:
    path = next(p for p in pages if p.name == "sample-nl-handout.html")
    page, _requests = open_page(browser, path)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()


def test_hostile_content_does_not_execute(browser: Browser, tmp_path: Path) -> None:
    dialogs: list[str] = []
    for layout in LAYOUTS:
        path = tmp_path / f"hostile-{layout}.html"
        path.write_text(render_plan(hostile_plan(), "nl", theme=theme_for(), day=DAY,
                                    layout=layout), encoding="utf-8")
        page, requests = open_page(browser, path)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for link in page.query_selector_all("a"):
            href = link.get_attribute("href") or ""
            assert not href.lower().startswith("javascript:")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        # The only scripts: the online check's data and its script (render.edition_check).
        assert page.evaluate("[...document.scripts].map(s => s.type || s.textContent)") == [
            "application/json", edition_check.script()]
        assert page.evaluate("document.images.length") == 0
        assert requests == [path.as_uri()]
        page.close()
    assert dialogs == []
