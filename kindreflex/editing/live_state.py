"""The live preview's state: the current project, its errors, and pages rendered on demand.

A page is one plan (a sector, perhaps with a context) in one language and one layout, at the
address `kindreflex build` gives its file: `/<lang>/<sector>[+<context>][-<layout>].html`
(and `.pdf`). Every layout of the registry (`kindreflex.layouts`) is served.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from ..errors import ContentError, Issue, KindreflexError, Sources
from ..framework.checks import CheckOptions
from ..framework.model import Plan
from ..framework.project import Project, open_project
from ..layouts import DEFAULT_LAYOUT, LAYOUTS, layout_suffixes
from ..output.build import Job, source_file
from ..output.file_names import build_output_name, build_page_nav
from ..output.index_page import render_index_page
from ..render.fingerprint import canonical, output_digest, plan_fingerprint, render_stamp
from ..render.fit_check import overflow_issue
from ..render.i18n import build_date
from ..render.page_nav import PageNav
from ..render.pages import render_plan
from ..render.preflight import render_warnings
from ..render.theme import Theme, theme_for
from .error_page import error_page, redact


class PageKey(NamedTuple):
    """One page of the preview: a plan in a language and a layout."""

    lang: str
    sector: str  # a sector id, or the framework's own id when it has no sectors yet
    context: str | None
    layout: str = DEFAULT_LAYOUT

    @property
    def plan_id(self) -> str:
        """`sector` or `sector+context`, as in output file names."""
        return f"{self.sector}+{self.context}" if self.context else self.sector


CacheKey = tuple[PageKey, str]  # (page, html|pdf)


# Rebuilds remembered for pages that connect late; a page further behind reloads whole.
HISTORY_LENGTH = 256


class NotFound(KindreflexError):
    """A page of a language, sector, context or layout the project does not have."""


def page_path(key: PageKey, ext: str = "html") -> str:
    """The address of a page: its file name in a build, `/<lang>/<plan>[-<layout>].<ext>`."""
    return "/" + build_output_name(key.lang, key.plan_id, key.layout, ext)


def page_nav(project: Project, key: PageKey) -> PageNav | None:
    """What the page links to, as in a build of every language: the preview serves every
    page, its PDF and the index (`/index.html`)."""
    return build_page_nav(key.lang, key.plan_id, key.layout, project.languages, ("html", "pdf"))


def parse_page_path(path: str) -> tuple[PageKey, str] | None:
    """(key, extension) of a page's address (see `page_path`), or None."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or "." not in parts[1]:
        return None
    name, _, ext = parts[1].rpartition(".")
    if ext not in ("html", "pdf"):
        return None
    layout = DEFAULT_LAYOUT
    # Ids never end in a layout's suffix, so the suffix (longest first) is the layout's.
    for suffix in layout_suffixes():
        if name.endswith(suffix):
            layout = next(n for n, spec in LAYOUTS.items() if spec.suffix == suffix)
            name = name[: -len(suffix)]
            break
    sector, plus, context = name.partition("+")
    if not sector or (plus and not context):
        return None  # `sport+.html` is no other name of `sport.html`
    return PageKey(parts[0], sector, context or None, layout), ext


