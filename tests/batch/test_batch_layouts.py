"""`batch --layout`: the worker handout, card and poster per organisation, its own name and
contact person filled into the blank lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from kindreflex.batch.run import BatchRequest, run_batch
from kindreflex.output.file_names import batch_output_name

from ..helpers import MINI, REPO, TESTS, edited_mini, run

ORGS = TESTS / "projects" / "orgs" / "clubs.yaml"


def test_worker_and_card_carry_the_organisation_and_its_contact(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    out = tmp_path / "out"
    # KFC Gent also gives its province's VK number (a made-up one): the sport plan leaves it.
    orgs = tmp_path / "clubs.yaml"
    orgs.write_text(ORGS.read_text(encoding="utf-8").replace(
        "  alternative_name: Marie Claes\n",
        '  alternative_name: Marie Claes\n  local_phones: {vk: "09 222 33 55"}\n', 1),
        encoding="utf-8")
    args = ["batch", "sport", "--root", str(REPO), "--orgs", str(orgs), "--out", str(out),
            "--lang", "nl", "--format", "pdf", "--layout", "worker", "--layout", "card",
            "--quiet", "--jobs", "1"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert names == [batch_output_name("nl", org, "pdf", layout)
                     for org in ("kfc-gent", "zwemclub-aalst") for layout in ("card", "worker")]
    assert names[0] == "orgs/nl/kfc-gent-card.pdf"  # OUT/orgs/<lang>/<org-id>-<layout>.<ext>
    worker = PdfReader(out / "orgs" / "nl" / "kfc-gent-worker.pdf")
    assert len(worker.pages) <= 4
    first = " ".join(worker.pages[0].extract_text().split())
    assert "KFC GENT" in first.upper() and "Jan Peeters" in first and "0470 12 34 56" in first
    # Whom to tell instead (the sector's API of the federation) has its lines filled in too.
    instead = first[first.index("Gaat je zorg over"):]
    assert "Naam: Marie Claes Telefoon: 0471 98 76 54" in instead
    # Its own number for the VK (one per province) fills the VK's line among the contacts.
    whole = " ".join(" ".join(page.extract_text() for page in worker.pages).split())
    assert "(VK) www.vertrouwenscentrum-kindermishandeling.be Telefoon: 09 222 33 55" in whole
    card = PdfReader(out / "orgs" / "nl" / "zwemclub-aalst-card.pdf")
    assert len(card.pages) == 2
    text = " ".join(" ".join(page.extract_text() for page in card.pages).split())
    assert "Sofie Maes" in text and "053 21 43 65" in text
    # A name without a number leaves the number's line to write on.
    assert "Naam: Tom Wouters Telefoon:" in text
    assert worker.metadata is not None and worker.metadata.author == "KFC Gent"
    # Each organisation's paper prints its own edition (its contact person is on it), dated
    # the day of the batch; its lines are filled in, not fields.
    codes = {str(PdfReader(out / name).metadata["/Keywords"]) for name in names}
    assert len(codes) == 4 and all(code.startswith("edition:") for code in codes)
    code = str(card.metadata["/Keywords"]).split(":", 1)[1]
    assert f"editie {code} · 18 november 2026" in text
    # The lines the organisation filled in are text; those it left blank stay fields to
    # type in (Tom Wouters's number, the helplines whose number depends on the place).
    def fields(path: Path) -> set[str]:
        form = PdfReader(path).get_fields() or {}
        return set(form)

    local = {"phone-zsg", "phone-sos-enfants", "phone-vk", "phone-saj"}
    assert fields(out / "orgs" / "nl" / "zwemclub-aalst-card.pdf") == \
        {"tell-instead-phone", *local}
    assert fields(out / "orgs" / "nl" / "kfc-gent-card.pdf") == local - {"phone-vk"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert {entry["method"] for entry in manifest["outputs"].values()} == {"layout"}
    # Nothing changed: a rerun writes nothing.
    again = run(*args)
    assert again.exit_code == 0 and "wrote 0 file(s)" in again.output


def test_whom_to_tell_instead_that_no_paper_prints_is_a_warning(tmp_path: Path) -> None:
    # The mini plan's person in charge names no one to tell instead: the organisations'
    # alternative columns would be printed nowhere.
    root = edited_mini(tmp_path / "root", ('    if_suspected: "role:bestuur"\n', ""))
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("id,name,contact_name,contact_phone,alternative_name\n"
                    "a,A,Jan,0470 12 34 56,\nb,B,Piet,0470 12 34 57,Marie\n"
                    "c,C,Els,0470 12 34 58,Tom\n", encoding="utf-8")
    result = run_batch(BatchRequest(root=root, sector="sport", orgs=orgs, out=tmp_path / "out",
                                    formats=("html",), layouts=("card",), jobs=1))
    unused = [w for w in result.warnings if w.code == "org-alternative-unused"]
    assert [(w.line, w.severity) for w in unused] == [(3, "warning")]
    assert unused[0].message.startswith("2 organisation(s) name whom to tell instead")
    # Where the plan prints the lines, the same file warns of nothing.
    kept = run_batch(BatchRequest(root=MINI, sector="sport", orgs=orgs, out=tmp_path / "out2",
                                  formats=("html",), layouts=("card",), jobs=1))
    assert not [w for w in kept.warnings if w.code == "org-alternative-unused"]
    # Nor does the full plan alone: it does not print whom to tell.
    handout = run_batch(BatchRequest(root=MINI, sector="sport", orgs=orgs,
                                     out=tmp_path / "out3", formats=("html",), jobs=1))
    unused = [w for w in handout.warnings if w.code == "org-alternative-unused"]
    assert [w.line for w in unused] == [3]
    assert "none of the layouts asked for prints whom to tell" in unused[0].message
    assert unused[0].hints == ("add --layout worker or --layout card or --layout card-sheet or "
                               "--layout poster (or --layout all)",)


def test_a_movements_own_crisis_line_is_in_the_acute_box(tmp_path: Path) -> None:
    # The youth work plan leaves each movement's crisis line to it (`fill_in: true`, urgent):
    # given in `local_phones`, it is the tile's big number on the card's front.
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("id,name,contact_name,contact_phone,local_phones\n"
                    "chiro-x,Chiro X,Jan,0470 12 34 56,crisislijn|0470 99 88 77\n",
                    encoding="utf-8")
    result = run("batch", "jeugdwerk", "--root", str(REPO), "--orgs", str(orgs), "--out",
                 str(tmp_path / "out"), "--lang", "nl", "--format", "pdf", "--layout", "card",
                 "--jobs", "1", "--quiet")
    assert result.exit_code == 0, result.output
    card = PdfReader(tmp_path / "out" / "orgs" / "nl" / "chiro-x-card.pdf")
    front = " ".join(card.pages[0].extract_text().split())
    acute = front[:front.index("AAN WIE VERTEL JE HET?")]
    assert "0470 99 88 77 Crisislijn van je jeugdbeweging" in acute
    assert "phone-crisislijn" not in (card.get_fields() or {})


def test_a_long_organisation_name_keeps_the_poster_on_one_page(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    """A long name, as Belgian clubs have them, heads the poster; the poster's edition line at
    the foot does not repeat it (it pushed the French sport poster onto a second page)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    name = ("Koninklijke Atletiekvereniging Sint-Pieters-Leeuw en Omstreken vzw – "
            "afdeling jeugdwerking")
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("id,name,contact_name,contact_phone\n"
                    f'atletiek,"{name}",Maximiliaan-Alexander Vandenbroucke,0470 12 34 56\n',
                    encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", "sport", "--root", str(REPO), "--orgs", str(orgs), "--out", str(out),
                 "--lang", "nl", "--lang", "fr", "--lang", "en", "--format", "pdf",
                 "--layout", "poster", "--quiet", "--jobs", "2", "--strict")
    assert result.exit_code == 0, result.output
    for lang in ("nl", "fr", "en"):
        poster = PdfReader(out / batch_output_name(lang, "atletiek", "pdf", "poster"))
        assert len(poster.pages) == 1, lang
        text = " ".join(poster.pages[0].extract_text().split())
        assert "sint-pieters-leeuw" in text.lower(), lang  # the kicker is set in capitals


