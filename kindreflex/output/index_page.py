"""OUT/index.html: every plan built, per language, each layout with its page count."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..framework.project import Project
from ..render.i18n import translations
from ..render.localizer import localizer_for
from ..render.pages import render_index
from ..render.pdf_read import page_count
from ..render.plan_view import PlanView
from ..render.theme import Theme

if TYPE_CHECKING:
    from .build import Job

# The name of each layout for the reader of the index (translated in the UI catalogs).
LAYOUT_LABELS = {
    "handout": "Full plan",
    "worker": "Short version",
    "card": "Pocket card",
    "card-sheet": "Four pocket cards on A4",
    "poster": "Poster (A3)",
}


def page_counts(out: Path, names: set[str], built: Mapping[str, bytes]) -> dict[str, int]:
    """The page count of every PDF among `names`: from the bytes just built, else from OUT."""
    counts: dict[str, int] = {}
    for name in sorted(n for n in names if n.endswith(".pdf")):
        try:
            data = built[name] if name in built else (out / name).read_bytes()
            counts[name] = page_count(data)
        except (OSError, ValueError):
            continue  # an unreadable old file is still linked, without a count
    return counts


def render_index_page(jobs: Sequence[Job], present: set[str], project: Project, theme: Theme,
                      day: date, pages: Mapping[str, int]) -> bytes:
    """OUT/index.html: per language and plan, every layout with a link per file present."""
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    for job in jobs:
        files = [(fmt, job.name(fmt)) for fmt in ("html", "pdf") if job.name(fmt) in present]
        if not files:
            continue
        translation = translations(job.lang)
        gettext = translation.gettext
        view = PlanView(job.plan, localizer_for(job.plan, job.lang), gettext)
        context = view.context_title()
        title = f"{view.sector_title} · {context}" if context else view.sector_title
        plan = groups.setdefault(job.lang, {}).setdefault(
            job.plan.plan_id, {"title": title, "layouts": []})
        links = []
        for fmt, name in files:
            if fmt == "html":
                label = gettext("web page")
            elif name in pages:
                label = translation.ngettext("PDF, %(pages)s page", "PDF, %(pages)s pages",
                                             pages[name]) % {"pages": pages[name]}
            else:
                label = "PDF"
            links.append({"href": name, "label": label})
        plan["layouts"].append({"name": job.layout, "label": gettext(LAYOUT_LABELS[job.layout]),
                                "files": links})
    lang = project.languages[0]
    first = jobs[0].plan
    title = (f"{translations(lang).gettext('All plans')} – "
             f"{localizer_for(first, lang).plain(first.title)}")
    entries = [{"lang": code, "plans": list(plans.values())} for code, plans in groups.items()]
    return render_index(entries, lang, theme=theme, day=day, title=title).encode("utf-8")
