"""The packaged JSON Schema files: where they are, and their JSON as written (read once)."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any


def schema_dir() -> Path:
    """The directory of the packaged schema files."""
    return Path(__file__).resolve().parent / "schemas"


@cache
def schema_file(name: str) -> dict[str, Any]:
    """`schemas/<name>.schema.json` as written; cached, so do not change it."""
    text = (schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def shipped_schema(name: str) -> Path:
    """The whole schema `name` as `kindreflex schema` exported it for editors: in
    `kindreflex/_data/schema` once installed, in the checkout's `schema/` folder.

    The packaged file is only the hand-written part of the overlay schema; it is the answer
    of last resort (it still describes an overlay's own fields)."""
    package = Path(__file__).resolve().parent.parent  # kindreflex/
    for folder in (package / "_data" / "schema", package.parent / "schema"):
        if (folder / f"{name}.schema.json").is_file():
            return folder / f"{name}.schema.json"
    return schema_dir() / f"{name}.schema.json"


def schema_comment(root: Path, name: str, document: Path) -> str:
    """The `$schema` comment of a YAML file at `document` that VS Code checks against the
    schema `name`: the root's exported one if there is one (relative, as in a repository),
    else the one installed with kindreflex."""
    exported = root / "schema" / f"{name}.schema.json"
    if exported.is_file():
        target = os.path.relpath(exported.resolve(), document.parent.resolve())
        return f"# yaml-language-server: $schema={Path(target).as_posix()}"
    # yaml-language-server reads an absolute path from the root of the file system.
    return f"# yaml-language-server: $schema={shipped_schema(name).resolve().as_posix()}"
