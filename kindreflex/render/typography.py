"""Typography per language, applied once to a rendered page (text and readable attributes).

French sets a narrow no-break space (U+202F) before `:` `;` `?` `!` and inside guillemets
(« … »). Doing it here, on the finished HTML, covers content, UI strings and the literal
punctuation of templates alike, so nobody has to type the space in every string. URLs
(`https://`), times (`14:30`) and the contents of <style> and <script> are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NNBSP = "\u202f"
PUNCTUATION = ";:!?"
# Tags and the text between them; <style>/<script> bodies are kept whole as one token.
TOKENS = re.compile(r"(<style\b.*?</style>|<script\b.*?</script>|<!--.*?-->|<[^>]*>)",
                    re.IGNORECASE | re.DOTALL)
# Attributes whose value people read (bookmarks in the PDF, labels for screen readers, the
# page description).
READ_ATTRIBUTES = re.compile(r'(\s(?:data-bookmark|aria-label|title|alt|content)=")([^"]*)(")')
# A space (or none) before high punctuation that follows a word, and is itself followed by
# the end of the text, a space or closing punctuation: not `https://`, not `14:30`.
BEFORE = re.compile(rf"(?<=[^\s{PUNCTUATION}])[ \u00a0\u2009\u202f]?([{PUNCTUATION}])"
                    rf"(?=$|[\s»)\]”\"'.,<{PUNCTUATION}])")
OPEN_QUOTE = re.compile("«[ \u00a0]")
CLOSE_QUOTE = re.compile("[ \u00a0]»")


def _french_text(text: str) -> str:
    text = BEFORE.sub(NNBSP + r"\1", text)
    text = OPEN_QUOTE.sub("«" + NNBSP, text)
    return CLOSE_QUOTE.sub(NNBSP + "»", text)


def french(html: str) -> str:
    """The page with French spacing in its text and readable attributes."""
    parts = TOKENS.split(html)
    previous = " "  # the last character of text seen, across tags
    for index, part in enumerate(parts):
        if not part:
            continue
        if index % 2 == 1:  # a tag, comment, or a style/script element
            if not part.lower().startswith(("<style", "<script", "<!--")):
                parts[index] = READ_ATTRIBUTES.sub(
                    lambda m: m.group(1) + _french_text(m.group(2)) + m.group(3), part)
            continue
        # The last character before the tag takes part, for `<em>mot</em> :` and `Qui</b>:`;
        # the rules never change that character's length, so it is cut off again unchanged.
        parts[index] = _french_text(previous + part)[1:]
        previous = part[-1]
    return "".join(parts)


RULES: dict[str, Callable[[str], str]] = {"fr": french}
TEXT_RULES: dict[str, Callable[[str], str]] = {"fr": _french_text}

# A run of letters longer than any real word (the longest in the shipped plans has 21; the
# schema allows a text of 1,000 in one piece). WeasyPrint tries every hyphenation point of
# such a run with a new layout of the rest of the line: a 1,000-letter word took minutes.
LONG_WORD = re.compile(r"[^\W\d_]{40,}")
# Elements whose text may hold no markup.
RAW_TEXT = ("<title", "<textarea", "<option")


def long_words(html: str) -> str:
    """The page with each overlong run of letters in a `long-word` span (CSS: no automatic
    hyphenation; it breaks anywhere instead), so that its line breaking stays cheap."""
    if not LONG_WORD.search(html):
        return html  # the usual page: no need to take it apart (batch renders thousands)
    parts = TOKENS.split(html)
    for index in range(0, len(parts), 2):
        if index and parts[index - 1].lower().startswith(RAW_TEXT):
            continue
        parts[index] = LONG_WORD.sub(r'<span class="long-word">\g<0></span>', parts[index])
    return "".join(parts)


def finish(html: str, lang: str) -> str:
    """The page with the typography of its language (unchanged for languages without rules),
    and overlong words kept cheap to break in every language."""
    rule = RULES.get(lang.split("-")[0].lower())
    html = long_words(html)
    return rule(html) if rule else html


def finish_text(text: str, lang: str) -> str:
    """Plain text (not HTML: a string a script shows) with the typography of its language."""
    rule = TEXT_RULES.get(lang.split("-")[0].lower())
    return rule(text) if rule else text
