"""The params an organisation layer sets: its name, its contact person, whom to tell instead and
its local numbers, for the fill-in places.

Their names are English and neutral (`organisation-name`); the first names, which were Dutch
(`organisatie-naam`, `aanspreekpunt-*`), stay aliases: a text `{param:organisatie-naam}` and an
organisation file that sets `organisatie-naam` still work (docs/format.md, "Placeholders").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import Plan

# Where each column of an organisation file lands in the organisation layer's params (usable
# in texts as {param:ID}); the worker handout, card and poster fill their blank lines from them.
ORG_PARAMS = {"name": "organisation-name", "contact_name": "contact-person-name",
              "contact_phone": "contact-person-phone", "contact_email": "contact-person-email",
              "alternative_name": "alternative-name", "alternative_phone": "alternative-phone"}
# Earlier names of the same params, kept so that existing frameworks and files still work.
PARAM_ALIASES = {"organisatie-naam": "organisation-name",
                 "aanspreekpunt-naam": "contact-person-name",
                 "aanspreekpunt-telefoon": "contact-person-phone",
                 "aanspreekpunt-email": "contact-person-email"}


def local_phone_param(contact_id: str) -> str:
    """The param that holds an organisation's own number for a contact with `fill_in: true`
    (its VK, its camp's crisis line): the line the paper leaves blank is filled with it."""
    return f"{contact_id}-phone"


def local_contact_ids(plan: Plan) -> list[str]:
    """The contacts whose number an organisation gives (an organisation file's
    `local_phones`), in plan order: those the plan leaves a line for, as their number
    depends on the place (`fill_in: true`, no `phone`)."""
    return [contact.id for contact in plan.contacts if contact.fill_in and not contact.phone]


def canonical_param(name: str) -> str:
    """The param's own name: `organisation-name` for its alias `organisatie-naam`."""
    return PARAM_ALIASES.get(name, name)


def same_param(name: str) -> tuple[str, ...]:
    """Every name of one param, its own first: (`organisation-name`, `organisatie-naam`)."""
    own = canonical_param(name)
    return (own, *(alias for alias, target in PARAM_ALIASES.items() if target == own))


def param_value(params: Mapping[str, Any], name: str) -> Any:
    """The value of a param by any of its names; the own name's value wins (an organisation
    layer sets it, a framework may still declare the alias). KeyError if none is set."""
    for candidate in same_param(name):
        if candidate in params:
            return params[candidate]
    raise KeyError(name)
