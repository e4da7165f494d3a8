"""Checks of texts: every placeholder resolves, every text is in a declared language, words
marked as another language are marked well, one-line texts hold nothing invisible."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Issue
from .checked_plan import CheckedPlan
from .org_params import same_param
from .overlay import META_KEY, Resolution
from .texts import (
    PLACEHOLDER_KINDS,
    invisible_characters,
    language_fallbacks,
    language_span_problems,
    placeholders,
)
from .yaml_source import Document

# The texts that are one line (what a heading, a link or the PDF's properties show), in words.
ONE_LINE = {"title": "title", "subtitle": "subtitle", "name": "name", "label": "label",
            "publisher": "publisher", "url": "web address", "email": "e-mail address",
            "term": "term", "param": "param"}
# An overlay's own texts, beside its operations.
LAYER_TEXTS = ("title", "name", "description")
# What each kind of placeholder names: {Role:x} and {role:x} a role, {phone:x} a contact, …
PLACEHOLDER_TARGETS = {
    "role": "role", "Role": "role", "contact": "contact", "Contact": "contact",
    "phone": "contact", "term": "term", "Term": "term", "param": "param",
}


def placeholder_targets(plan: CheckedPlan) -> Iterator[Issue]:
    """Placeholders of an unknown kind, or naming an id the plan does not have."""
    params = {name for key in (plan.res.data.get("params") or {}) for name in same_param(key)}
    tables = {
        "role": plan.ids.get("role", set()),
        "contact": plan.ids.get("contact", set()),
        "term": set((plan.res.data.get("terms") or {}).keys()),
        "param": params,
    }
    for key, text, _lang in plan.texts:
        for kind, target, _form, _offset in placeholders(text):
            if kind not in PLACEHOLDER_KINDS:
                yield plan.issue(key, "placeholder-unknown-kind",
                                 f"the placeholder '{{{kind}:{target}}}' has an unknown kind",
                                 "use one of: " + ", ".join(PLACEHOLDER_KINDS))
            elif target not in tables[PLACEHOLDER_TARGETS[kind]]:
                yield _unresolved(plan, key, kind, target)


def _unresolved(plan: CheckedPlan, key: str, kind: str, target: str) -> Issue:
    """The issue of a placeholder naming an id the plan does not have: removed by an overlay
    (named), not made because an operation failed (folded under it), or a typo."""
    what = PLACEHOLDER_TARGETS[kind]
    ref = f"{what}:{target}"
    message = f"the placeholder '{{{kind}:{target}}}' does not resolve"
    removal = plan.res.removal_of(ref)
    if removal is not None:
        return plan.issue(key, "placeholder-unresolved",
                          f"{message}: {removal[1]} removed {removal[0]}",
                          "change this text as well, or keep the item",
                          *plan.closest(what, target, renamed=True),
                          cause=plan.res.cause_of(ref))
    hints = plan.closest(what, target) if what in ("role", "contact") else []
    return plan.issue(key, "placeholder-unresolved", f"{message}: there is no {what} '{target}'",
                      *hints, f"define {what} '{target}' or correct the id",
                      cause=plan.res.cause_of(ref))


def text_languages(plan: CheckedPlan) -> Iterator[Issue]:
    """Texts in a language the framework does not declare, an overlay's own texts included."""
    declared = set(plan.res.data.get("languages") or [])
    # A text in 'nl' serves the declared 'nl-BE' and 'nl-NL' as well.
    usable = {tag for lang in declared for tag in language_fallbacks(str(lang))}
    message = "a text in language '{}', which the framework does not declare"
    hint = "declared languages: " + ", ".join(sorted(declared))
    for key, _text, lang in plan.texts:
        if lang is not None and lang not in usable:
            yield plan.issue(key, "text-unknown-language", message.format(lang), hint)
    for doc, path, _text in layer_texts(plan.res):
        if len(path) == 2 and path[1] not in usable:
            yield layer_issue(doc, path, "text-unknown-language", message.format(path[1]), hint,
                              key=True)


def language_spans(plan: CheckedPlan) -> Iterator[Issue]:
    """Words marked as another language (`[Vlaams Meldpunt]{lang=nl}`) whose mark follows no
    words in brackets or names no language tag: the page would print the mark as it is."""
    hint = ("write the words in square brackets and their language tag right after them: "
            "[Vlaams Meldpunt]{lang=nl}")
    for key, text, _lang in plan.texts:
        for problem in language_span_problems(text):
            yield plan.issue(key, "text-language-span", problem, hint)
    for doc, path, text in layer_texts(plan.res):
        for problem in language_span_problems(text):
            yield layer_issue(doc, path, "text-language-span", problem, hint)


def one_line_texts(plan: CheckedPlan) -> Iterator[Issue]:
    """One-line texts (titles, names, labels, addresses, terms) holding an invisible direction
    or zero-width character, which turns or hides what they show; ids are kept to their
    letters by the schema."""
    def found(text: str, field_name: str) -> tuple[str, str] | None:
        invisible = invisible_characters(text)
        if not invisible:
            return None
        return ("text-invisible-character", f"the {ONE_LINE[field_name]} contains the "
                f"invisible character {invisible[0]}")

    hint = ("remove it: a one-line text never needs it, and it changes what readers, "
            "terminals and the PDF's document properties show")
    data = plan.res.data
    places = [(META_KEY + name, name, data.get(name)) for name in ONE_LINE]
    places += [(f"{ref}#{name}", name, item.get(name))
               for ref, item, _kind, _path in plan.entries for name in ONE_LINE]
    # Terms and params end up inside other texts, titles too.
    for group in ("terms", "params"):
        values = data.get(group)
        places += [(f"{group[:-1]}:{name}", group[:-1], value)
                   for name, value in (values.items() if isinstance(values, dict) else ())]
    for key, field_name, value in places:
        texts = [value] if isinstance(value, str) else \
            list(value.values()) if isinstance(value, dict) else []
        problem = next((p for t in texts if isinstance(t, str) and (p := found(t, field_name))),
                       None)
        if problem:
            yield plan.issue(key, *problem, hint)
    for doc, path, text in layer_texts(plan.res):
        if path[0] in ONE_LINE and (problem := found(text, str(path[0]))):
            yield layer_issue(doc, path, *problem, hint)


def layer_texts(res: Resolution) -> Iterator[tuple[Document, tuple[str, ...], str]]:
    """(document, path, text) of the texts of the overlays' own fields (title, name,
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


def layer_issue(doc: Document, path: tuple[str, ...], code: str, message: str, *hints: str,
                key: bool = False) -> Issue:
    """An issue in an overlay's own fields, at the value (or with `key`, its language key)."""
    line, column = doc.position(path, key=key)
    return Issue(doc.file, line, column, code, message, hints, "/" + "/".join(path))
