"""Semantic checks on a resolved plan: ids, references, flow, placeholders, contacts."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import Issue
from .claims import check_claims
from .loader import Document
from .overlay import META_KEY, Resolution
from .phones import DEFAULT_REGION, is_known_region, is_valid_phone, phone_hint
from .refs import ENTRY_LISTS, TOP_LEVEL, is_item, item_refs, known_ids_hint
from .texts import PLACEHOLDER_KINDS, invisible_characters, language_fallbacks, placeholders

# The texts that are one line (what a heading, a link or the PDF's properties show), in words.
SINGLE_LINE = {"title": "title", "subtitle": "subtitle", "name": "name", "label": "label",
               "publisher": "publisher", "url": "web address", "email": "e-mail address",
               "term": "term", "param": "param"}
# An overlay's own texts, beside its operations.
LAYER_TEXTS = ("title", "name", "description")
PLACEHOLDER_TARGETS = {
    "role": "role", "Role": "role", "contact": "contact", "Contact": "contact",
    "phone": "contact", "term": "term", "Term": "term", "param": "param",
}


@dataclass(frozen=True)
class CheckOptions:
    """Settings of the checks that are policy rather than correctness."""

    max_contact_age_days: int = 365
    today: dt.date | None = None


class _Checker:
    def __init__(self, res: Resolution, options: CheckOptions) -> None:
        self.res = res
        self.options = options
        self.issues: list[Issue] = []
        self.broken_options = False
        self.entries = item_refs(res.data)
        self.ids: dict[str, set[str]] = {}
        for ref, _item, kind, _path in self.entries:
            if "/" not in ref:
                self.ids.setdefault(kind, set()).add(ref.split(":", 1)[1])

    def at(self, key: str, code: str, message: str, *hints: str,
           severity: str = "error") -> None:
        prov = self.res.provenance.get(key) or self.res.provenance.get(key.split("#")[0])
        if prov is None:
            prov = next(iter(self.res.provenance.values()))
        self.issues.append(
            Issue(prov.file, prov.line, prov.column, code, message, hints, prov.pointer,
                  severity)
        )

    def where(self, key: str) -> str:
        prov = self.res.provenance.get(key)
        return f"{prov.file}:{prov.line}" if prov else "?"

    # --- ids and references ---------------------------------------------------------------

    def duplicate_ids(self) -> None:
        seen: dict[str, tuple[str | int, ...]] = {}
        for ref, _item, _kind, path in self.entries:
            if ref in seen:
                # Provenance is recorded in document order, so it points at the later duplicate.
                prov = self.res.provenance[ref]
                self.issues.append(Issue(
                    prov.file, prov.line, prov.column, "duplicate-id",
                    f"the id '{ref}' is used twice in the same list",
                    ("ids must be unique within their list",), prov.pointer,
                ))
            seen[ref] = path

    def reference(self, key: str, kind: str, target: str, what: str) -> bool:
        """Report a reference to a missing item; True if the target exists."""
        if target in self.ids.get(kind, set()):
            return True
        removed = self.res.removed.get(f"{kind}:{target}")
        if removed is not None:
            self.at(
                key, "reference-removed",
                f"{what} refers to {kind}:{target}, which {removed.file}:{removed.line} removed",
                "remove this reference as well, or keep the item",
            )
            return False
        close = difflib.get_close_matches(target, sorted(self.ids.get(kind, set())), n=3)
        hints = [f"did you mean '{kind}:{c}'?" for c in close] or \
            known_ids_hint(kind, self.ids.get(kind, set()))
        self.at(key, "reference-unknown",
                f"{what} refers to {kind} '{target}', which does not exist",
                *hints)
        return False

    def references(self) -> None:
        reader = self.res.data.get("reader_role")
        if isinstance(reader, str):
            self.reference(META_KEY + "reader_role", "role", reader, "the reader role")
        for ref, item, kind, _path in self.entries:
            self.conditions(ref, item)
            if kind == "step":  # steps of the plan and steps of routes
                for role in _list(item.get("who")):
                    self.reference(f"{ref}#who", "role", str(role), f"{ref} (who)")
                for contact in _list(item.get("contacts")):
                    self.reference(f"{ref}#contacts", "contact", str(contact), f"{ref} (contacts)")
            if kind == "option":
                to = str(item.get("to", ""))
                if to in ("end", "next"):
                    continue
                target_kind, _, target_id = to.partition(":")
                known = target_kind in ("step", "route", "contact")
                if known and not self.reference(f"{ref}#to", target_kind, target_id,
                                                f"{ref} (to)"):
                    self.broken_options = True
            if kind == "decision" and not item.get("options"):
                self.at(ref, "decision-no-options", f"decision '{ref}' has no options",
                        "add at least two options, each with a 'to'")

    def conditions(self, ref: str, item: dict[str, Any]) -> None:
        """The conditions an item and its plain list texts name exist."""
        if isinstance(item.get("condition"), str):
            self.reference(f"{ref}#condition", "condition", item["condition"],
                           f"{ref} (condition)")
        for field_name in ENTRY_LISTS:
            for entry in _list(item.get(field_name)):
                # Entries with an id are items of their own and checked as such.
                if (isinstance(entry, dict) and isinstance(entry.get("condition"), str)
                        and not is_item(field_name, entry)):
                    self.reference(f"{ref}#{field_name}", "condition", entry["condition"],
                                   f"{ref} ({field_name})")

    # --- flow ------------------------------------------------------------------------------

    def reachability(self) -> None:
        if self.broken_options:
            return  # a broken option already explains why steps are not reached
        steps = [s for s in self.res.data.get("steps") or [] if isinstance(s, dict)]
        if not steps:
            return
        order = [str(s.get("id")) for s in steps]
        successors: dict[str, set[str]] = {}
        for index, step in enumerate(steps):
            nexts: set[str] = set()
            decisions = step.get("decisions") or []
            falls_through = not decisions
            for decision in decisions:
                for option in decision.get("options") or []:
                    to = str(option.get("to", ""))
                    if to == "next":
                        falls_through = True
                    elif to.startswith("step:"):
                        nexts.add(to[5:])
            if falls_through and index + 1 < len(order):
                nexts.add(order[index + 1])
            successors[order[index]] = nexts
        reached = {order[0]}
        frontier = [order[0]]
        while frontier:
            for nxt in successors.get(frontier.pop(), set()):
                if nxt not in reached:
                    reached.add(nxt)
                    frontier.append(nxt)
        for step_id in order:
            if step_id not in reached:
                self.at(
                    f"step:{step_id}", "step-unreachable",
                    f"step '{step_id}' cannot be reached from the first step",
                    "a step with decisions only leads where its options lead: add an option "
                    f"with 'to: step:{step_id}' or 'to: next' to a step before it",
                )

    # --- texts -----------------------------------------------------------------------------

    def texts(self) -> Iterator[tuple[str, str, str | None]]:
        """(provenance key, raw text, language) for every text in the plan."""
        data = self.res.data
        for key, value in data.items():
            if key in TOP_LEVEL.values() or key in ("params", "id", "version", "date", "sources",
                                                    "languages", "kind", "url", "region", "claims",
                                                    "claim_words", "reader_role"):
                continue
            if key == "terms" and isinstance(value, dict):
                for name, term in value.items():
                    yield from _strings(f"term:{name}", term)
            else:
                yield from _strings(META_KEY + key, value)
        for ref, item, _kind, _path in self.entries:
            for name, value in item.items():
                if name in ("id", "to", "who", "contacts", "audience", "languages", "phone", "url",
                            "email", "last_checked", "source", "urgent", "acute", "lines", "number",
                            "condition"):
                    continue
                if name in ("actions", "decisions", "options", "steps", "fields"):
                    continue
                if name in ENTRY_LISTS and isinstance(value, list):
                    for entry in value:
                        if is_item(name, entry):
                            continue  # an entry with an id is an item: its text comes there
                        text = entry.get("text") if isinstance(entry, dict) and "text" in entry \
                            else entry
                        yield from _strings(f"{ref}#{name}", text)
                    continue
                yield from _strings(f"{ref}#{name}", value)

    def placeholders(self) -> None:
        tables = {
            "role": self.ids.get("role", set()),
            "contact": self.ids.get("contact", set()),
            "term": set((self.res.data.get("terms") or {}).keys()),
            "param": set((self.res.data.get("params") or {}).keys()),
        }
        for key, text, _lang in self.texts():
            for kind, target, _offset in placeholders(text):
                if kind not in PLACEHOLDER_KINDS:
                    self.at(key, "placeholder-unknown-kind",
                            f"the placeholder '{{{kind}:{target}}}' has an unknown kind",
                            "use one of: " + ", ".join(PLACEHOLDER_KINDS))
                elif target not in tables[PLACEHOLDER_TARGETS[kind]]:
                    self.at(key, "placeholder-unresolved",
                            f"the placeholder '{{{kind}:{target}}}' does not resolve: there is no "
                            f"{PLACEHOLDER_TARGETS[kind]} '{target}'",
                            f"define {PLACEHOLDER_TARGETS[kind]} '{target}' or correct the id")

    def languages(self) -> None:
        declared = set(self.res.data.get("languages") or [])
        # A text in 'nl' serves the declared 'nl-BE' and 'nl-NL' as well.
        usable = {tag for lang in declared for tag in language_fallbacks(str(lang))}
        message = "a text in language '{}', which the framework does not declare"
        hint = "declared languages: " + ", ".join(sorted(declared))
        for key, _text, lang in self.texts():
            if lang is not None and lang not in usable:
                self.at(key, "text-unknown-language", message.format(lang), hint)
        for doc, path, _text in _layer_texts(self.res):
            if len(path) == 2 and path[1] not in usable:
                self.at_layer(doc, path, "text-unknown-language", message.format(path[1]), hint,
                              key=True)

    def single_line(self) -> None:
        """The one-line texts (titles, names, labels, addresses) hold nothing invisible that
        turns or hides what they show; ids are kept to their letters by the schema."""
        def found(text: str, field_name: str) -> tuple[str, str] | None:
            invisible = invisible_characters(text)
            if not invisible:
                return None
            return ("text-invisible-character", f"the {SINGLE_LINE[field_name]} contains the "
                    f"invisible character {invisible[0]}")

        hint = ("remove it: a one-line text never needs it, and it changes what readers, "
                "terminals and the PDF's document properties show")
        places = [(META_KEY + name, name, self.res.data.get(name)) for name in SINGLE_LINE]
        places += [(f"{ref}#{name}", name, item.get(name))
                   for ref, item, _kind, _path in self.entries for name in SINGLE_LINE]
        # Terms and params end up inside other texts, titles too.
        for group in ("terms", "params"):
            values = self.res.data.get(group)
            places += [(f"{group[:-1]}:{name}", group[:-1], value)
                       for name, value in (values.items() if isinstance(values, dict) else ())]
        for key, field_name, value in places:
            for _key, text, _lang in _strings(key, value):
                if problem := found(text, field_name):
                    self.at(key, *problem, hint)
                    break
        for doc, path, text in _layer_texts(self.res):
            if path[0] in SINGLE_LINE and (problem := found(text, str(path[0]))):
                self.at_layer(doc, path, *problem, hint)

    def at_layer(self, doc: Document, path: tuple[str, ...], code: str, message: str,
                 *hints: str, key: bool = False) -> None:
        """An issue in an overlay's own fields (its title, name or description), at the value
        (or with `key`, at its language key)."""
        line, column = doc.position(path, key=key)
        self.issues.append(Issue(doc.file, line, column, code, message, hints,
                                 "/" + "/".join(path)))

    # --- contacts (warnings) ---------------------------------------------------------------

    @property
    def region(self) -> str:
        return str(self.res.data.get("region") or DEFAULT_REGION)

    def known_region(self) -> bool:
        """The framework's region has a numbering plan (phone numbers can be checked)."""
        if is_known_region(self.region):
            return True
        self.at(META_KEY + "region", "framework-region-unknown",
                f"'{self.region}' is not a region whose phone numbers are known",
                "use the two-letter country code (ISO 3166-1 alpha-2) in capitals, for "
                "example BE, NL, FR, DE or GB")
        return False

    def contacts(self) -> None:
        today = self.options.today or dt.date.today()
        check_phones = self.known_region()
        for contact in self.res.data.get("contacts") or []:
            ref = f"contact:{contact.get('id')}"
            if not contact.get("source"):
                self.at(ref, "contact-no-source", f"contact '{contact.get('id')}' has no source",
                        "add 'source:' with the page where its details were checked",
                        severity="warning")
            phone = contact.get("phone")
            if check_phones and phone is not None and not is_valid_phone(str(phone), self.region):
                self.at(f"{ref}#phone", "contact-phone-invalid",
                        f"the phone number '{phone}' of contact '{contact.get('id')}' is not "
                        f"a valid number (region {self.region})",
                        phone_hint(self.region), severity="warning")
            checked = contact.get("last_checked")
            if checked is None:
                continue
            try:
                checked_on = dt.date.fromisoformat(str(checked))
            except ValueError:
                continue
            age = (today - checked_on).days
            if age > self.options.max_contact_age_days:
                self.at(f"{ref}#last_checked", "contact-stale",
                        f"contact '{contact.get('id')}' was last checked {age} days ago "
                        f"(more than {self.options.max_contact_age_days})",
                        "check its number and hours against the source, then update 'last_checked'",
                        severity="warning")


