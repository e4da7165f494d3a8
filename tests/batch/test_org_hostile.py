"""Organisation files as people really write them: unquoted numbers, ';' CSV, broken quotes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kindreflex.batch.org_file import read_organisations

from ..helpers import MINI, run


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


def batch(orgs: Path, out: Path, root: Path = MINI) -> tuple[int, str]:
    result = run("batch", "sport", "--root", str(root), "--orgs", str(orgs), "--out", str(out),
                 "--lang", "nl", "--format", "html", "--quiet", "--jobs", "1")
    return result.exit_code, result.output


def test_unquoted_yaml_values_are_the_text_as_written(tmp_path: Path) -> None:
    orgs = tmp_path / "orgs.yaml"
    orgs.write_text("- id: 0123\n  name: NO\n  contact_name: 1_000\n"
                    "  contact_phone: 0470123456\n"
                    "  extra_contacts:\n    - {name: YES, phone: 0470654321}\n",
                    encoding="utf-8")
    rows, issues = read_organisations(orgs, "orgs.yaml")
    assert issues == []
    (row,) = rows
    assert (row.id, row.name, row.contact.name, row.contact.phone) == \
        ("0123", "NO", "1_000", "0470123456")
    assert (row.extra[0].name, row.extra[0].phone) == ("YES", "0470654321")
    code, output = batch(orgs, tmp_path / "out")
    assert code == 0, output
    page = (tmp_path / "out" / "orgs" / "nl" / "0123.html").read_text(encoding="utf-8")
    assert "0470 12 34 56" in page and "0470 65 43 21" in page  # the numbers given
    assert "081 83 17 26" not in page and ">NO<" in page and "False" not in page


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_excel_delimiters_are_read(tmp_path: Path, delimiter: str) -> None:
    orgs = tmp_path / "orgs.csv"
    rows = [["id", "name", "contact_name", "contact_phone", "extra_contacts"],
            ["kfc", "KFC, Gent", "Jan", "0470 12 34 56", "Ann|09 266 11 11"]]
    if delimiter != ",":
        rows[1][1] = "KFC Gent"
    orgs.write_text("\n".join(delimiter.join(
        f'"{cell}"' if delimiter in cell else cell for cell in row) for row in rows) + "\n",
        encoding="utf-8")
    from kindreflex.batch.org_csv import choose_delimiter

    assert choose_delimiter(orgs.read_text().splitlines()[0]) == delimiter
    (row,), issues = read_organisations(orgs, "orgs.csv")
    assert issues == [] and row.contact.phone == "0470 12 34 56"
    assert row.extra[0].name == "Ann"


def test_a_quote_that_swallows_rows_is_reported_where_it_opens(tmp_path: Path) -> None:
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("id,name,contact_name,contact_phone\n"
                    "goed,Goede Club,Jan,0470 12 34 56\n"
                    'kfc,"KFC Gent,Jan,0470 12 34 57\n'
                    "zw,Zwemclub,An,0470 12 34 58\n", encoding="utf-8")
    rows, issues = read_organisations(orgs, "orgs.csv")
    assert [(i.line, i.column, i.code) for i in issues] == [(3, 5, "org-file-syntax")]
    assert [r.id for r in rows] == ["goed"]  # the glued rows are never built
    result = run("batch", "sport", "--root", str(MINI), "--orgs", str(orgs), "--out",
                 str(tmp_path / "out"), "--lang", "nl", "--format", "html", "--quiet",
                 "--jobs", "1", "--skip-invalid")
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out" / "orgs" / "nl").iterdir()) == ["goed.html"]


@pytest.mark.parametrize(("text", "found"), [
    ('a,"b\n', [(1, 3, None)]),
    ('a,"b""c",d\n', []),
    ('a,"b\nc",d\n', [(1, 3, 2)]),
    ('a,b"c,d\n', []),  # a quote inside an unquoted value is a character
    ('"a"\n"b\n', [(2, 1, None)]),
])
def test_open_quotes(text: str, found: list[tuple[int, int, int | None]]) -> None:
    from kindreflex.batch.org_csv import open_quotes

    assert open_quotes(text, ",") == found


def test_a_semicolon_file_with_a_mistake_is_located_in_its_own_columns(tmp_path: Path) -> None:
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("id;name;contact_name;contact_phone\nkfc;KFC;Jan;12345\n", encoding="utf-8")
    _rows, issues = read_organisations(orgs, "orgs.csv")
    assert [(i.line, i.column, i.code) for i in issues] == [(2, 13, "org-phone-invalid")]


def test_a_title_change_rebuilds_the_batch(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(MINI, root)
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("id,name,contact_name,contact_phone\nkfc,KFC,Jan,0470 12 34 56\n",
                    encoding="utf-8")
    assert batch(orgs, tmp_path / "out", root)[0] == 0
    sport = root / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text().replace("{nl: Sport,", "{nl: Sportclubs,"))
    code, output = batch(orgs, tmp_path / "out", root)
    assert code == 0 and "wrote 1 file(s)" in output, output
    page = (tmp_path / "out" / "orgs" / "nl" / "kfc.html").read_text(encoding="utf-8")
    assert "Sportclubs" in page
