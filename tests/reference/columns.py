"""The handout with its lists in multi-column boxes again: the "before" of issue 24 point 1.

Today's print HTML sets the contents, the sources and the signals as two balanced halves
(`div.halves` with two `.half` lists, templates/macros.html.j2 `two_halves`). "Before" joins
each pair back into the one list it was and appends the CSS rules of that time (the lists as
`columns: 2` boxes with their gaps, the contents' and sources' bottom margins on their
sections), so the two sides differ in that construct alone: same content, same templates.
"""

from __future__ import annotations

import re

HALVES = re.compile(
    r'<div class="halves(?: (?P<cls>[^"]+))?"><(?P<tag>\w+) class="half">(?P<first>.*?)'
    r'</(?P=tag)><(?P=tag) class="half">(?P<second>.*?)</(?P=tag)></div>', re.DOTALL)
# The rules as they were, appended last so they win; the halves' own rules no longer match.
COLUMNS_CSS = """
.toc ol { columns: 2; column-gap: 12mm; margin-bottom: 0; }
.signal-list { columns: 2; column-gap: 8mm; }
.sources ul { columns: 2; column-gap: 6mm; padding: 0; list-style: none; margin-bottom: 0; }
"""


def _joined(match: re.Match[str]) -> str:
    cls = f' class="{match["cls"]}"' if match["cls"] else ""
    return f'<{match["tag"]}{cls}>{match["first"]}{match["second"]}</{match["tag"]}>'


def with_columns(html: str) -> str:
    """Today's print HTML of the handout with its lists in multi-column boxes."""
    html, found = HALVES.subn(_joined, html)
    if found != 3:
        raise ValueError(f"expected the contents, sources and signals in halves, found {found}")
    return html.replace("</style>", COLUMNS_CSS + "</style>", 1)
