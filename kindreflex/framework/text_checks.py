"""Checks of texts: every placeholder resolves, every text is in a declared language."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Issue
from .checked_plan import CheckedPlan
from .texts import PLACEHOLDER_KINDS, language_fallbacks, placeholders

# What each kind of placeholder names: {Role:x} and {role:x} a role, {phone:x} a contact, …
PLACEHOLDER_TARGETS = {
    "role": "role", "Role": "role", "contact": "contact", "Contact": "contact",
    "phone": "contact", "term": "term", "Term": "term", "param": "param",
}


def placeholder_targets(plan: CheckedPlan) -> Iterator[Issue]:
    """Placeholders of an unknown kind, or naming an id the plan does not have."""
    tables = {
        "role": plan.ids.get("role", set()),
        "contact": plan.ids.get("contact", set()),
        "term": set((plan.res.data.get("terms") or {}).keys()),
        "param": set((plan.res.data.get("params") or {}).keys()),
    }
    for key, text, _lang in plan.texts:
        for kind, target, _offset in placeholders(text):
            if kind not in PLACEHOLDER_KINDS:
                yield plan.issue(key, "placeholder-unknown-kind",
                                 f"the placeholder '{{{kind}:{target}}}' has an unknown kind",
                                 "use one of: " + ", ".join(PLACEHOLDER_KINDS))
            elif target not in tables[PLACEHOLDER_TARGETS[kind]]:
                yield plan.issue(key, "placeholder-unresolved",
                                 f"the placeholder '{{{kind}:{target}}}' does not resolve: there "
                                 f"is no {PLACEHOLDER_TARGETS[kind]} '{target}'",
                                 f"define {PLACEHOLDER_TARGETS[kind]} '{target}' or correct the id")


def text_languages(plan: CheckedPlan) -> Iterator[Issue]:
    """Texts in a language the framework does not declare."""
    declared = set(plan.res.data.get("languages") or [])
    # A text in 'nl' serves the declared 'nl-BE' and 'nl-NL' as well.
    usable = {tag for lang in declared for tag in language_fallbacks(str(lang))}
    for key, _text, lang in plan.texts:
        if lang is not None and lang not in usable:
            yield plan.issue(key, "text-unknown-language",
                             f"a text in language '{lang}', which the framework does not declare",
                             "declared languages: " + ", ".join(sorted(declared)))
