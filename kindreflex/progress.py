"""A one-line progress bar on a terminal: count, bar and time left, redrawn with '\\r'."""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 30


class Progress:
    """Draws `done/total` with an estimate of the time left; silent unless enabled."""

    def __init__(self, total: int, stream: TextIO, enabled: bool, label: str = "") -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled
        self.label = label
        self.started = time.monotonic()
        self.done = 0

    def advance(self, count: int = 1) -> None:
        """Count `count` more outputs done and redraw."""
        self.done += count
        if self.enabled and self.total > 0:
            self.stream.write("\r" + self.line(time.monotonic() - self.started))
            self.stream.flush()

    def line(self, elapsed: float) -> str:
        """The bar as text after `elapsed` seconds."""
        share = self.done / self.total if self.total else 1.0
        filled = round(WIDTH * share)
        bar = "#" * filled + "." * (WIDTH - filled)
        if self.done and self.done < self.total:
            # The pace so far, not per-item guesses: the first chunk pays the start-up costs,
            # so the estimate starts high and settles.
            left = elapsed / self.done * (self.total - self.done)
            eta = f"{int(left // 60)}:{int(left % 60):02d} left"
        else:
            eta = f"{int(elapsed // 60)}:{int(elapsed % 60):02d}"
        return f"{self.label}[{bar}] {self.done}/{self.total} {eta}   "

    def close(self) -> None:
        """End the line so the next message starts on its own line."""
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()
