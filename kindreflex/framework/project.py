"""Loads a root's framework and overlays, validates them all, and resolves plans."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import ContentError, Issue, IssueCollector, Sources, UsageError, fold_caused
from .checks import CheckOptions, check_resolution
from .claims import merge_layer, record_framework
from .file_safe_ids import file_name_problem
from .freeze import build_plan
from .model import Layer, Plan, Text
from .operations import apply_overlay
from .overlay import META_KEY, Resolution, fork, start_resolution
from .refs import item_refs
from .schema import schema_problems
from .schema_places import value_at
from .texts import as_text
from .versions import version_matches
from .workspace import Workspace
from .yaml_source import Document, load_yaml

# A plan is the framework with at most one sector and at most one context: (sector, context).
Combination = tuple[str | None, str | None]
# Where a problem does not occur is worth a hint when it is a few plans, not a list.
MAX_NAMED_COMBINATIONS = 3


@dataclass
class Overlay:
    """One loaded, schema-valid overlay file."""

    kind: str
    id: str
    doc: Document

    def layer(self, default_language: str) -> Layer:
        """The model's record of this layer."""
        data = self.doc.data
        title: Text = as_text(data.get("title") or data.get("name") or self.id, default_language)
        description = data.get("description")
        return Layer(
            kind=self.kind,
            id=self.id,
            title=title,
            file=self.doc.file,
            description=None if description is None else as_text(description, default_language),
            url=data.get("url"),
        )


