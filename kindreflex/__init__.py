"""kindreflex: tailored step-by-step plans for signals of concern about children."""

from __future__ import annotations

# The single source of the version (pyproject reads it): importlib.metadata would cost
# every command ~30 ms of start-up.
__version__ = "0.1.0"
