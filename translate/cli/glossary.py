"""`translate glossary …`: check, scan, export, import and impact of the terminology glossary."""

from __future__ import annotations

import dataclasses
import getpass
import json
from contextlib import nullcontext
from pathlib import Path

import click
from rich.table import Table

from translate.cli.options import Context, format_option, language_option, languages_option, writes_workspace
from translate.config import load_config
from translate.errors import ExportError
from translate.fsutil import atomic_write_bytes
from translate.glossary.impact import glossary_impact, reopen
from translate.glossary.formats import ExchangeOptions, exchange_format, exchange_formats, import_format
from translate.glossary.imports import prepare_import
from translate.glossary.load import load_glossary, validate_glossary
from translate.glossary.match import matcher_for
from translate.ingest import read_article
from translate.segment import segment_article
from translate.store import Store

@click.group()
def glossary() -> None:
    """Check, scan, exchange the terminology glossary in glossary/, and see what a change touches.

    Example: translate glossary check
    """


@glossary.command()
@format_option
@click.pass_obj
def check(obj: Context, fmt: str) -> None:
    """Validate every glossary file; report every problem with its file, line and a hint.

    Example: translate glossary check
    """
    folder = obj.workspace.glossary_dir
    result = validate_glossary(folder, cache_dir=obj.workspace.state_dir)
    problems = result.problems
    if fmt == "json":
        click.echo(json.dumps([{"path": str(p.path), "line": p.line, "message": p.message, "hint": p.hint}
                               for p in problems], indent=2, ensure_ascii=False))
    for problem in problems if fmt == "text" else ():
        click.echo(str(problem), err=True)
    if result.glossary is None:
        raise click.exceptions.Exit(1)
    loaded = result.glossary
    if fmt == "text":
        files = len({c.path for c in loaded.concepts})
        langs = sorted({lang for c in loaded.concepts for lang, _ in c.terms})
        click.echo(f"{folder.name}/: {len(loaded.concepts)} concepts in {files} file(s), languages: "
                   f"{', '.join(langs) or 'none'}; {loaded.signature}")


@glossary.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option
@click.pass_obj
def scan(obj: Context, sources: tuple[Path, ...], fmt: str) -> None:
    """Report every governed term and every forbidden variant in source articles.

    Example: translate glossary scan examples/belarus-border.txt
    """
    loaded = load_glossary(obj.workspace.glossary_dir, cache_dir=obj.workspace.state_dir)
    config = load_config(obj.workspace)
    rows = []
    for source in sources:
        article = read_article(source, source_lang=config.source_language)
        lang = article.meta.source_lang
        matcher = matcher_for(loaded, lang)
        for segment in segment_article(article):
            for match in matcher.find(segment.text):
                rows.append({"article": article.meta.slug, "segment": segment.id, "concept": match.concept_id,
                             "status": match.status.value, "text": match.text, "variant": match.variant})
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title="Glossary terms in the sources")
    for column in ("article", "segment", "concept", "status", "text"):
        table.add_column(column)
    for row in rows:
        style = "bold red" if row["status"] == "forbidden" else None
        table.add_row(*(row[key] for key in ("article", "segment", "concept", "status", "text")), style=style)
    console = obj.console()
    console.print(table)
    forbidden = sum(1 for r in rows if r["status"] == "forbidden")
    console.print(f"{len(rows)} term occurrence(s), {forbidden} forbidden variant(s)"
                  + (": `translate run` replaces them before translating and reports each." if forbidden else "."),)


@glossary.command("export")
@click.option("--format", "fmt", type=click.Choice([f.name for f in exchange_formats()]), required=True,
              help="; ".join(f"{f.name}: {f.summary}" for f in exchange_formats()) + ".")
@language_option("--from", "src", help="Source language of a pair format (default: translate.toml's source_language).")
@language_option("--to", "tgt", help="Target language of a pair format (required for "
                 + ", ".join(f.name for f in exchange_formats() if f.pair) + ").")
