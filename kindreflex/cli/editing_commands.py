"""The editors' commands: validate, sectors, explain, diff, schema, new-sector, translations."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import ContentError, UsageError, json_safe, printable
from .common import F, handle_errors, print_issues, root_option
from .group import cli


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
    from ..framework.checks import CheckOptions
    from ..framework.project import open_project
    from ..render.glyphs import glyph_warnings
    from ..render.interface_checks import interface_issues
    from ..render.theme import theme_for

    options = CheckOptions(max_contact_age_days=round(max_contact_age * 365 / 12))
    project = open_project(root, options)
    project.issues.extend(glyph_warnings(project))
    if project.framework is not None:
        project.issues.extend(interface_issues(project, theme_for(root)))
    errors, warnings = project.issues.errors, project.issues.warnings
    print_issues(errors, warnings, fmt, project.sources)
    failed = bool(errors) or (strict and bool(warnings))
    if fmt == "text":
        files = 1 + sum(len(p) for p in project.workspace.overlay_files.values())
        summary = f"{len(errors)} error(s), {len(warnings)} warning(s) in {files} file(s)"
        click.echo(summary if failed or warnings else f"ok: {files} file(s) valid",
                   err=failed)
    sys.exit(1 if failed else 0)


def _project(root: Path) -> Any:
    from ..framework.project import load_project

    return load_project(root)


@cli.command()
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Print a table or JSON.")
@handle_errors
def sectors(root: Path, fmt: str) -> None:
    """List the sectors and contexts: id, title and kind."""
    from ..framework.texts import localize

    project = _project(root)
    default = project.languages[0]
    rows = [
        {"id": overlay_id, "kind": kind,
         "title": localize(project.overlay(kind, overlay_id).layer(default).title, default,
                           default)[0],
         "file": project.overlay(kind, overlay_id).doc.file}
        for kind in ("sector", "context") for overlay_id in project.ids(kind)
    ]
    if fmt == "json":
        click.echo(json_safe(json.dumps({"sectors": rows}, ensure_ascii=False, indent=2)))
        return
    if not rows:
        click.echo("no sectors or contexts yet: 'kindreflex build --all' builds the framework's "
                   "own plan; add a sector with 'kindreflex new-sector ID --title TITLE'")
    for row in rows:
        click.echo(printable(f"{row['id']:<24} {row['kind']:<8} {row['title']}"))


def _resolutions(root: Path, sector: str, context: str | None,
                 lang: str | None) -> tuple[Any, Any, Any]:
    project = _project(root)
    if lang is not None:
        project.languages_asked((lang,))
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
    from ..editing.plan_report import explain_json, explain_text

    project, _base, res = _resolutions(root, sector, context, lang)
    if fmt == "json":
        click.echo(json_safe(explain_json(project, res)), nl=False)
    else:
        click.echo(printable(explain_text(project, res, lang or project.languages[0]),
                             keep_newlines=True), nl=False)


@cli.command()
@plan_report_options("Readable text, or JSON with values before and after.")
@click.option("--full", is_flag=True,
              help="Show changed texts whole, not only the words around each change.")
@handle_errors
def diff(root: Path, sector: str, context: str | None, lang: str | None, fmt: str,
         full: bool) -> None:
    """List what the overlays of SECTOR add, change, move and remove, with reasons; a changed
    text shows its changed words as [-old-]{+new+}."""
    from ..code_frames import wants_colour
    from ..editing.plan_report import diff_json, diff_text

    project, base, res = _resolutions(root, sector, context, lang)
    default = project.languages[0]
    if fmt == "json":
        click.echo(json_safe(diff_json(base, res)), nl=False)
    else:
        colour = wants_colour(sys.stdout)
        click.echo(diff_text(base, res, lang or default, default, full, colour), nl=False,
                   color=colour or None)


@cli.command()
@root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write the JSON Schemas to.  [default: ROOT/schema]")
@handle_errors
def schema(root: Path, out: Path | None) -> None:
    """Write the JSON Schemas of frameworks and overlays (for editors such as VS Code)."""
    from ..framework.schema import write_schemas

    # ROOT/schema is where the `$schema` lines of new-sector's files point.
    for path in write_schemas(out if out is not None else root / "schema"):
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
    from ..editing.scaffold import create_overlay
    from ..framework.project import open_project

    project = open_project(root)
    if project.framework is None:
        raise ContentError(project.issues.errors, sources=project.sources)
    path = create_overlay(project, kind, overlay_id, title)
    click.echo(f"wrote {project.workspace.relative(path)}")


@cli.command()
@root_option
@click.option("--lang", "languages", multiple=True,
              help="Only this language (repeatable; default: every declared language).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "po"]), default="text",
              show_default=True,
              help="One line per missing text, JSON, or (po) one language's missing interface "
                   "words as a gettext catalogue to translate.")
@click.option("--add-to-catalogue", "add", is_flag=True,
              help="Add the interface words one language (--lang) lacks to the root's "
                   "catalogue for it, templates/locale/<tag>/LC_MESSAGES/messages.po (made "
                   "when missing), each with an empty translation to fill in.")
@handle_errors
def translations(root: Path, languages: tuple[str, ...], fmt: str, add: bool) -> None:
    """List every text that has no translation in a declared language, with its file:line,
    and every interface word (heading, label, sentence of the layouts) a language lacks."""
    from ..editing.catalogue_starter import add_to_catalogue, interface_catalogue
    from ..editing.translation_report import missing_interface, missing_translations

    project = _project(root)
    asked = project.languages_asked(languages)
    if fmt == "po" or add:
        what = "--add-to-catalogue adds to" if add else "--format po writes"
        if len(asked) != 1:
            raise UsageError(f"{what} the catalogue of one language: name it with --lang "
                             f"(one of {', '.join(project.languages)})")
        if add:
            target, count = add_to_catalogue(project, asked[0])
            click.echo(f"added {count} interface word(s) of {asked[0]} to {target}: write "
                       "each translation in its msgstr")
            return
        catalogue, count = interface_catalogue(project, asked[0])
        click.echo(catalogue, nl=False)
        click.echo(f"{count} interface word(s) to translate in {asked[0]}", err=True)
        return
    missing = missing_translations(project, languages)
    words = missing_interface(project, languages)
    if fmt == "json":
        click.echo(json_safe(json.dumps({"missing": [vars(m) for m in missing],
                                         "interface": [vars(w) for w in words]},
                                        ensure_ascii=False, indent=2)))
        return
    for item in missing:
        click.echo(item.format_text())
    for word in words:
        click.echo(printable(f"{word.file}:{word.line}:{word.column}: missing '{word.language}': "
                             f"interface word \"{word.msgid}\""))
    counts = {lang: (sum(1 for m in missing if m.language == lang),
                     sum(1 for w in words if w.language == lang))
              for lang in languages or project.languages}
    click.echo("missing: " + ", ".join(f"{lang} {texts} text(s) and {interface} interface "
                                       f"word(s)" for lang, (texts, interface) in counts.items()),
               err=True)
