"""The build pipeline: load → resolve every plan → render HTML → make PDFs → write."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import Issue, OutputError, Sources, UsageError
from ..framework.model import Plan
from ..framework.project import Project, load_project
from ..layouts import LAYOUTS
from ..render.css_warnings import refused_asset_error
from ..render.edition import Edition
from ..render.fingerprint import canonical, content_stamp, output_digest, plan_fingerprint
from ..render.fit_check import overflow_issue
from ..render.i18n import build_date
from ..render.page_nav import PageNav
from ..render.pages import EditionSource, edition_source, render_plan
from ..render.pdf import AssetRefused
from ..render.preflight import render_warnings
from ..render.shrink_to_fit import Printed, print_plan
from ..render.theme import Theme, theme_for
from . import edition_log
from . import manifest as mf
from .edition_log import EditionLog, Paper, first_record
from .file_names import INDEX, build_output_name, build_page_nav, check_unique, paper_name
from .index_page import page_counts, render_index_page
from .online import check_site_url, missing_address_warnings, paper_url
from .pool import process_context, worker_count
from .request import FORMATS, OutputRequest
from .shared_manifest import SharedManifest
from .writer import OutputWriter


@dataclass(frozen=True, kw_only=True)
class BuildRequest(OutputRequest):
    """What to build and where (the `kindreflex build` options)."""

    sectors: tuple[str, ...] = ()
    all_sectors: bool = False
    templates: Path | None = None
    # Where OUT will be published: each paper's QR code leads to its own web page there
    # (output.online.paper_url) instead of the plan's `url`.
    site_url: str | None = None

    def check(self) -> None:
        """Reject option values no build can honour, before any work (UsageError)."""
        super().check()
        if self.site_url is not None:
            check_site_url(self.site_url)


@dataclass(frozen=True)
class Job:
    """One plan in one language and one layout."""

    plan: Plan
    lang: str
    layout: str
    nav: PageNav | None = None  # the links of its web page, when the run writes it
    online_url: str | None = None  # its own web page once published (--site-url)

    def name(self, ext: str) -> str:
        """The output path relative to OUT: `<lang>/<sector>[+<context>][-<layout>].<ext>`."""
        return build_output_name(self.lang, self.plan.plan_id, self.layout, ext)

    @property
    def paper(self) -> str:
        """The paper it makes, as the edition log names it: `<lang>/<sector>[-<layout>]`."""
        return paper_name(self.lang, self.plan.plan_id, self.layout)


class BuildResult(list[Path]):
    """The files written (a list, as before), the warnings of the build and the texts of
    the files they name (for their code frames)."""

    def __init__(self, written: list[Path], warnings: list[Issue],
                 sources: Sources | None = None) -> None:
        super().__init__(written)
        self.warnings = warnings
        self.sources = sources or Sources()


MANIFEST = "build-manifest.json"
EDITIONS = edition_log.NAME
Warn = Callable[[Issue, Sources], None]  # a warning, and the texts of the files it names


def run_build(request: BuildRequest, warn: Warn | None = None) -> BuildResult:
    """Build every requested plan; nothing is written unless everything rendered.

    Incremental: an output whose inputs (everything its renderer receives: the resolved plan,
    language, layout, format, its edition and date, theme files and rendering code; see
    render.fingerprint) match OUT/build-manifest.json and whose bytes are still the recorded
    ones is neither rendered nor written again. Each paper is printed as its edition: the
    code of what its reader sees, dated the day it first had that code in OUT's edition log
    (OUT/editions.json), so unchanged content keeps its date and bytes on a later day. The
    outputs are written first, the edition log, the index and the manifest last, so none
    of them ever names a file that is not there; they are made under OUT's lock from what is
    in OUT then, so builds into one OUT (at once or in turn) keep each other's entries. A PDF
    that does not fit its paper, or that WeasyPrint warned about (`template-css`,
    `template-render`), is written but not recorded: it is rebuilt, and its warnings
    repeated, every time. `warn` hears about characters no font can show before anything
    renders.
    """
    request.check()
    project = load_project(request.root)
    languages = request.languages_of(project)
    plans = resolve_plans(project, request)
    theme = theme_for(request.root, request.templates)
    day = build_date()
    site = request.site_url
    jobs = [Job(plan, lang, layout,
                build_page_nav(lang, plan.plan_id, layout, languages, request.formats),
                paper_url(site, lang, plan.plan_id, layout) if site else None)
            for lang in languages for plan in plans for layout in dict.fromkeys(request.layouts)]
    check_unique(job.name(fmt) for job in jobs for fmt in request.formats)
    early = render_warnings(project, theme, languages)
    if warn is not None:
        for issue in early:
            warn(issue, project.sources)
    writer = OutputWriter(request.out)
    writer.remove_stale_temps()
    manifest = SharedManifest(writer, MANIFEST)
    recorded = manifest.load()
    stamp = content_stamp(theme)
    fingerprints = {id(plan): plan_fingerprint(plan) for plan in plans}
    papers = paper_records(jobs, theme, stamp, fingerprints,
                            EditionLog.read(writer.target(EDITIONS)), day)
    editions = {job.paper: papers[job.paper].printed_as() for job in jobs}
    inputs = input_digests(jobs, request.formats, stamp, fingerprints, editions)
    stale = {name for name, digest in inputs.items()
             if not mf.up_to_date(request.out, name, digest, recorded)}
    files = render_html([j for j in jobs if j.name("html") in stale], request.formats, theme,
                        day, editions)
    # The build's warnings, in order and once each (many PDFs share a theme's).
    warnings = dict.fromkeys(missing_address_warnings(project, plans, request.layouts,
                                                      request.site_url))
    unfit: set[str] = set()
    built_pages: dict[str, int] = {}
    if "pdf" in request.formats:
        pdf_jobs = [j for j in jobs if j.name("pdf") in stale]
        pdfs = render_pdfs(pdf_jobs, theme, day, request.jobs, editions)
        for job in pdf_jobs:
            printed = pdfs[job.name("pdf")]
            files[job.name("pdf")] = printed.pdf
            if printed.pages is not None:
                built_pages[job.name("pdf")] = printed.pages
            warnings.update(dict.fromkeys(printed.warnings))
            if printed.problems:
                warnings[overflow_issue(source_file(job.plan), 1, job.name("pdf"),
                                        LAYOUTS[job.layout], printed.problems)] = None
            if printed.problems or printed.warnings:
                unfit.add(job.name("pdf"))
    # This run's entries: the outputs still up to date, then each one written (and fit).
    own = {name: recorded[name] for name in inputs if name not in stale}
    written: list[Path] = []
    by_name = {job.name(fmt): job for job in jobs for fmt in request.formats}
    for name in sorted(files):
        written.append(writer.write(name, files[name]))
        if name in unfit:
            continue
        own[name] = mf.Entry(organisation=name.split("/")[1].rsplit(".", 1)[0],
                             lang=name.split("/")[0], format=name.rsplit(".", 1)[1],
                             inputs=inputs[name], sha256=mf.digest_bytes(files[name]),
                             size=len(files[name]), method="build",
                             edition=editions[by_name[name].paper].code)
        manifest.record(name, own[name])
    with manifest.lock:  # the log and the index list what every run left in OUT by now
        log, changed = edition_log.merge(writer, papers)
        if changed:
            written.append(writer.target(EDITIONS))
        listed = index_jobs(project, request.out, jobs)
        present = {name for job in listed for name in _names(job)
                   if (request.out / name).is_file()}
        index = render_index_page(listed, present, project, theme, day,
                                  page_counts(request.out, present, built_pages), log)
        if not _same_bytes(request.out / INDEX, index):
            written.append(writer.write(INDEX, index))
        if manifest.merge(own, set(inputs), rewrite=bool(files)):
            written.append(writer.target(MANIFEST))
    return BuildResult(written, list(warnings), project.sources)


def paper_records(jobs: Sequence[Job], theme: Theme, stamp: str,
                   fingerprints: Mapping[int, str], log: EditionLog,
                   day: date) -> dict[str, Paper]:
    """The edition log's record of each job's paper once it is built: a paper whose reader
    lines changed gets a new edition, dated `day` unless it had that content before.

    A paper's lines are computed only when what they are made of (the stamp, the plan, the
    language and the layout) is not what the log's current edition was made of.
    """
    papers: dict[str, Paper] = {}
    computed: dict[str, EditionSource] = {}  # the card sheet's is the card's
    for job in jobs:
        spec = LAYOUTS[job.layout]
        # A layout made of another's pages (the card sheet) says what that one says.
        source = output_digest(stamp, fingerprints[id(job.plan)], job.lang,
                               spec.copies or job.layout)
        known = log.papers.get(job.paper)
        if known is not None and known.source == source:
            papers[job.paper] = known
            continue
        if source not in computed:
            computed[source] = edition_source(job.plan, job.lang, theme=theme,
                                              layout=job.layout)
        lines = computed[source]
        if known is None:
            papers[job.paper] = first_record(job.lang, job.plan.plan_id, job.layout, source,
                                             lines.lines, lines.code, day, job.plan.version)
        else:
            papers[job.paper] = known.updated(source, lines.lines, lines.code, day,
                                              job.plan.version)
    return papers


def source_file(plan: Plan) -> str:
    """The file a layout warning points at: the sector overlay (else the framework)."""
    for kind in ("sector", "context"):
        layer = plan.layer(kind)
        if layer is not None:
            return layer.file
    return f"frameworks/{plan.framework_id}.yaml"


def input_digests(jobs: Sequence[Job], formats: Sequence[str], stamp: str,
                  fingerprints: Mapping[int, str],
                  editions: Mapping[str, Edition]) -> dict[str, str]:
    """The input hash of each output of `jobs`: the run's stamp (code, theme files), the
    whole resolved plan its renderer receives (`fingerprints`, by the plan's id), its
    language, layout and format, the edition it is printed as (code, date and, for the
    web page's online check, history), and what the web page links to (the files the run
    writes beside it)."""
    digests: dict[str, str] = {}
    for job in jobs:
        edition = canonical(editions[job.paper])
        for fmt in formats:
            nav = [canonical(job.nav)] if fmt == "html" and job.nav else []
            digests[job.name(fmt)] = output_digest(stamp, fingerprints[id(job.plan)], job.lang,
                                                   job.layout, fmt, edition, *nav,
                                                   *_online(job))
    return digests


def _online(job: Job) -> tuple[str, ...]:
    """What the digests of a job's outputs take of its web page's address: nothing without
    one, so that a build without --site-url keeps the digests it had. (An edition does not
    depend on it: render.reader_text leaves where a paper leads out of what it says.)"""
    return (job.online_url,) if job.online_url else ()


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _names(job: Job) -> list[str]:
    return [job.name(fmt) for fmt in FORMATS]


def index_jobs(project: Project, out: Path, jobs: Sequence[Job]) -> list[Job]:
    """The jobs of this build plus the plans earlier builds left in OUT, in a stable order.

    `make build` runs `build` once without and once with a context: the index must still link
    everything in OUT, not only what the last run wrote.
    """
    listed = {(job.lang, job.plan.plan_id, job.layout): job for job in jobs}
    framework_id = str(project.framework.data.get("id")) if project.framework else ""
    # Without sectors the framework's own plan is built (named after the framework).
    sectors: list[str | None] = list(project.sector_ids) or [None]
    for lang in project.languages:
        for sector in sectors:
            for context in (None, *project.context_ids):
                for layout in LAYOUTS:
                    base = sector or framework_id
                    plan_id = f"{base}+{context}" if context else base
                    if (lang, plan_id, layout) in listed:
                        continue
                    if any((out / build_output_name(lang, plan_id, layout, fmt)).is_file()
                           for fmt in FORMATS):
                        job = Job(project.plan(sector, context), lang, layout)
                        listed[(lang, plan_id, layout)] = job
    order = {lang: n for n, lang in enumerate(project.languages)}
    layouts = list(LAYOUTS)
    return sorted(listed.values(), key=lambda j: (order.get(j.lang, 99), j.plan.plan_id,
                                                   layouts.index(j.layout)))


def resolve_plans(project: Project, request: BuildRequest) -> list[Plan]:
    """Resolve every requested sector (with the context), so content errors surface first."""
    sectors = list(project.sector_ids) if request.all_sectors else list(request.sectors)
    if request.all_sectors:
        sectors += [s for s in request.sectors if s not in sectors]
    if request.all_sectors and not sectors:
        # A framework without sectors yet: its own plan can be previewed and printed.
        return [project.plan(None, request.context)]
    if not sectors:
        raise UsageError("name one or more sectors, or use --all (see 'kindreflex sectors')")
    return [project.plan(sector, request.context) for sector in dict.fromkeys(sectors)]


def render_html(jobs: Sequence[Job], formats: Sequence[str], theme: Theme, day: date,
                editions: dict[str, Edition]) -> dict[str, bytes]:
    """The web pages of every job (rendered even without `html`, to fail fast on templates)."""
    files: dict[str, bytes] = {}
    for job in jobs:
        page = render_plan(job.plan, job.lang, theme=theme, day=day, layout=job.layout,
                           edition=editions[job.paper], nav=job.nav,
                           online_url=job.online_url)
        if "html" in formats:
            files[job.name("html")] = page.encode("utf-8")
    return files


def render_pdfs(jobs: Sequence[Job], theme: Theme, day: date, workers: int,
                editions: dict[str, Edition]) -> dict[str, Printed]:
    """The PDF of every job, with what of it does not fit its paper and WeasyPrint's
    warnings, in a process pool when `workers` > 1 (same bytes either way)."""
    tasks = [(job, theme, day, editions[job.paper]) for job in jobs]
    workers = worker_count(workers, len(tasks))
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers, mp_context=process_context()) as pool:
            pdfs = list(pool.map(_pdf_task, tasks))
    else:
        pdfs = [_pdf_task(task) for task in tasks]
    return {job.name("pdf"): pdf for job, pdf in zip(jobs, pdfs, strict=True)}


def _pdf_task(task: tuple[Job, Theme, date, Edition]) -> Printed:
    job, theme, day, edition = task
    try:
        return print_plan(job.plan, job.lang, theme=theme, day=day, layout=job.layout,
                          edition=edition, online_url=job.online_url)
    except AssetRefused as exc:
        located = refused_asset_error(str(exc), theme)
        if located is not None:  # the theme line that asked for it: a content error
            raise located from None
        raise OutputError(f"{job.name('pdf')}: {exc}") from exc
    except OutputError as exc:
        raise OutputError(f"{job.name('pdf')}: {exc}") from exc
