"""The overlay operations, one entry each: what it does, its schema, its words, its example.

`OPERATIONS` is the one table of operations. The overlay engine dispatches on it
(`apply_overlay`), the overlay schema is generated from it (`overlay_schema`), messages name
operations from it (`schema_places`), `diff` takes its marks from it (`editing.plan_report`)
and `new-sector` its commented examples (`editing.scaffold`). A new operation is a function
and an entry here, plus its section in docs/editors.md (docs/architecture.md has the recipe).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .overlay import OperationFailed, OverlayRun, Path_, Resolution, copy_tree, forget, record_item
from .overlay_schema import (
    FRAMEWORK_DEFS,
    PerKind,
    field_to_replace,
    fields_to_update,
    insertable,
    list_field_to,
    new_item,
)
from .refs import (
    ENTRY_LISTS,
    ID_LISTS,
    RefError,
    child_kinds,
    collection_name,
    format_ref,
    is_item,
    item_refs,
    locate,
    parse_ref,
)
from .schema_facts import item_list_fields
from .yaml_source import Document

Apply = Callable[[OverlayRun, Path_, dict[str, Any]], None]


@dataclass(frozen=True)
class Examples:
    """What `new-sector` offers an example: ids of the framework, texts in its languages."""

    roles: list[str]
    steps: list[str]  # steps without decisions: a step inserted after one stays reachable
    signals: list[str]
    principles: list[str]
    terms: list[str]
    # A flow mapping with one text per declared language: {nl: "…", en: "…"}; `sample` names
    # a word new-sector knows in several languages (club, coach), else the texts are "…".
    texts: Callable[[str], str]


@dataclass(frozen=True)
class Operation:
    """One kind of overlay operation (set, replace, …): everything about it, in one place."""

    name: str  # the key that starts it in an overlay file
    apply: Apply  # changes the resolution; records a Change and the Provenance it sets
    schema: dict[str, Any]  # its definition in the overlay schema: title, description, fields
    diff_mark: str  # `diff`: + added, ~ changed, = set, > moved, - removed
    diff_verb: str  # `diff`: "appended"
    diff_shows_value: bool  # `diff` shows the value before → after, else the change's detail
    # The check of its fields against the kind of item it names (generated per kind).
    per_kind: PerKind | None = None
    # Its commented example for `new-sector`, or None where the framework has nothing to name.
    example: Callable[[Examples], str | None] = field(default=lambda _examples: None)
    # The refs of the items it adds: when it fails, what refers to them is folded under its
    # error (one message per cause).
    makes: Callable[[dict[str, Any]], list[str]] = field(default=lambda _op: [])

    @property
    def title(self) -> str:
        """Its name in words: "Append operation"."""
        return str(self.schema["title"])


REASON = {
    "$ref": FRAMEWORK_DEFS + "localized_text",
    "description": "Why this sector, context or organisation makes this change (optional). "
                   "Shown in full by 'kindreflex diff' and by 'explain'.",
}
PLACE = {
    "before": {"$ref": FRAMEWORK_DEFS + "ref",
               "description": "Place it just before this item (a reference such as "
                              "step:noteren)."},
    "after": {"$ref": FRAMEWORK_DEFS + "ref",
              "description": "Place it just after this item (a reference such as step:noteren)."},
    "at": {"enum": ["start", "end"],
           "description": "Place it at the start or the end of the list."},
}
ONE_PLACE = [{"required": ["before"]}, {"required": ["after"]}, {"required": ["at"]}]
LIST_FIELD = {
    "type": "string",
    "maxLength": 64,
    "description": "The list field to add to: " + ", ".join(sorted(item_list_fields())[:-1])
                   + " or " + sorted(item_list_fields())[-1] + ".",
    "examples": ["do", "examples", "contacts"],
}
NEW_ITEMS = {
    "type": "array",
    "minItems": 1,
    "description": "The items to add, written as in the framework (texts, ids or whole items).",
}


def _target(verb: str) -> dict[str, Any]:
    return {"$ref": FRAMEWORK_DEFS + "ref",
            "description": f"The item to {verb}, by reference: kind:id, for example step:noteren "
                           "or step:noteren/action:foto."}


def _definition(title: str, description: str, properties: Mapping[str, Any],
                required: list[str], **more: Any) -> dict[str, Any]:
    return {"title": title, "description": description, "type": "object",
            "properties": dict(properties), "required": required,
            "additionalProperties": False, **more}


def _where(op: dict[str, Any]) -> str:
    for key in ("before", "after"):
        if key in op:
            return f"{key} {op[key]}"
    return f"at {op.get('at', 'end')}"


# --- set ---------------------------------------------------------------------------------


def apply_set(run: OverlayRun, path: Path_, op: dict[str, Any]) -> None:
    """Set params and terms: `set: {params: {…}, terms: {…}}`."""
    for group in ("params", "terms"):
        for name, value in (op["set"].get(group) or {}).items():
            key = f"{group[:-1]}:{name}"
            value_path = (*path, "set", group, name)
            run.claim(value_path, key, "")
            table = run.res.data.setdefault(group, {})
            existed = name in table
            table[name] = copy_tree(value)
            run.res.provenance[key] = run.prov(value_path, "set")
            run.change("set", key, "", value_path, op.get("reason"),
                       detail="changed" if existed else "added")


def example_set(ex: Examples) -> str | None:
    """`set` of the framework's first term."""
    if not ex.terms:
        return None
    return f"""\
#  - set:  # words used in texts as {{term:…}} and {{param:…}}
#      terms:
#        {ex.terms[0]}: {ex.texts("club")}
"""