def _list(value: Any) -> list[Any]:
    """The value if it is a list, else nothing (the schema check reports the wrong type)."""
    return value if isinstance(value, list) else []


def _layer_texts(res: Resolution) -> Iterator[tuple[Document, tuple[str, ...], str]]:
    """(document, path, text) of every text of the overlays' own fields (title, name,
    description), in each language they give."""
    for layer in res.layers:
        doc = getattr(layer, "doc", None)
        if doc is None or not isinstance(doc.data, dict) or \
                getattr(layer, "kind", None) not in ("sector", "context"):
            continue
        for field_name in LAYER_TEXTS:
            value = doc.data.get(field_name)
            if isinstance(value, str):
                yield doc, (field_name,), value
            elif isinstance(value, dict):
                for lang, text in value.items():
                    if isinstance(text, str):
                        yield doc, (field_name, str(lang)), text


def _strings(key: str, value: Any) -> Iterator[tuple[str, str, str | None]]:
    if isinstance(value, str):
        yield key, value, None
    elif isinstance(value, dict):
        for lang, text in value.items():
            if isinstance(text, str):
                yield key, text, str(lang)
    elif isinstance(value, list):
        for entry in value:
            yield from _strings(key, entry)


def check_resolution(res: Resolution, options: CheckOptions | None = None) -> list[Issue]:
    """Every semantic issue of a resolved plan (errors and warnings)."""
    checker = _Checker(res, options or CheckOptions())
    checker.duplicate_ids()
    checker.references()
    checker.reachability()
    checker.placeholders()
    checker.languages()
    checker.single_line()
    checker.contacts()
    return checker.issues + check_claims(res)
