"""The overlay operations of DESIGN §4 on plain data, with provenance for every field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Issue
from .loader import Document
from .model import Provenance
from .refs import (
    ENTRY_LISTS,
    ID_LISTS,
    TOP_LEVEL,
    RefError,
    child_kinds,
    collection_name,
    format_ref,
    is_item,
    item_refs,
    known_ids_hint,
    locate,
    parse_ref,
)

OPERATIONS = ("set", "replace", "update", "insert", "append", "prepend", "remove", "move")
# List fields that `append` and `prepend` may extend.
LIST_FIELDS = ID_LISTS | {"do", "dont", "contacts", "examples", "who", "audience"}
# Top-level fields of the framework that are not item lists (their provenance is `#field`).
META_KEY = "#"


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

    def defined_at(self, ref: str) -> str:
        """`file:line` where an item was last defined, for hints."""
        prov = self.provenance.get(ref)
        return f"{prov.file}:{prov.line}" if prov else "?"


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


def _prov(doc: Document, path: tuple[str | int, ...], operation: str, layer: str = "framework",
          key: bool = False) -> Provenance:
    line, column = doc.position(path, key=key)
    pointer = "/" + "/".join(str(part) for part in path)
    return Provenance(doc.file, line, column, operation, layer, pointer)


def _record_item(res: Resolution, ref: str, item: dict[str, Any], kind: str, doc: Document,
                 path: tuple[str | int, ...], operation: str, layer: str) -> None:
    """Provenance for a new item, its fields and its nested items."""
    res.provenance[ref] = _prov(doc, path, operation, layer)
    for name in item:
        res.provenance[f"{ref}#{name}"] = _prov(doc, (*path, name), operation, layer)
    _record_items(res, item, ref + "/", kind, doc, path, operation, layer)


def _record_items(res: Resolution, data: dict[str, Any], prefix: str, kind: str | None,
                  doc: Document, path: tuple[str | int, ...], operation: str, layer: str) -> None:
    for ref, item, _kind, item_path in item_refs(data, prefix, kind, path):
        res.provenance[ref] = _prov(doc, item_path, operation, layer)
        for name in item:
            res.provenance[f"{ref}#{name}"] = _prov(doc, (*item_path, name), operation, layer)


def _forget(res: Resolution, ref: str) -> None:
    for key in [k for k in res.provenance if k == ref or k.startswith((ref + "#", ref + "/"))]:
        del res.provenance[key]


class _Failed(Exception):
    """One operation failed; its issue is recorded and the next operation goes on."""


@dataclass
class _OverlayRun:
    """Applies the operations of one overlay document to a resolution."""

    res: Resolution
    doc: Document
    layer: str  # "sector:sport"
    layer_kind: str
    seen: dict[tuple[str, str], int] = field(default_factory=dict)

    def error(self, path: tuple[str | int, ...], code: str, message: str, *hints: str,
              key: bool = False) -> _Failed:
        line, column = self.doc.position(path, key=key)
        self.res.issues.append(Issue(self.doc.file, line, column, code, message, hints))
        return _Failed(message)

    def prov(self, path: tuple[str | int, ...], operation: str) -> Provenance:
        return _prov(self.doc, path, operation, self.layer_kind)

    def claim(self, path: tuple[str | int, ...], target: str, field_name: str) -> None:
        """Rule 2: one operation per (target, field) within one overlay."""
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

    def find(self, path: tuple[str | int, ...], ref: str, what: str) -> tuple[list[Any], int]:
        try:
            return locate(self.res.data, parse_ref(ref))
        except RefError as problem:
            hints = [
                f"did you mean '{s}' ({self.res.defined_at(s)})?" for s in problem.suggestions
            ] or known_ids_hint(problem.kind, problem.known)
            if ref in self.res.removed:
                removal = self.res.removed[ref]
                hints.insert(0, f"it was removed at {removal.file}:{removal.line}")
            raise self.error(
                path, "overlay-target-unknown", f"{what} target '{ref}' does not exist", *hints
            ) from None

    def change(self, operation: str, target: str, field_name: str, path: tuple[str | int, ...],
               reason: Any = None, detail: str = "") -> None:
        self.res.changes.append(
            Change(self.layer, operation, target, field_name, self.prov(path, operation),
                   reason, detail)
        )

    # --- operations -------------------------------------------------------------------------

    def apply(self, index: int, operation: dict[str, Any]) -> None:
        path: tuple[str | int, ...] = ("operations", index)
        name = next((op for op in OPERATIONS if op in operation), None)
        if name is None:
            raise self.error(path, "overlay-operation-unknown", "this operation has no known kind",
                             "start it with one of: " + ", ".join(OPERATIONS))
        getattr(self, "op_" + name)(path, operation)

    def op_set(self, path: tuple[str | int, ...], op: dict[str, Any]) -> None:
        for group in ("params", "terms"):
            for name, value in (op["set"].get(group) or {}).items():
                key = f"{group[:-1]}:{name}"
                value_path = (*path, "set", group, name)
                self.claim(value_path, key, "")
                table = self.res.data.setdefault(group, {})
                existed = name in table
                table[name] = copy_tree(value)
                self.res.provenance[key] = self.prov(value_path, "set")
                self.change("set", key, "", value_path, op.get("reason"),
                            detail="changed" if existed else "added")

    def _set_field(self, path: tuple[str | int, ...], ref: str, item: dict[str, Any],
                   field_name: str, value: Any, operation: str, reason: Any = None) -> None:
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
            _forget(self.res, f"{ref}/{child_kind}:")
            self._record_children(ref, field_name, item[field_name], path, operation)
        self.change(operation, ref, field_name, path, reason,
                    detail="added" if before is None else "changed")

    def _record_children(self, ref: str, field_name: str, entries: list[Any],
                         list_path: tuple[str | int, ...], operation: str) -> None:
        """Provenance for the items an operation put into an id list (entry i at list_path/i)."""
        child_kind = child_kinds(parse_ref(ref)[-1][0]).get(field_name)
        if child_kind is None:
            return  # not a nested list of this kind; the schema check reports the field
        for number, entry in enumerate(entries):
            if is_item(field_name, entry):
                _record_item(self.res, f"{ref}/{child_kind}:{entry.get('id')}", entry,
                             child_kind, self.doc, (*list_path, number), operation,
                             self.layer_kind)

    def op_replace(self, path: tuple[str | int, ...], op: dict[str, Any]) -> None:
        ref = op["replace"]
        items, index = self.find((*path, "replace"), ref, "replace")
        self._set_field((*path, "value"), ref, items[index], op["field"], op.get("value"),
                        "replace", op.get("reason"))

    def op_update(self, path: tuple[str | int, ...], op: dict[str, Any]) -> None:
        ref = op["update"]
        items, index = self.find((*path, "update"), ref, "update")
        for field_name, value in op["fields"].items():
            self._set_field((*path, "fields", field_name), ref, items[index], field_name, value,
                            "update", op.get("reason"))

    def _position(self, path: tuple[str | int, ...], op: dict[str, Any], collection: list[Any],
                  ref_of: str) -> int:
        """Index in `collection` where before/after/at puts an item."""
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

    def op_insert(self, path: tuple[str | int, ...], op: dict[str, Any]) -> None:
        spec = str(op["insert"])
        parent_spec, _, kind = spec.rpartition("/")
        container: dict[str, Any] = self.res.data
        parent_kind: str | None = None
        if parent_spec:
            items, index = self.find((*path, "insert"), parent_spec, "insert")
            container = items[index]
            parent_kind = parse_ref(parent_spec)[-1][0]
        kind = kind.split(":", 1)[0]
        collection_field = collection_name(parent_kind, kind)
        if collection_field is None:
            where = f"a {parent_kind}" if parent_kind else "the plan"
            raise self.error((*path, "insert"), "overlay-insert-kind",
                             f"{where} has no list of '{kind}' items")
        item = op.get("item")
        if not isinstance(item, dict) or "id" not in item:
            raise self.error((*path, "item"), "overlay-insert-no-id", "the new item needs an 'id'")
        ref = format_ref([*parse_ref(parent_spec), (kind, str(item["id"]))] if parent_spec
                         else [(kind, str(item["id"]))])
        collection = container.setdefault(collection_field, [])
        if any(isinstance(i, dict) and i.get("id") == item["id"] for i in collection):
            raise self.error(
                (*path, "item", "id"), "overlay-insert-exists",
                f"insert of '{ref}', which already exists ({self.res.defined_at(ref)})",
                "use 'update' or 'replace' to change it, or give the new item another id",
            )
        self.claim((*path, "insert"), ref, "")
        position = self._position(path, op, collection, ref)
        new_item = copy_tree(item)
        collection.insert(position, new_item)
        self.res.removed.pop(ref, None)
        _record_item(self.res, ref, new_item, kind, self.doc, (*path, "item"), "insert",
                     self.layer_kind)
        self.change("insert", ref, "", (*path, "insert"), op.get("reason"), detail=_where(op))

    def _extend(self, path: tuple[str | int, ...], op: dict[str, Any], operation: str) -> None:
        ref = op[operation]
        field_name = op["field"]
        items, index = self.find((*path, operation), ref, operation)
        item = items[index]
        if field_name not in LIST_FIELDS or not isinstance(item.get(field_name, []), list):
            raise self.error(
                (*path, "field"), "overlay-field-not-list",
                f"'{field_name}' of {ref} is not a list, so nothing can be added to it",
                "use 'replace' to change a single value; lists are: "
                + ", ".join(sorted(LIST_FIELDS)),
            )
        self.claim((*path, "field"), ref, field_name)
        current = item.setdefault(field_name, [])
        new = copy_tree(list(op.get("items") or []))
        if field_name in ID_LISTS | ENTRY_LISTS:
            existing = {i.get("id") for i in current if is_item(field_name, i)}
            for number, entry in enumerate(new):
                entry_id = entry.get("id") if is_item(field_name, entry) else None
                if entry_id is not None and entry_id in existing:
                    raise self.error(
                        (*path, "items", number, "id"), "overlay-insert-exists",
                        f"{operation} of '{entry_id}' to {ref}, which already has it",
                        "give the new item another id",
                    )
                existing.add(entry_id)
        item[field_name] = current + new if operation == "append" else new + current
        self.res.provenance[f"{ref}#{field_name}"] = self.prov((*path, "items"), operation)
        self._record_children(ref, field_name, new, (*path, "items"), operation)
        self.change(operation, ref, field_name, (*path, operation), op.get("reason"),
                    detail=f"{len(new)} item(s)")

    def op_append(self, path: tuple[str | int, ...], op: dict[str, Any]) -> None:
        self._extend(path, op, "append")

    def op_prepend(self, path: tuple[str | int, ...], op: dict[str, Any]) -> None:
        self._extend(path, op, "prepend")

    def op_remove(self, path: tuple[str | int, ...], op: dict[str, Any]) -> None:
        ref = op["remove"]
        items, index = self.find((*path, "remove"), ref, "remove")
        self.claim((*path, "remove"), ref, "")
        del items[index]
        _forget(self.res, ref)
        self.res.removed[ref] = self.prov((*path, "remove"), "remove")
        self.change("remove", ref, "", (*path, "remove"), reason=op.get("reason"))

    def op_move(self, path: tuple[str | int, ...], op: dict[str, Any]) -> None:
        ref = op["move"]
        items, index = self.find((*path, "move"), ref, "move")
        anchor = op.get("before") or op.get("after")
        if anchor == ref:
            raise self.error((*path, "before" if "before" in op else "after"),
                             "overlay-move-self", f"{ref} cannot be moved next to itself")
        self.claim((*path, "move"), ref, "#position")
        # The anchor's index is taken with the item out of the list, where it will go in.
        item = items.pop(index)
        try:
            position = self._position(path, op, items, ref)
        except _Failed:
            items.insert(index, item)  # an unknown anchor leaves the list as it was
            raise
        items.insert(position, item)
        self.res.provenance[f"{ref}#position"] = self.prov((*path, "move"), "move")
        self.change("move", ref, "", (*path, "move"), op.get("reason"), detail=_where(op))


def _where(op: dict[str, Any]) -> str:
    for key in ("before", "after"):
        if key in op:
            return f"{key} {op[key]}"
    return f"at {op.get('at', 'end')}"


def apply_overlay(res: Resolution, doc: Document, layer_kind: str, layer_id: str) -> None:
    """Apply every operation of one overlay in order; failures become issues, never exceptions."""
    run = _OverlayRun(res, doc, f"{layer_kind}:{layer_id}", layer_kind)
    for index, operation in enumerate(doc.data.get("operations") or []):
        if not isinstance(operation, dict):
            continue
        try:
            run.apply(index, operation)
        except _Failed:
            continue
