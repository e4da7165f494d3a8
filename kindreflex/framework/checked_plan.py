"""A resolved plan as the checks read it: its items, ids and texts, and issues where they stand."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..errors import Issue
from .grammar import term_parts
from .overlay import META_KEY, Resolution
from .refs import ENTRY_LISTS, ItemEntry, is_item, item_refs, known_ids_hint
from .schema_facts import text_fields

Text = tuple[str, str, str | None]  # (provenance key, raw text, its language or None)


@dataclass(frozen=True)
class CheckOptions:
    """Settings of the checks: the policy ones, and which issue codes are switched off."""

    max_contact_age_days: int = 365
    today: dt.date | None = None
    # Codes of `checks.CHECKS` not to report (and checks not to run whose codes all are).
    disabled: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # Written as a set by callers; kept frozen so the options stay hashable and shared.
        object.__setattr__(self, "disabled", frozenset(self.disabled))


class CheckedPlan:
    """The plan under check: every item with its ref, the ids of each kind, every text."""

    def __init__(self, res: Resolution, options: CheckOptions) -> None:
        self.res = res
        self.options = options
        self.entries: list[ItemEntry] = item_refs(res.data)
        self.ids: dict[str, set[str]] = {}
        for ref, _item, kind, _path in self.entries:
            if "/" not in ref:
                self.ids.setdefault(kind, set()).add(ref.split(":", 1)[1])

    def issue(self, key: str, code: str, message: str, *hints: str,
              severity: str = "error", cause: str = "") -> Issue:
        """An issue at the provenance of `key` (an item `step:x` or a field `step:x#who`);
        `cause` as `Issue.cause`."""
        prov = self.res.provenance.get(key) or self.res.provenance.get(key.split("#")[0])
        if prov is None:
            prov = next(iter(self.res.provenance.values()))
        return Issue(prov.file, prov.line, prov.column, code, message, hints, prov.pointer,
                     severity, cause)

    def missing(self, key: str, kind: str, target: str, what: str) -> Iterator[Issue]:
        """The issue of a reference to an item that does not exist (none if it exists)."""
        if target in self.ids.get(kind, set()):
            return
        ref = f"{kind}:{target}"
        cause = self.res.cause_of(ref)
        removal = self.res.removal_of(ref)
        if removal is not None:
            yield self.issue(
                key, "reference-removed",
                f"{what} refers to {ref}, which {removal[1]} removed",
                "remove this reference as well, or keep the item",
                *self.closest(kind, target, renamed=True), cause=cause,
            )
            return
        yield self.issue(key, "reference-unknown",
                         f"{what} refers to {kind} '{target}', which does not exist",
                         *self.closest(kind, target), cause=cause)

    def closest(self, kind: str, target: str, renamed: bool = False) -> list[str]:
        """Hints for an id of `kind` that does not exist: the closest ids, else all of them;
        with `renamed` (the item was removed), only close ids, with where each was defined
        (an overlay that removes an item and adds it under another id renamed it)."""
        known = self.ids.get(kind, set())
        close = difflib.get_close_matches(target, sorted(known), n=3)
        if renamed:
            return [f"did you mean '{kind}:{c}' ({self.res.defined_at(f'{kind}:{c}')})?"
                    for c in close]
        return [f"did you mean '{kind}:{c}'?" for c in close] or known_ids_hint(kind, known)

    @cached_property
    def texts(self) -> list[Text]:
        """Every text of the plan a reader sees, with where it was set and its language."""
        found: list[Text] = []
        framework_texts = text_fields(None)
        for key, value in self.res.data.items():
            if key == "terms" and isinstance(value, dict):
                for name, term in value.items():
                    found.extend(_strings(f"term:{name}", term_parts(term)[0]))
            elif key in framework_texts:
                found.extend(_strings(META_KEY + key, value))
        for ref, item, kind, _path in self.entries:
            readable = text_fields(kind)
            for name, value in item.items():
                if name in ENTRY_LISTS and isinstance(value, list):
                    for entry in value:
                        if is_item(name, entry):
                            continue  # an entry with an id is an item: its text comes there
                        text = entry.get("text") if isinstance(entry, dict) and "text" in entry \
                            else entry
                        found.extend(_strings(f"{ref}#{name}", text))
                elif name in readable:
                    found.extend(_strings(f"{ref}#{name}", value))
        return found


def as_list(value: Any) -> list[Any]:
    """The value if it is a list, else nothing (the schema check reports the wrong type)."""
    return value if isinstance(value, list) else []


def _strings(key: str, value: Any) -> Iterator[Text]:
    if isinstance(value, str):
        yield key, value, None
    elif isinstance(value, dict):
        for lang, text in value.items():
            if isinstance(text, str):
                yield key, text, str(lang)
    elif isinstance(value, list):
        for entry in value:
            yield from _strings(key, entry)
