"""The theme: template folders in lookup order (override, ROOT/templates, built-in)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError


def default_templates_dir() -> Path:
    """The built-in theme: `templates/` in a checkout, `kindreflex/_data/templates` installed."""
    package = Path(__file__).resolve().parent.parent  # kindreflex/
    for candidate in (package / "_data" / "templates", package.parent / "templates"):
        if (candidate / "base.html.j2").is_file():
            return candidate
    raise OutputError(f"the built-in templates are missing (looked in {package / '_data'})")


@dataclass(frozen=True)
class Theme:
    """Template directories in lookup order; the last is the built-in default."""

    dirs: tuple[Path, ...]

    @property
    def default(self) -> Path:
        """The built-in theme directory."""
        return self.dirs[-1]

    def find(self, name: str) -> Path:
        """The first file called `name` in lookup order (overrides win)."""
        for folder in self.dirs:
            path = folder / name
            if path.is_file():
                return path
        raise OutputError(f"template asset {name!r} not found in {_dir_list(self.dirs)}")


def theme_for(root: Path | None = None, override: Path | None = None) -> Theme:
    """The theme: `--templates DIR`, then `ROOT/templates/`, then the built-in default."""
    dirs: list[Path] = []
    if override is not None:
        if not override.is_dir():
            raise OutputError(f"--templates {override}: not a directory")
        dirs.append(override.resolve())
    if root is not None and (root / "templates").is_dir():
        dirs.append((root / "templates").resolve())
    default = default_templates_dir()
    if default not in dirs:
        dirs.append(default)
    return Theme(tuple(dict.fromkeys(dirs)))


def _dir_list(dirs: Iterable[Path]) -> str:
    return ", ".join(str(d) for d in dirs)
