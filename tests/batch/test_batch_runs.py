"""Batches into one OUT keep each other's manifest entries; workers never outnumber tasks."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from kindreflex.batch import run as batch_module
from kindreflex.output import build as build_module

from ..helpers import MINI, run

HEADER = "id,name,contact_name,contact_phone\n"


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


def orgs_file(path: Path, first: int, count: int) -> Path:
    path.write_text(HEADER + "".join(f"club-{n:03d},Club {n},Contact {n},0470 12 34 {n:02d}\n"
                                     for n in range(first, first + count)), encoding="utf-8")
    return path


def batch(orgs: Path, out: Path, *extra: str) -> str:
    result = run("batch", "sport", "--root", str(MINI), "--orgs", str(orgs), "--out", str(out),
                 "--lang", "nl", "--quiet", *extra)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_batch_split_into_two_files_reruns_nothing(tmp_path: Path) -> None:
    # docs/editors.md suggests splitting a large organisations file; each part into one OUT.
    parts = [orgs_file(tmp_path / "a.csv", 0, 3), orgs_file(tmp_path / "b.csv", 3, 2)]
    out = tmp_path / "out"
    for part in parts:
        batch(part, out, "--format", "html", "--jobs", "1")
    outputs = json.loads((out / "manifest.json").read_text())["outputs"]
    assert sorted(outputs) == [f"orgs/nl/club-{n:03d}.html" for n in range(5)]
    for part, count in zip(parts, (3, 2), strict=True):
        assert f"wrote 0 file(s) to {out}, {count} up to date" in \
            batch(part, out, "--format", "html", "--jobs", "1")


def test_jobs_never_outnumber_the_tasks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int | None] = []

    class CountedPool(ProcessPoolExecutor):
        def __init__(self, max_workers: int | None = None, **options: Any) -> None:
            started.append(max_workers)
            super().__init__(max_workers=max_workers, **options)

    monkeypatch.setattr(batch_module, "ProcessPoolExecutor", CountedPool)
    monkeypatch.setattr(build_module, "ProcessPoolExecutor", CountedPool)
    one = orgs_file(tmp_path / "one.csv", 0, 1)
    # One organisation's web page: one task, rendered here without a pool.
    batch(one, tmp_path / "html", "--format", "html", "--jobs", "40")
    assert started == []
    # Its PDF: the shared part and the organisation's page side by side, so two workers.
    batch(one, tmp_path / "pdf", "--format", "pdf", "--jobs", "40")
    assert started == [2]
    result = run("build", "sport", "--root", str(MINI), "--lang", "en", "--format", "pdf",
                 "--layout", "card", "--layout", "card-sheet", "--out", str(tmp_path / "build"),
                 "--jobs", "40")
    assert result.exit_code == 0, result.output
    assert started == [2, 2]