# --- replace and update --------------------------------------------------------------------


def apply_replace(run: OverlayRun, path: Path_, op: dict[str, Any]) -> None:
    """Replace one field of an item."""
    ref = op["replace"]
    items, index = run.find((*path, "replace"), ref, "replace")
    run.set_field((*path, "value"), ref, items[index], op["field"], op.get("value"),
                  "replace", op.get("reason"))


def example_replace(ex: Examples) -> str | None:
    """`replace` of the name of the framework's first role."""
    if not ex.roles:
        return None
    return f"""\
#  - replace: role:{ex.roles[0]}  # one field of one item
#    field: name
#    value: {ex.texts("coach")}
#    reason: {ex.texts("")}  # optional on every operation; diff shows it
"""


def apply_update(run: OverlayRun, path: Path_, op: dict[str, Any]) -> None:
    """Change several fields of an item at once."""
    ref = op["update"]
    items, index = run.find((*path, "update"), ref, "update")
    for field_name, value in op["fields"].items():
        run.set_field((*path, "fields", field_name), ref, items[index], field_name, value,
                      "update", op.get("reason"))


def example_update(ex: Examples) -> str | None:
    """`update` of the goal of a step."""
    if not ex.steps:
        return None
    return f"""\
#  - update: step:{ex.steps[0]}  # several fields of one item
#    fields:
#      goal: {ex.texts("")}
"""


# --- insert, remove and move ---------------------------------------------------------------


def _inserted(op: dict[str, Any]) -> tuple[str, str] | None:
    """(kind, reference) of the item an `insert` adds, if it has an id."""
    parent_spec, _, kind = str(op.get("insert", "")).rpartition("/")
    kind = kind.split(":", 1)[0]
    item = op.get("item")
    if not isinstance(item, dict) or "id" not in item:
        return None
    segments = [*parse_ref(parent_spec), (kind, str(item["id"]))] if parent_spec \
        else [(kind, str(item["id"]))]
    return kind, format_ref(segments)


def made_by_insert(op: dict[str, Any]) -> list[str]:
    """The item an `insert` adds and the items nested in it."""
    inserted = _inserted(op)
    if inserted is None:
        return []
    kind, ref = inserted
    return [ref, *(nested for nested, *_ in item_refs(op["item"], ref + "/", kind))]


