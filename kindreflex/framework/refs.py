"""References to items by id (`step:melden/action:bel`) and where items live in the data."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from .schema_facts import nested_lists, top_level_lists

# Which list holds which kind of item, as framework.schema.json defines them.
# Top-level item kinds and the list that holds them: {"role": "roles", …}.
TOP_LEVEL = {kind: entries.field for kind, entries in top_level_lists().items()}
# Nested item kinds: (parent kind, child kind) -> the parent's list field.
NESTED = {kinds: entries.field for kinds, entries in nested_lists().items()}
# List fields whose entries are items with ids (the others hold texts or id strings).
ID_LISTS = frozenset(entries.field for entries in nested_lists().values() if entries.with_ids)
# List fields of texts whose entries may be written `{id: …, text: …}` to be addressable.
ENTRY_LISTS = frozenset(entries.field for entries in nested_lists().values() if entries.of_texts)

Segment = tuple[str, str]


class RefError(Exception):
    """A reference that does not resolve; carries the closest existing references."""

    def __init__(self, message: str, suggestions: list[str], kind: str = "",
                 known: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions
        self.kind = kind  # the kind of item that was not found
        self.known = known  # the ids of that kind where it was looked for


def known_ids_hint(kind: str, ids: Iterable[str]) -> list[str]:
    """The hint for an id that does not exist when none is close: the ids there are."""
    listed = sorted(set(ids))
    return [f"known {kind} ids: " + ", ".join(listed)] if kind and listed else []


def parse_ref(ref: str) -> list[Segment]:
    """Split `step:a/action:b` into [("step", "a"), ("action", "b")]."""
    segments: list[Segment] = []
    for part in ref.split("/"):
        kind, _, item_id = part.partition(":")
        segments.append((kind, item_id))
    return segments


def format_ref(segments: list[Segment]) -> str:
    """Join segments back into `step:a/action:b`."""
    return "/".join(f"{kind}:{item_id}" for kind, item_id in segments)


def collection_name(parent_kind: str | None, kind: str) -> str | None:
    """The list field holding items of `kind` under `parent_kind` (None: top level)."""
    if parent_kind is None:
        return TOP_LEVEL.get(kind)
    return NESTED.get((parent_kind, kind))


def child_kinds(kind: str) -> dict[str, str]:
    """Nested kinds of an item kind: list field -> child kind."""
    return {field: child for (parent, child), field in NESTED.items() if parent == kind}


def is_item(field: str, entry: Any) -> bool:
    """True if `entry` of the list `field` is an item with an id (not a plain text)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str | int):
        return False
    # In a list of texts only the long form {id, text} is an item: a per-language mapping
    # such as {nl: …, id: …} (id is the code of Indonesian) is a text.
    return field not in ENTRY_LISTS or "text" in entry


def locate(data: dict[str, Any], segments: list[Segment]) -> tuple[list[Any], int]:
    """The list holding the referenced item and its index; RefError if it does not exist."""
    container: dict[str, Any] = data
    parent_kind: str | None = None
    for depth, (kind, item_id) in enumerate(segments):
        field = collection_name(parent_kind, kind)
        if field is None:
            where = f"a {parent_kind}" if parent_kind else "the plan"
            raise RefError(f"{where} has no items of kind '{kind}'",
                           _nested_suggestions(container, parent_kind, segments, depth))
        items = container.get(field) or []
        for index, item in enumerate(items):
            if is_item(field, item) and item.get("id") == item_id:
                if depth == len(segments) - 1:
                    return items, index
                container, parent_kind = item, kind
                break
        else:
            prefix = format_ref(segments[:depth])
            ids = [str(i.get("id")) for i in items if is_item(field, i)]
            close = difflib.get_close_matches(item_id, ids, n=3, cutoff=0.5)
            suggestions = [(prefix + "/" if prefix else "") + f"{kind}:{c}" for c in close]
            raise RefError(f"'{format_ref(segments[: depth + 1])}' does not exist", suggestions,
                           kind, tuple(sorted(ids)))
    raise RefError("empty reference", [])


def _nested_suggestions(container: dict[str, Any], parent_kind: str | None,
                        segments: list[Segment], depth: int) -> list[str]:
    """For a reference that skips or misnames a level (`step:a/option:b`, where options lie
    in decisions): the closest references to items of its last kind below the part that
    exists."""
    prefix = format_ref(segments[:depth])
    wanted = format_ref(segments)
    last_kind = segments[-1][0]
    below = [ref for ref, _item, kind, _path in
             item_refs(container, prefix + "/" if prefix else "", parent_kind)
             if kind == last_kind]
    return difflib.get_close_matches(wanted, below, n=3, cutoff=0.5)


def suggestions(data: dict[str, Any], ref: str) -> list[str]:
    """Hints for a reference to an item that does not exist: the closest existing
    references where it goes wrong, else the ids there are; none if it exists."""
    try:
        locate(data, parse_ref(ref))
    except RefError as problem:
        return [f"did you mean '{s}'?" for s in problem.suggestions] or \
            known_ids_hint(problem.kind, problem.known)
    return []


ItemEntry = tuple[str, dict[str, Any], str, tuple[str | int, ...]]


def item_refs(
    data: dict[str, Any],
    prefix: str = "",
    kind: str | None = None,
    path: tuple[str | int, ...] = (),
) -> list[ItemEntry]:
    """Every item below `data` as (ref, item, kind, path in the data), in document order."""
    found: list[ItemEntry] = []
    fields = {v: k for k, v in TOP_LEVEL.items()} if kind is None else child_kinds(kind)
    for field, child_kind in fields.items():
        items = data.get(field)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if is_item(field, item):
                ref = f"{prefix}{child_kind}:{item['id']}"
                item_path = (*path, field, index)
                found.append((ref, item, child_kind, item_path))
                found.extend(item_refs(item, ref + "/", child_kind, item_path))
    return found
