"""Phone numbers of a region: validation (short and toll-free numbers included), display,
tel: links, and the numbers a text says.

Numbers are written the way people dial them in the framework's `region` (ISO 3166 alpha-2);
a number of another country is written with its country code (`+31 800 2000`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import phonenumbers
from phonenumbers import shortnumberinfo

# The default docs/format.md documents ("Region and phone numbers"): a framework without
# `region` is read as Belgian, where the format started.
DEFAULT_REGION = "BE"
# Characters people put between digits; a number written with them is printed as written.
SEPARATORS = frozenset(" -./()")


def _parse(number: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None


def is_known_region(region: str) -> bool:
    """True if phonenumbers has the numbering plan of `region` (such as BE, NL, FR)."""
    return region in phonenumbers.SUPPORTED_REGIONS


def region_name(region: str) -> str:
    """A region for messages: its code and English name ("NL (Netherlands)"), or its code."""
    example = phonenumbers.example_number(region) if is_known_region(region) else None
    if example is None:
        return region
    from phonenumbers import geocoder  # its data is loaded only when a message needs it

    name = geocoder.country_name_for_number(example, "en")
    return f"{region} ({name})" if name else region


@cache
def example_number(region: str) -> str | None:
    """A fixed-line number of `region` as people there write it, for hints."""
    example = phonenumbers.example_number_for_type(
        region, phonenumbers.PhoneNumberType.FIXED_LINE) if is_known_region(region) else None
    if example is None:
        return None
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone_hint(region: str) -> str:
    """How to write a phone number in `region`, for messages."""
    example = example_number(region)
    return (f"write it as people dial it in the framework's region, {region_name(region)}"
            + (f", for example '{example}'" if example else "")
            + "; a number of another country starts with '+' and its country code")


def language_country(tag: str) -> str | None:
    """The country a language tag names (`de-DE` → DE, `sr-Latn-RS` → RS), else None."""
    return next((part.upper() for part in tag.split("-")[1:]
                 if len(part) == 2 and part.isalpha()), None)


def countries_of(number: str, languages: Iterable[str], region: str) -> list[str]:
    """The countries of the plan's languages, other than `region`, where `number` as written
    is a valid number: where it is probably dialled, when `region` is not right."""
    countries = dict.fromkeys(country for tag in languages
                              if (country := language_country(tag)) is not None)
    return [country for country in countries if country != region
            and is_known_region(country) and is_valid_phone(number, country)]


def is_short_number(number: str, region: str = DEFAULT_REGION) -> bool:
    """True for a valid short number of `region`, such as 112, 1712 or 116 000 in BE."""
    compact = "".join(number.split())
    # Short numbers are dialled as they are: digits only, never with a prefix or a leading 0.
    if not compact.isdigit() or compact.startswith("0"):
        return False
    parsed = _parse(number, region)
    return parsed is not None and shortnumberinfo.is_valid_short_number_for_region(parsed, region)


def is_valid_phone(number: str, region: str = DEFAULT_REGION) -> bool:
    """True for a valid number of `region` (short and toll-free numbers included), or a valid
    number of another country written with `+` and its country code."""
    parsed = _parse(number, region)
    if parsed is None:
        return False
    return is_short_number(number, region) or phonenumbers.is_valid_number(parsed)


def is_emergency_number(number: str, region: str = DEFAULT_REGION) -> bool:
    """True if `number` is one of `region`'s emergency numbers (in Belgium 112, 100, 101)."""
    return shortnumberinfo.is_emergency_number(number, region)


def display_phone(number: str, region: str = DEFAULT_REGION) -> str:
    """The number as people in `region` write it.

    A number of the region written with separators is printed as written (`0800-2000`,
    `02 548 98 00`); written as bare digits or with `+` and the region's own country code,
    it is printed in the region's national format. A number of another country is printed
    in international format (`+31 800 2000`).
    """
    written = " ".join(number.split())
    separated = any(ch in SEPARATORS for ch in written)
    if is_short_number(number, region):
        if separated:
            return written
        digits = "".join(ch for ch in number if ch.isdigit())
        # 116 xxx numbers are written in two groups of three, as on their own sites.
        return f"{digits[:3]} {digits[3:]}" if len(digits) == 6 else digits
    parsed = _parse(number, region)
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        return written
    if parsed.country_code == phonenumbers.country_code_for_region(region):
        if separated and not written.startswith("+"):
            return written
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def tel_uri(number: str, region: str = DEFAULT_REGION) -> str:
    """A `tel:` URI that dials the number from a phone: E.164, or the short number itself."""
    if is_short_number(number, region):
        return "tel:" + "".join(ch for ch in number if ch.isdigit())
    parsed = _parse(number, region)
    if parsed is None:
        return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True)
class PhoneInText:
    """A phone number a text says: where (`start`, `end` in the text) and the tel: URI."""

    start: int
    end: int
    uri: str


def phones_in_text(text: str, region: str, known: Iterable[str] = ()) -> list[PhoneInText]:
    """The phone numbers `text` says, in order, without overlaps.

    phonenumbers' matcher finds the numbers of `region` and those written with a country
    code, and leaves years, dates and "step 3" alone. It does not look for short numbers
    (112, 1712, 102): those are found among `known`, the plan's own numbers, as they are
    written there or as they are printed (`116 000`). A short number no contact of the plan
    has stays text: a bare "101" could be anything.
    """
    found = [PhoneInText(_after_open_bracket(text, match.start, match.end), match.end,
                         "tel:" + phonenumbers.format_number(match.number,
                                                             phonenumbers.PhoneNumberFormat.E164))
             for match in phonenumbers.PhoneNumberMatcher(text, region)]
    pattern = _short_number_pattern(tuple(sorted(set(known))), region)
    if pattern is not None:
        for match in pattern.finditer(text):
            if not any(match.start() < other.end and other.start < match.end()
                       for other in found):
                found.append(PhoneInText(match.start(), match.end(),
                                         tel_uri(match.group(), region)))
    return sorted(found, key=lambda phone: phone.start)


def _after_open_bracket(text: str, start: int, end: int) -> int:
    """Where a number found at `start` begins: after a bracket it does not close.

    The matcher takes a "(" before a number as part of it (for "(02) 548 98 00"); for a
    number in brackets ("Awel (0800 123 45)") that would put the "(" inside its link and the
    ")" after it.
    """
    return start + 1 if text[start] == "(" and ")" not in text[start:end] else start


# Between the digits of a short number a text may have a space, also a no-break one.
_GAP = r"[\s\u00a0\u202f]"


@lru_cache(maxsize=64)
def _short_number_pattern(known: tuple[str, ...], region: str) -> re.Pattern[str] | None:
    """The short numbers among `known`, as written and as printed, as whole numbers: not a
    part of a longer number, a decimal or a date ("1.112", "112/3")."""
    forms = {form for number in known if is_short_number(number, region)
             for form in (" ".join(number.split()), display_phone(number, region),
                          "".join(number.split()))}
    if not forms:
        return None
    alternatives = "|".join(_GAP.join(re.escape(word) for word in form.split())
                            for form in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w+])(?<!\d[.,/-])(?:{alternatives})(?!\w)(?![.,/-]\d)")
