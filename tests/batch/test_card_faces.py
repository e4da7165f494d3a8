"""`batch --layout card`: each organisation's front and online block over a back rendered once
(batch.card_faces) is the card `build` makes for it, in every language, or it is rendered whole."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pikepdf
import pytest

from kindreflex.batch.card_faces import IN_PARTS_FROM

from ..helpers import REPO, TESTS, right_to_left_root, run
from ..pdf_checks import pdfua_problems, reading_order, structure_problems, structure_text

pytestmark = pytest.mark.xdist_group("card-faces")
EPOCH = "1795000000"
HEADER = "id,name,contact_name,contact_phone,url\n"
# (root, sector, language, organisations file): the shipped sport plan in the three languages
# it ships, and the Polish test framework (a language kindreflex does not ship).
BELGIAN = HEADER + "".join(
    f"club-{n},Sportclub {n},Contact Persoon {n},0470 12 34 5{n},https://club{n}.be/veilig\n"
    for n in range(IN_PARTS_FROM))
# Among them: one without an address (its card ends with the edition line alone), one whose
# name and person fill the front until the steps go to the back.
ODD = HEADER + "".join([
    "geen-adres,Zonder Adres,Jan Peeters,0470 12 34 56,\n",
    "lang,Koninklijke Sportvereniging Sint-Jan-Baptist Onderbroek-Zuid-Oost-Vlaanderen "
    "Jeugdwerking en Recreatie voor Jong en Oud vzw,Maria-Magdalena Vandenbroucke-Van Den "
    "Eynde-De Smet-Van Der Heyden-Vermeulen-Verstraeten-Van Den Bossche-De Clercq,"
    "0470 12 34 57,https://ksv-sint-jan-baptist-onderbroek.be/veiligheid/"
    "aanspreekpunt-integriteit\n",
    *(f"club-{n},Sportclub {n},Contact {n},0470 12 34 6{n},https://club{n}.be\n"
      for n in range(IN_PARTS_FROM)),
])
POLISH = HEADER + "".join(
    f"klub-{n},Klub Sportowy {n},Anna Nowak {n},600 100 20{n},https://klub{n}.pl/ochrona\n"
    for n in range(IN_PARTS_FROM))
# (root, sector, language, organisations, other options). The French sport card and the
# English youth work card print at a smaller type than the largest (the steps do not fit the
# front: the shared back alone runs over at the larger type); the English sport card with the
# lockdown context at the smallest, the larger ones run over by the online block.
CASES: dict[str, tuple[Path | None, str, str, str, tuple[str, ...]]] = {
    "nl": (REPO, "sport", "nl", BELGIAN, ()),
    "fr": (REPO, "sport", "fr", BELGIAN, ()),
    "en": (REPO, "jeugdwerk", "en", BELGIAN, ()),
    "context": (REPO, "sport", "en", BELGIAN, ("--context", "lockdown")),
    "pl": (TESTS / "projects" / "polski", "klub-sportowy", "pl-PL", POLISH, ()),
    # The same framework declared in Arabic: a card written from right to left.
    "rtl": (None, "klub-sportowy", "ar", POLISH, ()),
    "odd": (REPO, "sport", "nl", ODD, ()),
    # The French card of the cultural sector needs the smaller type for its QR code alone:
    # the cards with one are made in parts, the one without is rendered whole (it might fit
    # the larger type, as it does).
    "qr": (REPO, "cultuur", "fr", ODD, ()),
}


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, dict[str, str]]]:
    """Per case: the cards made in parts, the same rendered whole (`--full`), and how each
    was made (the manifest's method)."""
    made = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for case, (root, sector, lang, rows, options) in CASES.items():
            folder = tmp_path_factory.mktemp(case)
            root = root or right_to_left_root(folder / "root")
            orgs = folder / "orgs.csv"
            orgs.write_text(rows, encoding="utf-8")
            for kind, extra in (("parts", ()), ("whole", ("--full",))):
                result = run("batch", sector, "--root", str(root), "--orgs", str(orgs), "--out",
                             str(folder / kind), "--lang", lang, "--format", "pdf",
                             "--layout", "card", "--jobs", "2", "--quiet", *options,
                             *extra)
                assert result.exit_code == 0, result.output
            manifest = json.loads((folder / "parts" / "manifest.json").read_text())
            methods = {Path(name).name: entry["method"]
                       for name, entry in manifest["outputs"].items()}
            made[case] = (folder / "parts" / "orgs" / lang, folder / "whole" / "orgs" / lang,
                          methods)
    return made


def pictures(pdf: Path, folder: Path) -> list[bytes]:
    """Each page of a PDF as a PNG at 60 dpi (poppler)."""
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / "page")], check=True)
    return [page.read_bytes() for page in sorted(folder.glob("page-*.png"))]


