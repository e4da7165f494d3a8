"""A list in two balanced halves, side by side on paper, instead of a multi-column box.

WeasyPrint 70 lays a multi-column box out again and again to balance its columns (and the
page that holds it again when its page numbers are known late): the contents, sources and
signals in columns were most of the handout's render time. Split into two blocks in the
HTML, each is laid out once. Where the split falls is measured here, from the items' text:
the estimated lines of each item (its blocks' text over the characters a line of the column
holds), split where the taller half is as short as it can be, the first half never the
shorter, as balanced columns fill.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from html.parser import HTMLParser

from markupsafe import Markup

# Elements that start a line of their own; a heading takes more room than its line.
BLOCKS = frozenset({"p", "li", "dt", "dd", "div", "h1", "h2", "h3", "h4", "h5", "h6",
                    "section", "ul", "ol", "dl", "table", "tr", "blockquote"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
HEADING_LINES = 1.5
# Elements without an end tag.
VOID = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "col", "source"})


class _Items(HTMLParser):
    """Top-level elements of a snippet (their source text), and the lines each will take."""

    def __init__(self, chars_per_line: float, run_in: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.chars_per_line = chars_per_line
        self.run_in = run_in
        self.depth = 0
        self.starts: list[int] = []  # source offset of each top-level element
        self.lines: list[float] = []
        self.text = ""  # the text of the block being read
        self.heading = False

    def _end_block(self) -> None:
        text = " ".join(self.text.split())
        if text:
            # A run-in item shares its lines with the next: its share, not whole lines.
            lines = len(text) / self.chars_per_line
            lines = lines if self.run_in else math.ceil(lines)
            self.lines[-1] += lines * (HEADING_LINES if self.heading else 1)
        self.text = ""
        self.heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS and self.lines and not self.run_in:
            self._end_block()
        if self.depth == 0:
            self.starts.append(self._offset())
            self.lines.append(0.0)
        self.heading = self.heading or tag in HEADINGS
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS and self.lines and (not self.run_in or self.depth == 1):
            self._end_block()
        self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text += data

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def feed_snippet(self, snippet: str) -> None:
        """Read a whole snippet."""
        self._line_starts = [0]
        for line in snippet.splitlines(keepends=True):
            self._line_starts.append(self._line_starts[-1] + len(line))
        self.feed(snippet)
        self.close()
        if self.lines:
            self._end_block()


def split_point(lines: Sequence[float]) -> int:
    """How many items go into the first half: as balanced columns do, the lowest height
    that holds every item in two columns, and the first column filled up to it."""
    prefix = list(itertools.accumulate(lines, initial=0.0))
    total = prefix[-1]
    height = min(max(before, total - before) for before in prefix)
    # (A hair of tolerance: the sums of one split, added up in two orders, may differ.)
    return max(index for index, before in enumerate(prefix) if before <= height + 1e-9)


def halves(snippet: str, chars_per_line: float, run_in: bool = False) -> tuple[Markup, Markup]:
    """The top-level elements of an HTML snippet as two balanced halves (the template filter
    `halves`): each half is the items' source as written, in order. `run_in`: the items are
    set one after the other in one paragraph (inline), not each on lines of its own."""
    items = _Items(max(float(chars_per_line), 1.0), run_in)  # a theme may pass anything
    items.feed_snippet(str(snippet))
    if not items.starts:
        return Markup(snippet), Markup("")
    cut = split_point(items.lines)
    at = items.starts[cut] if cut < len(items.starts) else len(snippet)
    return Markup(str(snippet)[:at]), Markup(str(snippet)[at:])
