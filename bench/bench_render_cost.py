"""Render cost (issues 11 and 15) as ratios measured in one run; prints one JSON object.

Every figure is a ratio of two renders made in the same process, paired and interleaved
(round k renders both sides back to back, the side going first alternates), reported as
the median of the rounds' ratios with their spread (lowest–highest). Times are process CPU
(`time.process_time`), not wall time: the machine is shared and a busy neighbour slows a
round, not a side. Chromium runs in processes of its own, so its row is wall time.

- `layouts`: each layout of `kindreflex.layouts.LAYOUTS` (new layouts are picked up),
  our render (HTML from the plan, then `html_to_pdf`) ÷ bare WeasyPrint on the same HTML with
  the same PDF options. Bare means bare: pydyf's own `page_references` is put back for it.
- `handout_before_after`: the handout after ÷ before issue 15 on the same content and
  templates. "Before" is `tests/reference/before_change.py`: today's HTML with the frozen
  pre-change flowchart (SVG text) and contents (leader dots) put back, rendered without the
  pydyf shim. It was checked to give the old PDF's text on every page and the same pixels.
  Rebuilding commit baa8f45's HTML instead would also measure every later change of
  templates and content. Target: ≤ 0.82.
- `pages`: CPU per page of a long plan (tests/long_plan.py: the shipped steps, routes and
  signals repeated) ÷ that of the shipped handout, with and without the pydyf shim, and
  whether it meets its target (a ratio, so a bench figure: the tests check the long plan's
  structure, not its time).
- `limits`: the handout of the sample project with every text at the schema's length limit
  as one word that cannot break (tests/limits.py) ÷ the shipped handout, one round: the
  schema's limits bound the render time (it once took 248 s of CPU). Its target is a
  ceiling on that ratio; the tests print this handout with texts of words only.
- `chromium`: Debian's Chromium (headless, Playwright `page.pdf`) on the same print HTML
  ÷ our render, wall time, warm browser: a peer reference, not a target. Chromium ignores
  the paged-media parts WeasyPrint draws (running footer, page x of y, bookmarks, tags).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pydyf  # noqa: E402
from pypdf import PdfReader  # noqa: E402

import kindreflex.render.pdf as pdf_module  # noqa: E402
from kindreflex.framework.project import load_project  # noqa: E402
from kindreflex.layouts import LAYOUTS  # noqa: E402
from kindreflex.render.pages import render_plan  # noqa: E402
from kindreflex.render.pdf import (  # noqa: E402
    PDF_VARIANT,
    cache_page_references,
    html_to_pdf,
    make_fetcher,
    pdf_identifier,
)
from kindreflex.render.theme import theme_for  # noqa: E402
from tests.limits import root_at_the_limit  # noqa: E402
from tests.long_plan import long_plan  # noqa: E402
from tests.reference.before_change import before_and_after  # noqa: E402

DAY = date(2026, 11, 29)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
# A page of a long plan may cost at most this much more CPU than a page of the handout.
LONG_PER_PAGE_TARGET = 1.2
# The handout at the text limits, one unbreakable word per text, may cost at most this many
# shipped handouts (measured 2026-12: about 15).
LIMITS_TARGET = 40.0
# pydyf's own property, taken before anything installs the shim.
PYDYF_PAGE_REFERENCES = pydyf.PDF.__dict__["page_references"]


@contextmanager
def pydyf_as_shipped() -> Iterator[None]:
    """pydyf without the kindreflex shim (and html_to_pdf kept from putting it back), for
    'bare' and 'before' renders."""
    patched = pydyf.PDF.__dict__["page_references"]
    install = pdf_module.cache_page_references
    pydyf.PDF.page_references = PYDYF_PAGE_REFERENCES
    pdf_module.cache_page_references = lambda: False
    try:
        yield
    finally:
        pydyf.PDF.page_references = patched
        pdf_module.cache_page_references = install


def bare_weasyprint(html: str) -> bytes:
    """WeasyPrint alone on `html`: the options html_to_pdf uses, pydyf as shipped."""
    import weasyprint

    theme = theme_for(REPO)
    with pydyf_as_shipped():
        pdf: bytes = weasyprint.HTML(string=html, base_url=theme.dirs[0].as_uri() + "/",
                                     url_fetcher=make_fetcher(theme.dirs)).write_pdf(
            pdf_variant=PDF_VARIANT, pdf_identifier=pdf_identifier(html))
    return pdf


def cpu(work: Callable[[], object]) -> float:
    """Process CPU seconds of `work()`."""
    started = time.process_time()
    work()
    return time.process_time() - started


def wall(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def interleaved(sides: dict[str, Callable[[], float]], rounds: int) -> dict[str, list[float]]:
    """Each side once per round, back to back, in an order that rotates from round to round."""
    names = list(sides)
    times: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(sides[name]())
    return times


def ratio(mine: list[float], other: list[float]) -> dict[str, Any]:
    """Median and spread (lowest–highest) of the per-round ratios mine ÷ other."""
    ratios = [a / b for a, b in zip(mine, other, strict=True)]
    return {
        "ratio_median": round(statistics.median(ratios), 3),
        "ratio_spread": [round(min(ratios), 3), round(max(ratios), 3)],
        "rounds": len(ratios),
        "ours_median_s": round(statistics.median(mine), 3),
        "theirs_median_s": round(statistics.median(other), 3),
    }


def paired(ours: Callable[[], float], theirs: Callable[[], float],
           rounds: int) -> dict[str, Any]:
    """Median and spread of ours ÷ theirs over interleaved rounds (sides alternate first)."""
    times = interleaved({"ours": ours, "theirs": theirs}, rounds)
    return ratio(times["ours"], times["theirs"])


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def one_layout(plan: Any, layout: str, rounds: int) -> dict[str, Any]:
    """One layout: our render (HTML from the plan, then PDF) ÷ bare WeasyPrint on its HTML."""
    theme = theme_for(REPO)

    def html() -> str:
        return render_plan(plan, "nl", theme=theme, day=DAY, layout=layout, medium="print")

    source = html()
    return {
        "pages": page_count(html_to_pdf(source, theme.dirs)),
        **paired(lambda: cpu(lambda: html_to_pdf(html(), theme.dirs)),
                 lambda: cpu(lambda: bare_weasyprint(source)), rounds),
    }


def layouts(plan: Any, rounds: int) -> dict[str, Any]:
    """Each layout of LAYOUTS: our render ÷ bare WeasyPrint on the same HTML."""
    results: dict[str, Any] = {}
    for layout in LAYOUTS:
        results[layout] = one_layout(plan, layout, rounds)
    return results


def before_after(plan: Any, rounds: int) -> dict[str, Any]:
    """The handout after ÷ before issue 15 (same content and templates)."""
    theme = theme_for(REPO)
    before, after = before_and_after(plan, "nl", theme, DAY)

    def render_before() -> bytes:
        with pydyf_as_shipped():
            return html_to_pdf(before, theme.dirs)

    return {
        "pages_before": page_count(render_before()),
        "pages_after": page_count(html_to_pdf(after, theme.dirs)),
        **paired(lambda: cpu(lambda: html_to_pdf(after, theme.dirs)),
                 lambda: cpu(render_before), rounds),
        "target": 0.82,
    }


def pages(plan: Any, copies: int, rounds: int) -> dict[str, Any]:
    """CPU per page: the long plan ÷ the shipped handout, with and without the shim."""
    theme = theme_for(REPO)
    short = render_plan(plan, "nl", theme=theme, day=DAY, medium="print")
    with tempfile.TemporaryDirectory() as folder:
        long_source = render_plan(long_plan(Path(folder), copies), "nl", theme=theme, day=DAY,
                                  medium="print")
    counts = {"short": page_count(html_to_pdf(short, theme.dirs)),
              "long": page_count(html_to_pdf(long_source, theme.dirs))}

    def per_page(source: str, pages_: int, shim: bool) -> float:
        if shim:
            return cpu(lambda: html_to_pdf(source, theme.dirs)) / pages_
        with pydyf_as_shipped():
            return cpu(lambda: html_to_pdf(source, theme.dirs)) / pages_

    times = interleaved({
        "long": lambda: per_page(long_source, counts["long"], True),
        "long_without_shim": lambda: per_page(long_source, counts["long"], False),
        "short": lambda: per_page(short, counts["short"], True),
    }, rounds)
    long_vs_short = ratio(times["long"], times["short"])
    return {
        "pages": counts,
        "long_per_page_vs_short": long_vs_short,
        "long_with_shim_vs_without": ratio(times["long"], times["long_without_shim"]),
        "target_long_per_page_vs_short": LONG_PER_PAGE_TARGET,
        # Checked here, not by a test: a ratio of CPU times depends on the machine's load.
        "long_per_page_meets_target": long_vs_short["ratio_median"] <= LONG_PER_PAGE_TARGET,
    }


def limits(plan: Any) -> dict[str, Any]:
    """CPU of the handout at the schema's text limits (one word per text) ÷ the shipped one."""
    theme = theme_for(REPO)
    shipped = render_plan(plan, "nl", theme=theme, day=DAY, medium="print")
    with tempfile.TemporaryDirectory() as folder:
        root = root_at_the_limit(Path(folder) / "root", "one-word")
        limit_theme = theme_for(root)
        at_limit = render_plan(load_project(root).plan("sport", "lockdown"), "en",
                               theme=limit_theme, day=DAY, medium="print")
        limit_cpu = cpu(lambda: html_to_pdf(at_limit, limit_theme.dirs))
    shipped_cpu = cpu(lambda: html_to_pdf(shipped, theme.dirs))
    measured = limit_cpu / shipped_cpu
    return {"limit_seconds": round(limit_cpu, 2), "shipped_seconds": round(shipped_cpu, 2),
            "ratio": round(measured, 2), "target": LIMITS_TARGET,
            "meets_target": measured <= LIMITS_TARGET}


