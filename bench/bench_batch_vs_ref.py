"""Batch cost per organisation, this tree against a git ref's (main by default), paired.

On a shared machine a busy hour slows a batch more than it slows a build, so a row measured
today cannot be held against one measured quietly last week. This runs both trees in the same
rounds: the ref's tree unpacked with `git archive` into a temporary folder (its own package
and templates), this tree as it is, each `kindreflex batch sport --layout L --jobs 1` as a
whole process with 4 and 12 organisations, and one handout build per tree and round; the
sides rotate from round to round. Prints one JSON object: per layout and tree the marginal CPU
per organisation (median, lowest–highest), its ratio to the handout build of the same round,
and this tree ÷ the ref per round.

    .venv/bin/python bench/bench_batch_vs_ref.py --layouts card,worker --ref main
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_batch import org_csv  # noqa: E402
from bench.bench_render_cost import interleaved, ratio  # noqa: E402

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1795910400", "PYTHONDONTWRITEBYTECODE": "1"}


def child_cpu(command: list[str], root: Path) -> float:
    """CPU seconds of one child process run in `root`, importing that tree's package."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, env={**ENV, "PYTHONPATH": str(root)}, cwd=root,
                   capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def unpack(ref: str, folder: Path) -> Path:
    """The tree of `ref`, unpacked into `folder`."""
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=REPO,
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def round_of(root: Path, layouts: list[str], orgs: dict[int, Path],
             out: Callable[[], Path]) -> dict[str, float]:
    """One round in one tree: each layout's batch at each size, then a handout build."""
    def kindreflex(*args: str) -> list[str]:
        return [sys.executable, "-m", "kindreflex", *args, "--root", str(root),
                "--format", "pdf", "--lang", "nl", "--jobs", "1", "--out", str(out())]

    times = {f"{layout}-{count}": child_cpu(kindreflex(
        "batch", "sport", "--orgs", str(path), "--layout", layout, "--quiet"), root)
        for layout in layouts for count, path in orgs.items()}
    times["build"] = child_cpu(kindreflex("build", "sport"), root)
    return times


def main() -> None:
    """Run the rounds and print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ref", default="main", help="the git ref to compare with")
    parser.add_argument("--layouts", default="card,worker")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    layouts = args.layouts.split(",")
    few, many = 4, 12
    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        roots = {"ref": unpack(args.ref, base / "ref"), "tree": REPO}
        orgs = {count: org_csv(base / f"orgs-{count}.csv", count) for count in (few, many)}
        counter = iter(range(10 ** 6))

        def out() -> Path:
            return base / f"out-{next(counter)}"

        rounds: dict[str, list[dict[str, float]]] = {name: [] for name in roots}

        def side(name: str) -> Callable[[], float]:
            def run() -> float:
                rounds[name].append(round_of(roots[name], layouts, orgs, out))
                return 0.0  # the times are kept in `rounds`
            return run

        interleaved({name: side(name) for name in roots}, args.rounds)
    report: dict[str, Any] = {"benchmark": "batch per organisation, this tree vs a ref",
                              "ref": args.ref, "organisations": [few, many],
                              "load_average": list(os.getloadavg())}
    for layout in layouts:
        marginal = {name: [(r[f"{layout}-{many}"] - r[f"{layout}-{few}"]) / (many - few)
                           for r in runs] for name, runs in rounds.items()}
        report[layout] = {
            **{name: {"per_organisation": ratio(marginal[name], [1.0] * len(marginal[name])),
                      "per_handout_build": ratio(marginal[name],
                                                 [r["build"] for r in rounds[name]])}
               for name in roots},
            "tree_vs_ref": ratio(marginal["tree"], marginal["ref"]),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
