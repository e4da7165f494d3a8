"""A framework of another region end to end: the Dutch test project (nl-NL, region NL, its own
step numbering) through validate, explain, diff, every layout, batch, and a leak test.

`tests/projects/stappenplan-nl` takes its facts and numbers from the sources it cites; its
organisation file uses libphonenumber's example numbers for two fictitious organisations.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from kindreflex.layouts import LAYOUTS

from ..helpers import TESTS, outline_titles, run
from ..pdf_pages import pdf_text

ROOT = TESTS / "projects" / "stappenplan-nl"
LANG = "nl-NL"
PLANS = ("kinderopvang", "kinderopvang+afstand")
# Each contact as the framework writes it, and the number a phone must dial (E.164).
PHONES = {"112": "tel:112", "0900-8844": "tel:+319008844", "0800-2000": "tel:+318002000",
          "0800-0432": "tel:+318000432"}
# What would give a plan away as Flemish or Belgian. `kindreflex` as the software that made
# a file (HTML `generator`, PDF `/Creator`, XMP `CreatorTool`) is allowed; as anything else
# (author, title, text) it is a leak.
LEAKS = re.compile(
    r"kindreflex|opgroeien|vlaams|vlaanderen|flemish|flanders|belgi|brussel|1712|awel|"
    r"child focus|\+32|tel:\+?32|tel:10[0-2]\b|https?://[^\s\"'<>]*\.be\b|www\.[^\s\"'<>]*\.be\b",
    re.IGNORECASE,
)
SOFTWARE = re.compile(r'<meta name="generator" content="kindreflex">')


def output_name(plan_id: str, layout: str, ext: str) -> str:
    """`<lang>/<plan>[-<layout>].<ext>`, the handout without a suffix (docs/architecture.md,
    "Output files")."""
    return f"{LANG}/{plan_id}{'' if layout == 'handout' else '-' + layout}.{ext}"


@pytest.fixture
def built(other_region_build: Path) -> Path:
    """Every layout of the sector, with and without its context, HTML and PDF (the shared
    build of tests/shipped_build.py: the reader rules read it too)."""
    return other_region_build


def pdf_links(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(str(path)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


class _Links(HTMLParser):
    """(href, text) of every link in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def html_links(path: Path) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links


# --- the editors' commands --------------------------------------------------------------------

def test_validates_strictly() -> None:
    result = run("validate", "--strict", "--root", str(ROOT))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "ok: 3 file(s) valid"


def test_sectors_lists_its_overlays() -> None:
    result = run("sectors", "--root", str(ROOT), "--format", "json")
    rows = json.loads(result.stdout)["sectors"]
    # The sector's title is written {nl: …}: a text in nl serves the declared nl-NL.
    assert [(r["id"], r["kind"], r["title"]) for r in rows] == [
        ("kinderopvang", "sector", "Kinderopvang"),
        ("afstand", "context", "Contact op afstand")]


def test_explain_shows_entries_by_id_with_their_provenance() -> None:
    result = run("explain", "kinderopvang", "--context", "afstand", "--root", str(ROOT))
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "step:signalen/do:ophalen    [frameworks/sectors/kinderopvang.yaml:" in text
    assert "step:gesprek/dont:sturend    [frameworks/sectors/kinderopvang.yaml:" in text
    assert "step:signalen/do:feiten" not in text.split("removed:")[0]
    assert ("step:signalen/do:feiten: Het observatieformulier vraagt al alleen om feiten."
            in text.split("removed:")[1])
    assert "route:medewerker/step:aangifte/decision:redelijk" in text


def test_diff_gives_every_reason_in_full() -> None:
    result = run("diff", "kinderopvang", "--context", "afstand", "--root", str(ROOT))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    reasons = [line.strip() for line in lines if line.strip().startswith("reason:")]
    assert reasons == [
        "reason: Zo noemen medewerkers hun organisatie.",
        "reason: Zo heet de functie in de kinderopvang.",
        "reason: In de kinderopvang meldt een medewerker een vermoeden tegen een collega "
        "direct aan de houder (protocol voor de kinderopvang, zie de bronnen).",
        "reason: Het observatieformulier vraagt al alleen om feiten.",
        "reason: Voor nieuwe medewerkers is dit het eerste dat ze moeten weten.",
        "reason: Alleen bij oudere kinderen is dit een duidelijk signaal.",
        "reason: Op afstand zie je minder; ook wat je hoort telt.",
        "reason: Een kind dat je niet ziet, heeft een eigen nummer nodig.",
    ]
    # Each reason sits under the change it explains.
    moved = lines.index("  > moved     principle:niet-alleen (at start)")
    assert lines[moved + 1].strip().startswith("reason: Voor nieuwe medewerkers")


# --- the outputs ------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_is_built_in_its_language(built: Path, layout: str) -> None:
    for plan_id in PLANS:
        for ext in ("html", "pdf"):
            assert (built / output_name(plan_id, layout, ext)).is_file()
        page = (built / output_name(plan_id, layout, "html")).read_text(encoding="utf-8")
        assert page.startswith('<!DOCTYPE html>\n<html lang="nl-NL"')
        assert PdfReader(str(built / output_name(plan_id, layout, "pdf"))).trailer["/Root"][
            "/Lang"] == "nl-NL"
    assert f'href="{output_name("kinderopvang", layout, "pdf")}"' in (
        built / "index.html").read_text(encoding="utf-8")


