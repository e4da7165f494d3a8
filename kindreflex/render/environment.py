"""The Jinja environment of a theme: autoescape, StrictUndefined, i18n, filters, assets."""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import jinja2
from markupsafe import Markup

from ..errors import OutputError
from ..framework.phones import DEFAULT_REGION, display_phone, tel_uri
from .i18n import language_name, translations
from .localizer import SAFE_LINK
from .theme import Theme


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


# Phone numbers are written and dialled as in the plan's region: the page context names it
# (`region`), so the filters need no argument in the templates.
@jinja2.pass_context
def _phone(context: jinja2.runtime.Context, number: str | None) -> str:
    return display_phone(number, context.get("region") or DEFAULT_REGION) if number else ""


@jinja2.pass_context
def _tel(context: jinja2.runtime.Context, number: str | None) -> str:
    return tel_uri(number, context.get("region") or DEFAULT_REGION) if number else ""


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


def render_template(theme: Theme, lang: str, name: str, context: dict[str, Any],
                    what: str) -> str:
    """Render one template of the theme; template problems become OutputError."""
    return _render(environment(theme, lang), name, context, what, lang)


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


def asset_url_for(theme: Theme, medium: str) -> Callable[[str], str]:
    def asset_url(name: str) -> str:
        path = theme.find(name)
        if medium == "print":
            # WeasyPrint fetches it through pdf.AssetFetcher, which only serves theme files.
            return path.as_uri()
        # The web page stays one self-contained file: assets are inlined.
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

    return asset_url

