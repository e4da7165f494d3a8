"""YAML structure errors that come from indentation are explained as indentation: the line
that is out of line, and the column it belongs at (from the lines beside it)."""

from __future__ import annotations

import pytest

from kindreflex.framework.yaml_source import load_yaml_bytes

from ..helpers import MINI

KADER = (MINI / "frameworks" / "kader.yaml").read_text(encoding="utf-8")
SPORT = (MINI / "frameworks" / "sectors" / "sport.yaml").read_text(encoding="utf-8")


def first_issue(text: str) -> tuple[str, int, int, str, tuple[str, ...]]:
    doc, issues = load_yaml_bytes(text.encode("utf-8"), "f.yaml")
    assert doc is None and issues
    issue = issues[0]
    return issue.code, issue.line, issue.column, issue.message, issue.hints


def line_of(text: str, content: str) -> int:
    return text.splitlines().index(content) + 1


@pytest.mark.parametrize(("old", "new", "moved", "expected"), [
    # A field moved two spaces right, and one space left, of its siblings.
    ("    who: [medewerker]\n    actions:", "      who: [medewerker]\n    actions:",
     "      who: [medewerker]", 5),
    ("    who: [medewerker]\n    actions:", "   who: [medewerker]\n    actions:",
     "   who: [medewerker]", 5),
    # A list item indented by 3 where its siblings have 2 (YAML names the list's start).
    ("  - id: noteren\n", "   - id: noteren\n", "   - id: noteren", 3),
    # A field of a decision moved left, onto no column of its block.
    ("        acute: true\n        options:", "      acute: true\n        options:",
     "      acute: true", 9),
    # A field that a plain text would swallow ("mapping values are not allowed").
    ("    name: {nl: medewerker, en: worker}\n", "     name: {nl: medewerker, en: worker}\n",
     "     name: {nl: medewerker, en: worker}", 5),
    # A top-level field indented by one.
    ("routes:\n", " routes:\n", " routes:", 1),
])
def test_the_line_out_of_line_and_its_column(old: str, new: str, moved: str,
                                             expected: int) -> None:
    assert old in KADER
    text = KADER.replace(old, new, 1)
    code, line, column, message, hints = first_issue(text)
    assert code == "yaml-indentation", message
    assert line == line_of(text, moved)
    assert column == len(moved) - len(moved.lstrip()) + 1
    assert message.startswith("wrong indentation: ")
    assert f"column {expected}" in message and "move" in hints[0] and \
        f"column {expected}" in hints[0]


def test_a_value_moved_left_is_found_where_yaml_stops_on_the_next_line() -> None:
    # YAML reads `nl:` as a field of the step (the title empty) and stops on `en:`.
    text = KADER.replace("    title: {nl: Noteer wat je ziet, en: Write down what you see}\n",
                         "    title:\n    nl: Noteer wat je ziet\n      en: Write down\n", 1)
    code, line, column, message, hints = first_issue(text)
    assert (code, line, column) == ("yaml-indentation", line_of(text, "    nl: Noteer wat je ziet"),
                                    5)
    assert "not inside 'title'" in message and "column 7" in message
    assert hints == (f"move it to column 7, under 'en' on line {line + 1}",)


def test_a_value_on_its_own_line_left_of_its_field() -> None:
    text = KADER.replace("    title: {nl: Noteer wat je ziet, en: Write down what you see}\n",
                         "    title:\n  {nl: Noteer wat je ziet, en: Write down}\n", 1)
    code, line, _column, message, hints = first_issue(text)
    assert code == "yaml-indentation" and line == line_of(text, "    title:") + 1
    assert "the value of 'title'" in message and "column 7" in hints[0]


def test_other_syntax_errors_stay_syntax_errors() -> None:
    for broken in (KADER.replace("who: [medewerker]", "who: [medewerker", 1),
                   KADER.replace("    who: [verantwoordelijke]\nroutes",
                                 "    who [verantwoordelijke]\nroutes", 1)):
        assert first_issue(broken)[0] == "yaml-syntax"


@pytest.mark.parametrize("source", [KADER, SPORT], ids=["framework", "sector"])
def test_nearly_every_line_moved_is_the_line_named(source: str) -> None:
    """Every line of the sample files moved 1 or 2 columns either way: each move YAML cannot
    read is reported as indentation, and at the moved line in at least 95 of 100 cases (the
    rest are moves that read as another, valid nesting of the lines beside them)."""
    lines = source.splitlines(keepends=True)
    named = broken = 0
    for index, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        for shift in (-2, -1, 1, 2):
            if indent + shift < 0:
                continue
            moved = [*lines[:index], " " * (indent + shift) + line.lstrip(" "),
                     *lines[index + 1:]]
            doc, issues = load_yaml_bytes("".join(moved).encode("utf-8"), "f.yaml")
            if doc is not None:
                continue  # another valid nesting: the schema check says what is wrong
            broken += 1
            assert issues[0].code == "yaml-indentation", (index + 1, shift, issues[0])
            named += issues[0].line == index + 1
    assert broken > 50
    assert named >= 0.95 * broken, (named, broken)
