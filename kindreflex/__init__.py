"""kindreflex: tailored step-by-step plans for signals of concern about children."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kindreflex")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
