"""`new-sector`: writes a commented overlay that validates at once and never overwrites."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import UsageError, printable
from ..framework.loading import Project
from ..framework.names import file_name_problem
from ..framework.workspace import OVERLAY_FOLDERS

# Matched whole (fullmatch): with `$`, "ok\n" would pass and name a file with a line break.
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_ID = 64  # as the schema's ids
MAX_TITLE = 1000  # as the schema's texts


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _first(project: Project, field: str, fallback: str) -> str:
    data = project.framework.data if project.framework else {}
    items = data.get(field) or []
    return str(items[0]["id"]) if items and isinstance(items[0], dict) else fallback


def overlay_text(project: Project, kind: str, overlay_id: str, title: str) -> str:
    """The text of a new overlay: header, title, and one commented example per operation."""
    framework = project.framework.data if project.framework else {}
    framework_id = framework.get("id", "handelingskader")
    major = str(framework.get("version", "1.0.0")).split(".")[0]
    role, contact = _first(project, "roles", "medewerker"), _first(project, "contacts", "1712")
    # A step without decisions falls through to the next, so a step inserted after it is
    # reachable: the example stays valid when an editor uncomments it.
    plain = [str(s["id"]) for s in framework.get("steps") or []
             if isinstance(s, dict) and not s.get("decisions")]
    step = plain[0] if plain else "noteren"
    signals = [str(s["id"]) for s in framework.get("signals") or [] if isinstance(s, dict)]
    signal = signals[0] if signals else "online"
    later = signals[-1] if signals else signal
    principles = [str(p["id"]) for p in framework.get("principles") or [] if isinstance(p, dict)]
    principle = principles[-1] if principles else "luister"
    languages = framework.get("languages") or ["nl", "en"]
    default = languages[0]
    return f"""\
# yaml-language-server: $schema=../../schema/overlay.schema.json
#
# {kind.capitalize()} overlay '{overlay_id}'. It tailors the framework '{framework_id}' for this
# {kind}. Operations address items by id, never by position; they run in the order written.
# See docs/format.md for every field, and check your work with:
#   kindreflex validate       (errors at file:line:col)
#   kindreflex diff {overlay_id if kind == "sector" else "SECTOR --context " + overlay_id}
#   kindreflex serve          (live preview)
kind: {kind}
id: {overlay_id}
extends: {framework_id}
framework_version: ">={major}.0, <{int(major) + 1 if major.isdigit() else 2}"
title:
  {default}: {_quote(title)}
# description:
#   {default}: "Voor wie dit plan is en wat er anders is in deze {kind}."

operations: []
# Remove the [] above and uncomment the examples you need (keep the two-space indent).
#
#  - set:                              # words used in texts as {{term:…}} and {{param:…}}
#      terms:
#        organisatie: {{nl: "de club", en: "the club"}}
#
#  - replace: role:{role}               # one field of one item
#    field: name
#    value: {{nl: "de trainer", en: "the coach"}}
#
#  - update: step:{step}                # several fields of one item
#    fields:
#      goal: {{nl: "…", en: "…"}}
#
#  - insert: step                      # a new item: before/after an id, or at: start | end
#    after: step:{step}
#    item:
#      id: mijn-stap
#      title: {{nl: "…", en: "…"}}
#      who: [{role}]
#
#  - append: step:{step}                # add to a list: actions, do, dont, contacts, examples, …
#    field: do
#    items:
#      - {{nl: "…", en: "…"}}
#
#  - prepend: signal:{signal}           # the same, at the front of the list
#    field: examples
#    items:
#      - {{nl: "…", en: "…"}}
#
#  - move: signal:{later}              # before/after another item of the same list, or at:
#    before: signal:{signal}
#
#  - remove: principle:{principle}      # a reason is required; explain and diff show it
#    reason: {{nl: "…", en: "…"}}
#
# Contacts are referred to by id, for example contact:{contact}; never invent a phone number.
"""


def create_overlay(project: Project, kind: str, overlay_id: str, title: str) -> Path:
    """Write `frameworks/<sectors|contexts>/<id>.yaml`; UsageError if it exists or id is bad."""
    if kind not in OVERLAY_FOLDERS:
        raise UsageError(f"unknown kind '{kind}' (use sector or context)")
    if not ID_PATTERN.fullmatch(overlay_id) or len(overlay_id) > MAX_ID:
        raise UsageError(f"'{printable(overlay_id)}' is not a valid id: use lowercase letters, "
                         f"digits and '-', at most {MAX_ID} characters (for example 'zwemclubs')")
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
    text = overlay_text(project, kind, overlay_id, title.strip())
    try:
        # 'x' creates the file only if it does not exist: an existing overlay is never touched.
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{project.workspace.relative(path)} already exists; "
                         "it was left unchanged") from None
    except OSError as error:
        if path.exists() and path.stat().st_size == 0:
            os.unlink(path)
        raise UsageError(f"cannot write {path}: {error.strerror}") from None
    return path
