"""YAML structure errors that come from indentation, explained as indentation.

PyYAML reports where its parser got stuck ("did not find expected key", "mapping values are
not allowed here"), which is often the line after the mistake, or the start of the list many
lines up. Here the file's block structure is followed line by line (the columns at which its
mappings and lists stand) to find the line that stands at no column its neighbours use; each
guess is checked by parsing the file again with that line moved to the column proposed, so a
message only says "indentation" when moving that line is what makes the file readable.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

import yaml

# A field name, then ':' and a space or the end of the line: plain, or in quotes.
_KEY = re.compile(r"""(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\[\]{},:][^#]*?|:[^\s#]+?)"""
                  r"""[ \t]*:(?=[ \t]|$)""")
_BLOCK_SCALAR = re.compile(r"[|>][0-9+-]*\s*(#.*)?$")
# The keys of a text in several languages: `nl`, `fr-BE` (docs/format.md, "Texts").
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
# How far before the line where YAML stopped the mistake may lie, and how many lines out of
# line (the nearest to it) are tried: each guess costs a parse of the file.
WINDOW = 60
GROUPS = 3


@dataclass(frozen=True)
class Line:
    """One line that gives the file structure: a field, a list item, or a value on its own."""

    number: int  # 1-based
    indent: int  # spaces before its first character
    item: bool  # starts with '- '
    key: str | None  # the field it starts (for an item: the field after the '- ')
    inner: int  # for an item: the column (0-based) of what follows the '- '
    opens: bool  # its value is on the next lines (`key:` or `-` with nothing after)


@dataclass(frozen=True)
class Level:
    """A block the structure is in: a mapping's fields or a list's items, at one column."""

    indent: int
    kind: str  # "map" or "seq"
    line: int  # the last line at this column in this block so far
    keys: tuple[str | None, ...]  # the field of each line at it so far (None: a list item)
    parent: int | None  # the column of the field (or '-') it belongs to; None: the file's top
    item_fields: bool = False  # the fields of a list item (their column follows the '- ')

    @property
    def key(self) -> str | None:
        """The field of its last line."""
        return self.keys[-1]


@dataclass(frozen=True)
class Misplaced:
    """A line that stands at the wrong column, and the column it belongs at."""

    line: int
    indent: int  # where it is (0-based)
    expected: int  # where it belongs (0-based)
    item: bool
    key: str | None
    sibling: Level | None  # a line already at the expected column
    owner: Line | None = None  # the field whose value it is (a value on its own line)
    within: Line | None = None  # the `key:` whose value it begins (it stands left of it)
    usual: bool = True  # the expected column is one the file's indentation step leads to


def _structure(text: str) -> Iterator[Line]:
    """The lines of `text` that give it structure: comments, blank lines, the inside of
    block scalars, multi-line quoted or flow values and continued plain texts are left out."""
    lines = text.split("\n")
    number = 0
    skip_deeper_than: int | None = None  # inside a block scalar: lines deeper than this
    open_flow = 0
    open_quote: str | None = None
    last_key_indent: int | None = None
    while number < len(lines):
        raw = lines[number].rstrip("\r")
        number += 1
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip(" "))
        if open_flow or open_quote:
            open_flow, open_quote, _comment = _scan(raw, open_flow, open_quote)
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if skip_deeper_than is not None:
            if indent > skip_deeper_than:
                continue
            skip_deeper_than = None
        content = raw[indent:]
        item = content == "-" or content.startswith(("- ", "-\t"))
        inner = indent
        if item:
            rest = content[1:]
            inner = indent + 1 + len(rest) - len(rest.lstrip(" "))
            content = rest.strip()
        match = _KEY.match(content)
        key = match.group("key").strip("'\"") if match else None
        value = content[match.end():] if match else ("" if item and not content else content)
        value = value[:_scan(value, 0, None)[2]].strip()
        if key is None and not item and last_key_indent is not None and indent > last_key_indent:
            continue  # a plain text continued on the next line
        opens = value == "" and (key is not None or item)
        if _BLOCK_SCALAR.match(value):
            skip_deeper_than = indent if not item or key is None else inner
        else:
            open_flow, open_quote, _comment = _scan(value, 0, None)
        last_key_indent = None if opens else (inner if item and key else indent)
        yield Line(number, indent, item, key, inner, opens)


def _scan(text: str, flow: int, quote: str | None) -> tuple[int, str | None, int]:
    """Brackets and the quote still open at the end of `text`, and where a comment starts
    in it (its length if none does)."""
    index = 0
    while index < len(text):
        char = text[index]
        if quote == '"':
            if char == "\\":
                index += 1
            elif char == '"':
                quote = None
        elif quote == "'":
            if char == "'":
                quote = None
        elif char in "\"'" and (index == 0 or text[index - 1] in " \t[{,:"):
            quote = char
        elif char in "[{":
            flow += 1
        elif char in "]}":
            flow = max(0, flow - 1)
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            return flow, quote, index
        index += 1
    return flow, quote, len(text)


