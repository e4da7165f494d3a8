"""OUT/index.html: every plan built, per language, each layout with its page count."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..framework.project import Project
from ..layouts import LAYOUTS
from ..render.interface_words import interface_words
from ..render.localizer import localizer_for
from ..render.pages import render_index
from ..render.plan_view import PlanView
from ..render.theme import Theme

if TYPE_CHECKING:
    from .build import Job


def page_counts(out: Path, names: set[str], built: Mapping[str, int]) -> dict[str, int]:
    """The page count of every PDF among `names`: as counted when it was just laid out
    (`built`), else read from the file an earlier build left in OUT."""
    counts: dict[str, int] = {}
    for name in sorted(n for n in names if n.endswith(".pdf")):
        try:
            counts[name] = built[name] if name in built else pdf_page_count(out / name)
        except (OSError, ValueError):
            continue  # an unreadable old file is still linked, without a count
    return counts


def pdf_page_count(path: Path) -> int:
    """The number of pages of a PDF file; ValueError if it is not a readable PDF."""
    import pikepdf  # here: only an index of earlier builds' files reads a PDF back

    try:
        with pikepdf.open(io.BytesIO(path.read_bytes())) as document:
            return len(document.pages)
    except pikepdf.PdfError as exc:
        raise ValueError(f"not a readable PDF: {exc}") from exc


def render_index_page(jobs: Sequence[Job], present: set[str], project: Project, theme: Theme,
                      day: date, pages: Mapping[str, int]) -> bytes:
    """OUT/index.html: per language and plan, every layout with a link per file present."""
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    for job in jobs:
        files = [(fmt, job.name(fmt)) for fmt in ("html", "pdf") if job.name(fmt) in present]
        if not files:
            continue
        words = interface_words(job.lang, theme)
        gettext = words.gettext
        view = PlanView(job.plan, localizer_for(job.plan, job.lang), words)
        plan = groups.setdefault(job.lang, {}).setdefault(
            job.plan.plan_id, {"title": view.plan_name, "layouts": []})
        links = []
        for fmt, name in files:
            if fmt == "html":
                label = gettext("web page")
            elif name in pages:
                label = words.ngettext("PDF, %(pages)s page", "PDF, %(pages)s pages",
                                     pages[name], pages=pages[name])
            else:
                label = "PDF"
            links.append({"href": name, "label": label})
        spec = LAYOUTS[job.layout]
        plan["layouts"].append({"name": job.layout, "label": gettext(spec.label),
                                "for_whom": gettext(spec.for_whom), "files": links})
    lang = project.languages[0]
    first = jobs[0].plan
    title = interface_words(lang, theme).gettext(
        "All plans – %(title)s", title=localizer_for(first, lang).plain(first.title))
    entries = [{"lang": code, "plans": list(plans.values())} for code, plans in groups.items()]
    return render_index(entries, lang, theme=theme, day=day, title=title,
                        region=first.region).encode("utf-8")
