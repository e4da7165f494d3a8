"""`batch`: one personalised handout per organisation, the shared part rendered once."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ContentError, Issue, Sources, UsageError
from ..framework.model import Layer, Plan
from ..framework.org_params import canonical_param, local_contact_ids, local_phone_param
from ..framework.project import load_project
from ..framework.reader import Reader
from ..framework.texts import placeholders
from ..layouts import LAYOUTS
from ..output import manifest as mf
from ..output.file_names import batch_output_name, batch_page_nav, check_unique
from ..output.pool import process_context, worker_count
from ..output.request import OutputRequest
from ..output.shared_manifest import SharedManifest
from ..output.writer import OutputWriter
from ..render.edition import Edition
from ..render.fingerprint import canonical, output_digest, plan_fingerprint, render_stamp
from ..render.fit_check import overflow_issue
from ..render.glyphs import missing_characters, warning
from ..render.i18n import build_date
from ..render.page_nav import PageNav
from ..render.pages import edition_source
from ..render.preflight import render_warnings
from .card_faces import render_cards
from .org_file import read_organisations
from .org_layer import layer_params, organisation_layer
from .organisation import OrgRow
from .tasks import (
    PROJECTS,
    OrgSpec,
    Part,
    assemble_task,
    chunk_size,
    chunk_task,
    full_task,
    html_task,
    pdf_metas,
    project_key,
    resolve_task,
    shared_task,
)
from .whole_render import LayoutJob, render_layout_jobs


@dataclass(frozen=True, kw_only=True)
class BatchRequest(OutputRequest):
    """What `kindreflex batch` was asked to build."""

    sector: str
    orgs: Path
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    skip_invalid: bool = False
    full: bool = False  # render each organisation as one whole document (the slow way)

    def check(self) -> None:
        """Reject option values the batch cannot honour, before any work (UsageError)."""
        super().check()
        if not self.orgs.exists() and not self.orgs.is_symlink():
            raise UsageError(f"--orgs {self.orgs}: no such file")
        # Anything else that is there (a FIFO, a link to a device) is refused with its
        # reason, at its place, by the reader, which never opens it.


@dataclass
class BatchResult:
    """What a batch did."""

    written: list[str] = field(default_factory=list)  # names relative to OUT
    up_to_date: int = 0
    issues: list[Issue] = field(default_factory=list)  # rows left out (--skip-invalid)
    # Characters no font can show; outputs that do not fit their paper.
    warnings: list[Issue] = field(default_factory=list)
    full_renders: int = 0  # organisations whose own pages overflowed: rendered whole
    # The organisations file's text, for the lines around each of its issues.
    sources: Sources = field(default_factory=Sources)


Progress = Callable[[int, int], None]  # (outputs done, outputs to do)


def run_batch(request: BatchRequest, progress: Progress | None = None) -> BatchResult:
    """Check every row, then build the outputs that are missing or out of date."""
    request.check()
    project = load_project(request.root, focus=(request.sector, request.context))
    languages = request.languages_of(project)
    label = str(request.orgs)
    base_plan = project.plan(request.sector, request.context)
    sources = Sources()
    sources.update(project.sources)  # messages about the framework show its lines too
    rows, issues = read_organisations(request.orgs, label, base_plan.region,
                                      base_plan.default_language, sources,
                                      local_contacts=local_contact_ids(base_plan))
    base = project.resolve(request.sector, request.context)
    framework_id = str(base.data["id"])
    taken = [c.id for c in base_plan.contacts]
    layers = {row.id: organisation_layer(row, framework_id, taken) for row in rows}
    by_id = {row.id: row for row in rows}

    from ..render.theme import theme_for

    theme = theme_for(request.root)
    early = render_warnings(project, theme, languages)  # as `build` does
    day = build_date()
    current = {batch_output_name(lang, row.id, fmt, layout) for row in rows
               for lang in languages for layout in request.layouts for fmt in request.formats}
    check_unique(current, batch=True)
    result = BatchResult(warnings=[*early, *_glyph_warnings(rows, theme, label),
                                   *_alternative_unused(rows, base_plan, label,
                                                        request.layouts)],
                         sources=sources)
    writer = OutputWriter(request.out)
    writer.remove_stale_temps()
    manifest = SharedManifest(writer)
    # Each organisation's outputs are a pure function of the sector plan its pages show (with
    # the params the organisation sets; resolution is deterministic, docs/format.md,
    # "Overlays"), its row and its layer, plus what
    # every output shares (the code, the theme, the date): hashing those stands for hashing
    # the render inputs, without resolving each organisation again on a run with nothing to do.
    base_hash = output_digest(render_stamp(theme, day), plan_fingerprint(base_plan),
                              "full" if request.full else "assembled")
    entries = manifest.load()

    def nav(org_id: str, lang: str, layout: str) -> PageNav | None:
        return batch_page_nav(lang, org_id, layout, languages, request.formats)

    # Layouts with organisation pages over a shared part: row, layout, lang, format, input hash.
    todo: list[tuple[OrgRow, str, str, str, str]] = []
    others: list[LayoutJob] = []  # the layouts each organisation gets whole
    for row in rows:
        row_hash = mf.digest(canonical(layers[row.id]), canonical(OrgSpec.of(row, "")))
        for lang in languages:
            for layout in request.layouts:
                for fmt in request.formats:
                    name = batch_output_name(lang, row.id, fmt, layout)
                    # The default layout's hash leaves its name out, as it did before there
                    # were layouts: the entries of earlier manifests stay valid.
                    # A web page's hash also takes what it links to (the run's other files).
                    inputs = mf.digest(base_hash, row_hash, lang, fmt,
                                       *([layout] if LAYOUTS[layout].suffix else []),
                                       *([canonical(nav(row.id, lang, layout))]
                                         if fmt == "html" else []))
                    if mf.up_to_date(request.out, name, inputs, entries):
                        result.up_to_date += 1
                    elif LAYOUTS[layout].organisation_template is not None:
                        todo.append((row, layout, lang, fmt, inputs))
                    else:
                        others.append(LayoutJob(row.id, row.line, layers[row.id], lang, layout,
                                                fmt, inputs,
                                                nav(row.id, lang, layout) if fmt == "html"
                                                else None))

    shared_params = {canonical_param(p.id) for p in placeholders(mf.canonical(base.data))
                     if p.kind == "param"}
    PROJECTS[_project_key(request)] = project  # the inline executor reuses it
    with _executor(worker_count(request.jobs, _task_count(request, todo, others))) as pool:
        # Every organisation still to build is resolved (and so checked) before anything
        # renders; in the pool, since at 25,000 organisations it would be a serial minute.
        pending = {r.id: r for r, *_ in todo} | {j.org_id: by_id[j.org_id] for j in others}
        bad = _resolution_issues(pool, request, pending, layers, label)
        issues += bad
        result.issues = sorted(issues, key=Issue.sort_key)
        if result.issues and not request.skip_invalid:
            raise ContentError(result.issues, sources=sources)
        failed = {i.pointer for i in bad}
        todo = [t for t in todo if t[0].id not in failed]
        others = [j for j in others if j.org_id not in failed]
        wanted = dict(entries)
        writer_out = _Writer(writer, manifest, wanted, len(todo) + len(others), progress,
                             result)
        try:
            parts = _SharedParts(theme, day)
            _render_html(pool, todo, base_plan, shared_params, layers, parts, writer_out, nav)
            pdfs = [(row, layout, lang, inputs) for row, layout, lang, fmt, inputs in todo
                    if fmt == "pdf"]
            _render_pdfs(pool, pdfs, base_plan, shared_params, layers, parts, request,
                         writer_out)
            in_parts = [] if request.full else [
                job for job in others if job.fmt == "pdf" and LAYOUTS[job.layout].batch_in_parts]
            made_in_parts = {id(job) for job in in_parts}
            others = [job for job in others if id(job) not in made_in_parts]

            def part_of(job: LayoutJob) -> Part:
                return parts.part(_shared_plan(base_plan, shared_params, layers[job.org_id]),
                                  job.lang, job.layout)

            for job, data in render_cards(pool, _project_key(request), in_parts, part_of,
                                          request.jobs):
                if data is None:  # it cannot be made in parts: render it whole
                    others.append(job)
                else:
                    writer_out.write(job.name, job.org_id, job.lang, job.fmt, job.inputs, data,
                                     "assembled")
            for job, data, problems in render_layout_jobs(pool, _project_key(request), others,
                                                          theme, day, request.jobs):
                if problems:
                    result.warnings.append(overflow_issue(label, job.line, job.name,
                                                          LAYOUTS[job.layout], problems,
                                                          organisation=True))
                writer_out.write(job.name, job.org_id, job.lang, job.fmt, job.inputs, data,
                                 "layout", record=not problems)
        except BaseException:
            # What was written is recorded (the journal already holds it); should the disk be
            # full, the journal stays and the next run still skips what is done.
            with contextlib.suppress(Exception):
                _merge_manifest(manifest, wanted, current)
            raise
        _merge_manifest(manifest, wanted, current)
    return result


def _merge_manifest(manifest: SharedManifest, entries: dict[str, mf.Entry],
                    current: set[str]) -> None:
    """This batch's entries into OUT's manifest, after its outputs: the entries of other
    batches into OUT (another part of a split organisations file) stay."""
    manifest.merge({name: entry for name, entry in entries.items() if name in current},
                   current)


def _task_count(request: BatchRequest, todo: Sequence[tuple[OrgRow, str, str, str, str]],
                others: Sequence[LayoutJob]) -> int:
    """How many tasks could run side by side: each output to make, plus the shared part of
    each layout and language (rendered beside the organisation pages)."""
    shared = set() if request.full else {(layout, lang) for _row, layout, lang, fmt, _ in todo
                                         if fmt == "pdf"}
    return len(todo) + len(others) + len(shared)


def _glyph_warnings(rows: Sequence[OrgRow], theme: Any, label: str) -> list[Issue]:
    """A warning for each row with characters the PDF fonts cannot show."""
    missing = missing_characters((text for row in rows for text in row.texts()), theme)
    found = []
    for row in rows if missing else ():
        here = {char for text in row.texts() for char in text if char in missing}
        if here:
            found.append(warning(label, row.line, 1, here, row.id))
    return found


def _alternative_unused(rows: Sequence[OrgRow], plan: Plan, label: str,
                        layouts: Sequence[str]) -> list[Issue]:
    """One warning, at the first row that names whom to tell instead, if nothing this batch
    makes prints it: the plan has no lines for it (its reader's contact role names no one,
    or a contact with its own number), or no layout asked for prints whom to tell."""
    given = [row for row in rows if row.alternative is not None]
    if not given:
        return []
    printing = [name for name, entry in LAYOUTS.items() if entry.whom_to_tell]
    if not Reader(plan).alternative_has_lines:
        why = "the sector's plan prints no lines for it"
        hint = ("the plan fills them in where the role the reader tells has 'if_suspected: "
                "role:ID' (or names a contact without a phone number); leave the columns "
                "empty otherwise")
    elif not set(layouts) & set(printing):
        why = "none of the layouts asked for prints whom to tell"
        hint = "add --layout " + " or --layout ".join(printing) + " (or --layout all)"
    else:
        return []
    return [Issue(label, given[0].line, 1, "org-alternative-unused",
                  f"{len(given)} organisation(s) name whom to tell instead, but {why}: their "
                  "alternative_name and alternative_phone are not printed", (hint,),
                  given[0].id, "warning")]


def _project_key(request: BatchRequest) -> tuple[str, str, str | None]:
    return project_key(request.root, request.sector, request.context)


def _resolution_issues(pool: Executor, request: BatchRequest, rows: dict[str, OrgRow],
                       layers: dict[str, dict[str, Any]], label: str) -> list[Issue]:
    """Issues of resolving each organisation layer, placed on the organisation's row."""
    ids = sorted(rows)
    size = max(1, -(-len(ids) // (request.jobs * 4)))
    batches = [[(org_id, layers[org_id]) for org_id in ids[i:i + size]]
               for i in range(0, len(ids), size)]
    issues: list[Issue] = []
    for found in pool.map(resolve_task, [_project_key(request)] * len(batches), batches):
        for org_id, org_issues in found:
            for issue in org_issues:
                issues.append(Issue(label, rows[org_id].line, 1, issue.code,
                                    f"organisation '{org_id}': {issue.message}", issue.hints,
                                    org_id))
    return issues


def _shared_plan(base_plan: Plan, shared_params: set[str], layer: dict[str, Any]) -> Plan:
    """The plan of the shared pages: the sector plan, with the params its texts use and the
    organisation's own numbers (which the contacts table prints) set."""
    params = layer_params(layer)
    overrides = {k: v for k, v in params.items() if canonical_param(k) in shared_params}
    local = {local_phone_param(contact_id) for contact_id in local_contact_ids(base_plan)}
    numbers = {k: v for k, v in params.items() if k in local}
    if not overrides and not numbers:
        return base_plan
    # A text of the shared pages names this organisation, or its numbers fill their lines:
    # its shared part is its own (shared by the organisations with the same ones). The
    # view fills lines from an organisation layer's params only: a layer without a name or
    # address of its own stands for it.
    layers = base_plan.layers
    if numbers:
        layers = (*layers, Layer("organisation", "shared", base_plan.title, "organisations"))
    return dataclasses.replace(base_plan, params={**base_plan.params, **overrides, **numbers},
                               layers=layers)


class _Writer:
    """Writes each output as soon as it is made, records it, and reports progress."""

    def __init__(self, writer: OutputWriter, manifest: SharedManifest,
                 entries: dict[str, mf.Entry], total: int, progress: Progress | None,
                 result: BatchResult) -> None:
        self.writer = writer
        self.manifest = manifest
        self.entries = entries
        self.total = total
        self.progress = progress
        self.result = result

    def write(self, name: str, org_id: str, lang: str, fmt: str, inputs: str, data: bytes,
              method: str, record: bool = True) -> None:
        self.writer.write(name, data)
        if record:  # an output that does not fit is rebuilt (and reported) next time too
            self.entries[name] = mf.Entry(org_id, lang, fmt, inputs, mf.digest_bytes(data),
                                          len(data), method)
            # The journal line follows the file: a batch killed now is redone from here on.
            self.manifest.record(name, self.entries[name])
        else:
            self.entries.pop(name, None)
        self.result.written.append(name)
        if method == "full" and fmt == "pdf":
            self.result.full_renders += 1
        if self.progress is not None:
            self.progress(len(self.result.written), self.total)


class _SharedParts:
    """The shared parts of a run, each with its edition: computed once per plan, language and
    layout (the same for every organisation whose shared pages are the same), dated the day
    of the run."""

    def __init__(self, theme: Any, day: date) -> None:
        self.theme = theme
        self.day = day
        self.editions: dict[tuple[str, str, str], Edition] = {}

    def part(self, plan: Plan, lang: str, layout: str) -> Part:
        """The shared part of `plan` in `lang` and `layout`."""
        key = (mf.canonical(plan.params), lang, layout)
        if key not in self.editions:
            code = edition_source(plan, lang, theme=self.theme, layout=layout).code
            self.editions[key] = Edition(code, self.day)
        return Part(plan, lang, self.theme, self.day, layout, self.editions[key])


def _render_html(pool: Executor, todo: Sequence[tuple[OrgRow, str, str, str, str]],
                 base_plan: Plan, shared_params: set[str], layers: dict[str, dict[str, Any]],
                 shared_parts: _SharedParts, out: _Writer,
                 nav: Callable[[str, str, str], PageNav | None]) -> None:
    """The web page of each organisation (its own section, then the sector's plan), in the
    pool; `nav(org_id, lang, layout)`: what it links to."""
    pages = [(row, layout, lang, inputs) for row, layout, lang, fmt, inputs in todo
             if fmt == "html"]
    if not pages:
        return
    parts = [shared_parts.part(_shared_plan(base_plan, shared_params, layers[row.id]), lang,
                               layout) for row, layout, lang, _inputs in pages]
    specs = [OrgSpec.of(row, inputs) for row, _layout, _lang, inputs in pages]
    navs = [nav(row.id, lang, layout) for row, layout, lang, _inputs in pages]
    # map hands out work in batches and yields in order: each page is written when it is
    # its turn, so memory holds a few pages, not all of them.
    for spec, part, page in zip(specs, parts, pool.map(html_task, parts, specs, navs, chunksize=16),
                                strict=True):
        out.write(batch_output_name(part.lang, spec.id, "html", part.layout), spec.id,
                  part.lang, "html", spec.inputs, page, "full")


def _render_pdfs(pool: Executor, todo: Sequence[tuple[OrgRow, str, str, str]],
                 base_plan: Plan, shared_params: set[str], layers: dict[str, dict[str, Any]],
                 parts: _SharedParts, request: BatchRequest, out: _Writer) -> None:
    """Shared parts and chunks of organisation pages in the pool, assembled as they come."""
    groups: dict[tuple[str, str, str], tuple[Part, list[OrgSpec]]] = {}
    for row, layout, lang, inputs in todo:
        plan = _shared_plan(base_plan, shared_params, layers[row.id])
        key = (layout, lang, mf.canonical(plan.params))
        if key not in groups:
            groups[key] = (parts.part(plan, lang, layout), [])
        groups[key][1].append(OrgSpec.of(row, inputs))
    if not groups:
        return
    jobs: dict[Future[Any], tuple[str, Any]] = {}
    shared: dict[tuple[str, str, str], bytes] = {}
    waiting: dict[tuple[str, str, str], list[tuple[bytes, list[OrgSpec]]]] = {}

    def full(part: Part, spec: OrgSpec) -> None:
        jobs[pool.submit(full_task, part, spec)] = ("full", (part, spec))

    if not request.full:
        # The shared parts are the longest tasks and everything waits on them: they go
        # to the workers first, side by side, and the chunks fill the gaps.
        for key, (part, _specs) in groups.items():
            jobs[pool.submit(shared_task, part)] = ("shared", key)
    for key, (part, specs) in groups.items():
        specs.sort(key=lambda s: s.id)
        if request.full:
            for spec in specs:
                full(part, spec)
            continue
        # A text outside the glyph sheet would change its chunk mates' font subsets:
        # such an organisation gets a chunk of its own.
        alone = [[spec] for spec in specs if not spec.in_glyph_sheet()]
        common = [spec for spec in specs if spec.in_glyph_sheet()]
        size = chunk_size(len(common), request.jobs)
        chunks = [common[i:i + size] for i in range(0, len(common), size)] + alone
        for chunk in chunks:
            jobs[pool.submit(chunk_task, part, chunk)] = ("chunk", (key, chunk))
    while jobs:
        done, _ = wait(list(jobs), return_when=FIRST_COMPLETED)
        for future in sorted(done, key=lambda f: jobs[f][0]):
            kind, info = jobs.pop(future)
            value = future.result()
            if kind == "shared":
                shared[info] = value
                for chunk_pdf, chunk in waiting.pop(info, []):
                    jobs[pool.submit(assemble_task, shared[info], chunk_pdf, chunk,
                                     pdf_metas(groups[info][0], chunk))] = ("assembled", info)
            elif kind == "chunk":
                key, chunk = info
                if key in shared:
                    jobs[pool.submit(assemble_task, shared[key], value, chunk,
                                     pdf_metas(groups[key][0], chunk))] = ("assembled", key)
                else:
                    waiting.setdefault(key, []).append((value, chunk))
            elif kind == "assembled":
                part = groups[info][0]
                for spec, pdf in value:
                    if pdf is None:  # its own pages overflowed: render it whole
                        full(part, spec)
                    else:
                        out.write(batch_output_name(part.lang, spec.id, "pdf", part.layout),
                                  spec.id, part.lang, "pdf", spec.inputs, pdf, "assembled")
            else:
                part, spec = info
                out.write(batch_output_name(part.lang, spec.id, "pdf", part.layout), spec.id,
                          part.lang, "pdf", spec.inputs, value, "full")


@contextmanager
def _executor(jobs: int) -> Iterator[Executor]:
    if jobs <= 1:
        yield _Inline()
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=process_context()) as pool:
        yield pool


class _Inline(Executor):
    """Runs each task at once in this process (`--jobs 1`): the same code path as the pool."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future

