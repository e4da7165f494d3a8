"""`new-orgs`: an organisations file to fill in for one sector's plan, its fields explained by
the organisations schema; written only where no file is."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

from ..errors import UsageError
from ..framework.model import Plan
from ..framework.org_params import local_contact_ids
from ..framework.reader import Reader
from ..framework.schema import load_schema
from ..framework.schema_files import schema_comment
from ..render.localizer import localizer_for
from .org_messages import COLUMNS, REQUIRED, SCHEMA

# The fields that name whom to tell instead: written only where the plan prints lines for it.
ALTERNATIVE = ("alternative_name", "alternative_phone")
WIDTH = 92  # of a comment line
NO_BREAK = "\u00a0"


def _comment(text: str, indent: str) -> list[str]:
    """`text` as comment lines; a CSV cell's example ('id|number;id|number') is never broken."""
    kept = re.sub(r"'[^'\s]*\|[^']*'", lambda quoted: quoted.group(0).replace(" ", NO_BREAK), text)
    return [f"{indent}# {line.replace(NO_BREAK, ' ')}"
            for line in textwrap.wrap(kept, WIDTH - len(indent) - 2, break_long_words=False,
                                      break_on_hyphens=False)]


def _description(field: str) -> str:
    """What the schema says of a field (an optional one says so itself)."""
    properties = load_schema(SCHEMA)["$defs"]["organisation"]["properties"]
    text = str(properties[field].get("description", ""))
    return f"Required. {text}" if field in REQUIRED else text


def organisations_yaml(plan: Plan, command: str, schema: str) -> str:
    """A YAML organisations file with one organisation to fill in: every field of the
    schema with its description, the plan's own contacts whose number an organisation gives,
    and whom to tell instead in the plan's words. `command` runs the batch on it."""
    loc = localizer_for(plan, plan.default_language)
    reader = Reader(plan)
    lines = [schema, *_comment(
        f"Organisations for `{command}`: one item per organisation, each starting with '-'. "
        "Copy the item below for every organisation and fill in its values; leave an "
        "optional one empty (\"\") if it has none. Every value is read as the text written.",
        "")]
    lines.append("-")
    for field in COLUMNS:
        if field in ALTERNATIVE and not reader.alternative_has_lines:
            continue
        text = _description(field)
        if field == "alternative_name" and reader.alternative is not None:
            role = reader.contact_role
            kind, key = reader.alternative
            whom = loc.plain(plan.role(key).name if kind == "role" else plan.contact(key).name)
            told = loc.plain(role.name) if role is not None else ""
            text += f" In this plan: when it is about “{told}”, workers tell “{whom}”."
        lines += _comment(text, "  ")
        if field == "local_phones":
            local = local_contact_ids(plan)
            if not local:
                lines += _comment("This plan has no contact whose number depends on the "
                                  "place: leave it out.", "  ")
                lines.append("  local_phones: {}")
                continue
            lines.append("  local_phones:")
            for contact_id in local:
                name = loc.plain(plan.contact(contact_id).name)
                lines.append(f'    {contact_id}: ""  # {name}')
        elif field == "extra_contacts":
            lines += _comment("For example: [{name: …, phone: …}, {name: …, email: …}]", "  ")
            lines.append("  extra_contacts: []")
        else:
            lines.append(f'  {field}: ""')
    return "\n".join(lines) + "\n"


def organisations_csv() -> str:
    """The header line of a CSV organisations file: every column the schema has."""
    return ",".join(COLUMNS) + "\n"


def write_organisations_template(plan: Plan, root: Path, path: Path, command: str) -> Path:
    """Write the template to `path` (.yaml, .yml or .csv); UsageError if it exists or its
    kind is unknown: a file is never overwritten."""
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise UsageError(f"'{path.name}': give a file name ending in .yaml or .csv")
    text = organisations_csv() if suffix == ".csv" else organisations_yaml(
        plan, command, schema_comment(root, SCHEMA, path))
    try:
        # 'x': an existing file of organisations is never touched.
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists; it was left unchanged") from None
    except OSError as error:
        if path.exists() and path.stat().st_size == 0:
            os.unlink(path)
        raise UsageError(f"cannot write {path}: {error.strerror}") from None
    return path
