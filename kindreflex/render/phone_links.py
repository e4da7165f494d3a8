"""The phone numbers a body text says, made tel: links for the web page ("bel 1712")."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from markupsafe import Markup, escape

from ..framework.phones import PhoneInText, phones_in_text

# Tags and the text between them. The HTML is a text the page's own code made (inline
# Markdown, escaped by markupsafe), so a `>` inside an attribute value is always `&gt;`.
_TAG = re.compile(r"(<[^>]*>)")
_LINK_OPEN = re.compile(r"<a[\s>]", re.IGNORECASE)
_LINK_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)


def link_phones(text: Markup, region: str, known: Iterable[str] = ()) -> Markup:
    """`text` (safe inline HTML) with every phone number it says in a `tel:` link.

    Numbers are found by `framework.phones.phones_in_text` (the region's numbers, and the
    plan's own short numbers, `known`). Text inside a link stays as it is: a link is never
    put inside another.
    """
    source = str(text)
    if not any(char.isdigit() for char in source):
        return text
    known = tuple(known)
    parts = _TAG.split(source)
    in_link = 0
    for index, part in enumerate(parts):
        if index % 2:
            if _LINK_OPEN.match(part):
                in_link += 1
            elif _LINK_CLOSE.match(part):
                in_link = max(0, in_link - 1)
            continue
        if in_link or not any(char.isdigit() for char in part):
            continue
        plain = html.unescape(part)
        phones = phones_in_text(plain, region, known)
        if phones:  # else the text stays byte for byte as it was
            parts[index] = _linked(plain, phones)
    return Markup("".join(parts))


def _linked(plain: str, phones: list[PhoneInText]) -> str:
    """Plain text as HTML, with `phones` (found in it, in order) as links."""
    pieces: list[str] = []
    end = 0
    for phone in phones:
        pieces.append(escape(plain[end:phone.start]))
        pieces.append(Markup('<a class="tel" href="{}">{}</a>').format(
            phone.uri, plain[phone.start:phone.end]))
        end = phone.end
    pieces.append(escape(plain[end:]))
    return "".join(pieces)