def misplaced_lines(text: str, before: int) -> Iterator[list[Misplaced]]:
    """For each line up to line `before` that stands at a column its block does not use,
    the guesses of what is out of line, likeliest first: the first line after a `key:` left
    empty, when this one stands right of that key (the value's first line stands too far
    left); the line before, if it ended a block this one goes on with (it was moved out of
    it); this line at the column of the closest block of its kind; or the only other line
    of a block, at this column."""
    stack: list[Level] = []
    opener: Line | None = None
    closed: tuple[Line, list[Level]] | None = None  # the last line placed, the blocks it ended
    # A `key:` whose value came out empty and the line after it, while lines to the right of
    # that key follow (that line may be its value's first, too far left).
    left_empty: tuple[Line, Line] | None = None
    steps: Counter[int] = Counter()  # how far the blocks so far are indented under their key
    for line in _structure(text):
        if line.number > before:
            return
        kind = "seq" if line.item else "map"
        if opener is not None:
            deeper = line.indent > opener.indent or (
                line.item and line.indent == opener.indent and not opener.item)
            if deeper:
                steps[line.indent - opener.indent] += 1
                stack = [level for level in stack if level.indent < line.indent
                         or (level.indent == line.indent and level.kind == "map" and line.item)]
                stack.append(Level(line.indent, kind, line.number, (line.key,), opener.indent))
                opener, closed = _push_inner(stack, line), None
                continue
            if line.key is None and not line.item:
                yield [Misplaced(line.number, line.indent, opener.indent + 2, False, None, None,
                                 opener)]
                opener = None
                continue
            left_empty = (opener, line)
            opener = None  # an empty value (`key:` then a sibling): fine
        placed = _place(stack, line, kind) if stack else [
            Level(line.indent, kind, line.number, (line.key,), None)]
        if placed is None:
            step = steps.most_common(1)[0][0] if steps else 2
            # A column the file's own indentation step leads to, and a short move, first.
            yield sorted(_guesses(stack, line, kind, closed, left_empty, step),
                         key=lambda guess: (not guess.usual, abs(guess.expected - guess.indent)))
            continue  # as if it stood where it belongs: a later mistake is still found
        closed = (line, [level for level in stack if level.indent > line.indent])
        if left_empty is not None and line is not left_empty[1] \
                and line.indent <= left_empty[0].indent:
            left_empty = None
        stack = placed
        opener = _push_inner(stack, line)


def _place(stack: list[Level], line: Line, kind: str) -> list[Level] | None:
    """The stack with `line` as a sibling at its level, or None if no level is at its column."""
    remaining = [level for level in stack if level.indent <= line.indent]
    while remaining and remaining[-1].indent == line.indent and remaining[-1].kind != kind \
            and kind == "map":
        remaining.pop()  # an indentless list ends: its mapping's next field
    if remaining and remaining[-1].indent == line.indent and remaining[-1].kind == kind:
        remaining[-1] = replace(remaining[-1], line=line.number,
                                keys=(*remaining[-1].keys, line.key))
        return remaining
    return None


def _push_inner(stack: list[Level], line: Line) -> Line | None:
    """Add the mapping a list item's field starts; the line if its value comes next."""
    if line.item and line.key is not None:
        stack.append(Level(line.inner, "map", line.number, (line.key,), line.indent, True))
        return replace(line, indent=line.inner, item=False) if line.opens else None
    return line if line.opens else None


def _may_join(key: str | None, keys: tuple[str | None, ...]) -> bool:
    """Whether a field may belong among `keys`: not one of them, and a language tag if they
    all are (the languages of a text: `audience` after a text's `fr:` is the item's own; one
    key says too little, `id` is also Indonesian)."""
    if key in keys:
        return False
    if len(keys) > 1 and all(k is not None and LANGUAGE_TAG.fullmatch(k) for k in keys):
        return key is not None and LANGUAGE_TAG.fullmatch(key) is not None
    return True


