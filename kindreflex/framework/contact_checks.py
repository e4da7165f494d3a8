"""Checks of contacts (warnings): a source, a valid phone number, checked not too long ago,
callable where the reader is told to call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..errors import Issue
from .checked_plan import CheckedPlan
from .freeze import build_plan
from .overlay import META_KEY
from .phones import DEFAULT_REGION, is_known_region, is_valid_phone, phone_hint
from .reader import Reader


def contact_details(plan: CheckedPlan) -> Iterator[Issue]:
    """Contacts without a source, with a number that is not one of the region, or stale."""
    today = plan.options.today or dt.date.today()
    max_age = plan.options.max_contact_age_days
    region = str(plan.res.data.get("region") or DEFAULT_REGION)
    check_phones = is_known_region(region)
    if not check_phones:
        yield plan.issue(META_KEY + "region", "framework-region-unknown",
                         f"'{region}' is not a region whose phone numbers are known",
                         "use the two-letter country code (ISO 3166-1 alpha-2) in capitals, for "
                         "example BE, NL, FR, DE or GB")
    for contact in plan.res.data.get("contacts") or []:
        ref = f"contact:{contact.get('id')}"
        if not contact.get("source"):
            yield plan.issue(ref, "contact-no-source", f"contact '{contact.get('id')}' has no "
                             "source", "add 'source:' with the page where its details were "
                             "checked", severity="warning")
        phone = contact.get("phone")
        if check_phones and phone is not None and not is_valid_phone(str(phone), region):
            yield plan.issue(f"{ref}#phone", "contact-phone-invalid",
                             f"the phone number '{phone}' of contact '{contact.get('id')}' is "
                             f"not a valid number (region {region})",
                             phone_hint(region), severity="warning")
        checked = contact.get("last_checked")
        if checked is None:
            continue
        try:
            checked_on = dt.date.fromisoformat(str(checked))
        except ValueError:
            continue
        age = (today - checked_on).days
        if age > max_age:
            yield plan.issue(f"{ref}#last_checked", "contact-stale",
                             f"contact '{contact.get('id')}' was last checked {age} days ago "
                             f"(more than {max_age})",
                             "check its number and hours against the source, then update "
                             "'last_checked'", severity="warning")


def callable_helplines(plan: CheckedPlan) -> Iterator[Issue]:
    """Contacts the reader is told to call (named where they act) with neither a number nor a
    line to write one on (`fill_in`): the card and the poster leave them out, as nobody could
    call them from there."""
    try:
        reader = Reader(build_plan(plan.res.data, (), plan.res.provenance))
    except (KeyError, TypeError, ValueError):
        return  # a plan this broken has its own errors; this check needs a whole plan
    for contact in reader.plan.contacts:
        if contact.id in reader.helpline_ids and not contact.phone and not contact.fill_in:
            yield plan.issue(f"contact:{contact.id}", "contact-not-callable",
                             f"contact '{contact.id}' is one the reader is told to call, but "
                             "has neither a phone number nor a line to write one: the pocket "
                             "card and the poster leave it out",
                             "give it 'phone:', or 'fill_in: true' where the number depends on "
                             "the place or the organisation (the paper then has a line to "
                             "write it on)", severity="warning")
