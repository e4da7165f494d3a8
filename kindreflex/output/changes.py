"""`kindreflex changes --since REF`: which papers to print again, and why, in words.

What each paper's reader sees now (its reader lines, render.reader_text, from the root as it
is) is compared with what it saw at REF, which may be:

- a git commit of the root's repository (a tag, a branch, `HEAD~3`): the root's frameworks/
  and templates/ at that commit are resolved and rendered the same way (output.git_sources);
- an edition log (a copy of an earlier OUT/editions.json): each paper's lines as then;
- a build manifest (a copy of an earlier OUT/build-manifest.json): each output's edition code;
- an edition code (`7KQ2-M4`, as printed on a paper) or a framework version (`1.2.0`) that
  OUT's edition log knows: the papers that were that edition (or the last edition of that
  version), compared through the log's record of every edition since.

Each paper is then `reprint now`, `reprint at the next print run` or `unchanged`
(render.reader_changes), with the lines that changed.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..framework.files import FileProblem, read_bounded
from ..framework.project import Project, load_project
from ..layouts import LAYOUTS
from ..render.edition import typed_code
from ..render.pages import edition_source
from ..render.reader_changes import NEXT_RUN, NOW, UNCHANGED, Change, changed_lines, reprint
from ..render.reader_text import ReaderLine
from ..render.theme import Theme, theme_for
from . import manifest as mf
from .edition_log import NAME as LOG_NAME
from .edition_log import EditionLog, Paper
from .file_names import build_output_name, paper_name
from .git_sources import commit_of, sources_at
from .request import FORMATS

CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}")
MAX_REF_FILE = 256 * 1024 * 1024
# A paper made now that did not exist at REF, or the other way round.
NEW, GONE = "new paper", "no longer made"


@dataclass(frozen=True, kw_only=True)
class ChangesRequest:
    """What `kindreflex changes` compares (its options)."""

    root: Path
    since: str
    out: Path = Path("output")
    sectors: tuple[str, ...] = ()  # empty: every sector
    context: str | None = None
    languages: tuple[str, ...] = ()  # empty: every language the framework declares
    layouts: tuple[str, ...] = tuple(LAYOUTS)
    templates: Path | None = None


@dataclass(frozen=True)
class PaperKey:
    """One paper: a plan (sector, context) in one language and layout."""

    sector: str | None
    context: str | None
    lang: str
    layout: str
    plan_id: str

    @property
    def name(self) -> str:
        """`nl/sport-card`, as the edition log names it."""
        return paper_name(self.lang, self.plan_id, self.layout)

    @property
    def files(self) -> tuple[str, ...]:
        """Its outputs, relative to OUT."""
        return tuple(build_output_name(self.lang, self.plan_id, self.layout, fmt)
                     for fmt in FORMATS)


@dataclass(frozen=True)
class PaperChanges:
    """What changed for the reader of one paper since REF."""

    paper: PaperKey
    status: str  # reader_changes' NOW, NEXT_RUN or UNCHANGED, or NEW or GONE
    changes: tuple[Change, ...] = ()
    since_code: str | None = None  # the edition at REF, when known
    code: str | None = None  # the edition now

    def as_dict(self) -> dict[str, Any]:
        """The paper's entry of `changes --format json`."""
        return {"paper": self.paper.name, "lang": self.paper.lang, "plan": self.paper.plan_id,
                "layout": self.paper.layout, "files": list(self.paper.files),
                "status": self.status, "since": self.since_code, "current": self.code,
                "changes": [change.as_dict() for change in self.changes]}


@dataclass
class ChangesReport:
    """Every paper compared, and what REF was read as."""

    since: str
    read_as: str  # "git commit <sha>", "edition log FILE", …
    papers: list[PaperChanges] = field(default_factory=list)
    commit: str | None = None  # REF's commit, when REF is one
    # Per organisation of a batch (`--orgs`, batch.org_changes): its entry of the report.
    organisations: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> str:
        """The report as `--format json` prints it."""
        data: dict[str, Any] = {"since": self.since, "read_as": self.read_as,
                                "papers": [paper.as_dict() for paper in self.papers]}
        if self.organisations:
            data["organisations"] = self.organisations
        return json.dumps(data, ensure_ascii=False, indent=2)


