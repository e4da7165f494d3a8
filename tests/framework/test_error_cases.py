"""One folder per kind of mistake: the exact `validate` output an editor gets for it.

Each `tests/cases/<name>/files/` is laid over a copy of the sample project `projects/mini`;
`expected.txt` is what `kindreflex validate` prints. Set KINDREFLEX_UPDATE_GOLDEN=1 to rewrite
the expected files after a deliberate change, then review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ..helpers import MINI, TESTS, copy_project, run

CASES = sorted(p for p in (TESTS / "cases").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_reports_the_mistake(case: Path, tmp_path: Path) -> None:
    root = copy_project(MINI, tmp_path / "project")
    shutil.copytree(case / "files", root, dirs_exist_ok=True)
    result = run("validate", "--root", str(root))
    expected_file = case / "expected.txt"
    if os.environ.get("KINDREFLEX_UPDATE_GOLDEN"):
        expected_file.write_text(result.stdout)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stdout == expected_file.read_text()
