""""Is my printed copy current?" in headless Chromium: a built page opened with the edition
code a paper carries says "current", or lists what changed since; offline, without any
request, under a Content-Security-Policy that allows only our script."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route

from kindreflex.output.build import EDITIONS, BuildRequest, run_build
from kindreflex.render.edition_check import content_security_policy

from ..helpers import MINI

URL = "https://example.org/plans/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A site built twice: before and after the 1712 line's number changed; its folder, the
    card's first code and its current one."""
    root = tmp_path_factory.mktemp("root")
    shutil.copytree(MINI, root, dirs_exist_ok=True)
    sport = root / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text().replace("title: {nl: Sport, en: Sport}",
                                               f"title: {{nl: Sport, en: Sport}}\nurl: {URL}"))
    out = tmp_path_factory.mktemp("site")
    codes = []
    with pytest.MonkeyPatch.context() as patch:
        for epoch, phone in (("1795824000", '"1712"'), ("1796083200", '"0800 12 345"')):
            patch.setenv("SOURCE_DATE_EPOCH", epoch)
            kader = root / "frameworks" / "kader.yaml"
            kader.write_text(kader.read_text().replace('phone: "1712"', f"phone: {phone}"))
            run_build(BuildRequest(root=root, all_sectors=True, languages=("en",),
                                   formats=("html",), layouts=("handout", "card"), out=out))
            codes.append(json.loads((out / EDITIONS).read_text())["papers"]["en/sport-card"]
                         ["current"])
    assert codes[0] != codes[1]
    return out, codes[0], codes[1]


def check(browser: Browser, page_path: Path, query: str,
          csp: bool = False) -> tuple[str, list[str], list[str]]:
    """The check's text on the page opened with `query`, the requests and console errors."""
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append("dialog"), dialog.dismiss()))
    address = page_path.as_uri() + query
    if csp:  # the page as a web server sends it, with a policy that allows only our script
        address = "http://site.test/page.html" + query

        def serve(route: Route) -> None:
            route.fulfill(status=200, body=page_path.read_bytes(),
                          headers={"Content-Type": "text/html; charset=utf-8",
                                   "Content-Security-Policy": content_security_policy()})

        page.route("http://site.test/**", serve)
    page.goto(address)
    page.wait_for_load_state("load")
    box = page.locator("#kr-edition-check")
    text = box.inner_text() if box.is_visible() else ""
    page.close()
    return " ".join(text.split()), requests, errors


def test_an_old_edition_sees_what_changed(browser: Browser, site: tuple[Path, str, str]) -> None:
    out, old, new = site
    card = out / "en" / "sport-card.html"
    text, requests, errors = check(browser, card, f"?edition={old}")
    assert f"Since your edition ({old} of 28 November 2026) these changes were made: print " \
           f"the current edition ({new}) now." in text
    assert "“1712” is now “1712 0800 12 345”." in text
    assert requests == [card.as_uri() + f"?edition={old}"] and errors == []


def test_the_current_edition_is_current_however_it_is_typed(
        browser: Browser, site: tuple[Path, str, str]) -> None:
    out, _old, new = site
    card = out / "en" / "sport-card.html"
    for typed in (new, new.lower().replace("-", "")):
        text, requests, errors = check(browser, card, f"?edition={typed}")
        assert text.endswith(f"This printed edition ({new}) is current.")
        assert len(requests) == 1 and errors == []
    # Without a code the page shows no check at all.
    assert check(browser, card, "")[0] == ""


def test_the_index_checks_every_paper(browser: Browser, site: tuple[Path, str, str]) -> None:
    out, old, _new = site
    index = out / "index.html"
    text, _requests, errors = check(browser, index, f"?edition={old}")
    # The index speaks the framework's first language, its dates too; each paper's name and
    # changes are in the paper's own, and say so to a screen reader.
    assert f"Sport (Pocket card) Sinds jouw editie ({old} van 28 november 2026) is dit " \
           "veranderd: druk nu de actuele editie" in text
    assert "“1712” is now “1712 0800 12 345”." in text
    assert errors == []
    page = browser.new_page()
    page.goto(index.as_uri() + f"?edition={old}")
    assert page.locator(".edition-paper-label").get_attribute("lang") == "en"
    assert page.locator(".edition-changes").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("lang") == "nl"
    page.close()


def test_an_unknown_or_hostile_code_is_only_text(browser: Browser,
                                                 site: tuple[Path, str, str]) -> None:
    out, _old, _new = site
    text, requests, errors = check(browser, out / "en" / "sport.html",
                                   "?edition=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    assert "is not an edition of this page's papers" in text
    assert len(requests) == 1 and errors == []


def test_the_check_runs_under_a_policy_that_allows_only_our_script(
        browser: Browser, site: tuple[Path, str, str]) -> None:
    out, old, new = site
    card = out / "en" / "sport-card.html"
    text, _requests, errors = check(browser, card, f"?edition={new}", csp=True)
    assert text.endswith(f"This printed edition ({new}) is current.")
    assert errors == []  # no "Refused to …" of the policy
    assert check(browser, card, f"?edition={old}", csp=True)[0] != ""


def test_the_printed_address_carries_the_edition(site: tuple[Path, str, str]) -> None:
    out, _old, new = site
    page = (out / "en" / "sport-card.html").read_text()
    assert f'href="{URL}?edition={new}"' in page
