"""The live preview's state: the current project, its errors, and pages rendered on demand."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import ContentError, Issue, KindreflexError
from ..framework.checks import CheckOptions
from ..framework.project import Project, open_project
from ..layouts import DEFAULT_LAYOUT
from ..render.fingerprint import output_digest, plan_fingerprint, render_stamp
from ..render.i18n import build_date
from ..render.pages import render_plan
from ..render.theme import Theme, theme_for

PageKey = tuple[str, str, str | None]  # (lang, sector, context)
CacheKey = tuple[str, str, str | None, str]  # (lang, sector, context, html|pdf)


class NotFound(KindreflexError):
    """A page of a language, sector or context the project does not have."""


def page_path(key: PageKey) -> str:
    """`/<lang>/<sector>[+<context>].html` for a page key."""
    lang, sector, context = key
    return f"/{lang}/{sector}+{context}.html" if context else f"/{lang}/{sector}.html"


def parse_page_path(path: str) -> tuple[PageKey, str] | None:
    """(key, extension) of `/<lang>/<sector>[+<context>].<html|pdf>`, or None."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or "." not in parts[1]:
        return None
    name, _, ext = parts[1].rpartition(".")
    if ext not in ("html", "pdf"):
        return None
    sector, plus, context = name.partition("+")
    if plus and not context:
        return None  # `sport+.html` is no other name of `sport.html`
    return (parts[0], sector, context or None), ext


@dataclass
class Preview:
    """Holds the last good project, the current errors, and a cache of rendered pages.

    A page or PDF is kept until what it is made from changes (the digest of its render
    inputs, as `build` computes it); the PDF of a page in one state is rendered by one
    request, so fifty readers asking at once cost one render. `warn` hears WeasyPrint's
    warnings about each PDF it renders (`template-css`: the theme's CSS), as `build` prints
    them.
    """

    root: Path
    templates: Path | None = None
    warn: Callable[[Issue], None] | None = None
    project: Project | None = None
    errors: list[Issue] = field(default_factory=list)
    version: int = 0
    digests: dict[CacheKey, str] = field(default_factory=dict)
    pages: dict[CacheKey, bytes] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    changed: threading.Condition = field(default_factory=threading.Condition)
    last_changed: frozenset[PageKey] | None = None  # None: every page
    _flights: dict[tuple[CacheKey, str], Future[bytes]] = field(default_factory=dict)
    _day: date | None = None

    def theme(self) -> Theme:
        """The current theme (template dirs are re-read on every rebuild)."""
        return theme_for(self.root, self.templates)

    def reload(self) -> frozenset[PageKey] | None:
        """Re-read every file; returns the pages whose content changed (None: all of them)."""
        try:
            project = open_project(self.root, CheckOptions())
            errors = project.issues.errors
        except KindreflexError as error:
            project, errors = None, [Issue("", 1, 1, "usage", redact(str(error), self.root))]
        with self.lock:
            had_errors = bool(self.errors)
            self.errors = errors
            if errors or project is None:
                changed: frozenset[PageKey] | None = None
            else:
                self.project = project
                changed = self._invalidate(project)
                if had_errors:
                    changed = None
            self.version += 1
        with self.changed:
            self.last_changed = changed
            self.changed.notify_all()
        return changed

    def _invalidate(self, project: Project) -> frozenset[PageKey]:
        """Drop cached pages whose render inputs changed; keep the others."""
        stamp = self._stamp()
        changed: set[PageKey] = set()
        for key in list(self.digests):
            digest = self._digest(project, key, stamp)
            if digest != self.digests[key]:
                changed.add((key[0], key[1], key[2]))
                self.pages.pop(key, None)
                self.digests[key] = digest
        return frozenset(changed)

    def _stamp(self) -> str:
        return render_stamp(self.theme(), build_date())

    @staticmethod
    def _digest(project: Project, key: CacheKey, stamp: str) -> str:
        lang, sector, context, medium = key
        try:
            plan = project.plan(sector, context)
        except KindreflexError:
            return "missing"
        return output_digest(stamp, plan_fingerprint(plan), lang, DEFAULT_LAYOUT, medium)

    def check(self, key: PageKey) -> Project:
        """The project, if it has this page; NotFound for an unknown language, sector or
        context (nothing is rendered for those)."""
        project = self.project
        lang, sector, context = key
        if project is None or lang not in project.languages or \
                sector not in project.sector_ids or \
                (context is not None and context not in project.context_ids):
            raise NotFound(f"no such plan: {page_path(key)}")
        return project

    def _fresh_day(self) -> None:
        day = build_date()  # a bad SOURCE_DATE_EPOCH is a UsageError with the reason
        if day != self._day:
            self._day = day
            self.pages.clear()  # the date printed on every page changed

    def page(self, key: PageKey) -> bytes:
        """The rendered page (from the cache when nothing it depends on changed)."""
        with self.lock:
            if self.errors:
                return error_page(self.errors).encode("utf-8")
            self._fresh_day()
            project = self.check(key)
            cache_key = (*key, "html")
            if cache_key in self.pages:
                return self.pages[cache_key]
            lang, sector, context = key
            try:
                plan = project.plan(sector, context)
                theme = self.theme()
                page = render_plan(plan, lang, theme=theme, day=build_date()).encode("utf-8")
            except ContentError as error:  # a template problem: shown like any other error
                return error_page(error.issues).encode("utf-8")
            self.pages[cache_key] = page
            self.digests[cache_key] = self._digest(project, cache_key, self._stamp())
            return page

    def pdf(self, key: PageKey) -> bytes:
        """The PDF of a page (the default layout), rendered once until its inputs change.

        Single flight: requests for the same page in the same state wait for one render and
        share its result (or its error).
        """
        cache_key = (*key, "pdf")
        with self.lock:
            if self.errors or self.project is None:
                raise ContentError(self.errors)
            self._fresh_day()
            project = self.check(key)
            if cache_key in self.pages:
                return self.pages[cache_key]
            lang, sector, context = key
            plan = project.plan(sector, context)
            theme = self.theme()
            digest = self._digest(project, cache_key, self._stamp())
            version = self.version
            flight = self._flights.get((cache_key, digest))
            if flight is not None:
                leader = False
            else:
                leader, flight = True, Future()
                self._flights[(cache_key, digest)] = flight
        if not leader:
            return flight.result()
        try:
            # Rendered outside the lock: pages stay quick while a PDF takes seconds.
            from ..render.pdf import html_to_pdf

            source = render_plan(plan, lang, theme=theme, day=build_date(), medium="print")
            pdf = html_to_pdf(source, theme.dirs, warn=self.warn)
        except BaseException as error:
            with self.lock:
                del self._flights[(cache_key, digest)]
            flight.set_exception(error)
            raise
        with self.lock:
            del self._flights[(cache_key, digest)]
            if self.version == version:  # nothing was saved meanwhile
                self.pages[cache_key] = pdf
                self.digests[cache_key] = digest
        flight.set_result(pdf)
        return pdf

    def index(self) -> str:
        """A page linking every sector (and sector+context) in every language."""
        with self.lock:
            project = self.project
            errors = self.errors
        if project is None:
            return error_page(errors)
        rows = []
        for lang in project.languages:
            links = []
            for sector in project.sector_ids:
                for context in (None, *project.context_ids):
                    href = page_path((lang, sector, context))
                    label = f"{sector}+{context}" if context else sector
                    links.append(f'<li><a href="{html.escape(href)}">{html.escape(label)}</a>'
                                 f' (<a href="{html.escape(href[:-4])}pdf">PDF</a>)</li>')
            rows.append(f"<h2>{html.escape(lang)}</h2><ul>{''.join(links)}</ul>")
        body = "".join(rows)
        return _document("kindreflex preview", f"<h1>kindreflex preview</h1>{body}")


