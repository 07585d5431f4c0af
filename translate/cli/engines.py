"""`translate engines`: the language pairs installed engines offer."""

from __future__ import annotations

import json

import click
from rich.table import Table

from translate.cli.options import Context, format_option, relative
from translate.config import load_config
from translate.engines import Engines


@click.command()
@format_option
@click.pass_obj
def engines(obj: Context, fmt: str) -> None:
    """List the language pairs the engines installed here offer, and how to add more.

    Example: translate engines
    """
    config = load_config(obj.workspace)
    with Engines(config) as available:
        routes = available.routes()
        signatures = {(r.src, r.tgt): str(available.for_pair(r.src, r.tgt).signature(r.src, r.tgt)) for r in routes}
        offered = frozenset((r.src, r.tgt) for r in routes)
        listings = [available.engine(name).listing(offered, lambda path: relative(path, obj.workspace))
                    for name in available.names]
    if fmt == "json":
        data: dict[str, object] = {"pairs": [{"src": r.src, "tgt": r.tgt, "engine": r.engine, "via": r.via,
                                              "signature": signatures[(r.src, r.tgt)]} for r in routes]}
        for listing in listings:
            data.update(listing.data)
        click.echo(json.dumps(data, indent=2))
        return
    console = obj.console()
    table = Table(title="Language pairs available here")
    for column in ("pair", "engine", "signature"):
        table.add_column(column)
    for r in routes:
        table.add_row(f"{r.src} → {r.tgt}", r.description, signatures[(r.src, r.tgt)])
    console.print(table)
    for listing in listings:
        for line in listing.lines:
            console.print(line)
