"""What the time and memory bound of a render costs: a theme of the editor's own rendered in
a child process (`render.isolation`) against the same renders in this process; print one JSON
object. (The built-in theme renders in this process: it costs nothing.)

The theme here extends the built-in templates and changes nothing, so both sides render the
same pages. The ratio of the HTML alone is the worst case; a PDF (what `build` makes) adds
WeasyPrint to both sides.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kindreflex.framework.model import Plan  # noqa: E402
from kindreflex.framework.project import load_project  # noqa: E402
from kindreflex.render import environment as environment_module  # noqa: E402
from kindreflex.render.isolation import run_bounded  # noqa: E402
from kindreflex.render.pages import render_plan  # noqa: E402
from kindreflex.render.pdf import html_to_pdf  # noqa: E402
from kindreflex.render.theme import Theme, theme_for  # noqa: E402

DAY = date(2026, 11, 28)


def in_process(task: Callable[[], Any], limits: Any = None,
               prepare: Callable[[], object] | None = None, isolated: bool = True) -> Any:
    """`run_bounded` without the child process: the render as it was before the bound."""
    if prepare is not None:
        prepare()
    return task()


def best_of(rounds: int, work: Callable[[], object]) -> float:
    """The fastest of `rounds` runs of `work`, in seconds (the least disturbed by others)."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def compare(rounds: int, work: Callable[[], object]) -> dict[str, float]:
    """Milliseconds of `work` bounded and in-process, and their ratio."""
    work()  # templates compiled, caches warm, on both sides
    environment_module.run_bounded = in_process  # type: ignore[assignment]
    work()
    unbounded = best_of(rounds, work)
    environment_module.run_bounded = run_bounded
    bounded = best_of(rounds, work)
    return {"bounded_ms": round(bounded * 1000, 1), "in_process_ms": round(unbounded * 1000, 1),
            "ratio": round(bounded / unbounded, 3)}


def own_theme(folder: Path) -> Theme:
    """A theme of one's own that extends every built-in layout and changes nothing."""
    for layout in ("handout", "card"):
        (folder / f"{layout}.html.j2").write_text(
            f'{{% extends "default/{layout}.html.j2" %}}\n', encoding="utf-8")
    return theme_for(REPO, folder)


def main() -> None:
    """Print the figures of the handout and the card, as HTML and as PDF."""
    plan: Plan = load_project(REPO).plan("sport")
    with tempfile.TemporaryDirectory() as folder:
        measure(plan, own_theme(Path(folder)))


def measure(plan: Plan, theme: Theme) -> None:
    """Print the figures of the handout and the card, with `theme`."""
    figures: dict[str, dict[str, float]] = {}
    for layout in ("handout", "card"):
        figures[f"{layout}_html"] = compare(15, lambda layout=layout: render_plan(
            plan, "nl", theme=theme, day=DAY, layout=layout))
    figures["card_html_and_pdf"] = compare(3, lambda: html_to_pdf(render_plan(
        plan, "nl", theme=theme, day=DAY, layout="card", medium="print"), theme.dirs))
    json.dump(figures, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
