"""The claims register: every layer's sources and claims, merged into the plan and checked.

A *source* is a document with an id, a URL and the date someone checked it; a *claim* says
which item states a fact (a legal reference, a duty, a number or a name) and which source
supports it. The framework's `claim_words` mark texts that look like legal references or
duties: such a text without a claim on its item (or an ancestor) gets a warning, so
`validate --strict` fails on an unsourced legal reference or duty. A claim or source that
states something known to expire carries `review_by`: after that date it gets a warning too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import Issue
from .checked_plan import CheckedPlan
from .model import Provenance
from .overlay import META_KEY, Resolution, copy_tree
from .refs import ENTRY_LISTS, suggestions
from .schema_facts import text_fields
from .texts import language_fallbacks
from .yaml_source import Document

LISTS = ("sources", "claims")
DESCRIPTION = "description"
# A legal claim also covers the duty a rule imposes; a duty claim does not cite a law.
COVERS = {"legal": {"legal"}, "duty": {"legal", "duty"}}
KINDS = ("legal", "duty")
# Framework texts that play the part of an overlay's description.
FRAMEWORK_META = ("title", "subtitle", "status")


def entry_key(list_name: str, index: int) -> str:
    """The provenance key of one source or claim of the merged plan."""
    return f"{META_KEY}{list_name}/{index}"


def record_framework(res: Resolution, doc: Document) -> None:
    """Provenance for every source and claim the framework itself defines."""
    for list_name in LISTS:
        for index, _entry in enumerate(res.data.get(list_name) or []):
            res.provenance[entry_key(list_name, index)] = _prov(doc, (list_name, index),
                                                                "framework", "framework")


def merge_layer(res: Resolution, doc: Document, layer_kind: str) -> None:
    """Append an overlay's sources and claims to the plan, each with its provenance."""
    for list_name in LISTS:
        entries = doc.data.get(list_name)
        if not isinstance(entries, list) or not entries:
            continue
        merged = res.data.setdefault(list_name, [])
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                merged.append(copy_tree(entry))
                res.provenance[entry_key(list_name, len(merged) - 1)] = _prov(
                    doc, (list_name, index), layer_kind, list_name)


def _prov(doc: Document, path: tuple[str | int, ...], layer: str,
          operation: str = "claims") -> Provenance:
    line, column = doc.position(path)
    pointer = "/" + "/".join(str(part) for part in path)
    return Provenance(doc.file, line, column, operation, layer, pointer)


def _issue(prov: Provenance | None, code: str, message: str, *hints: str,
           severity: str = "error", cause: str = "") -> Issue:
    if prov is None:
        prov = Provenance("frameworks", 1, 1, "claims")
    return Issue(prov.file, prov.line, prov.column, code, message, hints, prov.pointer, severity,
                 cause)


# Link targets and bare web addresses are not text a reader takes as a claim.
URLS = re.compile(r"\]\([^)]*\)|https?://\S+")


def _strings(value: Any, default: str = "") -> Iterator[tuple[str, str]]:
    """(language, text) of every text in a value (a plain text is in `default`)."""
    if isinstance(value, str):
        yield default, URLS.sub("]", value)
    elif isinstance(value, dict):
        if "text" in value and not isinstance(value.get("text"), (int, float)):
            yield from _strings(value["text"], default)  # a list text {id, text, condition}
            return
        yield from ((str(lang), URLS.sub("]", text)) for lang, text in value.items()
                    if isinstance(text, str))
    elif isinstance(value, list):
        for entry in value:
            yield from _strings(entry, default)


# A claim word: letters and spaces, '*' standing for any letters (a stem or a compound).
def word_regex(word: str) -> str:
    """The regular expression of one claim word: `verplicht*` matches `verplichtingen`,
    `*decreet` matches `Jeugddecreet`, `must report` any spacing of the two words."""
    body = r"\w*".join(re.escape(part) for part in word.strip().split("*"))
    return body.replace(r"\ ", r"\s+")


