"""The `translate` command line: thin click commands over the library, one module per command group."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import click

from translate import __version__
from translate.cli.engines import engines
from translate.cli.glossary import glossary
from translate.cli.models import models
from translate.cli.options import Context
from translate.cli.publish import publish
from translate.cli.review import memory, review
from translate.cli.run import inspect, run
from translate.cli.serve import serve
from translate.config import Workspace
from translate.errors import StoreError, TranslateError
from translate.fsutil import os_error


class _Group(click.Group):
    """Turns every failure into one clear line and exit code 1 (a traceback with --debug).

    TranslateError says what is wrong itself; a file system failure nothing caught on the way
    (read-only, full, a link loop), a store failure and running out of memory are said in words.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (TranslateError, OSError, sqlite3.Error, MemoryError) as error:
            if isinstance(ctx.obj, Context) and ctx.obj.debug:
                raise
            raise click.ClickException(_one_line(error, ctx)) from None


def _one_line(error: BaseException, ctx: click.Context) -> str:
    if isinstance(error, OSError):
        error = os_error(error)
    elif isinstance(error, sqlite3.Error):
        store = ctx.obj.workspace.store_path if isinstance(ctx.obj, Context) else None
        error = StoreError(f"the segment store failed: {error}", path=store, hint="check the disk and run again")
    elif isinstance(error, MemoryError):
        return (f"{ctx.command_path} {ctx.invoked_subcommand or ''}: out of memory: the input is too large for the "
                "memory this machine gives the command; give fewer or smaller files at once, or free some memory")
    return " ".join(str(error).split())  # one line, whatever a message holds


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--workspace", "-w", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Workspace folder (glossary/, templates/, outputs/, .translate/).")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@click.version_option(__version__, prog_name="translate")
@click.pass_context
def cli(ctx: click.Context, workspace: Path, debug: bool, quiet: bool) -> None:
    """Offline translation of articles under a glossary, for post-editing and publication.

    Example: translate run examples/armenia-csto.md --to es,ca
    """
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = Context(Workspace(workspace.resolve()), debug, quiet)


for command in (run, publish, engines, inspect, glossary, models, review, memory, serve):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="translate")