def test_a_poster_an_organisations_own_texts_overflow_says_so_at_its_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Contact names of 140 characters (whom to tell, and whom instead) take the French poster
    over its one page: the warning is at the organisation's row and names its texts first."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    person = " ".join(["Maximiliaan-Alexander Vandenbroucke-Verstraete"] * 3)
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("id,name,contact_name,contact_phone,alternative_name,alternative_phone\n"
                    f"club-x,Club X,{person},0470 12 34 56,{person},0470 12 34 57\n",
                    encoding="utf-8")
    result = run("batch", "sport", "--root", str(REPO), "--orgs", str(orgs), "--out",
                 str(tmp_path / "out"), "--lang", "fr", "--format", "pdf", "--layout", "poster",
                 "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert (f"{orgs}:2:1: warning[layout-overflow]: orgs/fr/club-x-poster.pdf does not fit "
            "its paper") in result.output, result.output
    assert ("hint: this organisation's name and contact names are on it too: a shorter form "
            "of them may be enough") in result.output


def test_a_poster_prints_at_the_scale_it_prints_at_alone_whatever_came_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run of organisations starts each one's search for the type scale where the one before
    it ended (batch.whole_render): with long contact names the mini poster prints at a smaller
    type, and the short one after it at the normal size, the long one after that smaller again;
    each poster is the file a batch of that organisation alone makes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    person = " ".join(["Maximiliaan-Alexander Vandenbroucke-Verstraete"] * 3)
    rows = {"long-a": f"Club A,{person},0470 12 34 56,{person},0470 12 34 58",
            "short": "Club Y,An,0470 12 34 57,Bo,0470 12 34 59",
            "long-b": f"Club B,{person},0470 12 34 56,{person},0470 12 34 58"}
    header = "id,name,contact_name,contact_phone,alternative_name,alternative_phone\n"

    def posters(ids: list[str], out: Path) -> dict[str, bytes]:
        orgs = out.with_suffix(".csv")
        orgs.write_text(header + "".join(f"{org},{rows[org]}\n" for org in ids),
                        encoding="utf-8")
        result = run("batch", "sport", "--root", str(MINI), "--orgs", str(orgs), "--out",
                     str(out), "--lang", "nl", "--format", "pdf", "--layout", "poster",
                     "--quiet", "--jobs", "1", "--strict")
        assert result.exit_code == 0, result.output
        return {org: (out / batch_output_name("nl", org, "pdf", "poster")).read_bytes()
                for org in ids}

    together = posters(list(rows), tmp_path / "together")
    for org in rows:
        assert together[org] == posters([org], tmp_path / org)[org], org
    # The largest type on each (the urgent number): the short one prints at the normal size,
    # the long ones smaller, so the search of each after the first started at a wrong scale.
    largest = {}
    for org, pdf in together.items():
        with pdfplumber.open(io.BytesIO(pdf)) as poster:
            largest[org] = max(char["size"] for char in poster.pages[0].chars)
    assert largest["long-a"] == largest["long-b"] < largest["short"]
