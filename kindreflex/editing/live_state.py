"""The live preview's state: the current project, its errors, and pages rendered on demand."""

from __future__ import annotations

import hashlib
import html
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Issue, KindreflexError
from ..framework.checks import CheckOptions
from ..framework.loading import Project, open_project
from ..render.i18n import build_date
from ..render.pages import render_plan
from ..render.theme import Theme, theme_for

PageKey = tuple[str, str, str | None]  # (lang, sector, context)


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
    sector, _, context = name.partition("+")
    return (parts[0], sector, context or None), ext


@dataclass
class Preview:
    """Holds the last good project, the current errors, and a cache of rendered pages."""

    root: Path
    templates: Path | None = None
    project: Project | None = None
    errors: list[Issue] = field(default_factory=list)
    version: int = 0
    digests: dict[PageKey, str] = field(default_factory=dict)
    pages: dict[PageKey, bytes] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    changed: threading.Condition = field(default_factory=threading.Condition)
    last_changed: frozenset[PageKey] | None = None  # None: every page

    def theme(self) -> Theme:
        """The current theme (template dirs are re-read on every rebuild)."""
        return theme_for(self.root, self.templates)

    def reload(self) -> frozenset[PageKey] | None:
        """Re-read every file; returns the pages whose content changed (None: all of them)."""
        try:
            project = open_project(self.root, CheckOptions())
            errors = project.issues.errors
        except KindreflexError as error:
            project, errors = None, [Issue("", 1, 1, "usage", str(error))]
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
        """Drop cached pages whose resolved plan or theme changed; keep the others."""
        theme_stamp = _theme_stamp(self.theme())
        changed = set()
        for key in list(self.digests):
            digest = self._digest(project, key, theme_stamp)
            if digest != self.digests[key]:
                changed.add(key)
                self.pages.pop(key, None)
                self.digests[key] = digest
        return frozenset(changed)

    @staticmethod
    def _digest(project: Project, key: PageKey, theme_stamp: str) -> str:
        lang, sector, context = key
        try:
            data = project.resolve(sector, context).data
        except KindreflexError:
            return "missing"
        payload = json.dumps([lang, theme_stamp, data], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def page(self, key: PageKey) -> bytes:
        """The rendered page (from the cache when nothing it depends on changed)."""
        with self.lock:
            if self.errors:
                return error_page(self.errors).encode("utf-8")
            if key in self.pages:
                return self.pages[key]
            project = self.project
            assert project is not None
            lang, sector, context = key
            plan = project.plan(sector, context)
            if lang not in project.languages:
                raise KeyError(lang)
            theme = self.theme()
            page = render_plan(plan, lang, theme=theme, day=build_date()).encode("utf-8")
            self.pages[key] = page
            self.digests[key] = self._digest(project, key, _theme_stamp(theme))
            return page

    def pdf(self, key: PageKey) -> bytes:
        """The handout PDF of a page (always rendered fresh: it is asked for rarely)."""
        from ..render.pdf import html_to_pdf

        with self.lock:
            project = self.project
            if self.errors or project is None:
                raise KindreflexError("the plan has errors; fix them to get the PDF")
            lang, sector, context = key
            plan = project.plan(sector, context)
            theme = self.theme()
        source = render_plan(plan, lang, theme=theme, day=build_date(), medium="print")
        return html_to_pdf(source, theme.dirs)

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


def _theme_stamp(theme: Theme) -> str:
    """Names, sizes and modification times of every theme file: changes when one is saved."""
    entries = []
    for folder in theme.dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                entries.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


def _document(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title>"
            "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
            "padding:0 1rem;line-height:1.5}pre{white-space:pre-wrap;background:#fff4f4;"
            "border:2px solid #b00020;padding:1rem}</style></head>"
            f"<body><main>{body}</main></body></html>\n")


def error_page(errors: list[Issue]) -> str:
    """The errors, in the same words as `kindreflex validate`, as a page."""
    text = "\n".join(issue.format_text() for issue in errors)
    body = (f'<h1 id="kr-errors">The plan has {len(errors)} error(s)</h1>'
            "<p>Fix them in the YAML files; this page updates by itself when you save.</p>"
            f'<pre role="alert">{html.escape(text)}</pre>')
    return _document("Errors – kindreflex preview", body)
