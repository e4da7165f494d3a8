"""Checks of contacts (warnings): a source, a valid phone number, checked not too long ago,
callable where the reader is told to call; and someone to tell instead of the person the
reader tells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..errors import Issue
from .checked_plan import CheckedPlan
from .freeze import build_plan
from .overlay import META_KEY
from .phones import (
    DEFAULT_REGION,
    countries_of,
    is_known_region,
    is_valid_phone,
    phone_hint,
    region_name,
)
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
                             _phone_hint(plan, str(phone), region), severity="warning")
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


def _phone_hint(plan: CheckedPlan, phone: str, region: str) -> str:
    """How to write the number; first, if it is a number of the country of one of the plan's
    languages (`de-DE`), that the framework's `region` may be what is wrong: without it a
    German plan's numbers are read, and linked, as Belgian ones."""
    languages = [str(tag) for tag in plan.res.data.get("languages") or []]
    countries = countries_of(phone, languages, region)
    declared = bool(plan.res.data.get("region"))
    if not countries:
        if declared:
            return phone_hint(region)
        return (phone_hint(region) + f"; a framework without 'region' is read as "
                f"{DEFAULT_REGION}: for the numbers of another country add its code, for "
                "example 'region: DE'")
    named = " or ".join(region_name(country) for country in countries)
    change = (f"make the framework's 'region: {region}' 'region: {countries[0]}'"
              if declared else
              f"add 'region: {countries[0]}' to the framework file (a framework without "
              f"'region' is read as {DEFAULT_REGION})")
    return (f"it is a valid number of {named}: if the plan's numbers are dialled there, "
            f"{change}; if not, write it with '+' and its country code")


def _reader(plan: CheckedPlan) -> Reader | None:
    """The reader of the plan under check; None for a plan this broken (it has its own
    errors, and the checks that need a whole plan skip it)."""
    try:
        return Reader(build_plan(plan.res.data, (), plan.res.provenance))
    except (KeyError, TypeError, ValueError):
        return None


def callable_helplines(plan: CheckedPlan) -> Iterator[Issue]:
    """Contacts the reader is told to call (named where they act) with neither a number nor a
    line to write one on (`fill_in`): the card and the poster leave them out, as nobody could
    call them from there."""
    reader = _reader(plan)
    if reader is None:
        return
    for contact in reader.plan.contacts:
        if contact.id in reader.helpline_ids and not contact.phone and not contact.fill_in:
            yield plan.issue(f"contact:{contact.id}", "contact-not-callable",
                             f"contact '{contact.id}' is one the reader is told to call, but "
                             "has neither a phone number nor a line to write one: the pocket "
                             "card and the poster leave it out",
                             "give it 'phone:', or 'fill_in: true' where the number depends on "
                             "the place or the organisation (the paper then has a line to "
                             "write it on)", severity="warning")


def someone_to_tell_instead(plan: CheckedPlan) -> Iterator[Issue]:
    """The role the reader tells (the first other role in the reader's steps) without an
    `if_suspected`: when the worry is about that very person, the card's front, the worker's
    page 1 and the poster cannot say whom to tell instead."""
    reader = _reader(plan)
    if reader is None or reader.contact_role is None or reader.contact_role.if_suspected:
        return
    role = reader.contact_role
    yield plan.issue(f"role:{role.id}", "role-no-alternative",
                     f"role '{role.id}' is whom the reader tells, but it names no one to tell "
                     "instead when the worry is about that person: the pocket card, the "
                     "worker's page 1 and the poster cannot say whom to tell then",
                     f"add 'if_suspected: role:ID' (or 'contact:ID') to role '{role.id}': the "
                     "role or contact the reader tells when the worry is about this person, "
                     "for example the organisation's board or a helpline", severity="warning")
