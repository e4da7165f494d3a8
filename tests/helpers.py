"""Shared test helpers: paths, copying sample projects, running the CLI in-process."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from kindreflex.cli import cli

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
MINI = TESTS / "projects" / "mini"


def copy_project(source: Path, target: Path) -> Path:
    """Copy a sample project (its frameworks/ and templates/) into `target`."""
    shutil.copytree(source, target, dirs_exist_ok=True)
    return target


def run(*args: str) -> Result:
    """Run `kindreflex ARGS` in-process; output split into stdout and stderr."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)
