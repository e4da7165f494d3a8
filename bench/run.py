"""`make bench`: every benchmark in one run, printed as one JSON object.

Each benchmark runs in its own process so one's imports and caches do not flatter another;
speed is reported as ratios against the bare renderer measured in the same run, not as
absolute targets on a shared machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ORDER = ["bench_validate", "bench_render", "bench_render_cost", "bench_template_bound",
         "bench_serve", "bench_batch"]
# Best of two for the build ratio: one PDF varies by ±10% on a shared machine.
ARGS = {"bench_render": ["--repeat", "2"]}


def run(name: str) -> dict[str, object]:
    """The JSON object one benchmark script prints (or its error)."""
    script = BENCH / f"{name}.py"
    if not script.is_file():
        return {"error": "not present"}
    result = subprocess.run([sys.executable, str(script), *ARGS.get(name, [])],
                            capture_output=True, text=True,
                            check=False, cwd=BENCH.parent)
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1:] or "failed"}
    parsed: dict[str, object] = json.loads(result.stdout)
    return parsed


def main() -> None:
    """Run every benchmark and print the combined figures."""
    results = {name.removeprefix("bench_"): run(name) for name in ORDER}
    json.dump(results, sys.stdout, indent=2)
    print()
    if any("error" in figures for figures in results.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
