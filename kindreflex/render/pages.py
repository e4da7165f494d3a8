"""HTML pages of plans: the template context, one plan per layout, the index."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from markupsafe import Markup

from ..errors import OutputError
from ..framework.model import Plan
from ..layouts import DEFAULT_LAYOUT, LAYOUTS
from . import flowchart, qr
from .environment import asset_url_for, interface_globals, page_counter_css, render_template
from .fallback_marks import language_spans
from .fit_check import Measure, measure_html
from .i18n import format_day
from .interface_words import interface_words
from .localizer import Localizer, localizer_for
from .plan_view import PlanView
from .theme import Theme
from .typography import finish

__all__ = ["MEDIA", "plan_context", "render_index", "render_plan"]

MEDIA = ("screen", "print")
# The anchor a template puts at the start of each block of a layout that another layout
# copies (`cb-<block>`, templates/card_faces.html.j2): the copy reads which blocks the
# original put after its first page from where these landed.
BLOCK_ANCHOR = "cb-"


def _localized(loc: Localizer, plan: Plan) -> Callable[[Any], Markup]:
    def text(value: Any) -> Markup:
        html = loc.html(value)
        if value and loc.is_fallback(value):
            # Screen readers switch pronunciation for text shown in the fallback language.
            return Markup('<span lang="{}">{}</span>').format(plan.default_language, html)
        return html

    return text


def plan_context(
    plan: Plan,
    lang: str,
    *,
    theme: Theme,
    day: date,
    layout: str = DEFAULT_LAYOUT,
    medium: str = "screen",
    with_flowchart: bool = True,
    scale: float = 1.0,
) -> dict[str, Any]:
    """What a plan template sees: the plan, its view, text helpers, dates, QR, assets."""
    words = interface_words(lang, theme)
    loc = localizer_for(plan, lang)
    view = PlanView(plan, loc, words)
    url = view.online_url
    return {
        **interface_globals(words),
        "plan": plan,
        "view": view,
        "lang": lang,
        "region": plan.region,
        "layout": layout,
        "medium": medium,
        "t": _localized(loc, plan),
        "plain": loc.plain,
        "today": format_day(day, lang, plan.region),
        "today_iso": day.isoformat(),
        "framework_date": format_day(plan.date, lang, plan.region),
        "online_url": url,
        "qr": qr.qr_svg(url, words.gettext("QR code to the online version")) if url else None,
        "flowchart": flowchart.chart(plan, view) if with_flowchart else None,
        "asset_url": asset_url_for(theme, medium),
        "page_css": page_counter_css(words),
        "fit_scale": scale,
        # The smallest scale is the last try: a layout may then trade looks for room.
        "fit_last_try": scale <= min(LAYOUTS[layout].scales),
    }


def render_plan(
    plan: Plan,
    lang: str,
    *,
    theme: Theme,
    day: date,
    layout: str = DEFAULT_LAYOUT,
    medium: str = "screen",
    scale: float = 1.0,
) -> str:
    """The plan as one HTML document (screen: self-contained web page; print: PDF source).

    `scale` shrinks the type of the layouts that must fit their paper (render.shrink_to_fit).
    """
    if layout not in LAYOUTS:
        raise OutputError(f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
    if medium not in MEDIA:
        raise OutputError(f"unknown medium {medium!r}")
    spec = LAYOUTS[layout]
    extra: dict[str, Any] = {}
    if spec.copies is not None:
        original = render_plan(plan, lang, theme=theme, day=day, layout=spec.copies,
                               medium="print", scale=scale)
        extra["back_blocks"] = blocks_after_first_page(measure_html(original, theme.dirs))

    def context() -> dict[str, Any]:
        return {**plan_context(plan, lang, theme=theme, day=day, layout=layout, medium=medium,
                               with_flowchart=spec.flowchart, scale=scale), **extra}

    interface_words(lang, theme)  # compiled here, once: a theme's own render runs in a child
    return finish(language_spans(render_template(theme, lang, spec.template, context,
                                                 plan.plan_id)), lang)


def blocks_after_first_page(measure: Measure) -> list[str]:
    """The blocks a laid-out page puts on page 2 or later (its back), in order.

    A layout that copies another puts the same blocks on the same face: it reads them from
    the original as laid out, rather than guessing what fits.
    """
    back = sorted((anchor.page, anchor.depth_mm, name[len(BLOCK_ANCHOR):])
                  for name, anchor in measure.anchors.items()
                  if name.startswith(BLOCK_ANCHOR) and anchor.page > 0)
    return [name for _page, _depth, name in back]


def render_index(
    entries: Sequence[dict[str, Any]], lang: str, *, theme: Theme, day: date, title: str,
    region: str | None = None,
) -> str:
    """The index page linking every plan built (entries grouped by language); the date as
    readers in `region` (the plans' country) write it."""
    words = interface_words(lang, theme)
    context = {
        **interface_globals(words),
        "entries": entries,
        "lang": lang,
        "title": title,
        "layout": "index",
        "medium": "screen",
        "today": format_day(day, lang, region),
        "today_iso": day.isoformat(),
        "asset_url": asset_url_for(theme, "screen"),
        "page_css": page_counter_css(words),
    }
    return finish(language_spans(render_template(theme, lang, "index.html.j2",
                                                 lambda: context, "index")), lang)