def apply_insert(run: OverlayRun, path: Path_, op: dict[str, Any]) -> None:
    """Add a new item to a list, before or after another item, or at its start or end."""
    spec = str(op["insert"])
    parent_spec, _, kind = spec.rpartition("/")
    container: dict[str, Any] = run.res.data
    parent_kind: str | None = None
    if parent_spec:
        items, index = run.find((*path, "insert"), parent_spec, "insert")
        container = items[index]
        parent_kind = parse_ref(parent_spec)[-1][0]
    kind = kind.split(":", 1)[0]
    collection_field = collection_name(parent_kind, kind)
    if collection_field is None:
        where = f"a {parent_kind}" if parent_kind else "the plan"
        raise run.error((*path, "insert"), "overlay-insert-kind",
                        f"{where} has no list of '{kind}' items")
    item = op.get("item")
    inserted = _inserted(op)
    if not isinstance(item, dict) or inserted is None:
        raise run.error((*path, "item"), "overlay-insert-no-id", "the new item needs an 'id'")
    ref = inserted[1]
    collection = container.setdefault(collection_field, [])
    if any(isinstance(i, dict) and i.get("id") == item["id"] for i in collection):
        raise run.error(
            (*path, "item", "id"), "overlay-insert-exists",
            f"insert of '{ref}', which already exists ({run.res.defined_at(ref)})",
            "use 'update' or 'replace' to change it, or give the new item another id",
        )
    run.claim((*path, "insert"), ref, "")
    position = run.position(path, op, collection, ref)
    new = copy_tree(item)
    collection.insert(position, new)
    run.res.removed.pop(ref, None)
    run.res.unmade.pop(ref, None)
    record_item(run.res, ref, new, kind, run.doc, (*path, "item"), "insert", run.layer_kind)
    run.change("insert", ref, "", (*path, "insert"), op.get("reason"), detail=_where(op))


def example_insert(ex: Examples) -> str | None:
    """`insert` of a step after a step without decisions (so it stays reachable)."""
    if not ex.steps:
        return None
    who = f"#      who: [{ex.roles[0]}]\n" if ex.roles else ""
    return f"""\
#  - insert: step  # a new item: before/after an id, or at: start | end
#    after: step:{ex.steps[0]}
#    item:
#      id: new-step
#      title: {ex.texts("")}
{who}"""


def apply_remove(run: OverlayRun, path: Path_, op: dict[str, Any]) -> None:
    """Remove an item (with a reason, which the schema requires)."""
    ref = op["remove"]
    items, index = run.find((*path, "remove"), ref, "remove")
    run.claim((*path, "remove"), ref, "")
    del items[index]
    forget(run.res, ref)
    run.res.removed[ref] = run.prov((*path, "remove"), "remove")
    run.change("remove", ref, "", (*path, "remove"), reason=op.get("reason"))


def example_remove(ex: Examples) -> str | None:
    """`remove` of the framework's last principle."""
    if not ex.principles:
        return None
    return f"""\
#  - remove: principle:{ex.principles[-1]}  # a reason is required; explain and diff show it
#    reason: {ex.texts("")}
"""


def apply_move(run: OverlayRun, path: Path_, op: dict[str, Any]) -> None:
    """Move an item before or after another item of its list, or to its start or end."""
    ref = op["move"]
    items, index = run.find((*path, "move"), ref, "move")
    anchor = op.get("before") or op.get("after")
    if anchor == ref:
        raise run.error((*path, "before" if "before" in op else "after"),
                        "overlay-move-self", f"{ref} cannot be moved next to itself")
    run.claim((*path, "move"), ref, "#position")
    # The anchor's index is taken with the item out of the list, where it will go in.
    item = items.pop(index)
    try:
        position = run.position(path, op, items, ref)
    except OperationFailed:
        items.insert(index, item)  # an unknown anchor leaves the list as it was
        raise
    items.insert(position, item)
    run.res.provenance[f"{ref}#position"] = run.prov((*path, "move"), "move")
    run.change("move", ref, "", (*path, "move"), op.get("reason"), detail=_where(op))


def example_move(ex: Examples) -> str | None:
    """`move` of the framework's last signal to the front."""
    if not ex.signals:
        return None
    return f"""\
#  - move: signal:{ex.signals[-1]}  # before/after another item of the same list, or at:
#    at: start
"""


# --- append and prepend --------------------------------------------------------------------


def _extend(run: OverlayRun, path: Path_, op: dict[str, Any], operation: str) -> None:
    ref = op[operation]
    field_name = op["field"]
    items, index = run.find((*path, operation), ref, operation)
    item = items[index]
    lists = item_list_fields()
    if field_name not in lists or not isinstance(item.get(field_name, []), list):
        raise run.error(
            (*path, "field"), "overlay-field-not-list",
            f"'{field_name}' of {ref} is not a list, so nothing can be added to it",
            "use 'replace' to change a single value; lists are: " + ", ".join(sorted(lists)),
        )
    run.claim((*path, "field"), ref, field_name)
    current = item.setdefault(field_name, [])
    new = copy_tree(list(op.get("items") or []))
    if field_name in ID_LISTS | ENTRY_LISTS:
        existing = {i.get("id") for i in current if is_item(field_name, i)}
        for number, entry in enumerate(new):
            entry_id = entry.get("id") if is_item(field_name, entry) else None
            if entry_id is not None and entry_id in existing:
                raise run.error(
                    (*path, "items", number, "id"), "overlay-insert-exists",
                    f"{operation} of '{entry_id}' to {ref}, which already has it",
                    "give the new item another id",
                )
            existing.add(entry_id)
    item[field_name] = current + new if operation == "append" else new + current
    run.res.provenance[f"{ref}#{field_name}"] = run.prov((*path, "items"), operation)
    run.record_children(ref, field_name, new, (*path, "items"), operation)
    run.change(operation, ref, field_name, (*path, operation), op.get("reason"),
               detail=f"{len(new)} item(s)")


