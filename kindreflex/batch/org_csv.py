"""CSV organisation files: the delimiter, quotes that never close, a cell per column.

The rows become the document a YAML file would give (a list of mappings of texts), with the
line and column of every cell, so both are checked by the one schema of organisation files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..errors import Issue, Sources
from ..framework.files import NotUtf8, utf8_text
from ..framework.texts import control_characters
from ..framework.yaml_source import Document
from .org_messages import COLUMNS, REQUIRED

# Excel writes ';' where the decimal mark is a comma (Belgium, the Netherlands, France),
# and "Unicode text" with tabs.
DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def choose_delimiter(header: str) -> str:
    """The delimiter that splits the header line into the most known column names."""
    def known(delimiter: str) -> int:
        cells = next(csv.reader([header], delimiter=delimiter), [])
        return sum(1 for cell in cells if cell.strip().lower() in COLUMNS)

    return max(DELIMITERS, key=lambda d: (known(d), d == ","))


def field_starts(line: str, delimiter: str = ",") -> list[int]:
    """1-based columns where each field of `line` begins (quotes respected)."""
    starts = [1]
    quoted = False
    for offset, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            starts.append(offset + 2)
    return starts


def open_quotes(text: str, delimiter: str) -> list[tuple[int, int, int | None]]:
    """(line, column, closing line or None) of every quoted field that runs past its line.

    A value never holds a line break, so a quote that is closed only on a later line (or
    never) has swallowed the rows in between: the csv module would read them silently as
    part of one value.
    """
    found: list[tuple[int, int, int | None]] = []
    line, column = 1, 0
    in_quotes = False
    at_field_start = True
    opened = (1, 1)
    index = 0
    while index < len(text):
        char = text[index]
        column += 1
        if in_quotes:
            if char == '"' and text[index + 1:index + 2] == '"':
                index += 1
                column += 1
            elif char == '"':
                in_quotes = False
                if line != opened[0]:
                    found.append((*opened, line))
        elif char == '"' and at_field_start:
            in_quotes, opened = True, (line, column)
        if not in_quotes or char == "\n":
            at_field_start = char in (delimiter, "\n", "\r")
        if char == "\n":
            line, column = line + 1, 0
        index += 1
    if in_quotes:
        found.append((*opened, None))
    return found


def csv_document(raw: bytes, label: str,
                 sources: Sources | None = None) -> tuple[Document | None, list[Issue]]:
    """The rows of a CSV organisations file as a document (None if the header cannot be
    used) and an issue for every problem of its form; `sources` keeps its text."""
    try:
        text = utf8_text(raw)
    except NotUtf8 as problem:
        # Excel's plain "CSV" is Windows-1252 in Belgium: "é" is one byte that UTF-8 lacks.
        return None, [Issue(label, problem.line, problem.column, "org-file-encoding",
                            problem.reason, ("save it as CSV UTF-8 (in Excel: 'Save as', "
                                             "the type 'CSV UTF-8')",))]
    if sources is not None:
        sources.add(label, text)
    lines = text.splitlines(keepends=True)
    delimiter = choose_delimiter(lines[0] if lines else "")
    issues = _quote_issues(text, delimiter, label)
    broken = {issue.line for issue in issues}  # where a quote opens that runs too far
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    doc = Document(file=label, data=[])
    try:
        header = next(reader)
    except StopIteration:
        return doc, issues
    except csv.Error as exc:
        return None, [*issues, Issue(label, 1, 1, "org-file-syntax",
                                     f"the header line cannot be read: {exc}")]
    columns = [h.strip().lower() for h in header]
    header_issues = _header_issues(header, columns, lines[0] if lines else "", delimiter, label)
    if header_issues:
        return None, [*issues, *header_issues]
    previous_end = reader.line_num
    try:
        for record in reader:
            line = previous_end + 1
            spans_lines = reader.line_num != line
            previous_end = reader.line_num
            if spans_lines and any(start in broken for start in range(line, previous_end + 1)):
                continue  # this "row" is several rows glued by an open quote: reported above
            if not any(cell.strip() for cell in record):
                continue  # blank lines are allowed
            _add_row(doc, record, columns, line, lines[line - 1] if line <= len(lines) else "",
                     delimiter, issues)
    except csv.Error as exc:
        issues.append(Issue(label, reader.line_num, 1, "org-file-syntax",
                            f"the CSV file cannot be read here: {exc}"))
    return doc, issues


def _quote_issues(text: str, delimiter: str, label: str) -> list[Issue]:
    issues = []
    for line, column, closed in open_quotes(text, delimiter):
        where = "is never closed" if closed is None else f"is closed only on line {closed}"
        issues.append(Issue(
            label, line, column, "org-file-syntax",
            f"the quote that opens this value {where}: the lines after it were read as part "
            "of this one value",
            ("close the quote on the same line; a quote inside a value is written twice (\"\")",)))
    return issues


def _header_issues(header: Sequence[str], columns: Sequence[str], first_line: str,
                   delimiter: str, label: str) -> list[Issue]:
    issues: list[Issue] = []
    starts = field_starts(first_line, delimiter)
    if not any(name in COLUMNS for name in columns):
        others = [d for d in DELIMITERS if d != delimiter and d in first_line]
        hint = (f"this line holds {DELIMITER_NAMES[others[0]]}; the columns must be separated "
                "by commas, semicolons or tabs" if others else
                "the first line names the columns: " + ", ".join(COLUMNS))
        return [Issue(label, 1, 1, "org-column-missing",
                      "the first line does not name the columns", (hint,))]
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
    return issues


def _add_row(doc: Document, record: Sequence[str], columns: Sequence[str], line: int,
             source: str, delimiter: str, issues: list[Issue]) -> None:
    """Append one record to the document as a mapping of its cells, each placed."""
    starts = field_starts(source, delimiter)
    index = len(doc.data)
    row: dict[str, str] = {}
    doc.data.append(row)
    doc.values[(index,)] = (line, 1)
    for number, cell in enumerate(record):
        column = starts[number] if number < len(starts) else 1
        if number >= len(columns):
            issues.append(Issue(doc.file, line, column, "org-row-too-long",
                                f"this row has {len(record)} values, the header {len(columns)}",
                                ("put values that hold the separator between double quotes",),
                                f"/{index}"))
            break
        name = columns[number]
        found = control_characters(cell)
        if found:
            issues.append(Issue(doc.file, line, column, "text-control-character",
                                f"the value of '{name}' contains the control character "
                                f"{found[0]}", ("remove it: values hold no control characters",),
                                f"/{index}/{name}"))
        row[name] = cell
        doc.values[(index, name)] = (line, column)
