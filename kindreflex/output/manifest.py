"""Manifests of `batch` and `build`: per output, the hash of its inputs and of its bytes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

NAME = "manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class Entry:
    """One output file of a batch."""

    organisation: str
    lang: str
    format: str
    inputs: str  # sha256 of everything the file is made from
    sha256: str  # sha256 of the file's bytes
    size: int
    method: str  # "assembled" (shared part + organisation pages) or "full"


def digest(*parts: bytes | str) -> str:
    """sha256 of the parts, each length-prefixed so two splits never collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def digest_bytes(data: bytes) -> str:
    """sha256 of bytes, as recorded for each output (and as `sha256sum` prints it)."""
    return hashlib.sha256(data).hexdigest()


def canonical(value: Any) -> str:
    """A stable JSON text of plain data (sorted keys, no spaces): what gets hashed."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)


def file_digest(path: Path) -> str | None:
    """sha256 of a file's bytes, or None if it cannot be read."""
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def tree_digest(folders: Iterable[Path]) -> str:
    """sha256 of every file (names and bytes) under the folders, in a stable order."""
    parts: list[str] = []
    for index, folder in enumerate(folders):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            parts += [f"{index}/{path.relative_to(folder).as_posix()}", file_digest(path) or ""]
    return digest(*parts)


def load(out: Path, name: str = NAME) -> dict[str, Entry]:
    """The entries of OUT/<name>; none if it is missing or unreadable (rebuild all)."""
    try:
        data = json.loads((out / name).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return {}
        return {name: Entry(**fields) for name, fields in data["outputs"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def dump(tool: str, entries: Mapping[str, Entry]) -> bytes:
    """The manifest's bytes: sorted, so the same outputs always give the same file."""
    payload = {"format": FORMAT, "tool": tool,
               "outputs": {name: asdict(entries[name]) for name in sorted(entries)}}
    return (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def up_to_date(out: Path, name: str, inputs: str, entries: Mapping[str, Entry]) -> bool:
    """True if OUT/name was made from `inputs` and still has the bytes recorded."""
    entry = entries.get(name)
    if entry is None or entry.inputs != inputs:
        return False
    path = out / name
    try:
        if path.stat().st_size != entry.size:
            return False
    except OSError:
        return False
    return file_digest(path) == entry.sha256
