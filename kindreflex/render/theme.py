"""The theme: template folders in lookup order (override, ROOT/templates, built-in)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import OutputError
from ..framework.files import is_regular_file


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

    @property
    def has_overrides(self) -> bool:
        """Whether an editor's templates come before the built-in ones."""
        return len(self.dirs) > 1

    def find(self, name: str) -> Path:
        """The first file called `name` in lookup order (overrides win).

        Only a regular file inside a theme folder is found: `/etc/passwd`, `../x` or a link
        that leads out of the folder are refused, whichever template asks.
        """
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts \
                or "\\" in name or "\x00" in name:
            raise OutputError(f"template asset {name!r} refused: name a file inside the theme "
                              "folders, such as 'fonts/OpenSans-Regular.ttf'")
        for folder in self.dirs:
            path = folder.joinpath(*relative.parts)
            if not path.exists():
                continue
            inside = path.resolve().is_relative_to(folder.resolve())
            if inside and is_regular_file(path):
                return path.resolve()
            raise OutputError(f"template asset {name!r} refused: it is not a file inside the "
                              f"theme folder {self.label(folder)}")
        raise OutputError(f"template asset {name!r} not found in the theme folders "
                          f"({', '.join(self.label(d) for d in self.dirs)})")

    def label(self, folder: Path) -> str:
        """A theme folder as messages show it: never an absolute path (serve shows them)."""
        return "kindreflex/templates" if folder == self.default else folder.name

    def label_of(self, filename: str) -> str:
        """A theme file as messages show it: `templates/handout.html.j2`."""
        path = Path(filename)
        for folder in self.dirs:
            if path.is_relative_to(folder):
                return f"{self.label(folder)}/{path.relative_to(folder).as_posix()}"
        return path.name if path.is_absolute() else filename


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

