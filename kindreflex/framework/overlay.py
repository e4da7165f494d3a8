"""Resolving a plan: its data with the provenance of every field, and what an operation can do.

The operations themselves, one entry each, are in `operations` (docs/format.md, "Overlays").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Issue
from .model import Provenance
from .refs import (
    TOP_LEVEL,
    RefError,
    child_kinds,
    is_item,
    item_refs,
    known_ids_hint,
    locate,
    parse_ref,
)
from .yaml_source import Document

# Top-level fields of the framework that are not item lists (their provenance is `#field`).
META_KEY = "#"
Path_ = tuple[str | int, ...]  # where a value stands in a document: ("steps", 2, "title")


@dataclass(frozen=True)
class Change:
    """One change an overlay made, for `diff` and `explain`."""

    layer: str  # "sector:sport"
    operation: str
    target: str
    field: str
    provenance: Provenance
    reason: Any = None
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "layer": self.layer,
            "operation": self.operation,
            "target": self.target,
            "field": self.field,
            "at": self.provenance.label(),
            "reason": self.reason,
            "detail": self.detail,
        }


@dataclass
class Resolution:
    """The plan data being resolved, with provenance, the change log and issues."""

    data: dict[str, Any]
    provenance: dict[str, Provenance] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    removed: dict[str, Provenance] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    layers: tuple[Any, ...] = ()  # the applied overlays, in order
    # Items an operation that failed would have made, each with that failure's
    # `Issue.place()`: what refers to them is folded under it (one message per cause).
    unmade: dict[str, str] = field(default_factory=dict)

    def defined_at(self, ref: str) -> str:
        """`file:line` where an item was last defined, for hints."""
        prov = self.provenance.get(ref)
        return f"{prov.file}:{prov.line}" if prov else "?"

    def removal_of(self, ref: str) -> tuple[str, str] | None:
        """If `ref` (or an item it lies in) was removed by an overlay: the removed item and
        who removed it, in words ("sector sport (frameworks/sectors/sport.yaml:39)")."""
        parts = ref.split("/")
        for count in range(1, len(parts) + 1):
            removed = "/".join(parts[:count])
            prov = self.removed.get(removed)
            if prov is None:
                continue
            layer = next((change.layer for change in reversed(self.changes)
                          if change.operation == "remove" and change.target == removed),
                         prov.layer)
            return removed, f"{layer.replace(':', ' ', 1)} ({prov.file}:{prov.line})"
        return None

    def cause_of(self, ref: str) -> str:
        """What makes `ref` missing besides a typo, as an `Issue.cause`: the failed operation
        that would have made it (or an item it lies in), or its removal; "" for neither."""
        parts = ref.split("/")
        for count in range(len(parts), 0, -1):
            cause = self.unmade.get("/".join(parts[:count]))
            if cause:
                return cause
        removal = self.removal_of(ref)
        return f"removed {removal[0]} by {removal[1]}" if removal else ""


def copy_tree(value: Any) -> Any:
    """A deep copy of YAML-shaped data (dicts, lists, scalars), several times faster than
    `copy.deepcopy`, which matters because every plan combination starts from a copy."""
    if isinstance(value, dict):
        return {key: copy_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_tree(item) for item in value]
    return value


def fork(base: Resolution) -> Resolution:
    """An independent copy of a resolution, to apply further overlays to."""
    return Resolution(
        data=copy_tree(base.data),
        provenance=dict(base.provenance),
        changes=list(base.changes),
        removed=dict(base.removed),
        issues=list(base.issues),
        layers=base.layers,
        unmade=dict(base.unmade),
    )


def start_resolution(framework: Document) -> Resolution:
    """A resolution holding a copy of the framework, every field's provenance recorded."""
    data = copy_tree(framework.data)
    res = Resolution(data=data)
    for key, value in data.items():
        if key in TOP_LEVEL.values():
            continue
        if key in ("params", "terms") and isinstance(value, dict):
            for name in value:
                res.provenance[f"{key[:-1]}:{name}"] = _prov(framework, (key, name), "framework")
        else:
            res.provenance[META_KEY + key] = _prov(framework, (key,), "framework")
    _record_items(res, data, "", None, framework, (), "framework", "framework")
    return res


def _prov(doc: Document, path: Path_, operation: str, layer: str = "framework",
          key: bool = False) -> Provenance:
    line, column = doc.position(path, key=key)
    pointer = "/" + "/".join(str(part) for part in path)
    return Provenance(doc.file, line, column, operation, layer, pointer)


def record_item(res: Resolution, ref: str, item: dict[str, Any], kind: str, doc: Document,
                 path: Path_, operation: str, layer: str) -> None:
    """Provenance for a new item, its fields and its nested items."""
    res.provenance[ref] = _prov(doc, path, operation, layer)
    for name in item:
        res.provenance[f"{ref}#{name}"] = _prov(doc, (*path, name), operation, layer)
    _record_items(res, item, ref + "/", kind, doc, path, operation, layer)


def _record_items(res: Resolution, data: dict[str, Any], prefix: str, kind: str | None,
                  doc: Document, path: Path_, operation: str, layer: str) -> None:
    for ref, item, _kind, item_path in item_refs(data, prefix, kind, path):
        res.provenance[ref] = _prov(doc, item_path, operation, layer)
        for name in item:
            res.provenance[f"{ref}#{name}"] = _prov(doc, (*item_path, name), operation, layer)


