"""`translate review …` and `translate memory …`: post-editing round trips, progress, memory."""

from __future__ import annotations

import dataclasses
import getpass
import json
import os
from pathlib import Path

import click
from rich.table import Table

from translate.cli.options import (
    Context,
    comma_list,
    format_option,
    language_option,
    languages_option,
    writes_workspace,
)
from translate.config import Workspace
from translate.errors import ReviewError, StoreError
from translate.fsutil import (
    NAME_MAX,
    TEMP_NAME_EXTRA,
    atomic_write_bytes,
    check_file_target,
    check_folder,
    read_bounded,
)
from translate.glossary.load import load_glossary
from translate.i18n import missing_catalogs
from translate.model import SegmentState
from translate.review.apply import APPLIED, ImportReport, Outcome, decide, import_review
from translate.review.files import load_review_file, write_omegat_project, write_review_file
from translate.review.limits import MAX_FILE_BYTES
from translate.review.omegat_read import is_omegat_project
from translate.review.package import build_package
from translate.review.status import STATES, effort, state_counts
from translate.store import Store
from translate.tmx import export_tmx, import_tmx



_SUFFIXES = {"xliff": "xlf", "docx": "docx"}


def _open_store(workspace: Workspace) -> Store:
    check_folder(workspace.state_dir, what="state folder .translate", writable=False)  # a link loop is not "empty"
    if not workspace.store_path.exists():
        raise StoreError("nothing translated yet: the store is empty", path=workspace.store_path,
                         hint="run `translate run SOURCE... --to LANGS` first")
    return Store.open(workspace.store_path)


@click.group()
def review() -> None:
    """Send drafts to translators (XLIFF for CAT tools, a bilingual DOCX for Word) and take their work back.

    Example: translate review export --lang es --format xliff --out review/
    """


@review.command("export")
@language_option("--lang", required=True, help="Target language.")
@click.option("--article", "articles", multiple=True, help="Only this article (slug); repeatable.")
@click.option("--state", "states", help="Only segments in these states, comma-separated "
              "(mt-draft, needs-review, edited, approved; default: all).")
@click.option("--format", "fmt", type=click.Choice(["xliff", "docx", "omegat"]), default="xliff", show_default=True,
              help="XLIFF 1.2 for CAT tools, a bilingual DOCX table for Word, or an OmegaT project (folder and .omt).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write into.")
@click.option("--overwrite", is_flag=True, help="Replace a file there even if it holds edits not imported yet.")
@click.pass_obj
@writes_workspace
def export_command(obj: Context, lang: str, articles: tuple[str, ...], states: str | None, fmt: str, out: Path,
                   overwrite: bool) -> None:
    """Write a review file of the segments of LANG: XLIFF 1.2, a bilingual DOCX table, or an OmegaT project.

    A file (or OmegaT project) already at that path that holds edits not imported yet is kept, and the export
    refused. An OmegaT project is a folder OmegaT opens (Project > Open) and the same as an .omt package.

    Example: translate review export --lang es --state mt-draft,needs-review --format docx --out review/
    """
    try:
        wanted = [SegmentState(s) for s in comma_list(states)]
    except ValueError as error:
        raise click.BadParameter(f"{error}; states are {', '.join(s.value for s in STATES)}") from error
    name = "-".join(articles) if articles else "all"
    path = out / f"review-{name}-{lang}" if fmt == "omegat" else out / f"review-{name}-{lang}.{_SUFFIXES[fmt]}"
    if len(path.name.encode("utf-8")) + TEMP_NAME_EXTRA > NAME_MAX:
        raise ReviewError(f"the review file's name would be {len(path.name.encode('utf-8'))} bytes long, too long "
                          "for a file name", path=out, hint="name fewer --article at once (or none: one file for all)")
    check_file_target(path.with_name(path.name + ".omt") if fmt == "omegat" else path, what="review file")
    glossary = load_glossary(obj.workspace.glossary_dir, cache_dir=obj.workspace.state_dir)
    with _open_store(obj.workspace) as store:
        package = build_package(store, glossary, lang=lang, slugs=articles, states=wanted)
        if not package.units:
            raise ReviewError(f"no {lang} segments to review with these filters",
                              hint="check --lang, --article, --state")
        if fmt == "omegat":
            changed = write_omegat_project(store, glossary, package, path, overwrite=overwrite)
        else:
            changed = write_review_file(store, glossary, package, path, overwrite=overwrite,
                                        records=obj.workspace.state_dir / "exports.json")
    shown = f"{path}{os.sep} and {path}.omt (OmegaT project)" if fmt == "omegat" else str(path)
    click.echo(f"{'wrote' if changed else 'unchanged'} {shown}: {len(package.units)} segment(s) "
               f"of {len(package.articles)} article(s)")
    if fmt == "docx" and (english := missing_catalogs([lang])) is not None:
        click.echo(f"note: {english}")


