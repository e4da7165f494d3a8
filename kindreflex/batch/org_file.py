"""Organisation files (CSV or YAML) for `batch`: read and check every row."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Issue
from ..framework.files import TOO_LARGE, FileProblem, read_bounded
from ..framework.loader import Document, load_yaml_bytes
from ..framework.names import file_name_problem
from ..framework.phones import DEFAULT_REGION, is_valid_phone, phone_hint
from ..framework.texts import invisible_characters
from .org_csv import COLUMNS, RawRow, csv_rows

# Patterns are matched whole (fullmatch): `$` would also accept a final line break.
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Rough on purpose: one @, something on both sides, a dot in the domain, no spaces.
EMAIL_PATTERN = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")
URL_PATTERN = re.compile(r"https?://[^\s<>\"]+\.[^\s<>\"]+", re.IGNORECASE)
MAX_TEXT = 200  # a name longer than this would not fit the cover anyway
MAX_ID = 100  # the id is a file name: with a layout suffix well within 255 bytes
MAX_EXTRA = 50  # bounds the render; more than about 15 overflow the page (rendered whole)
MAX_FILE = 64 * 1024 * 1024  # 25,000 organisations take a few MB


@dataclass(frozen=True)
class Person:
    """A contact of an organisation: the contact person or an extra contact."""

    name: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class OrgRow:
    """One organisation of the file, checked."""

    id: str
    name: str
    contact: Person
    extra: tuple[Person, ...] = ()
    url: str | None = None
    line: int = 1


def read_organisations(path: Path, label: str, region: str = DEFAULT_REGION,
                       ) -> tuple[list[OrgRow], list[Issue]]:
    """Every valid row of `path` and an issue for each problem (`label` names the file);
    phone numbers are checked as numbers of the framework's `region`."""
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
        rows, issues = csv_rows(raw, label)
    else:
        rows, issues = _yaml_rows(raw, label)
    if not rows and not issues:
        issues.append(Issue(label, 1, 1, "org-file-empty", "the file lists no organisations",
                            ("add one row per organisation under the header line",)))
    checked, row_issues = check_rows(rows, label, region)
    return checked, [*issues, *row_issues]


def _yaml_rows(raw: bytes, label: str) -> tuple[list[RawRow], list[Issue]]:
    doc, issues = load_yaml_bytes(raw, label)
    if doc is None:
        return [], issues
    data = doc.data
    prefix: tuple[str | int, ...] = ()
    if isinstance(data, dict) and "organisations" in data:
        data, prefix = data["organisations"], ("organisations",)
    if not isinstance(data, list):
        line, column = doc.position(prefix)
        return [], [*issues, Issue(label, line, column, "org-file-shape",
                                   "the file must be a list of organisations",
                                   ("start each organisation with '- id: ...'",))]
    rows: list[RawRow] = []
    for index, entry in enumerate(data):
        line, column = doc.position((*prefix, index))
        if not isinstance(entry, dict):
            issues.append(Issue(label, line, column, "org-file-shape",
                                "each organisation must be a mapping of fields"))
            continue
        row = RawRow(line, {})
        for key, value in entry.items():
            # Every field is text: `contact_phone: 0470123456` is the number as written, not
            # the octal integer YAML reads, and `name: NO` is "NO", not false.
            row.values[str(key)] = _as_written(doc, (*prefix, index, key), value)
            row.places[str(key)] = doc.position((*prefix, index, key))
            if str(key) not in COLUMNS:
                kline, kcolumn = doc.position((*prefix, index, key), key=True)
                issues.append(Issue(label, kline, kcolumn, "org-column-unknown",
                                    f"unknown field '{key}'",
                                    ("the fields are: " + ", ".join(COLUMNS),)))
        rows.append(row)
    return rows, issues


