"""Shared test helpers: paths, copying sample projects, running the CLI in-process."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner, Result
from pypdf import PdfReader

from kindreflex.cli import cli

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
MINI = TESTS / "projects" / "mini"


def copy_project(source: Path, target: Path) -> Path:
    """Copy a sample project (its frameworks/ and templates/) into `target`."""
    shutil.copytree(source, target, dirs_exist_ok=True)
    return target


def edited_mini(target: Path, *changes: tuple[str, str]) -> Path:
    """A copy of the mini project in `target` with texts of its framework replaced (once each)."""
    root = copy_project(MINI, target)
    kader = root / "frameworks" / "kader.yaml"
    text = kader.read_text()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    kader.write_text(text)
    return root


POLISH = TESTS / "projects" / "polski"
ARABIC_TITLE = "ماذا تفعل عندما تقلق على طفل"  # "What to do when you worry about a child"
RPD_NUMBER = "800 12 12 12"  # the Polish test framework's helpline of the Ombudsman for Children
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Open Sans has no Arabic


def right_to_left_root(target: Path) -> Path:
    """A framework in a language written from right to left: the Polish test framework
    declared in Arabic (`ar`), its title in Arabic, its other texts standing in for Arabic
    ones (with the forms their sentences ask for), no catalogue of interface words, and a
    font that has Arabic in its theme."""
    shutil.copytree(POLISH, target)
    shutil.rmtree(target / "templates")
    for path in (target / "frameworks").rglob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8")
                        .replace("languages: [pl-PL]", "languages: [ar]")
                        .replace("      pl: {", "      ar: {")
                        .replace('title: "Co robić, gdy niepokoisz się o dziecko"',
                                 f'title: "{ARABIC_TITLE}"')
                        # A number in a title, where no `tel` part is made on paper (and a
                        # link's text, in the contents): it still reads from its first group.
                        .replace('title: "Oceń sytuację"',
                                 f'title: "Oceń sytuację ({RPD_NUMBER})"'), encoding="utf-8")
    (target / "templates" / "fonts").mkdir(parents=True)
    shutil.copy(DEJAVU, target / "templates" / "fonts")
    return target


def outline_titles(path: Path) -> list[str]:
    """The titles of a PDF's bookmarks, depth first."""
    def walk(items: list[object]) -> Iterator[str]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title  # type: ignore[attr-defined]

    return list(walk(PdfReader(str(path)).outline))


def run(*args: str) -> Result:
    """Run `kindreflex ARGS` in-process; output split into stdout and stderr."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)