def _made_by_extend(operation: str) -> Callable[[dict[str, Any]], list[str]]:
    """The items with ids an `append` or `prepend` adds (and those nested in them)."""
    def made(op: dict[str, Any]) -> list[str]:
        target, field_name = str(op.get(operation, "")), str(op.get("field", ""))
        kind = child_kinds(parse_ref(target)[-1][0]).get(field_name)
        refs: list[str] = []
        entries = (op.get("items") or []) if kind else []
        for entry in entries:
            if is_item(field_name, entry):
                ref = f"{target}/{kind}:{entry['id']}"
                refs += [ref, *(nested for nested, *_ in item_refs(entry, ref + "/", kind))]
        return refs

    return made


def apply_append(run: OverlayRun, path: Path_, op: dict[str, Any]) -> None:
    """Add items at the end of a list field of an item."""
    _extend(run, path, op, "append")


def example_append(ex: Examples) -> str | None:
    """`append` of two texts (one with an id) to a step's do list."""
    if not ex.steps:
        return None
    return f"""\
#  - append: step:{ex.steps[0]}  # add to a list: actions, do, dont, contacts, examples, …
#    field: do
#    items:
#      - {ex.texts("")}
#      - {{id: new-tip, text: {ex.texts("")}}}  # with an id, overlays can address it
"""


def apply_prepend(run: OverlayRun, path: Path_, op: dict[str, Any]) -> None:
    """Add items at the start of a list field of an item."""
    _extend(run, path, op, "prepend")


def example_prepend(ex: Examples) -> str | None:
    """`prepend` of an example to the framework's first signal."""
    if not ex.signals:
        return None
    return f"""\
#  - prepend: signal:{ex.signals[0]}  # the same, at the front of the list
#    field: examples
#    items:
#      - {ex.texts("")}
"""


