"""Code frames: the lines around an issue, numbered, the caret under its column; colour only
for a terminal that wants it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kindreflex.code_frames import MAX_WIDTH, format_issue, frame_of, wants_colour
from kindreflex.errors import Issue, Sources

from .helpers import MINI, copy_project, run

TEXT = "kind: framework\nid: kader\nsteps:\n  - id: acuut\n    who: medewerker\n  - id: b\n"


def sources(text: str = TEXT, file: str = "frameworks/kader.yaml") -> Sources:
    kept = Sources()
    kept.add(file, text)
    return kept


def issue(line: int, column: int, file: str = "frameworks/kader.yaml") -> Issue:
    return Issue(file, line, column, "schema-wrong-type", "'who' must be a list",
                 ("write who: [medewerker]",))


def test_the_frame_shows_the_lines_around_and_a_caret_under_the_column() -> None:
    assert format_issue(issue(5, 10), sources()) == (
        "frameworks/kader.yaml:5:10: error[schema-wrong-type]: 'who' must be a list\n"
        "  3 | steps:\n"
        "  4 |   - id: acuut\n"
        "  5 |     who: medewerker\n"
        "    |          ^\n"
        "  6 |   - id: b\n"
        "  hint: write who: [medewerker]")


def test_line_numbers_are_aligned_when_they_grow_a_digit() -> None:
    text = "".join(f"key{n}: {n}\n" for n in range(1, 12))
    shown = format_issue(issue(10, 1), sources(text)).splitlines()
    assert shown[1:6] == ["   8 | key8: 8", "   9 | key9: 9", "  10 | key10: 10",
                          "     | ^", "  11 | key11: 11"]


def test_no_frame_without_the_text_or_outside_it() -> None:
    plain = issue(5, 10).format_text()
    assert format_issue(issue(5, 10)) == plain
    assert format_issue(issue(5, 10, "frameworks/other.yaml"), sources()) == \
        issue(5, 10, "frameworks/other.yaml").format_text()
    assert frame_of(issue(99, 1), sources()) is None


def test_a_tab_and_a_control_character_keep_the_caret_under_its_column() -> None:
    frame = format_issue(issue(1, 4), sources("a:\t\x1bb: x\n")).splitlines()
    assert frame[1] == "  1 | a:→\\x1bb: x"
    # 'b' is the 5th character; before it stand 'a', ':', the tab (→) and ESC (4 columns).
    assert frame[2].index("^") - frame[1].index("a") == len("a:→")


def test_wide_characters_take_two_columns() -> None:
    frame = format_issue(issue(1, 8), sources("title: 中文 x\n")).splitlines()
    assert frame[2].index("^") - frame[1].index("t") == len("title: ")


def test_a_long_line_is_cut_around_the_column() -> None:
    text = "text: " + " ".join(f"word{n}" for n in range(200)) + "\n"
    column = text.index("word150") + 1
    line, caret = format_issue(issue(1, column), sources(text)).splitlines()[1:3]
    assert len(line) <= MAX_WIDTH + len("  1 | ")
    assert line.startswith("  1 | …") and line.endswith("…")
    assert line[caret.index("^"):].startswith("word150")


def test_colour_only_when_asked() -> None:
    assert "\x1b[" not in format_issue(issue(5, 10), sources())
    coloured = format_issue(issue(5, 10), sources(), colour=True)
    assert "\x1b[1;31merror[schema-wrong-type]\x1b[0m" in coloured
    assert "\x1b[1;31m" in coloured.splitlines()[4]  # the caret


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("stream", "env", "wanted"), [
    (Terminal(), {}, True),
    (io.StringIO(), {}, False),
    (Terminal(), {"NO_COLOR": "1"}, False),
    (Terminal(), {"TERM": "dumb"}, False),
    (Terminal(), {"NO_COLOR": ""}, True),  # set but empty: no-color.org says it does not count
])
def test_colour_is_for_a_terminal_that_wants_it(stream: io.StringIO, env: dict[str, str],
                                                wanted: bool,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert wants_colour(stream) is wanted


def test_the_cli_never_colours_what_is_not_a_terminal(tmp_path: Path) -> None:
    root = copy_project(MINI, tmp_path / "root")
    kader = root / "frameworks" / "kader.yaml"
    kader.write_text(kader.read_text().replace("who: [medewerker]", "who: medewerker", 1))
    for fmt in ("text", "json", "github"):
        result = run("validate", "--root", str(root), "--format", fmt)
        assert result.exit_code == 1 and "\x1b" not in result.output
        framed = "   | " in result.stdout
        assert framed is (fmt == "text"), fmt
