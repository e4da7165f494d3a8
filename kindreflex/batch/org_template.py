"""`new-orgs`: an organisations file to fill in for one sector's plan, its fields explained by
the organisations schema; written only where no file is."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from ..errors import UsageError
from ..framework.model import Plan
from ..framework.org_params import local_contact_ids
from ..framework.schema import load_schema
from ..framework.schema_files import schema_comment
from ..output.new_file import write_new_file
from ..render.interface_words import interface_words
from ..render.localizer import localizer_for
from ..render.plan_view import PlanView
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
    view = PlanView(plan, localizer_for(plan, plan.default_language),
                    interface_words(plan.default_language))
    reader = view.front_line
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
        alternative, role = view.alternative, view.contact_role
        if field == "alternative_name" and alternative is not None and role is not None:
            text += (f" In this plan: when it is about “{view.name_of(role)}”, workers tell "
                     f"“{alternative.name}”.")
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
                name = view.loc.plain(plan.contact(contact_id).name)
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
    write_new_file(path, text, str(path))
    return path
