"""The `kindreflex` command group and its entry point; the commands register on import."""

from __future__ import annotations

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kindreflex")
@click.option("--debug", is_flag=True, help="Show Python tracebacks of internal errors.")
def cli(debug: bool) -> None:
    """Tailored step-by-step plans for signals of concern about children.

    One shared framework (YAML) plus sector, context and organisation overlays
    become a plan per sector, as a web page and a printed handout.
    """



