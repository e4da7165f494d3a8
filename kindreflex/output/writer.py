"""The only code that writes output: atomic files inside the output folder, nothing deleted
but its own temp files and journals."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path, PurePosixPath

from ..errors import OutputError

# A temp file is `.<name>.kr<pid>.<random>.tmp` beside its target: the pid tells a temp
# of a run that was killed (SIGKILL, power cut) from one a running process still writes.
TEMP = re.compile(r"\.(?P<name>.+)\.kr(?P<pid>[0-9]+)\.[A-Za-z0-9_]+\.tmp")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # it runs, as another user
    except (ProcessLookupError, OverflowError):
        return False
    return True


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

    def remove_stale_temps(self) -> list[Path]:
        """Remove the temp files runs that were killed left behind (ours only, by name)."""
        removed: list[Path] = []
        if not self.out.is_dir():
            return removed
        for folder, _dirs, files in os.walk(self.out):
            for name in files:
                match = TEMP.fullmatch(name)
                if match and not _alive(int(match.group("pid"))):
                    path = Path(folder) / name
                    try:
                        path.unlink()
                    except OSError:
                        continue  # not ours to insist on; the next run tries again
                    removed.append(path)
        return removed

    def _folder(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create folder {path.parent}: "
                              f"{exc.strerror or exc}") from exc
        if path.is_dir():
            raise OutputError(f"cannot write {path}: a folder has that name")

    def write(self, relative: str, data: bytes) -> Path:
        """Write `data` to OUT/`relative` atomically; readers never see a partial file."""
        path = self.target(relative)
        self._folder(path)
        try:
            fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.kr{os.getpid()}.",
                                             suffix=".tmp", dir=path.parent)
        except OSError as exc:
            # Name the folder the user can fix, not the temp file that could not be made.
            raise OutputError(f"cannot write into the folder {path.parent}: "
                              f"{exc.strerror or exc}") from exc
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            # mkstemp makes the file 0600; outputs are documents meant to be shared.
            os.chmod(temp, 0o644)
            os.replace(temp, path)
        except BaseException as exc:
            # On every way out (a full disk, Ctrl-C, a bug) only the temp file we just made
            # is removed; the previous output stays intact.
            temp.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
            raise
        self.written.append(path)
        return path

    def append_line(self, relative: str, line: str) -> None:
        """Append one line to OUT/`relative` (a journal): a killed run loses at most it."""
        path = self.target(relative)
        self._folder(path)
        try:
            with path.open("a", encoding="utf-8") as handle:
                handle.write(line.rstrip("\n") + "\n")
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc

    def remove_own(self, relative: str) -> None:
        """Remove a file this tool keeps for itself (a finished journal), if it is there."""
        try:
            self.target(relative).unlink(missing_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot remove {relative}: {exc.strerror or exc}") from exc