def run_changes(request: ChangesRequest) -> ChangesReport:
    """Compare what every paper says now with what it said at `request.since`."""
    project = load_project(request.root)
    theme = theme_for(request.root, request.templates)
    now = _Papers(project, theme)
    ref = request.since
    path = Path(ref)
    if path.is_file():
        return _since_file(request, path, now)
    log = EditionLog.read(request.out / LOG_NAME)
    code = typed_code(ref)
    if CODE.fullmatch(code) and any(p.first_day(code) for p in log.papers.values()):
        return _since_codes(request, {name: code for name, paper in log.papers.items()
                                      if paper.first_day(code)}, log, now,
                            f"edition code {code} in {request.out / LOG_NAME}")
    by_version = _codes_of_version(log, ref)
    if by_version:
        return _since_codes(request, by_version, log, now,
                            f"framework version {ref} in {request.out / LOG_NAME}")
    commit = commit_of(request.root, ref)
    if commit is not None:
        return _since_commit(request, commit, now)
    raise UsageError(
        f"--since {ref}: not a file, not an edition code or framework version that "
        f"{request.out / LOG_NAME} knows, and not a git commit of the repository of "
        f"{request.root}")


# A paper's reader lines and edition code.
Said = tuple[tuple[ReaderLine, ...], str]


class _Papers:
    """The reader lines of papers of one root (computed on demand, once each)."""

    def __init__(self, project: Project, theme: Theme) -> None:
        self.project = project
        self.theme = theme
        self.computed: dict[tuple[str | None, str | None, str, str], Said | None] = {}

    def keys(self, request: ChangesRequest) -> list[PaperKey]:
        """The papers the request names: its sectors (all), context, languages, layouts."""
        sectors: list[str | None] = list(request.sectors or self.project.sector_ids) or [None]
        languages = request.languages or self.project.languages
        keys = []
        for sector in sectors:
            try:
                plan_id = self.project.plan(sector, request.context).plan_id
            except UsageError:
                continue  # a sector this root does not have (yet, or any more)
            keys += [PaperKey(sector, request.context, lang, layout, plan_id)
                     for lang in languages for layout in request.layouts]
        return keys

    def lines(self, key: PaperKey) -> Said | None:
        """The paper's reader lines and edition code, or None if this root cannot make it."""
        spec = LAYOUTS[key.layout]
        cache = (key.sector, key.context, key.lang, spec.copies or key.layout)
        if cache not in self.computed:
            # A framework without sectors names its own plan after itself.
            framework = self.project.framework
            own = framework is not None and key.sector == framework.data.get("id")
            try:
                plan = self.project.plan(None if own else key.sector, key.context)
            except UsageError:
                self.computed[cache] = None
            else:
                if key.lang not in plan.languages:
                    self.computed[cache] = None
                else:
                    source = edition_source(plan, key.lang, theme=self.theme,
                                            layout=key.layout)
                    self.computed[cache] = (source.lines, source.code)
        return self.computed[cache]


def _key_of(paper: Paper) -> PaperKey:
    sector, _, context = paper.plan.partition("+")
    return PaperKey(sector, context or None, paper.lang, paper.layout, paper.plan)


def _compare(key: PaperKey, before: Said | None, after: Said | None) -> PaperChanges:
    if after is None:
        return PaperChanges(key, GONE, since_code=before[1] if before else None)
    if before is None:
        return PaperChanges(key, NEW, tuple(changed_lines((), after[0])), code=after[1])
    changes = tuple(changed_lines(before[0], after[0]))
    return PaperChanges(key, reprint(changes), changes, before[1], after[1])


def _since_commit(request: ChangesRequest, commit: str, now: _Papers) -> ChangesReport:
    report = ChangesReport(request.since, f"git commit {commit}", commit=commit)
    with tempfile.TemporaryDirectory(prefix="kindreflex-changes-") as folder:
        old_root = sources_at(request.root, commit, Path(folder))
        if not (old_root / "frameworks").is_dir():
            raise UsageError(f"--since {request.since}: the repository has no "
                             f"frameworks/ for this root at {commit[:12]}")
        old_theme = theme_for(old_root, request.templates)
        then = _Papers(load_project(old_root), old_theme)
        keys = {key.name: key for key in [*now.keys(request), *then.keys(request)]}
        for name in sorted(keys):
            key = keys[name]
            report.papers.append(_compare(key, then.lines(key), now.lines(key)))
    return report


