"""`translate models …`: list, install (from files, or downloaded when online) and remove argostranslate packages."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click
from rich.table import Table

from translate.cli.options import Context, format_option, writes_workspace
from translate.config import load_config
from translate.engines.argos import ENGINE as ARGOS
from translate.engines.argos_packages import INSTALL_HINT, InstalledPackage, download_package, inspect_package, install_package
from translate.engines.argos_packages import list_packages, remove_package
from translate.engines.registry import read_section


@click.group()
def models() -> None:
    """List, install and remove the argostranslate packages in the workspace's model folder.

    The folder is translate.toml's [engines.argos] packages_dir (default .translate/models).

    Example: translate models install translate-en_uk-1_9.argosmodel
    """


def _models_dir(obj: Context) -> Path:
    return read_section(load_config(obj.workspace), ARGOS).packages_dir


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    amount = float(size)
    for unit in ("KB", "MB", "GB"):
        amount /= 1024
        if amount < 1024 or unit == "GB":
            break
    return f"{amount:.1f} {unit}"


def _describe(package: InstalledPackage) -> str:
    return (f"{package.pair} {package.version} ({package.name}) in {package.path}, {_size(package.size)}, "
            f"splitter: {package.splitter or 'none'}")


@models.command("list")
@format_option
@click.pass_obj
def list_command(obj: Context, fmt: str) -> None:
    """List the installed packages: pair, version, size, sentence splitter, folder.

    Example: translate models list --format json
    """
    folder = _models_dir(obj)
    packages = list_packages(folder)
    if fmt == "json":
        click.echo(json.dumps([dataclasses.asdict(p) | {"path": str(p.path)} for p in packages], indent=2))
        return
    if not packages:
        click.echo(f"no packages installed in {folder}; {INSTALL_HINT.replace('`', '')}")
        return
    table = Table(title=f"argostranslate packages in {folder}")
    for column in ("pair", "version", "size", "splitter", "path"):
        table.add_column(column, justify="right" if column == "size" else "left")
    for p in packages:
        table.add_row(p.pair, p.version, _size(p.size), p.splitter or "none (downloads on first use)", str(p.path))
    obj.console().print(table)


@models.command("install")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--upgrade", is_flag=True, help="Replace an installed package of the same pair.")
@click.option("--from", "src", help="Download the package for this source language (needs a network).")
@click.option("--to", "tgt", help="Download the package for this target language (needs a network).")
@click.pass_obj
def install_command(obj: Context, files: tuple[Path, ...], upgrade: bool, src: str | None, tgt: str | None) -> None:
    """Check .argosmodel FILES (a safe zip, metadata, model, tokenizer, splitter) and install them.

    Every file is checked before any is installed. With --from and --to instead of files, the
    package is downloaded from the argos index (only on a connected machine).

    Example: translate models install translate-en_uk-1_9.argosmodel --upgrade
    """
    folder = _models_dir(obj)
    if bool(files) == bool(src or tgt):
        raise click.UsageError("give .argosmodel FILES, or --from and --to to download a package")
    if not files:
        if not (src and tgt):
            raise click.UsageError("--from and --to go together")
        with obj.lock():
            click.echo("installed " + _describe(download_package(src, tgt, folder, upgrade=upgrade)))
        return
    for info in [inspect_package(file) for file in files]:
        for warning in info.warnings:
            click.echo(f"warning: {info.path}: {warning}", err=True)
    with obj.lock():  # once every file is checked: a bad one leaves the workspace as it was
        for file in files:
            click.echo("installed " + _describe(install_package(file, folder, upgrade=upgrade)))


@models.command("remove")
@click.argument("pair")
@click.pass_obj
@writes_workspace
def remove_command(obj: Context, pair: str) -> None:
    """Remove the package for PAIR (en-es, en->es) or with that folder name.

    Example: translate models remove en-es
    """
    click.echo("removed " + _describe(remove_package(_models_dir(obj), pair)))
