"""What every command shares: the --root option, issue printing, errors to exit codes."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import ContentError, Issue, KindreflexError, issues_to_json, printable

F = TypeVar("F", bound=Callable[..., Any])

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder that holds frameworks/ (and optionally templates/).",
)


def print_issues(issues: list[Issue], warnings: list[Issue], fmt: str) -> None:
    if fmt == "json":
        click.echo(issues_to_json(issues, warnings))
        return
    for issue in [*issues, *warnings]:
        click.echo(issue.format_github() if fmt == "github" else issue.format_text(),
                   err=fmt == "stderr")


def handle_errors(command: F) -> F:
    """Turn library errors into messages and exit codes; tracebacks only with --debug."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool(click.get_current_context().find_root().params.get("debug"))
        try:
            return command(*args, **kwargs)
        except ContentError as error:
            if debug:
                traceback.print_exc()
            print_issues(error.issues, error.warnings, "stderr")
            click.echo(f"{len(error.issues)} error(s)", err=True)
            sys.exit(error.exit_code)
        except KindreflexError as error:
            if debug:
                traceback.print_exc()
            click.echo(f"error: {printable(str(error))}", err=True)
            sys.exit(error.exit_code)
        except BrokenPipeError:
            sys.exit(0)  # the reader (for example `head`) has what it wanted
        except OSError as error:
            if debug:
                traceback.print_exc()
            message = f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": ")
            click.echo(printable(message), err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as error:  # a bug in kindreflex: say so plainly, no traceback
            if debug:
                traceback.print_exc()
            click.echo(f"internal error: {type(error).__name__}: {printable(str(error))}\n"
                       "  hint: this is a bug in kindreflex; run with --debug for details "
                       "and report it", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


class ProgressBar:
    """click's progress bar on stderr, opened when the batch knows how much there is to do."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def __enter__(self) -> ProgressBar:
        return self

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            # click hides the bar by itself when stderr is not a terminal.
            self.bar = click.progressbar(length=total, file=sys.stderr, show_pos=True,
                                         show_eta=True, width=30).__enter__()
        self.bar.update(done - self.bar.pos)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