# An absolute path: a '/' that does not follow a word, ':' or '/' (not a URL), then parts.
_ABSOLUTE = re.compile(r"(?<![\w:/.-])/(?:[^\s/'\"<>:]+/)*([^\s/'\"<>:]+)")


# A file URL (`file:///home/…`, `file://host/…`): its path is redacted like any other.
_FILE_URL = re.compile(r"\bfile://[^/\s'\"<>]*(?=/)", re.IGNORECASE)


def redact(text: str, root: Path | None = None) -> str:
    """`text` without absolute paths, written as paths or as file URLs: the preview may be
    seen by others than the editor."""
    text = _FILE_URL.sub("", text)
    if root is not None:
        for form in {str(root.resolve()), str(root.absolute())}:
            text = text.replace(form + "/", "").replace(form, ".")
    return _ABSOLUTE.sub(lambda m: f"…/{m.group(1)}", text)


def _document(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title>"
            "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
            "padding:0 1rem;line-height:1.5}pre{white-space:pre-wrap;background:#fff4f4;"
            "border:2px solid #b00020;padding:1rem}</style></head>"
            f"<body><main>{body}</main></body></html>\n")


def error_page(errors: list[Issue], title: str = "") -> str:
    """The errors, in the same words as `kindreflex validate`, as a page."""
    text = redact("\n".join(issue.format_text() for issue in errors))
    heading = title or f"The plan has {len(errors)} error(s)"
    body = (f'<h1 id="kr-errors">{html.escape(heading)}</h1>'
            "<p>Fix them in the YAML files; this page updates by itself when you save.</p>"
            f'<pre role="alert">{html.escape(text)}</pre>')
    return _document("Errors – kindreflex preview", body)
