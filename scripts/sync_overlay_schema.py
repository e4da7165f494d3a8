"""Regenerate the per-kind branches of overlay.schema.json from framework.schema.json.

`replace`, `update`, `append`, `prepend` and `insert` check an operation against the kind of
item it targets (a step, an action, a text of a `do` list, …) through if/then chains. Those
chains repeat the framework's definitions: after a change of framework.schema.json, run

    python scripts/sync_overlay_schema.py && kindreflex schema

and commit both folders. tests/test_packaging.py fails while the two disagree.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parent.parent / "kindreflex" / "framework" / "schemas"
ID = "[a-z0-9-]+"
SID = "[a-z0-9]+(-[a-z0-9]+)*"
# (pattern of the target reference, framework definition, words for messages)
TARGETS = [
    (f"^step:{ID}$", "step", "step"),
    (f"^contact:{ID}$", "contact", "contact"),
    (f"^role:{ID}$", "role", "role"),
    (f"^step:{ID}/action:{ID}$", "action", "action"),
    (f"^signal:{ID}$", "signal", "signal"),
    (f"^principle:{ID}$", "principle", "principle"),
    (f"^route:{ID}$", "route", "route"),
    (f"^form:{ID}$", "form", "form"),
    (f"^step:{ID}/decision:{ID}$", "decision", "decision"),
    (f"^step:{ID}/decision:{ID}/option:{ID}$", "option", "option"),
    (f"^route:{ID}/step:{ID}$", "route_step", "route step"),
    (f"^form:{ID}/field:{ID}$", "form_field", "form field"),
    (f"^condition:{ID}$", "condition", "condition"),
    (f"^step:{ID}/(do|dont):{ID}$", "entry", "text"),
    (f"^signal:{ID}/example:{ID}$", "entry", "example"),
    (f"^route:{ID}/step:{ID}/decision:{ID}$", "decision", "decision"),
    (f"^route:{ID}/step:{ID}/decision:{ID}/option:{ID}$", "option", "option"),
]
# (pattern of an `insert` value, framework definition of the new item, words for messages)
INSERTS = [
    ("^step$", "step", "step"),
    ("^contact$", "contact", "contact"),
    ("^role$", "role", "role"),
    (f"^step:{SID}/action$", "action", "action"),
    ("^signal$", "signal", "signal"),
    ("^principle$", "principle", "principle"),
    ("^route$", "route", "route"),
    ("^form$", "form", "form"),
    (f"^step:{SID}/decision$", "decision", "decision"),
    (f"^step:{SID}/decision:{SID}/option$", "option", "option"),
    (f"^route:{SID}/step$", "route_step", "route step"),
    (f"^form:{SID}/field$", "form_field", "form field"),
    ("^condition$", "condition", "condition"),
    (f"^step:{SID}/(do|dont)$", "entry", "text"),
    (f"^signal:{SID}/example$", "entry", "example"),
    (f"^route:{SID}/step:{SID}/decision$", "decision", "decision"),
    (f"^route:{SID}/step:{SID}/decision:{SID}/option$", "option", "option"),
]
# Unlike '$', this end also refuses a trailing newline in Python's `re.search`.
END = "(?![\\s\\S])"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeio" else "a"


def _framework_refs(node: Any) -> Any:
    """`#/$defs/x` of the framework as seen from the overlay schema."""
    if isinstance(node, dict):
        return {k: ("framework.schema.json" + v if k == "$ref" and v.startswith("#/")
                    else _framework_refs(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_framework_refs(v) for v in node]
    return node


def _chain(key: str, table: list[tuple[str, str, str]], then: Any) -> dict[str, Any]:
    """if/then/else on the operation's `key`, one branch per row of `table`."""
    root: dict[str, Any] | None = None
    for pattern, definition, words in reversed(table):
        branch: dict[str, Any] = {
            "if": {"properties": {key: {"pattern": pattern}}, "required": [key]},
            "then": then(definition, words),
        }
        if root is not None:
            branch["else"] = root
        root = branch
    assert root is not None
    return root


def synced(framework: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """`overlay` with its per-kind chains rebuilt from `framework`'s definitions."""
    defs = framework["$defs"]
    out = copy.deepcopy(overlay)
    ops = out["$defs"]

    def fields(definition: str) -> list[tuple[str, Any]]:
        return [(k, v) for k, v in defs[definition]["properties"].items() if k != "id"]

    def replace_then(definition: str, words: str) -> Any:
        return {"properties": {"field": {
            "enum": [k for k, _ in fields(definition)],
            "description": f"The field of the {words} to replace."}}}

    def update_then(definition: str, words: str) -> Any:
        return {"properties": {"fields": {
            "description": f"The fields of the {words} to change, each with its new value.",
            "properties": {k: _framework_refs(v) for k, v in fields(definition)},
            "additionalProperties": False}}}

    def list_then(verb: str) -> Any:
        def then(definition: str, words: str) -> Any:
            names = [k for k, v in fields(definition) if v.get("type") == "array"]
            description = (f"The list field of the {words} to {verb} to." if names else
                           f"{_article(words).capitalize()} {words} has no list field to "
                           f"{verb} to.")
            return {"properties": {"field": {"enum": names, "description": description}}}
        return then

    def insert_then(definition: str, words: str) -> Any:
        return {"properties": {"item": {
            "$ref": f"framework.schema.json#/$defs/{definition}",
            "description": f"The new {words}, with its id and fields, written as in the "
                           "framework."}}}

    ops["op_replace"]["allOf"] = [_chain("replace", TARGETS, replace_then)]
    ops["op_update"]["allOf"] = [_chain("update", TARGETS, update_then)]
    ops["op_append"]["allOf"] = [_chain("append", TARGETS, list_then("append"))]
    ops["op_prepend"]["allOf"] = [_chain("prepend", TARGETS, list_then("prepend"))]
    ops["op_insert"]["allOf"] = [_chain("insert", INSERTS, insert_then)]
    ops["op_insert"]["properties"]["insert"]["pattern"] = (
        "^(" + "|".join(p[1:-1] for p, _, _ in INSERTS) + ")" + END)
    return out


def main() -> int:
    """Rewrite overlay.schema.json in place; 0 if it was already in sync, else 1."""
    framework = json.loads((SCHEMAS / "framework.schema.json").read_text(encoding="utf-8"))
    path = SCHEMAS / "overlay.schema.json"
    before = path.read_text(encoding="utf-8")
    after = json.dumps(synced(framework, json.loads(before)), indent=2, ensure_ascii=False)
    path.write_text(after + "\n", encoding="utf-8")
    return 0 if before == after + "\n" else 1


if __name__ == "__main__":
    sys.exit(main())
