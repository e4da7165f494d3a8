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


def layout_task(key: tuple[str, str, str | None], job: LayoutJob, theme: Any,
                day: date) -> tuple[bytes, list[str]]:
    """One organisation's file in one layout, and what of it does not fit its paper."""
    from ..render.pages import render_plan
    from ..render.shrink_to_fit import print_plan
    from .tasks import project_of

    _root, sector, context = key
    # Checked before anything rendered (run_batch resolves every organisation first).
    plan = project_of(key).plan(sector, context, organisation=job.layer, checked=True)
    if job.fmt == "html":
        page = render_plan(plan, job.lang, theme=theme, day=day, layout=job.layout,
                           nav=job.nav)
        return page.encode("utf-8"), []
    printed = print_plan(plan, job.lang, theme=theme, day=day, layout=job.layout)
    return printed.pdf, printed.problems


def render_layout_jobs(pool: Any, key: tuple[str, str, str | None], jobs: Sequence[LayoutJob],
                       theme: Any, day: date) -> Any:
    """(job, bytes, problems) for every job, in order, rendered in the pool."""
    results = pool.map(layout_task, [key] * len(jobs), jobs, [theme] * len(jobs),
                       [day] * len(jobs), chunksize=4)
    for job, (data, problems) in zip(jobs, results, strict=True):
        yield job, data, problems
