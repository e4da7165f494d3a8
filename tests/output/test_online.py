"""Where the printed papers lead online: `build --site-url` and the `layout-no-online-address`
warning (a card or poster of a plan without an online address has no QR code)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kindreflex.output.build import BuildRequest, run_build

from ..helpers import MINI, copy_project, run
from ..lines import line_of

# Web pages only: where a paper leads is in its HTML (and the print HTML its PDF is made of
# renders the same online block), and no PDF is needed for the warning.
CARD_AND_POSTER = ["--lang", "nl", "--format", "html", "--layout", "card", "--layout",
                   "card-sheet", "--layout", "poster", "--layout", "handout"]
BASE = "https://plans.example.org/kindreflex/"


def online_links(page: Path) -> set[str]:
    """The addresses a page's online block (its QR code's) leads to."""
    return set(re.findall(r'<a class="url" href="(https://plans\.example\.org/[^"]*)"',
                          page.read_text(encoding="utf-8")))


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")


def test_a_card_or_poster_without_an_online_address_warns_once_per_build(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", "--all", "--root", str(MINI), "--out", str(out), *CARD_AND_POSTER)
    assert result.exit_code == 0, result.output
    title = line_of(MINI / "frameworks" / "kader.yaml", "title: {nl: Handelingskader")
    assert result.stderr.count("warning[layout-no-online-address]") == 1, result.stderr
    assert (f"frameworks/kader.yaml:{title}:1: warning[layout-no-online-address]: "
            "the plans have no online address: their card, card-sheet and poster are printed "
            "without a QR code to the plan online") in result.stderr
    assert "hint: set 'url: https://…' here (every plan)" in result.stderr
    assert "hint: or build with --site-url BASE" in result.stderr
    assert 'class="online"' not in (out / "nl" / "sport-card.html").read_text(encoding="utf-8")
    strict = run("build", "--all", "--root", str(MINI), "--out", str(out), "--strict",
                 *CARD_AND_POSTER)
    assert strict.exit_code == 1 and "1 warning(s) (--strict)" in strict.stderr
    # One paper with a QR code: the sentence says it in the singular.
    card = run("build", "--all", "--root", str(MINI), "--out", str(tmp_path / "card"),
               "--lang", "nl", "--format", "html", "--layout", "card")
    assert ("the plans have no online address: their card is printed without a QR code to "
            "the plan online") in card.stderr, card.stderr
    # A handout alone promises no QR code: nothing to say.
    handout = run("build", "--all", "--root", str(MINI), "--out", str(tmp_path / "handout"),
                  "--lang", "nl", "--format", "html", "--strict")
    assert handout.exit_code == 0 and "layout-no-online-address" not in handout.stderr


def test_a_sector_without_an_address_is_named_where_others_have_one(tmp_path: Path) -> None:
    root = copy_project(MINI, tmp_path / "root")
    sectors = root / "frameworks" / "sectors"
    sport = (sectors / "sport.yaml").read_text(encoding="utf-8")
    (sectors / "dans.yaml").write_text(sport.replace("id: sport", "id: dans").replace(
        "title: {nl: Sport, en: Sport}", "title: {nl: Dans, en: Dance}\n"
        "url: https://dans.example.org/plan"), encoding="utf-8")
    result = run("build", "--all", "--root", str(root), "--out", str(tmp_path / "out"),
                 *CARD_AND_POSTER)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("warning[layout-no-online-address]") == 1, result.stderr
    title = line_of(sectors / "sport.yaml", "title: {nl: Sport")
    assert (f"frameworks/sectors/sport.yaml:{title}:1: "
            "warning[layout-no-online-address]: the plans of the sector 'sport' have no online "
            "address") in result.stderr
    dance = (tmp_path / "out" / "nl" / "dans-card.html").read_text(encoding="utf-8")
    assert 'href="https://dans.example.org/plan?edition=' in dance


def test_the_site_url_leads_each_paper_to_its_own_web_page(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", "--all", "--root", str(MINI), "--out", str(out), "--context",
                 "lockdown", "--site-url", BASE, "--strict", *CARD_AND_POSTER)
    assert result.exit_code == 0, result.output
    assert "layout-no-online-address" not in result.stderr
    pages = out / "nl"
    for layout, leads_to in (("-card", "-card"), ("-card-sheet", "-card"),
                             ("-poster", "-poster"), ("", "")):
        links = online_links(pages / f"sport+lockdown{layout}.html")
        # The card sheet's cards are the card: they lead to its page.
        assert {link.split("?")[0] for link in links} == \
            {f"{BASE}nl/sport+lockdown{leads_to}.html"}, (layout, links)
        assert all(re.search(r"\?edition=\w{4}-\w{2}$", link) for link in links), links


def test_another_site_url_renders_the_papers_again_in_the_same_edition(tmp_path: Path) -> None:
    """Where a paper leads is not what it says: its edition stays (and `kindreflex changes`,
    which knows no --site-url, finds nothing to reprint)."""
    out = tmp_path / "out"

    def build(site_url: str | None) -> list[Path]:
        return run_build(BuildRequest(root=MINI, out=out, sectors=("sport",), languages=("nl",),
                                      formats=("html",), layouts=("card",), site_url=site_url))

    def edition() -> str:
        log = json.loads((out / "editions.json").read_text(encoding="utf-8"))
        return str(log["papers"]["nl/sport-card"]["current"])

    assert build(BASE)
    first = edition()
    assert not build(BASE)  # nothing changed
    assert out / "nl" / "sport-card.html" in build("https://elsewhere.example.org/")
    assert online_links(out / "nl" / "sport-card.html") == set()  # not under plans.example.org
    assert out / "nl" / "sport-card.html" in build(None)
    assert edition() == first
    changes = run("changes", "--root", str(MINI), "--since", str(out / "editions.json"),
                  "--lang", "nl", "--layout", "card", "--out", str(out))
    assert changes.exit_code == 0 and "unchanged: 1 paper(s)" in changes.stdout, changes.output


@pytest.mark.parametrize("site_url", ["ftp://example.org/", "example.org/plans",
                                      "https://example.org/?a=1", "https:///plans"])
def test_a_site_url_that_is_no_web_folder_is_refused(tmp_path: Path, site_url: str) -> None:
    result = run("build", "sport", "--root", str(MINI), "--out", str(tmp_path / "out"),
                 "--site-url", site_url, *CARD_AND_POSTER)
    assert result.exit_code == 2
    assert result.output == (f"error: --site-url {site_url!r}: give the http or https address "
                             "where the output folder is published, for example "
                             "https://example.org/plans/\n")
    assert not (tmp_path / "out").exists()


def test_a_site_url_too_long_for_a_qr_code_is_refused(tmp_path: Path) -> None:
    # Every paper's address (the site, its language, its file, its edition) goes into a QR
    # code, which holds about 2,300 characters: the site takes at most what a framework's
    # own `url` may (its schema), not a traceback.
    site_url = "https://example.org/" + "a" * 3000
    result = run("build", "sport", "--root", str(MINI), "--out", str(tmp_path / "out"),
                 "--site-url", site_url, *CARD_AND_POSTER)
    assert result.exit_code == 2
    assert result.output == ("error: --site-url is 3020 characters long: give an address of "
                             "at most 300, where the output folder is published\n")
    assert not (tmp_path / "out").exists()
