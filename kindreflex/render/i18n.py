"""Dates, language names, lists and writing direction per language (the interface words:
`interface_words`)."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list

from ..errors import UsageError, printable
from ..framework.texts import language_fallbacks

# The reproducible-builds specification: ASCII decimal digits, nothing else (no sign, no
# spaces, no `_`, no full-width digits, all of which int() would accept).
EPOCH = re.compile(r"[0-9]+")
LAST_DAY = datetime(9999, 12, 31, tzinfo=UTC)


def build_date() -> date:
    """The date printed and embedded: SOURCE_DATE_EPOCH when set, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or epoch == "":
        return datetime.now(UTC).date()
    shown = printable(epoch[:40]) + ("…" if len(epoch) > 40 else "")
    if not EPOCH.fullmatch(epoch):
        reason = ("it is negative" if epoch.lstrip().startswith("-") else
                  "it holds something other than the digits 0-9")
        raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
                         f"1970-01-01 (UTC), written with the digits 0-9 only; {reason}: "
                         f"'{shown}'")
    if len(epoch) > 15 or int(epoch) > LAST_DAY.timestamp():
        raise UsageError(f"SOURCE_DATE_EPOCH is after the year 9999: '{shown}'")
    return datetime.fromtimestamp(int(epoch), UTC).date()


def format_day(day: date | str, lang: str, region: str | None = None) -> str:
    """A date written out the way readers of `lang` in `region` write it (`28 november
    2026`; English for Belgium: `6 December 2026`, not the United States' `December 6`)."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return str(format_date(day, format="long", locale=_date_locale(lang, region)))


def language_name(lang: str) -> str:
    """The name of a language in that language (`Nederlands`, `English`, `français`)."""
    locale = _locale(lang)
    if locale.language != lang.split("-")[0]:
        return lang  # Babel does not know the language: its tag is the honest name
    name = locale.get_display_name(locale)
    return str(name or lang)


def language_names(codes: tuple[str, ...], lang: str) -> str:
    """Languages named in the reader's language and joined (`Nederlands en Frans`)."""
    locale = _locale(lang)
    names = [str(locale.languages.get(code.split("-")[0].lower(), code)) for code in codes]
    return join_words(names, lang)


def join_words(words: Sequence[str], lang: str) -> str:
    """Words joined as readers of `lang` list them (`Nederlands en Frans`), or ''."""
    return str(format_list(list(words), locale=_locale(lang))) if words else ""


@cache
def _date_locale(lang: str, region: str | None) -> Locale:
    # A bare language tag (`en`) takes the plan's region (`BE`) where CLDR knows the pair
    # (`en_BE`): dates then follow the country the plan is for. A tag with its own region
    # (`en-GB`) says it already; an unknown pair falls back to the language alone.
    if region and "-" not in lang:
        try:
            locale = Locale.parse(f"{lang}_{region}")
        except (UnknownLocaleError, ValueError):
            locale = None
        # Babel fills an unknown region in with the language's likely one (en_ZZ -> en_US).
        if locale is not None and locale.territory == region.upper():
            return locale
    return _locale(lang)


@cache
def text_direction(lang: str) -> str:
    """"rtl" for a language written from right to left (Arabic, Hebrew, Persian …, from Babel's
    locale data), else "ltr" (also for a tag Babel does not know)."""
    return "rtl" if _locale(lang).character_order == "right-to-left" else "ltr"


@cache
def _locale(lang: str) -> Locale:
    # Language tags are BCP 47 (`nl-NL`); Babel reads them with '-' as the separator, and a
    # tag it does not know falls back to its language (`nl`), then to English.
    for tag in language_fallbacks(lang):
        try:
            return Locale.parse(tag, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")
