"""WeasyPrint's log, one render at a time: its warnings go to the render that caused them.

WeasyPrint reports bad CSS, fonts it cannot load and the like as records on the `weasyprint`
logger (its documented logging contract: warnings for bad HTML and CSS, errors for
unusable resources, infos on `weasyprint.progress`). One handler, installed once, hands each
record of level WARNING and above to the render running in the thread that logged it: a
context variable, set for the duration of `captured()`, names that render's list. Renders
in other threads (the preview server renders in threads) each get their own records; no
level is changed per render. Records outside any render go to no render, and infos are not
even made: the terminal never sees WeasyPrint's progress chatter.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_CURRENT: ContextVar[list[logging.LogRecord] | None] = ContextVar(
    "kindreflex_weasyprint_records", default=None)
_INSTALL = threading.Lock()
_installed = False


class _RouteToRender(logging.Handler):
    """Appends each record to the list of the render running in this context, if any."""

    def emit(self, record: logging.LogRecord) -> None:
        records = _CURRENT.get()
        if records is not None:
            records.append(record)


def _install() -> None:
    global _installed
    with _INSTALL:
        if _installed:
            return
        logger = logging.getLogger("weasyprint")
        logger.addHandler(_RouteToRender(logging.WARNING))
        if logger.level == logging.NOTSET:
            # Once, for good: warnings are made whatever the root logger's level, and
            # `weasyprint.progress` infos are not.
            logger.setLevel(logging.WARNING)
        # fontTools (WeasyPrint subsets fonts with it) logs its own chatter about the tables
        # it keeps; without a handler Python's last resort would print it to the terminal.
        fonttools = logging.getLogger("fontTools")
        fonttools.addHandler(logging.NullHandler())
        if fonttools.level == logging.NOTSET:
            fonttools.setLevel(logging.ERROR)
        _installed = True


@contextmanager
def captured() -> Iterator[list[logging.LogRecord]]:
    """The WeasyPrint records (WARNING and above) logged in this thread while inside."""
    _install()
    records: list[logging.LogRecord] = []
    token = _CURRENT.set(records)
    try:
        yield records
    finally:
        _CURRENT.reset(token)