def forget(res: Resolution, ref: str) -> None:
    """Drop the provenance of an item, its fields and its nested items."""
    for key in [k for k in res.provenance if k == ref or k.startswith((ref + "#", ref + "/"))]:
        del res.provenance[key]


class OperationFailed(Exception):
    """One operation failed; its issue is recorded and the next operation goes on."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


@dataclass
class OverlayRun:
    """One overlay document being applied: what its operations use to change the resolution,
    record provenance and changes, and report located problems."""

    res: Resolution
    doc: Document
    layer: str  # "sector:sport"
    layer_kind: str
    seen: dict[tuple[str, str], int] = field(default_factory=dict)

    def error(self, path: Path_, code: str, message: str, *hints: str,
              key: bool = False, cause: str = "") -> OperationFailed:
        """Record a located issue; raise the returned exception to stop the operation."""
        line, column = self.doc.position(path, key=key)
        issue = Issue(self.doc.file, line, column, code, message, hints, cause=cause)
        self.res.issues.append(issue)
        return OperationFailed(issue)

    def prov(self, path: Path_, operation: str) -> Provenance:
        """The provenance of a value this overlay writes at `path`."""
        return _prov(self.doc, path, operation, self.layer_kind)

    def claim(self, path: Path_, target: str, field_name: str) -> None:
        """One operation per (target, field) in one overlay (docs/editors.md, "The operations")."""
        key = (target, field_name)
        if key in self.seen:
            what = f"'{field_name}' of {target}" if field_name else target
            raise self.error(
                path, "overlay-duplicate-operation",
                f"a second operation on {what} in this file "
                f"(the first is on line {self.seen[key]})",
                "combine them into one operation",
            )
        self.seen[key] = self.doc.position(path)[0]

    def find(self, path: Path_, ref: str, what: str) -> tuple[list[Any], int]:
        """The list holding the item `ref` and its index; a located error if it does not exist."""
        try:
            return locate(self.res.data, parse_ref(ref))
        except RefError as problem:
            hints = [
                f"did you mean '{s}' ({self.res.defined_at(s)})?" for s in problem.suggestions
            ] or known_ids_hint(problem.kind, problem.known)
            removal = self.res.removal_of(ref)
            if removal is not None:
                hints.insert(0, f"{removal[1]} removed {removal[0]}")
            raise self.error(
                path, "overlay-target-unknown", f"{what} target '{ref}' does not exist", *hints,
                cause=self.res.cause_of(ref),
            ) from None

    def change(self, operation: str, target: str, field_name: str, path: Path_,
               reason: Any = None, detail: str = "") -> None:
        """Record a change for `diff` and `explain`."""
        self.res.changes.append(
            Change(self.layer, operation, target, field_name, self.prov(path, operation),
                   reason, detail)
        )

    def set_field(self, path: Path_, ref: str, item: dict[str, Any], field_name: str,
                  value: Any, operation: str, reason: Any = None) -> None:
        """Set one field of an item, with its provenance (and its nested items')."""
        if field_name == "id":
            raise self.error(path, "overlay-field-id", f"the id of {ref} cannot be changed",
                             "remove the item (with a reason) and insert a new one")
        self.claim(path, ref, field_name)
        before = item.get(field_name)
        item[field_name] = copy_tree(value)
        self.res.provenance[f"{ref}#{field_name}"] = self.prov(path, operation)
        child_kind = child_kinds(parse_ref(ref)[-1][0]).get(field_name)
        if child_kind is not None and isinstance(item[field_name], list):
            # Only that list's items are forgotten: replaced actions leave decisions alone.
            forget(self.res, f"{ref}/{child_kind}:")
            self.record_children(ref, field_name, item[field_name], path, operation)
        self.change(operation, ref, field_name, path, reason,
                    detail="added" if before is None else "changed")

    def record_children(self, ref: str, field_name: str, entries: list[Any],
                        list_path: Path_, operation: str) -> None:
        """Provenance for the items an operation put into an id list (entry i at list_path/i)."""
        child_kind = child_kinds(parse_ref(ref)[-1][0]).get(field_name)
        if child_kind is None:
            return  # not a nested list of this kind; the schema check reports the field
        for number, entry in enumerate(entries):
            if is_item(field_name, entry):
                child = f"{ref}/{child_kind}:{entry.get('id')}"
                self.res.unmade.pop(child, None)
                record_item(self.res, child, entry, child_kind, self.doc, (*list_path, number),
                            operation, self.layer_kind)

    def position(self, path: Path_, op: dict[str, Any], collection: list[Any],
                 ref_of: str) -> int:
        """Index in `collection` where the operation's before/after/at puts an item."""
        if "at" in op:
            return 0 if op["at"] == "start" else len(collection)
        where = "before" if "before" in op else "after"
        anchor = op[where]
        items, index = self.find((*path, where), anchor, where)
        if items is not collection:
            raise self.error(
                (*path, where), "overlay-position-elsewhere",
                f"'{anchor}' is not in the same list as {ref_of}",
                "use 'before' or 'after' with an item of the same kind and parent",
            )
        return index if where == "before" else index + 1
