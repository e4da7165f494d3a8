"""Interface words shown in English because a language's catalogue lacks them, marked as such.

A fallback word is wrapped in two noncharacters (Unicode keeps them for a program's own use)
wherever it goes: a template's text, a view's sentence, an attribute, a <title>. Once the page
is rendered, `language_spans` turns each marked word in the page's text into
`<span lang="en">…</span>` (so screen readers and the PDF's tags pronounce it as English) and
drops the marks where no element can stand (attributes, <title>, <style>). It also gives
every element in a language written the other way than the page its `dir` (`<html dir="rtl">`
for an Arabic plan, `dir="ltr"` on an English word in it, on every phone number and web or
e-mail address, and on every number written in groups), so browsers and WeasyPrint set each
line in its order and align it on its side.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .i18n import text_direction

FALLBACK_LANGUAGE = "en"  # the language of the messages themselves (the msgids)
OPEN, CLOSE = "\ufdd0", "\ufdd1"
_MARKED = re.compile(f"{OPEN}([^{OPEN}{CLOSE}<>]*){CLOSE}")
# What stands between two marked words of one text.
_BETWEEN_MARKS = re.compile(f"{CLOSE}([^{OPEN}{CLOSE}<>]*){OPEN}")
# Tags and the text between them; the bodies of elements that hold no markup are kept whole.
_TOKENS = re.compile(r"(<(style|script|title|textarea|option)\b.*?</\2\s*>|<!--.*?-->|<[^>]*>)",
                     re.IGNORECASE | re.DOTALL)
# A span with a direction of its own around text alone: its opening tag, its text, its end.
_DIRECTED_SPAN = re.compile(r'(<span [^>]*\sdir="[a-z]+">)([^<]*)(</span>)')
# The start of an element that holds a phone number (class `tel`), a web address or an
# e-mail address (class `url`, `url-whole`), without a `dir` of its own.
_LEFT_TO_RIGHT = re.compile(r'<(a|span)\b(?![^>]*\sdir=)'
                            r'(?=[^>]*\sclass="(?:[^"]*\s)?(?:tel|url|url-whole)(?:\s[^"]*)?")')
# Digits in groups ("800 12 12 12", "+32 2 548 98 00", "1 000"): one number, read from its
# first group in any language. Spaces are neutral to the bidirectional algorithm, so a line
# set from the right would set the groups from the right too ("12 12 12 800").
_GROUPED_NUMBER = re.compile(r"(?<![\w+])\+?\d+(?:[ \u00a0\u202f]\d+)+(?!\w)")
# A start tag with a `lang` attribute and no `dir` (our templates quote attributes with ").
_LANG_TAG = re.compile(r'<([a-z][a-z0-9]*)\b(?![^>]*\sdir=)([^>]*?\slang="([^"]+)")',
                       re.IGNORECASE)


def mark(text: str) -> str:
    """`text` marked as a fallback word."""
    return f"{OPEN}{text}{CLOSE}"


def unmarked(text: str) -> str:
    """`text` without fallback marks (for PDF metadata, CSS, file names)."""
    return text.replace(OPEN, "").replace(CLOSE, "")


def language_spans(html: str) -> str:
    """The page with every marked word of its text in a `lang` span, and no marks left, and
    `dir` on every element whose language is written the other way than the page's."""
    return with_directions(_marked_words(html))


def with_directions(html: str) -> str:
    """`dir` on `<html>` in a language written from right to left, and on every element in a
    language written the other way than the page's (see the module's docstring)."""
    match = _LANG_TAG.search(html)
    if match is None:
        return html
    page = text_direction(match.group(3)) if match.group(1).lower() == "html" else "ltr"
    if page == "ltr" and all(text_direction(code) == "ltr"
                             for code in set(re.findall(r'\slang="([^"]+)"', html))):
        return html  # the usual page: nothing to add, not a byte changed

    if page == "rtl":
        # A phone number, an address or an e-mail is written from the left in any language:
        # set from the right, "800 12 12 12" would read "12 12 12 800" (a number to dial).
        html = _numbers_left_to_right(_LEFT_TO_RIGHT.sub(r'<\1 dir="ltr"', html))

    def directed(tag: re.Match[str]) -> str:
        own = text_direction(tag.group(3))
        if tag.group(1).lower() == "html":
            return f'{tag.group(0)} dir="{own}"' if own == "rtl" else tag.group(0)
        return f'{tag.group(0)} dir="{own}"' if own != page else tag.group(0)

    # A space at the edge of a part set the other way would be set on the far side of its
    # words ("For " before a name shows as "nameFor"): it goes outside the part.
    return _DIRECTED_SPAN.sub(_spaces_outside, _LANG_TAG.sub(directed, html))


def _numbers_left_to_right(html: str) -> str:
    """Every number written in groups in the page's text, outside an element already set
    from the left (a phone number's `tel`), in a span set from the left (class `number`: on
    one line, as a `tel` is): a number the text says where no `tel` can be (in a link's text,
    a title) reads as it is dialled too."""
    def change(text: str, tag: str) -> str:
        if ' dir="ltr"' in tag and not tag.startswith("</"):
            return text
        return _GROUPED_NUMBER.sub(r'<span class="number" dir="ltr">\g<0></span>', text)

    return _each_text(html, change)


def _joined(between: re.Match[str]) -> str:
    """Two marked words as one when nothing stands between them, or a number: a fallback
    message with a number in it ("PDF, 6 pages") or that names a fallback title ("see “When
    a child tells you something” at the top.") is one English part. As parts of their own,
    a line set from the right would set them from the right. Anything else between (a name,
    or only a space: two messages) keeps them apart."""
    text = between.group(1)
    number = any(char.isdigit() for char in text) and not any(char.isalpha() for char in text)
    return text if not text or number else between.group(0)


def _spaces_outside(span: re.Match[str]) -> str:
    """A span's text with the spaces at its edges moved out of it."""
    opening, text, closing = span.groups()
    words = text.strip()
    if not words:
        return span.group(0)
    before, after = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{before}{opening}{words}{closing}{after}"


def _marked_words(html: str) -> str:
    """The page with every marked word of its text in a `lang` span, and no marks left."""
    if OPEN not in html and CLOSE not in html:
        return html
    return unmarked(_each_text(html, lambda text, _tag: _MARKED.sub(
        rf'<span lang="{FALLBACK_LANGUAGE}">\1</span>', _BETWEEN_MARKS.sub(_joined, text))))


def _each_text(html: str, change: Callable[[str, str], str]) -> str:
    """The page with `change(text, the tag before it)` for each text between its tags (the
    bodies of elements that hold no markup, and every tag, kept as they are)."""
    parts = _TOKENS.split(html)  # text, a tag, the split's name group, text, …
    out: list[str] = []
    for index in range(0, len(parts), 3):
        out.append(change(parts[index], parts[index - 2] if index else ""))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
