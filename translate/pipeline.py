"""The main job: ingest, segment, translate what is new, store it, write draft previews.

``plan_run`` reads and checks everything first (sources, languages, engine routes, slugs, the
templates, the folders and names the drafts go to), so bad input stops the run before anything is
written; ``execute_run`` then does the work under the workspace lock, one transaction per article
and language. After a fault in the middle (a full disk), running again completes: the drafts of
every article are written from the store, whether or not anything new was translated.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from translate.config import Config, Workspace, load_config, normalize_language
from translate.engines import Engines, Route
from translate.engines.base import Engine
from translate.errors import IngestError, LanguageError, brief
from translate.export.assemble import assemble
from translate.export.formats import (
    Destination,
    RenderContext,
    draft_alternates,
    draft_suffixes,
    render_article,
    template_pages,
)
from translate.export.html import HtmlRenderer
from translate.fsutil import check_file_target, check_folder, os_error, write_if_changed
from translate.glossary.enforce import GlossaryEnforced, normalize_source
from translate.glossary.load import load_glossary
from translate.i18n import missing_catalogs
from translate.ingest import read_article
from translate.model import (
    APPLIED_ACTIONS,
    Article,
    Finding,
    Glossary,
    MTResult,
    Segment,
    SegmentState,
    TranslatedArticle,
)
from translate.qa import MEMORY_MATCH, SOURCE_FORBIDDEN, Checker, Fixer, Scope, Stage, names, needs_review, skipped
from translate.segment import segment_article, segment_id
from translate.lock import LockHolder, workspace_lock
from translate.store import ArticleChange, MemoryMatch, Store, StoredSource, source_digest

logger = logging.getLogger(__name__)

MAX_SLUG_LENGTH = 200
"""Characters in a slug (ASCII), so that every file name made from it fits in NAME_MAX (255 bytes): its
drafts folder, ``<slug>.docx`` in a release, ``review-<slug>-<lang>.docx`` and the temporary files of
their atomic writes."""


@dataclass(frozen=True, slots=True)
class PlannedArticle:
    article: Article
    segments: tuple[Segment, ...]
    source_findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class RunPlan:
    """Everything checked and ready: articles read and segmented, a route for every pair."""

    workspace: Workspace
    config: Config
    articles: tuple[PlannedArticle, ...]
    targets: tuple[str, ...]
    routes: dict[tuple[str, str], Route]
    engines: Engines
    retranslate: bool
    glossary: Glossary
    renderer: HtmlRenderer
    replace: bool = False
    """Let an article replace a stored one of the same slug read from another file with other text."""
    checks: bool = True
    """Fix and check the machine drafts (the registry's machine-draft checks); without, the engines' output
    is stored as it came, with the engines' own findings only (what the checks cost is measured so)."""
    enforced: dict[tuple[str, str], Engine] = field(default_factory=dict)
    """Each pair's engine under the glossary, made on first use (see :func:`_engine`)."""

    @property
    def steps(self) -> int:
        return len(self.articles) * len(self.targets)


@dataclass(frozen=True, slots=True)
class LanguageResult:
    """What the run did for one article in one language."""

    slug: str
    lang: str
    route: str
    segments: int
    translated: int
    reused: int
    """Segments whose translation the store already had."""
    findings: tuple[Finding, ...]
    outputs: tuple[Path, ...]
    written: int
    remembered: int
    """Segments taken from translation memory (approved translations of the same sentence)."""
    governed: int
    """Segments with at least one glossary term (applied, or missing and flagged)."""
    terms_applied: int
    terms_repaired: int
    violations: int
    """Segments held in needs-review by a glossary finding."""

    @property
    def unknown_words(self) -> int:
        """Findings that say the engine did not know a word (the checks the QA registry marks so)."""
        unknown = names(unknown_word=True)
        return sum(1 for f in self.findings if f.check in unknown)


@dataclass(frozen=True, slots=True)
class RunReport:
    articles: tuple[Article, ...]
    changes: dict[str, ArticleChange]
    results: tuple[LanguageResult, ...]
    source_findings: dict[str, tuple[Finding, ...]]
    glossary: Glossary


def plan_run(
    workspace: Workspace,
    sources: Sequence[Path],
    *,
    targets: Sequence[str] | None = None,
    engine: str = "auto",
    retranslate: bool = False,
    replace: bool = False,
    engines: Sequence[Engine] | None = None,
    checks: bool = True,
) -> RunPlan:
    """Read, segment and route everything; raise before anything is written if any of it is wrong.

    Besides the sources and languages, it checks what would otherwise fail after the store is
    written: slugs too long for file names, a slug the store holds for another article (unless
    ``replace``), templates that do not render, draft folders that cannot be written or paths
    taken by folders, a state folder that cannot be used. ``engines``: built engines to route to,
    most preferred first, instead of the registered ones (the run closes them). ``checks``: see
    :attr:`RunPlan.checks`.
    """
    config = load_config(workspace)
    available = Engines(config, choice=engine, engines=engines)  # checks the engines' settings; starts nothing
    glossary = load_glossary(workspace.glossary_dir, cache_dir=workspace.state_dir)
    wanted = config.targets if targets is None else targets  # given but empty is an error, not the defaults
    langs = tuple(dict.fromkeys(normalize_language(t) for t in wanted))
    if not langs:
        raise LanguageError("no target language given", hint="pass --to es,ca or set targets in translate.toml")
    planned: list[PlannedArticle] = []
    seen: dict[str, tuple[Path, str]] = {}
    for source in _distinct(sources):
        article = read_article(source, source_lang=config.source_language)
        slug = article.meta.slug
        check_slug_length(slug, source=Path(source))
        digest = source_digest(article)
        if slug in seen and seen[slug][1] == digest:
            logger.info("%s: a copy of %s, read once", source, seen[slug][0])
            continue  # the same article twice (a copy, a hard link): as the store would take it
        if slug in seen:
            raise IngestError(
                f"two articles have the slug {slug!r} (the other is {seen[slug][0]})",
                path=source,
                hint="give one of them another `slug:` in its front matter or another file name",
            )
        seen[slug] = (Path(source), digest)
        segments, findings = normalize_segments(segment_article(article), glossary, article.meta.source_lang)
        planned.append(PlannedArticle(article, segments, tuple(findings)))
    for item in planned:
        for tgt in langs:
            if tgt == item.article.meta.source_lang:
                raise LanguageError(f"{tgt} is the source language of {item.article.meta.slug}",
                                    path=item.article.meta.source_path, hint="leave it out of --to")
    renderer = HtmlRenderer(template_dirs=[workspace.templates_dir])
    renderer.check(template_pages(Destination.DRAFTS))
    _check_outputs(workspace, planned, langs, renderer)
    if workspace.store_path.exists():
        with Store.open(workspace.store_path) as store:
            _replaced(store, planned, replace=replace)
    routes: dict[tuple[str, str], Route] = {}
    try:
        for item in planned:
            src = item.article.meta.source_lang
            for tgt in langs:
                if (src, tgt) not in routes:
                    routes[(src, tgt)] = available.route(src, tgt)
    except BaseException:
        available.close()
        raise
    return RunPlan(workspace, config, tuple(planned), langs, routes, available, retranslate, glossary, renderer,
                   replace, checks)


def check_slug_length(slug: str, *, source: Path | None = None) -> None:
    """IngestError if ``slug`` is longer than MAX_SLUG_LENGTH: the files named after it could not be written."""
    if len(slug) <= MAX_SLUG_LENGTH:
        return
    how = ("set a shorter `slug:` in its front matter" if source is None or source.suffix.lower() == ".md"
           else "rename the file: its slug comes from its name")
    raise IngestError(f"the slug {brief(slug, limit=60)} is {len(slug)} characters long, more than the "
                      f"{MAX_SLUG_LENGTH} a file name made from it can hold", path=source, hint=how)


def _check_outputs(
    workspace: Workspace, planned: Sequence[PlannedArticle], langs: Sequence[str], renderer: HtmlRenderer
) -> None:
    """Raise now what writing the drafts would fail on after the store is written.

    The templates were checked (:meth:`HtmlRenderer.check`); they are also rendered once per article (its
    source text in the first target language), so a template using a name it is not given stops the run here.
    """
    check_folder(workspace.state_dir, what="state folder .translate")
    if workspace.store_path.is_dir():
        check_file_target(workspace.store_path, what="segment store")
    for item in planned:
        slug = item.article.meta.slug
        check_folder(workspace.drafts_dir(slug), what="drafts folder")
        for lang in langs:
            for suffix in draft_suffixes():
                check_file_target(workspace.drafts_dir(slug) / f"{lang}.{suffix}", what="draft")
        renderer.render(TranslatedArticle(item.article.meta, langs[0], item.article.blocks, draft=True))


def _replaced(store: Store, planned: Sequence[PlannedArticle], *, replace: bool) -> set[str]:
    """The slugs whose stored article comes from another source; IngestError for the first unless ``replace``.

    The same article is the same file (edited since: the usual re-run) or the same text (a file
    moved, renamed or copied). Anything else under a stored slug would silently take its place.
    """
    replaced = set()
    for item in planned:
        meta = item.article.meta
        stored = store.source(meta.slug)
        if stored is None or _same_source(stored, meta.source_path, source_digest(item.article)):
            continue
        if not replace:
            gone = "" if Path(stored.resolved or stored.path).exists() else ", a file that is not there now"
            raise IngestError(
                f"the store's article {meta.slug!r} was read from another file, {stored.path}{gone}, with other text",
                path=meta.source_path,
                hint="give this one another `slug:` (or file name), or pass --replace to replace that article",
            )
        replaced.add(meta.slug)
    return replaced


def _same_source(stored: StoredSource, path: Path, digest: str) -> bool:
    if stored.digest is not None and stored.digest == digest:
        return True
    try:
        here = path.resolve()
        if stored.resolved is not None:
            return Path(stored.resolved) == here
        old = Path(stored.path)  # stores from before the absolute path was kept
        return old.resolve() == here or (old.exists() and os.path.samefile(old, path))
    except (OSError, RuntimeError):
        return False


def _distinct(sources: Sequence[Path]) -> list[Path]:
    """The sources, each file once (``run a.md ./a.md`` or a shell glob that names a file twice)."""
    found: dict[object, Path] = {}
    for source in map(Path, sources):
        try:
            status = source.stat()
            key: object = (status.st_dev, status.st_ino)  # links, hard links and other spellings alike
        except (OSError, RuntimeError):
            key = source  # missing or a link loop: reading it says so
        found.setdefault(key, source)
    return list(found.values())


def normalize_segments(
    segments: Sequence[Segment], glossary: Glossary, lang: str
) -> tuple[tuple[Segment, ...], list[Finding]]:
    """Forbidden variants in the source replaced by the preferred term before MT, each reported.

    A changed sentence gets the id of its new text, so a glossary change re-translates it.
    """
    if not glossary.concepts:
        return tuple(segments), []
    seen: Counter[str] = Counter()
    out: list[Segment] = []
    findings: list[Finding] = []
    for segment in segments:
        text, applied = normalize_source(segment.text, glossary, lang)
        seen[text] += 1
        segment = Segment(segment_id(text, seen[text]), segment.block, text, segment.marks)
        out.append(segment)
        findings.extend(
            SOURCE_FORBIDDEN.finding(f"the source says “{a.source}”: “{a.target}” used instead ({a.concept_id})",
                                     segment_id=segment.id, lang=lang, text=a.source)
            for a in applied
        )
    return tuple(out), findings


def execute_run(
    plan: RunPlan,
    *,
    on_step: Callable[[str, str], None] | None = None,
    on_wait: Callable[[LockHolder], None] | None = None,
    on_note: Callable[[str], None] | None = None,
    command: str = "translate run",
) -> RunReport:
    """Translate what the store does not have yet and write the drafts; close the engines.

    The work happens under the workspace lock (see translate.lock): if another command holds it,
    ``on_wait`` is told once and the run waits, then finds that command's translations stored.
    ``on_note`` hears the engines' one-line notices (a first-time dictionary build, a tool missing)
    and, once, the machine-draft checks that cannot run for a language (no analyser installed) and the languages
    whose drafts get their page texts in English (no catalog, :func:`translate.i18n.missing_catalogs`).
    Engine work runs in worker threads, one batch per article and language, so the engines of
    different pairs work side by side and drafts are written while the next batch translates.
    The store is written from this thread only, one transaction per article and language.
    """
    renderer = plan.renderer
    results: list[LanguageResult] = []
    changes: dict[str, ArticleChange] = {}
    pool = ThreadPoolExecutor(max_workers=max(1, len(plan.routes)), thread_name_prefix="engine")
    if on_note and plan.checks:
        scopes = [Scope(plan.glossary, r.src, r.tgt, r.via) for r in plan.routes.values()]
        for note in skipped(Stage.MACHINE_DRAFT, scopes):
            on_note(note)
        if (english := missing_catalogs(plan.targets)) is not None:
            on_note(english)
    try:
        with workspace_lock(plan.workspace, command=command, on_wait=on_wait), \
                Store.open(plan.workspace.store_path) as store:
            replaced = _replaced(store, plan.articles, replace=plan.replace)  # again: another run may have stored one
            jobs: list[tuple[PlannedArticle, str, list[Segment], Future[list[MTResult]] | None, int]] = []
            for item in plan.articles:
                meta = item.article.meta
                changes[meta.slug] = store.save_article(item.article, item.segments)
                if meta.slug in replaced:
                    _remove_other_drafts(plan.workspace.drafts_dir(meta.slug), plan.targets)
                store.save_source_findings(meta.slug, meta.source_lang, item.source_findings)
                for lang in plan.targets:
                    pending = store.pending(meta.slug, lang, item.segments, retranslate=plan.retranslate)
                    memory = store.memory_matches(meta.source_lang, lang, [s.text for s in pending])
                    _save_memory_matches(plan, store, meta.slug, meta.source_lang, lang, pending, memory)
                    remembered = sum(1 for s in pending if s.text in memory)
                    pending = [s for s in pending if s.text not in memory]
                    future = None
                    if pending:
                        engine = _engine(plan, meta.source_lang, lang, on_note)
                        texts = [s.text for s in pending]
                        future = pool.submit(engine.translate_batch, texts, src=meta.source_lang, tgt=lang)
                    jobs.append((item, lang, pending, future, remembered))
            for item, lang, pending, future, remembered in jobs:
                outputs = future.result() if future else []
                results.append(_finish_language(plan, store, renderer, item, lang, pending, outputs, remembered))
                if on_step:
                    on_step(item.article.meta.slug, lang)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        plan.engines.close()
    return RunReport(
        tuple(i.article for i in plan.articles), changes, tuple(results),
        {i.article.meta.slug: i.source_findings for i in plan.articles}, plan.glossary,
    )


def _remove_other_drafts(folder: Path, langs: Sequence[str]) -> None:
    """Remove the drafts of a replaced article in languages this run does not write (they show the old one)."""
    suffixes = draft_suffixes()
    keep = {f"{lang}.{suffix}" for lang in langs for suffix in suffixes}
    try:
        stale = [p for p in folder.iterdir() if p.suffix[1:] in suffixes and p.name not in keep]
        for path in stale:
            path.unlink()
    except FileNotFoundError:
        pass
    except OSError as error:
        raise os_error(error, doing="remove the replaced article's drafts", path=folder) from error


def _save_memory_matches(
    plan: RunPlan, store: Store, slug: str, src: str, lang: str, pending: Sequence[Segment],
    memory: dict[str, MemoryMatch],
) -> None:
    """Store memory matches as they are (state and origin carried), QA-checked like any draft."""
    check = Checker(Stage.MACHINE_DRAFT, plan.glossary, src=src, tgt=lang)
    for segment in pending:
        match = memory.get(segment.text)
        if match is None:
            continue
        findings = (MEMORY_MATCH.finding(f"reused from translation memory ({match.origin})"),
                    *(check(segment, match.text) if plan.checks else ()))
        state = SegmentState.NEEDS_REVIEW if needs_review(findings) else match.state
        store.save_machine_translations(slug, lang, [(segment, MTResult(match.text, findings), state)],
                                        engine=match.origin)


def _engine(plan: RunPlan, src: str, tgt: str, notify: Callable[[str], None] | None = None) -> Engine:
    """The pair's engine, under the glossary where it has concepts: one per pair and run, so terms
    taken into an engine's dictionaries are taken once (in ``.translate/``)."""
    if (src, tgt) not in plan.enforced:
        engine = plan.engines.for_pair(src, tgt)
        plan.enforced[(src, tgt)] = GlossaryEnforced(
            engine, plan.glossary, state_dir=plan.workspace.state_dir, notify=notify,
        ) if plan.glossary.concepts else engine
    return plan.enforced[(src, tgt)]


def _checked_drafts(
    plan: RunPlan, route: Route, pending: Sequence[Segment], outputs: Sequence[MTResult],
) -> list[MTResult]:
    """The engines' results fixed (each fix a finding) and checked, their findings added."""
    check = Checker(Stage.MACHINE_DRAFT, plan.glossary, src=route.src, tgt=route.tgt, pivot=route.via)
    fix = Fixer(src=route.src, tgt=route.tgt, pivot=route.via)
    # The draft stored is the fixed text, each fix a finding; the fix and the checks look a batch up at once.
    fix.prime(list(zip(pending, outputs, strict=True)))
    fixed = [fix(segment, output) for segment, output in zip(pending, outputs, strict=True)]
    check.prime([(segment, output.text) for segment, output in zip(pending, fixed, strict=True)])
    return [replace(output, findings=output.findings + tuple(check(segment, output.text)))
            for segment, output in zip(pending, fixed, strict=True)]


def _finish_language(
    plan: RunPlan,
    store: Store,
    renderer: HtmlRenderer,
    item: PlannedArticle,
    lang: str,
    pending: list[Segment],
    outputs: list[MTResult],
    remembered: int,
) -> LanguageResult:
    """Store one article's new machine drafts in one language and write its draft files."""
    meta = item.article.meta
    route = plan.routes[(meta.source_lang, lang)]
    if pending:
        signature = _engine(plan, meta.source_lang, lang).signature(meta.source_lang, lang)
        rows = []
        drafts = _checked_drafts(plan, route, pending, outputs) if plan.checks else outputs
        for segment, result in zip(pending, drafts, strict=True):
            state = SegmentState.NEEDS_REVIEW if needs_review(result.findings) else SegmentState.MT_DRAFT
            rows.append((segment, result, state))
        store.save_machine_translations(meta.slug, lang, rows, engine=str(signature))
        logger.info("%s/%s: translated %d segments with %s", meta.slug, lang, len(pending), route.description)
    translations = store.translations(meta.slug, lang)
    findings = tuple(store.findings(meta.slug, lang))
    by_segment: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.segment_id is not None:
            by_segment.setdefault(finding.segment_id, []).append(finding)
    document = assemble(item.article, item.segments, translations, lang, findings=by_segment)
    folder = plan.workspace.drafts_dir(meta.slug)
    outputs: list[Path] = []
    written = 0
    context = RenderContext(renderer, alternates=draft_alternates(folder, plan.targets))
    for fmt, data in render_article(document, context):
        outputs.append(folder / f"{lang}.{fmt.suffix}")
        written += write_if_changed(outputs[-1], data)
    terms = store.applied_terms(meta.slug, lang)
    glossary_checks = names(glossary=True)
    flagged = {f.segment_id for f in findings if f.check in glossary_checks}
    blocked = {s for s, t in translations.items() if t.state == SegmentState.NEEDS_REVIEW} & flagged
    return LanguageResult(
        slug=meta.slug,
        lang=lang,
        route=route.description,
        segments=len(item.segments),
        translated=len(pending),
        reused=len(item.segments) - len(pending) - remembered,
        remembered=remembered,
        findings=findings,
        outputs=tuple(outputs),
        written=written,
        governed=len(set(terms) | flagged),
        terms_applied=sum(1 for ts in terms.values() for t in ts if t.action in APPLIED_ACTIONS),
        terms_repaired=sum(1 for ts in terms.values() for t in ts if t.action == "repaired"),
        violations=len(blocked),
    )

