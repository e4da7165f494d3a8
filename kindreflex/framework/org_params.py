"""The params an organisation layer sets: its name and contact person, for the fill-in places."""

from __future__ import annotations

# Where each column of an organisation file lands in the organisation layer's params (usable
# in texts as {param:ID}); the worker handout, card and poster fill their blank lines from them.
ORG_PARAMS = {"name": "organisatie-naam", "contact_name": "aanspreekpunt-naam",
              "contact_phone": "aanspreekpunt-telefoon", "contact_email": "aanspreekpunt-email"}