@click.option("--header", is_flag=True, help="CSV: first row names the languages (Google, Amazon).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@click.pass_obj
def export_command(obj: Context, fmt: str, src: str | None, tgt: str | None, header: bool, out: Path | None) -> None:
    """Export the glossary as TBX (every language) or as a CSV or OmegaT glossary for one language pair.

    Example: translate glossary export --format csv --to es --out glossary-en-es.csv
    """
    loaded = load_glossary(obj.workspace.glossary_dir, cache_dir=obj.workspace.state_dir)
    chosen = exchange_format(fmt)
    if chosen.pair and not tgt:
        raise click.UsageError(f"--to is required with --format {fmt}")
    data = chosen.export(loaded, ExchangeOptions(src or load_config(obj.workspace).source_language, tgt, header))
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        _write(out, data)
        click.echo(f"wrote {out}", err=True)


@glossary.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@language_option("--from", "src", help="Source language of a pair format (default: translate.toml's source_language).")
@language_option("--to", "tgt", help="Target language of a pair format (required for "
                 + ", ".join(f".{suffix}" for f in exchange_formats() if f.pair and f.read for suffix in f.reads)
                 + " files).")
@click.option("--name", help="Name of the YAML file written in glossary/ (default: imported-<file name>.yaml).")
@click.pass_obj
@writes_workspace
def import_command(obj: Context, file: Path, src: str | None, tgt: str | None, name: str | None) -> None:
    """Import a TBX (2008 or v3), CSV or OmegaT glossary into a new YAML file in glossary/, checked with the rest
    first.

    Example: translate glossary import partner-terms.tbx
    """
    if import_format(file).pair and not tgt:
        raise click.UsageError(f"--to is required for a {file.suffix.lower() or 'TBX'} file")
    prepared = prepare_import(obj.workspace.glossary_dir, file, name=name, tgt=tgt,
                              src=src or load_config(obj.workspace).source_language)
    for problem in prepared.problems:
        click.echo(str(problem), err=True)
    prepared.write()
    click.echo(f"{prepared.concepts} concept(s) written to {prepared.target}; review them, then "
               "`translate glossary check`")


@glossary.command()
@languages_option("--lang", "langs", help="Only these target languages, comma-separated.")
@click.option("--reopen", "do_reopen", is_flag=True, help="Move the affected translations back to needs-review.")
@format_option
@click.pass_obj
def impact(obj: Context, langs: list[str] | None, do_reopen: bool, fmt: str) -> None:
    """List every stored translation (drafts, reviewed, approved) the current glossary finds fault with.

    Example: translate glossary impact --lang es --reopen
    """
    loaded = load_glossary(obj.workspace.glossary_dir, cache_dir=obj.workspace.state_dir)
    wanted = frozenset(langs) if langs is not None else None
    if not obj.workspace.store_path.exists():
        click.echo("nothing translated yet: the store is empty")
        return
    # Reopening writes the store: under the workspace lock, like every writing command, with the
    # translations to reopen found under it too (a run or an import finished meanwhile is seen).
    with obj.lock() if do_reopen else nullcontext(), Store.open(obj.workspace.store_path) as store:
        impacts = glossary_impact(store, loaded, langs=wanted)
        reopened = reopen(store, impacts, actor=getpass.getuser()) if do_reopen else 0
    if fmt == "json":
        click.echo(json.dumps([dataclasses.asdict(i) for i in impacts], indent=2, ensure_ascii=False, default=str))
        return
    table = Table(title=f"Translations affected by the glossary ({loaded.signature})")
    for column in ("article", "segment", "lang", "state", "finding"):
        table.add_column(column)
    for i in impacts:
        table.add_row(i.slug, i.segment_id + ("" if i.current else " (old)"), i.lang, i.state.value,
                      "; ".join(f.message for f in i.findings))
    console = obj.console()
    console.print(table)
    console.print(f"{len(impacts)} translation(s) affected"
                  + (f"; {reopened} moved back to needs-review" if do_reopen else
                     "; `--reopen` moves them back to needs-review"))



def _write(path: Path, data: bytes) -> None:
    """Write ``path`` atomically with the umask's permissions; a path that cannot be written is one clear error."""
    hint = "choose a path in a folder you can write to"
    existing = next((folder for folder in path.parents if folder.exists()), None)
    if existing is not None and not existing.is_dir():
        raise ExportError(f"cannot write the file: {existing} is not a folder", path=path, hint=hint)
    try:
        atomic_write_bytes(path, data)
    except OSError as error:
        raise ExportError(f"cannot write the file: {error.strerror}", path=path, hint=hint) from None