@dataclass(frozen=True)
class WordPattern:
    """The claim words of one kind (legal or duty) for some languages (None: every one)."""

    kind: str
    pattern: re.Pattern[str]
    language: str | None = None

    def applies(self, lang: str) -> bool:
        """True if it checks texts in `lang` (a section for `pl` serves `pl-PL`)."""
        return self.language is None or self.language in language_fallbacks(lang)


def word_patterns(data: dict[str, Any]) -> list[WordPattern]:
    """The framework's claim words, compiled: one pattern per kind, for every language and for
    each language section."""
    words = data.get("claim_words") or {}
    sections: list[tuple[str | None, Any]] = [(None, words)]
    sections += [(str(lang), section) for lang, section in words.items()
                 if lang not in KINDS and isinstance(section, dict)]
    patterns = []
    for language, section in sections:
        for kind in KINDS:
            listed = sorted({str(w) for w in section.get(kind) or [] if str(w).strip(" *")},
                            key=len, reverse=True)
            if listed:
                alternatives = "|".join(word_regex(w) for w in listed)
                patterns.append(WordPattern(kind, re.compile(
                    rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE), language))
    return patterns


class _ClaimCheck:
    def __init__(self, plan: CheckedPlan) -> None:
        self.res = plan.res
        self.issues: list[Issue] = []
        self.sources: dict[str, int] = {}
        self.entries = plan.entries
        self.items = {ref: item for ref, item, _kind, _path in plan.entries}
        self.claims = [c for c in self.res.data.get("claims") or [] if isinstance(c, dict)]
        languages = self.res.data.get("languages") or ["nl"]
        self.default = str(languages[0])  # the language of a plain text

    def prov(self, key: str) -> Provenance | None:
        return self.res.provenance.get(key)

    def check_sources(self) -> None:
        for index, source in enumerate(self.res.data.get("sources") or []):
            source_id = source.get("id") if isinstance(source, dict) else None
            if source_id is None:
                continue
            if source_id in self.sources:
                first = self.prov(entry_key("sources", self.sources[source_id]))
                where = f"{first.file}:{first.line}" if first else "?"
                self.issues.append(_issue(
                    self.prov(entry_key("sources", index)), "source-duplicate",
                    f"the source id '{source_id}' is used twice (first at {where})",
                    "give each source its own id, or point the claims at the existing one"))
                continue
            self.sources[str(source_id)] = index

    def check_claims(self) -> None:
        cited: set[str] = set()
        for index, claim in enumerate(self.claims):
            key = entry_key("claims", index)
            source = str(claim.get("source", ""))
            if source not in self.sources:
                close = difflib.get_close_matches(source, sorted(self.sources), n=3)
                self.issues.append(_issue(
                    self.prov(key), "claim-source-unknown",
                    f"the claim about '{claim.get('about')}' cites the source '{source}', "
                    "which no 'sources:' list defines",
                    *([f"did you mean '{c}'?" for c in close]
                      or ["add it under 'sources:' with an id, title, url and checked date"])))
            else:
                cited.add(source)
            self.check_target(str(claim.get("about", "")), key)
        for source_id in sorted(cited):
            index = self.sources[source_id]
            source = self.res.data["sources"][index]
            missing = [f for f in ("url", "checked") if not source.get(f)]
            if missing:
                self.issues.append(_issue(
                    self.prov(entry_key("sources", index)), "source-unchecked",
                    f"the source '{source_id}' has no {' and no '.join(missing)}",
                    "give the web address and the date you checked what it says "
                    "(checked: YYYY-MM-DD)", severity="warning"))

    def check_target(self, about: str, key: str) -> None:
        if about == DESCRIPTION or about in self.items:
            return
        if self.res.removal_of(about) is not None:
            return  # an overlay removed the item: its claim no longer applies
        self.issues.append(_issue(
            self.prov(key), "claim-target-unknown",
            f"the claim is about '{about}', which does not exist in this plan",
            *(suggestions(self.res.data, about)
              or ["write a reference such as step:melden, or 'description'"]),
            cause=self.res.cause_of(about)))

    def covered(self, ref: str, kind: str, layer_file: str | None = None) -> bool:
        kinds = COVERS[kind]
        for index, claim in enumerate(self.claims):
            if claim.get("kind") not in kinds:
                continue
            about = str(claim.get("about", ""))
            if about == DESCRIPTION:
                prov = self.prov(entry_key("claims", index))
                if ref == DESCRIPTION and prov is not None and prov.file == layer_file:
                    return True
            elif ref == about or ref.startswith(about + "/"):
                return True
        return False

    def check_texts(self) -> None:
        patterns = word_patterns(self.res.data)
        if not patterns:
            return
        for ref, item, kind, _path in self.entries:
            readable = text_fields(kind) | ENTRY_LISTS
            for name, value in item.items():
                if name not in readable:
                    continue
                self.check_text(patterns, ref, _strings(value, self.default), f"{ref}#{name}",
                                f"the {name} of {ref}")
        framework = self.prov(META_KEY + "id")
        framework_file = framework.file if framework else None
        for name in FRAMEWORK_META:
            self.check_text(patterns, DESCRIPTION, _strings(self.res.data.get(name), self.default),
                            META_KEY + name, "the framework's " + name, framework_file)
        for layer in self.res.layers:
            doc = getattr(layer, "doc", None)
            if doc is None or not isinstance(doc.data, dict):
                continue
            texts = _strings(doc.data.get(DESCRIPTION), self.default)
            prov = _prov(doc, (DESCRIPTION,), getattr(layer, "kind", "overlay"), DESCRIPTION)
            self.check_text(patterns, DESCRIPTION, texts, None,
                            f"the description of {doc.file}", doc.file, prov)

    def check_text(self, patterns: list[WordPattern], ref: str,
                   texts: Iterator[tuple[str, str]], key: str | None, what: str,
                   layer_file: str | None = None, prov: Provenance | None = None) -> None:
        written = list(texts)
        reported: set[str] = set()
        for word in patterns:
            if word.kind in reported:
                continue
            joined = "\n".join(text for lang, text in written if word.applies(lang))
            match = word.pattern.search(joined)
            if match is None or self.covered(ref, word.kind, layer_file):
                continue
            reported.add(word.kind)
            kind = word.kind
            noun = "a legal reference" if kind == "legal" else "a duty"
            self.issues.append(_issue(
                prov or (self.prov(key) if key else None) or self.prov(ref), "claim-unsourced",
                f"{what} states {noun} ('{match.group(0)}') without a claim that gives its "
                "source",
                f"add under 'claims:' {{about: {ref}, kind: {kind}, source: ID, statement: …}} "
                "and the source under 'sources:'", severity="warning"))


