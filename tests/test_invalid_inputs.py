"""The corpus of failure cases: one folder per case, each with its input and expected output.

`tests/invalid/<case>/case.yaml` says what is wrong (`about`), the command (run in-process
from a copy of `projects/mini` with the case's `files/` laid over it), the environment, the
set-up that makes the case from the sample project (a patch of a few lines, a FIFO, a link to
/dev/zero, a file over a size limit) and the exit code; `expected.txt` is the exact output,
its line numbers written as `{line:TEXT}` and its code frames without their row numbers
(see tests/lines.py). Every case must exit 1
(content) or 2 (usage, I/O) with no traceback; a content error names its file, line, column
and code. KINDREFLEX_UPDATE_GOLDEN=1 rewrites `expected.txt` after a deliberate change:
review the diff.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from kindreflex.cli import cli
from kindreflex.errors import INVISIBLE

from .helpers import MINI, TESTS
from .lines import resolve_lines, with_placeholders, without_frame_numbers

CORPUS = TESTS / "invalid"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())
LOCATED = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<column>\d+): "
                     r"(?P<severity>error|warning)\[(?P<code>[a-z0-9-]+)\]: \S")
TIMEOUT_S = 120  # a FIFO that blocks would hang the suite: fail instead


def spec_of(case: Path) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    return spec


def prepare(case: Path, root: Path) -> None:
    """A copy of the mini project with the case's files and set-up applied."""
    shutil.copytree(MINI, root)
    if (case / "files").is_dir():
        shutil.copytree(case / "files", root, dirs_exist_ok=True, symlinks=True)
    for step in spec_of(case).get("setup", []):
        if "patch" in step:
            path = root / step["patch"]
            text = path.read_text(encoding="utf-8")
            assert text.count(step["old"]) == 1, f"{case.name}: the patch no longer applies"
            # `encoding`: the file is saved in another encoding than UTF-8 (a case about it).
            path.write_text(text.replace(step["old"], step["new"]),
                            encoding=step.get("encoding", "utf-8"))
        elif "append" in step:
            with (root / step["append"]).open("a", encoding="utf-8") as handle:
                handle.write(step["text"])
        elif "fifo" in step:
            os.mkfifo(root / step["fifo"])
        elif "symlink" in step:
            (root / step["symlink"]).symlink_to(step["to"])
        elif "mkdir" in step:
            (root / step["mkdir"]).mkdir(parents=True)
        elif "big" in step:
            path = root / step["big"]
            padding = step["bytes"] - path.stat().st_size
            with path.open("a", encoding="utf-8") as handle:
                handle.write(("#" * 99 + "\n") * (padding // 100 + 1))
        else:
            raise AssertionError(f"{case.name}: unknown set-up step {step}")


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def expire(_signum: int, _frame: Any) -> None:
        raise TimeoutError(f"the command ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_case(case: Path, root: Path, monkeypatch: pytest.MonkeyPatch,
             command: list[str] | None = None) -> tuple[Result, str]:
    """Run the case's command (or `command`) in its root; (result, normalised output)."""
    spec = spec_of(case)
    for name, value in (spec.get("env") or {}).items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(root)
    with time_limit(TIMEOUT_S):
        result = CliRunner().invoke(cli, command or spec["command"], catch_exceptions=True)
    output = result.output.replace(str(root.resolve()), "<root>").replace(str(root), "<root>")
    return result, output


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_malformed_input_gets_a_clear_error(case: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    spec = spec_of(case)
    root = tmp_path / "root"
    prepare(case, root)
    before = {p.relative_to(root): p.lstat().st_mtime_ns for p in root.rglob("*")}
    result, output = run_case(case, root, monkeypatch)
    expected_file = case / "expected.txt"
    if os.environ.get("KINDREFLEX_UPDATE_GOLDEN"):
        expected_file.write_text(with_placeholders(output, root), encoding="utf-8")
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert result.exit_code == spec["exit"], output
    assert "Traceback" not in output and "internal error" not in output
    assert "\x1b" not in output and "\x07" not in output, "a control character reached the terminal"
    assert not INVISIBLE.search(output), "an invisible direction mark reached the terminal"
    if spec["exit"] == 1:
        located = [m for m in map(LOCATED.match, output.splitlines()) if m]
        strict = "--strict" in spec["command"]  # there, a warning fails too
        assert any(strict or m.group("severity") == "error" for m in located), output
    else:
        assert output.startswith(("error: ", "Usage: ")), output
    assert without_frame_numbers(output) == \
        resolve_lines(expected_file.read_text(encoding="utf-8"), root)
    # Nothing was written, nothing deleted: the inputs are as they were, no output appeared.
    after = {p.relative_to(root): p.lstat().st_mtime_ns for p in root.rglob("*")}
    assert after == before


# Content cases: the framework and overlay files (templates are checked when rendered).
CONTENT_CASES = [c for c in CASES if spec_of(c)["command"][0] in ("validate", "build")
                 and "--strict" not in spec_of(c)["command"]
                 and spec_of(c)["exit"] == 1 and not (c / "files" / "templates").exists()]
BUILD_ALL = ["build", "--all", "--context", "lockdown", "--format", "html", "--layout",
             "handout", "--layout", "card"]


@pytest.mark.parametrize("case", CONTENT_CASES, ids=[c.name for c in CONTENT_CASES])
def test_validate_already_reports_what_build_refuses(case: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Every failure `build` raises on content is one `validate` reports, at the same place."""
    root = tmp_path / "root"
    prepare(case, root)
    built, build_output = run_case(case, root, monkeypatch, BUILD_ALL)
    validated, validate_output = run_case(case, root, monkeypatch, ["validate"])
    assert built.exit_code == 1 and "Traceback" not in build_output, build_output
    refused = [line for line in build_output.splitlines() if LOCATED.match(line)]
    assert refused
    assert validated.exit_code == 1
    assert set(refused) <= set(validate_output.splitlines())


def test_the_corpus_is_large_and_covers_every_kind_of_input() -> None:
    assert len(CASES) >= 60
    commands = {spec_of(c)["command"][0] for c in CASES}
    assert {"validate", "build", "batch", "new-sector"} <= commands
    prefixes = {c.name.split("-")[0] for c in CASES}
    assert {"framework", "overlay", "orgs", "template", "env", "file"} <= prefixes
