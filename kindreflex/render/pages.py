"""HTML pages of plans: the template context, one plan per layout, the index."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from markupsafe import Markup

from ..errors import OutputError
from ..framework.model import Plan
from . import flowchart, qr
from .environment import asset_url_for, page_counter_css, render_template
from .i18n import format_day, translations
from .localizer import Localizer, localizer_for
from .plan_view import PlanView
from .theme import Theme

LAYOUTS = ("handout", "card")
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
    }


def render_plan(
    plan: Plan,
    lang: str,
    *,
    theme: Theme,
    day: date,
    layout: str = "handout",
    medium: str = "screen",
) -> str:
    """The plan as one HTML document (screen: self-contained web page; print: PDF source)."""
    if layout not in LAYOUTS:
        raise OutputError(f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
    if medium not in MEDIA:
        raise OutputError(f"unknown medium {medium!r}")
    context = plan_context(plan, lang, theme=theme, day=day, layout=layout, medium=medium,
                           with_flowchart=layout == "handout")
    return render_template(theme, lang, f"{layout}.html.j2", context, plan.plan_id)


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
    return render_template(theme, lang, "index.html.j2", context, "index")

