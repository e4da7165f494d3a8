"""The batch's work units: picklable specs and the tasks the pool's workers run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ContentError, Issue, OutputError
from ..framework.model import Plan
from ..framework.project import Project, load_project
from ..render.edition import Edition
from ..render.page_nav import PageNav
from .organisation import OrgContact, OrgRow

# Organisations per WeasyPrint document of organisation pages: a document has a fixed cost
# of about a second (start-up, CSS, font subsetting), each organisation page adds ~15 ms, so
# bigger chunks are cheaper, up to where one chunk no longer keeps the workers busy. An
# organisation's file does not depend on its chunk mates (see the glyph sheet in
# templates/organisation.html.j2), so the chunk size may follow --jobs.
CHUNK_MIN, CHUNK_MAX = 4, 32


def chunk_size(count: int, jobs: int) -> int:
    """Organisations per chunk: enough chunks for every worker, within the bounds."""
    return max(CHUNK_MIN, min(CHUNK_MAX, -(-count // jobs)))


@dataclass(frozen=True)
class OrgSpec:
    """One organisation as the render tasks need it (plain, picklable)."""

    id: str
    name: str
    contacts: tuple[OrgContact, ...]  # the contact person first
    url: str | None
    inputs: str  # the input hash of its PDF

    def in_glyph_sheet(self) -> bool:
        """True if every character of its pages is on the chunk's glyph sheet."""
        from .org_pages import GLYPHS

        texts = [self.id, self.name, self.url or "", *(t for c in self.contacts for t in c.texts())]
        return set("".join(texts)) <= set(GLYPHS) | {" "}

    @classmethod
    def of(cls, row: OrgRow, inputs: str) -> OrgSpec:
        """The spec of a checked row."""
        return cls(row.id, row.name, row.contacts, row.url, inputs)


@dataclass(frozen=True)
class Part:
    """One shared part: a plan in one language and layout (organisations whose shared pages
    are equal)."""

    plan: Plan
    lang: str
    theme: Any
    day: date
    layout: str  # a layout with an `organisation_template` (kindreflex.layouts)
    # The shared part's edition, which every organisation's file prints (None: computed by
    # the task, dated `day`).
    edition: Edition | None = None

    def printed_as(self) -> Edition:
        """The edition the part's pages print: `edition`, else computed from the plan."""
        if self.edition is not None:
            return self.edition
        from ..render.pages import edition_source

        code = edition_source(self.plan, self.lang, theme=self.theme, layout=self.layout).code
        return Edition(code, self.day)


# Loaded projects by (root, sector, context): a worker loads its root once, and the inline
# executor (`--jobs 1`) reuses the one the batch already loaded.
PROJECTS: dict[tuple[str, str, str | None], Project] = {}


def project_key(root: Path, sector: str, context: str | None) -> tuple[str, str, str | None]:
    """The key of a loaded project in `PROJECTS`."""
    return (str(root.resolve()), sector, context)


def project_of(key: tuple[str, str, str | None]) -> Project:
    """The project of `key`, loaded once per worker (and taken from `PROJECTS` inline)."""
    root, sector, context = key
    if key not in PROJECTS:
        PROJECTS[key] = load_project(Path(root), focus=(sector, context))
    return PROJECTS[key]


def _view(spec: OrgSpec, part: Part) -> Any:
    from .org_pages import org_view

    return org_view(spec.id, spec.name, spec.contacts, spec.url, part.lang, part.theme)


def pdf_metas(part: Part, chunk: Sequence[OrgSpec]) -> list[Any]:
    from ..render.fallback_marks import unmarked
    from ..render.interface_words import interface_words
    from ..render.localizer import localizer_for
    from ..render.plan_view import PlanView
    from .pdf_assembly import PdfMeta

    view = PlanView(part.plan, localizer_for(part.plan, part.lang),
                    interface_words(part.lang, part.theme))
    # The same title, author and first bookmark as the full render's HTML gives its PDF.
    return [PdfMeta(unmarked(view.document_title(part.layout, organisation=spec.name)),
                    spec.name, spec.name, spec.inputs)
            for spec in chunk]


def shared_task(part: Part) -> bytes:
    """The shared part: placeholder pages, then the handout."""
    from ..render.pdf import html_to_pdf
    from .org_pages import render_organisation_html

    html = render_organisation_html("shared", part.plan, part.lang, [], theme=part.theme,
                                    edition=part.printed_as(), layout=part.layout)
    return html_to_pdf(html, part.theme.dirs)


def chunk_task(part: Part, chunk: Sequence[OrgSpec]) -> bytes:
    """The organisation pages of several organisations, in one document."""
    from ..render.pdf import html_to_pdf
    from .org_pages import render_organisation_html

    views = [_view(spec, part) for spec in chunk]
    html = render_organisation_html("organisations", part.plan, part.lang, views,
                                    theme=part.theme, edition=part.printed_as(), layout=part.layout)
    return html_to_pdf(html, part.theme.dirs)


def resolve_task(key: tuple[str, str, str | None], batch: Sequence[tuple[str, dict[str, Any]]],
                 ) -> list[tuple[str, list[Issue]]]:
    """The errors of resolving each (id, organisation layer) on the sector plan."""
    _root, sector, context = key
    project = project_of(key)
    found: list[tuple[str, list[Issue]]] = []
    for org_id, layer in batch:
        try:
            project.plan(sector, context, organisation=layer)
        except ContentError as error:
            found.append((org_id, list(error.issues)))
    return found


def html_task(part: Part, spec: OrgSpec, nav: PageNav | None = None) -> bytes:
    """One organisation's web page: one self-contained HTML file, linking to `nav`."""
    from .org_pages import render_organisation_html

    page = render_organisation_html("full", part.plan, part.lang, [_view(spec, part)],
                                    theme=part.theme, edition=part.printed_as(), layout=part.layout,
                                    medium="screen", nav=nav)
    return page.encode("utf-8")


def full_task(part: Part, spec: OrgSpec) -> bytes:
    """One organisation's handout as one document (the fallback, and the baseline)."""
    from ..render.pdf import html_to_pdf
    from .org_pages import render_organisation_html

    html = render_organisation_html("full", part.plan, part.lang, [_view(spec, part)],
                                    theme=part.theme, edition=part.printed_as(), layout=part.layout)
    try:
        return html_to_pdf(html, part.theme.dirs)
    except OutputError as exc:
        from ..output.file_names import batch_output_name

        name = batch_output_name(part.lang, spec.id, "pdf", part.layout)
        raise OutputError(f"{name}: {exc}") from exc


def assemble_task(shared: bytes, chunk_pdf: bytes, chunk: Sequence[OrgSpec],
                  metas: Sequence[Any]) -> list[tuple[OrgSpec, bytes | None]]:
    """Each organisation of a chunk laid over the shared part (None: its pages overflowed)."""
    from .org_pages import ORGANISATION_PAGES
    from .pdf_assembly import Assembler, organisation_pdfs

    # The shared part is parsed again for each organisation, lazily: qpdf reads only the
    # objects the assembly touches, and copies the rest to the output untouched.
    pdfs = organisation_pdfs(Assembler(shared, ORGANISATION_PAGES), chunk_pdf, metas,
                             ORGANISATION_PAGES)
    return list(zip(chunk, pdfs, strict=True))
