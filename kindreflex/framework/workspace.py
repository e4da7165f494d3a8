"""Finds the framework, the overlays and the templates under a root directory."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError

OVERLAY_FOLDERS = {"sector": "sectors", "context": "contexts"}


@dataclass(frozen=True)
class Workspace:
    """The files of one root: `frameworks/*.yaml`, `frameworks/sectors/`, `frameworks/contexts/`."""

    root: Path
    framework_files: tuple[Path, ...]
    overlay_files: dict[str, tuple[Path, ...]] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path) -> Workspace:
        """Scan `root`; UsageError if it has no `frameworks/` folder."""
        frameworks = root / "frameworks"
        if not frameworks.is_dir():
            raise UsageError(
                f"{root}: no 'frameworks' folder here "
                "(use --root to point at the folder that holds it)"
            )
        overlays = {
            kind: tuple(sorted((frameworks / folder).glob("*.yaml")))
            for kind, folder in OVERLAY_FOLDERS.items()
        }
        return cls(root, tuple(sorted(frameworks.glob("*.yaml"))), overlays)

    def relative(self, path: Path) -> str:
        """The path as shown in messages: relative to the root, with '/'."""
        try:
            # The folder is resolved, not the file: a link is named as itself, not its target.
            place = path.parent.resolve() / path.name
            return place.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def overlay_path(self, kind: str, overlay_id: str) -> Path:
        """Where an overlay of that kind and id lives (it may not exist yet)."""
        return self.root / "frameworks" / OVERLAY_FOLDERS[kind] / f"{overlay_id}.yaml"
