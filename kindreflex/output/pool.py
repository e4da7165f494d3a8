"""Worker processes for PDF rendering (build and batch): how many, and how they start."""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.context import BaseContext


def process_context() -> BaseContext:
    """fork when this process runs no other thread, else spawn.

    A spawned worker starts a fresh interpreter and imports WeasyPrint again (about a second
    each, a serial cost that eats the gain of a second core on a small batch); a forked one
    inherits the imports. Forking a process with other threads running is unsafe (the preview
    server has a watcher thread), so then spawn it is.
    """
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        import weasyprint  # noqa: F401 - imported once here, inherited by every worker

        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def worker_count(jobs: int, tasks: int) -> int:
    """The processes worth starting for `tasks` tasks with `--jobs jobs`: never more than there
    are tasks (a forked pool starts every worker at once), at least one."""
    return max(1, min(jobs, tasks))
