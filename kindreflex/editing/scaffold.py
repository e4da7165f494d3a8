"""`new-sector`: writes a commented overlay that validates at once and never overwrites."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import UsageError, printable
from ..framework.file_safe_ids import file_name_problem
from ..framework.operations import OPERATIONS, Examples
from ..framework.project import Project
from ..framework.schema_files import schema_comment
from ..framework.schema_words import slug
from ..framework.workspace import OVERLAY_FOLDERS
from ..output.new_file import write_new_file

# Matched whole (fullmatch): with `$`, "ok\n" would pass and name a file with a line break.
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_ID = 64  # as the schema's ids
MAX_TITLE = 1000  # as the schema's texts


# Example words per language (the part before '-' of a tag): sample values that read well
# once uncommented; other languages get "…" to fill in.
SAMPLES = {
    "club": {"nl": "de club", "en": "the club", "fr": "le club", "de": "der Verein"},
    "coach": {"nl": "de trainer", "en": "the coach", "fr": "l'entraîneur", "de": "der Trainer"},
    "about": {"nl": "Voor wie dit plan is en wat er anders is.",
              "en": "Who this plan is for and what is different.",
              "fr": "À qui s'adresse ce plan et ce qui change.",
              "de": "Für wen dieser Plan ist und was anders ist."},
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ids(framework: dict[str, Any], field: str, **where: Any) -> list[str]:
    """The ids of the framework's items in `field` (that match `where`)."""
    return [str(item["id"]) for item in framework.get(field) or []
            if isinstance(item, dict) and "id" in item
            and all(bool(item.get(k)) == v for k, v in where.items())]


def _texts(languages: list[str], sample: str = "") -> str:
    """A flow mapping with one text per declared language: {nl-NL: "…", en: "…"}."""
    words = SAMPLES.get(sample, {})
    return "{" + ", ".join(f"{lang}: {_quote(words.get(lang.split('-')[0], '…'))}"
                           for lang in languages) + "}"


def _align(text: str) -> str:
    """Line up the explaining comments of the examples in one column."""
    lines = []
    for line in text.splitlines(keepends=True):
        code, sep, comment = line.partition("  # ")
        if sep and line.startswith("#  "):
            line = f"{code.rstrip():<37} # {comment}"
        lines.append(line)
    return "".join(lines)


def schema_line(project: Project, overlay_path: Path) -> str:
    """The `$schema` comment of a new overlay (framework.schema_files.schema_comment)."""
    return schema_comment(project.root, "overlay", overlay_path)


def overlay_text(project: Project, kind: str, overlay_id: str, title: str,
                 schema: str = "") -> str:
    """The text of a new overlay: header, title, and one commented example per operation
    whose items exist in the framework, with a text in every declared language."""
    framework = project.framework.data if project.framework else {}
    framework_id = framework.get("id", "framework")
    major = str(framework.get("version", "1.0.0")).split(".")[0]
    languages = [str(lang) for lang in framework.get("languages") or ["nl"]]
    default = languages[0]
    contacts = _ids(framework, "contacts")
    # A step without decisions falls through to the next, so a step inserted after it is
    # reachable: the example stays valid when an editor uncomments it.
    ids = Examples(roles=_ids(framework, "roles"), steps=_ids(framework, "steps", decisions=False),
                   signals=_ids(framework, "signals"), principles=_ids(framework, "principles"),
                   terms=[str(name) for name in framework.get("terms") or {}],
                   texts=lambda sample: _texts(languages, sample))
    examples = [text for op in OPERATIONS if (text := op.example(ids)) is not None]
    contact_note = (f"\n# Contacts are referred to by id, for example contact:{contacts[0]}; never "
                    "invent a phone number.\n" if contacts else "")
    target = overlay_id if kind == "sector" else "SECTOR --context " + overlay_id
    body = _align("#\n".join(examples))
    return f"""\
{schema}
#
# {kind.capitalize()} overlay '{overlay_id}'. It tailors the framework '{framework_id}' for this
# {kind}. Operations address items by id, never by position; they run in the order written.
# See docs/format.md for every field, and check your work with:
#   kindreflex validate       (errors at file:line:col)
#   kindreflex diff {target}
#   kindreflex serve          (live preview)
kind: {kind}
id: {overlay_id}
extends: {framework_id}
framework_version: ">={major}.0, <{int(major) + 1 if major.isdigit() else 2}"
title:
  {default}: {_quote(title)}
# description: {_texts(languages, "about")}

operations: []
# Remove the [] above and uncomment the examples you need (keep the two-space indent).
#
{body}{contact_note}"""


def create_overlay(project: Project, kind: str, overlay_id: str, title: str) -> Path:
    """Write `frameworks/<sectors|contexts>/<id>.yaml`; UsageError if it exists or id is bad."""
    if kind not in OVERLAY_FOLDERS:
        raise UsageError(f"unknown kind '{kind}' (use sector or context)")
    if not ID_PATTERN.fullmatch(overlay_id) or len(overlay_id) > MAX_ID:
        example = slug(overlay_id, project.languages[0])[:MAX_ID].strip("-") or "swimming-clubs"
        raise UsageError(f"'{printable(overlay_id)}' is not a valid id: use lowercase letters, "
                         f"digits and '-', at most {MAX_ID} characters (for example "
                         f"'{example}')")
    reserved = file_name_problem(overlay_id)
    if reserved:
        raise UsageError(f"the id cannot name output files: {reserved}")
    if not title.strip():
        raise UsageError("the title must not be empty")
    if printable(title, keep_newlines=True) != title or "\n" in title or len(title) > MAX_TITLE:
        raise UsageError(f"the title must be one line of at most {MAX_TITLE} characters, "
                         "without control characters")
    path = project.workspace.overlay_path(kind, overlay_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = overlay_text(project, kind, overlay_id, title.strip(), schema_line(project, path))
    write_new_file(path, text, str(project.workspace.relative(path)))
    return path
