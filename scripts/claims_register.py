#!/usr/bin/env python3
"""Write the claims register into docs/domain.md: every claim and contact with its source.

`docs/domain.md` carries the register of the shipped content between two markers. After a
change of claims, sources or contacts, run

    .venv/bin/python scripts/claims_register.py

and review the diff; tests/content/test_claims_register.py fails while the table is stale.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kindreflex.framework.claims import entry_key
from kindreflex.framework.project import Project, load_project
from kindreflex.framework.texts import localize, without_language_marks

REPO = Path(__file__).resolve().parent.parent
DOMAIN = REPO / "docs" / "domain.md"

START = "<!-- claims-register:start -->"
END = "<!-- claims-register:end -->"


@dataclass(frozen=True)
class ClaimRow:
    """One line of the register: where a fact stands, what it says and where it comes from."""

    file: str
    about: str
    kind: str
    statement: str
    source_title: str
    url: str
    checked: str
    review_by: str = ""  # the date by which the fact must be checked again ('' if it keeps)

    @property
    def sourced(self) -> bool:
        """True if the row names a source URL and the date it was checked."""
        return bool(self.url) and bool(self.checked)


def _english(value: Any, default: str) -> str:
    if isinstance(value, dict):
        text = localize({str(k): str(v) for k, v in value.items()}, "en", default)[0]
        return without_language_marks(text)
    return "" if value is None else without_language_marks(str(value))


def _contact_row(contact: dict[str, Any], file: str, by_url: dict[str, dict[str, Any]],
                 default: str) -> ClaimRow:
    name = _english(contact.get("name"), default)
    facts = [contact.get("phone") or contact.get("url") or ""]
    if contact.get("hours"):
        facts.append(_english(contact.get("hours"), default))
    if contact.get("languages"):
        facts.append("answers in " + ", ".join(str(code) for code in contact["languages"]))
    url = str(contact.get("source") or "")
    source = by_url.get(url, {})
    return ClaimRow(file, f"contact:{contact.get('id')}", "contact",
                    f"{name}: " + "; ".join(str(f) for f in facts if f),
                    str(source.get("title") or name), url,
                    str(contact.get("last_checked") or source.get("checked") or ""))


def claims_register(project: Project) -> list[ClaimRow]:
    """Every contact and claim of the framework alone, each sector and each context, once."""
    combos: list[tuple[str | None, str | None]] = [(None, None)]
    combos += [(sector, None) for sector in project.sector_ids]
    combos += [(None, context) for context in project.context_ids]
    default = project.languages[0]
    rows: dict[tuple[str, str, str], ClaimRow] = {}
    for sector, context in combos:
        res = project.resolve(sector, context)
        sources = [s for s in res.data.get("sources") or [] if isinstance(s, dict)]
        by_id = {str(s["id"]): s for s in sources if s.get("id")}
        by_url = {str(s.get("url")): s for s in sources if s.get("url")}
        for contact in res.data.get("contacts") or []:
            prov = res.provenance.get(f"contact:{contact.get('id')}")
            row = _contact_row(contact, prov.file if prov else "?", by_url, default)
            rows.setdefault((row.file, row.about, row.kind), row)
        for index, claim in enumerate(res.data.get("claims") or []):
            prov = res.provenance.get(entry_key("claims", index))
            source = by_id.get(str(claim.get("source")), {})
            review_by = claim.get("review_by") or source.get("review_by") or ""
            row = ClaimRow(prov.file if prov else "?", str(claim.get("about")),
                           str(claim.get("kind")), str(claim.get("statement", "")),
                           str(source.get("title", "")), str(source.get("url", "")),
                           str(source.get("checked", "")), str(review_by))
            rows.setdefault((row.file, row.about, row.statement), row)
    framework = project.framework.file if project.framework else ""
    return sorted(rows.values(), key=lambda r: (r.file != framework, r.file, r.kind != "contact",
                                                r.about, r.statement))


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def register_markdown(rows: list[ClaimRow]) -> str:
    """The register as a Markdown table, between the markers docs/domain.md uses."""
    checked = sorted({r.checked for r in rows if r.checked})
    lines = [
        START,
        f"{len(rows)} claims, {sum(r.sourced for r in rows)} with a source and the date it was "
        f"checked ({', '.join(checked) or 'none'}), {sum(bool(r.review_by) for r in rows)} with "
        "a date by which to check it again (it is known to expire). Generated from the YAML by "
        "`scripts/claims_register.py`; do not edit by hand.",
        "",
        "| # | file | item | kind | claim | source | checked | review by |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for number, row in enumerate(rows, start=1):
        source = f"[{_cell(row.source_title)}]({row.url})" if row.url else "**none**"
        lines.append(f"| {number} | {row.file.removeprefix('frameworks/')} | `{row.about}` | "
                     f"{row.kind} | {_cell(row.statement)} | {source} | {row.checked or '—'} | "
                     f"{row.review_by or '—'} |")
    lines.append(END)
    return "\n".join(lines) + "\n"


def replace_register(document: str, table: str) -> str:
    """`document` with the text between the markers replaced (or the table appended)."""
    if START in document and END in document:
        head, _, rest = document.partition(START)
        _, _, tail = rest.partition(END)
        return head + table.rstrip("\n") + tail
    return document.rstrip("\n") + "\n\n## Claims register\n\n" + table


def main() -> int:
    """Rewrite the register in docs/domain.md from the shipped content; 1 if it changed."""
    before = DOMAIN.read_text(encoding="utf-8")
    after = replace_register(before, register_markdown(claims_register(load_project(REPO))))
    DOMAIN.write_text(after, encoding="utf-8")
    return 0 if after == before else 1


if __name__ == "__main__":
    sys.exit(main())
