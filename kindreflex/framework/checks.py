"""The semantic checks of a resolved plan: one list of check functions, each with its codes.

A check is a function of a `CheckedPlan` that yields `Issue`s with stable codes; `CHECKS`
lists them in the order they run. `CheckOptions(disabled={...})` switches codes off, so a
project (or a test of an unrelated rule) need not satisfy a policy check such as
claim-unsourced. A new check is a function and its line here, plus its codes in
docs/editors.md (docs/architecture.md has the recipe).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..errors import Issue
from .checked_plan import CheckedPlan, CheckOptions
from .claims import claim_reviews, claim_sources, claim_texts
from .contact_checks import callable_helplines, contact_details, someone_to_tell_instead
from .form_checks import forms_outdated, placeholder_forms
from .overlay import Resolution
from .reference_checks import duplicate_ids, reachability, references
from .text_checks import language_spans, one_line_texts, placeholder_targets, text_languages

__all__ = ["CHECKS", "Check", "CheckOptions", "check_resolution"]


@dataclass(frozen=True)
class Check:
    """One check: its function, and every code of the issues it may report."""

    run: Callable[[CheckedPlan], Iterable[Issue]]
    codes: tuple[str, ...]


CHECKS: tuple[Check, ...] = (
    Check(duplicate_ids, ("duplicate-id",)),
    Check(references, ("reference-unknown", "reference-removed", "decision-no-options")),
    Check(reachability, ("step-unreachable",)),
    Check(placeholder_targets, ("placeholder-unknown-kind", "placeholder-unresolved")),
    Check(placeholder_forms, ("form-missing", "form-not-allowed")),
    Check(forms_outdated, ("form-outdated",)),
    Check(text_languages, ("text-unknown-language",)),
    Check(language_spans, ("text-language-span",)),
    Check(one_line_texts, ("text-invisible-character",)),
    Check(contact_details, ("framework-region-unknown", "contact-no-source",
                            "contact-phone-invalid", "contact-stale")),
    Check(callable_helplines, ("contact-not-callable",)),
    Check(someone_to_tell_instead, ("role-no-alternative",)),
    Check(claim_sources, ("source-duplicate", "claim-source-unknown", "claim-target-unknown",
                          "source-unchecked")),
    Check(claim_texts, ("claim-unsourced",)),
    Check(claim_reviews, ("claim-review-due",)),
)


def check_codes() -> frozenset[str]:
    """Every code a check may report (and `CheckOptions.disabled` may name)."""
    return frozenset(code for check in CHECKS for code in check.codes)


def check_resolution(res: Resolution, options: CheckOptions | None = None) -> list[Issue]:
    """Every semantic issue of a resolved plan (errors and warnings), in the order of CHECKS."""
    options = options or CheckOptions()
    unknown = options.disabled - check_codes()
    if unknown:
        raise ValueError(f"no check reports {', '.join(sorted(unknown))}; known codes: "
                         + ", ".join(sorted(check_codes())))
    plan = CheckedPlan(res, options)
    issues: list[Issue] = []
    for check in CHECKS:
        if options.disabled.issuperset(check.codes):
            continue
        issues.extend(i for i in check.run(plan) if i.code not in options.disabled)
    return issues
