"""HTML pages of plans: the template context, one plan per layout, the index."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..errors import OutputError
from ..framework.model import Plan
from . import flowchart, qr
from .environment import asset_url_for, page_counter_css, render_template
from .i18n import format_day, translations
from .layouts import LAYOUT_SPECS, LAYOUTS
from .localizer import Localizer, localizer_for
from .pdf import html_to_pdf
from .pdf_read import named_destinations
from .plan_view import PlanView
from .theme import Theme
from .typography import finish

__all__ = ["LAYOUTS", "MEDIA", "plan_context", "render_index", "render_plan"]

MEDIA = ("screen", "print")


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
    layout: str = "handout",
    medium: str = "screen",
    with_flowchart: bool = True,
    scale: float = 1.0,
) -> dict[str, Any]:
    """What a plan template sees: the plan, its view, text helpers, dates, QR, assets."""
    gettext = translations(lang).gettext
    loc = localizer_for(plan, lang)
    view = PlanView(plan, loc, gettext)
    url = view.online_url
    return {
        "plan": plan,
        "view": view,
        "lang": lang,
        "region": plan.region,
        "layout": layout,
        "medium": medium,
        "t": _localized(loc, plan),
        "plain": loc.plain,
        "today": format_day(day, lang),
        "today_iso": day.isoformat(),
        "framework_date": format_day(plan.date, lang),
        "online_url": url,
        "qr": qr.qr_svg(url, gettext("QR code to the online version")) if url else None,
        "flowchart": flowchart.chart(plan, view) if with_flowchart else None,
        "asset_url": asset_url_for(theme, medium),
        "page_css": page_counter_css(gettext),
        "fit_scale": scale,
        # The smallest scale is the last try: a layout may then trade looks for room.
        "fit_last_try": scale <= min(LAYOUT_SPECS[layout].scales),
    }


def render_plan(
    plan: Plan,
    lang: str,
    *,
    theme: Theme,
    day: date,
    layout: str = "handout",
    medium: str = "screen",
    scale: float = 1.0,
) -> str:
    """The plan as one HTML document (screen: self-contained web page; print: PDF source).

    `scale` shrinks the type of the layouts that must fit their paper (render.fitting).
    """
    if layout not in LAYOUTS:
        raise OutputError(f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
    if medium not in MEDIA:
        raise OutputError(f"unknown medium {medium!r}")
    spec = LAYOUT_SPECS[layout]
    extra: dict[str, Any] = {}
    if layout == "card-sheet":
        card = render_plan(plan, lang, theme=theme, day=day, layout="card", medium="print",
                           scale=scale)
        extra["back_blocks"] = card_back_blocks(card, theme.dirs)

    def context() -> dict[str, Any]:
        return {**plan_context(plan, lang, theme=theme, day=day, layout=layout, medium=medium,
                               with_flowchart=spec.flowchart, scale=scale), **extra}

    return finish(render_template(theme, lang, spec.template, context, plan.plan_id), lang)


def card_back_blocks(card_html: str, asset_dirs: tuple[Path, ...]) -> list[str]:
    """The blocks of a card that its PDF puts on the back (page 2 or later), in order.

    The card sheet puts the same blocks on the same face: it reads them from the card
    itself rather than guessing what fits.
    """
    destinations = named_destinations(draft_pdf(card_html, asset_dirs))
    back = []
    for name, destination in destinations.items():
        if name.startswith("cb-") and destination.page > 0:
            back.append((destination.page, -destination.top, name[3:]))
    return [name for _page, _top, name in sorted(back)]


@lru_cache(maxsize=8)
def draft_pdf(html: str, asset_dirs: tuple[Path, ...]) -> bytes:
    """A PDF to measure, not to publish (no PDF/UA post-processing); cached by its HTML.

    The card sheet measures the card at each type scale it tries, for its fit and its split.
    """
    return html_to_pdf(html, asset_dirs, variant=None)


def render_index(
    entries: Sequence[dict[str, Any]], lang: str, *, theme: Theme, day: date, title: str
) -> str:
    """The index page linking every plan built (entries grouped by language)."""
    context = {
        "entries": entries,
        "lang": lang,
        "title": title,
        "layout": "index",
        "medium": "screen",
        "today": format_day(day, lang),
        "today_iso": day.isoformat(),
        "asset_url": asset_url_for(theme, "screen"),
        "page_css": page_counter_css(translations(lang).gettext),
    }
    return finish(render_template(theme, lang, "index.html.j2", lambda: context, "index"), lang)

