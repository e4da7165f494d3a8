"""Render cost round 2 (issue 24) as ratios from one run; prints one JSON object.

Every row is a ratio of CPU times measured in this run, paired and interleaved (the side that
goes first rotates from round to round), the median of the rounds with the lowest–highest
ratio: the machine is shared, and a busy neighbour slows a round, not a side. In-process rows
use `time.process_time`; whole-process rows the CPU of the child (`RUSAGE_CHILDREN`).

- `against_c9119b0`: bare WeasyPrint on the print HTML of today's sport handout and worker
  handout (Dutch) ÷ on the handout of commit c9119b0 (before issues 9–15), whose HTML that
  commit's own code makes from git in this run (tests/reference/old_commit.py). Targets:
  handout ≤ 0.8, worker ≤ 0.33 (the worker at its normal type scale, and at the scale a
  build prints it at: the largest that fits).
- `columns_before_after`: the handout with its lists in two halves ÷ the same HTML with the
  lists put back into multi-column boxes (tests/reference/columns.py).
- `build_all_vs_bare`: `kindreflex build --all --format pdf --lang nl --jobs 1` ÷ bare
  WeasyPrint on the same print HTML: in-process CPU (target ≤ 1.05), and as whole processes
  (the interpreter and every import included on both sides).
- `batch_per_organisation`: per layout, the marginal CPU of one organisation in a batch
  (`--jobs 1`, whole process, 4 vs 12 organisations) ÷ one whole `build` of the handout.
  Targets: handout and card ≤ 0.05, worker ≤ 0.08; the card sheet and poster without one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_batch import org_csv  # noqa: E402
from bench.bench_render_cost import cpu, interleaved, ratio  # noqa: E402
from kindreflex.framework.project import load_project  # noqa: E402
from kindreflex.output.build import BuildRequest, run_build  # noqa: E402
from kindreflex.render.pages import render_plan  # noqa: E402
from kindreflex.render.pdf import PDF_VARIANT, make_fetcher, pdf_identifier  # noqa: E402
from kindreflex.render.shrink_to_fit import print_plan  # noqa: E402
from kindreflex.render.theme import theme_for  # noqa: E402
from tests.reference.columns import with_columns  # noqa: E402
from tests.reference.old_commit import REFERENCE_COMMIT, old_handout  # noqa: E402

DAY = date(2026, 11, 29)
# The build prints the date of SOURCE_DATE_EPOCH: DAY, as the HTML rendered here.
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1795910400"}
# Renders print HTML files (argv: theme folder, files…) with WeasyPrint alone.
BARE_SCRIPT = """
import sys
from pathlib import Path
import weasyprint
theme = Path(sys.argv[1])
for name in sys.argv[2:]:
    weasyprint.HTML(filename=name, base_url=theme.as_uri() + "/").write_pdf(
        pdf_variant="pdf/ua-1")
"""


def bare(html: str, theme_dir: Path) -> bytes:
    """WeasyPrint alone on `html` (assets from `theme_dir`), with our PDF options."""
    import weasyprint

    pdf: bytes = weasyprint.HTML(string=html, base_url=theme_dir.as_uri() + "/",
                                 url_fetcher=make_fetcher((theme_dir,))).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_identifier=pdf_identifier(html))
    return pdf


def print_html(layout: str, sector: str = "sport", lang: str = "nl", scale: float = 1.0) -> str:
    """Today's print HTML of one layout (at its normal type scale unless told)."""
    return render_plan(load_project(REPO).plan(sector), lang, theme=theme_for(REPO), day=DAY,
                       layout=layout, medium="print", scale=scale)


def printed_scale(layout: str, sector: str = "sport", lang: str = "nl") -> float:
    """The type scale a build prints `layout` at (the largest that fits its paper)."""
    return print_plan(load_project(REPO).plan(sector), lang, theme=theme_for(REPO), day=DAY,
                      layout=layout).scale


def against_old(rounds: int) -> dict[str, Any]:
    """Today's handout and worker handout ÷ the handout of the reference commit (bare)."""
    theme_dir = theme_for(REPO).dirs[0]
    handout, worker = print_html("handout"), print_html("worker")
    # The worker at scale 1.0 does not fit its paper (page 1 runs onto page 2); a build
    # prints the scale that fits, one page shorter.
    scale = printed_scale("worker")
    printed = print_html("worker", scale=scale)
    with old_handout("sport", "nl", DAY.isoformat()) as old:
        sides: dict[str, Callable[[], float]] = {
            "old": lambda: cpu(lambda: bare(old.html, old.theme_dir)),
            "handout": lambda: cpu(lambda: bare(handout, theme_dir)),
            "worker": lambda: cpu(lambda: bare(worker, theme_dir)),
            "printed": lambda: cpu(lambda: bare(printed, theme_dir)),
        }
        for side in sides.values():
            side()  # warm
        times = interleaved(sides, rounds)
    return {"reference": REFERENCE_COMMIT,
            "handout_vs_old_handout": {**ratio(times["handout"], times["old"]), "target": 0.8},
            "worker_vs_old_handout": {**ratio(times["worker"], times["old"]), "target": 0.33},
            "worker_as_printed_vs_old_handout": {**ratio(times["printed"], times["old"]),
                                                 "scale": scale, "target": 0.33}}


