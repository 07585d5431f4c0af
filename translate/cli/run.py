"""`translate run` and `translate inspect`: ingest and machine-translate sources, show how one is read."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from translate.cli.options import Context, format_option, languages_option, relative, waiting
from translate.config import Workspace, load_config
from translate.engines import CHOICES
from translate.export.formats import Destination, output_formats, suffix_list
from translate.ingest import read_article
from translate.pipeline import RunReport, execute_run, plan_run
from translate.qa import AUTO_FIX, counted
from translate.segment import segment_article


@click.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@languages_option("--to", "targets", help="Target languages, comma-separated (default: translate.toml's targets).")
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

        def note(message: str) -> None:
            if not obj.quiet:
                progress.console.print(message, markup=False, highlight=False)

        report = execute_run(plan, on_step=step, on_wait=waiting, on_note=note,
                             command=click.get_current_context().command_path)
    if fmt == "json":
        click.echo(json.dumps(_report_json(report, obj.workspace), indent=2, ensure_ascii=False))
    else:
        _print_report(report, obj.workspace, obj.console())


def _report_json(report: RunReport, workspace: Workspace) -> dict[str, Any]:
    counts = _finding_counts(report)
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
                "outputs": [relative(p, workspace) for p in r.outputs],
            }
            for r in report.results
        ],
        "findings_by_category": counts,
        "fixed_automatically": {lang: by_check.get(AUTO_FIX.name, 0) for lang, by_check in counts.items()},
    }


def _finding_counts(report: RunReport) -> dict[str, dict[str, int]]:
    """Per language of the run, how many findings each check has on its drafts (see :func:`counted`)."""
    langs = dict.fromkeys(r.lang for r in report.results)
    return {lang: counted(f for r in report.results if r.lang == lang for f in r.findings) for lang in langs}


def _print_report(report: RunReport, workspace: Workspace, console: Console) -> None:
    for article in report.articles:
        for finding in article.findings + report.source_findings[article.meta.slug]:
            console.print(f"note: {article.meta.source_path}: {finding.message}")
    table = Table(title="Machine translation drafts", show_lines=False)
    numbers = ("segments", "translated", "memory", "reused", "unknown words")
    for column in ("article", "lang", "engine", *numbers):
        table.add_column(column, justify="right" if column in numbers else "left")
    for r in report.results:
        table.add_row(r.slug, r.lang, r.route, str(r.segments), str(r.translated), str(r.remembered), str(r.reused),
                      str(r.unknown_words))
    console.print(table)
    _print_findings(report, console)
    _print_compliance(report, console)
    written = sum(r.written for r in report.results)
    files = sum(len(r.outputs) for r in report.results)
    console.print(f"{written} draft file(s) written, {files - written} unchanged.")
    if report.results:
        drafts = relative(workspace.outputs_dir / "drafts", workspace)
        suffixes = suffix_list(output_formats(Destination.DRAFTS))
        console.print(f"Drafts (unreviewed machine translation): {drafts}/<article>/<lang>{suffixes}")


def _print_findings(report: RunReport, console: Console) -> None:
    """One row per check (the registry's order), one column per language; the safe fixes last."""
    counts = _finding_counts(report)
    checks = counted(f for r in report.results for f in r.findings)
    if not checks:
        if report.results:
            console.print("QA findings of the drafts: none")
        return
    table = Table(title="QA findings of the drafts")
    table.add_column("check")
    for lang in counts:
        table.add_column(lang, justify="right")
    for name in checks:
        if name != AUTO_FIX.name:
            table.add_row(name, *(str(counts[lang].get(name, 0)) for lang in counts))
    if AUTO_FIX.name in checks:
        table.add_section()
        table.add_row(f"fixed automatically ({AUTO_FIX.name})", *(str(counts[lang].get(AUTO_FIX.name, 0))
                                                                   for lang in counts))
    console.print(table)


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


@click.command()
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
