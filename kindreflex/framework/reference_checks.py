"""Checks of ids, references and flow: every id once, every reference found, every step reached."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import Issue
from .checked_plan import CheckedPlan, as_list
from .overlay import META_KEY
from .refs import ENTRY_LISTS, is_item

# The kinds of item an option's `to` may name (besides `next` and `end`).
OPTION_TARGETS = ("step", "route", "contact")


def duplicate_ids(plan: CheckedPlan) -> Iterator[Issue]:
    """Two items of one list with the same id."""
    seen: set[str] = set()
    for ref, _item, _kind, _path in plan.entries:
        if ref in seen:
            # Provenance is recorded in document order, so it points at the later duplicate.
            prov = plan.res.provenance[ref]
            yield Issue(prov.file, prov.line, prov.column, "duplicate-id",
                        f"the id '{ref}' is used twice in the same list",
                        ("ids must be unique within their list",), prov.pointer)
        seen.add(ref)


def references(plan: CheckedPlan) -> Iterator[Issue]:
    """Roles, contacts, conditions and option targets that are named but do not exist."""
    reader = plan.res.data.get("reader_role")
    if isinstance(reader, str):
        yield from plan.missing(META_KEY + "reader_role", "role", reader, "the reader role")
    for ref, item, kind, _path in plan.entries:
        yield from _conditions(plan, ref, item)
        if kind == "step":  # steps of the plan and steps of routes
            for role in as_list(item.get("who")):
                yield from plan.missing(f"{ref}#who", "role", str(role), f"{ref} (who)")
            for contact in as_list(item.get("contacts")):
                yield from plan.missing(f"{ref}#contacts", "contact", str(contact),
                                        f"{ref} (contacts)")
        if kind == "role" and isinstance(item.get("if_suspected"), str):
            target_kind, _, target_id = item["if_suspected"].partition(":")
            yield from plan.missing(f"{ref}#if_suspected", target_kind, target_id,
                                    f"{ref} (if_suspected)")
        if kind == "contact":
            for other in as_list(item.get("equivalent")):
                yield from plan.missing(f"{ref}#equivalent", "contact", str(other),
                                        f"{ref} (equivalent)")
        if kind == "option":
            target_kind, _, target_id = str(item.get("to", "")).partition(":")
            if target_kind in OPTION_TARGETS:
                yield from plan.missing(f"{ref}#to", target_kind, target_id, f"{ref} (to)")
        if kind == "decision" and not item.get("options"):
            yield plan.issue(ref, "decision-no-options", f"decision '{ref}' has no options",
                             "add at least two options, each with a 'to'")


def _conditions(plan: CheckedPlan, ref: str, item: dict[str, Any]) -> Iterator[Issue]:
    """The conditions an item and its plain list texts name exist."""
    if isinstance(item.get("condition"), str):
        yield from plan.missing(f"{ref}#condition", "condition", item["condition"],
                           f"{ref} (condition)")
    for field_name in ENTRY_LISTS:
        for entry in as_list(item.get(field_name)):
            # Entries with an id are items of their own and checked as such.
            if (isinstance(entry, dict) and isinstance(entry.get("condition"), str)
                    and not is_item(field_name, entry)):
                yield from plan.missing(f"{ref}#{field_name}", "condition", entry["condition"],
                                   f"{ref} ({field_name})")


def _broken_option(plan: CheckedPlan) -> bool:
    """True if an option leads to an item that does not exist."""
    for _ref, item, kind, _path in plan.entries:
        target_kind, _, target_id = str(item.get("to", "")).partition(":")
        if (kind == "option" and target_kind in OPTION_TARGETS
                and target_id not in plan.ids.get(target_kind, set())):
            return True
    return False


def reachability(plan: CheckedPlan) -> Iterator[Issue]:
    """Steps that no path from the first step leads to."""
    if _broken_option(plan):
        return  # the broken option's own issue already explains why steps are not reached
    steps = [s for s in plan.res.data.get("steps") or [] if isinstance(s, dict)]
    if not steps:
        return
    order = [str(s.get("id")) for s in steps]
    successors: dict[str, set[str]] = {}
    for index, step in enumerate(steps):
        nexts: set[str] = set()
        decisions = step.get("decisions") or []
        falls_through = not decisions
        for decision in decisions:
            for option in decision.get("options") or []:
                to = str(option.get("to", ""))
                if to == "next":
                    falls_through = True
                elif to.startswith("step:"):
                    nexts.add(to[5:])
        if falls_through and index + 1 < len(order):
            nexts.add(order[index + 1])
        successors[order[index]] = nexts
    reached = {order[0]}
    frontier = [order[0]]
    while frontier:
        for nxt in successors.get(frontier.pop(), set()):
            if nxt not in reached:
                reached.add(nxt)
                frontier.append(nxt)
    for step_id in order:
        if step_id not in reached:
            yield plan.issue(
                f"step:{step_id}", "step-unreachable",
                f"step '{step_id}' cannot be reached from the first step",
                "a step with decisions only leads where its options lead: add an option "
                f"with 'to: step:{step_id}' or 'to: next' to a step before it",
            )
