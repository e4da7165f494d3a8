"""Names for places in a framework or overlay document: "'who' in step 'melden'"."""

from __future__ import annotations

from typing import Any

from .operations import operation_in
from .schema import Path_
from .schema_facts import addressable, describe, mapping_lists
from .schema_files import schema_file
from .schema_words import article


def _item_kinds() -> dict[tuple[str, str], str]:
    """Which kind of item a list holds, by (kind of its owner, list field), in words."""
    kinds = {(owner, entries.field): entries.words for owner, entries in mapping_lists()}
    overlay = describe(schema_file("overlay")["properties"], "", "overlay")
    kinds.update({("overlay", entries.field): entries.words for entries in overlay.items.values()
                  if not entries.of_texts})
    kinds[("overlay", "operations")] = "operation"  # defined by the registry of operations
    return kinds


ITEM_KINDS = _item_kinds()
# The kind of item a list inside an item holds, by its field (what `append` adds to it).
NESTED_KINDS = {entries.field: entries.words for owner, entries in mapping_lists()
                if owner != "framework"}
# The kind of item an `insert` adds, by the kinds its value names ("step:x/action": action).
INSERTED_KINDS = {path: entries.words for path, _owner, entries in addressable()
                  if not entries.of_texts}


def value_at(data: Any, path: Path_) -> Any:
    """The value at `path` in plain data, or None if there is none."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


class DocumentPlaces:
    """Names the things in one document by their kind and id, for messages."""

    def __init__(self, document: Any, name: str) -> None:
        self.document = document
        self.name = name

    def at(self, path: Path_) -> Any:
        return value_at(self.document, path)

    def kind(self, path: Path_) -> str | None:
        """The kind of thing at `path` (step, action, operation, …), if it is one."""
        if not path:
            return self.name
        last = path[-1]
        if isinstance(last, int) and len(path) >= 2 and isinstance(path[-2], str):
            owner = self.kind(path[:-2])
            if owner == "operation" and path[-2] == "items":
                return self._appended_kind(path[:-2])
            return ITEM_KINDS.get((owner or "", path[-2]))
        if last == "item" and self.kind(path[:-1]) == "operation":
            insert = self.at((*path[:-1], "insert"))
            if isinstance(insert, str):
                kinds = tuple(part.split(":", 1)[0] for part in insert.split("/"))
                if kinds in INSERTED_KINDS:
                    return INSERTED_KINDS[kinds]
                return insert if "/" not in insert else None
        return None

    def _appended_kind(self, op_path: Path_) -> str | None:
        field = self.at((*op_path, "field"))
        return NESTED_KINDS.get(field) if isinstance(field, str) else None

    def operation(self, path: Path_) -> str | None:
        node = self.at(path)
        if isinstance(node, dict):
            operation = operation_in(node)
            return operation.name if operation else None
        return None

    def where(self, path: Path_) -> str:
        """A name for the thing at `path`: "step 'melden'", "'title' of step 'melden'"."""
        if not path:
            if self.name == "framework":
                return "the framework"
            kind = self.at(("kind",))
            if kind == "organisation":
                return "the organisation layer"
            return f"the {kind} overlay" if kind in ("sector", "context") else "the overlay"
        kind = self.kind(path)
        node = self.at(path)
        last = path[-1]
        if kind == "operation":
            op = self.operation(path)
            if op is None:
                return f"operation {int(last) + 1}"
            value = node[op]
            return (
                f"the '{op}: {value}' operation"
                if isinstance(value, str)
                else f"the '{op}' operation"
            )
        if kind is not None:
            owner = self.owner(path[:-1])
            if last == "item":
                name = f"the new {kind}"
            elif isinstance(node, dict) and isinstance(node.get("id"), str):
                name = f"{kind} '{node['id']}'"
            else:
                name = f"{kind} {int(last) + 1}" if isinstance(last, int) else kind
            return f"{name} of {owner}" if owner else name
        if isinstance(last, int):
            return f"item {last + 1} of {self.where(path[:-1])}"
        parent_kind = self.kind(path[:-1])
        if parent_kind == "operation" and last == "fields":
            return f"the fields of {self.where(path[:-1])}"
        return f"'{last}' of {self.where(path[:-1])}"

    def owner(self, path: Path_) -> str | None:
        """The nearest named item or operation above `path`, if any (not the file itself)."""
        for end in range(len(path), 0, -1):
            if self.kind(path[:end]) is not None:
                return self.where(path[:end])
        return None

    def field(self, path: Path_) -> str:
        """A name for the value at `path`: "'who' in step 'melden'"."""
        if not path:
            return "the file"
        if self.kind(path) is not None:
            return self.where(path)
        last = path[-1]
        if isinstance(last, int):
            return f"item {last + 1} of {self.field(path[:-1])}"
        return f"'{last}' in {self.where(path[:-1])}"

    def subject(self, path: Path_) -> str:
        """Like `where`, but "a step" rather than "step 3" when the item has no id yet."""
        kind = self.kind(path)
        node = self.at(path)
        if (
            kind not in (None, "operation", self.name)
            and path
            and isinstance(path[-1], int)
            and not (isinstance(node, dict) and isinstance(node.get("id"), str))
        ):
            owner = self.owner(path[:-1])
            name = f"{article(kind or '')} {kind}"
            return f"{name} of {owner}" if owner else name
        return self.where(path)
