"""Organisation files (CSV or YAML) for `batch`: read and check every row."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Issue
from ..framework.loader import load_yaml_bytes
from ..framework.phones import DEFAULT_REGION, is_valid_phone, phone_hint

COLUMNS = ("id", "name", "contact_name", "contact_phone", "contact_email", "url",
           "extra_contacts")
REQUIRED = ("id", "name", "contact_name", "contact_phone")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# Rough on purpose: one @, something on both sides, a dot in the domain, no spaces.
EMAIL_PATTERN = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"]+\.[^\s<>\"]+$", re.IGNORECASE)
MAX_TEXT = 200  # a name longer than this would not fit the cover anyway


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


@dataclass
class _Raw:
    """One row as read: values by column, with the line and column of each."""

    line: int
    values: dict[str, Any]
    places: dict[str, tuple[int, int]] = field(default_factory=dict)

    def place(self, column: str) -> tuple[int, int]:
        return self.places.get(column, (self.line, 1))


def read_organisations(path: Path, label: str, region: str = DEFAULT_REGION,
                       ) -> tuple[list[OrgRow], list[Issue]]:
    """Every valid row of `path` and an issue for each problem (`label` names the file);
    phone numbers are checked as numbers of the framework's `region`."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [], [Issue(label, 1, 1, "org-file-unreadable",
                          f"cannot read the organisations file: {exc.strerror or exc}")]
    if path.suffix.lower() in (".yaml", ".yml"):
        rows, issues = _yaml_rows(raw, label)
    elif path.suffix.lower() == ".csv":
        rows, issues = _csv_rows(raw, label)
    else:
        return [], [Issue(label, 1, 1, "org-file-format",
                          f"'{path.name}' is neither .csv nor .yaml",
                          ("give a CSV file (.csv) or a YAML file (.yaml, .yml)",))]
    if not rows and not issues:
        issues.append(Issue(label, 1, 1, "org-file-empty", "the file lists no organisations",
                            ("add one row per organisation under the header line",)))
    checked, row_issues = check_rows(rows, label, region)
    return checked, [*issues, *row_issues]


def _csv_rows(raw: bytes, label: str) -> tuple[list[_Raw], list[Issue]]:
    try:
        text = raw.decode("utf-8-sig")  # spreadsheets often start a UTF-8 file with a BOM
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [Issue(label, line, 1, "org-file-encoding",
                          "the file is not valid UTF-8", ("save it as CSV UTF-8",))]
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return [], []
    columns = [h.strip().lower() for h in header]
    issues: list[Issue] = []
    starts = _field_starts(lines[0] if lines else "")
    for index, name in enumerate(columns):
        if name not in COLUMNS:
            issues.append(Issue(label, 1, starts[index] if index < len(starts) else 1,
                                "org-column-unknown", f"unknown column '{header[index]}'",
                                ("the columns are: " + ", ".join(COLUMNS),)))
    for name in REQUIRED:
        if name not in columns:
            issues.append(Issue(label, 1, 1, "org-column-missing",
                                f"the header has no column '{name}'",
                                ("the first line names the columns: " + ", ".join(COLUMNS),)))
    if issues:
        return [], issues
    rows: list[_Raw] = []
    previous_end = reader.line_num
    try:
        for record in reader:
            line = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # blank lines are allowed
            starts = _field_starts(lines[line - 1] if line - 1 < len(lines) else "")
            row = _Raw(line, {})
            for index, cell in enumerate(record):
                if index >= len(columns):
                    issues.append(Issue(label, line, starts[index] if index < len(starts) else 1,
                                        "org-row-too-long",
                                        f"this row has {len(record)} values, the header "
                                        f"{len(columns)}",
                                        ("put values with a comma between double quotes",)))
                    break
                row.values[columns[index]] = cell
                row.places[columns[index]] = (line, starts[index] if index < len(starts) else 1)
            rows.append(row)
    except csv.Error as exc:
        issues.append(Issue(label, reader.line_num, 1, "org-file-syntax",
                            f"the CSV file cannot be read here: {exc}"))
    return rows, issues


def _field_starts(line: str) -> list[int]:
    """1-based columns where each comma-separated field of `line` begins (quotes respected)."""
    starts = [1]
    quoted = False
    for offset, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(offset + 2)
    return starts


def _yaml_rows(raw: bytes, label: str) -> tuple[list[_Raw], list[Issue]]:
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
    rows: list[_Raw] = []
    for index, entry in enumerate(data):
        line, column = doc.position((*prefix, index))
        if not isinstance(entry, dict):
            issues.append(Issue(label, line, column, "org-file-shape",
                                "each organisation must be a mapping of fields"))
            continue
        row = _Raw(line, {})
        for key, value in entry.items():
            row.values[str(key)] = value
            row.places[str(key)] = doc.position((*prefix, index, key))
            if str(key) not in COLUMNS:
                kline, kcolumn = doc.position((*prefix, index, key), key=True)
                issues.append(Issue(label, kline, kcolumn, "org-column-unknown",
                                    f"unknown field '{key}'",
                                    ("the fields are: " + ", ".join(COLUMNS),)))
        rows.append(row)
    return rows, issues


class _RowChecker:
    """Checks one row's values, collecting an issue per bad field."""

    def __init__(self, row: _Raw, label: str, region: str = DEFAULT_REGION) -> None:
        self.row = row
        self.label = label
        self.region = region
        self.issues: list[Issue] = []

    def error(self, column: str, code: str, message: str, *hints: str) -> None:
        line, col = self.row.place(column)
        self.issues.append(Issue(self.label, line, col, code, message, hints, f"/{column}"))

    def text(self, column: str, required: bool = False) -> str | None:
        value = self.row.values.get(column)
        if value is not None and not isinstance(value, str | int | float):
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
        return cleaned

    def phone(self, column: str, value: str | None) -> str | None:
        if value is not None and not is_valid_phone(value, self.region):
            self.error(column, "org-phone-invalid",
                       f"the phone number '{value}' is not valid (region {self.region})",
                       phone_hint(self.region))
            return None
        return value

    def email(self, column: str, value: str | None) -> str | None:
        if value is not None and not EMAIL_PATTERN.match(value):
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
            if name is None or (phone is None and email is None):
                self.error("extra_contacts", "org-extra-contact-invalid",
                           f"extra contact {number} needs a name and a phone number or email",
                           "write it as 'Name|phone' or 'Name|phone|email'")
                continue
            people.append(Person(name, self.phone("extra_contacts", phone),
                                 self.email("extra_contacts", email)))
        return tuple(people)


def check_rows(rows: Iterable[_Raw], label: str, region: str = DEFAULT_REGION,
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
                if not ID_PATTERN.match(org_id):
                    check.error("id", "org-id-invalid",
                                f"the id '{org_id}' cannot be a file name",
                                "use lowercase letters, digits and single '-' only, "
                                "for example 'ksa-gent'")
                    org_id = None
        name = check.text("name", required=True)
        contact_name = check.text("contact_name", required=True)
        phone = check.phone("contact_phone", check.text("contact_phone", required=True))
        email = check.email("contact_email", check.text("contact_email"))
        url = check.text("url")
        if url is not None and not URL_PATTERN.match(url):
            check.error("url", "org-url-invalid", f"'{url}' is not a web address",
                        "start it with https:// (or http://)")
            url = None
        extra = check.extra()
        issues.extend(check.issues)
        if check.issues or org_id is None or name is None or contact_name is None:
            continue
        checked.append(OrgRow(org_id, name, Person(contact_name, phone, email), extra, url,
                              row.line))
    return checked, issues

