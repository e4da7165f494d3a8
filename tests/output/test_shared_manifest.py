"""Runs into one OUT share its manifest: each replaces only its own entries, under OUT's lock."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from kindreflex.output import build as build_module
from kindreflex.output import manifest as mf
from kindreflex.output.build import MANIFEST, BuildRequest, run_build
from kindreflex.output.shared_manifest import LOCK, OutLock, SharedManifest
from kindreflex.output.writer import OutputWriter

from ..helpers import MINI


@pytest.fixture
def two_sectors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini project with a second sector, `dans`, a copy of `sport`."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    root = tmp_path / "root"
    shutil.copytree(MINI, root)
    sectors = root / "frameworks" / "sectors"
    text = (sectors / "sport.yaml").read_text(encoding="utf-8")
    assert "\nid: sport\n" in text
    (sectors / "dans.yaml").write_text(text.replace("\nid: sport\n", "\nid: dans\n"),
                                       encoding="utf-8")
    return root


def request(root: Path, out: Path, sector: str) -> BuildRequest:
    return BuildRequest(root=root, sectors=(sector,), languages=("en",), formats=("html",),
                        out=out)


def recorded(out: Path, name: str = MANIFEST) -> set[str]:
    return set(json.loads((out / name).read_text())["outputs"])


def test_concurrent_builds_of_two_sectors_both_keep_their_entries(
        two_sectors: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    # Both builds have read OUT's manifest before either renders: the race a slow render
    # opens between two builds started side by side.
    both_loaded = threading.Barrier(2, timeout=60)
    real_render_html = build_module.render_html

    def render_html(*args: Any) -> dict[str, bytes]:
        both_loaded.wait()
        return real_render_html(*args)

    monkeypatch.setattr(build_module, "render_html", render_html)
    failures: list[BaseException] = []

    def build(sector: str) -> None:
        try:
            run_build(request(two_sectors, out, sector))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=build, args=(sector,)) for sector in ("sport", "dans")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert recorded(out) == {"en/sport.html", "en/dans.html"}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="en/sport.html"' in index and 'href="en/dans.html"' in index
    assert not (out / LOCK).exists() and not (out / f".{MANIFEST}.journal").exists()
    monkeypatch.setattr(build_module, "render_html", real_render_html)
    for sector in ("sport", "dans"):  # each one's entries are there: nothing to redo
        assert run_build(request(two_sectors, out, sector)) == []


def test_a_merge_keeps_other_runs_entries_while_their_files_are_there(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path)
    shared = SharedManifest(writer)

    def entry(name: str) -> mf.Entry:
        data = name.encode()
        writer.write(name, data)
        return mf.Entry(name, "nl", "html", "inputs", mf.digest_bytes(data), len(data), "full")

    first = {name: entry(name) for name in ("orgs/nl/a.html", "orgs/nl/b.html")}
    assert shared.merge(first, set(first))
    second = {"orgs/nl/c.html": entry("orgs/nl/c.html")}
    shared.record("orgs/nl/c.html", second["orgs/nl/c.html"])  # journalled, then merged
    assert shared.merge(second, set(second))
    assert set(shared.load()) == {"orgs/nl/a.html", "orgs/nl/b.html", "orgs/nl/c.html"}
    # A run's own output that it did not make again loses its entry; a file removed by hand
    # loses its entry at the next merge of any run.
    (tmp_path / "orgs/nl/a.html").unlink()
    assert shared.merge({}, {"orgs/nl/b.html"})
    assert set(shared.load()) == {"orgs/nl/c.html"}
    assert not shared.merge(second, set(second))  # nothing changed: not written again
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "orgs"]


def test_out_lock_excludes_another_holder_until_released(tmp_path: Path) -> None:
    first, second = OutLock(OutputWriter(tmp_path)), OutLock(OutputWriter(tmp_path))
    order: list[str] = []
    with first:
        waiter = threading.Thread(target=lambda: (second.__enter__(), order.append("second"),
                                                  second.__exit__()))
        waiter.start()
        waiter.join(timeout=0.5)
        assert waiter.is_alive() and order == []  # still waiting for the lock
        with first:  # its holder re-enters it freely
            order.append("first")
    waiter.join(timeout=30)
    assert order == ["first", "second"]
    assert not (tmp_path / LOCK).exists()
