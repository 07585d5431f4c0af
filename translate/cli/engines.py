"""`translate engines`: the language pairs installed engines offer."""

from __future__ import annotations

import json

import click
from rich.table import Table

from translate.cli.options import Context, format_option, relative
from translate.config import load_config
from translate.engines import Engines, apt_packages
from translate.engines.apertium import ApertiumEngine


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
        signatures = {(r.src, r.tgt): available.for_pair(r.src, r.tgt).signature(r.src, r.tgt) for r in routes}
        apertium = available.engine("apertium")
        problem = apertium.unavailable() if isinstance(apertium, ApertiumEngine) else None
    offered = {(r.src, r.tgt) for r in routes}
    missing = sorted({pkg for pair, pkg in apt_packages().items() if pair not in offered})
    if fmt == "json":
        click.echo(json.dumps({
            "pairs": [{"src": r.src, "tgt": r.tgt, "engine": r.engine, "via": r.via,
                       "signature": signatures[(r.src, r.tgt)]} for r in routes],
            "apt_packages_not_installed": missing,
            "apertium_problem": str(problem) if problem is not None else None,
        }, indent=2))
        return
    console = obj.console()
    table = Table(title="Language pairs available here")
    for column in ("pair", "engine", "signature"):
        table.add_column(column)
    for r in routes:
        table.add_row(f"{r.src} → {r.tgt}", r.description, signatures[(r.src, r.tgt)])
    console.print(table)
    if problem is not None:
        console.print(f"Apertium offers no pair: {problem}")
    elif not routes:
        console.print("No engine is installed: sudo apt-get install apertium apertium-eng-spa (or make demo).")
    more = " ".join(missing[:6]) + (" …" if len(missing) > 6 else "")
    console.print(f"More Apertium pairs: sudo apt-get install {more}")
    console.print(f"argostranslate packages are read from {relative(config.argos_packages_dir, obj.workspace)}/.")
    console.print("Pivots (SRC → PIVOT → TGT through two Apertium pairs) are declared in translate.toml "
                  "[engines.apertium.pivots].")
