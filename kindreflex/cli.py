"""The command line: parse options, call the library, map its errors to exit codes."""

from __future__ import annotations

import functools
import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import ContentError, Issue, KindreflexError, UsageError, issues_to_json, printable

F = TypeVar("F", bound=Callable[..., Any])

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder that holds frameworks/ (and optionally templates/).",
)


def _print_issues(issues: list[Issue], warnings: list[Issue], fmt: str) -> None:
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
            _print_issues(error.issues, error.warnings, "stderr")
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kindreflex")
@click.option("--debug", is_flag=True, help="Show Python tracebacks of internal errors.")
def cli(debug: bool) -> None:
    """Tailored step-by-step plans for signals of concern about children.

    One shared framework (YAML) plus sector, context and organisation overlays
    become a plan per sector, as a web page and a printed handout.
    """


@cli.command()
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="How to print the issues.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--max-contact-age", type=click.IntRange(min=1), default=12, show_default=True,
              help="Warn when a contact was last checked more than this many months ago.")
@handle_errors
def validate(root: Path, fmt: str, strict: bool, max_contact_age: int) -> None:
    """Check every framework and overlay file; report all errors at file:line:col."""
    from .framework.checks import CheckOptions
    from .framework.loading import open_project
    from .render.glyphs import glyph_warnings

    options = CheckOptions(max_contact_age_days=round(max_contact_age * 365 / 12))
    project = open_project(root, options)
    project.issues.extend(glyph_warnings(project))
    errors, warnings = project.issues.errors, project.issues.warnings
    _print_issues(errors, warnings, fmt)
    failed = bool(errors) or (strict and bool(warnings))
    if fmt == "text":
        files = 1 + sum(len(p) for p in project.workspace.overlay_files.values())
        summary = f"{len(errors)} error(s), {len(warnings)} warning(s) in {files} file(s)"
        click.echo(summary if failed or warnings else f"ok: {files} file(s) valid",
                   err=failed)
    sys.exit(1 if failed else 0)


def _project(root: Path) -> Any:
    from .framework.loading import load_project

    return load_project(root)


