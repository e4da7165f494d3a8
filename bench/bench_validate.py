"""Benchmark: validating the shipped frameworks in-process (target: under 100 ms)."""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def measure(root: Path = REPO, repeats: int = 20) -> dict[str, float]:
    """Median and best wall time of `open_project` (load, schema, resolve, check) in ms."""
    from kindreflex.framework.project import open_project

    open_project(root)  # warm imports and the schema validators, as a long-lived process has
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        project = open_project(root)
        times.append((time.perf_counter() - start) * 1000)
        assert not project.issues.errors, project.issues.errors[0].format_text()
    return {"validate_ms_median": round(statistics.median(times), 2),
            "validate_ms_best": round(min(times), 2)}


if __name__ == "__main__":
    json.dump(measure(), sys.stdout, indent=2)
    print()