_ADDED_ITEMS_NOTE = ("The kind of each added item depends on the field; the overlay engine "
                     "checks it on the resolved plan.")

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "set", apply_set,
        _definition("Set operation",
                    "Set parameters and terms, used in texts as {param:ID} and {term:ID}.", {
                        "set": {
                            "type": "object", "minProperties": 1, "additionalProperties": False,
                            "description": "The params and terms to set.",
                            "properties": {
                                "params": {"$ref": FRAMEWORK_DEFS + "params",
                                           "description": "Named plain values to set, used in "
                                                          "texts as {param:ID}."},
                                "terms": {"$ref": FRAMEWORK_DEFS + "terms",
                                          "description": "Named words to set, used in texts "
                                                         "as {term:ID}."}}},
                        "reason": REASON},
                    ["set"]),
        "=", "set", diff_shows_value=True, example=example_set),
    Operation(
        "replace", apply_replace,
        _definition("Replace operation", "Replace one field of an item.", {
            "replace": _target("change"),
            "field": {"type": "string", "maxLength": 64,
                      "description": "The name of the field to replace, for example name, "
                                     "title or goal."},
            "value": {"description": "The new value of the field (a text, a list, true/false, "
                                     "… as the field needs)."},
            "reason": REASON}, ["replace", "field", "value"]),
        "~", "changed", diff_shows_value=True, per_kind=PerKind(field_to_replace),
        example=example_replace),
    Operation(
        "update", apply_update,
        _definition("Update operation", "Change several fields of an item at once.", {
            "update": _target("change"),
            "fields": {"type": "object", "minProperties": 1,
                       "description": "The fields to change, each with its new value."},
            "reason": REASON}, ["update", "fields"]),
        "~", "changed", diff_shows_value=True, per_kind=PerKind(fields_to_update),
        example=example_update),
    Operation(
        "insert", apply_insert,
        _definition(
            "Insert operation",
            "Add a new item before or after another one, or at the start or end of the list.", {
                "insert": {
                    "type": "string",
                    "description": insertable(),
                    "maxLength": 300,
                    "examples": ["step", "step:noteren/action", "step:noteren/do",
                                 "route:medewerker/step"]},
                **PLACE,
                "item": {"type": "object",
                         "description": "The new item, with its id and fields, written as in "
                                        "the framework."},
                "reason": REASON},
            ["insert", "item"], oneOf=ONE_PLACE,
            **{"$comment": "The item is checked against the framework's definition of its "
                           "kind through if/then on the 'insert' value, so editors get "
                           "completion and the same errors as in the framework."}),
        "+", "added", diff_shows_value=False, per_kind=PerKind(new_item, new_item=True),
        example=example_insert, makes=made_by_insert),
    Operation(
        "append", apply_append,
        _definition("Append operation", "Add items at the end of a list field of an item.", {
            "append": _target("append to"), "field": LIST_FIELD, "items": NEW_ITEMS,
            "reason": REASON}, ["append", "field", "items"],
            **{"$comment": _ADDED_ITEMS_NOTE}),
        "+", "appended", diff_shows_value=False, per_kind=PerKind(list_field_to("append")),
        example=example_append, makes=_made_by_extend("append")),
    Operation(
        "prepend", apply_prepend,
        _definition("Prepend operation", "Add items at the start of a list field of an item.", {
            "prepend": _target("prepend to"), "field": LIST_FIELD, "items": NEW_ITEMS,
            "reason": REASON}, ["prepend", "field", "items"],
            **{"$comment": _ADDED_ITEMS_NOTE}),
        "+", "prepended", diff_shows_value=False, per_kind=PerKind(list_field_to("prepend")),
        example=example_prepend, makes=_made_by_extend("prepend")),
    Operation(
        "remove", apply_remove,
        _definition("Remove operation",
                    "Remove an item. A reason is required; explain and diff show it.", {
                        "remove": _target("remove"),
                        "reason": {"$ref": FRAMEWORK_DEFS + "localized_text",
                                   "description": "Why the item is removed in this sector or "
                                                  "context. Shown in full by 'kindreflex diff' "
                                                  "and by 'explain'."}},
                    ["remove", "reason"]),
        "-", "removed", diff_shows_value=False, example=example_remove),
    Operation(
        "move", apply_move,
        _definition("Move operation",
                    "Move an item before or after another one, or to the start or end of its "
                    "list.", {"move": _target("move"), **PLACE, "reason": REASON},
                    ["move"], oneOf=ONE_PLACE),
        ">", "moved", diff_shows_value=False, example=example_move),
)
OPERATION_NAMES = tuple(operation.name for operation in OPERATIONS)
_BY_NAME = {operation.name: operation for operation in OPERATIONS}


def operation_named(name: str) -> Operation:
    """The entry of the operation `name` (KeyError if there is none)."""
    return _BY_NAME[name]


def operation_in(mapping: Mapping[str, Any]) -> Operation | None:
    """The operation a mapping of an overlay's `operations` list starts, if it names one."""
    return next((op for op in OPERATIONS if op.name in mapping), None)


def apply_overlay(res: Resolution, doc: Document, layer_kind: str, layer_id: str) -> None:
    """Apply every operation of one overlay in order; failures become issues, never exceptions."""
    run = OverlayRun(res, doc, f"{layer_kind}:{layer_id}", layer_kind)
    for index, mapping in enumerate(doc.data.get("operations") or []):
        if not isinstance(mapping, dict):
            continue
        path: Path_ = ("operations", index)
        operation = operation_in(mapping)
        try:
            if operation is None:
                raise run.error(path, "overlay-operation-unknown",
                                "this operation has no known kind",
                                "start it with one of: " + ", ".join(OPERATION_NAMES))
            operation.apply(run, path, mapping)
        except OperationFailed as failed:
            if operation is None:
                continue
            # What it would have added is missing because of this error, not of a typo.
            cause = failed.issue.cause or failed.issue.place()
            for ref in operation.makes(mapping):
                if not _exists(res, ref):
                    res.unmade[ref] = cause


def _exists(res: Resolution, ref: str) -> bool:
    try:
        locate(res.data, parse_ref(ref))
    except RefError:
        return False
    return True
