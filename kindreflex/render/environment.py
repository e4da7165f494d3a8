"""The Jinja environment of a theme: autoescape, StrictUndefined, i18n, filters, assets."""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from ..errors import KindreflexError, OutputError
from ..framework.files import FileProblem, read_bounded
from ..framework.phones import DEFAULT_REGION, display_phone, tel_uri
from .fallback_marks import unmarked
from .halves import halves
from .i18n import language_name
from .interface_words import InterfaceWords
from .isolation import BoundExceeded, run_bounded
from .localizer import SAFE_LINK
from .phone_links import link_phones
from .sandbox import ThemeEnvironment, ThemeLoader, is_template_problem, template_error
from .theme import Theme
from .typography import LONG_WORD

MAX_ASSET_BYTES = 16 * 1024 * 1024


@lru_cache(maxsize=32)
def environment(theme: Theme, lang: str) -> ThemeEnvironment:
    """The sandboxed Jinja environment of one theme and one UI language (cached).

    `{% extends "default/handout.html.j2" %}` reaches the built-in template even when an
    override of the same name shadows it. The interface words (`_`, `gettext`, `ngettext`) come
    with each page's context (`interface_globals`): they escape what a catalogue says (a
    theme's catalogue is content, like its templates) and mark English fallbacks.
    """
    env = ThemeEnvironment(
        loader=ThemeLoader(theme),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        phone=_phone, tel=_tel, tel_links=_tel_links, safe_url=safe_url, bare_url=bare_url,
        site=site, url_breaks=_url_breaks, css_string=css_string, halves=halves,
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


# `{{ t(action.text)|tel_links }}`: a body text whose phone numbers ("bel 1712") a phone can
# tap. Only on the web page: paper is read, not tapped, and the print page stays the one the
# PDF and its edition are made from. Never on a text inside a link or an attribute, nor
# (`link=False`) in a copy that carries no links (the card sheet's other cards).
@jinja2.pass_context
def _tel_links(context: jinja2.runtime.Context, text: Markup, link: bool = True) -> Markup:
    if not link or context.get("medium") != "screen":
        return text
    plan = context.get("plan")
    known = tuple(contact.phone for contact in plan.contacts if contact.phone) if plan else ()
    return link_phones(text, context.get("region") or DEFAULT_REGION, known)


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


# The points of a web address after its host after which a printed line may break.
_PATH_BREAK = re.compile(r"(?<=[/.\-])")
_WHOLE = Markup('<span class="url-whole">{}</span>')


# Where a printed address may break. A `<wbr>` is an element whose ::before WeasyPrint fills
# with U+200B (its user-agent style sheet): the same break and the same PDF text, at the cost
# of two styled boxes each, a fifth of a handout's layout time. The web page keeps `<wbr>`,
# which a browser's copy of the address leaves out.
_BREAK = {"print": Markup("\u200b"), "screen": Markup("<wbr>")}


@jinja2.pass_context
def _url_breaks(context: jinja2.runtime.Context, url: str) -> Markup:
    return url_breaks(url, medium=context.get("medium") or "screen")


def url_breaks(url: str, *, medium: str = "screen") -> Markup:
    """A web address as printed (`bare_url`), which a line breaks only after a `/`, `.` or
    `-` of its path and query (a `<wbr>` each, U+200B in print), never inside its host name or
    an e-mail address (a `url-whole` span: paged.css keeps it on one line). Pango would break
    after a host's hyphen, and `overflow-wrap` anywhere at all ("www.et / hischsporten.be")."""
    text = bare_url(url)
    host, slash, rest = text.partition("/")
    # A run of letters too long for any real word or host (typography.LONG_WORD) is kept
    # cheap to break anywhere, as in every text, rather than whole past the paper's edge.
    whole = Markup("{}") if LONG_WORD.search(host) else _WHOLE
    if "@" in host or not slash:
        return whole.format(text)
    pieces = [whole.format(host + slash), *(escape(piece) for piece in
                                            _PATH_BREAK.split(rest) if piece)]
    return _BREAK.get(medium, _BREAK["screen"]).join(pieces)


def site(url: str) -> str:
    """A web address in short, its site only (`www.kindengezin.be`): what a pocket card or a
    poster has room for; their link, the handout and the QR code keep the full address."""
    host = urlsplit(url.strip()).hostname
    return host or bare_url(url).split("/", 1)[0]


def interface_globals(words: InterfaceWords) -> dict[str, Any]:
    """What templates call for interface words: `_("Step %(number)s", number=3)` (HTML, with
    names in the forms the translation asks for), `gettext` the same, `ngettext(singular,
    plural, n, **values)`."""
    def ngettext(singular: str, plural: str, count: int, **values: Any) -> str:
        return words.ngettext(singular, plural, count, **{"num": count, **values})

    return {"_": words.gettext_html, "gettext": words.gettext_html, "ngettext": ngettext}


def page_counter_css(words: InterfaceWords) -> Markup:
    """CSS `content` for "Page x of y" in the UI language, from one translatable string."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    message = unmarked(words.raw_message("Page %(page)s of %(pages)s")[0])
    pieces = re.split(r"(%\(pages?\)s)", message)
    return Markup(" ".join(counters.get(p) or css_string(p) for p in pieces if p))


def css_string(value: str) -> Markup:
    """`value` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;-_()/+'%" else f"\\{ord(ch):x} " for ch in value
    )
    return Markup(f'"{escaped}"')


def render_template(theme: Theme, lang: str, name: str,
                    make_context: Callable[[], dict[str, Any]], what: str) -> str:
    """Render one template of the theme with the context `make_context` builds; any problem
    of the template is a located ContentError.

    A theme of the editor's own (ROOT/templates, --templates) renders in a process of its own
    within a time and memory bound (`render.isolation`). The built-in theme is kindreflex's
    own code and renders here: the normal render path pays nothing for the bound. The size
    bounds of the sandbox hold for both.
    """
    env = environment(theme, lang)
    loaded: list[jinja2.Template] = []

    def render() -> str:
        try:
            return loaded[0].render(make_context())
        except KindreflexError as exc:
            if isinstance(exc, OutputError):  # asset_url refused a file
                raise template_error(exc, theme, loaded[0].filename or name, what, lang) from None
            raise
        except Exception as exc:
            if is_template_problem(exc, theme):
                raise template_error(exc, theme, loaded[0].filename or name, what, lang) from None
            raise

    try:
        return run_bounded(render, prepare=lambda: loaded.append(env.load_with_references(name)),
                           isolated=theme.has_overrides)
    except (jinja2.TemplateError, OutputError, BoundExceeded) as exc:
        # Loading the template failed (its syntax, its name), or the render was stopped.
        where = loaded[0].filename if loaded and loaded[0].filename else name
        raise template_error(exc, theme, where, what, lang) from exc


def asset_url_for(theme: Theme, medium: str) -> Callable[[str], str]:
    """`asset_url(name)` for templates: a theme file as a URL (print) or inlined (screen)."""
    def asset_url(name: str) -> str:
        path = theme.find(str(name))
        if medium == "print":
            # WeasyPrint fetches it through pdf.AssetFetcher, which only serves theme files.
            return path.as_uri()
        # The web page stays one self-contained file: assets are inlined.
        try:
            data = read_bounded(path, MAX_ASSET_BYTES)
        except FileProblem as problem:
            raise OutputError(f"template asset {name!r}: {problem.reason}") from None
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"

    return asset_url

