"""The command line: parse options, call one library function, map its errors to exit codes.

`group` holds the `kindreflex` group; `editing_commands` and `output_commands` register the
commands on it; `common` is what they share (the --root option, issue printing, exit codes).
No business logic lives here.
"""

from __future__ import annotations

from . import editing_commands, output_commands  # noqa: F401 - importing registers the commands
from .group import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the `kindreflex` console script."""
    cli(prog_name="kindreflex")
