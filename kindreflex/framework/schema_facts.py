"""What framework.schema.json says about a plan's items, read once: kinds, texts and lists.

The schema is the one place where a field or a kind of item is defined. References (`refs`),
the overlay engine, the checks, the claims, the messages and the reports ask here which fields
hold texts and which lists hold items, so a new field or kind of item is written in the schema
only (docs/architecture.md, "a new field or kind of item"). Items are walked (explain,
provenance, checks) in the order the schema lists their lists, nested items before texts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from .schema_files import schema_file

# The two definitions whose meaning the code knows: a text people read (plain, or one per
# language), and an entry of a list of texts (a text, or {id, text, condition}).
TEXT = "localized_text"
LIST_TEXT = "text_entry"
_LOCAL = "#/$defs/"
_FRAMEWORK = "framework.schema.json#/$defs/"

RefPath = tuple[str, ...]  # the kinds of a reference: ("step", "decision") for step:a/decision:b


@dataclass(frozen=True)
class ItemList:
    """A list field whose entries are items (mappings), or texts of which some may be items."""

    field: str  # "actions"
    kind: str  # "action": what references call an entry (step:x/action:y)
    definition: str  # "action": the definition of an entry in the schema's $defs
    words: str  # "action", "route step": what messages call an entry
    with_ids: bool  # every entry is an item with an id
    of_texts: bool  # the entries are texts; one written {id: …, text: …} is an item

    @property
    def addressable(self) -> bool:
        """References can name its entries (step:x/do:y); sources and claims they cannot."""
        return self.with_ids or self.of_texts


@dataclass(frozen=True)
class Kind:
    """The fields of one definition of the schema (of the framework itself: definition '')."""

    definition: str
    words: str
    fields: tuple[str, ...]
    texts: tuple[str, ...]  # fields that hold one text
    lists: tuple[str, ...]  # every field that holds a list
    items: Mapping[str, ItemList]  # the lists of items and of texts, by field

    @property
    def text_lists(self) -> tuple[str, ...]:
        """The fields that hold a list of texts (do, dont, examples)."""
        return tuple(name for name, entries in self.items.items() if entries.of_texts)


def definition_name(node: Any) -> str | None:
    """The framework definition a schema node refers to (`step` for `#/$defs/step`), if any."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    if isinstance(ref, str):
        for prefix in (_LOCAL, _FRAMEWORK):
            if ref.startswith(prefix):
                return ref[len(prefix):]
    return None


def reference_kind(field: str) -> str:
    """What references call an entry of the list `field`: its name in the singular."""
    return field[:-1] if field.endswith("s") else field


def _words(definition: str) -> str:
    defs = schema_file("framework")["$defs"]
    return str(defs[definition].get("title", definition)).lower()


def _entries(field: str, schema: Mapping[str, Any]) -> ItemList | None:
    """What the list `field` holds, if its entries are items or texts."""
    definition = definition_name(schema.get("items"))
    defs = schema_file("framework")["$defs"]
    if definition == LIST_TEXT:
        long_form = definition_name(defs[LIST_TEXT].get("then"))
        assert long_form is not None, f"{LIST_TEXT} names its long form in 'then'"
        return ItemList(field, reference_kind(field), long_form, _words(long_form),
                        with_ids=False, of_texts=True)
    if definition is None or definition not in defs or defs[definition].get("type") != "object":
        return None
    with_ids = "id" in defs[definition].get("required", ())
    return ItemList(field, reference_kind(field), definition, _words(definition),
                    with_ids=with_ids, of_texts=False)


def describe(properties: Mapping[str, Any], definition: str = "", words: str = "") -> Kind:
    """The texts and lists of a `properties` mapping whose references point into the framework."""
    texts = tuple(name for name, schema in properties.items() if definition_name(schema) == TEXT)
    lists = tuple(name for name, schema in properties.items()
                  if isinstance(schema, dict) and schema.get("type") == "array")
    items = {name: entries for name in lists
             if (entries := _entries(name, properties[name])) is not None}
    return Kind(definition, words, tuple(properties), texts, lists, items)


@cache
def framework_kind() -> Kind:
    """The framework file's own fields."""
    return describe(schema_file("framework")["properties"], "", "framework")


@cache
def kind_of(definition: str) -> Kind:
    """The fields of the definition `definition` (step, route_step, …)."""
    schema = schema_file("framework")["$defs"][definition]
    return describe(schema.get("properties", {}), definition, _words(definition))


def _walk(kind: Kind, path: RefPath) -> Iterator[tuple[RefPath, Kind, ItemList]]:
    # An item's nested items come before its texts with ids (actions and decisions, then do).
    for entries in sorted(kind.items.values(), key=lambda entries: entries.of_texts):
        if entries.addressable:
            here = (*path, entries.kind)
            yield here, kind, entries
            yield from _walk(kind_of(entries.definition), here)


@cache
def addressable() -> tuple[tuple[RefPath, Kind, ItemList], ...]:
    """Every kind of item a reference can name, in schema order, with the kind that holds it:
    ((role,), framework, roles), …, ((step, action), step, actions), …"""
    return tuple(_walk(framework_kind(), ()))


@cache
def top_level_lists() -> dict[str, ItemList]:
    """The framework's lists of addressable items, by the kind of their entries."""
    return {path[0]: entries for path, _owner, entries in addressable() if len(path) == 1}


@cache
def nested_lists() -> dict[tuple[str, str], ItemList]:
    """The lists of addressable items inside items, by (kind of the owner, kind of entry).

    Route steps are `step`s in references, so ("step", "decision") holds for both."""
    found: dict[tuple[str, str], ItemList] = {}
    for path, _owner, entries in addressable():
        if len(path) > 1:
            known = found.setdefault((path[-2], path[-1]), entries)
            assert known.field == entries.field, f"{path}: two lists of one kind"
    return found


@cache
def kinds_named(kind: str) -> tuple[Kind, ...]:
    """The definitions references call `kind` (`step`: a step and a route step)."""
    found = {entries.definition: None for path, _owner, entries in addressable()
             if path[-1] == kind}
    return tuple(kind_of(definition) for definition in found)


@cache
def text_fields(kind: str | None) -> frozenset[str]:
    """The fields that hold one text, of the framework (None) or of items of a reference kind."""
    kinds = [framework_kind()] if kind is None else kinds_named(kind)
    return frozenset(name for k in kinds for name in k.texts)


@cache
def item_list_fields() -> frozenset[str]:
    """Every field of an item that holds a list (what `append` and `prepend` may extend)."""
    return frozenset(name for _path, _owner, entries in addressable()
                     for name in kind_of(entries.definition).lists)


@cache
def text_field_names() -> frozenset[str]:
    """Every field name that holds one text, in the framework or any of its items."""
    kinds = [framework_kind(), *(kind_of(name) for name in schema_file("framework")["$defs"])]
    return frozenset(name for kind in kinds for name in kind.texts)


@cache
def mapping_lists() -> tuple[tuple[str, ItemList], ...]:
    """Every list of mappings (items, sources, claims) with the words for its owner:
    ("framework", roles), ("step", actions), ("route step", decisions), …"""
    defs = schema_file("framework")["$defs"]
    kinds = [framework_kind(), *(kind_of(name) for name in defs)]
    return tuple((kind.words, entries) for kind in kinds for entries in kind.items.values()
                 if not entries.of_texts)
