"""Jinja environment (autoescape, StrictUndefined, i18n) and HTML rendering of plans."""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from . import flowchart, qr
from .errors import OutputError
from .i18n import format_day, language_name, translations
from .model import Contact, Option, Plan, Step
from .phones import display_phone, tel_uri
from .text import SAFE_LINK, Localizer, localizer_for
from .theme import Theme

LAYOUTS = ("handout", "card")
MEDIA = ("screen", "print")


@lru_cache(maxsize=32)
def environment(theme: Theme, lang: str) -> jinja2.Environment:
    """A Jinja environment for one theme and one UI language (cached)."""
    loader = jinja2.ChoiceLoader(
        [
            # `{% extends "default/handout.html.j2" %}` reaches the built-in template even
            # when an override of the same name shadows it.
            jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(theme.default))}),
            jinja2.FileSystemLoader([str(d) for d in theme.dirs]),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        phone=_phone, tel=_tel, safe_url=safe_url, bare_url=bare_url, css_string=css_string
    )
    env.globals.update(language_name=language_name)
    return env


def _phone(number: str | None) -> str:
    return display_phone(number) if number else ""


def _tel(number: str | None) -> str:
    return tel_uri(number) if number else ""


def safe_url(url: str | None) -> str | None:
    """The URL if it may be a link (http, https, mailto, tel), else None."""
    if url and SAFE_LINK.match(url.strip()):
        return url.strip()
    return None


def bare_url(url: str) -> str:
    """A URL as people type it: without `https://`, `mailto:` or a trailing slash."""
    for prefix in ("https://", "http://", "mailto:", "tel:"):
        if url.lower().startswith(prefix):
            url = url[len(prefix) :]
            break
    return url.rstrip("/")


def page_counter_css(gettext: Callable[[str], str]) -> Markup:
    """CSS `content` for "Page x of y" in the UI language, from one translatable string."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    pieces = re.split(r"(%\(pages?\)s)", gettext("Page %(page)s of %(pages)s"))
    return Markup(" ".join(counters.get(p) or css_string(p) for p in pieces if p))


def css_string(value: str) -> Markup:
    """`value` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;-_()/+'%" else f"\\{ord(ch):x} " for ch in value
    )
    return Markup(f'"{escaped}"')


@dataclass(frozen=True)
class Target:
    """Where a decision option leads, ready for a template."""

    kind: str  # step | route | contact | end
    label: str  # plain text, localized ("Go to step 3: Report")
    href: str | None  # in-page anchor, or None
    phone: str | None = None


