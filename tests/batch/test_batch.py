"""`kindreflex batch`: organisations file → personalised PDFs, checked rows, manifest, reruns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from kindreflex.batch.org_file import read_organisations
from kindreflex.batch.tasks import CHUNK_MAX

from ..helpers import MINI, TESTS, edited_mini, run
from ..lines import line_of

ORGS = TESTS / "projects" / "orgs"
HEADER = "id,name,contact_name,contact_phone,contact_email,url,extra_contacts\n"


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


def org_csv(path: Path, count: int, changed: int | None = None) -> Path:
    """A CSV of `count` organisations; row `changed` gets another contact person."""
    lines = [HEADER]
    for n in range(count):
        person = "Mieke Gewijzigd" if n == changed else f"Contact Persoon {n}"
        lines.append(f"club-{n:03d},Sportclub {n} Zuid,{person},0470 12 {n // 100:02d} "
                     f"{n % 100:02d},info{n}@club{n}.be,https://club{n}.be/plan,"
                     f"Secretariaat {n}|09 266 11 11\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def batch(orgs: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = run("batch", "sport", "--root", str(MINI), "--orgs", str(orgs), "--out", str(out),
                 "--lang", "nl", "--quiet", *extra)
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


# Organisations of the many-organisations test: with 2 jobs, two full documents of organisation
# pages and a short one (batch/tasks.py: CHUNK_MAX a document).
MANY = 2 * CHUNK_MAX + 6


def test_many_organisations_from_csv(tmp_path: Path) -> None:
    orgs = org_csv(tmp_path / "orgs.csv", MANY)
    code, output = batch(orgs, tmp_path / "out", "--format", "pdf", "--jobs", "2")
    assert code == 0, output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert len(manifest["outputs"]) == MANY
    for n in range(MANY):
        name = f"orgs/nl/club-{n:03d}.pdf"
        entry = manifest["outputs"][name]
        assert entry["method"] == "assembled"
        cover = PdfReader(tmp_path / "out" / name).pages[0].extract_text()
        head, _, contacts = cover.partition("Contacten")
        assert f"Sportclub {n} Zuid" in head
        assert f"Contact Persoon {n}" in contacts
        assert f"Secretariaat {n}" in contacts


def test_bad_rows_are_all_reported_and_nothing_is_built(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    before = snapshot(out)
    code, output = batch(ORGS / "bad.csv", out)
    assert code == 1
    lines = [line for line in output.splitlines() if ": error[" in line]
    places = [(int(line.split(":")[1]), line.split("[")[1].split("]")[0]) for line in lines]
    bad = ORGS / "bad.csv"
    assert places == [(line_of(bad, "geen-naam,"), "org-field-missing"),
                      (line_of(bad, "slecht-nummer,"), "org-phone-invalid"),
                      (line_of(bad, "Dubbele Club"), "org-id-duplicate"),
                      (line_of(bad, "../../x,"), "org-id-invalid")]
    assert all(line.startswith(f"{ORGS / 'bad.csv'}:") for line in lines)
    assert "'../../x'" in output
    assert snapshot(out) == before


def test_skip_invalid_builds_the_good_rows_and_still_fails(tmp_path: Path) -> None:
    code, output = batch(ORGS / "bad.csv", tmp_path / "out", "--skip-invalid",
                         "--format", "pdf", "--jobs", "1")
    assert code == 1
    assert "org-id-invalid" in output
    built = sorted(p.name for p in (tmp_path / "out" / "orgs" / "nl").iterdir())
    assert built == ["goed-een.pdf", "goed-twee.pdf"]
    assert not (tmp_path / "x.pdf").exists()


def test_jobs_do_not_change_a_byte(tmp_path: Path) -> None:
    # 10 organisations: chunks of 10 with one job, of 5 with two; the files must not differ.
    orgs = org_csv(tmp_path / "orgs.csv", 10)
    assert batch(orgs, tmp_path / "one", "--jobs", "1")[0] == 0
    assert batch(orgs, tmp_path / "two", "--jobs", "2")[0] == 0
    one = {k: v[1] for k, v in snapshot(tmp_path / "one").items()}
    two = {k: v[1] for k, v in snapshot(tmp_path / "two").items()}
    assert len(one) == 21  # 10 PDFs, 10 web pages, the manifest
    assert one == two


def test_changing_one_row_rebuilds_that_one_only(tmp_path: Path) -> None:
    orgs = org_csv(tmp_path / "orgs.csv", 4)
    out = tmp_path / "out"
    assert batch(orgs, out, "--format", "pdf", "--jobs", "1")[0] == 0
    first = snapshot(out)
    org_csv(orgs, 4, changed=2)
    code, output = batch(orgs, out, "--format", "pdf", "--jobs", "1")
    assert code == 0
    assert "wrote 1 file(s)" in output and "3 up to date" in output
    second = snapshot(out)
    changed = sorted(name for name in first if first[name] != second[name])
    assert changed == ["manifest.json", "orgs/nl/club-002.pdf"]
    cover = PdfReader(out / "orgs" / "nl" / "club-002.pdf").pages[0].extract_text()
    assert "Mieke Gewijzigd" in cover
    # The incremental file is the file a clean build makes: chunk mates do not matter.
    assert batch(orgs, tmp_path / "clean", "--format", "pdf", "--jobs", "1")[0] == 0
    assert (tmp_path / "clean" / "orgs" / "nl" / "club-002.pdf").read_bytes() == \
        (out / "orgs" / "nl" / "club-002.pdf").read_bytes()


def test_rerun_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    orgs = org_csv(tmp_path / "orgs.csv", 3)
    out = tmp_path / "out"
    assert batch(orgs, out, "--jobs", "1")[0] == 0
    before = snapshot(out)
    code, output = batch(orgs, out, "--jobs", "1")
    assert code == 0
    assert "wrote 0 file(s)" in output and "6 up to date" in output
    assert snapshot(out) == before


def test_a_file_changed_on_disk_is_rebuilt(tmp_path: Path) -> None:
    orgs = org_csv(tmp_path / "orgs.csv", 2)
    out = tmp_path / "out"
    assert batch(orgs, out, "--format", "pdf", "--jobs", "1")[0] == 0
    good = (out / "orgs" / "nl" / "club-001.pdf").read_bytes()
    (out / "orgs" / "nl" / "club-001.pdf").write_bytes(good[:-10] + b"0123456789")
    code, output = batch(orgs, out, "--format", "pdf", "--jobs", "1")
    assert code == 0 and "wrote 1 file(s)" in output
    assert (out / "orgs" / "nl" / "club-001.pdf").read_bytes() == good


def _pages(path: Path) -> list[list[str]]:
    return [sorted(page.extract_text().split()) for page in PdfReader(path).pages]


def _outline(path: Path) -> list[tuple[int, str, int | None]]:
    reader = PdfReader(path)

    def walk(items: list[object], depth: int) -> list[tuple[int, str, int | None]]:
        found: list[tuple[int, str, int | None]] = []
        for item in items:
            if isinstance(item, list):
                found += walk(item, depth + 1)
            else:
                found.append((depth, item.title,  # type: ignore[attr-defined]
                              reader.get_destination_page_number(item)))  # type: ignore[arg-type]
        return found

    return walk(reader.outline, 0)


def test_assembled_pdf_reads_like_the_full_render(tmp_path: Path) -> None:
    assert batch(ORGS / "clubs.csv", tmp_path / "fast", "--format", "pdf", "--jobs", "1")[0] == 0
    assert batch(ORGS / "clubs.csv", tmp_path / "full", "--format", "pdf", "--jobs", "1",
                 "--full")[0] == 0
    for org in ("kfc-gent", "zwemclub-aalst"):
        fast = tmp_path / "fast" / "orgs" / "nl" / f"{org}.pdf"
        full = tmp_path / "full" / "orgs" / "nl" / f"{org}.pdf"
        assert _pages(fast) == _pages(full)
        assert _outline(fast) == _outline(full)
        assert _outline(fast)[0][1:] == (PdfReader(fast).metadata.author, 0)  # type: ignore[union-attr]
        fast_reader, full_reader = PdfReader(fast), PdfReader(full)
        assert fast_reader.metadata.title == full_reader.metadata.title  # type: ignore[union-attr]
        assert fast_reader.trailer["/Root"]["/Lang"] == "nl"
    cover = PdfReader(tmp_path / "fast" / "orgs" / "nl" / "kfc-gent.pdf").pages[0].extract_text()
    assert "Pagina 1 van" in cover and "KFC Gent" in cover and "Ann Claes" in cover


# A contact whose number depends on the place (a line to write it on) for the mini plan.
LOCAL_CONTACT = ('contacts:\n', 'contacts:\n  - id: vk\n    name: {nl: Vertrouwenscentrum, en: '
                 'Child abuse centre}\n    fill_in: true\n    when: {nl: Voor advies, en: For '
                 'advice}\n')


def test_an_organisations_own_number_is_in_the_contacts_as_in_the_full_render(
        tmp_path: Path) -> None:
    root = edited_mini(tmp_path / "root", LOCAL_CONTACT)
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("id,name,contact_name,contact_phone,local_phones\n"
                    "a,Club A,Jan,0470 12 34 56,vk|09 222 33 55\n"
                    "b,Club B,Piet,0470 12 34 57,\n", encoding="utf-8")
    texts = {}
    for how in ("assembled", "full"):
        result = run("batch", "sport", "--root", str(root), "--orgs", str(orgs), "--out",
                     str(tmp_path / how), "--lang", "nl", "--format", "pdf", "--jobs", "1",
                     "--quiet", *(["--full"] if how == "full" else []))
        assert result.exit_code == 0, result.output
        texts[how] = {org: _pages(tmp_path / how / "orgs" / "nl" / f"{org}.pdf")
                      for org in ("a", "b")}
    printed = {org: " ".join(page.extract_text() for page in PdfReader(
        tmp_path / "assembled" / "orgs" / "nl" / f"{org}.pdf").pages) for org in ("a", "b")}
    assert "09 222 33 55" in printed["a"]
    assert "09 222 33 55" not in printed["b"]  # its shared part is not a's
    assert texts["assembled"] == texts["full"]
    # A number for a contact the plan prints or does not have is refused at its row.
    orgs.write_text("id,name,contact_name,contact_phone,local_phones\n"
                    "a,Club A,Jan,0470 12 34 56,1712|09 222 33 55\n", encoding="utf-8")
    result = run("batch", "sport", "--root", str(root), "--orgs", str(orgs), "--out",
                 str(tmp_path / "bad"), "--format", "pdf", "--quiet")
    assert result.exit_code == 1
    assert "orgs.csv:2:28: error[org-local-phone-unknown]: the plan has no contact '1712' " \
        "whose number depends on the place" in result.output
    assert "hint: the contacts whose number an organisation gives: vk" in result.output


def test_an_organisation_whose_pages_overflow_is_rendered_whole(tmp_path: Path) -> None:
    many = ";".join(f"Vrijwilliger {n}|0470 55 {n:02d} 00" for n in range(45))
    orgs = tmp_path / "orgs.csv"
    orgs.write_text(HEADER + "kort,Korte Club,Jan Peeters,0470 12 34 56,,,\n"
                    f"lang,Lange Club,An Smet,0470 12 34 57,,,\"{many}\"\n", encoding="utf-8")
    code, output = batch(orgs, tmp_path / "out", "--format", "pdf", "--jobs", "1")
    assert code == 0, output
    assert "1 rendered whole" in output
    outputs = json.loads((tmp_path / "out" / "manifest.json").read_text())["outputs"]
    assert outputs["orgs/nl/lang.pdf"]["method"] == "full"
    assert outputs["orgs/nl/kort.pdf"]["method"] == "assembled"
    pages = PdfReader(tmp_path / "out/orgs/nl/lang.pdf").pages
    text = "".join(page.extract_text() for page in pages)
    assert "Vrijwilliger 44" in text


def test_yaml_file_builds_and_errors_point_at_its_lines(tmp_path: Path) -> None:
    code, output = batch(ORGS / "clubs.yaml", tmp_path / "out", "--format", "html")
    assert code == 0, output
    page = (tmp_path / "out" / "orgs" / "nl" / "kfc-gent.html").read_text()
    assert "KFC Gent" in page and "Secretariaat" in page and 'href="tel:+3292223344"' in page
    bad = tmp_path / "bad.yaml"
    text = (ORGS / "clubs.yaml").read_text().replace('"053 21 43 65"', '"0"')
    bad.write_text(text.replace("url: https://", "colour: red\n  url: ftp://"))
    code, output = batch(bad, tmp_path / "out2")
    assert code == 1
    codes = [(int(line.split(":")[1]), line.split("[")[1].split("]")[0])
             for line in output.splitlines() if ": error[" in line]
    assert codes == [(line_of(bad, "colour: red"), "org-column-unknown"),
                     (line_of(bad, "url: ftp://"), "org-url-invalid"),
                     (line_of(bad, 'contact_phone: "0"'), "org-phone-invalid")]


def test_ids_that_clash_without_case_are_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text(HEADER + "club-a,A,Jan,0470 12 34 56,,,\nCLUB-A,B,Piet,0470 12 34 57,,,\n"
                    "x/y,C,Els,0470 12 34 58,niet-een-adres,javascript:alert(1),Naam\n")
    rows, issues = read_organisations(path, "orgs.csv")
    assert [r.id for r in rows] == ["club-a"]
    assert [(i.line, i.code) for i in issues] == [
        (3, "org-id-duplicate"), (4, "org-id-invalid"), (4, "org-email-invalid"),
        (4, "org-url-invalid"), (4, "org-extra-contact-invalid")]
    assert issues[0].format_text().startswith("orgs.csv:3:1: error[org-id-duplicate]")


def test_unknown_and_missing_columns_are_reported_on_the_header(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text("id,naam,contact_name,contact_phone\nx,Y,Z,0470 12 34 56\n")
    _rows, issues = read_organisations(path, "orgs.csv")
    assert [(i.line, i.column, i.code) for i in issues] == [
        (1, 4, "org-column-unknown"), (1, 1, "org-column-missing")]


def test_unknown_sector_and_missing_file_are_usage_errors(tmp_path: Path) -> None:
    result = run("batch", "zwemmen", "--root", str(MINI), "--orgs", str(ORGS / "clubs.csv"),
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "unknown sector 'zwemmen'" in result.output
    result = run("batch", "sport", "--root", str(MINI), "--orgs", str(tmp_path / "no.csv"))
    assert result.exit_code == 2 and "no such file" in result.output
    assert "Traceback" not in result.output


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    command = [sys.executable, "-m", "kindreflex", "batch", "sport", "--root", str(MINI),
               "--orgs", str(ORGS / "clubs.csv"), "--lang", "nl", "--format", "html"]
    master, slave = pty.openpty()
    try:
        subprocess.run([*command, "--out", str(tmp_path / "tty")], stderr=slave,
                       stdout=subprocess.DEVNULL, check=True)
        os.close(slave)
        shown = b""
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                break
            if not data:
                break
            shown += data
    finally:
        os.close(master)
    assert b"\r" in shown and b"[" in shown and b"2/2" in shown
    piped = subprocess.run([*command, "--out", str(tmp_path / "pipe")], capture_output=True,
                           check=True)
    assert b"\r" not in piped.stderr


def test_a_framework_without_sectors_is_batched_by_its_own_id(tmp_path: Path) -> None:
    """`build --all` names a framework's own plan after the framework; `batch`, `new-orgs`
    and `build` take that name too (an agency with one plan and no sectors said "unknown
    sector 'plan' (known: none)"). An organisation's own number fills the line of its
    urgent contact that has none."""
    framework = {
        "kind": "framework", "id": "plan", "version": "1.0.0", "languages": ["en-GB"],
        "region": "GB", "title": "What to do when you are worried about a child",
        "steps": [{"id": "listen", "title": "Listen to the child"},
                  {"id": "tell", "title": "Tell your lead"}],
        "contacts": [{"id": "camp", "name": "The camp's safeguarding lead", "fill_in": True,
                      "urgent": True},
                     {"id": "emergency", "name": "Emergency services", "phone": "999",
                      "urgent": True}],
    }
    root = tmp_path / "root"
    (root / "frameworks").mkdir(parents=True)
    (root / "frameworks" / "plan.yaml").write_text(json.dumps(framework), encoding="utf-8")
    orgs = tmp_path / "orgs.csv"
    assert run("new-orgs", "plan", str(orgs), "--root", str(root)).exit_code == 0
    with orgs.open("a", encoding="utf-8") as file:
        file.write("camp-north,North Camp Scouts,Sam Taylor,07911 123456,,,,"
                   "camp|0121 234 5678,,\n")
    out = tmp_path / "out"
    result = run("batch", "plan", "--root", str(root), "--orgs", str(orgs), "--layout", "card",
                 "--format", "pdf", "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    front = PdfReader(out / "orgs" / "en-GB" / "camp-north-card.pdf").pages[0].extract_text()
    assert "0121 234 5678" in front and "Sam Taylor" in front and "999" in front
    unknown = run("build", "nosuch", "--root", str(root), "--out", str(tmp_path / "x"))
    assert unknown.exit_code == 2
    assert "unknown sector 'nosuch' (known: none; the framework's own plan: 'plan')" \
        in unknown.output
