"""The only code that writes output: atomic files inside the output folder, nothing deleted."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from ..errors import OutputError


class OutputWriter:
    """Writes files below one output folder, each atomically (temp file, then rename)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.written: list[Path] = []

    def target(self, relative: str) -> Path:
        """The absolute path of `relative` (POSIX form); OutputError if it leaves the folder."""
        rel = PurePosixPath(relative)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise OutputError(f"refused to write {relative!r}: not a path inside {self.out}")
        root = self.out.resolve()
        path = (root / Path(*rel.parts)).resolve()
        # resolve() follows symlinks: a link inside OUT pointing elsewhere is refused too.
        if not path.is_relative_to(root) or path == root:
            raise OutputError(f"refused to write {path}: it is outside the output folder {root}")
        return path

    def write(self, relative: str, data: bytes) -> Path:
        """Write `data` to OUT/`relative` atomically; readers never see a partial file."""
        path = self.target(relative)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create folder {path.parent}: {exc.strerror}") from exc
        if path.is_dir():
            raise OutputError(f"cannot write {path}: a folder has that name")
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            # mkstemp makes the file 0600; outputs are documents meant to be shared.
            os.chmod(temp, 0o644)
            os.replace(temp, path)
        except OSError as exc:
            # Only the temp file we just made is removed; the previous output stays intact.
            temp.unlink(missing_ok=True)
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        self.written.append(path)
        return path

    def write_all(self, files: Mapping[str, bytes]) -> list[Path]:
        """Write several files (after checking every path first), in sorted order."""
        for relative in files:
            self.target(relative)
        return [self.write(relative, files[relative]) for relative in sorted(files)]