@dataclass
class Project:
    """Everything under one root, loaded and checked; plans are resolved on demand."""

    workspace: Workspace
    framework: Document | None = None
    overlays: dict[tuple[str, str], Overlay] = field(default_factory=dict)
    issues: IssueCollector = field(default_factory=IssueCollector)
    # The text of every file read, for the lines around each message (code_frames).
    sources: Sources = field(default_factory=Sources)
    check_options: CheckOptions = field(default_factory=CheckOptions)
    _cache: dict[tuple[str | None, ...], Resolution] = field(default_factory=dict)
    _baseline: Resolution | None = None

    @property
    def root(self) -> Path:
        """The root folder."""
        return self.workspace.root

    @property
    def languages(self) -> tuple[str, ...]:
        """The framework's languages, the default first."""
        data = self.framework.data if self.framework else {}
        return tuple(data.get("languages") or ("nl",))

    def languages_asked(self, asked: tuple[str, ...]) -> tuple[str, ...]:
        """The languages asked for (`--lang`), each once in the order asked, or every
        declared one when none is; a UsageError, the same in every command, names those the
        framework does not declare."""
        unknown = [lang for lang in dict.fromkeys(asked) if lang not in self.languages]
        if unknown:
            names = ", ".join(f"'{lang}'" for lang in unknown)
            what = "language {} is" if len(unknown) == 1 else "languages {} are"
            raise UsageError(f"{what.format(names)} not declared by the framework (it "
                             f"declares {', '.join(self.languages)}; see 'languages:' in "
                             f"{self.framework.file if self.framework else 'the framework'})")
        return tuple(dict.fromkeys(asked)) or self.languages

    def ids(self, kind: str) -> list[str]:
        """Sorted ids of the loaded overlays of one kind."""
        return sorted(overlay_id for k, overlay_id in self.overlays if k == kind)

    @property
    def sector_ids(self) -> list[str]:
        """The sector overlays' ids."""
        return self.ids("sector")

    @property
    def context_ids(self) -> list[str]:
        """The context overlays' ids."""
        return self.ids("context")

    def overlay(self, kind: str, overlay_id: str) -> Overlay:
        """The overlay of that kind and id; UsageError naming the known ones if missing."""
        try:
            return self.overlays[(kind, overlay_id)]
        except KeyError:
            known = ", ".join(self.ids(kind)) or "none"
            own = self.framework.data.get("id") if self.framework else None
            if kind == "sector" and own and not self.ids(kind):
                known += f"; the framework's own plan: '{own}'"
            raise UsageError(f"unknown {kind} '{overlay_id}' (known: {known})") from None

    def layer_files(self, combination: Combination) -> set[str]:
        """The files of the framework and of the overlays of a sector + context plan."""
        sector, context = combination
        files = {self.framework.file} if self.framework else set()
        for kind, overlay_id in (("sector", sector), ("context", context)):
            overlay = self.overlays.get((kind, overlay_id)) if overlay_id else None
            if overlay is not None:
                files.add(overlay.doc.file)
        return files

    def resolve(self, sector: str | None, context: str | None = None,
                organisation: Document | None = None, *, checked: bool = False,
                ) -> Resolution:
        """The resolution framework → sector → context → organisation (cached); `checked`:
        the organisation's resolution was checked before (batch checks every organisation
        before it renders any), so the semantic checks are not run again."""
        if self.framework is None:
            raise ContentError(self.issues.errors, sources=self.sources)
        if sector is not None and sector == self.framework.data.get("id") \
                and ("sector", sector) not in self.overlays:
            # The framework's own plan, named by its id as `build --all` names its files: a
            # framework without sectors can be batched, explained and built by name too.
            sector = None
        key = (sector, context, organisation.file if organisation else None)
        if organisation is None and key in self._cache:
            return self._cache[key]
        if self._baseline is None:
            self._baseline = start_resolution(self.framework)
            record_framework(self._baseline, self.framework)
        res = fork(self._baseline)
        layers: list[Overlay] = []
        if sector is not None:
            layers.append(self.overlay("sector", sector))
        if context is not None:
            layers.append(self.overlay("context", context))
        if organisation is not None:
            layers.append(_organisation_overlay(organisation))
        for overlay in layers:
            apply_overlay(res, overlay.doc, overlay.kind, overlay.id)
            merge_layer(res, overlay.doc, overlay.kind)
        # The checks read the layers' own descriptions (claims about 'description').
        res.layers = tuple(layers)
        if not (checked and organisation is not None):
            res.issues.extend(check_resolved(res, self.check_options, bool(layers)))
        if organisation is None:
            self._cache[key] = res
        return res

    def plan(self, sector_id: str | None, context_id: str | None = None,
             organisation: Document | Mapping[str, Any] | None = None, *,
             checked: bool = False) -> Plan:
        """The resolved plan; ContentError if this combination has errors (`checked`: see
        `resolve`)."""
        if isinstance(organisation, Mapping):
            organisation = Document(file=f"<organisation {organisation.get('id')}>",
                                    data=dict(organisation))
        res = self.resolve(sector_id, context_id, organisation, checked=checked)
        errors = fold_caused(i for i in res.issues if i.severity == "error")
        if errors:
            raise ContentError(errors, sources=self.sources)
        default = self.languages[0]
        layers = tuple(o.layer(default) for o in res.layers)
        return build_plan(res.data, layers, res.provenance)


def _organisation_overlay(doc: Document) -> Overlay:
    return Overlay("organisation", str(doc.data.get("id", "organisation")), doc)


def check_resolved(res: Resolution, options: CheckOptions, overlaid: bool = True) -> list[Issue]:
    """Schema problems the overlays introduced, else the semantic checks of the plan."""
    schema = _resolved_schema_issues(res) if overlaid else []
    # Semantic checks assume well-formed data; a badly typed value is reported once, here.
    return schema or check_resolution(res, options)


