"""The stage layers hold: import-linter keeps the contracts, and an upward import breaks them."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import REPO

PACKAGE = REPO / "kindreflex"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
STAGES = ("framework", "render", "output", "batch", "editing")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the package copy under `root` with the project's contracts."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(REPO / "pyproject.toml"), "--no-cache"],
        cwd=root, capture_output=True, text=True, env={"PYTHONPATH": str(root)},
    )


@pytest.fixture()
def package_copy(tmp_path: Path) -> Path:
    """A copy of the package (code only) that a test may break."""
    shutil.copytree(PACKAGE, tmp_path / "kindreflex",
                    ignore=shutil.ignore_patterns("__pycache__", "*.json", "*.po"))
    return tmp_path


def test_the_contracts_hold_on_the_package(package_copy: Path) -> None:
    result = _lint(package_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "contract"), [
    ("framework/model.py", "from ..render import pages", "Stages"),
    ("render/qr.py", "from ..output import writer", "Stages"),
    ("batch/org_layer.py", "from ..editing import scaffold", "Stages"),
    ("framework/refs.py", "import jinja2", "framework stage"),
    ("output/writer.py", "import click", "Only the command line"),
])
def test_an_upward_or_forbidden_import_breaks_a_contract(
    package_copy: Path, module: str, line: str, contract: str
) -> None:
    path = package_copy / "kindreflex" / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    result = _lint(package_copy)
    assert result.returncode != 0
    broken = [chunk for chunk in result.stdout.split("\n\n") if "BROKEN" in chunk]
    assert any(contract in chunk for chunk in broken), result.stdout


def test_every_package_says_what_enters_and_what_leaves() -> None:
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text()))
        assert doc and "In:" in doc and "Out:" in doc, stage


def test_every_module_has_a_docstring() -> None:
    missing = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
               if not ast.get_docstring(ast.parse(p.read_text()))]
    assert missing == []
