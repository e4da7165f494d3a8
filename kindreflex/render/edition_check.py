"""The online check "is my printed copy current?": what a web page embeds to answer it.

A page embeds the editions of the papers it can answer for (a paper's own page: that paper;
the index: every paper) as JSON in a `<script type="application/json">` block, with the
reprint-now changes of each edition in words, and our one small script
(`edition_check.js`), which reads the block with JSON.parse and writes with textContent. The
page stays one self-contained file that makes no request. The script is always the same
text, so a Content-Security-Policy can allow it by its hash (`CONTENT_SECURITY_POLICY`).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .edition import Edition
from .fallback_marks import unmarked
from .i18n import format_day
from .interface_words import InterfaceWords
from .reader_changes import Change
from .typography import finish_text

SCRIPT = Path(__file__).with_name("edition_check.js")


@cache
def script() -> str:
    """The check's script, as the page carries it."""
    return SCRIPT.read_text(encoding="utf-8")


def script_hash() -> str:
    """The script's hash as a Content-Security-Policy names it (`sha256-…`)."""
    digest = hashlib.sha256(script().encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def content_security_policy() -> str:
    """A policy that lets a built page do everything it does, and nothing else: its styles
    and inlined fonts and images, and our one script."""
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
            f"script-src '{script_hash()}'")


def change_words(change: Change, words: InterfaceWords) -> str:
    """One change in a sentence of the paper's language."""
    _ = words.gettext
    if change.before is not None and change.after is not None:
        text = _("“%(before)s” is now “%(after)s”.", before=change.before, after=change.after)
    elif change.after is not None:
        text = _("New: “%(after)s”.", after=change.after)
    else:
        text = _("No longer on the paper: “%(before)s”.", before=change.before)
    # The script writes it as text: no element can say which words fell back to English.
    return finish_text(unmarked(text), words.lang)


def paper_editions(label: str, edition: Edition, words: InterfaceWords, region: str | None,
                   page_lang: str) -> dict[str, Any]:
    """What the check needs to know of one paper: its name and its reprint-now changes in
    words, in the paper's language (`words`); its editions, each dated as the page's sentences
    (in `page_lang`) say it: the index speaks one language and lists papers in every one."""
    return {
        "label": unmarked(label),
        "lang": words.lang,
        "current": edition.code,
        "editions": [{"code": past.code, "date": format_day(past.day, page_lang, region),
                      "changes": [change_words(change, words) for change in past.changes
                                  if change.reprint_now]}
                     for past in edition.editions()],
    }


# The check's sentences; the script fills in their placeholders (edition_check.js).
CHECK_MESSAGES = {
    "current": "This printed edition (%(code)s) is current.",
    "reprint": "Since your edition (%(code)s of %(date)s) these changes were made: print the "
               "current edition (%(current)s) now.",
    "wording": "Since your edition (%(code)s of %(date)s) only the wording changed: print the "
               "current edition (%(current)s) at your next print run.",
    "unknown": "%(code)s is not an edition of this page's papers: check the code at the "
               "bottom of your paper.",
}


def check_data(papers: Sequence[dict[str, Any]], words: InterfaceWords) -> Markup:
    """The JSON block of the editions and the script, for a page in `words`' language."""
    messages = {key: finish_text(words.raw_message(msgid)[0], words.lang)
                for key, msgid in CHECK_MESSAGES.items()}
    text = json.dumps({"papers": list(papers), "words": messages}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))
    # Inside <script> only "</" could end the block early: JSON may write "<" as \u003c.
    safe = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup('<script type="application/json" id="kr-editions">{}</script>\n'
                  "<script>{}</script>").format(Markup(safe), Markup(script()))
