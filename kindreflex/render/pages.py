"""HTML pages of plans: the template context, one plan per layout, the index."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from markupsafe import Markup

from ..errors import OutputError
from ..framework.model import Plan
from ..layouts import DEFAULT_LAYOUT, LAYOUTS
from . import flowchart, qr
from .card_parts import CardPart
from .edition import SOURCE_DAY, WITHHELD, Edition, edition_code
from .edition_check import check_data, paper_editions
from .environment import asset_url_for, interface_globals, page_counter_css, render_template
from .fallback_marks import language_spans
from .fit_check import Measure, measure_html
from .i18n import format_day, text_direction
from .interface_words import interface_words
from .localizer import Localizer, localizer_for
from .page_nav import PageNav
from .plan_view import PlanView
from .reader_text import ReaderLine, reader_lines
from .theme import Theme
from .typography import finish

__all__ = ["MEDIA", "EditionSource", "edition_source", "paper_label", "plan_context",
           "render_index", "render_plan"]

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


def with_edition(url: str, code: str) -> str:
    """The web address with the edition code in its query (`…/plan?edition=7KQ2-M4`): the
    page it leads to says whether that edition is current (render.edition_check)."""
    parts = urlsplit(url)
    query = f"{parts.query}&edition={code}" if parts.query else f"edition={code}"
    return urlunsplit(parts._replace(query=query))


def paper_label(view: PlanView, layout: str) -> str:
    """A paper in words, as the online check names it: `Sport · Lockdown (pocket card)`."""
    return view._("%(title)s (%(layout)s)", title=view.plan_name,
                  layout=view._(LAYOUTS[layout].label))


def plan_context(
    plan: Plan,
    lang: str,
    *,
    theme: Theme,
    edition: Edition,
    layout: str = DEFAULT_LAYOUT,
    medium: str = "screen",
    with_flowchart: bool = True,
    scale: float = 1.0,
    nav: PageNav | None = None,
    online_url: str | None = None,
) -> dict[str, Any]:
    """What a plan template sees: the plan, its view, text helpers, its edition and the date
    of it (the paper's date), QR (to `online_url`, else to the plan's own address), assets,
    and (web page) the links to its PDF, its other languages and the index."""
    words = interface_words(lang, theme)
    loc = localizer_for(plan, lang)
    view = PlanView(plan, loc, words)
    url = online_url or view.online_url
    if url and edition.code:
        url = with_edition(url, edition.code)
    check = None
    if medium == "screen" and edition.code:
        check = check_data([paper_editions(paper_label(view, layout), edition, words,
                                           plan.region, lang)], words)
    return {
        **interface_globals(words),
        "plan": plan,
        "view": view,
        "lang": lang,
        "direction": text_direction(lang),  # "rtl" for Arabic, Hebrew …: the CSS mirrors
        "region": plan.region,
        "layout": layout,
        "medium": medium,
        "t": _localized(loc, plan),
        "plain": loc.plain,
        "edition": edition,
        "edition_check": check,
        # The paper's date is its edition's: the day it first had this content.
        "today": format_day(edition.day, lang, plan.region),
        "today_iso": edition.day.isoformat(),
        # None: the framework gives no date (the schema does not ask for one).
        "framework_date": format_day(plan.date, lang, plan.region) if plan.date else None,
        "online_url": url,
        "qr": qr.qr_svg(url, words.gettext("QR code to the online version")) if url else None,
        "flowchart": flowchart.chart(plan, view) if with_flowchart else None,
        "asset_url": asset_url_for(theme, medium),
        "page_css": page_counter_css(words),
        "fit_scale": scale,
        # The smallest scale is the last try: a layout may then trade looks for room.
        "fit_last_try": scale <= min(LAYOUTS[layout].scales),
        "page_nav": nav if medium == "screen" else None,
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
    edition: Edition | None = None,
    first_page_only: bool = False,
    nav: PageNav | None = None,
    online_url: str | None = None,
    card_part: CardPart | None = None,
) -> str:
    """The plan as one HTML document (screen: self-contained web page; print: PDF source).

    `scale` shrinks the type of the layouts that must fit their paper (render.shrink_to_fit).
    `edition` is the paper's edition (a build takes its date from OUT's edition log); without
    one, its code is computed here and `day` is its date. `first_page_only`: the page 1 of a
    layout whose page 1 stands alone (`Layout.first_page_alone`), to measure its fit. `nav`:
    what the web page links to besides itself (the writer of the pages knows which files are
    there). `online_url` is where the paper's QR code and web address lead instead of the
    plan's own `url` (`build --site-url`: the paper's own published web page). `card_part`:
    one part of a card made in parts for many organisations (render.card_parts).
    """
    if layout not in LAYOUTS:
        raise OutputError(f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
    if medium not in MEDIA:
        raise OutputError(f"unknown medium {medium!r}")
    if edition is None:
        edition = Edition(edition_source(plan, lang, theme=theme, layout=layout).code, day)
    spec = LAYOUTS[layout]
    extra: dict[str, Any] = {"first_page_only": first_page_only and spec.first_page_alone,
                             "card_part": card_part}
    if spec.copies is not None:
        original = render_plan(plan, lang, theme=theme, day=day, layout=spec.copies,
                               medium="print", scale=scale, edition=edition,
                               online_url=online_url)
        extra["back_blocks"] = blocks_after_first_page(measure_html(original, theme.dirs))

    def context() -> dict[str, Any]:
        return {**plan_context(plan, lang, theme=theme, edition=edition, layout=layout,
                               medium=medium, with_flowchart=spec.flowchart, scale=scale,
                               nav=nav, online_url=online_url),
                **extra}

    interface_words(lang, theme)  # compiled here, once: a theme's own render runs in a child
    return finish(language_spans(render_template(theme, lang, spec.template, context,
                                                 plan.plan_id)), lang)


@dataclass(frozen=True)
class EditionSource:
    """What the reader of a paper sees (its lines) and the edition code it gives."""

    lines: tuple[ReaderLine, ...]
    code: str


def edition_source(plan: Plan, lang: str, *, theme: Theme, layout: str) -> EditionSource:
    """The reader lines and edition code of `layout` in `lang` (render.edition).

    The print page is rendered with the date, the edition and the framework's version and
    date withheld: a paper keeps its edition until what it says changes. A layout made of
    another's pages (the card sheet) is that layout's paper, and has its edition.
    """
    spec = LAYOUTS[layout]
    bare = dataclasses.replace(plan, version="", date=SOURCE_DAY.isoformat())
    html = render_plan(bare, lang, theme=theme, day=SOURCE_DAY, layout=spec.copies or layout,
                       medium="print", edition=WITHHELD)
    view = PlanView(plan, localizer_for(plan, lang), interface_words(lang, theme))
    # The plan's numbers, as printed: a sentence may say one ("Call 101.") unmarked.
    numbers = [view.display_phone(c.phone) for c in plan.contacts if c.phone]
    actions = [view.loc.plain(action.text) for step in plan.steps for action in step.actions]
    lines = reader_lines(html, [*numbers, view.fill_in.phone or ""], actions)
    return EditionSource(lines, edition_code(lines))


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
    region: str | None = None, editions: Sequence[dict[str, Any]] = (),
) -> str:
    """The index page linking every plan built (entries grouped by language); the date as
    readers in `region` (the plans' country) write it. `editions` (render.edition_check's
    `paper_editions`) are the papers whose printed codes it checks."""
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
        "edition_check": check_data(editions, words) if editions else None,
    }
    return finish(language_spans(render_template(theme, lang, "index.html.j2",
                                                 lambda: context, "index")), lang)

