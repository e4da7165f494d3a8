"""A plan on paper that must fit: render, check, and shrink the type (within bounds) if needed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..framework.model import Plan
from .fit import fit_problems
from .layouts import LAYOUT_SPECS
from .pages import draft_pdf, render_plan
from .pdf import html_to_pdf
from .theme import Theme


@dataclass(frozen=True)
class Printed:
    """The PDF of one plan in one layout, and what still does not fit (nothing: it fits)."""

    pdf: bytes
    scale: float = 1.0
    problems: list[str] = field(default_factory=list)


def print_plan(plan: Plan, lang: str, *, theme: Theme, day: date, layout: str) -> Printed:
    """The plan's PDF in `layout`, at the largest type scale that fits its paper.

    A layout with a page budget (worker, card, card sheet) is rendered at its normal size
    first; only if that does not fit, at the next smaller scale. Nothing is ever cut off: if
    even the smallest scale does not fit, the PDF has the extra pages or the overlapping
    cards, and `problems` says so (the build reports it as `layout-overflow`).
    """
    problems: list[str] = []
    pdf = b""
    scales = LAYOUT_SPECS[layout].scales
    if layout == "card-sheet":
        # Four copies of the card: the sheet takes the card's own scale (measured once each).
        scales = (card_scale(plan, lang, theme=theme, day=day),)
    for scale in scales:
        html = render_plan(plan, lang, theme=theme, day=day, layout=layout, medium="print",
                           scale=scale)
        pdf = html_to_pdf(html, theme.dirs)
        problems = fit_problems(layout, pdf)
        if not problems:
            return Printed(pdf, scale)
    return Printed(pdf, scales[-1], problems)


def card_scale(plan: Plan, lang: str, *, theme: Theme, day: date) -> float:
    """The largest type scale at which the plan's pocket card fits (else the smallest)."""
    scales = LAYOUT_SPECS["card"].scales
    for scale in scales:
        html = render_plan(plan, lang, theme=theme, day=day, layout="card", medium="print",
                           scale=scale)
        if not fit_problems("card", draft_pdf(html, theme.dirs)):
            return scale
    return scales[-1]
