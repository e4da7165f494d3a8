"""The params an organisation layer sets: its name, its contact person, whom to tell instead and
its local numbers, for the fill-in places."""

from __future__ import annotations

# Where each column of an organisation file lands in the organisation layer's params (usable
# in texts as {param:ID}); the worker handout, card and poster fill their blank lines from them.
ORG_PARAMS = {"name": "organisatie-naam", "contact_name": "aanspreekpunt-naam",
              "contact_phone": "aanspreekpunt-telefoon", "contact_email": "aanspreekpunt-email",
              "alternative_name": "alternatief-naam", "alternative_phone": "alternatief-telefoon"}


def local_phone_param(contact_id: str) -> str:
    """The param that holds an organisation's own number for a contact with `fill_in: true`
    (its VK, its camp's crisis line): the line the paper leaves blank is filled with it."""
    return f"{contact_id}-telefoon"
