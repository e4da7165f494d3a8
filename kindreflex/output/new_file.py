"""Files a command writes for the user to edit (a new overlay, an organisations file): created
only where no file is, so nothing of theirs is ever overwritten."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UsageError


def write_new_file(path: Path, text: str, shown: str) -> None:
    """Create `path` holding `text`; UsageError (naming it `shown`) if it exists or cannot be
    written, and then no empty file is left behind."""
    try:
        # 'x' creates the file only if it does not exist: an existing file is never touched.
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{shown} already exists; it was left unchanged") from None
    except OSError as error:
        if path.exists() and path.stat().st_size == 0:
            os.unlink(path)
        raise UsageError(f"cannot write {path}: {error.strerror}") from None
