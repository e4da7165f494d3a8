"""Commands that make files, serve them or compare them: build, serve, batch, changes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TypeVar

import click

from ..editing.error_page import DEFAULT_EDITOR_URL
from ..errors import Issue, Sources, UsageError
from ..layouts import ALL, DEFAULT_LAYOUT, LAYOUTS, chosen_layouts
from ..output.request import OutputRequest
from .common import ProgressBar, handle_errors, print_issues, print_text_issues, root_option
from .group import cli

Request = TypeVar("Request", bound=OutputRequest)

# `--help` lists every layout of the registry: its name, paper and reader.
LAYOUT_HELP = "\b\nLayouts (--layout NAME, or --layout all):\n" + "\n".join(
    f"  {name:<11} {spec.paper:<3} {spec.for_whom}" for name, spec in LAYOUTS.items())
layout_choice = click.Choice([*LAYOUTS, ALL])


def output_request(kind: type[Request], **options: Any) -> Request:
    """The request of `build` or `batch` from the command's options; an option not given
    (empty) keeps the request's default, so both commands default alike."""
    return kind(**{name: value for name, value in options.items() if value not in (None, ())})



@cli.command(epilog=LAYOUT_HELP)
@root_option
@click.argument("sector_ids", metavar="[SECTOR]...", nargs=-1)
@click.option("--all", "all_sectors", is_flag=True, help="Build every sector.")
@click.option("--context", help="Apply this context overlay (for example lockdown).")
@click.option("--lang", "languages", multiple=True,
              help="Language to build (repeatable; default: every declared language).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["html", "pdf"]),
              help="Output format (repeatable; default: html and pdf).")
@click.option("--layout", "layouts", multiple=True, type=layout_choice,
              help=f"Layout to build (repeatable; 'all': every layout; default: "
                   f"{DEFAULT_LAYOUT}); the layouts are listed below.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Output folder.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Number of parallel processes.")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder with template overrides (looked up before ROOT/templates).")
