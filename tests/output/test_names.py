"""Output names never clash: build and batch in one OUT, layout suffixes, device names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kindreflex.errors import ContentError, UsageError
from kindreflex.layouts import LAYOUTS
from kindreflex.output.build import BuildRequest, run_build

from ..helpers import MINI, run
from ..lines import line_of

# The naming modules are imported in each test that needs them, so the tests that only run
# the commands also run (and fail) on a version without them.
DEVICES = ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
           *(f"lpt{n}" for n in range(1, 10))]

OVERLAY = """kind: sector
id: {id}
extends: kader
title: {{nl: "{title}", en: "{title}"}}
operations: []
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "root")
    return tmp_path / "root"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_validate_refuses_the_suffix_of_every_layout_a_build_names() -> None:
    from kindreflex.framework.file_safe_ids import file_name_problem
    from kindreflex.layouts import layout_suffixes
    from kindreflex.output.file_names import build_output_name

    # validate (framework stage) and the names of a build read one registry.
    suffixes = {build_output_name("nl", "x", layout, "pdf")[len("nl/x"):-len(".pdf")]
                for layout in LAYOUTS}
    assert set(layout_suffixes()) == suffixes - {""}
    assert {"-card", "-worker", "-card-sheet", "-poster"} <= suffixes
    assert all(file_name_problem(f"sport{suffix}") for suffix in suffixes - {""})


def test_the_names_of_builds_and_batches() -> None:
    from kindreflex.output.file_names import batch_output_name, build_output_name

    assert build_output_name("nl", "sport", "handout", "pdf") == "nl/sport.pdf"
    assert build_output_name("en", "sport+lockdown", "card", "html") == \
        "en/sport+lockdown-card.html"
    assert batch_output_name("nl", "kfc-gent", "pdf") == "orgs/nl/kfc-gent.pdf"
    assert batch_output_name("fr", "kfc-gent", "html", "poster") == "orgs/fr/kfc-gent-poster.html"


@pytest.mark.parametrize("org_id", ["sport", "sport-card", "index", "build-manifest"])
def test_no_build_name_equals_a_batch_name(org_id: str) -> None:
    from kindreflex.output.file_names import batch_output_name, build_output_name

    builds = {build_output_name(lang, plan, layout, ext) for lang in ("nl", "en")
              for plan in ("sport", "sport+lockdown") for layout in LAYOUTS
              for ext in ("html", "pdf")}
    batches = {batch_output_name(lang, org_id, ext, layout) for lang in ("nl", "en")
               for layout in LAYOUTS for ext in ("html", "pdf")}
    assert not builds & batches


def test_two_outputs_with_one_name_are_refused_before_rendering() -> None:
    from kindreflex.output.file_names import check_unique

    with pytest.raises(UsageError, match="both be written"):
        check_unique(["nl/sport.pdf", "nl/Sport.pdf"])
    with pytest.raises(UsageError, match="kept for another"):
        check_unique(["index.html"])
    with pytest.raises(UsageError, match="kept for another"):
        check_unique(["orgs/nl/sport.pdf"])  # a build may not write into the batch folder
    with pytest.raises(UsageError, match="kept for another"):
        check_unique(["nl/kfc.pdf"], batch=True)
    check_unique(["nl/sport.pdf", "nl/sport-card.pdf", "en/sport.pdf"])


@pytest.mark.parametrize("name", ["sport-card", "sport-worker", "sport-card-sheet",
                                  "sport-poster", *DEVICES])
def test_ids_that_cannot_name_files(name: str) -> None:
    from kindreflex.framework.file_safe_ids import WINDOWS_DEVICES, file_name_problem

    assert name in WINDOWS_DEVICES or "-" in name
    assert file_name_problem(name)


@pytest.mark.parametrize("name", ["sport", "card", "poster", "cards", "sport-cards",
                                  "console", "com10", "lpt0", "handout", "x-handout"])
def test_ids_that_can(name: str) -> None:
    from kindreflex.framework.file_safe_ids import file_name_problem

    assert file_name_problem(name) is None


def test_a_sector_named_like_another_sectors_card_is_refused(root: Path, tmp_path: Path) -> None:
    (root / "frameworks" / "sectors" / "sport-card.yaml").write_text(
        OVERLAY.format(id="sport-card", title="Kaart"), encoding="utf-8")
    result = run("validate", "--root", str(root))
    assert result.exit_code == 1
    line = line_of(root / "frameworks" / "sectors" / "sport-card.yaml", "id: sport-card")
    assert f"frameworks/sectors/sport-card.yaml:{line}:5: error[overlay-id-reserved]" \
        in result.output
    out = tmp_path / "out"
    with pytest.raises(ContentError):
        run_build(BuildRequest(root=root, all_sectors=True, layouts=("handout", "card"),
                               formats=("html",), out=out))
    assert not out.exists()


def test_build_and_batch_into_one_folder_replace_nothing(root: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    out = tmp_path / "out"
    assert run("build", "sport", "--root", str(root), "--out", str(out), "--format", "html",
               "--layout", "handout", "--layout", "card").exit_code == 0
    built = snapshot(out)
    orgs = tmp_path / "orgs.csv"
    # Organisations named like the sector, its card, the index and the manifest.
    orgs.write_text("id,name,contact_name,contact_phone\n"
                    "sport,Sport Club,Jan,0470 12 34 56\n"
                    "index,Index Club,An,0470 12 34 57\n"
                    "build-manifest,Manifest Club,Tom,0470 12 34 58\n", encoding="utf-8")
    result = run("batch", "sport", "--root", str(root), "--orgs", str(orgs), "--out", str(out),
                 "--format", "html", "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.output
    after = snapshot(out)
    for name, data in built.items():
        if name != "manifest.json":
            assert after[name] == data, f"the batch replaced {name}"
    assert {"orgs/nl/sport.html", "orgs/en/sport.html", "orgs/nl/index.html",
            "orgs/nl/build-manifest.html"} <= set(after)
    # And the other way round: a build after the batch leaves the batch's files alone.
    batched = {k: v for k, v in after.items() if k.startswith("orgs/") or k == "manifest.json"}
    assert run("build", "sport", "--root", str(root), "--out", str(out), "--format",
               "html").exit_code == 0
    assert {k: v for k, v in snapshot(out).items() if k in batched} == batched