def columns_before_after(rounds: int) -> dict[str, Any]:
    """The handout with its lists in halves ÷ the same lists as multi-column boxes."""
    theme_dir = theme_for(REPO).dirs[0]
    after = print_html("handout")
    before = with_columns(after)
    return ratio(*interleaved({"after": lambda: cpu(lambda: bare(after, theme_dir)),
                               "before": lambda: cpu(lambda: bare(before, theme_dir))},
                              rounds).values())


def child_cpu(command: list[str]) -> float:
    """CPU seconds (user + system) of one child process run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, env=ENV, capture_output=True, cwd=REPO)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def kindreflex(*args: str) -> list[str]:
    """The command line of one kindreflex run on the repository."""
    return [sys.executable, "-m", "kindreflex", *args, "--root", str(REPO)]


def build_all_vs_bare(rounds: int) -> dict[str, Any]:
    """`build --all` (PDF, nl, one job) ÷ bare WeasyPrint on the same HTML, in-process CPU
    (what our pipeline adds: loading and checking the project, the HTML, fitting, the PDF/UA
    fixes, writing), and the same as whole processes (interpreter and imports included)."""
    project = load_project(REPO)
    theme_dir = theme_for(REPO).dirs[0]
    sources = [print_html("handout", sector) for sector in project.sector_ids]
    with tempfile.TemporaryDirectory() as folder:
        counter = iter(range(10 ** 6))
        files = []
        for sector, source in zip(project.sector_ids, sources, strict=True):
            path = Path(folder) / f"{sector}.html"
            path.write_text(source, encoding="utf-8")
            files.append(str(path))

        def out() -> Path:
            return Path(folder) / f"out-{next(counter)}"

        def build() -> None:
            run_build(BuildRequest(root=REPO, all_sectors=True, languages=("nl",),
                                   formats=("pdf",), out=out(), jobs=1))

        build()  # warm
        in_process = interleaved({
            "build": lambda: cpu(build),
            "bare": lambda: cpu(lambda: [bare(source, theme_dir) for source in sources]),
        }, rounds)
        processes = interleaved({
            "build": lambda: child_cpu(kindreflex("build", "--all", "--format", "pdf",
                                                  "--lang", "nl", "--jobs", "1", "--out",
                                                  str(out()))),
            "bare": lambda: child_cpu([sys.executable, "-c", BARE_SCRIPT, str(theme_dir),
                                       *files]),
        }, rounds)
    return {"plans": len(sources),
            "in_process": {**ratio(in_process["build"], in_process["bare"]), "target": 1.05},
            "whole_processes": ratio(processes["build"], processes["bare"])}


def batch_per_organisation(rounds: int, few: int, many: int) -> dict[str, Any]:
    """Per layout: marginal CPU per organisation of a batch ÷ one whole handout build."""
    # The card sheet and the poster have no target of their own: measured to compare.
    targets: dict[str, float | None] = {"handout": 0.05, "card": 0.05, "worker": 0.08,
                                        "card-sheet": None, "poster": None}
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        orgs = {count: org_csv(base / f"orgs-{count}.csv", count) for count in (few, many)}
        counter = iter(range(10 ** 6))

        def batch(layout: str, count: int) -> Callable[[], float]:
            def run() -> float:
                out = base / f"out-{next(counter)}"
                return child_cpu(kindreflex("batch", "sport", "--orgs", str(orgs[count]),
                                            "--out", str(out), "--format", "pdf", "--lang",
                                            "nl", "--layout", layout, "--jobs", "1",
                                            "--quiet"))
            return run

        def build() -> float:
            out = base / f"out-{next(counter)}"
            return child_cpu(kindreflex("build", "sport", "--format", "pdf", "--lang", "nl",
                                        "--jobs", "1", "--out", str(out)))

        sides: dict[str, Callable[[], float]] = {"build": build}
        for layout in targets:
            sides[f"{layout}-{few}"] = batch(layout, few)
            sides[f"{layout}-{many}"] = batch(layout, many)
        times = interleaved(sides, rounds)
    report: dict[str, Any] = {"organisations": [few, many],
                              "handout_build_median_s": ratio(times["build"],
                                                              times["build"])["ours_median_s"]}
    for layout, target in targets.items():
        marginal = [(b - a) / (many - few) for a, b in zip(times[f"{layout}-{few}"],
                                                            times[f"{layout}-{many}"],
                                                            strict=True)]
        report[layout] = {**ratio(marginal, times["build"]),
                          **({"target": target} if target is not None else {})}
    return report


def main() -> None:
    """Run the rows and print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="paired rounds in-process")
    parser.add_argument("--process-rounds", type=int, default=2,
                        help="paired rounds of whole processes")
    parser.add_argument("--only", choices=["old", "columns", "build", "batch"])
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", ENV["SOURCE_DATE_EPOCH"])
    started = time.perf_counter()
    sections: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
        "old": ("against_c9119b0", lambda: against_old(args.rounds)),
        "columns": ("columns_before_after", lambda: columns_before_after(args.rounds)),
        "build": ("build_all_vs_bare", lambda: build_all_vs_bare(args.process_rounds)),
        "batch": ("batch_per_organisation",
                  lambda: batch_per_organisation(args.process_rounds, 4, 12)),
    }
    report: dict[str, Any] = {"benchmark": "render cost round 2 (issue 24), ratios of paired "
                                           "rounds", "sector": "sport", "language": "nl",
                              "clock": "CPU", "load_average": list(os.getloadavg())}
    for key, (name, run) in sections.items():
        if args.only in (None, key):
            report[name] = run()
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
