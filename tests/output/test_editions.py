"""The build's editions: the same content gives the same code on any day and with any number of
jobs; a paper keeps the date it first had its code; OUT/editions.json records every edition."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pikepdf
import pytest

from kindreflex.output.build import EDITIONS, BuildRequest, run_build

from ..helpers import MINI, copy_project

DAY_1, DAY_2, DAY_3 = "1795824000", "1795910400", "1796083200"  # 28, 29 Nov, 1 Dec 2026


def build(root: Path, out: Path, monkeypatch: pytest.MonkeyPatch, epoch: str,
          jobs: int = 1, formats: tuple[str, ...] = ("html", "pdf")) -> dict[str, dict]:  # type: ignore[type-arg]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    run_build(BuildRequest(root=root, all_sectors=True, languages=("en",), formats=formats,
                           layouts=("handout", "card", "card-sheet"), out=out, jobs=jobs))
    papers: dict[str, dict] = json.loads((out / EDITIONS).read_text())["papers"]  # type: ignore[type-arg]
    return papers


def pdf_keywords(path: Path) -> str:
    with pikepdf.open(io.BytesIO(path.read_bytes())) as pdf:
        return str(pdf.docinfo.get("/Keywords", ""))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(MINI, tmp_path / "root")


def test_same_content_same_code_on_any_day_and_with_any_jobs(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = build(root, tmp_path / "a", monkeypatch, DAY_1, jobs=2)
    second = build(root, tmp_path / "b", monkeypatch, DAY_3, jobs=1)
    codes = {name: paper["current"] for name, paper in first.items()}
    assert codes == {name: paper["current"] for name, paper in second.items()}
    assert set(codes) == {"en/sport", "en/sport-card", "en/sport-card-sheet"}
    assert codes["en/sport-card"] == codes["en/sport-card-sheet"] != codes["en/sport"]
    # A fresh output folder dates each edition the day of its build.
    assert first["en/sport"]["editions"][0]["date"] == "2026-11-28"
    assert second["en/sport"]["editions"][0]["date"] == "2026-12-01"
    for out, papers in ((tmp_path / "a", first), (tmp_path / "b", second)):
        for name, paper in papers.items():
            code = paper["current"]
            assert pdf_keywords(out / f"{name}.pdf") == f"edition:{code}"
            assert f"edition {code} · " in (out / f"{name}.html").read_text()


def test_a_paper_keeps_its_date_until_its_content_changes(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    first = build(root, out, monkeypatch, DAY_1)
    again = build(root, out, monkeypatch, DAY_2)
    assert again == first
    assert "edition " + first["en/sport-card"]["current"] + " · 28 November 2026" in \
        (out / "en" / "sport-card.html").read_text()
    # A new number for 1712 on the third day: a new edition of the papers that print it.
    kader = root / "frameworks" / "kader.yaml"
    kader.write_text(kader.read_text().replace('phone: "1712"', 'phone: "0800 12 345"'))
    changed = build(root, out, monkeypatch, DAY_3)
    handout = changed["en/sport"]
    assert [e["date"] for e in handout["editions"]] == ["2026-11-28", "2026-12-01"]
    assert handout["editions"][1]["reprint"] == "reprint now"
    assert {"kind": "phone", "before": "1712", "after": "0800 12 345"} \
        in handout["editions"][1]["changes"]
    assert "edition " + handout["current"] + " · 1 December 2026" in \
        (out / "en" / "sport.html").read_text()
    # The old number again: the paper is the first edition again, with its first date.
    kader.write_text(kader.read_text().replace('phone: "0800 12 345"', 'phone: "1712"'))
    back = build(root, out, monkeypatch, DAY_3)["en/sport"]
    assert back["current"] == first["en/sport"]["current"]
    assert [e["date"] for e in back["editions"]] == ["2026-11-28", "2026-12-01", "2026-11-28"]
    assert "· 28 November 2026" in (out / "en" / "sport.html").read_text()


def test_the_web_page_knows_its_papers_editions(root: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    first = build(root, out, monkeypatch, DAY_1, formats=("html",))
    kader = root / "frameworks" / "kader.yaml"
    kader.write_text(kader.read_text().replace("Write down the facts.", "Write the facts."))
    second = build(root, out, monkeypatch, DAY_2, formats=("html",))
    page = (out / "en" / "sport.html").read_text()
    data = json.loads(page.split('id="kr-editions">', 1)[1].split("</script>", 1)[0])
    (paper,) = data["papers"]
    assert [e["code"] for e in paper["editions"]] == [first["en/sport"]["current"],
                                                      second["en/sport"]["current"]]
    # An action changed: a reprint-now change, in words.
    assert paper["editions"][1]["changes"] == [
        "“Write down the facts.” is now “Write the facts.”."]
    # The index knows every paper it links.
    index = (out / "index.html").read_text()
    data = json.loads(index.split('id="kr-editions">', 1)[1].split("</script>", 1)[0])
    assert {p["current"] for p in data["papers"]} == {p["current"] for p in second.values()}
