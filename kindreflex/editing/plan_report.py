"""`explain` and `diff`: the resolved plan with provenance, and what overlays changed."""

from __future__ import annotations

import json
from typing import Any

from ..errors import printable
from ..framework.grammar import term_parts
from ..framework.operations import operation_named
from ..framework.overlay import Change, Resolution
from ..framework.project import Project
from ..framework.refs import item_refs
from ..framework.texts import localize
from ..render.localizer import strip_markdown
from .word_diff import word_diff

WIDTH = 60


def _short(value: Any, lang: str, default: str) -> str:
    text = _text(value, lang, default)
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


def _text(value: Any, lang: str, default: str, plain: bool = True) -> str:
    """A value as one line of text in `lang`: a text in that language, a list joined by
    commas, YAML's own spelling of true, false and nothing; `plain` drops Markdown."""
    if isinstance(value, dict) and "text" in value:
        value = value["text"]  # a list text written {id, text, condition}
    if isinstance(value, dict):
        text, _ = localize({str(k): str(v) for k, v in value.items()}, lang, default)
    elif isinstance(value, list):
        return ", ".join(_text(v, lang, default, plain) for v in value)
    else:
        return yaml_scalar(value)
    text = " ".join(text.split())
    return strip_markdown(text) if plain else text


def yaml_scalar(value: Any) -> str:
    """A scalar as YAML writes it: `true`, `false`, `null`, numbers and texts as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _layer_names(res: Resolution) -> list[str]:
    return [f"{o.kind} {o.id} ({o.doc.file})" for o in res.layers]


def explain_json(project: Project, res: Resolution) -> str:
    """The resolved plan, its layers, provenance of every field and the change log, as JSON."""
    framework = project.framework
    assert framework is not None
    payload = {
        "framework": {"id": framework.data.get("id"), "version": framework.data.get("version"),
                      "file": framework.file},
        "layers": [{"kind": o.kind, "id": o.id, "file": o.doc.file} for o in res.layers],
        "plan": res.data,
        # One line per field ("file:line:col (operation)") keeps golden diffs readable.
        "provenance": {key: p.label() for key, p in res.provenance.items()},
        "changes": [c.as_dict() for c in res.changes],
        "removed": {ref: p.label() for ref, p in res.removed.items()},
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def explain_text(project: Project, res: Resolution, lang: str) -> str:
    """The resolved plan, one line per field, each with where it was last set."""
    default = project.languages[0]
    data = res.data
    lines = [
        f"plan: {'+'.join(o.id for o in res.layers) or data.get('id')} "
        f"(framework {data.get('id')} {data.get('version')})",
        "layers: framework " + (project.framework.file if project.framework else "?")
        + "".join(f" → {name}" for name in _layer_names(res)),
        "",
    ]
    for name, value in (data.get("terms") or {}).items():
        prov = res.provenance.get(f"term:{name}")
        lines.append(f"term:{name} = {_short(term_parts(value)[0], lang, default)}"
                     f"    [{prov.label() if prov else '?'}]")
    for name, value in (data.get("params") or {}).items():
        prov = res.provenance.get(f"param:{name}")
        lines.append(f"param:{name} = {_short(value, lang, default)}"
                     f"    [{prov.label() if prov else '?'}]")
    for ref, item, _kind, _path in item_refs(data):
        depth = ref.count("/")
        indent = "  " * depth
        prov = res.provenance.get(ref)
        moved = res.provenance.get(f"{ref}#position")
        lines.append(f"{indent}{ref}    [{prov.label() if prov else '?'}]"
                     + (f" moved [{moved.label()}]" if moved else ""))
        for field_name, value in item.items():
            nested = isinstance(value, list) and value and isinstance(value[0], dict)
            if field_name == "id" or nested:
                continue
            fprov = res.provenance.get(f"{ref}#{field_name}")
            lines.append(f"{indent}  {field_name}: {_short(value, lang, default)}"
                         f"    [{fprov.label() if fprov else '?'}]")
    if res.removed:
        lines.append("")
        lines.append("removed:")
        for change in res.changes:
            if change.operation == "remove":
                lines.append(f"  {change.target}: {_reason(change, lang, default)}"
                             f"    [{change.provenance.label()}]")
    return "\n".join(lines) + "\n"


def _reason(change: Change, lang: str, default: str) -> str:
    """The reason of a change in `lang`, in full (a reason is read, not skimmed)."""
    if change.reason is None:
        return ""
    reason = change.reason
    if isinstance(reason, dict):
        reason, _ = localize({str(k): str(v) for k, v in reason.items()}, lang, default)
    return strip_markdown(" ".join(str(reason).split()))


def diff_changes(base: Resolution, res: Resolution) -> list[dict[str, Any]]:
    """Every change the overlays made, with the value before and after where it has one."""
    entries = []
    for change in res.changes:
        before = _value(base, change.target, change.field)
        after = _value(res, change.target, change.field)
        entries.append({**change.as_dict(), "before": before, "after": after})
    return entries


def _value(res: Resolution, target: str, field_name: str) -> Any:
    if target.startswith(("term:", "param:")):
        group = "terms" if target.startswith("term:") else "params"
        return (res.data.get(group) or {}).get(target.split(":", 1)[1])
    for ref, item, _kind, _path in item_refs(res.data):
        if ref == target:
            return item.get(field_name) if field_name else item.get("title") or item.get("name")
    return None


def diff_text(base: Resolution, res: Resolution, lang: str, default: str, full: bool = False,
              colour: bool = False) -> str:
    """What the overlays change against the framework, one line per change; a changed text
    that does not fit the line shows its changed words (`[-old-]{+new+}`, in colour when
    `colour`) on the next, among a few unchanged ones (every one when `full`). Every text
    is escaped (`printable`): only the colours reach the terminal as they are."""
    if not res.changes:
        return "no changes against the framework\n"
    lines = ["changes against the framework " + " → ".join(_layer_names(res)) + ":"]
    for entry, change in zip(diff_changes(base, res), res.changes, strict=True):
        operation = operation_named(change.operation)
        what = change.target + (f" {change.field}" if change.field else "")
        extra, below = "", ""
        if operation.diff_shows_value and entry["before"] is not None:
            before = printable(_text(entry["before"], lang, default, plain=False))
            after = printable(_text(entry["after"], lang, default, plain=False))
            if before == after:
                extra = ": unchanged"
            elif before.split() == after.split():
                extra = ": only the spacing or line breaks changed"
            elif len(before) <= WIDTH and len(after) <= WIDTH and not full:
                extra = f": '{before}' → '{after}'"
            else:
                below = word_diff(before, after, full, colour)
        elif operation.diff_shows_value:
            after = _text(entry["after"], lang, default, plain=False) if full else \
                _short(entry["after"], lang, default)
            extra = f": '{printable(after)}'"
        elif change.detail:
            extra = f" ({change.detail})"
        lines.append(printable(f"  {operation.diff_mark} {operation.diff_verb:<9} {what}")
                     + extra)
        if below:
            lines.append(f"      {below}")
        if change.reason is not None:
            lines.append(printable(f"      reason: {_reason(change, lang, default)}"))
        lines.append(printable(f"      at {change.provenance.label()}"))
    return "\n".join(lines) + "\n"


def diff_json(base: Resolution, res: Resolution) -> str:
    """The changes as JSON."""
    return json.dumps({"changes": diff_changes(base, res)}, ensure_ascii=False, indent=2) + "\n"
