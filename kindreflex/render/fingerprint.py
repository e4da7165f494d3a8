"""What an output is made from, hashed: complete by construction, for every incremental cache.

An output is a pure function of the resolved `Plan` the renderer receives (every field,
provenance included), the language, layout and medium, the date printed, every file of the
theme (templates, CSS, fonts, images, and the interface-word catalogues of its `locale/`
folder) and the code that renders (kindreflex itself with its own catalogues, and the
libraries that shape the bytes). `build`, `batch` and `serve` hash
exactly these, so no change to an input can leave a stale page behind.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..framework.files import FileProblem, is_regular_file, read_bounded
from ..framework.model import Plan
from .theme import Theme

PACKAGE = Path(__file__).resolve().parent.parent  # kindreflex/
# Files of the package that shape an output: the code, the UI catalogs, the schemas.
CODE_SUFFIXES = (".py", ".po", ".json")
# The libraries whose version changes the bytes of a page or a PDF.
LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "pyphen", "pikepdf",
             "jinja2", "markupsafe", "markdown-it-py", "segno", "babel", "phonenumbers")
MAX_THEME_FILE = 64 * 1024 * 1024


def digest(*parts: bytes | str) -> str:
    """sha256 of the parts, each length-prefixed so two splits never collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """What JSON cannot write itself, as plain data: a dataclass as its type and every field
    (the encoder calls this for each such value, nested ones included)."""
    kind = type(value)
    names = _FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(kind):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    if names is not None:
        return [kind.__name__, *(getattr(value, name) for name in names)]
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    return [kind.__name__, repr(value)]


def canonical(value: Any) -> str:
    """A stable JSON text of plain or model data (sorted keys, no spaces)."""
    return json.dumps(value, default=_plain, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def plan_fingerprint(plan: Plan) -> str:
    """The hash of everything a resolved plan holds (what every template may read)."""
    return digest("plan", canonical(plan))


@cache
def code_stamp() -> str:
    """The hash of the rendering code: kindreflex's own files and the libraries' versions."""
    parts: list[str] = [__version__]
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "_data" or "__pycache__" in relative.parts:
            continue
        if path.suffix in CODE_SUFFIXES and path.is_file():
            parts += [relative.as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()]
    versions = library_versions()
    for name in LIBRARIES:
        parts += [name, versions.get(name, "-")]
    return digest(*parts)


_DIST_INFO = re.compile(r"(?P<name>[^-]+)-(?P<version>[^-]+)\.dist-info")


def library_versions() -> dict[str, str]:
    """The installed version of each library, from the `*.dist-info` folder names on sys.path.

    The same answer as importlib.metadata, without its import time (a no-op rerun is short).
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            match = _DIST_INFO.fullmatch(name)
            if match:
                key = match.group("name").lower().replace("_", "-")
                found.setdefault(key, match.group("version"))
    return found


def files_digest(folders: Iterable[Path]) -> str:
    """The hash of every regular file (name and bytes) under the folders, in a stable order.

    Anything else (a FIFO, a device, a link to one) is named but never opened: reading it
    could block or never end, and the renderer refuses it too.
    """
    parts: list[str] = []
    for index, folder in enumerate(folders):
        for path in sorted(folder.rglob("*")):
            name = f"{index}/{path.relative_to(folder).as_posix()}"
            if path.is_dir():
                continue
            if not is_regular_file(path):
                parts += [name, "not a regular file"]
                continue
            try:
                parts += [name, hashlib.sha256(read_bounded(path, MAX_THEME_FILE)).hexdigest()]
            except FileProblem as problem:
                parts += [name, problem.reason]
    return digest(*parts)


def theme_stamp(theme: Theme) -> str:
    """The hash of every file of the theme (templates, CSS, fonts, images, catalogues)."""
    return files_digest(theme.dirs)


def render_stamp(theme: Theme, day: date) -> str:
    """What every output of one run shares: the code, the theme and the date printed."""
    return digest(code_stamp(), theme_stamp(theme), day.isoformat())


def output_digest(stamp: str, plan: str, *details: str) -> str:
    """The input hash of one output: the run's stamp, its plan's fingerprint, and the rest
    of what its renderer receives (language, layout, format, organisation, …)."""
    return digest(stamp, plan, *details)