@click.option("--site-url", metavar="BASE",
              help="Where OUT will be published (https://…): each paper's QR code and web "
                   "address then lead to its own web page, BASE/<lang>/<file>.html.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@handle_errors
def build(root: Path, sector_ids: tuple[str, ...], all_sectors: bool, context: str | None,
          languages: tuple[str, ...], formats: tuple[str, ...], layouts: tuple[str, ...],
          out: Path, jobs: int, templates: Path | None, site_url: str | None,
          strict: bool) -> None:
    """Build the plan of each sector as HTML and PDF into OUT/<lang>/."""
    from ..output.build import BuildRequest, run_build

    if not sector_ids and not all_sectors:
        raise UsageError("name one or more sectors, or use --all (see 'kindreflex sectors')")
    request = output_request(
        BuildRequest, root=root, sectors=sector_ids, all_sectors=all_sectors, context=context,
        languages=languages, formats=formats, layouts=chosen_layouts(layouts), out=out,
        jobs=jobs, templates=templates, site_url=site_url,
    )
    early: list[Issue] = []

    def warn(issue: Issue, sources: Sources) -> None:
        early.append(issue)
        print_text_issues([issue], sources)

    written = run_build(request, warn=warn)
    # Of the theme (its CSS: no code frame) and of the content (the lines around them).
    print_issues([], written.warnings, "stderr", written.sources)
    if written:
        click.echo(f"wrote {len(written)} file(s) to {out}")
    else:
        click.echo(f"nothing to write: every output in {out} is up to date")
    warnings = len(early) + len(written.warnings)
    if strict and warnings:
        click.echo(f"{warnings} warning(s) (--strict)", err=True)
        sys.exit(1)


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
@click.option("--editor-url", default=DEFAULT_EDITOR_URL,
              show_default=True, metavar="TEMPLATE",
              help="Where the place of an error in the page leads: an address with {path} "
                   "(the file's absolute path), {line} and {column}, for example "
                   "'idea://open?file={path}&line={line}'.")
@handle_errors
def serve(root: Path, host: str, port: int, templates: Path | None,
          allow_hosts: tuple[str, ...], editor_url: str) -> None:
    """Live preview of every layout: rebuilds on save and reloads the open page; errors show
    in the page, each place a link into the editor."""
    from ..editing.preview_server import serve as run_server
    from ..framework.workspace import Workspace

    Workspace.open(root)  # a clear error now if the root has no frameworks/
    run_server(root, host, port, templates, announce=lambda line: click.echo(line),
               allow_hosts=allow_hosts, editor_url=editor_url)


@cli.command(epilog=LAYOUT_HELP)
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
@click.option("--layout", "layouts", multiple=True, type=layout_choice,
              help=f"Layout to build per organisation (repeatable; 'all': every layout; "
                   f"default: {DEFAULT_LAYOUT}); the organisation's name and contact person "
                   "fill its blank lines. The layouts are listed below.")
@click.option("--full", is_flag=True,
              help="Render each handout as one whole document (slow; for comparison).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@handle_errors
def batch(root: Path, sector: str, orgs_file: Path, context: str | None,
          languages: tuple[str, ...], formats: tuple[str, ...], out: Path, jobs: int | None,
          skip_invalid: bool, layouts: tuple[str, ...], full: bool, quiet: bool,
          strict: bool) -> None:
    """Build a personalised handout of SECTOR for every organisation in --orgs FILE."""
    from ..batch.run import BatchRequest, run_batch

    request = output_request(
        BatchRequest, root=root, sector=sector, orgs=orgs_file, context=context,
        languages=languages, formats=formats, layouts=chosen_layouts(layouts), out=out,
        jobs=jobs, skip_invalid=skip_invalid, full=full,
    )
    with ProgressBar(enabled=not quiet) as progress:
        result = run_batch(request, progress)
    summary = (f"wrote {len(result.written)} file(s) to {out}, {result.up_to_date} "
               f"up to date")
    if result.full_renders:
        summary += f", {result.full_renders} rendered whole (their own pages overflowed)"
    click.echo(summary, err=quiet)
    print_issues([], result.warnings, "stderr", result.sources)
    if result.issues:
        print_issues(result.issues, [], "stderr", result.sources)
        click.echo(f"{len(result.issues)} error(s): those organisations were left out",
                   err=True)
        sys.exit(1)
    if strict and result.warnings:
        click.echo(f"{len(result.warnings)} warning(s) (--strict)", err=True)
        sys.exit(1)


@cli.command("new-orgs")
@root_option
@click.argument("sector")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--context", help="The context overlay the batch will apply (for example lockdown).")
@handle_errors
def new_orgs(root: Path, sector: str, path: Path, context: str | None) -> None:
    """Write an organisations file for `batch SECTOR` to fill in (FILE: .yaml, with every
    field explained and the plan's local numbers; .csv, its header); never overwrites."""
    from ..batch.org_template import write_organisations_template
    from ..framework.project import load_project

    plan = load_project(root, focus=(sector, context)).plan(sector, context)
    command = f"kindreflex batch {sector}{f' --context {context}' if context else ''} " \
              f"--orgs {path.name}"
    written = write_organisations_template(plan, root, path, command)
    click.echo(f"wrote {written}")


@cli.command()
@root_option
@click.argument("sector_ids", metavar="[SECTOR]...", nargs=-1)
@click.option("--since", "since", required=True, metavar="REF",
              help="What to compare with: a git commit of the root's repository (a tag, a "
                   "branch), a copy of an earlier OUT/editions.json or OUT/build-manifest.json, "
                   "an edition code printed on a paper, or a framework version.")
@click.option("--context", help="Compare the plans with this context overlay.")
@click.option("--lang", "languages", multiple=True,
              help="Language to compare (repeatable; default: every declared language).")
@click.option("--layout", "layouts", multiple=True, type=layout_choice,
              help="Layout to compare (repeatable; default: every layout).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Output folder whose editions.json knows the editions.")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder with template overrides (looked up before ROOT/templates).")
@click.option("--orgs", "orgs_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also say which organisations' papers (kindreflex batch SECTOR --orgs FILE) "
                   "to print again; give their one SECTOR.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@handle_errors
def changes(root: Path, sector_ids: tuple[str, ...], since: str, context: str | None,
            languages: tuple[str, ...], layouts: tuple[str, ...], out: Path,
            templates: Path | None, orgs_file: Path | None, fmt: str) -> None:
    """Which papers to print again since REF: reprint now, at the next print run, or not."""
    from ..output.changes import ChangesRequest, run_changes, summary

    request = ChangesRequest(root=root, since=since, out=out, sectors=sector_ids,
                             context=context, languages=languages,
                             layouts=chosen_layouts(layouts) if layouts else tuple(LAYOUTS),
                             templates=templates)
    report = run_changes(request)
    if orgs_file is not None:
        from ..batch.org_changes import add_organisations

        add_organisations(report, request, orgs_file)
    click.echo(report.as_json() if fmt == "json" else "\n".join(summary(report)))
