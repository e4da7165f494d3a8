"""What `build` and `batch` are asked to make: the options they share, checked in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..layouts import DEFAULT_LAYOUT, LAYOUTS

if TYPE_CHECKING:
    from ..framework.project import Project

FORMATS = ("html", "pdf")


@dataclass(frozen=True, kw_only=True)
class OutputRequest:
    """The options of every run that writes outputs into OUT (`build`, `batch`)."""

    root: Path
    context: str | None = None
    languages: tuple[str, ...] = ()  # empty: every language the framework declares
    formats: tuple[str, ...] = FORMATS
    layouts: tuple[str, ...] = (DEFAULT_LAYOUT,)
    out: Path = Path("output")
    jobs: int = 1

    def check(self) -> None:
        """Reject option values no run can honour, before any work (UsageError)."""
        for fmt in self.formats:
            if fmt not in FORMATS:
                raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        for layout in self.layouts:
            if layout not in LAYOUTS:
                raise UsageError(f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
        if not self.formats or not self.layouts:
            raise UsageError("nothing to build: give at least one format and one layout")
        if self.jobs < 1:
            raise UsageError("--jobs must be 1 or more")

    def languages_of(self, project: Project) -> tuple[str, ...]:
        """The languages to make: the requested ones (each declared by the framework), in the
        order asked, or else every declared one."""
        return project.languages_asked(self.languages)
