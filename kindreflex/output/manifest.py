"""Manifests of `batch` and `build`: per output, the hash of its inputs and of its bytes."""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..framework.files import FileProblem, read_bounded
from ..render.fingerprint import digest as digest  # re-exported: one hash of parts

NAME = "manifest.json"
FORMAT = 1
MAX_BYTES = 512 * 1024 * 1024  # a manifest of 100,000 outputs is about 40 MB


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
    edition: str = ""  # the paper's edition code (a build's outputs; render.edition)


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


def journal_name(name: str = NAME) -> str:
    """The journal beside manifest `name`: one line per output as soon as it is written, so a
    run that is killed half-way leaves a record of what it finished."""
    return f".{name}.journal"


def journal_line(output: str, entry: Entry) -> str:
    """One line of the journal: the output's name and its manifest entry."""
    return json.dumps({"name": output, **asdict(entry)}, ensure_ascii=False, sort_keys=True)


def _read(path: Path) -> str | None:
    try:
        return read_bounded(path, MAX_BYTES).decode("utf-8")
    except (FileProblem, UnicodeDecodeError):
        return None


def load(out: Path, name: str = NAME) -> dict[str, Entry]:
    """The entries of OUT/<name> and of its journal; none if unreadable (rebuild all).

    An entry only spares a render if the file still has the recorded bytes (`up_to_date`),
    so a damaged or half-written line can cost a render, never a stale file.
    """
    entries: dict[str, Entry] = {}
    try:
        data = json.loads(_read(out / name) or "{}")
        if data.get("format") == FORMAT:
            entries = {key: Entry(**fields) for key, fields in data["outputs"].items()}
    except (ValueError, TypeError, KeyError, AttributeError):
        entries = {}
    for line in (_read(out / journal_name(name)) or "").splitlines():
        try:
            fields = json.loads(line)
            output = fields.pop("name")
            entries[str(output)] = Entry(**fields)
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # the line a kill cut short
    return entries


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
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != entry.size:
            return False
    except (OSError, ValueError):
        return False
    return file_digest(path) == entry.sha256