def claim_sources(plan: CheckedPlan) -> list[Issue]:
    """Sources twice or without url and date; claims citing no source or no item."""
    check = _ClaimCheck(plan)
    check.check_sources()
    check.check_claims()
    return check.issues


def claim_texts(plan: CheckedPlan) -> list[Issue]:
    """Texts that state a legal reference or a duty (by the claim words) without a claim."""
    check = _ClaimCheck(plan)
    check.check_texts()
    return check.issues


def claim_reviews(plan: CheckedPlan) -> list[Issue]:
    """A warning for each claim and source whose `review_by` date lies before today."""
    res = plan.res
    today = plan.options.today or dt.date.today()
    issues = []
    for list_name in LISTS:
        for index, entry in enumerate(res.data.get(list_name) or []):
            if not isinstance(entry, dict) or entry.get("review_by") is None:
                continue
            try:
                due = dt.date.fromisoformat(str(entry["review_by"]))
            except ValueError:
                continue  # the schema check reports a date that is not YYYY-MM-DD
            if due >= today:
                continue
            what = (f"the claim about '{entry.get('about')}'" if list_name == "claims"
                    else f"the source '{entry.get('id') or entry.get('title')}'")
            issues.append(_issue(
                res.provenance.get(entry_key(list_name, index)), "claim-review-due",
                f"{what} was due for review on {due.isoformat()} ({(today - due).days} days "
                "ago)",
                "check the fact against its source (a law, a plan or a number may have "
                "changed), correct the texts that state it, then set a later 'review_by'",
                severity="warning"))
    return issues