@cli.command()
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Print a table or JSON.")
@handle_errors
def sectors(root: Path, fmt: str) -> None:
    """List the sectors and contexts: id, title and kind."""
    project = _project(root)
    default = project.languages[0]
    rows = [
        {"id": overlay_id, "kind": kind,
         "title": project.overlay(kind, overlay_id).layer(default).title.get(default, ""),
         "file": project.overlay(kind, overlay_id).doc.file}
        for kind in ("sector", "context") for overlay_id in project.ids(kind)
    ]
    if fmt == "json":
        click.echo(json.dumps({"sectors": rows}, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(printable(f"{row['id']:<24} {row['kind']:<8} {row['title']}"))


@cli.command()
@root_option
@click.argument("sector_ids", metavar="[SECTOR]...", nargs=-1)
@click.option("--all", "all_sectors", is_flag=True, help="Build every sector.")
@click.option("--context", help="Apply this context overlay (for example lockdown).")
@click.option("--lang", "languages", multiple=True,
              help="Language to build (repeatable; default: every declared language).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["html", "pdf"]),
              help="Output format (repeatable; default: html and pdf).")
@click.option("--layout", "layouts", multiple=True, type=click.Choice(["handout", "card"]),
              help="Handout (full plan) or card (one page); repeatable; default: handout.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Output folder.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Number of parallel processes.")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder with template overrides (looked up before ROOT/templates).")
@handle_errors
def build(root: Path, sector_ids: tuple[str, ...], all_sectors: bool, context: str | None,
          languages: tuple[str, ...], formats: tuple[str, ...], layouts: tuple[str, ...],
          out: Path, jobs: int, templates: Path | None) -> None:
    """Build the plan of each sector as HTML and PDF into OUT/<lang>/."""
    from .output.build import BuildRequest, run_build

    if not sector_ids and not all_sectors:
        raise UsageError("name one or more sectors, or use --all (see 'kindreflex sectors')")
    request = BuildRequest(
        root=root, sectors=sector_ids, all_sectors=all_sectors, context=context,
        languages=languages, formats=formats or ("html", "pdf"), layouts=layouts or ("handout",),
        out=out, jobs=jobs, templates=templates,
    )
    written = run_build(request, warn=lambda issue: click.echo(issue.format_text(), err=True))
    if written:
        click.echo(f"wrote {len(written)} file(s) to {out}")
    else:
        click.echo(f"nothing to write: every output in {out} is up to date")


def _resolutions(root: Path, sector: str, context: str | None,
                 lang: str | None) -> tuple[Any, Any, Any]:
    project = _project(root)
    if lang is not None and lang not in project.languages:
        raise UsageError(f"unknown language '{lang}' (the framework declares "
                         f"{', '.join(project.languages)})")
    base = project.resolve(None)
    return project, base, project.resolve(sector, context)


def plan_report_options(json_help: str) -> Callable[[F], F]:
    """The options `explain` and `diff` share: root, sector, context, language, format."""

    def decorate(command: F) -> F:
        for option in reversed([
            root_option,
            click.argument("sector"),
            click.option("--context", help="Also apply this context overlay."),
            click.option("--lang",
                         help="Language of the texts shown (default: the framework's default)."),
            click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                         show_default=True, help=json_help),
        ]):
            command = option(command)
        return command

    return decorate


@cli.command()
@plan_report_options("Readable text, or JSON (the golden-file format).")
@handle_errors
def explain(root: Path, sector: str, context: str | None, lang: str | None, fmt: str) -> None:
    """Show the resolved plan of SECTOR with where each field was last set."""
    from .editing.plan_report import explain_json, explain_text

    project, _base, res = _resolutions(root, sector, context, lang)
    if fmt == "json":
        click.echo(explain_json(project, res), nl=False)
    else:
        click.echo(explain_text(project, res, lang or project.languages[0]), nl=False)


@cli.command()
@plan_report_options("Readable text, or JSON with values before and after.")
@handle_errors
def diff(root: Path, sector: str, context: str | None, lang: str | None, fmt: str) -> None:
    """List what the overlays of SECTOR add, change, move and remove, with reasons."""
    from .editing.plan_report import diff_json, diff_text

    project, base, res = _resolutions(root, sector, context, lang)
    default = project.languages[0]
    if fmt == "json":
        click.echo(diff_json(base, res), nl=False)
    else:
        click.echo(diff_text(base, res, lang or default, default), nl=False)


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("schema"),
              show_default=True, help="Folder to write the JSON Schemas to.")
@handle_errors
def schema(out: Path) -> None:
    """Write the JSON Schemas of frameworks and overlays (for editors such as VS Code)."""
    from .framework.schema import write_schemas

    for path in write_schemas(out):
        click.echo(f"wrote {path}")


@cli.command("new-sector")
@root_option
@click.argument("overlay_id", metavar="ID")
@click.option("--title", required=True, help="The title in the default language.")
@click.option("--kind", type=click.Choice(["sector", "context"]), default="sector",
              show_default=True, help="Write a sector overlay or a context overlay.")
@handle_errors
def new_sector(root: Path, overlay_id: str, title: str, kind: str) -> None:
    """Write a commented sector (or context) overlay that validates at once; never overwrites."""
    from .editing.scaffold import create_overlay
    from .framework.loading import open_project

    project = open_project(root)
    if project.framework is None:
        raise ContentError(project.issues.errors)
    path = create_overlay(project, kind, overlay_id, title)
    click.echo(f"wrote {project.workspace.relative(path)}")