class PlanView:
    """The template-facing helpers of one plan in one language."""

    def __init__(self, plan: Plan, loc: Localizer, gettext: Callable[..., str]) -> None:
        self.plan = plan
        self.loc = loc
        self._ = gettext
        self.numbers = {step.id: index for index, step in enumerate(plan.steps, start=1)}
        # `to: next` means the next question of the same step, or after the last question
        # the next step: resolve it once, by option identity (equal options may differ here).
        self._next: dict[int, str | None] = {}
        for index, step in enumerate(plan.steps):
            following = plan.steps[index + 1].id if index + 1 < len(plan.steps) else None
            for number, decision in enumerate(step.decisions):
                last = number == len(step.decisions) - 1
                for option in decision.options:
                    if option.to == "next":
                        self._next[id(option)] = following if last else "question"

    @property
    def acute_step(self) -> Step | None:
        """The acute-danger step, printed first in a box."""
        return next((step for step in self.plan.steps if step.acute), None)

    @property
    def body_steps(self) -> list[Step]:
        """The steps printed after the acute box."""
        return [step for step in self.plan.steps if not step.acute]

    def number(self, step: Step | str) -> int:
        """The step's number in the plan (1-based, the acute step included)."""
        return self.numbers[step if isinstance(step, str) else step.id]

    def roles(self, ids: Sequence[str]) -> str:
        """The localized role names, joined."""
        names = []
        for role_id in ids:
            try:
                names.append(self.loc.plain(self.plan.role(role_id).name))
            except KeyError:
                names.append(role_id)
        return ", ".join(names)

    def contacts(self, ids: Sequence[str]) -> list[Contact]:
        """The contacts with those ids, in that order (unknown ids skipped: validated before)."""
        known = {c.id: c for c in self.plan.contacts}
        return [known[i] for i in ids if i in known]

    @property
    def urgent_contacts(self) -> list[Contact]:
        """Contacts shown in the acute-danger box."""
        urgent = [c for c in self.plan.contacts if c.urgent]
        acute = self.acute_step
        if acute is not None:
            urgent += [c for c in self.contacts(acute.contacts) if c not in urgent]
        return urgent

    @property
    def key_contacts(self) -> list[Contact]:
        """Urgent contacts first, then every contact a step names (for the card)."""
        keys = list(self.urgent_contacts)
        for step in self.plan.steps:
            keys += [c for c in self.contacts(step.contacts) if c not in keys]
        return keys

    def target(self, option: Option) -> Target:
        """Where an option leads, in words and as an anchor."""
        _ = self._
        kind, key = option.target_kind, option.target_id
        if option.to == "next":
            following = self._next.get(id(option))
            if following == "question":
                return Target("next", _("Go on with the next question"), None)
            if following is None:
                return Target("end", _("End of the procedure"), None)
            kind, key = "step", following
        try:
            if kind == "step":
                step = self.plan.step(key)
                label = _("Go to step %(number)s: %(title)s") % {
                    "number": self.number(step),
                    "title": self.loc.plain(step.title),
                }
                return Target(kind, label, f"#step-{step.id}")
            if kind == "route":
                route = self.plan.route(key)
                label = _("Follow the route: %(title)s") % {"title": self.loc.plain(route.title)}
                return Target(kind, label, f"#route-{route.id}")
            if kind == "contact":
                contact = self.plan.contact(key)
                label = _("Contact %(name)s") % {"name": self.loc.plain(contact.name)}
                return Target(kind, label, f"#contact-{contact.id}", contact.phone)
        except KeyError:
            # References are validated when the plan is resolved; keep the raw target visible.
            return Target(kind, option.to, None)
        return Target("end", _("End of the procedure"), None)

    @property
    def online_url(self) -> str | None:
        """Where the plan is online: the organisation's own page first, then the plan's."""
        organisation = self.plan.layer("organisation")
        for url in (organisation.url if organisation else None, self.plan.url):
            if url and url.lower().startswith(("https://", "http://")):
                return url
        return None

    @property
    def sector_title(self) -> str:
        """The sector's title, or the framework's when no sector applies."""
        sector = self.plan.layer("sector")
        return self.loc.plain(sector.title if sector else self.plan.title)

    def context_title(self) -> str | None:
        """The context's title, if a context overlay applies."""
        context = self.plan.layer("context")
        return self.loc.plain(context.title) if context else None


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
        "flowchart": flowchart.draw(plan, view, gettext) if with_flowchart else [],
        "asset_url": _asset_url(theme, medium),
        "page_css": page_counter_css(gettext),
    }


def render_template(theme: Theme, lang: str, name: str, context: dict[str, Any],
                    what: str) -> str:
    """Render one template of the theme; template problems become OutputError."""
    return _render(environment(theme, lang), name, context, what, lang)


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
    env = environment(theme, lang)
    context = {
        "entries": entries,
        "lang": lang,
        "title": title,
        "layout": "index",
        "medium": "screen",
        "today": format_day(day, lang),
        "today_iso": day.isoformat(),
        "asset_url": _asset_url(theme, "screen"),
        "page_css": page_counter_css(translations(lang).gettext),
    }
    return _render(env, "index.html.j2", context, "index", lang)


def _render(
    env: jinja2.Environment, name: str, context: dict[str, Any], what: str, lang: str
) -> str:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name}:{exc.lineno}"
        raise OutputError(f"{where}: template syntax error: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise OutputError(f"template {exc.name!r} not found") from exc
    except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError) as exc:
        raise OutputError(
            f"rendering {what} ({lang}) with {name} failed: {type(exc).__name__}: {exc}"
            f"{_template_line(exc)}"
        ) from exc


def _template_line(exc: BaseException) -> str:
    # Jinja rewrites tracebacks so template frames carry the template's file and line.
    tb = exc.__traceback__
    where = ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".html", ".css")):
            where = f" (at {filename}:{tb.tb_lineno})"
        tb = tb.tb_next
    return where


def _asset_url(theme: Theme, medium: str) -> Callable[[str], str]:
    def asset_url(name: str) -> str:
        path = theme.find(name)
        if medium == "print":
            # WeasyPrint fetches it through pdf.AssetFetcher, which only serves theme files.
            return path.as_uri()
        # The web page stays one self-contained file: assets are inlined.
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

    return asset_url