@dataclass
class Preview:
    """Holds the last good project, the current errors, and a cache of rendered pages.

    A page or PDF is kept until what it is made from changes (the digest of its render
    inputs, as `build` computes it); the PDF of a page in one state is rendered by one
    request, so fifty readers asking at once cost one render. `warn` hears WeasyPrint's
    warnings about each PDF it renders (`template-css`: the theme's CSS) and what does not
    fit its paper (`layout-overflow`), as `build` prints them, and what `build` says of a
    root before it renders (`render.preflight`), once while it stands.
    """

    root: Path
    templates: Path | None = None
    warn: Callable[[Issue], None] | None = None
    project: Project | None = None
    errors: list[Issue] = field(default_factory=list)
    # The texts of the files the errors point into (code frames).
    sources: Sources = field(default_factory=Sources)
    version: int = 0
    digests: dict[CacheKey, str] = field(default_factory=dict)
    pages: dict[CacheKey, bytes] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    changed: threading.Condition = field(default_factory=threading.Condition)
    # What each rebuild changed, by the version it made (None: every page). A page that
    # connects after a rebuild, or reconnects, is told what it missed since the version it
    # was served at: a save between loading a page and listening is not lost.
    history: dict[int, frozenset[PageKey] | None] = field(default_factory=dict)
    _flights: dict[tuple[CacheKey, str], Future[bytes]] = field(default_factory=dict)
    _day: date | None = None
    _warned: set[Issue] = field(default_factory=set)  # the last reload's render warnings
    _index: str | None = None  # the index page, until the next rebuild

    def theme(self) -> Theme:
        """The current theme (template dirs are re-read on every rebuild)."""
        return theme_for(self.root, self.templates)

    def reload(self) -> frozenset[PageKey] | None:
        """Re-read every file; returns the pages whose content changed (None: all of them)."""
        sources = Sources()
        warnings: list[Issue] = []
        try:
            project = open_project(self.root, CheckOptions())
            errors, sources = project.issues.errors, project.sources
            if not errors:
                # What `build` says before it renders (a catalogue that cannot be used is
                # an error here too; interface words a language lacks are warnings).
                warnings = render_warnings(project, self.theme(), project.languages)
        except ContentError as error:
            errors = list(error.issues)
        except KindreflexError as error:
            project, errors = None, [Issue("", 1, 1, "usage", redact(str(error), self.root))]
        if self.warn is not None:
            # Said once, not again on every save while it stands.
            for warning in warnings:
                if warning not in self._warned:
                    self.warn(warning)
            self._warned = set(warnings)
        with self.lock:
            had_errors = bool(self.errors)
            self.errors, self.sources = errors, sources
            if errors or project is None:
                changed: frozenset[PageKey] | None = None
            else:
                self.project = project
                changed = self._invalidate(project)
                if had_errors:
                    changed = None
            with self.changed:
                self.version += 1
                self.history[self.version] = changed
                self.history.pop(self.version - HISTORY_LENGTH, None)
                self.changed.notify_all()
        return changed

    def changed_since(self, version: int) -> frozenset[PageKey] | None:
        """The pages the rebuilds after `version` changed (None: every page, also when
        `version` is older than the history kept)."""
        with self.changed:
            pages: set[PageKey] = set()
            for made in range(version + 1, self.version + 1):
                if made not in self.history or self.history[made] is None:
                    return None
                pages |= self.history[made] or frozenset()
            return frozenset(pages)

    def _invalidate(self, project: Project) -> frozenset[PageKey]:
        """Drop cached pages whose render inputs changed; keep the others."""
        stamp = self._stamp()
        changed: set[PageKey] = set()
        self._index = None
        for key in list(self.digests):
            digest = self._digest(project, key, stamp)
            if digest != self.digests[key]:
                changed.add(key[0])
                self.pages.pop(key, None)
                self.digests[key] = digest
        return frozenset(changed)

    def _stamp(self) -> str:
        return render_stamp(self.theme(), build_date())

    @staticmethod
    def _digest(project: Project, key: CacheKey, stamp: str) -> str:
        page, medium = key
        try:
            plan = _plan(project, page)
        except KindreflexError:
            return "missing"
        nav = [canonical(page_nav(project, page))] if medium == "html" else []
        return output_digest(stamp, plan_fingerprint(plan), page.lang, page.layout, medium,
                             *nav)

    def check(self, key: PageKey) -> Project:
        """The project, if it has this page; NotFound for an unknown language, sector,
        context or layout (nothing is rendered for those)."""
        project = self.project
        if project is None or key.lang not in project.languages or \
                key.sector not in plan_bases(project) or key.layout not in LAYOUTS or \
                (key.context is not None and key.context not in project.context_ids):
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
                return error_page(self.errors, sources=self.sources).encode("utf-8")
            self._fresh_day()
            project = self.check(key)
            cache_key = (key, "html")
            if cache_key in self.pages:
                return self.pages[cache_key]
            try:
                plan = _plan(project, key)
                page = render_plan(plan, key.lang, theme=self.theme(), day=build_date(),
                                   layout=key.layout, nav=page_nav(project, key)).encode("utf-8")
            except ContentError as error:  # a template problem: shown like any other error
                return error_page(error.issues, sources=error.sources).encode("utf-8")
            self.pages[cache_key] = page
            self.digests[cache_key] = self._digest(project, cache_key, self._stamp())
            return page

    def pdf(self, key: PageKey) -> bytes:
        """The PDF of a page, rendered once until its inputs change, at the type scale that
        fits its layout's paper (as `build` makes it).

        Single flight: requests for the same page in the same state wait for one render and
        share its result (or its error).
        """
        cache_key = (key, "pdf")
        with self.lock:
            if self.errors or self.project is None:
                raise ContentError(self.errors, sources=self.sources)
            self._fresh_day()
            project = self.check(key)
            if cache_key in self.pages:
                return self.pages[cache_key]
            plan = _plan(project, key)
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
            pdf = self._print(plan, key, theme)
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

    def _print(self, plan: Plan, key: PageKey, theme: Theme) -> bytes:
        """The PDF, its warnings told to `warn`."""
        from ..render.shrink_to_fit import print_plan

        printed = print_plan(plan, key.lang, theme=theme, day=build_date(), layout=key.layout)
        if self.warn is not None:
            for warning in printed.warnings:
                self.warn(warning)
            if printed.problems:
                self.warn(overflow_issue(source_file(plan), 1, page_path(key, "pdf")[1:],
                                         LAYOUTS[key.layout], printed.problems))
        return printed.pdf

    def index(self) -> str:
        """The index `build` writes, over every plan, language and layout: what each layout
        is for and for whom, and a link to its page and its PDF."""
        with self.lock:
            project, errors, sources = self.project, self.errors, self.sources
            cached = self._index
        if project is None:
            return error_page(errors, sources=sources)
        if cached is not None:
            return cached
        plans = {(base, context): _plan(project, PageKey("", base, context))
                 for base in plan_bases(project) for context in (None, *project.context_ids)}
        jobs = [Job(plan, lang, layout) for lang in project.languages
                for plan in plans.values() for layout in LAYOUTS]
        present = {job.name(ext) for job in jobs for ext in ("html", "pdf")}
        try:
            page = render_index_page(jobs, present, project, self.theme(), build_date(),
                                     {}).decode("utf-8")
        except ContentError as error:
            return error_page(error.issues, sources=error.sources)
        with self.lock:
            if self.project is project:
                self._index = page
        return page

    def file_path(self, label: str) -> Path | None:
        """The file a message names (`frameworks/x.yaml`, `templates/y.html.j2`), if it is
        one the preview read: for the link that opens it in the editor."""
        with self.lock:
            known = label in self.sources
        root = self.root.resolve()
        if known:
            path = (root / label).resolve()
            return path if path.is_relative_to(root) and path.is_file() else None
        theme = self.theme()
        for folder in theme.dirs:
            prefix = theme.label(folder) + "/"
            if label.startswith(prefix):
                path = (folder / label[len(prefix):]).resolve()
                if path.is_relative_to(folder.resolve()) and path.is_file():
                    return path
        return None


def plan_bases(project: Project) -> list[str]:
    """The plans the preview has, by the name their files start with: every sector, or the
    framework's own id while it has no sector (as `build --all` builds it)."""
    if project.sector_ids:
        return list(project.sector_ids)
    return [str(project.framework.data.get("id"))] if project.framework else []


def _plan(project: Project, key: PageKey) -> Plan:
    sector = key.sector if project.sector_ids else None
    return project.plan(sector, key.context)
