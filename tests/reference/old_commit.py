"""The print HTML of an earlier commit, made by that commit's own code from git (no file kept).

`make bench` compares today's handout with the handout of commit c9119b0 (before the work of
issues 9–15): the commit's tree is unpacked with `git archive` into a temporary folder and its
own `render_plan` makes the print HTML there, in a process of its own (its package shadows
today's on `sys.path`). The HTML's fonts point into that folder, so it stays until the
benchmark is done.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
# The main branch before issues 9–15 (render cost, layouts): the reference of issue 24.
REFERENCE_COMMIT = "c9119b0"

# Run inside the unpacked tree: that commit's API (kindreflex.project, kindreflex.render).
_SCRIPT = """
import sys
from datetime import date
from pathlib import Path
from kindreflex.project import load_project
from kindreflex.render import render_plan
from kindreflex.theme import theme_for
root = Path(sys.argv[1])
plan = load_project(root).plan(sys.argv[2])
html = render_plan(plan, sys.argv[3], theme=theme_for(root), day=date.fromisoformat(sys.argv[4]),
                   medium="print")
sys.stdout.write(html)
"""


@dataclass(frozen=True)
class OldPage:
    """Print HTML of the old commit and the theme folder its assets come from."""

    html: str
    theme_dir: Path


@contextmanager
def old_handout(sector: str, lang: str, day: str,
                commit: str = REFERENCE_COMMIT) -> Iterator[OldPage]:
    """The handout of `sector` in `lang` as `commit` printed it (its tree unpacked meanwhile)."""
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=REPO,
                             capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory(prefix=f"kindreflex-{commit}-") as folder:
        tree = Path(folder)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
        env = {**os.environ, "PYTHONPATH": str(tree)}
        made = subprocess.run([sys.executable, "-c", _SCRIPT, str(tree), sector, lang, day],
                              cwd=tree, env=env, capture_output=True, text=True, check=False)
        if made.returncode != 0:
            raise RuntimeError(f"commit {commit} did not render: {made.stderr.strip()[-500:]}")
        yield OldPage(made.stdout, tree / "templates")