@review.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@language_option("--lang", help="Refuse files for another language.")
@click.option("--force", is_flag=True, help="Apply edits even where the store changed since the export (recorded).")
@format_option
@click.pass_obj
@writes_workspace
def import_command(obj: Context, files: tuple[Path, ...], lang: str | None, force: bool, fmt: str) -> None:
    """Apply reviewed XLIFF or DOCX files, or OmegaT projects (folder or .omt): each in one transaction, checked
    unit by unit.

    Example: translate review import review/review-all-es.xlf review/review-all-es/
    """
    glossary = load_glossary(obj.workspace.glossary_dir, cache_dir=obj.workspace.state_dir)
    reports: list[ImportReport] = []
    shown: list[tuple[str, str | None]] = []
    with _open_store(obj.workspace) as store:
        for path in files:
            parsed = load_review_file(path)
            reports.append(import_review(store, glossary, parsed, path=parsed.lines_in or path, force=force,
                                         actor=getpass.getuser(), lang=lang))
            shown.append((_shown_name(path, reports[-1].path),
                          path.resolve().name if is_omegat_project(path) else None))
    if fmt == "json":
        click.echo(json.dumps([{"file": str(r.path), "lang": r.lang, "noop": r.noop, "comments": r.comments,
                                "units": [dataclasses.asdict(u) for u in r.results]} for r in reports],
                              indent=2, ensure_ascii=False, default=str))
        return
    for report, (name, project) in zip(reports, shown):
        _print_import(obj, report, name, project=project)
    if any(r.count(Outcome.CONFLICT, Outcome.STALE, Outcome.UNKNOWN, Outcome.INVALID) for r in reports):
        raise click.exceptions.Exit(1)


def _shown_name(given: Path, read: Path) -> str:
    """The file an import read, as its report names it: the file's name or, for an OmegaT project, the project's
    name and the file in it (``review-all-es/omegat/project_save.tmx``, ``back.omt:target``), so that the reports
    of two projects are told apart."""
    if read == given:
        return given.name
    name = given.resolve().name
    try:
        return f"{name}/{read.relative_to(given).as_posix()}"
    except ValueError:  # in a package: PACKAGE.omt:NAME
        return f"{name}:{str(read).removeprefix(f'{given}:')}"


def _print_import(obj: Context, report: ImportReport, name: str, *, project: str | None) -> None:
    """The import's report, each file by ``name``; ``project``: the OmegaT project's name, None for a review file."""
    console = obj.console()
    for result in report.results:
        if result.outcome not in (Outcome.UNCHANGED, Outcome.APPLIED):
            where = f"{name}:{result.line}" if result.line else name
            console.print(f"{where}: {result.slug or '?'}/{result.segment_id or '?'}: {result.outcome.value}: "
                          f"{result.message}")
    if report.noop and not report.results and project is not None:
        console.print(f"{project}: nothing to apply: the project holds no translations (OmegaT keeps the translator's "
                      "work in omegat/project_save.tmx once the project is saved: Project > Save)")
        return
    if report.noop:
        console.print(f"{name}: nothing to apply: every segment is as in the store "
                      "(already imported, or not edited)")
        return
    console.print(
        f"{name} ({report.lang}): {report.count(*APPLIED)} applied "
        f"({report.count(Outcome.HELD)} kept in needs-review by QA, {report.count(Outcome.FORCED)} forced, "
        f"{report.count(Outcome.WITHDRAWN)} approval(s) withdrawn), "
        f"{report.count(Outcome.UNCHANGED)} unchanged, {report.count(Outcome.CONFLICT)} conflict(s), "
        f"{report.count(Outcome.STALE)} stale, {report.count(Outcome.UNKNOWN, Outcome.INVALID)} rejected"
        + (f"; {report.comments} comment(s) recorded" if report.comments else ""),
    )


@review.command()
@languages_option("--lang", "langs", help="Only these languages, comma-separated.")
@click.option("--article", "articles", multiple=True, help="Only this article (slug); repeatable.")
@format_option
@click.pass_obj
def status(obj: Context, langs: list[str] | None, articles: tuple[str, ...], fmt: str) -> None:
    """Segments per state for each article and language, and post-editing effort per language.

    Example: translate review status --lang es
    """
    wanted = langs or []
    with _open_store(obj.workspace) as store:
        counts = state_counts(store, langs=wanted, slugs=articles)
        efforts = effort(store, langs=wanted, slugs=articles)
        stored = sorted({lang for (_, lang) in store.state_counts()})
    missing = [lang for lang in wanted if lang not in stored]
    if fmt == "json":
        click.echo(json.dumps({
            "states": [{"article": c.slug, "lang": c.lang, **{s.value: c.counts.get(s, 0) for s in STATES}}
                       for c in counts],
            "effort": [dataclasses.asdict(e) for e in efforts],
        }, indent=2))
        return
    console = obj.console()
    table = Table(title="Review states")
    for column in ("article", "lang", *(s.value for s in STATES), "total"):
        table.add_column(column, justify="left" if column in ("article", "lang") else "right")
    for c in counts:
        table.add_row(c.slug, c.lang, *(str(c.counts.get(s, 0)) for s in STATES), str(c.total))
    console.print(table)
    for lang in missing:  # an empty table alone would look like "nothing to review"
        base = lang.split("-", 1)[0]
        hint = f"--lang {base} is translated" if base != lang and base in stored else "run `translate run` first"
        console.print(f"note: nothing is translated into {lang} (translated: {', '.join(stored) or 'nothing yet'});"
                      f" {hint}")
    table = Table(title="Post-editing effort (machine draft -> reviewed text)")
    for column in ("lang", "reviewed", "changed", "chrF", "TER", "words edited"):
        table.add_column(column, justify="left" if column == "lang" else "right")
    for e in efforts:
        table.add_row(e.lang, str(e.segments), str(e.changed), f"{e.chrf:.1f}", f"{e.ter:.1f}",
                      f"{e.words_edited} of {e.words}")
    console.print(table if efforts else "No reviewed segments yet: effort appears once translations are edited.")


