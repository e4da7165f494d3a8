"""`kindreflex changes --since REF`: a phone number changes in one sector; exactly that
sector's papers are "reprint now", every other paper is unchanged, whatever REF names (the
edition log or the manifest of a build before the change, an edition code, a framework
version, a git commit). With the shipped framework (as the shared build printed it) and with
the second-region test framework."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kindreflex.layouts import LAYOUTS
from kindreflex.output.build import EDITIONS, MANIFEST, BuildRequest, run_build
from kindreflex.output.file_names import paper_name

from ..helpers import MINI, REPO, TESTS, run


def papers_of(plan: str, lang: str) -> set[str]:
    """Every paper of one plan in one language (`nl/sport-card`, …): a changed number is on
    every layout, the handout too (its table of contacts prints every number) and the card
    sheet (it is the card); docs/keeping-papers-current.md says so."""
    return {paper_name(lang, plan, layout) for layout in LAYOUTS}


def changes(root: Path, since: str | Path, *options: str) -> dict[str, Any]:
    result = run("changes", "--root", str(root), "--since", str(since), "--format", "json",
                 *options)
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {paper["paper"]: paper["status"] for paper in report["papers"]}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=test@example.org", "-c", "user.name=test",
                    "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory, shipped_build: Path) -> tuple[Path, Path]:
    """The shipped framework as the shared build printed it (tests/shipped_build.py: every
    sector, context, language and layout, with its edition log and manifest); then sport's
    overlay gives the police another number, and a club a new contact person. The root is a
    git repository whose HEAD is the framework as printed."""
    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(REPO / "frameworks", root / "frameworks")
    shutil.copy(TESTS / "projects" / "orgs" / "clubs.csv", root / "clubs.csv")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "as printed")
    sport = root / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text() + '\n  - replace: contact:101\n    field: phone\n'
                                         '    value: "0800 12 345"\n')
    clubs = root / "clubs.csv"
    clubs.write_text(clubs.read_text().replace("Sofie Maes,053 21 43 65", "Tom Maes,053 21 43 66"))
    return root, shipped_build


# Sport's papers, and those of sport with each context: the number is in all of them.
SPORT = papers_of("sport", "nl") | papers_of("sport+lockdown", "nl")


def test_since_the_papers_printed_only_that_sectors_papers_are_reprint_now(
        shipped: tuple[Path, Path]) -> None:
    root, printed = shipped
    for since in (printed / EDITIONS, printed / MANIFEST):
        found = statuses(changes(root, since, "--lang", "nl", "--out", str(printed)))
        assert {name for name, status in found.items() if status != "unchanged"} == SPORT, \
            since
        assert set(found.values()) == {"reprint now", "unchanged"}
        # Every sector's papers, with and without the context, were compared.
        assert len(found) == 4 * 2 * len(LAYOUTS)


def test_the_changed_lines_say_what_changed(shipped: tuple[Path, Path]) -> None:
    root, printed = shipped
    report = changes(root, printed / EDITIONS, "sport", "--lang", "nl", "--layout", "card")
    # The log knows sport's card with and without the context: both print the number.
    papers = {paper["paper"]: paper for paper in report["papers"]}
    assert set(papers) == {"nl/sport-card", "nl/sport+lockdown-card"}
    card = papers["nl/sport-card"]
    assert card["files"] == ["nl/sport-card.html", "nl/sport-card.pdf"]
    assert card["since"] != card["current"]
    assert {"kind": "phone", "before": "Politie 101 101", "after": "Politie 101 0800 12 345"} \
        in card["changes"]
    text = run("changes", "--root", str(root), "--since", str(printed / EDITIONS), "sport",
               "--lang", "nl", "--layout", "card").stdout
    assert "reprint now: nl/sport-card" in text
    assert "phone number: “Politie 101 101” is now “Politie 101 0800 12 345”" in text


def test_since_an_edition_code_or_a_version(shipped: tuple[Path, Path]) -> None:
    root, printed = shipped
    log = json.loads((printed / EDITIONS).read_text())["papers"]
    code = log["nl/sport-card"]["current"]
    # The card and the card sheet (the card's paper) had that code.
    found = statuses(changes(root, code.lower(), "--out", str(printed)))
    assert found == {"nl/sport-card": "reprint now", "nl/sport-card-sheet": "reprint now"}
    found = statuses(changes(root, "1.2.0", "--lang", "nl", "--out", str(printed)))
    assert {name for name, status in found.items() if status != "unchanged"} == SPORT


def test_since_a_git_commit(shipped: tuple[Path, Path]) -> None:
    root, _printed = shipped
    report = changes(root, "HEAD", "--lang", "nl")
    assert report["read_as"].startswith("git commit ")
    found = statuses(report)
    assert {name for name, status in found.items() if status != "unchanged"} == \
        papers_of("sport", "nl")
    assert len(found) == 4 * len(LAYOUTS)  # without --context: the sectors alone


def test_which_organisations_papers_to_print_again(shipped: tuple[Path, Path]) -> None:
    root, _printed = shipped
    clubs = str(root / "clubs.csv")
    # Sport's card changed: every club's card must be printed again; one club also has a new
    # contact person.
    report = changes(root, "HEAD", "sport", "--lang", "nl", "--layout", "card", "--orgs", clubs)
    found = {o["organisation"]: o for o in report["organisations"]}
    assert {name: o["status"] for name, o in found.items()} == {
        "kfc-gent": "reprint now", "zwemclub-aalst": "reprint now"}
    assert found["kfc-gent"]["files"] == ["orgs/nl/kfc-gent-card.html",
                                          "orgs/nl/kfc-gent-card.pdf"]
    assert "its contact person or contacts changed (whom to tell)" in \
        found["zwemclub-aalst"]["reasons"]
    # Culture did not change: only the club with a new contact person prints again.
    report = changes(root, "HEAD", "cultuur", "--lang", "nl", "--orgs", clubs)
    assert {o["organisation"]: o["status"] for o in report["organisations"]} == {
        "kfc-gent": "unchanged", "zwemclub-aalst": "reprint now"}
    text = run("changes", "--root", str(root), "--since", "HEAD", "cultuur", "--lang", "nl",
               "--orgs", clubs).stdout
    assert "reprint now: organisation zwemclub-aalst (orgs/nl/zwemclub-aalst.html" in text


def test_whom_to_tell_instead_and_own_numbers_changed_print_again_now(tmp_path: Path) -> None:
    root = shutil.copytree(MINI, tmp_path / "root")
    orgs = root / "orgs.csv"
    header = "id,name,contact_name,contact_phone,alternative_name,local_phones\n"
    orgs.write_text(header + "a,A,Jan,0470 12 34 56,Marie,vk|09 222 33 55\n"
                    "b,B,Piet,0470 12 34 57,Tom,vk|09 222 33 55\n"
                    "c,C,Els,0470 12 34 58,An,\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "as printed")
    orgs.write_text(header + "a,A,Jan,0470 12 34 56,Marie Claes,vk|09 222 33 55\n"
                    "b,B,Piet,0470 12 34 57,Tom,vk|09 222 33 66\n"
                    "c,C,Els,0470 12 34 58,An,\n", encoding="utf-8")
    report = changes(root, "HEAD", "sport", "--lang", "nl", "--layout", "card", "--orgs",
                     str(orgs))
    found = {o["organisation"]: (o["status"], o["reasons"]) for o in report["organisations"]}
    assert found == {
        "a": ("reprint now", ["whom to tell instead changed"]),
        "b": ("reprint now", ["its own numbers of the contacts that depend on the place "
                              "changed"]),
        "c": ("unchanged", [])}


def test_an_unknown_ref_is_a_usage_error(shipped: tuple[Path, Path]) -> None:
    root, printed = shipped
    result = run("changes", "--root", str(root), "--since", "no-such-thing", "--out",
                 str(printed))
    assert result.exit_code == 2
    assert "--since no-such-thing: not a file, not an edition code" in result.stderr


def test_the_second_region_framework(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Dutch test framework: the context `afstand` gives Veilig Thuis another number; the
    sector with that context must be reprinted, the sector without it is unchanged."""
    root = tmp_path / "root"
    shutil.copytree(TESTS / "projects" / "stappenplan-nl" / "frameworks", root / "frameworks")
    out = tmp_path / "out"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    for context in (None, "afstand"):
        run_build(BuildRequest(root=root, all_sectors=True, context=context,
                               formats=("html",), layouts=tuple(LAYOUTS), out=out))
    afstand = root / "frameworks" / "contexts" / "afstand.yaml"
    afstand.write_text(afstand.read_text() + '  - replace: contact:veilig-thuis\n'
                                             '    field: phone\n    value: "0800-2001"\n')
    found = statuses(changes(root, out / EDITIONS))
    assert {name for name, status in found.items() if status != "unchanged"} == \
        papers_of("kinderopvang+afstand", "nl-NL")
    assert {name for name, status in found.items() if status == "unchanged"} == \
        papers_of("kinderopvang", "nl-NL")
    assert set(found.values()) == {"reprint now", "unchanged"}
