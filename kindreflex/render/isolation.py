"""Runs one render in a child process with a CPU-time and a memory bound: a theme that loops
for ever or fills memory stops there, with its error, and the caller goes on.

The child is forked, so it inherits everything the render needs (no pickling of plans); only
the result (or the exception) comes back through a pipe. Measured cost: some 20 ms a render
(the fork, and the parent's first write to each of its pages afterwards), nothing next to its
PDF (`bench/bench_template_bound.py`). Where `fork` does not exist the render runs in-process,
bounded only by the size limits of `render.template_limits`.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import pickle
import select
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType
from typing import TypeVar

T = TypeVar("T")

# Far above a real render (the handout of a plan twenty times the shipped one takes 0.3 s),
# far below what would stall a build or the machine.
CPU_SECONDS = 30
MEMORY_BYTES = 1024 * 1024 * 1024  # on top of what the process holds when it forks
# A grace period after the CPU bound, for the child to report where it was stopped.
GRACE_SECONDS = 2

# Forks happen one at a time, and the caller's `prepare` (loading templates) runs under the
# same lock. Templates are only ever rendered in a child, so no other thread of this process
# (the preview serves several) holds a lock of the template machinery when a child is forked.
FORK_LOCK = threading.Lock()
_children: set[int] = set()
# What a render imports or loads on first use, done here before every fork (under the lock):
# a child forked while another thread of the preview is half-way through importing a module
# would wait for that module's lock for ever (the thread that holds it is not in the child).
# Once done, each is a cache hit.
_BEFORE_FORK: list[Callable[[], object]] = []


def before_fork(load: Callable[[], T]) -> Callable[[], T]:
    """Register `load` (what a render would otherwise import or load lazily) to be done in
    the parent before each child is forked; returns it unchanged (use as a decorator)."""
    _BEFORE_FORK.append(load)
    return load


def hold_across_fork(lock: threading.Lock | threading.RLock) -> None:
    """Take `lock` before any fork of this process and give it back on both sides after: no
    child starts with it held by a thread it does not have (one that was half-way through
    loading data under it), and none waits for it for ever."""
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(before=lock.acquire, after_in_parent=lock.release,
                            after_in_child=lock.release)


def _hold_library_locks() -> None:
    """The locks under which the libraries a render uses load their data on first use."""
    from babel import localedata
    from phonenumbers.phonemetadata import PhoneMetadata

    hold_across_fork(localedata._cache_lock)  # type: ignore[attr-defined]  # a locale's data
    hold_across_fork(PhoneMetadata._metadata_lock)  # a region's numbering plan


_hold_library_locks()


class BoundExceeded(Exception):
    """The render ran out of its time or memory, or was stopped from outside."""


@dataclass(frozen=True)
class Limits:
    """The bounds of one render."""

    cpu_seconds: int = field(default_factory=lambda: CPU_SECONDS)
    memory_bytes: int = field(default_factory=lambda: MEMORY_BYTES)

    @property
    def wall_seconds(self) -> float:
        """How long the caller waits at most: generous, as the machine may be busy."""
        return 3 * (self.cpu_seconds + GRACE_SECONDS) + 10


def run_bounded(task: Callable[[], T], limits: Limits | None = None,
                prepare: Callable[[], object] | None = None, isolated: bool = True) -> T:
    """`task()` run in a child within `limits`; its exception is raised here as it was there.

    `prepare` runs here first, under the fork lock: what it loads (compiled templates) the
    child inherits instead of loading it again in every render. Not `isolated` (or without
    `fork`), the task runs here, unbounded.
    """
    limits = limits or Limits()
    with FORK_LOCK:
        if prepare is not None:
            prepare()
        if isolated and hasattr(os, "fork"):
            for load in _BEFORE_FORK:
                load()
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                _child(task, limits, read_end, write_end)
            _children.add(pid)
    if not (isolated and hasattr(os, "fork")):
        return task()
    os.close(write_end)
    payload = None
    try:
        payload = _read_until_end(read_end, limits.wall_seconds)
    finally:
        os.close(read_end)
        # The pipe closed: the child is exiting, wait for it. Otherwise it is stopped.
        status = _reap(pid, stop=payload is None)
    if payload is None:
        raise BoundExceeded(f"it did not finish within {limits.wall_seconds:.0f} s")
    if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and payload):
        raise BoundExceeded(_death(status, limits))
    succeeded, value = pickle.loads(payload)
    if succeeded:
        result: T = value
        return result
    raise value


def _child(task: Callable[[], object], limits: Limits, read_end: int, write_end: int) -> None:
    """The child's whole life: bounds, the task, its outcome into the pipe, exit."""
    code = 0
    try:
        os.close(read_end)
        # Ctrl-C or a stop of the parent ends the child at once; the parent's own handlers
        # (the preview's) are not the child's business.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        gc.freeze()  # the collector leaves the parent's objects alone: no copying of them
        _set_bounds(limits)
        try:
            outcome: tuple[bool, object] = (True, task())
        except BaseException as error:  # everything goes back to the parent
            outcome = (False, _portable(error))
        payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _set_bounds(limits: Limits) -> None:
    import resource  # Unix only, as fork is
    def out_of_time(_signum: int, _frame: FrameType | None) -> None:
        raise BoundExceeded(f"it ran for more than {limits.cpu_seconds} s of processor time")

    signal.signal(signal.SIGXCPU, out_of_time)
    _lower(resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + GRACE_SECONDS)
    held = _address_space()
    if held is not None:
        _lower(resource.RLIMIT_AS, held + limits.memory_bytes, None)


