"""The `translate` command line: thin click commands over the library."""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from translate import __version__
from translate.config import Workspace, load_config
from translate.engines import CHOICES, Engines, apt_packages
from translate.engines.apertium import ApertiumEngine
from translate.errors import LanguageError, StoreError, TranslateError
from translate.fsutil import os_error
from translate.ingest import read_article
from translate.lock import LockHolder, workspace_lock
from translate.pipeline import RunReport, execute_run, plan_run
from translate.segment import segment_article


@dataclasses.dataclass(slots=True)
class Context:
    workspace: Workspace
    debug: bool
    quiet: bool

    def console(self, *, stderr: bool = False) -> Console:
        # Text, never rich markup: slugs, paths and findings hold brackets ("[engines.apertium.pivots]", "[1] Kiev").
        console = Console(stderr=stderr, quiet=self.quiet and stderr, highlight=False, markup=False, soft_wrap=True)
        if not console.is_terminal:
            console.width = 160  # logs and pipes: wide enough that tables do not truncate slugs
        return console

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the workspace lock for a command that writes (see translate.lock): wait, saying so once.

        A workspace folder that does not exist has nothing to guard yet: it is not created for a lock
        (``translate -w typo publish`` says the store is empty, and leaves no folder behind).
        """
        if not self.workspace.root.is_dir():
            yield
            return
        command = click.get_current_context().command_path
        with workspace_lock(self.workspace, command=command, on_wait=_waiting):
            yield


def writes_workspace(command: Callable[..., None]) -> Callable[..., None]:
    """Run a command (under ``@click.pass_obj``) holding the workspace lock; reading commands go without."""

    @functools.wraps(command)
    def locked(obj: Context, *args: Any, **kwargs: Any) -> None:
        with obj.lock():
            command(obj, *args, **kwargs)

    return locked


def _waiting(holder: LockHolder) -> None:
    click.echo(f"waiting for {holder.describe()} to finish with this workspace…", err=True)


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


format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Text for people, JSON for scripts.",
)


def language_list(_ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    """The comma-separated codes of a language option; None when it is not given. Given empty, it is an
    error, not "every default language"."""
    if value is None:
        return None
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes:
        option = param.opts[0] if param.opts else "the option"
        raise LanguageError(f"{option} {value!r} names no language",
                            hint=f"give codes such as {option} es,ca, or leave {option} out for the default ones")
    return codes


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


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--to", "targets", callback=language_list, help="Target languages, comma-separated (default: translate.toml's targets).")
@click.option("--engine", type=click.Choice(CHOICES), default="auto", show_default=True,
              help="auto: an argos package if installed, else Apertium, else an Apertium pivot.")
@click.option("--retranslate", is_flag=True, help="Translate machine drafts again (reviewed text is never replaced).")
@click.option("--replace", is_flag=True,
              help="Let a source replace the stored article of the same slug read from another file with other text.")
@format_option
@click.pass_obj
def run(obj: Context, sources: tuple[Path, ...], targets: list[str] | None, engine: str, retranslate: bool,
        replace: bool, fmt: str) -> None:
    """Ingest, segment and machine-translate SOURCES; write draft previews to outputs/drafts/.

    Segments translated before are reused from the store; only new or changed sentences go to
    an engine. A source whose slug the store holds for another article (another file, other
    text) is refused unless --replace. While another command writes to the workspace, the run
    waits for it.

    Example: translate run examples/*.md examples/*.txt --to es,ca,gl,pt,fr,it
    """
    plan = plan_run(obj.workspace, sources, targets=targets, engine=engine, retranslate=retranslate, replace=replace)
    err = obj.console(stderr=True)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, disable=obj.quiet or not err.is_terminal, transient=True,
    ) as progress:
        task = progress.add_task("translating", total=plan.steps)

        def step(slug: str, lang: str) -> None:
            progress.update(task, advance=1, description=f"{slug} → {lang}")

        report = execute_run(plan, on_step=step, on_wait=_waiting, command=click.get_current_context().command_path)
    if fmt == "json":
        click.echo(json.dumps(_report_json(report, obj.workspace), indent=2, ensure_ascii=False))
    else:
        _print_report(report, obj.workspace, obj.console())


def _relative(path: Path, workspace: Workspace) -> str:
    """``path`` relative to the workspace if it lies in it, else as given; a symbolic link loop on the way
    (which ``resolve`` raises on) is named as written, not followed."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        resolved = path.absolute()
    try:
        return str(resolved.relative_to(workspace.root))
    except ValueError:
        return str(path)


def _report_json(report: RunReport, workspace: Workspace) -> dict[str, Any]:
    return {
        "glossary": report.glossary.signature,
        "articles": [
            {
                "slug": a.meta.slug,
                "source": str(a.meta.source_path),
                "segments": dataclasses.asdict(report.changes[a.meta.slug]),
                "source_findings": [dataclasses.asdict(f) for f in a.findings + report.source_findings[a.meta.slug]],
            }
            for a in report.articles
        ],
        "results": [
            {
                "slug": r.slug, "lang": r.lang, "route": r.route, "segments": r.segments,
                "translated": r.translated, "memory": r.remembered, "reused": r.reused,
                "glossary": {"segments_with_terms": r.governed, "terms_applied": r.terms_applied,
                             "terms_repaired": r.terms_repaired, "needs_review": r.violations},
                "findings": [dataclasses.asdict(f) for f in r.findings],
                "outputs": [_relative(p, workspace) for p in r.outputs],
            }
            for r in report.results
        ],
    }


def _print_report(report: RunReport, workspace: Workspace, console: Console) -> None:
    for article in report.articles:
        for finding in article.findings + report.source_findings[article.meta.slug]:
            console.print(f"note: {article.meta.source_path}: {finding.message}")
    table = Table(title="Machine translation drafts", show_lines=False)
    numbers = ("segments", "translated", "memory", "reused", "unknown words")
    for column in ("article", "lang", "engine", *numbers):
        table.add_column(column, justify="right" if column in numbers else "left")
    for r in report.results:
        unknown = sum(1 for f in r.findings if f.check in {"unknown-word", "missing-translation", "generation-failure"})
        table.add_row(r.slug, r.lang, r.route, str(r.segments), str(r.translated), str(r.remembered), str(r.reused),
                      str(unknown))
    console.print(table)
    _print_compliance(report, console)
    written = sum(r.written for r in report.results)
    console.print(f"{written} draft file(s) written, {len(report.results) * 2 - written} unchanged.")
    if report.results:
        drafts = _relative(workspace.outputs_dir / "drafts", workspace)
        console.print(f"Drafts (unreviewed machine translation): {drafts}/<article>/<lang>.html and .docx")


def _print_compliance(report: RunReport, console: Console) -> None:
    if not report.glossary.concepts:
        console.print("warning: glossary/ has no terms: nothing was enforced (see glossary/README.md)")
        return
    table = Table(title=f"Glossary compliance ({report.glossary.signature})")
    for column in ("lang", "segments with terms", "terms applied", "repaired", "needs review", "compliance"):
        table.add_column(column, justify="left" if column == "lang" else "right")
    for lang in dict.fromkeys(r.lang for r in report.results):
        rows = [r for r in report.results if r.lang == lang]
        governed, violations = sum(r.governed for r in rows), sum(r.violations for r in rows)
        compliance = f"{100 * (governed - violations) / governed:.1f}%" if governed else "-"
        table.add_row(lang, str(governed), str(sum(r.terms_applied for r in rows)),
                      str(sum(r.terms_repaired for r in rows)), str(violations), compliance)
    console.print(table)


@cli.command()
@click.option("--release", "name", required=True, help="Release name: the folder outputs/releases/NAME.")
@click.option("--article", "articles", multiple=True, help="Only this article (slug); repeatable.")
@click.option("--lang", "langs", callback=language_list, help="Languages, comma-separated (default: all translated).")
@click.option("--allow-unreviewed", is_flag=True,
              help="Publish languages not fully approved, marked as unreviewed machine translation.")
@click.pass_obj
@writes_workspace
def publish(obj: Context, name: str, articles: tuple[str, ...], langs: list[str] | None, allow_unreviewed: bool) -> None:
    """Publish approved translations as HTML and DOCX in outputs/releases/NAME, with index and manifest.

    Example: translate publish --release 2024-03 --lang es,ca
    """
    from translate.config import normalize_language
    from translate.release import publish as publish_release

    report = publish_release(obj.workspace, name=name, slugs=articles,
                             langs=[normalize_language(code) for code in langs or ()],
                             allow_unreviewed=allow_unreviewed)
    where = _relative(report.folder, obj.workspace)
    if not report.changed:
        click.echo(f"{where}: unchanged, nothing rewritten ({report.unchanged} files)")
        return
    click.echo(f"{where}: {len(report.written)} file(s) written, {report.unchanged} unchanged"
               + (f", {len(report.removed)} removed" if report.removed else ""))
    if report.unreviewed:
        click.echo(f"unreviewed machine translation, marked as such: {', '.join(report.unreviewed)}")
    click.echo(f"open {where}/index.html")


@cli.command()
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
    console.print(f"argostranslate packages are read from {_relative(config.argos_packages_dir, obj.workspace)}/.")
    console.print("Pivots (SRC → PIVOT → TGT through two Apertium pairs) are declared in translate.toml "
                  "[engines.apertium.pivots].")


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@format_option
@click.pass_obj
def inspect(obj: Context, source: Path, fmt: str) -> None:
    """Show how SOURCE is read: metadata, blocks, sentence segments and their ids.

    Example: translate inspect examples/belarus-border.txt
    """
    config = load_config(obj.workspace)
    article = read_article(source, source_lang=config.source_language)
    segments = segment_article(article)
    if fmt == "json":
        click.echo(json.dumps({
            "meta": {k: str(v) if v is not None else None for k, v in dataclasses.asdict(article.meta).items()},
            "blocks": [{"kind": b.kind.value, "level": b.level, "ordered": b.ordered, "text": b.text} for b in article.blocks],
            "segments": [{"id": s.id, "block": s.block, "text": s.text} for s in segments],
            "findings": [dataclasses.asdict(f) for f in article.findings],
        }, indent=2, ensure_ascii=False, default=str))
        return
    console = obj.console()
    meta = article.meta
    console.print(f"{meta.title}  [{meta.slug}, {meta.source_lang}, {meta.date or 'no date'}, {meta.author or 'no author'}]")
    by_block: dict[int, list[str]] = {}
    for s in segments:
        by_block.setdefault(s.block, []).append(f"    {s.id}  {s.text}")
    for index, block in enumerate(article.blocks):
        label = block.kind.value + (f" {block.level}" if block.level else "") + (" (numbered)" if block.ordered else "")
        console.print(f"  {label}")
        for line in by_block.get(index, []):
            console.print(line)
    for finding in article.findings:
        console.print(f"note: {finding.message}")
    console.print(f"{len(article.blocks)} blocks, {len(segments)} segments")


from translate.cli_glossary import glossary  # noqa: E402  (registers the `glossary` group)

cli.add_command(glossary)
from translate.cli_models import models  # noqa: E402  (registers the `models` group)
cli.add_command(models)
from translate.cli_review import memory, review  # noqa: E402  (registers `review` and `memory`)

cli.add_command(review)
cli.add_command(memory)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="translate")

