"""Interface words shown in English because a language's catalogue lacks them, marked as such.

A fallback word is wrapped in two noncharacters (Unicode keeps them for a program's own use)
wherever it goes: a template's text, a view's sentence, an attribute, a <title>. Once the page
is rendered, `language_spans` turns each marked word in the page's text into
`<span lang="en">…</span>` (so screen readers and the PDF's tags pronounce it as English) and
drops the marks where no element can stand (attributes, <title>, <style>).
"""

from __future__ import annotations

import re

FALLBACK_LANGUAGE = "en"  # the language of the messages themselves (the msgids)
OPEN, CLOSE = "\ufdd0", "\ufdd1"
_MARKED = re.compile(f"{OPEN}([^{OPEN}{CLOSE}<>]*){CLOSE}")
# Tags and the text between them; the bodies of elements that hold no markup are kept whole.
_TOKENS = re.compile(r"(<(style|script|title|textarea|option)\b.*?</\2\s*>|<!--.*?-->|<[^>]*>)",
                     re.IGNORECASE | re.DOTALL)


def mark(text: str) -> str:
    """`text` marked as a fallback word."""
    return f"{OPEN}{text}{CLOSE}"


def unmarked(text: str) -> str:
    """`text` without fallback marks (for PDF metadata, CSS, file names)."""
    return text.replace(OPEN, "").replace(CLOSE, "")


def language_spans(html: str) -> str:
    """The page with every marked word of its text in a `lang` span, and no marks left."""
    if OPEN not in html and CLOSE not in html:
        return html
    parts = _TOKENS.split(html)
    out: list[str] = []
    index = 0
    while index < len(parts):
        text = parts[index]
        out.append(_MARKED.sub(rf'<span lang="{FALLBACK_LANGUAGE}">\1</span>', text))
        if index + 1 < len(parts):
            out.append(parts[index + 1])  # a tag or a whole raw-text element
        index += 3  # text, the tag, the name group of the split
    return unmarked("".join(out))