@cli.command()
@root_option
@click.option("--lang", "languages", multiple=True,
              help="Only this language (repeatable; default: every declared language).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="One line per missing text, or JSON.")
@handle_errors
def translations(root: Path, languages: tuple[str, ...], fmt: str) -> None:
    """List every text that has no translation in a declared language, with its file:line."""
    from .editing.translation_report import missing_translations

    project = _project(root)
    unknown = [lang for lang in languages if lang not in project.languages]
    if unknown:
        raise UsageError(f"language {', '.join(unknown)} is not declared by the framework "
                         f"(declared: {', '.join(project.languages)})")
    missing = missing_translations(project, languages)
    if fmt == "json":
        click.echo(json.dumps({"missing": [vars(m) for m in missing]}, ensure_ascii=False,
                              indent=2))
        return
    for item in missing:
        click.echo(item.format_text())
    counts = {lang: sum(1 for m in missing if m.language == lang)
              for lang in languages or project.languages}
    click.echo("missing: " + ", ".join(f"{lang} {n}" for lang, n in counts.items()), err=True)


@cli.command()
@root_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (keep 127.0.0.1 unless others must see it).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder with template overrides (looked up before ROOT/templates).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this host name (repeatable; by default only "
                   "localhost, 127.0.0.1, [::1] and the --host address).")
@handle_errors
def serve(root: Path, host: str, port: int, templates: Path | None,
          allow_hosts: tuple[str, ...]) -> None:
    """Live preview: rebuilds on save and reloads the open page; errors show in the page."""
    from .editing.preview_server import serve as run_server
    from .framework.workspace import Workspace

    Workspace.open(root)  # a clear error now if the root has no frameworks/
    run_server(root, host, port, templates, announce=lambda line: click.echo(line),
               allow_hosts=allow_hosts)


@cli.command()
@root_option
@click.argument("sector")
@click.option("--orgs", "orgs_file", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="CSV or YAML file with one organisation per row (see README: Batch).")
@click.option("--context", help="Apply this context overlay (for example lockdown).")
@click.option("--lang", "languages", multiple=True,
              help="Language to build (repeatable; default: every declared language).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["html", "pdf"]),
              help="Output format (repeatable; default: html and pdf).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Output folder.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Number of parallel processes (default: the number of cores).")
@click.option("--skip-invalid", is_flag=True,
              help="Build the valid rows even if others have errors (the exit code is still 1).")
@click.option("--full", is_flag=True,
              help="Render each handout as one whole document (slow; for comparison).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@handle_errors
def batch(root: Path, sector: str, orgs_file: Path, context: str | None,
          languages: tuple[str, ...], formats: tuple[str, ...], out: Path, jobs: int | None,
          skip_invalid: bool, full: bool, quiet: bool) -> None:
    """Build a personalised handout of SECTOR for every organisation in --orgs FILE."""
    import os

    from .batch.run import BatchRequest, run_batch

    request = BatchRequest(
        root=root, sector=sector, orgs=orgs_file, context=context, languages=languages,
        formats=formats or ("html", "pdf"), out=out, jobs=jobs or os.cpu_count() or 1,
        skip_invalid=skip_invalid, full=full,
    )
    with _ProgressBar(enabled=not quiet) as progress:
        result = run_batch(request, progress)
    summary = (f"wrote {len(result.written)} file(s) to {out}, {result.up_to_date} "
               f"up to date")
    if result.full_renders:
        summary += f", {result.full_renders} rendered whole (their own pages overflowed)"
    click.echo(summary, err=quiet)
    _print_issues([], result.warnings, "stderr")
    if result.issues:
        _print_issues(result.issues, [], "stderr")
        click.echo(f"{len(result.issues)} error(s): those organisations were left out",
                   err=True)
        sys.exit(1)


class _ProgressBar:
    """click's progress bar on stderr, opened when the batch knows how much there is to do."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def __enter__(self) -> _ProgressBar:
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


def main() -> None:
    """Entry point of the `kindreflex` console script."""
    cli(prog_name="kindreflex")
