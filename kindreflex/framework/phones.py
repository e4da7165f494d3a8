"""Phone numbers of a region: validation (short and toll-free numbers included), display and
tel: links.

Numbers are written the way people dial them in the framework's `region` (ISO 3166 alpha-2);
a number of another country is written with its country code (`+31 800 2000`).
"""

from __future__ import annotations

from functools import cache

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
