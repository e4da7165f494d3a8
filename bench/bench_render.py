"""Time `build --all` against WeasyPrint alone on the same HTML; print one JSON object."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kindreflex.framework.project import load_project  # noqa: E402
from kindreflex.output.build import BuildRequest, Job, run_build  # noqa: E402
from kindreflex.render.i18n import build_date  # noqa: E402
from kindreflex.render.pages import render_plan  # noqa: E402
from kindreflex.render.pdf import PDF_VARIANT, pdf_identifier  # noqa: E402
from kindreflex.render.theme import theme_for  # noqa: E402

# Font candidates measured with --fonts: (family name, regular, bold, italic) from Debian.
CANDIDATES = {
    "Open Sans (bundled)": None,
    "DejaVu Sans": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"),
    "Liberation Sans": ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
                        "/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf"),
}


def print_sources(root: Path) -> list[str]:
    """The PDF source HTML of every plan `build --all` makes (not timed)."""
    project = load_project(root)
    theme = theme_for(root)
    day = build_date()
    jobs = [Job(project.plan(sector), lang, "handout")
            for lang in project.languages for sector in project.sector_ids]
    return [render_plan(job.plan, job.lang, theme=theme, day=day, layout=job.layout,
                        medium="print") for job in jobs]


def weasyprint_alone(sources: list[str], base: Path) -> float:
    """Seconds WeasyPrint takes for the same HTML with the same options, nothing else."""
    import weasyprint

    started = time.perf_counter()
    for source in sources:
        weasyprint.HTML(string=source, base_url=base.as_uri() + "/").write_pdf(
            pdf_variant=PDF_VARIANT, pdf_identifier=pdf_identifier(source)
        )
    return time.perf_counter() - started


def build_all(root: Path, jobs: int) -> tuple[float, int]:
    """Seconds for `kindreflex build --all` (html and pdf, every language) and files written."""
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        written = run_build(BuildRequest(root=root, all_sectors=True, out=Path(out), jobs=jobs))
        return time.perf_counter() - started, len(written)


def font_times(source: str, base: Path) -> dict[str, dict[str, float]]:
    """PDF time and size of one handout per candidate font (the family swapped by CSS)."""
    import weasyprint

    results: dict[str, dict[str, float]] = {}
    for name, files in CANDIDATES.items():
        html = source
        if files is not None:
            faces = "".join(
                f'@font-face {{ font-family: "Candidate"; font-weight: {w}; font-style: {s}; '
                f'src: url("{Path(f).as_uri()}"); }}'
                for f, (w, s) in zip(files, [("normal", "normal"), ("bold", "normal"),
                                             ("normal", "italic")], strict=True)
            )
            html = html.replace("</style>", faces + ' html, svg text { font-family: "Candidate" '
                                '!important; } text { font-family: "Candidate"; }</style>', 1)
            html = html.replace("'Open Sans', sans-serif", "Candidate")
        weasyprint.HTML(string=html, base_url=base.as_uri() + "/").write_pdf()  # warm caches
        started = time.perf_counter()
        pdf = weasyprint.HTML(string=html, base_url=base.as_uri() + "/").write_pdf(
            pdf_variant=PDF_VARIANT)
        results[name] = {"seconds": round(time.perf_counter() - started, 3),
                         "bytes": len(pdf)}
    return results


def main() -> None:
    """Run the benchmark and print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs")
    parser.add_argument("--fonts", action="store_true", help="also time candidate fonts")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795824000")

    sources = print_sources(args.root)
    base = theme_for(args.root).dirs[0]
    # Warm up once (imports, fontconfig, font parsing) so neither side pays for it alone.
    weasyprint_alone(sources[:1], base)
    build_times, bare_times = [], []
    files = 0
    for _ in range(args.repeat):
        seconds, files = build_all(args.root, args.jobs)
        build_times.append(seconds)
        bare_times.append(weasyprint_alone(sources, base))
    build, bare = min(build_times), min(bare_times)
    report: dict[str, Any] = {
        "benchmark": "build --all (html+pdf, every language) vs WeasyPrint alone",
        "plans": len(sources),
        "files_written": files,
        "jobs": args.jobs,
        "build_seconds": round(build, 3),
        "weasyprint_seconds": round(bare, 3),
        "our_share": round((build - bare) / build, 3),
        "target_share": 0.10,
    }
    if args.fonts:
        report["fonts_one_handout"] = font_times(sources[0], base)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