def document(pdf: Path) -> dict[str, object]:
    """What a reader and a PDF reader get besides the pages: outline, fields, metadata."""
    with pikepdf.open(pdf) as opened:
        with opened.open_outline() as outline:
            marks: list[tuple[int, str, int]] = []

            def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
                for item in items:
                    destination = item.destination
                    assert isinstance(destination, pikepdf.Array)
                    page = pikepdf.Page(destination[0])
                    marks.append((depth, item.title, opened.pages.index(page)))
                    walk(item.children, depth + 1)

            walk(outline.root, 0)
        form = opened.Root.get("/AcroForm")
        return {"outline": marks,
                "fields": [str(field.T) for field in form.Fields] if form else [],
                "info": {str(k): str(v) for k, v in opened.docinfo.items()},
                "xmp": opened.Root.Metadata.read_bytes(),
                "lang": str(opened.Root.Lang),
                "preferences": dict(opened.Root.get("/ViewerPreferences", {}))}


@pytest.mark.parametrize("case", CASES)
def test_a_card_made_in_parts_is_the_card_rendered_whole(
        cards: dict[str, tuple[Path, Path, dict[str, str]]], case: str, tmp_path: Path) -> None:
    parts, whole, methods = cards[case]
    names = sorted(path.name for path in whole.glob("*.pdf"))
    assert names == sorted(path.name for path in parts.glob("*.pdf")) and names
    for name in names:
        made, rendered = parts / name, whole / name
        assert pdfua_problems(made) == [] and structure_problems(made) == []
        # The same pixels, the same text in the same tree, the same outline, fields, title,
        # author, edition and language.
        assert pictures(made, tmp_path / f"parts-{name}") == \
            pictures(rendered, tmp_path / f"whole-{name}"), name
        assert structure_text(made) == structure_text(rendered), name
        assert reading_order(made) == reading_order(rendered), name
        assert document(made) == document(rendered), name
    # Made in parts wherever they can be: every card of the plain cases.
    if case not in ("odd", "qr"):
        assert set(methods.values()) == {"assembled"}, methods


@pytest.mark.parametrize("case", ["odd", "qr"])
def test_what_cannot_be_made_in_parts_is_rendered_whole(
        cards: dict[str, tuple[Path, Path, dict[str, str]]], case: str) -> None:
    _parts, _whole, methods = cards[case]
    # The long name and person take the front until the steps go to the back: the shared
    # back has no room for them. Without an address, the card ends with the edition line,
    # which starts higher than the QR code of the others (and may fit a larger type). Both
    # are rendered whole; the others are made in parts.
    assert methods.pop("lang-card.pdf") == "layout"
    assert methods.pop("geen-adres-card.pdf") == "layout"
    assert set(methods.values()) == {"assembled"}, methods


def test_few_organisations_get_their_cards_whole(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # The shared part costs about three cards: below IN_PARTS_FROM, each card is rendered whole.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("".join(BELGIAN.splitlines(keepends=True)[:IN_PARTS_FROM]),
                    encoding="utf-8")
    result = run("batch", "sport", "--root", str(REPO), "--orgs", str(orgs), "--out",
                 str(tmp_path / "out"), "--lang", "nl", "--format", "pdf", "--layout", "card",
                 "--jobs", "1", "--quiet")
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert {entry["method"] for entry in manifest["outputs"].values()} == {"layout"}
