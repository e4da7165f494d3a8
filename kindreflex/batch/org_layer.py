"""Organisation layers: one checked row of an organisation file as an overlay (docs/format.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..framework.org_params import ORG_PARAMS, local_phone_param
from .organisation import OrgRow

# The contact person's id in the plan; extra contacts get -2, -3, ... (clashes are avoided).
CONTACT_ID = "contact-person"


PARAMS = ORG_PARAMS  # where each column's value lands in the layer's params


def contact_ids(count: int, taken: Iterable[str]) -> list[str]:
    """`count` contact ids for one organisation that clash with none of `taken`."""
    used = set(taken)
    ids: list[str] = []
    suffix = 1
    while len(ids) < count:
        candidate = CONTACT_ID if suffix == 1 else f"{CONTACT_ID}-{suffix}"
        if candidate not in used:
            ids.append(candidate)
        suffix += 1
    return ids


def organisation_layer(org: OrgRow, framework_id: str, taken: Iterable[str]) -> dict[str, Any]:
    """The organisation layer of one row: params set, its contacts inserted first.

    Roles are never renamed: the shared pages must be the same for every organisation.
    """
    params: dict[str, Any] = {PARAMS["name"]: org.name,
                              PARAMS["contact_name"]: org.contact.name}
    if org.contact.phone:
        params[PARAMS["contact_phone"]] = org.contact.phone
    if org.contact.email:
        params[PARAMS["contact_email"]] = org.contact.email
    if org.alternative is not None:
        params[PARAMS["alternative_name"]] = org.alternative.name
        if org.alternative.phone:
            params[PARAMS["alternative_phone"]] = org.alternative.phone
    for contact_id, number in org.local_phones:
        params[local_phone_param(contact_id)] = number
    ids = contact_ids(len(org.contacts), taken)
    operations: list[dict[str, Any]] = [{"set": {"params": params}}]
    for index, (contact, contact_id) in enumerate(zip(org.contacts, ids, strict=True)):
        # The first goes to the start, each next one after the previous: the file's order.
        where = {"at": "start"} if index == 0 else {"after": f"contact:{ids[index - 1]}"}
        operations.append({"insert": "contact", **where, "item": contact.as_item(contact_id)})
    layer: dict[str, Any] = {"kind": "organisation", "id": org.id, "extends": framework_id,
                             "name": org.name, "operations": operations}
    if org.url:
        layer["url"] = org.url
    return layer


def layer_params(layer: Mapping[str, Any]) -> dict[str, Any]:
    """The params an organisation layer sets."""
    params: dict[str, Any] = {}
    for operation in layer.get("operations", []):
        params.update((operation.get("set") or {}).get("params") or {})
    return params