def _lower(kind: int, soft: int, hard: int | None) -> None:
    """Set a limit, never above what the process may already use (unprivileged)."""
    import resource
    _current_soft, current_hard = resource.getrlimit(kind)
    ceiling = current_hard if current_hard != resource.RLIM_INFINITY else None
    if ceiling is not None:
        soft = min(soft, ceiling)
        hard = ceiling if hard is None else min(hard, ceiling)
    resource.setrlimit(kind, (soft, current_hard if hard is None else hard))


def _address_space() -> int | None:
    """Bytes of address space this process holds (Linux), or None where that is unknown."""
    try:
        fd = os.open("/proc/self/statm", os.O_RDONLY)
        try:
            pages = int(os.read(fd, 200).split()[0])
        finally:
            os.close(fd)
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _portable(error: BaseException) -> BaseException:
    """`error` as it can travel through a pipe, with the child's traceback as a note (shown
    with --debug)."""
    error.add_note("in the render process:\n" + "".join(traceback.format_tb(error.__traceback__)))
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        stand_in = RuntimeError(f"{type(error).__name__}: {error}")
        stand_in.__notes__ = getattr(error, "__notes__", [])
        return stand_in
    return error


def _read_until_end(fd: int, seconds: float) -> bytes | None:
    """Everything the child writes until it closes the pipe; None after `seconds`."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int, stop: bool) -> int:
    """The child's wait status, once it has ended (killed first if `stop`)."""
    try:
        if stop:
            os.kill(pid, signal.SIGKILL)
        return os.waitpid(pid, 0)[1]
    finally:
        _children.discard(pid)


def _death(status: int, limits: Limits) -> str:
    if os.WIFSIGNALED(status):
        stopped_by = signal.Signals(os.WTERMSIG(status))
        if stopped_by in (signal.SIGKILL, signal.SIGXCPU):
            return (f"it was stopped after using more than {limits.cpu_seconds} s or "
                    f"{limits.memory_bytes // 2**20} MiB ({stopped_by.name})")
        return f"the render process was stopped by {stopped_by.name}"
    return "the render process ended without a result"


@atexit.register
def _stop_children() -> None:
    # A render still running when the program ends (the preview stopped mid-render) ends too.
    for pid in list(_children):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
