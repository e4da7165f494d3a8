"""Ordering of writes: outputs first, edition log, index and manifest last; temp files never
left behind."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from kindreflex.errors import OutputError
from kindreflex.framework.model import Plan
from kindreflex.output import build as build_module
from kindreflex.output.build import MANIFEST, BuildRequest, run_build
from kindreflex.output.writer import OutputWriter
from kindreflex.render.shrink_to_fit import Printed

from ..helpers import MINI, run

EPOCH = "1795824000"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    # A PDF is a pure function of its HTML here: the order of writes is what is tested.
    def fake_print(plan: Plan, lang: str, **_options: object) -> Printed:
        return Printed(b"%PDF-1.7 fake " + f"{plan.plan_id} {lang}".encode())

    monkeypatch.setattr(build_module, "print_plan", fake_print)
    shutil.copytree(MINI, tmp_path / "root")
    return tmp_path / "root"


def temps(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def full_disk_on(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Writing a file called `name` fails as on a full disk."""
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").rsplit("/", 1)[1].startswith(f".{name}."):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_a_full_disk_leaves_no_index_or_manifest_naming_a_missing_file(
        root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    full_disk_on(monkeypatch, "sport.pdf")
    with pytest.raises(OutputError, match="No space left"):
        run_build(BuildRequest(root=root, sectors=("sport",), out=out))
    assert not (out / "index.html").exists() and not (out / MANIFEST).exists()
    assert not (out / "editions.json").exists()
    assert temps(out) == []
    # What was written before the failure is recorded, and exists.
    journal = out / f".{MANIFEST}.journal"
    recorded = {json.loads(line)["name"] for line in journal.read_text().splitlines()}
    assert recorded == {"en/sport.html"}  # written in order: en/sport.pdf failed next
    assert all((out / name).is_file() for name in recorded)
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    def fake_print(plan: Plan, lang: str, **_options: object) -> Printed:
        return Printed(b"%PDF-1.7 fake " + f"{plan.plan_id} {lang}".encode())

    monkeypatch.setattr(build_module, "print_plan", fake_print)
    written = {p.relative_to(out).as_posix()
               for p in run_build(BuildRequest(root=root, sectors=("sport",), out=out))}
    # The files the journal recorded are not written again; the rest, the index and manifest are.
    assert written == {"en/sport.pdf", "nl/sport.html", "nl/sport.pdf", "editions.json",
                       "index.html", MANIFEST}
    manifest = json.loads((out / MANIFEST).read_text())
    assert all((out / name).is_file() for name in manifest["outputs"])
    assert not journal.exists()


def test_index_and_manifest_are_written_last(root: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    real = OutputWriter.write

    def write(self: OutputWriter, relative: str, data: bytes) -> Path:
        order.append(relative)
        return real(self, relative, data)

    monkeypatch.setattr(OutputWriter, "write", write)
    run_build(BuildRequest(root=root, sectors=("sport",), out=tmp_path / "out"))
    assert order[-3:] == ["editions.json", "index.html", MANIFEST]
    assert len(order) == 7


def test_an_interrupt_while_writing_leaves_no_temp_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    writer = OutputWriter(tmp_path)
    writer.write("nl/a.html", b"old")

    def interrupted(*_args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writer.write("nl/a.html", b"new")
    assert temps(tmp_path) == []
    assert (tmp_path / "nl" / "a.html").read_bytes() == b"old"


def test_stale_temp_files_of_killed_runs_are_removed_and_nothing_else(
        root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "nl").mkdir(parents=True)
    dead = 4_194_304 + 17  # above Linux's largest pid: never a running process
    stale = [out / "nl" / f".sport.pdf.kr{dead}.a1b2c3d4.tmp", out / f".index.html.kr{dead}.x.tmp"]
    kept = [out / "nl" / f".sport.pdf.kr{os.getpid()}.zzzz.tmp",  # a live writer's
            out / "nl" / ".sport.pdf.a1b2c3d4.tmp",  # not our naming
            out / "nl" / "notes.tmp", out / "nl" / ".notes.txt"]
    for path in [*stale, *kept]:
        path.write_bytes(b"partial")
    run_build(BuildRequest(root=root, sectors=("sport",), formats=("html",), out=out))
    assert not any(p.exists() for p in stale)
    assert all(p.read_bytes() == b"partial" for p in kept)


def test_a_read_only_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    (out / "nl").mkdir(parents=True)
    if os.geteuid() == 0:  # root writes anyway: make the folder refuse as a read-only one does
        real = tempfile.mkstemp

        def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            if Path(kwargs.get("dir", "")) == out / "nl":
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            return real(*args, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    else:
        (out / "nl").chmod(0o555)
    with pytest.raises(OutputError) as info:
        OutputWriter(out).write("nl/sport.html", b"x")
    assert str(info.value) == f"cannot write into the folder {out.resolve() / 'nl'}: " \
                              "Permission denied"
    assert ".tmp" not in str(info.value)


def test_a_batch_killed_half_way_is_finished_by_the_rerun(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    orgs = tmp_path / "orgs.csv"
    # Enough organisations that the kill lands half-way even on a fast machine (an HTML page
    # of the mini project takes a few milliseconds).
    count = 300
    orgs.write_text("id,name,contact_name,contact_phone\n" + "".join(
        f"club-{n:03d},Club {n},Contact {n},0470 12 {n // 100:02d} {n % 100:02d}\n"
        for n in range(count)),
        encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kindreflex", "batch", "sport", "--root", str(MINI),
               "--orgs", str(orgs), "--out", str(out), "--lang", "nl", "--format", "html",
               "--quiet", "--jobs", "1"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    journal = out / ".manifest.json.journal"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if journal.is_file() and len(journal.read_text().splitlines()) >= 5:
            break
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = len([line for line in journal.read_text().splitlines() if line.endswith("}")])
    assert 5 <= done < count, "the batch was not killed half-way"
    assert not (out / "manifest.json").exists()
    result = run("batch", "sport", "--root", str(MINI), "--orgs", str(orgs), "--out", str(out),
                 "--lang", "nl", "--format", "html", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert f"wrote {count - done} file(s)" in result.output and f"{done} up to date" in \
        result.output
    assert temps(out) == [] and not journal.exists()
    assert len(json.loads((out / "manifest.json").read_text())["outputs"]) == count