def _since_file(request: ChangesRequest, path: Path, now: _Papers) -> ChangesReport:
    try:
        data = json.loads(read_bounded(path, MAX_REF_FILE).decode("utf-8"))
    except (FileProblem, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"--since {path}: not an edition log or a manifest kindreflex "
                         f"wrote ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("papers"), dict):
        old = EditionLog.read(path)
        report = ChangesReport(request.since, f"edition log {path}")
        for name in sorted(old.papers):
            paper = old.papers[name]
            if not _wanted(request, paper):
                continue
            key = _key_of(paper)
            report.papers.append(_compare(key, (paper.lines, paper.current.code),
                                          now.lines(key)))
        return report
    if isinstance(data, dict) and isinstance(data.get("outputs"), dict):
        entries = mf.load(path.parent, path.name)
        codes = _codes_of_outputs(entries)
        return _since_codes(request, codes, EditionLog.read(request.out / LOG_NAME), now,
                            f"build manifest {path}")
    raise UsageError(f"--since {path}: not an edition log or a manifest kindreflex wrote")


def _codes_of_outputs(entries: Mapping[str, mf.Entry]) -> dict[str, str]:
    """The edition code of each paper whose outputs a build manifest records."""
    return {name.rsplit(".", 1)[0]: entry.edition for name, entry in entries.items()
            if entry.edition}


def _codes_of_version(log: EditionLog, version: str) -> dict[str, str]:
    """Per paper, its last edition made with framework `version` (if any)."""
    found = {}
    for name, paper in log.papers.items():
        codes = [past.code for past, made_with in zip(paper.editions, paper.versions,
                                                       strict=False) if made_with == version]
        if codes:
            found[name] = codes[-1]
    return found


def _wanted(request: ChangesRequest, paper: Paper) -> bool:
    sector, _, context = paper.plan.partition("+")
    return ((not request.sectors or sector in request.sectors)
            and (not request.languages or paper.lang in request.languages)
            and paper.layout in request.layouts
            and (request.context is None or context == request.context))


def _since_codes(request: ChangesRequest, codes: Mapping[str, str], log: EditionLog,
                 now: _Papers, read_as: str) -> ChangesReport:
    """Each paper of `codes` since that edition: the log's editions after it, then what
    changed since the log's last build."""
    report = ChangesReport(request.since, read_as)
    for name in sorted(codes):
        paper = log.papers.get(name)
        if paper is None or not _wanted(request, paper):
            continue
        later = paper.since(codes[name])
        if later is None:
            continue  # the log does not know that edition of this paper
        key = _key_of(paper)
        current = now.lines(key)
        if current is None:
            report.papers.append(PaperChanges(key, GONE, since_code=codes[name]))
            continue
        changes = (*_changes_of(later), *changed_lines(paper.lines, current[0]))
        report.papers.append(PaperChanges(key, reprint(changes), changes, codes[name],
                                          current[1]))
    return report


def _changes_of(editions: Iterable[Any]) -> list[Change]:
    return [change for past in editions for change in past.changes]


def summary(report: ChangesReport) -> list[str]:
    """The report as lines of text, the papers to reprint now first."""
    order = {NOW: 0, NEW: 1, NEXT_RUN: 2, GONE: 3, UNCHANGED: 4}
    lines = [f"since {report.since} ({report.read_as}):"]
    unchanged = 0
    for paper in sorted(report.papers, key=lambda p: (order[p.status], p.paper.name)):
        if paper.status == UNCHANGED:
            unchanged += 1
            continue
        editions = f" (edition {paper.since_code or '-'} → {paper.code or '-'})"
        lines.append(f"{paper.status}: {paper.paper.name}{editions}")
        lines += [f"  {_words(change)}" for change in paper.changes]
    lines.append(f"unchanged: {unchanged} paper(s)")
    for organisation in sorted(report.organisations, key=lambda o: (order[o["status"]],
                                                                    o["organisation"])):
        if organisation["status"] != UNCHANGED:
            lines.append(f"{organisation['status']}: organisation {organisation['organisation']}"
                         f" ({', '.join(organisation['files'])})")
            lines += [f"  {reason}" for reason in organisation["reasons"]]
    if report.organisations:
        same = sum(o["status"] == UNCHANGED for o in report.organisations)
        lines.append(f"unchanged: {same} organisation(s)")
    return lines


KIND_WORDS = {"phone": "phone number", "acute": "acute danger box", "tell": "whom to tell",
              "action": "a step's actions", "wording": "wording"}


def _words(change: Change) -> str:
    kind = KIND_WORDS.get(change.kind, change.kind)
    if change.before is not None and change.after is not None:
        return f"{kind}: “{change.before}” is now “{change.after}”"
    if change.after is not None:
        return f"{kind}: new “{change.after}”"
    return f"{kind}: no longer “{change.before}”"