class _WrittenInOverlays(Mapping[tuple[str | int, ...], str]):
    """The source text of a typed value of the resolved data, found in the overlay that set it.

    Only a lookup (`get`) is needed: the messages quote what the editor wrote (`0470123456`),
    never YAML's number. A guess that does not hold the same value is not used.
    """

    def __init__(self, res: Resolution, paths: Mapping[tuple[Any, ...], str]) -> None:
        self.res = res
        self.paths = paths
        self.docs = {overlay.doc.file: overlay.doc for overlay in res.layers}

    def __getitem__(self, path: tuple[str | int, ...]) -> str:
        key = _provenance_key(path, self.paths)
        rest: tuple[str | int, ...] = ()
        for cut in range(len(path), 0, -1):
            if self.paths.get(path[:cut]) is not None:
                rest = tuple(path[cut + 1:])
                break
        prov = self.res.provenance.get(key)
        doc = self.docs.get(prov.file) if prov else None
        if prov is None or doc is None:
            raise KeyError(path)
        parts: tuple[str | int, ...] = tuple(
            int(p) if p.isdigit() else p for p in prov.pointer.strip("/").split("/"))
        written = doc.plain.get((*parts, *rest))
        value: Any = self.res.data
        for part in path:
            value = value[part]
        if written is None or value_at(doc.data, (*parts, *rest)) != value:
            raise KeyError(path)
        return str(written)

    def __iter__(self) -> Iterator[tuple[str | int, ...]]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _resolved_schema_issues(res: Resolution) -> list[Issue]:
    """Schema problems that overlays introduced, located at the operation that caused them."""
    paths = {path: ref for ref, _item, _kind, path in item_refs(res.data)}
    issues: list[Issue] = []
    for problem in schema_problems(res.data, "framework", _WrittenInOverlays(res, paths)):
        key = _provenance_key(problem.path, paths)
        prov = res.provenance.get(key) or res.provenance.get(key.split("#")[0])
        if prov is None or prov.layer == "framework":
            continue  # the framework's own problems are reported from the file itself
        issues.append(Issue(prov.file, prov.line, prov.column, problem.code, problem.message,
                            problem.hints, prov.pointer))
    return issues


def _provenance_key(path: tuple[str | int, ...], item_paths: Mapping[tuple[Any, ...], str]) -> str:
    for cut in range(len(path), 0, -1):
        ref = item_paths.get(path[:cut])
        if ref is not None:
            return f"{ref}#{path[cut]}" if cut < len(path) else ref
    if len(path) >= 2 and path[0] in ("terms", "params"):
        return f"{str(path[0])[:-1]}:{path[1]}"
    return META_KEY + str(path[0]) if path else META_KEY