def _guesses(stack: list[Level], line: Line, kind: str, closed: tuple[Line, list[Level]] | None,
             left_empty: tuple[Line, Line] | None, step: int) -> list[Misplaced]:
    """What may be out of line when `line` stands at no block's column (see misplaced_lines)."""
    def guess(moved: Line | Level, number: int, expected: int, sibling: Level) -> Misplaced:
        item = moved.item if isinstance(moved, Line) else moved.kind == "seq"
        indent = moved.indent
        usual = sibling.item_fields or (
            expected == 0 if sibling.parent is None else
            expected - sibling.parent == step or (item and expected == sibling.parent))
        return Misplaced(number, indent, expected, item, moved.key, sibling, usual=usual)

    here = Level(line.indent, kind, line.number, (line.key,), None)
    guesses = []
    if left_empty is not None and line.indent > left_empty[0].indent:
        opener, first = left_empty
        guesses.append(replace(guess(first, first.number, line.indent,
                                     replace(here, parent=opener.indent)), within=opener))
    if closed is not None:
        previous, ended = closed
        reopened = next((level for level in ended if level.indent == line.indent
                         and level.kind == ("seq" if previous.item else "map")
                         and _may_join(previous.key, level.keys)), None)
        if reopened is not None:
            guesses.append(guess(previous, previous.number, line.indent, reopened))
    candidates = sorted((level for level in stack if level.kind == kind
                         and (line.item or _may_join(line.key, level.keys))),
                        key=lambda level: (abs(level.indent - line.indent), -level.indent))
    guesses += [guess(line, line.number, level.indent, level) for level in candidates[:2]]
    lonely = next((level for level in reversed(stack) if level.kind == kind
                   and level.indent != line.indent and len(level.keys) == 1), None)
    if lonely is not None:
        guesses.append(guess(lonely, lonely.line, line.indent,
                             replace(here, parent=lonely.parent,
                                     item_fields=lonely.item_fields)))
    return guesses


def reindented(text: str, guess: Misplaced, with_block: bool) -> str:
    """`text` with the guessed line moved to its column; `with_block`: the lines below it
    that are indented more than it (its value, its item's fields) move along."""
    lines = text.split("\n")
    shift = guess.expected - guess.indent
    index = guess.line - 1
    end = index + 1
    while with_block and end < len(lines) and (
            not lines[end].strip() or _indent(lines[end]) > guess.indent):
        end += 1
    for number in range(index, end):
        line = lines[number]
        if line.strip():
            lines[number] = " " * shift + line if shift > 0 else \
                line[min(-shift, _indent(line)):]
    return "\n".join(lines)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _reads(text: str, loader: type[yaml.SafeLoader]) -> int | None:
    """None if `text` parses; else the line (1-based) where parsing stops."""
    try:
        for _event in yaml.parse(text, Loader=loader):
            pass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return mark.line + 1 if mark is not None else 0
    except yaml.YAMLError:
        return 0
    return None


def find_misplaced(text: str, stuck_at: int, loader: type[yaml.SafeLoader],
                   since: int | None = None) -> Misplaced | None:
    """The line whose indentation stops YAML at line `stuck_at` (1-based): moving it (alone,
    or with the lines of its block) to a column its neighbours use makes the file readable,
    or else lets YAML read furthest past `stuck_at`."""
    first = max(1, min(since or stuck_at, stuck_at) - WINDOW)
    groups = [group for group in misplaced_lines(text, stuck_at)
              if group and group[0].line >= first][-GROUPS:]
    best: tuple[int, Misplaced] | None = None
    # The line nearest to where YAML stopped first, each with its likeliest guess first.
    for guess in (guess for group in reversed(groups) for guess in group):
        for with_block in (False, True):
            stops = _reads(reindented(text, guess, with_block), loader)
            if stops is None:
                return guess
            if stops > stuck_at and (best is None or stops > best[0]):
                best = (stops, guess)
    return best[1] if best else None


def indentation_message(guess: Misplaced) -> tuple[str, tuple[str, ...]]:
    """The message and hints of an indentation mistake (at column `guess.indent + 1`)."""
    where, expected = guess.indent + 1, guess.expected + 1
    if guess.owner is not None:
        owner = guess.owner
        return (f"wrong indentation: the value of '{owner.key}' (line {owner.number}) starts at "
                f"column {where}, not to the right of '{owner.key}'",
                (f"indent this line to column {expected}, or put the value on line "
                 f"{owner.number} after '{owner.key}:'",))
    sibling = guess.sibling
    if guess.item:
        like = f", the column of the '-' on line {sibling.line}" if sibling else ""
        return (f"wrong indentation: this list item's '-' is at column {where}, but the other "
                f"items of its list have it at column {expected}",
                (f"move the '-' to column {expected}{like}",))
    name = f"'{guess.key}'" if guess.key else "this line"
    if guess.within is not None and guess.within.key is not None:
        within = guess.within
        return (f"wrong indentation: {name} starts at column {where}, so it is not inside "
                f"'{within.key}' (line {within.number}), whose other fields start at column "
                f"{expected}",
                (f"move it to column {expected}, under '{sibling.key}' on line {sibling.line}"
                 if sibling is not None and sibling.key else
                 f"move it to column {expected}",))
    like = ""
    if sibling is not None:
        like = (f", the column of '{sibling.key}' on line {sibling.line}" if sibling.key
                else f", the column of line {sibling.line}")
    return (f"wrong indentation: {name} starts at column {where}, but the fields beside it "
            f"start at column {expected}",
            (f"move it to column {expected}{like}",))
