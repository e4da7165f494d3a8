"""Fixtures shared across test folders: the shared build of the shipped content, and Debian's
Chromium, headless, driven by Playwright (imported only when a browser test asks for it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .shipped_build import build_other_region, shared_build

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling home, which this machine's
# closed network refuses; the tests must see only the requests the page itself makes.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of the shipped content's build, made once per test run (see
    tests/shipped_build.py for what it holds). Read it; never write into it."""
    return shared_build(tmp_path_factory)


@pytest.fixture(scope="session")
def other_region_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of the second-region framework's build, made once per test run
    (tests/shipped_build.py). Read it; never write into it."""
    return shared_build(tmp_path_factory, "other-region-build", build_other_region)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """A headless Chromium for the tests of one module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
