"""Batch outputs of the layouts without an organisation template: each organisation whole.

Such a layout (the worker handout, the card, the card sheet, the poster) is a few pages:
rendering one per organisation costs about what the handout's organisation pages cost, so
it needs no shared part (see README: Batch).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..output.file_names import batch_output_name
from ..render.page_nav import PageNav


@dataclass(frozen=True)
class LayoutJob:
    """One organisation in one language, layout and format (picklable)."""

    org_id: str
    line: int  # the organisation's row in the organisations file
    layer: dict[str, Any]
    lang: str
    layout: str
    fmt: str
    inputs: str  # the input hash of the file
    nav: PageNav | None = None  # what its web page links to

    @property
    def name(self) -> str:
        """The output name relative to OUT."""
        return batch_output_name(self.lang, self.org_id, self.fmt, self.layout)


@dataclass(frozen=True)
class LayoutFile:
    """One organisation's file in one layout, what of it does not fit its paper, and the
    type scale it printed at (None: a web page)."""

    data: bytes
    problems: list[str]
    scale: float | None = None


def layout_file(key: tuple[str, str, str | None], job: LayoutJob, theme: Any, day: date,
                scale_hint: float | None = None) -> LayoutFile:
    """One organisation's file in one layout; a PDF's search for its type scale starts at
    `scale_hint` (render.shrink_to_fit.print_plan)."""
    from ..render.pages import render_plan
    from ..render.shrink_to_fit import print_plan
    from .tasks import project_of

    _root, sector, context = key
    # Checked before anything rendered (run_batch resolves every organisation first).
    plan = project_of(key).plan(sector, context, organisation=job.layer, checked=True)
    if job.fmt == "html":
        page = render_plan(plan, job.lang, theme=theme, day=day, layout=job.layout,
                           nav=job.nav)
        return LayoutFile(page.encode("utf-8"), [])
    printed = print_plan(plan, job.lang, theme=theme, day=day, layout=job.layout,
                         scale_hint=scale_hint)
    return LayoutFile(printed.pdf, printed.problems, printed.scale)


def layout_run_task(key: tuple[str, str, str | None], jobs: Sequence[LayoutJob], theme: Any,
                    day: date) -> list[LayoutFile]:
    """The files of a run of organisations, in order. Each PDF's search for its type scale
    starts at the scale the one before it in the same language and layout printed at: they
    differ only in their own lines, so it most likely prints at the same. That spares a
    poster one of its three layouts, and never changes the scale found."""
    printed_at: dict[tuple[str, str], float] = {}
    files = []
    for job in jobs:
        made = layout_file(key, job, theme, day, printed_at.get((job.lang, job.layout)))
        if made.scale is not None:
            printed_at[job.lang, job.layout] = made.scale
        files.append(made)
    return files


def render_layout_jobs(pool: Any, key: tuple[str, str, str | None], jobs: Sequence[LayoutJob],
                       theme: Any, day: date, workers: int) -> Any:
    """(job, bytes, problems) for every job, in order, rendered in the pool in runs of
    organisations (as many runs as keep the `workers` busy)."""
    from .tasks import chunk_size

    size = chunk_size(len(jobs), workers)
    runs = [jobs[start:start + size] for start in range(0, len(jobs), size)]
    results = pool.map(layout_run_task, [key] * len(runs), runs, [theme] * len(runs),
                       [day] * len(runs))
    for run, files in zip(runs, results, strict=True):
        for job, made in zip(run, files, strict=True):
            yield job, made.data, made.problems
