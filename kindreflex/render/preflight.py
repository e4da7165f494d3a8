"""What every command that renders a root's plans checks before it renders: the interface words
of the languages it makes, and the characters of the texts that the PDF fonts cannot show."""

from __future__ import annotations

from ..errors import ContentError, Issue
from ..framework.project import Project
from .glyphs import glyph_warnings
from .interface_checks import interface_issues
from .theme import Theme


def render_warnings(project: Project, theme: Theme, languages: tuple[str, ...]) -> list[Issue]:
    """The warnings `build` and `batch` give before rendering `languages`; ContentError for
    a catalogue that cannot be used (nothing is rendered until it is fixed)."""
    interface = interface_issues(project, theme, languages, brief=True)
    errors = [issue for issue in interface if issue.severity == "error"]
    if errors:
        raise ContentError(errors, sources=project.sources)
    return [*glyph_warnings(project, theme), *interface]
