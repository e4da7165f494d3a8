"""The overlay schema made whole: the hand-written file plus the definitions of the operations.

`schemas/overlay.schema.json` holds what is written by hand: the overlay's own fields. Each
operation's definition (`$defs/op_<name>`) comes from its entry in `operations.OPERATIONS`,
and `$defs/operation` accepts exactly one of them. Where an operation's fields depend on the
kind of item it names (`replace: step:x` has the fields of a step), a chain of if/then
branches, one per kind of item, is generated from framework.schema.json (`schema_facts`): a
new field, kind or operation needs no edit here. `kindreflex schema` writes the whole schema.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .schema_facts import ItemList, addressable, describe
from .schema_files import schema_file

if TYPE_CHECKING:
    from .operations import Operation

FRAMEWORK_DEFS = "framework.schema.json#/$defs/"
ID = "[a-z0-9-]+"
SID = "[a-z0-9]+(-[a-z0-9]+)*"
# Unlike '$', this end also refuses a trailing newline in Python's `re.search`.
END = "(?![\\s\\S])"


@dataclass(frozen=True)
class PerKind:
    """The part of an operation's schema that depends on the kind of item its value names."""

    then: Callable[[ItemList], dict[str, Any]]  # the check for one kind of item
    # The value names the list a new item goes into (`insert: step:x/action`), not an item.
    new_item: bool = False


def _framework_refs(node: Any) -> Any:
    """`#/$defs/x` of the framework as seen from the overlay schema."""
    if isinstance(node, dict):
        return {k: ("framework.schema.json" + v if k == "$ref" and v.startswith("#/")
                    else _framework_refs(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_framework_refs(v) for v in node]
    return node


def _fields(entries: ItemList) -> list[tuple[str, Any]]:
    """The fields an operation may set on an item of this kind (all but its id)."""
    properties = schema_file("framework")["$defs"][entries.definition]["properties"]
    return [(name, schema) for name, schema in properties.items() if name != "id"]


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeio" else "a"


def field_to_replace(entries: ItemList) -> dict[str, Any]:
    """`field` is one of the fields of the kind of item named."""
    return {"properties": {"field": {
        "enum": [name for name, _ in _fields(entries)],
        "description": f"The field of the {entries.words} to replace."}}}


def fields_to_update(entries: ItemList) -> dict[str, Any]:
    """`fields` holds fields of the kind of item named, each as the framework defines it."""
    return {"properties": {"fields": {
        "description": f"The fields of the {entries.words} to change, each with its new value.",
        "properties": {name: _framework_refs(schema) for name, schema in _fields(entries)},
        "additionalProperties": False}}}


def list_field_to(verb: str) -> Callable[[ItemList], dict[str, Any]]:
    """`field` is one of the list fields of the kind of item named."""
    def then(entries: ItemList) -> dict[str, Any]:
        names = [name for name, schema in _fields(entries) if schema.get("type") == "array"]
        words = entries.words
        description = (f"The list field of the {words} to {verb} to." if names else
                       f"{_article(words).capitalize()} {words} has no list field to "
                       f"{verb} to.")
        return {"properties": {"field": {"enum": names, "description": description}}}
    return then


def new_item(entries: ItemList) -> dict[str, Any]:
    """`item` is written as the framework defines the kind of item inserted."""
    return {"properties": {"item": {
        "$ref": FRAMEWORK_DEFS + entries.definition,
        "description": f"The new {entries.words}, with its id and fields, written as in the "
                       "framework."}}}


def _target_pattern(path: tuple[str, ...], new_item: bool) -> str:
    """`^step:ID/action:ID$` for a target; `^step:ID/action$` for where an item is inserted."""
    if new_item:
        return "^" + "".join(f"{kind}:{SID}/" for kind in path[:-1]) + path[-1] + "$"
    return "^" + "/".join(f"{kind}:{ID}" for kind in path) + "$"


def _if_chain(branches: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """`if A then X else if B then Y …`: of exclusive conditions only the true one's `then`
    applies, and the validators stop looking at the first that holds."""
    chain: dict[str, Any] | None = None
    for condition, then in reversed(branches):
        branch = {"if": condition, "then": then}
        chain = branch if chain is None else {**branch, "else": chain}
    assert chain is not None, "an if/then chain needs a branch"
    return chain


def _per_kind_chain(key: str, per_kind: PerKind) -> dict[str, Any]:
    """One branch per kind of item a reference names, on the pattern of the operation's `key`."""
    return _if_chain([
        ({"properties": {key: {"pattern": _target_pattern(path, per_kind.new_item)}},
          "required": [key]}, per_kind.then(entries))
        for path, _owner, entries in addressable()])


def insert_pattern() -> str:
    """What an `insert` value may be: a top-level kind, or a nested list of a named item."""
    patterns = [_target_pattern(path, True)[1:-1] for path, _owner, _entries in addressable()]
    return "^(" + "|".join(patterns) + ")" + END


def insertable() -> str:
    """In words, what an `insert` value may name."""
    top = [path[0] for path, _owner, _entries in addressable() if len(path) == 1]
    nested = [_target_pattern(path, True)[1:-1].replace(SID, "ID")
              for path, _owner, _entries in addressable() if len(path) > 1]
    return (f"The kind of the new item: {', '.join(top[:-1])} or {top[-1]}; or a nested list "
            f"such as {', '.join(nested)}.")


def _operation_definition(operation: Operation) -> dict[str, Any]:
    definition = copy.deepcopy(operation.schema)
    if operation.per_kind is not None:
        definition["allOf"] = [_per_kind_chain(operation.name, operation.per_kind)]
        if operation.per_kind.new_item:
            definition["properties"][operation.name]["pattern"] = insert_pattern()
    return definition


def _choice(operations: Sequence[Operation]) -> dict[str, Any]:
    """`$defs/operation`: exactly one operation key, checked by that operation's definition."""
    names = [op.name for op in operations]
    listed = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
    return {
        "title": "Operation",
        "description": f"One change to the framework. Each operation does exactly one thing: "
                       f"{listed}. Items are addressed by id, never by position.",
        "type": "object",
        "properties": {op.name: {"description": f"{op.schema['title']}: "
                                                f"{op.schema['description']}"}
                       for op in operations},
        "oneOf": [{"required": [name]} for name in names],
        "allOf": [_if_chain([({"required": [name]}, {"$ref": f"#/$defs/op_{name}"})
                             for name in names])],
        "$comment": "oneOf: exactly one of the operation keys (set, replace, …) is present; "
                    "allOf/if/then: the fields of that operation are checked by its own "
                    "definition. Only the branch of the key present is evaluated, which keeps "
                    "validation fast and error messages about that operation only.",
    }


def whole_overlay_schema(written: dict[str, Any],
                         operations: Sequence[Operation]) -> dict[str, Any]:
    """The overlay schema: the hand-written part with every operation's definition added."""
    schema = copy.deepcopy(written)
    definitions = schema.setdefault("$defs", {})
    for operation in operations:
        definitions[f"op_{operation.name}"] = _operation_definition(operation)
    definitions["operation"] = _choice(operations)
    return schema


def overlay_text_fields(operations: Sequence[Operation]) -> frozenset[str]:
    """The fields of an overlay (and of its operations) that hold one text: title, reason, …"""
    kinds = [describe(schema_file("overlay")["properties"]),
             *(describe(op.schema.get("properties", {})) for op in operations)]
    return frozenset(name for kind in kinds for name in kind.texts)