def chromium(plan: Any, rounds: int) -> dict[str, Any]:
    """Chromium's print-to-PDF ÷ our render of the same print HTML (wall time, warm)."""
    if not Path(CHROMIUM).is_file():
        return {"skipped": f"{CHROMIUM} is not installed"}
    from playwright.sync_api import sync_playwright

    theme = theme_for(REPO)
    source = render_plan(plan, "nl", theme=theme, day=DAY, medium="print")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_file = Path(folder) / "handout.html"
        page_file.write_text(source, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()

        def print_to_pdf() -> bytes:
            page.goto(page_file.as_uri())
            pdf: bytes = page.pdf(format="A4", prefer_css_page_size=True)
            return pdf

        chromium_pages = page_count(print_to_pdf())  # warm
        html_to_pdf(source, theme.dirs)
        result = paired(lambda: wall(print_to_pdf),
                        lambda: wall(lambda: html_to_pdf(source, theme.dirs)), rounds)
        browser.close()
    return {"chromium_pages": chromium_pages, "clock": "wall", **result}


def main() -> None:
    """Run the render-cost benchmarks and print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="paired rounds (≥ 5)")
    parser.add_argument("--copies", type=int, default=13,
                        help="extra copies of the content in the long plan (13: about 105 pages)")
    parser.add_argument("--sector", default="sport")
    parser.add_argument("--only", choices=["layouts", "handout", "pages", "limits", "chromium"])
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795824000")
    cache_page_references()
    plan = load_project(REPO).plan(args.sector)
    html_to_pdf(render_plan(plan, "nl", theme=theme_for(REPO), day=DAY, medium="print"),
                theme_for(REPO).dirs)  # warm fonts and imports for every side
    report: dict[str, Any] = {"benchmark": "render cost (issue 15), ratios of paired rounds",
                              "sector": args.sector, "language": "nl", "clock": "process CPU"}
    sections: dict[str, Callable[[], dict[str, Any]]] = {
        "layouts": lambda: layouts(plan, args.rounds),
        "handout": lambda: before_after(plan, args.rounds),
        "pages": lambda: pages(plan, args.copies, max(3, args.rounds // 2)),
        "limits": lambda: limits(plan),
        "chromium": lambda: chromium(plan, args.rounds),
    }
    names = {"layouts": "layout_vs_bare_weasyprint", "handout": "handout_after_vs_before",
             "pages": "cpu_per_page_long_vs_short", "limits": "handout_at_text_limits_vs_shipped",
             "chromium": "chromium_vs_ours"}
    for key, run in sections.items():
        if args.only in (None, key):
            report[names[key]] = run()
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
