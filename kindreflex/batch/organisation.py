"""One organisation of an organisations file, checked: plain frozen values the pool can pickle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OrgContact:
    """A contact of an organisation: its contact person or an extra contact."""

    name: str
    phone: str | None = None
    email: str | None = None

    def texts(self) -> tuple[str, ...]:
        """What is printed of this contact: its name, phone number and email if given."""
        return tuple(text for text in (self.name, self.phone, self.email) if text)

    def as_item(self, contact_id: str) -> dict[str, Any]:
        """This contact as a contact item of the plan (what an organisation layer inserts)."""
        item: dict[str, Any] = {"id": contact_id, "name": self.name}
        if self.phone:
            item["phone"] = self.phone
        if self.email:
            item["email"] = self.email
        return item


@dataclass(frozen=True)
class OrgRow:
    """One organisation of the file, checked: the row (or YAML item) on `line`."""

    id: str
    name: str
    contact: OrgContact
    extra: tuple[OrgContact, ...] = ()
    url: str | None = None
    line: int = 1
    # Whom workers tell instead when the concern is about the contact person (its name and
    # phone only): it fills the lines under "Is it about …? Tell …", it is not a contact.
    alternative: OrgContact | None = None
    # Its own numbers for the plan's contacts whose number depends on the place (`fill_in`):
    # (contact id, number), by id.
    local_phones: tuple[tuple[str, str], ...] = ()

    @property
    def contacts(self) -> tuple[OrgContact, ...]:
        """The contact person first, then the extra contacts in the file's order."""
        return (self.contact, *self.extra)

    def texts(self) -> list[str]:
        """Every text of the row that its pages print."""
        alternative = self.alternative.texts() if self.alternative else ()
        return [self.id, self.name, *([self.url] if self.url else []),
                *(text for contact in self.contacts for text in contact.texts()), *alternative,
                *(number for _contact_id, number in self.local_phones)]
