"""The render process: a result or an exception comes back as it was, a process that ran out
of its bounds or died is reported, and none is left behind."""

from __future__ import annotations

import importlib
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from kindreflex.errors import ContentError, Issue
from kindreflex.render import isolation
from kindreflex.render.isolation import BoundExceeded, Limits, run_bounded


def children() -> set[int]:
    """The child processes of this one, running or waiting to be reaped (Linux's /proc)."""
    found: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


_before: set[int] = set()


@pytest.fixture(autouse=True)
def _children_before() -> None:
    _before.clear()
    _before.update(children())


def no_child_left() -> bool:
    """No child process the test started runs or waits to be reaped (a pool another test of
    this worker started is not the test's)."""
    return children() <= _before


def test_the_result_comes_back_from_another_process() -> None:
    assert run_bounded(lambda: {"html": ["<p>", 1]}) == {"html": ["<p>", 1]}
    assert run_bounded(os.getpid) != os.getpid()
    assert no_child_left()


def test_prepare_runs_here_and_the_child_inherits_what_it_made() -> None:
    made: list[int] = []
    assert run_bounded(lambda: list(made), prepare=lambda: made.append(os.getpid())) == \
        [os.getpid()]


def test_an_exception_comes_back_with_its_type_and_the_child_traceback() -> None:
    def fails() -> None:
        raise KeyError("missing")

    with pytest.raises(KeyError, match="missing") as info:
        run_bounded(fails)
    assert any("in the render process" in note for note in info.value.__notes__)


def test_a_content_error_comes_back_with_its_issues() -> None:
    issue = Issue("theme/x.j2", 3, 1, "template-error", "it failed", ("fix it",))

    def fails() -> None:
        raise ContentError([issue])

    with pytest.raises(ContentError) as info:
        run_bounded(fails)
    assert info.value.issues == [issue]


def test_an_exception_that_cannot_travel_comes_back_as_its_words() -> None:
    class Local(Exception):
        pass  # defined in a function: pickle cannot find it by name

    def fails() -> None:
        raise Local("odd")

    with pytest.raises(RuntimeError, match="Local: odd"):
        run_bounded(fails)


def test_the_cpu_bound_stops_a_loop() -> None:
    def spin() -> None:
        while True:
            pass

    started = time.monotonic()
    with pytest.raises(BoundExceeded, match="more than 1 s of processor time"):
        run_bounded(spin, Limits(cpu_seconds=1))
    assert time.monotonic() - started < Limits(cpu_seconds=1).wall_seconds
    assert no_child_left()


def test_the_memory_bound_stops_a_growing_list() -> None:
    def grow() -> None:
        pieces = []
        while True:
            pieces.append(bytearray(10 * 1024 * 1024))

    with pytest.raises(MemoryError):
        run_bounded(grow, Limits(memory_bytes=200 * 1024 * 1024))


def test_a_child_killed_from_outside_is_reported() -> None:
    with pytest.raises(BoundExceeded, match="SIGKILL"):
        run_bounded(lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(BoundExceeded, match="stopped by SIGUSR1"):
        run_bounded(lambda: os.kill(os.getpid(), signal.SIGUSR1))
    assert no_child_left()


def test_a_child_that_never_answers_is_stopped_after_the_wall_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "GRACE_SECONDS", 0)
    limits = Limits(cpu_seconds=1)
    monkeypatch.setattr(Limits, "wall_seconds", property(lambda self: 1.0))
    started = time.monotonic()
    with pytest.raises(BoundExceeded, match="did not finish within 1 s"):
        run_bounded(lambda: time.sleep(60), limits)  # sleeping costs no processor time
    assert time.monotonic() - started < 10
    assert no_child_left()


def test_a_render_does_not_wait_for_an_import_another_thread_is_making(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A child forked while another thread is half-way through importing a module would wait
    for that module's lock for ever: what a render imports lazily is imported before the fork
    (`isolation.before_fork`), after the other thread's import is done."""
    (tmp_path / "slow_module.py").write_text("import time\ntime.sleep(1.5)\nVALUE = 42\n",
                                             encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(isolation, "_BEFORE_FORK", [])
    isolation.before_fork(lambda: importlib.import_module("slow_module"))
    importing = threading.Thread(target=importlib.import_module, args=("slow_module",))
    importing.start()
    while "slow_module" not in sys.modules:  # the other thread is inside its body now
        time.sleep(0.01)
    try:
        value = run_bounded(lambda: importlib.import_module("slow_module").VALUE,
                            Limits(cpu_seconds=1))
    finally:
        importing.join()
        sys.modules.pop("slow_module", None)
    assert value == 42
    assert no_child_left()


@pytest.mark.parametrize("library", ["babel", "phonenumbers"])
def test_a_render_does_not_wait_for_a_lock_another_thread_holds_while_loading(
        library: str) -> None:
    """Babel loads a locale's data and phonenumbers a region's plan under one lock each, on
    first use. A fork waits until another thread that holds it is done, so the child starts
    with the lock free (`isolation.hold_across_fork`)."""
    from babel import localedata
    from phonenumbers import PhoneNumberFormat, format_number, parse
    from phonenumbers.phonemetadata import PhoneMetadata

    lock, use, expected = {
        # Swahili, Iceland: loaded by no other test of this process, so the child loads them.
        "babel": (localedata._cache_lock,  # type: ignore[attr-defined]
                  lambda: localedata.load("sw")["languages"]["nl"], "Kiholanzi"),
        "phonenumbers": (PhoneMetadata._metadata_lock,
                         lambda: format_number(parse("+354 551 2345"),
                                               PhoneNumberFormat.INTERNATIONAL),
                         "+354 551 2345"),
    }[library]
    held = threading.Event()

    def hold() -> None:
        with lock:  # as a thread loading data holds it, for a while
            held.set()
            time.sleep(1.5)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    try:
        value = run_bounded(use, Limits(cpu_seconds=1))
    finally:
        holder.join()
    assert value == expected
