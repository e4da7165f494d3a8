"""A plan on paper that must fit: lay out, measure, and shrink the type (within bounds) if
needed; the PDF is written once, of the layout that is kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..errors import Issue
from ..framework.model import Plan
from ..layouts import LAYOUTS
from .edition import Edition
from .fit_check import Measure, fit_problems, measure_html, remember_measure
from .pages import edition_source, render_plan
from .pdf import lay_out
from .theme import Theme

# The layouts another layout is made of (the card, which the card sheet copies).
COPIED = frozenset(entry.copies for entry in LAYOUTS.values() if entry.copies is not None)


@dataclass(frozen=True)
class Printed:
    """The PDF of one plan in one layout, what still does not fit (nothing: it fits), and
    WeasyPrint's warnings about the page it is made of."""

    pdf: bytes
    scale: float = 1.0
    problems: list[str] = field(default_factory=list)
    pages: int | None = None  # None: not counted
    warnings: tuple[Issue, ...] = ()


def print_plan(plan: Plan, lang: str, *, theme: Theme, day: date, layout: str,
               edition: Edition | None = None, online_url: str | None = None) -> Printed:
    """The plan's PDF in `layout`, at the largest type scale that fits its paper, printed as
    `edition` (without one: its code computed here, `day` its date); `online_url`: where its
    QR code leads instead of the plan's own address (render.pages.render_plan).

    A layout with a page budget (worker, card, poster) is laid out at its normal size first
    and, only if that does not fit, at the next smaller scale; a layout made of another's
    pages (the card sheet) takes that layout's scale. A layout whose page 1 stands alone (the
    worker) skips a scale whose page 1, laid out alone, does not fit. Nothing is ever cut
    off: if even the smallest scale does not fit, the PDF has the extra pages or the
    overlapping cards, and `problems` says so (the build reports it as `layout-overflow`).
    """
    spec = LAYOUTS[layout]
    if edition is None:
        edition = Edition(edition_source(plan, lang, theme=theme, layout=layout).code, day)
    scales = (copied_scale(plan, lang, theme=theme, day=day, layout=spec.copies,
                           edition=edition, online_url=online_url),) if spec.copies \
        else spec.scales
    for scale in scales:
        if spec.first_page_alone and scale != scales[-1] and not first_page_fits(
                plan, lang, theme=theme, day=day, layout=layout, scale=scale, edition=edition,
                online_url=online_url):
            continue
        html = render_plan(plan, lang, theme=theme, day=day, layout=layout, medium="print",
                           scale=scale, edition=edition, online_url=online_url)
        # Rendered, so the theme has it: warnings WeasyPrint cannot place go to it.
        template = theme.label_of(str(theme.find(spec.template)))
        laid = lay_out(html, theme.dirs, template=template)
        measure = Measure.of(laid.document)
        if layout in COPIED:  # the layout that copies it measures the same HTML next
            remember_measure(html, theme.dirs, measure)
        problems = fit_problems(spec, measure)
        if not problems:
            break
    # Of the last layout tried: the one that fits, else the smallest.
    pdf = laid.pdf(duplex=spec.duplex)
    return Printed(pdf, scale, problems, laid.page_count, tuple(laid.warnings))


def first_page_fits(plan: Plan, lang: str, *, theme: Theme, day: date, layout: str,
                    scale: float, edition: Edition, online_url: str | None = None) -> bool:
    """Whether page 1 of `layout` fits at `scale`, laid out alone: a page 1 that does not fit
    alone does not fit in the whole paper either (it ends with a forced page break), and it
    costs a fraction of the whole to lay out."""
    html = render_plan(plan, lang, theme=theme, day=day, layout=layout, medium="print",
                       scale=scale, edition=edition, first_page_only=True,
                       online_url=online_url)
    return not fit_problems(LAYOUTS[layout], measure_html(html, theme.dirs))


def copied_scale(plan: Plan, lang: str, *, theme: Theme, day: date, layout: str,
                 edition: Edition, online_url: str | None = None) -> float:
    """The largest type scale at which the plan fits `layout`'s paper (else the smallest)."""
    spec = LAYOUTS[layout]
    for scale in spec.scales:
        html = render_plan(plan, lang, theme=theme, day=day, layout=layout, medium="print",
                           scale=scale, edition=edition, online_url=online_url)
        if not fit_problems(spec, measure_html(html, theme.dirs)):
            return scale
    return spec.scales[-1]
