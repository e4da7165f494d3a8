"""A manifest of OUT that several runs update (builds of other sectors, batches of split
organisation files, at once or one after the other): each run replaces only its own entries,
under OUT's lock."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Mapping, Set
from pathlib import Path

from .. import __version__
from ..errors import OutputError
from . import manifest as mf
from .writer import OutputWriter

LOCK = ".kindreflex.lock"


class OutLock:
    """OUT's lock: an exclusive `flock` on OUT/.kindreflex.lock, held by one run at a time and
    re-entered freely by the run that holds it.

    The file is removed while still locked, so OUT keeps no trace of it; a run that opened it
    just before finds, once it holds the lock, that the name is gone or names another file,
    and opens it again (a lock on a removed file would exclude no one).
    """

    def __init__(self, writer: OutputWriter) -> None:
        self.writer = writer
        self._depth = 0
        self._fd: int | None = None

    def __enter__(self) -> OutLock:
        if self._depth == 0:
            self._fd = self._acquire()
        self._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                os.unlink(self.writer.target(LOCK))
            except OSError:
                pass  # left behind, it is locked and removed again by the next run
            finally:
                os.close(fd)  # releases the lock

    def _acquire(self) -> int:
        path = self.writer.target(LOCK)
        while True:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                raise OutputError(f"cannot lock the output folder {path.parent}: "
                                  f"{exc.strerror or exc}") from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                if _same_file(fd, path):
                    return fd
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
    except FileNotFoundError:
        return False


class SharedManifest:
    """One manifest of OUT (`manifest.json` of batches, `build-manifest.json` of builds) and its
    journal: a run journals each output as it is written and merges its entries at the end."""

    def __init__(self, writer: OutputWriter, name: str = mf.NAME) -> None:
        self.writer = writer
        self.name = name
        self.journal = mf.journal_name(name)
        self.lock = OutLock(writer)

    def load(self) -> dict[str, mf.Entry]:
        """The entries recorded so far, by every run (manifest and journal)."""
        # Read without the lock, so that a run refused for its input leaves OUT untouched: an
        # entry read half-way through another run's merge costs a render, never a stale file
        # (`manifest.up_to_date` compares the bytes).
        return mf.load(self.writer.out, self.name)

    def record(self, output: str, entry: mf.Entry) -> None:
        """Journal one output as soon as it is written: a run killed later is redone from there."""
        with self.lock:
            self.writer.append_line(self.journal, mf.journal_line(output, entry))

    def merge(self, own: Mapping[str, mf.Entry], mine: Set[str], rewrite: bool = False,
              ) -> bool:
        """Write the manifest as it now is on disk (other runs' journal lines included), with
        the entries of this run's outputs `mine` replaced by `own`; then remove the journal.

        An output of `mine` without an entry in `own` (not made, or not fit to keep) loses its
        entry; another run's entry stays while its file is there. The manifest is written if
        it changed (always with `rewrite`). True if it was written.
        """
        out = self.writer.out
        with self.lock:
            entries = {name: entry for name, entry in mf.load(out, self.name).items()
                       if name not in mine and (out / name).is_file()}
            entries.update(own)
            data = mf.dump(__version__, entries)
            old = _bytes(out / self.name)
            written = (rewrite or data != old) and bool(entries or old is not None)
            if written:
                self.writer.write(self.name, data)
            self.writer.remove_own(self.journal)
        return written


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
