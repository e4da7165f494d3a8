"""A root's frameworks/ and templates/ as they were at a git commit, in a folder of their own.

`kindreflex changes --since REF` compares what every paper says now with what it said at
REF: the files are taken out of the root's repository with `git archive` (no checkout, the
working tree is not touched, nothing goes over the network) and resolved like any root.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

from ..errors import UsageError

# What a root holds that the papers are made of (see framework.workspace).
FOLDERS = ("frameworks", "templates")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise UsageError("git is not installed: --since can name a file or an edition code, "
                         "not a git commit")
    return subprocess.run([git, "-C", str(root), *args], capture_output=True, check=False)


def commit_of(root: Path, ref: str) -> str | None:
    """The commit `ref` names in the repository of `root`, or None (no repository, no such
    ref)."""
    if ref.startswith("-"):
        return None  # never an option to git
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if found.returncode != 0:
        return None
    return found.stdout.decode().strip() or None


def sources_at(root: Path, commit: str, into: Path) -> Path:
    """Write ROOT's frameworks/ and templates/ as at `commit` below `into`; the root there."""
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.decode().strip()
    top = _git(root, "rev-parse", "--show-toplevel").stdout.decode().strip()
    for folder in FOLDERS:
        path = f"{prefix}{folder}"
        listed = _git(Path(top), "ls-tree", "-d", "--name-only", commit, path)
        if not listed.stdout.strip():
            continue  # not in the repository at that commit (a root without its own theme)
        archive = _git(Path(top), "archive", "--format=tar", commit, path)
        if archive.returncode != 0:
            raise UsageError(f"git could not read {path} at {commit[:12]}: "
                             f"{archive.stderr.decode(errors='replace').strip()}")
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(into, filter="data")
    return into / prefix if prefix else into


def file_at(path: Path, commit: str) -> bytes | None:
    """The bytes of the file `path` at `commit` of its repository (None: it was not there)."""
    prefix = _git(path.parent, "rev-parse", "--show-prefix").stdout.decode().strip()
    shown = _git(path.parent, "show", f"{commit}:{prefix}{path.name}")
    return shown.stdout if shown.returncode == 0 else None
