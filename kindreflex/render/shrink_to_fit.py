"""A plan on paper that must fit: lay out, measure, and shrink the type (within bounds) if
needed; the PDF is written once, of the layout that is kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..errors import Issue
from ..framework.model import Plan
from ..layouts import LAYOUTS
from .edition import Edition
from .fit_check import (
    Measure,
    fit_problems,
    measure_html,
    page_one_fits_shrunk,
    remember_measure,
    scale_guess,
)
from .pages import edition_source, render_plan
from .pdf import LaidOut, lay_out
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
               edition: Edition | None = None, online_url: str | None = None,
               scale_hint: float | None = None) -> Printed:
    """The plan's PDF in `layout`, at the largest type scale that fits its paper, printed as
    `edition` (without one: its code computed here, `day` its date); `online_url`: where its
    QR code leads instead of the plan's own address (render.pages.render_plan);
    `scale_hint`: the scale a plan much like it printed at, where the search starts (it
    changes what is laid out, never the scale found: `first_fitting`).

    A layout with a page budget (worker, card, poster) is laid out at its normal size first
    and, only if that does not fit, the smaller scales are searched by halves (`_Search`); a
    layout made of another's pages (the card sheet) takes that layout's scale. A layout whose
    page 1 stands alone (the worker) skips a scale whose page 1, laid out alone, does not
    fit. Nothing is ever cut off: if even the smallest scale does not fit, the PDF has the
    extra pages or the overlapping cards, and `problems` says so (the build reports it as
    `layout-overflow`).
    """
    spec = LAYOUTS[layout]
    if edition is None:
        edition = Edition(edition_source(plan, lang, theme=theme, layout=layout).code, day)
    scales = (copied_scale(plan, lang, theme=theme, day=day, layout=spec.copies,
                           edition=edition, online_url=online_url),) if spec.copies \
        else spec.scales
    search = _Search(plan, lang, theme, day, layout, edition, online_url, scales)
    index = search.first_fitting(scales.index(scale_hint) if scale_hint in scales else None)
    laid, problems = search.laid_out(index)
    pdf = laid.pdf(duplex=spec.duplex)
    return Printed(pdf, scales[index], problems, laid.page_count, tuple(laid.warnings))


def first_fitting(count: int, fits: Callable[[int], bool],
                  guess: Callable[[], int | None] | None = None,
                  hint: int | None = None) -> int:
    """The first of `count` type scales, largest first, that `fits` (else the last, untried):
    the first is tried, then the rest halved, as a smaller type never needs more paper.

    `guess`, asked when the first does not fit, may name the scale the first fitting one
    likely is: the one before it is tried next (it should not fit), then the guess (unless
    it is the last), and the halving goes on from what they showed. `hint` is such a guess
    known before anything is tried (the scale a plan much like this one printed at): it is
    taken instead of trying the first. Any guess or hint finds the same scale; a good one in
    fewer tries."""
    last = count - 1
    if last <= 0:
        return 0
    low, high = 0, last
    guessed = hint if hint is not None and 0 < hint <= last else None
    if guessed is None:
        if fits(0):
            return 0
        low = 1
        guessed = guess() if guess is not None else None
    if guessed is not None and low <= guessed <= high:
        if guessed > low:
            if fits(guessed - 1):
                high = guessed - 1
            else:
                low = guessed
        if low == guessed < high:
            if fits(guessed):
                high = guessed
            else:
                low = guessed + 1
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return high


class _Search:
    """The largest of a layout's type scales that fits, found with few layouts.

    The normal size is tried first (most plans fit it); if it does not fit, the smaller
    scales are halved: a smaller type never needs more paper, so if a scale fits, every
    smaller one does. A paper that ran over its page budget at the normal size lets one guess
    where to look first (fit_check.scale_guess: a poster a third of a page over). The
    smallest is kept without a try when no larger one fits: it is
    printed, fitting or not. A whole layout is laid out once per scale; for a layout whose
    page 1 stands alone, a scale is first ruled out by page 1 laid out alone, unless the last
    page 1 that did not fit lets one guess that it fits at this scale
    (fit_check.page_one_fits_shrunk): then the whole is laid out at once. A guess decides
    only what is laid out first: the same scale is found either way.
    """

    def __init__(self, plan: Plan, lang: str, theme: Theme, day: date, layout: str,
                 edition: Edition, online_url: str | None, scales: tuple[float, ...]) -> None:
        self.plan, self.lang, self.theme, self.day = plan, lang, theme, day
        self.layout, self.edition, self.online_url = layout, edition, online_url
        self.spec = LAYOUTS[layout]
        self.scales = scales
        self.wholes: dict[int, tuple[LaidOut, Measure]] = {}  # by scale index
        self.page_one_missed: tuple[float, Measure] | None = None  # its scale and measure

    def first_fitting(self, hint: int | None = None) -> int:
        """The index of the largest scale that fits (else of the smallest), the search
        started at the scale `hint` (an index) if there is one."""
        return first_fitting(len(self.scales), self._fits, self._guess, hint)

    def _guess(self) -> int | None:
        """Where the first fitting scale likely is, from the normal size laid out whole and
        over its page budget (fit_check.scale_guess); None if it was not laid out whole."""
        whole = self.wholes.get(0)
        return scale_guess(self.spec, whole[1], self.scales) if whole else None

    def _fits(self, index: int) -> bool:
        scale = self.scales[index]
        if self.spec.first_page_alone and index != len(self.scales) - 1 \
                and not self._page_one_likely_fits(scale):
            html = render_plan(self.plan, self.lang, theme=self.theme, day=self.day,
                               layout=self.layout, medium="print", scale=scale,
                               edition=self.edition, first_page_only=True,
                               online_url=self.online_url)
            measure = measure_html(html, self.theme.dirs)
            if fit_problems(self.spec, measure):
                self.page_one_missed = (scale, measure)
                return False
        return not self.laid_out(index)[1]

    def _page_one_likely_fits(self, scale: float) -> bool:
        if self.page_one_missed is None:
            return False
        measured_at, measure = self.page_one_missed
        return page_one_fits_shrunk(self.spec, measure, scale / measured_at)

    def laid_out(self, index: int) -> tuple[LaidOut, list[str]]:
        """The whole paper laid out at scale `index`, and what of it does not fit."""
        if index not in self.wholes:
            html = render_plan(self.plan, self.lang, theme=self.theme, day=self.day,
                               layout=self.layout, medium="print", scale=self.scales[index],
                               edition=self.edition, online_url=self.online_url)
            # Rendered, so the theme has it: warnings WeasyPrint cannot place go to it.
            template = self.theme.label_of(str(self.theme.find(self.spec.template)))
            laid = lay_out(html, self.theme.dirs, template=template)
            measure = Measure.of(laid.document)
            if self.layout in COPIED:  # the layout that copies it measures the same HTML next
                remember_measure(html, self.theme.dirs, measure)
            self.wholes[index] = (laid, measure)
        laid, measure = self.wholes[index]
        return laid, fit_problems(self.spec, measure)


def copied_scale(plan: Plan, lang: str, *, theme: Theme, day: date, layout: str,
                 edition: Edition, online_url: str | None = None) -> float:
    """The type scale `layout` prints the plan at (the largest that fits its paper, else the
    smallest), found as its own print finds it; its measures are the ones that print kept."""
    spec = LAYOUTS[layout]

    def fits(index: int) -> bool:
        html = render_plan(plan, lang, theme=theme, day=day, layout=layout, medium="print",
                           scale=spec.scales[index], edition=edition, online_url=online_url)
        return not fit_problems(spec, measure_html(html, theme.dirs))

    return spec.scales[first_fitting(len(spec.scales), fits)]
