"""Organisation files (CSV or YAML) for `batch`: read, checked against the organisations schema,
then by what no schema can say (ids used twice, names kept for other files, phone numbers of the
framework's region)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import Issue, Sources
from ..framework.file_safe_ids import file_name_problem
from ..framework.files import TOO_LARGE, FileProblem, read_bounded
from ..framework.phones import (
    DEFAULT_REGION,
    is_emergency_number,
    is_valid_phone,
    phone_hint,
)
from ..framework.schema import Path_, SchemaProblem, schema_problems
from ..framework.schema_places import value_at
from ..framework.texts import invisible_characters
from ..framework.yaml_source import Document, load_yaml_bytes
from .org_csv import csv_document
from .org_messages import (
    CONTACT_FIELDS,
    SCHEMA,
    OrgFileMessages,
    emergency_problem,
    phone_problem,
    rows_prefix,
)
from .organisation import OrgContact, OrgRow

MAX_FILE = 64 * 1024 * 1024  # 25,000 organisations take a few MB


def read_organisations(path: Path, label: str, region: str = DEFAULT_REGION,
                       language: str | None = None, sources: Sources | None = None,
                       local_contacts: Collection[str] | None = None,
                       ) -> tuple[list[OrgRow], list[Issue]]:
    """Every valid row of `path` and an issue for each problem (`label` names the file);
    phone numbers are checked as numbers of the framework's `region`, ids suggested in its
    default `language`. `sources` keeps the file's text, for the lines around each message.
    `local_contacts`: the ids of the plan's contacts whose number an organisation gives
    (`local_phones`); None takes any id."""
    if path.suffix.lower() not in (".yaml", ".yml", ".csv"):
        return [], [Issue(label, 1, 1, "org-file-format",
                          f"'{path.name}' is neither .csv nor .yaml",
                          ("give a CSV file (.csv) or a YAML file (.yaml, .yml)",))]
    try:
        raw = read_bounded(path, MAX_FILE)
    except FileProblem as problem:
        code = {"file-unreadable": "org-file-unreadable",
                TOO_LARGE: "org-file-too-large"}.get(problem.code, problem.code)
        return [], [Issue(label, 1, 1, code, f"the organisations file: {problem.reason}",
                          (problem.hint,) if problem.hint else ())]
    if path.suffix.lower() == ".csv":
        doc, issues = csv_document(raw, label, sources)
    else:
        doc, issues = _yaml_document(raw, label, sources)
    if doc is None:
        return [], issues
    prefix = rows_prefix(doc.data)
    data = _cleaned(doc.data, prefix)
    rows = value_at(data, prefix)
    if rows == [] and not issues:
        issues.append(Issue(label, 1, 1, "org-file-empty", "the file lists no organisations",
                            ("add one row per organisation under the header line",)))
    problems = schema_problems(data, SCHEMA, messages=OrgFileMessages, language=language)
    semantic = _semantic_problems(doc, data, prefix, problems, region, local_contacts)
    # An id used before is reported as that alone: the first row already says what is wrong.
    repeated = {problem.path for problem in semantic if problem.code == "org-id-duplicate"}
    problems = [p for p in problems if p.path not in repeated] + semantic
    row_issues = sorted((_issue(doc, problem) for problem in problems), key=Issue.sort_key)
    bad = {_row_index(issue.pointer, prefix) for issue in [*issues, *row_issues]}
    checked = [_org_row(row, doc.position((*prefix, index))[0])
               for index, row in enumerate(rows if isinstance(rows, list) else [])
               if index not in bad]
    return checked, [*issues, *row_issues]


def _yaml_document(raw: bytes, label: str,
                   sources: Sources | None) -> tuple[Document | None, list[Issue]]:
    doc, issues = load_yaml_bytes(raw, label, sources)
    if doc is not None:
        # Every field is text: `contact_phone: 0470123456` is the number as written, not the
        # octal integer YAML reads, and `name: NO` is "NO", not false.
        doc.data = _as_written(doc, (), doc.data)
    return doc, issues


def _as_written(doc: Document, path: Path_, value: Any) -> Any:
    """`value` with every scalar YAML typed (a number, true/false) as its source text."""
    if isinstance(value, dict):
        return {k: _as_written(doc, (*path, k), v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_written(doc, (*path, i), v) for i, v in enumerate(value)]
    return doc.source_text(path, value)


def _text(value: Any) -> Any:
    """A text with its runs of white space made one space (None if nothing is left); any
    other value as it is, for the schema to refuse."""
    if isinstance(value, str):
        return " ".join(value.split()) or None
    return value


def _contact(entry: Any) -> Any:
    """An extra contact as a mapping of its given parts: a list `[name, phone, email]` (what
    'Name|phone|email' in a text is) becomes one; anything longer stays a list (refused)."""
    if isinstance(entry, list) and len(entry) <= len(CONTACT_FIELDS):
        entry = dict(zip(CONTACT_FIELDS, entry, strict=False))
    if isinstance(entry, dict):
        return {key: text for key, value in entry.items()
                if (text := _text(value)) is not None}
    return entry


def _cleaned(data: Any, prefix: Path_) -> Any:
    """The file's data as the schema checks it: texts with single spaces, empty values left
    out (a required one is then missing) and `extra_contacts` written as a text
    ('Name|phone;Name|phone|email') as the list it stands for. Every value keeps its path."""
    rows = value_at(data, prefix)
    if not isinstance(rows, list):
        return data
    cleaned: list[Any] = []
    for row in rows:
        if isinstance(row, dict):
            row = {key: text for key, value in row.items()
                   if (text := _text(value)) is not None}
            local = row.get("local_phones")
            if isinstance(local, str):
                row["local_phones"] = _pairs(local)
            elif isinstance(local, dict):  # a number left empty is no number
                row["local_phones"] = {key: text for key, value in local.items()
                                       if (text := _text(value)) is not None}
            extra = row.get("extra_contacts")
            if isinstance(extra, str):
                extra = [part.split("|") for part in extra.split(";") if part.strip()]
            if isinstance(extra, list):
                row["extra_contacts"] = [_contact(entry) for entry in extra]
        cleaned.append(row)
    return {**data, prefix[0]: cleaned} if prefix else cleaned


def _pairs(text: str) -> Any:
    """'contact-id|number;contact-id|number' as the mapping it stands for, a number left empty
    left out (as in YAML); a part that is not one 'id|number' pair, or an id given twice,
    leaves the text as a list of its parts (the schema refuses it: org_messages says why)."""
    parts = [[piece.strip() for piece in part.split("|")]
             for part in text.split(";") if part.strip()]
    if any(len(part) != 2 for part in parts):
        return parts
    given = [(key, " ".join(number.split())) for key, number in parts if number.strip()]
    if len({key for key, _number in given}) < len(given):
        return [list(pair) for pair in given]
    return dict(given)


def _semantic_problems(doc: Document, data: Any, prefix: Path_,
                       found: Sequence[SchemaProblem], region: str,
                       local_contacts: Collection[str] | None) -> list[SchemaProblem]:
    """Ids used twice (also when only the case differs) or kept for other files, phone
    numbers that are not numbers of `region`, and local numbers of contacts the plan does
    not leave to the organisation: for the values the schema let through."""
    refused = {problem.path for problem in found}
    problems: list[SchemaProblem] = []
    seen: dict[str, int] = {}
    rows = value_at(data, prefix)
    for index, row in enumerate(rows if isinstance(rows, list) else []):
        if not isinstance(row, dict):
            continue
        path = (*prefix, index)
        org_id = row.get("id")
        if isinstance(org_id, str):
            folded = org_id.casefold()
            if folded in seen:
                problems.append(SchemaProblem(
                    (*path, "id"), "org-id-duplicate",
                    f"the id '{org_id}' is already used on line {seen[folded]}",
                    ("every organisation needs its own id (ids are file names; upper and "
                     "lower case count as the same)",)))
            else:
                seen[folded] = doc.position(path)[0]
                reserved = file_name_problem(org_id)
                if reserved and (*path, "id") not in refused:
                    problems.append(SchemaProblem(
                        (*path, "id"), "org-id-reserved", f"the id cannot name files: {reserved}",
                        ("choose another id, for example with the town added",)))
        for phone_path, number in _phones(row, path):
            if phone_path in refused:
                continue
            if not is_valid_phone(number, region):
                problems.append(phone_problem(number, phone_path, f"region {region}",
                                              phone_hint(region)))
            elif is_emergency_number(number, region):
                problems.append(emergency_problem(number, phone_path))
        problems.extend(_invisible(row, path, refused))
        problems.extend(_unknown_local_contacts(row, path, refused, local_contacts))
    return problems


def _unknown_local_contacts(row: dict[str, Any], path: Path_, refused: set[Path_],
                            known: Collection[str] | None) -> Iterable[SchemaProblem]:
    """A local number for a contact the plan does not have, or whose number it prints."""
    local = row.get("local_phones")
    if known is None or not isinstance(local, dict) or (*path, "local_phones") in refused:
        return
    listed = ", ".join(sorted(known)) or "none"
    for contact_id in local:
        if contact_id not in known and (*path, "local_phones", contact_id) not in refused:
            yield SchemaProblem((*path, "local_phones", contact_id), "org-local-phone-unknown",
                                f"the plan has no contact '{contact_id}' whose number depends "
                                "on the place", (f"the contacts whose number an organisation "
                                                 f"gives: {listed}",), key_error=True)


def _invisible(row: dict[str, Any], path: Path_, refused: set[Path_]) -> Iterable[SchemaProblem]:
    """Values holding an invisible direction or zero-width character: every value of a row is
    one line, and the organisation's name becomes the PDF's author."""
    values: list[tuple[Path_, str, Any]] = [((*path, key), key, value)
                                            for key, value in row.items()]
    extra = row.get("extra_contacts")
    for number, contact in enumerate(extra if isinstance(extra, list) else []):
        if isinstance(contact, dict):
            values += [((*path, "extra_contacts", number, key), f"extra contact {number + 1}",
                        value) for key, value in contact.items()]
    for value_path, what, value in values:
        found = invisible_characters(value) if isinstance(value, str) else []
        if found and value_path not in refused:
            yield SchemaProblem(value_path, "text-invisible-character",
                                f"the {what.replace('_', ' ')} contains the invisible character "
                                f"{found[0]}",
                                ("remove it: it changes what the page and the PDF's document "
                                 "properties show",))


def _phones(row: dict[str, Any], path: Path_) -> Iterable[tuple[Path_, str]]:
    """(path, number) of every phone number of a row: its contact person's, whom to tell
    instead's, its extra contacts'."""
    for field in ("contact_phone", "alternative_phone"):
        if isinstance(row.get(field), str):
            yield (*path, field), row[field]
    local = row.get("local_phones")
    for contact_id, number in local.items() if isinstance(local, dict) else ():
        if isinstance(number, str):
            yield (*path, "local_phones", contact_id), number
    extra = row.get("extra_contacts")
    for number, contact in enumerate(extra if isinstance(extra, list) else []):
        if isinstance(contact, dict) and isinstance(contact.get("phone"), str):
            yield (*path, "extra_contacts", number, "phone"), contact["phone"]


def _issue(doc: Document, problem: SchemaProblem) -> Issue:
    line, column = doc.position(problem.path, key=problem.key_error)
    pointer = "/" + "/".join(str(part) for part in problem.path)
    return Issue(doc.file, line, column, problem.code, problem.message, problem.hints, pointer)


def _row_index(pointer: str, prefix: Path_) -> int | None:
    """The row an issue's JSON pointer is in (None: the file as a whole)."""
    parts = pointer.split("/")[1:]
    if parts[:len(prefix)] != list(prefix) or len(parts) <= len(prefix):
        return None
    index = parts[len(prefix)]
    return int(index) if index.isdigit() else None


def _org_row(row: dict[str, Any], line: int) -> OrgRow:
    """A row the checks let through, as an OrgRow."""
    contact = OrgContact(row["contact_name"], row["contact_phone"], row.get("contact_email"))
    extra = tuple(OrgContact(**entry) for entry in row.get("extra_contacts", []))
    alternative = OrgContact(row["alternative_name"], row.get("alternative_phone")) \
        if "alternative_name" in row else None
    local = tuple(sorted(row.get("local_phones", {}).items()))
    return OrgRow(row["id"], row["name"], contact, extra, row.get("url"), line, alternative,
                  local)