def test_phone_links_dial_the_right_numbers_and_print_as_written(built: Path) -> None:
    links = html_links(built / output_name("kinderopvang", "handout", "html"))
    for written, uri in PHONES.items():
        assert (uri, written) in links, written
    # Nothing links a national number as if it were Belgian (tel:+3208002000).
    assert not [href for href, _ in links if href.startswith("tel:+32")]
    handout = built / output_name("kinderopvang", "handout", "pdf")
    text, uris = pdf_text(handout), pdf_links(handout)
    for written, uri in PHONES.items():
        assert written in text
        assert uri in uris, uri
    assert {u for u in uris if u.startswith("tel:")} == set(PHONES.values())


def test_own_numbering_acute_box_unnumbered_then_steps_one_to_five(built: Path) -> None:
    handout = built / output_name("kinderopvang", "handout", "pdf")
    titles = outline_titles(handout)
    steps = [t for t in titles if t.startswith("Stap ")]
    assert steps == ["Stap 1: Breng de signalen in kaart", "Stap 2: Overleg en vraag advies",
                     "Stap 3: Praat met de ouders en het kind",
                     "Stap 4: Weeg het geweld of de kindermishandeling",
                     "Stap 5: Beslis over hulp en melden"]
    assert "Bij acuut gevaar – Is er direct gevaar?" in titles
    text = pdf_text(handout)
    assert "Stap 6" not in text and "Stap 0" not in text
    # References use the same numbers ("go to step 1" is the first numbered step).
    assert "Ga naar stap 1: Breng de signalen in kaart" in text
    assert "Ga naar stap 5: Beslis over hulp en melden" in text
    page = (built / output_name("kinderopvang", "handout", "html")).read_text(encoding="utf-8")
    assert "Stap 1: Stap" not in page and "Stap 2: Stap" not in page


def test_conditions_print_as_only_if(built: Path) -> None:
    text = pdf_text(built / output_name("kinderopvang", "handout", "pdf"))
    assert ("Bespreek je zorgen met de ouders. (Alleen als een gesprek niemand in gevaar "
            "brengt)") in text
    assert "(Alleen als het kind oud genoeg is om erover te praten)" in text


def test_nothing_flemish_leaks_into_any_output(built: Path) -> None:
    files = sorted(p for p in built.rglob("*") if p.suffix in (".html", ".pdf"))
    assert len(files) == 2 * len(PLANS) * len(LAYOUTS) + 1  # and the index
    for path in files:
        if path.suffix == ".html":
            found = LEAKS.findall(SOFTWARE.sub("", path.read_text(encoding="utf-8")))
        else:
            reader = PdfReader(str(path))
            info = {k: str(v) for k, v in (reader.metadata or {}).items()
                    if k not in ("/Creator", "/Producer")}
            xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
            xmp = re.sub(r"<xmp:CreatorTool>[^<]*</xmp:CreatorTool>", "", xmp)
            found = LEAKS.findall(" ".join([pdf_text(path), *outline_titles(path), *info.values(),
                                            xmp, *pdf_links(path)]))
        assert not found, f"{path.relative_to(built)}: {sorted(set(found))}"


def test_no_author_is_claimed_without_a_publisher(built: Path) -> None:
    # The framework names no publisher: neither the page nor the PDF names an author.
    page = (built / output_name("kinderopvang", "handout", "html")).read_text(encoding="utf-8")
    assert '<meta name="author"' not in page
    metadata = PdfReader(str(built / output_name("kinderopvang", "handout", "pdf"))).metadata
    assert metadata is not None and "/Author" not in metadata


# --- batch ------------------------------------------------------------------------------------

def test_batch_uses_the_framework_region(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("batch", "kinderopvang", "--root", str(ROOT), "--orgs", str(ROOT / "orgs.csv"),
                 "--out", str(out), "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.output
    pdf = next(out.rglob("de-regenboog.pdf"))
    assert pdf.parent.name == LANG
    text, uris = pdf_text(pdf), pdf_links(pdf)
    # National numbers as the file wrote them; another country's number with its code.
    for written, uri in (("010 123 4567", "tel:+31101234567"), ("06 12345678", "tel:+31612345678"),
                         ("+49 30 123456", "tel:+4930123456"), ("0800-2000", "tel:+318002000")):
        assert written in text, written
        assert uri in uris, uri
    assert not LEAKS.findall(" ".join([text, *uris, *outline_titles(pdf)]))


def test_batch_checks_numbers_as_numbers_of_the_region(tmp_path: Path) -> None:
    orgs = tmp_path / "orgs.csv"
    # 1712 is a Belgian short number: in the Netherlands it dials nothing.
    orgs.write_text("id,name,contact_name,contact_phone\n"
                    "een,Opvang Een,Anna,1712\n"
                    "twee,Opvang Twee,Bram,0800-2000\n", encoding="utf-8")
    result = run("batch", "kinderopvang", "--root", str(ROOT), "--orgs", str(orgs),
                 "--out", str(tmp_path / "out"), "--quiet", "--format", "html")
    assert result.exit_code == 1
    assert f"{orgs}:2:" in result.output and "org-phone-invalid" in result.output
    assert "NL (Netherlands)" in result.output
    assert f"{orgs}:3:" not in result.output
    assert "Belgium" not in result.output