def params_as_written(doc: Document) -> None:
    """Param values as the editor wrote them: `0470123456` stays that text, not a number.

    A param is only ever printed inside a text, so the text YAML read it from is its value.
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    places: list[tuple[Any, tuple[str | int, ...]]] = [(data.get("params"), ("params",))]
    for index, operation in enumerate(data.get("operations") or []):
        if isinstance(operation, dict) and isinstance(operation.get("set"), dict):
            places.append((operation["set"].get("params"),
                           ("operations", index, "set", "params")))
    for params, path in places:
        if isinstance(params, dict):
            for key, value in params.items():
                params[key] = doc.source_text((*path, key), value)


def _schema_issues(doc: Document, name: str, language: str | None = None) -> list[Issue]:
    issues = []
    if language is None and isinstance(doc.data, dict) and isinstance(
            doc.data.get("languages"), list) and doc.data["languages"]:
        language = str(doc.data["languages"][0])
    for problem in schema_problems(doc.data, name, doc.plain, language=language):
        line, column = doc.position(problem.path, key=problem.key_error)
        pointer = "/" + "/".join(str(p) for p in problem.path)
        issues.append(Issue(doc.file, line, column, problem.code, problem.message,
                            problem.hints, pointer))
    return issues


def _check_overlay_header(doc: Document, kind: str, path: Path, framework: Document | None,
                          ) -> list[Issue]:
    data = doc.data
    issues: list[Issue] = []

    def at(field_name: str, code: str, message: str, *hints: str) -> None:
        line, column = doc.position((field_name,))
        issues.append(Issue(doc.file, line, column, code, message, hints, "/" + field_name))

    if data.get("kind") != kind:
        at("kind", "overlay-kind-mismatch",
           f"a file in '{path.parent.name}/' must have 'kind: {kind}', not '{data.get('kind')}'",
           f"move the file to the folder for its kind, or set 'kind: {kind}'")
    if str(data.get("id")) != path.stem:
        at("id", "overlay-id-mismatch",
           f"the id '{data.get('id')}' differs from the file name '{path.name}'",
           f"rename the file to '{data.get('id')}.yaml' or set 'id: {path.stem}'")
    elif isinstance(data.get("id"), str) and (reason := file_name_problem(data["id"])):
        at("id", "overlay-id-reserved", f"the id cannot name output files: {reason}",
           "choose another id (and rename the file to match)")
    if framework is None:
        return issues
    framework_id = framework.data.get("id")
    if data.get("extends") != framework_id:
        at("extends", "overlay-extends-unknown",
           f"this overlay extends '{data.get('extends')}', but the framework here is "
           f"'{framework_id}' ({framework.file})",
           f"set 'extends: {framework_id}'")
        return issues
    spec = data.get("framework_version")
    version = str(framework.data.get("version", ""))
    if spec is not None:
        try:
            fits = version_matches(version, str(spec))
        except ValueError:
            at("framework_version", "overlay-version-invalid",
               f"'{spec}' is not a version range", "write it like '>=1.0, <2'")
        else:
            if not fits:
                at("framework_version", "overlay-version-incompatible",
                   f"this overlay fits framework versions '{spec}', but {framework.file} is "
                   f"version {version}",
                   "check the overlay against the new framework (kindreflex diff), "
                   "then widen 'framework_version'")
    return issues


def open_project(root: Path, check_options: CheckOptions | None = None,
                 focus: Combination | None = None) -> Project:
    """Load and check every file under `root`; the issues are in `project.issues`.

    Every file is always loaded and checked against its schema; the plans resolved and
    checked are every sector with and without every context, or with `focus` only the
    framework and that one combination (a batch needs no other, and it keeps reruns fast).
    """
    workspace = Workspace.open(root)
    project = Project(workspace, check_options=check_options or CheckOptions())
    collect = project.issues
    frameworks: list[Document] = []
    for path in workspace.framework_files:
        doc, issues = load_yaml(path, workspace.relative(path), project.sources)
        collect.extend(issues)
        if doc is None:
            continue
        params_as_written(doc)
        schema = _schema_issues(doc, "framework")
        collect.extend(schema)
        # Unknown fields do not disturb resolution, so the overlays can still be checked
        # against this framework and every error of the run is reported at once.
        harmless = all(i.code == "schema-unknown-field" for i in schema)
        if harmless and not any(i.severity == "error" for i in issues):
            frameworks.append(doc)
    if not workspace.framework_files:
        collect.add(Issue("frameworks", 1, 1, "framework-missing",
                          "there is no framework file in 'frameworks/'",
                          ("add one with 'kind: framework' (see docs/format.md)",)))
    elif len(workspace.framework_files) > 1:
        for path in workspace.framework_files[1:]:
            collect.add(Issue(workspace.relative(path), 1, 1, "framework-multiple",
                              "there is more than one framework file in 'frameworks/'",
                              ("keep one framework per root; put overlays in sectors/ or "
                               "contexts/",)))
    project.framework = frameworks[0] if len(frameworks) == 1 else None
    for kind, paths in workspace.overlay_files.items():
        for path in paths:
            doc, issues = load_yaml(path, workspace.relative(path), project.sources)
            collect.extend(issues)
            if doc is None:
                continue
            params_as_written(doc)
            header = _check_overlay_header(doc, kind, path, project.framework) \
                if isinstance(doc.data, dict) else []
            schema = _schema_issues(doc, "overlay", project.languages[0]
                                    if project.framework is not None else None)
            collect.extend(schema)
            collect.extend(header)
            if not schema and not header and not any(i.severity == "error" for i in issues):
                project.overlays[(kind, str(doc.data["id"]))] = Overlay(kind, str(doc.data["id"]),
                                                                       doc)
    if project.framework is not None:
        combos: list[Combination] = [(None, None)]
        if focus is not None:
            combos.append(focus)
        else:
            combos += [(s, None) for s in project.sector_ids]
            combos += [(None, c) for c in project.context_ids]
            combos += [(s, c) for s in project.sector_ids for c in project.context_ids]
        found = {(sector, context): project.resolve(sector, context).issues
                 for sector, context in combos
                 if (sector is None or ("sector", sector) in project.overlays) and (
                     context is None or ("context", context) in project.overlays)}
        collect.extend(fold_caused(name_combinations(found, project.layer_files)))
    return project


def name_combinations(found: Mapping[Combination, list[Issue]],
                      layer_files: Callable[[Combination], set[str]]) -> list[Issue]:
    """The issues of every resolved combination, each once; an issue that only some of the
    plans its file takes part in have names them ("in sector tweede with context lockdown:
    …"), and says where the same file works."""
    where: dict[tuple[str, int, int, str, str, str], list[Combination]] = {}
    example: dict[tuple[str, int, int, str, str, str], Issue] = {}
    for combination, issues in found.items():
        for issue in issues:
            key = (issue.file, issue.line, issue.column, issue.code, issue.message,
                   issue.severity)
            where.setdefault(key, []).append(combination)
            # The hints of the most specific plan ('did you mean' its own ids).
            example[key] = issue
    named = []
    for key, failing in where.items():
        issue = example[key]
        concerned = [c for c in found if issue.file in layer_files(c)] or list(found)
        working = [c for c in concerned if c not in failing]
        if not working:
            named.append(issue)  # every plan with this file has it: the file's own problem
            continue
        hints = issue.hints
        if len(working) <= MAX_NAMED_COMBINATIONS:
            hints = (*hints, f"this works {describe_combinations(working, concerned)}")
        place = describe_combinations(failing, concerned)
        named.append(replace(issue, message=f"{place}: {issue.message}", hints=hints))
    return named


def describe_combinations(combinations: list[Combination], concerned: list[Combination]) -> str:
    """`combinations` in words: "in sector tweede with context lockdown", "in sectors a and b
    without a context", "in sector a" (with and without every context, of `concerned`)."""
    chosen = set(combinations)
    whole = sorted(
        s for s in {s for s, _c in chosen if s is not None}
        if len([c for c in concerned if c[0] == s]) > 1
        and all(c in chosen for c in concerned if c[0] == s))
    parts = [_sectors(whole)] if whole else []
    by_context: dict[str | None, list[str | None]] = {}
    for sector, context in combinations:
        if sector not in whole:
            by_context.setdefault(context, []).append(sector)
    for context in sorted(by_context, key=lambda c: (c is not None, c or "")):
        sectors = sorted(s for s in by_context[context] if s is not None)
        with_what = f"with context {context}" if context else "without a context"
        if sectors:
            parts.append(f"{_sectors(sectors)} {with_what}")
        if None in by_context[context]:
            parts.append(f"context {context} without a sector" if context
                         else "the framework without overlays")
    return "in " + " and in ".join(parts)


def _sectors(ids: list[str]) -> str:
    if len(ids) == 1:
        return f"sector {ids[0]}"
    return f"sectors {', '.join(ids[:-1])} and {ids[-1]}"


def load_project(root: Path, check_options: CheckOptions | None = None,
                 focus: Combination | None = None) -> Project:
    """Like `open_project`, but raises ContentError if any file has errors."""
    project = open_project(root, check_options, focus)
    if project.issues.errors:
        raise ContentError(project.issues.errors, project.issues.warnings, project.sources)
    return project
