"""One front door for `build` and `batch`: their shared options are checked in one place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kindreflex.batch.run import BatchRequest
from kindreflex.errors import UsageError
from kindreflex.output.build import BuildRequest
from kindreflex.output.request import OutputRequest

from ..helpers import MINI, run


@pytest.fixture
def orgs(tmp_path: Path) -> Path:
    path = tmp_path / "orgs.csv"
    path.write_text("id,name,contact_name,contact_phone\nkfc,KFC,Jan,0470 12 34 56\n")
    return path


def test_unknown_language_reads_the_same_for_build_and_batch(tmp_path: Path,
                                                             orgs: Path) -> None:
    built = run("build", "sport", "--root", str(MINI), "--lang", "de", "--lang", "fy",
                "--out", str(tmp_path / "out"))
    batched = run("batch", "sport", "--root", str(MINI), "--orgs", str(orgs), "--lang", "de",
                  "--lang", "fy", "--out", str(tmp_path / "out"), "--quiet")
    assert built.exit_code == batched.exit_code == 2
    assert built.output == batched.output == \
        "error: languages 'de', 'fy' are not declared by the framework (it declares nl, en; " \
        "see 'languages:' in frameworks/kader.yaml)\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("options", "message"), [
    ({"formats": ("docx",)}, "unknown format 'docx' (choose from html, pdf)"),
    ({"layouts": ("flyer",)}, "unknown layout 'flyer'"),
    ({"formats": ()}, "nothing to build: give at least one format and one layout"),
    ({"jobs": 0}, "--jobs must be 1 or more"),
])
def test_build_and_batch_refuse_the_same_options_alike(options: dict[str, object],
                                                       message: str, orgs: Path) -> None:
    requests: list[OutputRequest] = [
        BuildRequest(root=MINI, sectors=("sport",), **options),  # type: ignore[arg-type]
        BatchRequest(root=MINI, sector="sport", orgs=orgs, **options)]  # type: ignore[arg-type]
    for request in requests:
        with pytest.raises(UsageError, match="^" + re.escape(message)):
            request.check()


def test_the_command_line_defaults_alike_for_build_and_batch(orgs: Path) -> None:
    from kindreflex.cli.output_commands import output_request

    build = output_request(BuildRequest, root=MINI, sectors=("sport",), formats=(), layouts=(),
                           languages=(), jobs=None)
    batch = output_request(BatchRequest, root=MINI, sector="sport", orgs=orgs, formats=(),
                           layouts=(), languages=(), jobs=None)
    assert (build.formats, build.layouts, build.languages) == \
        (batch.formats, batch.layouts, batch.languages) == (("html", "pdf"), ("handout",), ())
    assert build.jobs == 1 and batch.jobs >= 1
