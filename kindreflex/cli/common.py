"""What every command shares: the --root option, issue printing, errors to exit codes."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..code_frames import format_issue, wants_colour
from ..errors import ContentError, Issue, KindreflexError, Sources, issues_to_json, printable

F = TypeVar("F", bound=Callable[..., Any])

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder that holds frameworks/ (and optionally templates/).",
)


def print_issues(issues: list[Issue], warnings: list[Issue], fmt: str,
                 sources: Sources | None = None) -> None:
    """Print issues as JSON, GitHub annotations, or text (on stdout, or with "stderr" on
    stderr) with the lines around each when `sources` has their files."""
    if fmt == "json":
        click.echo(issues_to_json(issues, warnings))
        return
    if fmt == "github":
        for issue in [*issues, *warnings]:
            click.echo(issue.format_github())
        return
    print_text_issues([*issues, *warnings], sources, err=fmt == "stderr")


def print_text_issues(issues: list[Issue], sources: Sources | None, err: bool = True) -> None:
    """Issues as text with their code frames, coloured when the terminal wants it."""
    colour = wants_colour(sys.stderr if err else sys.stdout)
    for issue in issues:
        # A blank line after each: with its frame, an issue takes several lines.
        click.echo(format_issue(issue, sources, colour) + "\n", err=err, color=colour or None)


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
            print_issues(error.issues, error.warnings, "stderr", error.sources)
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