@writes_workspace
def _decide(obj: Context, target: str, lang: str, state: SegmentState, reason: str, force: bool) -> None:
    glossary = load_glossary(obj.workspace.glossary_dir, cache_dir=obj.workspace.state_dir)
    with _open_store(obj.workspace) as store:
        results = decide(store, glossary, target, lang=lang, state=state,
                         actor=getpass.getuser(), reason=reason, force=force)
    console = obj.console()
    for r in results:
        if r.outcome is Outcome.INVALID:
            console.print(f"{r.slug}/{r.segment_id}: {r.message}")
    done = sum(1 for r in results if r.outcome is Outcome.APPLIED)
    console.print(f"{done} segment(s) now {state.value}; "
                  f"{sum(1 for r in results if r.outcome is Outcome.UNCHANGED)} already were; "
                  f"{sum(1 for r in results if r.outcome is Outcome.INVALID)} refused")
    if any(r.outcome is Outcome.INVALID for r in results):
        raise click.exceptions.Exit(1)


@review.command()
@click.argument("target")
@language_option("--lang", required=True, help="Target language.")
@click.option("--force", is_flag=True, help="Approve even segments that fail QA.")
@click.pass_obj
def approve(obj: Context, target: str, lang: str, force: bool) -> None:
    """Approve TARGET: a segment (ARTICLE/SEGMENT-ID) or every segment of an article (ARTICLE).

    Example: translate review approve armenia-csto --lang es
    """
    _decide(obj, target, lang, SegmentState.APPROVED, "approved from the command line", force)


@review.command()
@click.argument("target")
@language_option("--lang", required=True, help="Target language.")
@click.option("--reason", default="reopened from the command line", show_default=True)
@click.pass_obj
def reopen(obj: Context, target: str, lang: str, reason: str) -> None:
    """Send TARGET (ARTICLE/SEGMENT-ID or ARTICLE) back to needs-review, with a reason.

    Example: translate review reopen armenia-csto/3f9a1c2b7e6d --lang es --reason "wrong term"
    """
    _decide(obj, target, lang, SegmentState.NEEDS_REVIEW, reason, False)


@click.group()
def memory() -> None:
    """Translation memory: approved translations reused for identical sentences, exchanged as TMX 1.4.

    Example: translate memory export --out memory.tmx
    """


@memory.command("export")
@language_option("--lang", help="Only this target language.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.pass_obj
def memory_export(obj: Context, lang: str | None, out: Path) -> None:
    """Write every approved translation as TMX 1.4.

    Example: translate memory export --lang es --out memory-es.tmx
    """
    check_file_target(out, what="TMX file")
    with _open_store(obj.workspace) as store:
        entries = store.approved_memory(lang)
    if not entries:
        raise ReviewError("no approved translations to export", hint="approve some with translate review")
    atomic_write_bytes(out, export_tmx(entries, source_lang=min(e.source_lang for e in entries)))
    click.echo(f"wrote {out}: {len(entries)} translation unit(s)")


@memory.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
@writes_workspace
def memory_import(obj: Context, file: Path) -> None:
    """Add a TMX file's translations to the memory; later runs reuse them for identical sentences.

    A unit whose target is far beyond its source (as `review import` bounds them) is left out and
    named with its line; the others are imported, and the command exits with 1.

    Example: translate memory import partner-memory.tmx
    """
    data = read_bounded(file, limit=MAX_FILE_BYTES, what="TMX file", error=ReviewError,
                        hint="split the memory into several files (by language, by project)")
    found = import_tmx(data, path=file)
    obj.workspace.state_dir.mkdir(parents=True, exist_ok=True)
    with Store.open(obj.workspace.store_path) as store:
        added = store.add_memory(found.entries)
    for error in found.refused:
        click.echo(str(error), err=True)
    refused = f", {len(found.refused)} unit(s) refused" if found.refused else ""
    click.echo(f"{file.name}: {len(found.entries)} entr(ies) read, {added} new in the memory{refused}")
    if found.refused:
        raise click.exceptions.Exit(1)
