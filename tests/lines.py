"""Line numbers found from the files themselves, never written into a test.

A test that expects `frameworks/kader.yaml:28:19` breaks when a line is added above line 28 for
a reason unrelated to it. `line_of(path, text)` gives the number of the line of a file that
holds `text`. Expected outputs (`tests/invalid/*/expected.txt`) write a line number as
`{line:TEXT}`, or `{line:TEXT#N}` for the N-th of several lines that hold TEXT: a line of the
file named right before it (`PATH:{line:TEXT}`), else of the file the message is located in
(the `PATH:line:column:` its output line, or the line it is a hint of, starts with).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

PLACEHOLDER = re.compile(r"(?:(?P<file>[^\s:()'\"]+):)?\{line:(?P<text>[^}]*?)(?:#(?P<nth>\d+))?\}")
# `PATH:LINE` as a message locates something, and a line a message names in words.
LOCATION = re.compile(r"(?P<file>[^\s:()'\"]+):(?P<line>\d+)\b")
LINE_IN_WORDS = re.compile(r"\bline (?P<line>\d+)\b")
# The file an output line is located in: `PATH:` at its start (a hint line has none).
LINE_START = re.compile(r"^(?P<file>[^\s:]+):")
QUOTE_CHARS = 48  # the longest quote a generated placeholder holds: short enough to read
# The gutter of a code frame's row (`  53 | text`, and `     | ^` under the line).
FRAME_GUTTER = re.compile(r"^ *\d* \| ", re.MULTILINE)


def file_lines(path: Path) -> list[str]:
    """The lines of a text file (bytes that are not UTF-8 read as U+FFFD)."""
    return path.read_bytes().decode("utf-8", errors="replace").splitlines()


def line_of(path: Path, text: str, nth: int | None = None) -> int:
    """The number (1-based) of the one line of `path` that holds `text`, or of the `nth` of
    the lines that hold it."""
    found = [number for number, line in enumerate(file_lines(path), 1) if text in line]
    if nth is None:
        assert len(found) == 1, f"{path}: {text!r} is on lines {found}, not on exactly one"
        return found[0]
    assert len(found) >= nth, f"{path}: {text!r} is on lines {found}, not on {nth}"
    return found[nth - 1]


def each_output_line(output: str, change: Callable[[str, str | None], str]) -> str:
    """`output` with `change(line, file it is located in)` applied to each of its lines."""
    located: str | None = None
    changed = []
    for line in output.split("\n"):
        start = LINE_START.match(line)
        located = start.group("file") if start else located
        changed.append(change(line, located))
    return "\n".join(changed)


def without_frame_numbers(output: str) -> str:
    """`output` with the numbers of its code frames' rows left out (`  | text`): a frame shows
    the lines of a fixture around an issue, and the issue's own line is checked by its
    `PATH:{line:TEXT}`; tests/test_code_frames.py checks how frames are numbered."""
    return FRAME_GUTTER.sub("  | ", output)


def resolve_lines(expected: str, root: Path) -> str:
    """`expected` with every `{line:TEXT}` replaced by the number of its line under `root`."""
    def resolve(line: str, located: str | None) -> str:
        def number(match: re.Match[str]) -> str:
            file = match.group("file") or located
            assert file, f"no file for the placeholder in {line!r}"
            nth = int(match.group("nth")) if match.group("nth") else None
            found = line_of(root / file, match.group("text"), nth)
            return f"{match.group('file')}:{found}" if match.group("file") else str(found)

        return PLACEHOLDER.sub(number, line)

    return each_output_line(expected, resolve)


def quote_for(lines: list[str], number: int) -> str:
    """What a placeholder quotes for line `number`: the shortest start (two words or more) of a
    piece of it between braces that no other line holds, else the first piece with its
    place among the lines that hold it (`TEXT#N`)."""
    # A placeholder ends at `}`; a byte that is not UTF-8 or a control character cannot be
    # quoted; a quote without the braces and list dashes of YAML's flow style reads better.
    pieces = [piece.strip().removeprefix("- ").strip()
              for piece in re.split(r"[{}\ufffd\x00-\x08\x0a-\x1f\x7f-\x9f]", lines[number - 1])]
    pieces = [piece for piece in pieces if piece.strip("-,[] ")]
    for piece in pieces:
        words = piece.split(" ")
        for count in range(min(2, len(words)), len(words) + 1):
            start = " ".join(words[:count])[:QUOTE_CHARS]
            for quote in dict.fromkeys((start.rstrip(" ,"), start.rstrip())):
                if sum(quote in line for line in lines) == 1:
                    return quote
            if len(start) >= QUOTE_CHARS:
                break
    quote = (pieces[0] if pieces else lines[number - 1].strip())[:QUOTE_CHARS].rstrip(" ,")
    holders = [n for n, line in enumerate(lines, 1) if quote in line]
    return f"{quote}#{holders.index(number) + 1}"


def quote_at(path: Path, number: int) -> str | None:
    """The quote for line `number` of `path`, if it is a regular file with such a line."""
    if not path.is_file() or path.is_symlink():
        return None
    lines = file_lines(path)
    return quote_for(lines, number) if 1 <= number <= len(lines) and lines[number - 1].strip() \
        else None


def with_placeholders(output: str, root: Path) -> str:
    """`output` with each line number of a file under `root` written as a placeholder: what
    `KINDREFLEX_UPDATE_GOLDEN=1` writes to an expected file (review the diff)."""
    def place(line: str, located: str | None) -> str:
        def in_file(match: re.Match[str]) -> str:
            quote = quote_at(root / match.group("file"), int(match.group("line")))
            return match.group(0) if quote is None else \
                f"{match.group('file')}:{{line:{quote}}}"

        def in_words(match: re.Match[str]) -> str:
            quote = quote_at(root / located, int(match.group("line"))) if located else None
            return match.group(0) if quote is None else f"line {{line:{quote}}}"

        return LINE_IN_WORDS.sub(in_words, LOCATION.sub(in_file, line))

    return each_output_line(without_frame_numbers(output), place)
