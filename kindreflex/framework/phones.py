"""Phone numbers: validation (Belgian short numbers included), display and tel: links."""

from __future__ import annotations

import phonenumbers
from phonenumbers import shortnumberinfo

REGION = "BE"


def _parse(number: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(number, REGION)
    except phonenumbers.NumberParseException:
        return None


def is_short_number(number: str) -> bool:
    """True for a valid Belgian short number such as 112, 1712, 102 or 116 000."""
    compact = "".join(number.split())
    # Short numbers are dialled as they are: digits only, never with a prefix or a leading 0.
    if not compact.isdigit() or compact.startswith("0"):
        return False
    parsed = _parse(number)
    return parsed is not None and shortnumberinfo.is_valid_short_number_for_region(parsed, REGION)


def is_valid_phone(number: str) -> bool:
    """True if the number is a valid full number or a valid Belgian short number."""
    parsed = _parse(number)
    if parsed is None:
        return False
    return is_short_number(number) or phonenumbers.is_valid_number(parsed)


def display_phone(number: str) -> str:
    """The number as people write it in Belgium (`02 548 98 00`, `116 000`, `1712`)."""
    if is_short_number(number):
        digits = "".join(ch for ch in number if ch.isdigit())
        # 116 xxx numbers are written in two groups of three, as on their own sites.
        return f"{digits[:3]} {digits[3:]}" if len(digits) == 6 else digits
    parsed = _parse(number)
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        return number.strip()
    if parsed.country_code == 32:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def tel_uri(number: str) -> str:
    """A `tel:` URI that dials the number from a phone."""
    if is_short_number(number):
        return "tel:" + "".join(ch for ch in number if ch.isdigit())
    parsed = _parse(number)
    if parsed is None:
        return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
