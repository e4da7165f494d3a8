"""A framework with every text at the longest length its schema allows (render-time bounds)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from kindreflex.framework.schema import load_schema

from .helpers import MINI

TEXT = load_schema("framework")["$defs"]["localized_text"]["maxLength"]
URL = load_schema("framework")["$defs"]["url"]["maxLength"]
KINDS = ("words", "one-word")


def longest(kind: str, n: int) -> str:
    """A text of exactly n characters: words, or one word that cannot break."""
    unit = "lorem ipsu " if kind == "words" else "abcdefghij"
    return (unit * (n // len(unit) + 1))[:n - 1] + "x"


def at_the_limit(data: Any, kind: str) -> Any:
    """Every text of a framework at the longest length the schema allows."""
    if isinstance(data, dict):
        if data and set(data) <= {"nl", "en"} and all(isinstance(v, str) for v in data.values()):
            return {lang: longest(kind, TEXT) for lang in data}
        return {key: at_the_limit(value, kind) for key, value in data.items()}
    if isinstance(data, list):
        return [at_the_limit(value, kind) for value in data]
    return data


def root_at_the_limit(root: Path, kind: str) -> Path:
    """A copy of the sample project at `root` whose framework has every text and its url at
    the schema's limits."""
    shutil.copytree(MINI, root)
    kader = root / "frameworks" / "kader.yaml"
    data = at_the_limit(yaml.safe_load(kader.read_text(encoding="utf-8")), kind)
    data["url"] = "https://example.org/" + "a" * (URL - len("https://example.org/"))
    data["date"] = str(data["date"])
    for contact in data["contacts"]:
        contact["last_checked"] = str(contact["last_checked"])
    kader.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root