def _as_written(doc: Document, path: tuple[str | int, ...], value: Any) -> Any:
    """`value` with every scalar YAML typed (a number, true/false) as its source text."""
    if isinstance(value, dict):
        return {k: _as_written(doc, (*path, k), v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_written(doc, (*path, i), v) for i, v in enumerate(value)]
    return doc.source_text(path, value)


class _RowChecker:
    """Checks one row's values, collecting an issue per bad field."""

    def __init__(self, row: RawRow, label: str, region: str = DEFAULT_REGION) -> None:
        self.row = row
        self.label = label
        self.region = region
        self.issues: list[Issue] = []

    def error(self, column: str, code: str, message: str, *hints: str) -> None:
        line, col = self.row.place(column)
        self.issues.append(Issue(self.label, line, col, code, message, hints, f"/{column}"))

    def text(self, column: str, required: bool = False) -> str | None:
        value = self.row.values.get(column)
        if value is not None and not isinstance(value, str):
            self.error(column, "org-field-type", f"'{column}' must be a text")
            return None
        cleaned = " ".join(str(value).split()) if value is not None else ""
        if not cleaned:
            if required:
                self.error(column, "org-field-missing", f"the {column.replace('_', ' ')} is "
                           "missing", f"fill in the column '{column}'")
            return None
        if len(cleaned) > MAX_TEXT:
            self.error(column, "org-field-too-long",
                       f"the {column.replace('_', ' ')} is longer than {MAX_TEXT} characters")
            return None
        return self.visible(column, cleaned, f"the {column.replace('_', ' ')}")

    def visible(self, column: str, value: str, what: str) -> str | None:
        """`value`, if it holds no invisible direction or zero-width character: it is printed
        on one line, and the organisation's name becomes the PDF's author."""
        invisible = invisible_characters(value)
        if invisible:
            self.error(column, "text-invisible-character",
                       f"{what} contains the invisible character {invisible[0]}",
                       "remove it: it changes what the page and the PDF's document properties "
                       "show")
            return None
        return value

    def phone(self, column: str, value: str | None) -> str | None:
        if value is not None and not is_valid_phone(value, self.region):
            self.error(column, "org-phone-invalid",
                       f"the phone number '{value}' is not valid (region {self.region})",
                       phone_hint(self.region))
            return None
        return value

    def email(self, column: str, value: str | None) -> str | None:
        if value is not None and not EMAIL_PATTERN.fullmatch(value):
            self.error(column, "org-email-invalid", f"'{value}' is not an email address",
                       "write it like 'name@example.org'")
            return None
        return value

    def extra(self) -> tuple[Person, ...]:
        value = self.row.values.get("extra_contacts")
        entries: list[Any]
        if value is None or value == "":
            return ()
        if isinstance(value, str):
            entries = [part.split("|") for part in value.split(";") if part.strip()]
        elif isinstance(value, list):
            entries = value
        else:
            self.error("extra_contacts", "org-field-type",
                       "'extra_contacts' must be a list of contacts")
            return ()
        if len(entries) > MAX_EXTRA:
            self.error("extra_contacts", "org-extra-contact-invalid",
                       f"there are {len(entries)} extra contacts; at most {MAX_EXTRA} fit the "
                       "organisation's page",
                       "keep the contacts a worker needs; the others belong on your website")
            return ()
        people: list[Person] = []
        for number, entry in enumerate(entries, start=1):
            if isinstance(entry, dict):
                parts = [entry.get("name"), entry.get("phone"), entry.get("email")]
            elif isinstance(entry, list):
                parts = [*entry, None, None][:3] if len(entry) <= 3 else entry
            else:
                parts = []
            if not 1 <= len(parts) <= 3 or any(not isinstance(p, str | None) for p in parts):
                self.error("extra_contacts", "org-extra-contact-invalid",
                           f"extra contact {number} is not 'Name|phone' or 'Name|phone|email'",
                           "separate contacts with ';' and the parts of one with '|'")
                continue
            name, phone, email = (" ".join(p.split()) or None if p else None for p in parts)
            if any(len(p) > MAX_TEXT for p in (name, phone, email) if p):
                self.error("extra_contacts", "org-field-too-long",
                           f"extra contact {number} has a value longer than {MAX_TEXT} "
                           "characters")
                continue
            if any(p and self.visible("extra_contacts", p, f"extra contact {number}") is None
                   for p in (name, phone, email)):
                continue
            if name is None or (phone is None and email is None):
                self.error("extra_contacts", "org-extra-contact-invalid",
                           f"extra contact {number} needs a name and a phone number or email",
                           "write it as 'Name|phone' or 'Name|phone|email'")
                continue
            people.append(Person(name, self.phone("extra_contacts", phone),
                                 self.email("extra_contacts", email)))
        return tuple(people)


def check_rows(rows: Iterable[RawRow], label: str, region: str = DEFAULT_REGION,
               ) -> tuple[list[OrgRow], list[Issue]]:
    """The valid rows as OrgRow; an issue per bad field, duplicate or clashing id."""
    checked: list[OrgRow] = []
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for row in rows:
        check = _RowChecker(row, label, region)
        org_id = check.text("id", required=True)
        if org_id is not None:
            folded = org_id.casefold()
            if folded in seen:
                check.error("id", "org-id-duplicate",
                            f"the id '{org_id}' is already used on line {seen[folded]}",
                            "every organisation needs its own id (ids are file names; "
                            "upper and lower case count as the same)")
                org_id = None
            else:
                seen[folded] = row.line
                reserved = file_name_problem(org_id)
                if not ID_PATTERN.fullmatch(org_id) or len(org_id) > MAX_ID:
                    check.error("id", "org-id-invalid",
                                f"the id '{org_id}' cannot be a file name",
                                "use lowercase letters, digits and single '-' only, "
                                f"at most {MAX_ID} characters, for example 'ksa-gent'")
                    org_id = None
                elif reserved:
                    check.error("id", "org-id-reserved", f"the id cannot name files: {reserved}",
                                "choose another id, for example with the town added")
                    org_id = None
        name = check.text("name", required=True)
        contact_name = check.text("contact_name", required=True)
        phone = check.phone("contact_phone", check.text("contact_phone", required=True))
        email = check.email("contact_email", check.text("contact_email"))
        url = check.text("url")
        if url is not None and not URL_PATTERN.fullmatch(url):
            check.error("url", "org-url-invalid", f"'{url}' is not a web address",
                        "start it with https:// (or http://)")
            url = None
        extra = check.extra()
        issues.extend(check.issues)
        if row.bad or check.issues or org_id is None or name is None or contact_name is None:
            continue
        checked.append(OrgRow(org_id, name, Person(contact_name, phone, email), extra, url,
                              row.line))
    return checked, issues

