"""The build pipeline: load → resolve every plan → render HTML → make PDFs → write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import ContentError, Issue, OutputError, Sources, UsageError
from ..framework.model import Plan
from ..framework.project import Project, load_project
from ..layouts import LAYOUTS
from ..render.fingerprint import output_digest, plan_fingerprint, render_stamp
from ..render.fit_check import overflow_issue
from ..render.glyphs import glyph_warnings
from ..render.i18n import build_date
from ..render.interface_checks import interface_issues
from ..render.pages import render_plan
from ..render.shrink_to_fit import Printed, print_plan
from ..render.theme import Theme, theme_for
from . import manifest as mf
from .file_names import build_output_name, check_unique
from .index_page import page_counts, render_index_page
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


@dataclass(frozen=True)
class Job:
    """One plan in one language and one layout."""

    plan: Plan
    lang: str
    layout: str

    def name(self, ext: str) -> str:
        """The output path relative to OUT: `<lang>/<sector>[+<context>][-<layout>].<ext>`."""
        return build_output_name(self.lang, self.plan.plan_id, self.layout, ext)


class BuildResult(list[Path]):
    """The files written (a list, as before) and the warnings of the build."""

    def __init__(self, written: list[Path], warnings: list[Issue]) -> None:
        super().__init__(written)
        self.warnings = warnings


MANIFEST = "build-manifest.json"
INDEX = "index.html"
Warn = Callable[[Issue, Sources], None]  # a warning, and the texts of the files it names


def run_build(request: BuildRequest, warn: Warn | None = None) -> BuildResult:
    """Build every requested plan; nothing is written unless everything rendered.

    Incremental: an output whose inputs (everything its renderer receives: the resolved plan,
    language, layout, format, date, theme files and rendering code; see render.fingerprint)
    match OUT/build-manifest.json and whose bytes are still the recorded ones is neither
    rendered nor written again. The outputs are written first, the index and the manifest
    last, so neither ever lists a file that is not there; both are made under OUT's lock
    from what is in OUT then, so builds into one OUT (at once or in turn) keep each other's
    entries. A PDF that does not fit its paper, or that WeasyPrint warned about
    (`template-css`, `template-render`), is written but not recorded: it is rebuilt, and its
    warnings repeated, every time. `warn` hears about characters no font can show before
    anything renders.
    """
    request.check()
    project = load_project(request.root)
    languages = request.languages_of(project)
    plans = resolve_plans(project, request)
    theme = theme_for(request.root, request.templates)
    day = build_date()
    jobs = [Job(plan, lang, layout) for lang in languages for plan in plans
            for layout in dict.fromkeys(request.layouts)]
    check_unique(job.name(fmt) for job in jobs for fmt in request.formats)
    interface = interface_issues(project, theme)
    if any(issue.severity == "error" for issue in interface):
        raise ContentError([i for i in interface if i.severity == "error"])
    if warn is not None:
        for issue in [*glyph_warnings(project, theme), *interface]:
            warn(issue, project.sources)
    writer = OutputWriter(request.out)
    writer.remove_stale_temps()
    manifest = SharedManifest(writer, MANIFEST)
    recorded = manifest.load()
    inputs = input_digests(jobs, request.formats, render_stamp(theme, day))
    stale = {name for name, digest in inputs.items()
             if not mf.up_to_date(request.out, name, digest, recorded)}
    files = render_html([j for j in jobs if j.name("html") in stale], request.formats, theme, day)
    warnings: dict[Issue, None] = {}  # in order, once each: many PDFs share a theme's
    unfit: set[str] = set()
    built_pages: dict[str, int] = {}
    if "pdf" in request.formats:
        pdf_jobs = [j for j in jobs if j.name("pdf") in stale]
        pdfs = render_pdfs(pdf_jobs, theme, day, request.jobs)
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
    for name in sorted(files):
        written.append(writer.write(name, files[name]))
        if name in unfit:
            continue
        own[name] = mf.Entry(organisation=name.split("/")[1].rsplit(".", 1)[0],
                             lang=name.split("/")[0], format=name.rsplit(".", 1)[1],
                             inputs=inputs[name], sha256=mf.digest_bytes(files[name]),
                             size=len(files[name]), method="build")
        manifest.record(name, own[name])
    with manifest.lock:  # the index lists what every run left in OUT by now
        listed = index_jobs(project, request.out, jobs)
        present = {name for job in listed for name in _names(job)
                   if (request.out / name).is_file()}
        index = render_index_page(listed, present, project, theme, day,
                                  page_counts(request.out, present, built_pages))
        if not _same_bytes(request.out / INDEX, index):
            written.append(writer.write(INDEX, index))
        if manifest.merge(own, set(inputs), rewrite=bool(files)):
            written.append(writer.target(MANIFEST))
    return BuildResult(written, list(warnings))


def source_file(plan: Plan) -> str:
    """The file a layout warning points at: the sector overlay (else the framework)."""
    for kind in ("sector", "context"):
        layer = plan.layer(kind)
        if layer is not None:
            return layer.file
    return f"frameworks/{plan.framework_id}.yaml"


def input_digests(jobs: Sequence[Job], formats: Sequence[str], stamp: str) -> dict[str, str]:
    """The input hash of each output of `jobs`: the run's stamp (code, theme files, date),
    the whole resolved plan its renderer receives, its language, layout and format."""
    fingerprints: dict[int, str] = {}
    digests: dict[str, str] = {}
    for job in jobs:
        if id(job.plan) not in fingerprints:
            fingerprints[id(job.plan)] = plan_fingerprint(job.plan)
        for fmt in formats:
            digests[job.name(fmt)] = output_digest(stamp, fingerprints[id(job.plan)], job.lang,
                                                   job.layout, fmt)
    return digests


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


def render_html(
    jobs: Sequence[Job], formats: Sequence[str], theme: Theme, day: date
) -> dict[str, bytes]:
    """The web pages of every job (rendered even without `html`, to fail fast on templates)."""
    files: dict[str, bytes] = {}
    for job in jobs:
        page = render_plan(job.plan, job.lang, theme=theme, day=day, layout=job.layout)
        if "html" in formats:
            files[job.name("html")] = page.encode("utf-8")
    return files


def render_pdfs(jobs: Sequence[Job], theme: Theme, day: date,
                workers: int) -> dict[str, Printed]:
    """The PDF of every job, with what of it does not fit its paper and WeasyPrint's
    warnings, in a process pool when `workers` > 1 (same bytes either way)."""
    tasks = [(job, theme, day) for job in jobs]
    workers = worker_count(workers, len(tasks))
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers, mp_context=process_context()) as pool:
            pdfs = list(pool.map(_pdf_task, tasks))
    else:
        pdfs = [_pdf_task(task) for task in tasks]
    return {job.name("pdf"): pdf for job, pdf in zip(jobs, pdfs, strict=True)}


def _pdf_task(task: tuple[Job, Theme, date]) -> Printed:
    job, theme, day = task
    try:
        return print_plan(job.plan, job.lang, theme=theme, day=day, layout=job.layout)
    except OutputError as exc:
        raise OutputError(f"{job.name('pdf')}: {exc}") from exc
