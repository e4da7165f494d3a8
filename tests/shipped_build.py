"""One build of the shipped content per test run, shared by every test that only reads it
(and one of the second-region framework).

Building the shipped plans is the dearest set-up of the suite (tens of PDFs). Built per
module, the same PDFs were made several times, and under pytest-xdist a module's fixture runs
once on every worker that gets one of its tests. Here the first worker to ask builds into the
run's own temporary folder while holding an exclusive lock (fcntl) on a file beside it; the
other waits on the lock and finds the build complete. `shipped_requests` is the union of what
the readers need, each output built once: a new reader says there what it needs.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kindreflex.framework.project import load_project
from kindreflex.layouts import LAYOUTS
from kindreflex.output.build import BuildRequest, run_build

from .helpers import REPO, TESTS

OTHER_REGION = TESTS / "projects" / "stappenplan-nl"
EPOCH = "1795824000"  # 2026-11-28: the build is reproducible, its dates fixed
# Where the build is published: every card and poster carries the QR code and address a
# producer who publishes the output prints (the shipped framework has no online address of
# its own), so the rules and page budgets are checked with them in place; the build gives
# no `layout-no-online-address` warning (tests/output/test_online.py checks it is given without).
SITE_URL = "https://plans.example.org/"
# What a reader holds is checked in every language (tests/test_reader_rules.py): every
# layout, the card sheet a print shop gets too.
PRINTED_IN_EVERY_LANGUAGE = tuple(LAYOUTS)


def shipped_requests(out: Path) -> list[BuildRequest]:
    """What the readers of the shared build need, each output once."""
    def request(**what: Any) -> BuildRequest:
        return BuildRequest(root=REPO, out=out, jobs=2, site_url=SITE_URL, **what)

    contexts = load_project(REPO).context_ids
    # Every layout in every language, with and without each context, as PDFs with their web
    # pages, which then link to them (a page links only to the PDF its run writes):
    # tests/test_reader_rules.py, tests/output/test_build_shipped.py, test_pdfua_layouts.py,
    # tests/render/test_browser.py, test_layouts.py, test_flowchart.py, test_render_cost.py.
    return [request(all_sectors=True, context=context, formats=("html", "pdf"),
                    layouts=PRINTED_IN_EVERY_LANGUAGE) for context in (None, *contexts)]


def run_folder(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this test run, the same for every xdist worker."""
    base = factory.getbasetemp()
    # A worker's base is `<run's base>/<worker id>` (xdist's workermanage).
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def build_shipped(out: Path) -> None:
    """Every request of `shipped_requests`; none may warn (the shipped content fits)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for request in shipped_requests(out):
            result = run_build(request)
            assert result.warnings == [], (request, result.warnings)


def build_other_region(out: Path) -> None:
    """Every layout of the second-region framework (tests/projects/stappenplan-nl), HTML and
    PDF, with and without each of its contexts (tests/output/test_other_region.py and the
    reader rules)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for context in (None, *load_project(OTHER_REGION).context_ids):
            run_build(BuildRequest(root=OTHER_REGION, all_sectors=True, context=context,
                                   layouts=LAYOUTS, out=out, jobs=2))


def shared_build(factory: pytest.TempPathFactory, name: str = "shipped-build",
                 build: Callable[[Path], None] = build_shipped) -> Path:
    """The folder of the shared build `name`, built by whichever worker asks first."""
    folder = run_folder(factory)
    out = folder / name
    complete = folder / f"{name}.complete"
    with (folder / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not complete.exists():
            build(out)
            complete.touch()
    return out
