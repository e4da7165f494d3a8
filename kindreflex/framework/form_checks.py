"""Checks of the forms of names: a form a text asks for is declared, and a name an overlay
changes gets new forms with it (docs/format.md, "Forms of names")."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import Issue
from .checked_plan import CheckedPlan, as_list
from .grammar import Forms, declared_forms, form_of, term_parts
from .model import Provenance
from .text_checks import PLACEHOLDER_TARGETS
from .texts import language_fallbacks, placeholders

# The kinds of item whose name has grammatical forms (`{role:x|dat}`).
NAMED_KINDS = ("role", "contact", "term")


def name_forms(data: Mapping[str, Any]) -> dict[str, dict[str, Forms]]:
    """The declared forms of every name, by kind and id: {"role": {"opiekun": {...}}}."""
    found: dict[str, dict[str, Forms]] = {kind: {} for kind in NAMED_KINDS}
    for kind, field in (("role", "roles"), ("contact", "contacts")):
        for item in as_list(data.get(field)):
            if isinstance(item, dict) and "id" in item:
                forms = item.get("forms")
                found[kind][str(item["id"])] = forms if isinstance(forms, dict) else {}
    for name, value in (data.get("terms") or {}).items():
        found["term"][str(name)] = term_parts(value)[1]
    return found


def placeholder_forms(plan: CheckedPlan) -> Iterator[Issue]:
    """Placeholders that ask for a form the name does not declare in the text's language."""
    declared = [str(lang) for lang in as_list(plan.res.data.get("languages"))]
    default = declared[0] if declared else "nl"
    forms = name_forms(plan.res.data)
    for key, text, lang in plan.texts:
        # A text in `pl` serves the declared `pl-PL`: the form must be there for its readers.
        readers = [d for d in declared if (lang or default) in language_fallbacks(d)] \
            or [lang or default]
        for kind, target, form, _offset in placeholders(text):
            named = PLACEHOLDER_TARGETS.get(kind)
            if form is None or named is None:
                continue
            written = f"{{{kind}:{target}|{form}}}"
            if kind.lower() not in NAMED_KINDS:
                yield plan.issue(key, "form-not-allowed",
                                 f"the placeholder '{written}' asks for a form, but only the "
                                 "names of roles, contacts and terms have forms",
                                 f"write '{{{kind}:{target}}}'")
                continue
            if target not in forms[named]:
                continue  # placeholder-unresolved says so
            for reader in readers:
                if form_of(forms[named][target], reader, form) is None:
                    known = declared_forms(forms[named][target], reader)
                    yield plan.issue(
                        key, "form-missing",
                        f"the placeholder '{written}' asks for the form '{form}' of {named} "
                        f"'{target}' in {reader}, which it does not declare",
                        f"add it to the {named}: forms: {{{reader.split('-')[0]}: {{{form}: …}}}}",
                        "declared forms: " + (", ".join(known) if known else "none"))
                    break


LAYER_ORDER = ("framework", "sector", "context", "organisation")


def _operation_index(prov: Provenance) -> int:
    """The index of the operation that set a value (`/operations/3/…` is 3; -1 for none)."""
    parts = prov.pointer.strip("/").split("/")
    return int(parts[1]) if len(parts) > 1 and parts[0] == "operations" \
        and parts[1].isdigit() else -1


def forms_outdated(plan: CheckedPlan) -> Iterator[Issue]:
    """Names an overlay changed while their forms stay those of the name before."""
    for ref, item, kind, _path in plan.entries:
        if kind not in ("role", "contact") or not item.get("forms"):
            continue
        name = plan.res.provenance.get(f"{ref}#name")
        forms = plan.res.provenance.get(f"{ref}#forms")
        if name is None or forms is None:
            continue
        rank = {layer: index for index, layer in enumerate(LAYER_ORDER)}
        later = rank.get(name.layer, 0) > rank.get(forms.layer, 0) or (
            name.file == forms.file and _operation_index(name) > _operation_index(forms))
        if later:
            yield plan.issue(
                f"{ref}#name", "form-outdated",
                f"the name of {ref} was changed here, but its forms are still those of the name "
                f"before ({forms.file}:{forms.line})",
                f"change both in one operation: update: {ref} with fields: {{name: …, forms: …}}")
