"""The start method of worker processes for PDF rendering (build and batch)."""

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
