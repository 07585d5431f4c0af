"""The main job: ingest, segment, translate what is new, store it, write draft previews.

``plan_run`` reads and checks everything first (sources, languages, engine routes), so bad
input stops the run before anything is written; ``execute_run`` then does the work, one
transaction per article and language.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from translate.config import Config, Workspace, load_config, normalize_language
from translate.engines import Engines, Route
from translate.engines.base import Engine
from translate.errors import IngestError, LanguageError
from translate.export.docx import render_docx
from translate.export.html import HtmlRenderer
from translate.fsutil import write_if_changed
from translate.glossary.enforce import GlossaryEnforced, normalize_source
from translate.glossary.load import load_glossary
from translate.ingest import read_article
from translate.inline import TagError, escape, strip_tags, tagged_to_runs
from translate.model import (
    Article,
    Block,
    Finding,
    Glossary,
    MTResult,
    Run,
    Segment,
    SegmentState,
    Severity,
    TranslatedArticle,
    Translation,
)
from translate.qa import GLOSSARY_CHECKS, TermChecker, needs_review
from translate.segment import blocks_segments, segment_article, segment_id
from translate.memory import MemoryMatch
from translate.store import ArticleChange, Store

logger = logging.getLogger(__name__)


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
) -> RunPlan:
    """Read, segment and route everything; raise before anything is written if any of it is wrong."""
    config = load_config(workspace)
    glossary = load_glossary(workspace.glossary_dir, cache_dir=workspace.state_dir)
    langs = tuple(dict.fromkeys(normalize_language(t) for t in (targets or config.targets)))
    if not langs:
        raise LanguageError("no target language given", hint="pass --to es,ca or set targets in translate.toml")
    planned: list[PlannedArticle] = []
    seen: dict[str, Path] = {}
    for source in sources:
        article = read_article(Path(source), source_lang=config.source_language)
        slug = article.meta.slug
        if slug in seen:
            raise IngestError(
                f"two articles have the slug {slug!r} (the other is {seen[slug]})",
                path=source,
                hint="give one of them another `slug:` in its front matter or another file name",
            )
        seen[slug] = Path(source)
        segments, findings = normalize_segments(segment_article(article), glossary, article.meta.source_lang)
        planned.append(PlannedArticle(article, segments, tuple(findings)))
    engines = Engines(config, choice=engine)
    routes: dict[tuple[str, str], Route] = {}
    try:
        for item in planned:
            src = item.article.meta.source_lang
            for tgt in langs:
                if tgt == src:
                    raise LanguageError(
                        f"{tgt} is the source language of {item.article.meta.slug}",
                        path=item.article.meta.source_path,
                        hint="leave it out of --to",
                    )
                if (src, tgt) not in routes:
                    routes[(src, tgt)] = engines.route(src, tgt)
    except BaseException:
        engines.close()
        raise
    return RunPlan(workspace, config, tuple(planned), langs, routes, engines, retranslate, glossary)


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
            Finding("source-forbidden", Severity.MINOR,
                    f"the source says “{a.source}”: “{a.target}” used instead ({a.concept_id})",
                    segment.id, lang, a.source)
            for a in applied
        )
    return tuple(out), findings


def execute_run(plan: RunPlan, *, on_step: Callable[[str, str], None] | None = None) -> RunReport:
    """Translate what the store does not have yet and write the drafts; close the engines.

    Engine work runs in worker threads, one batch per article and language, so the engines of
    different pairs work side by side and drafts are written while the next batch translates.
    The store is written from this thread only, one transaction per article and language.
    """
    renderer = HtmlRenderer(template_dirs=[plan.workspace.templates_dir])
    results: list[LanguageResult] = []
    changes: dict[str, ArticleChange] = {}
    pool = ThreadPoolExecutor(max_workers=max(1, len(plan.routes)), thread_name_prefix="engine")
    try:
        with Store.open(plan.workspace.store_path) as store:
            jobs: list[tuple[PlannedArticle, str, list[Segment], Future[list[MTResult]] | None, int]] = []
            for item in plan.articles:
                meta = item.article.meta
                changes[meta.slug] = store.save_article(item.article, item.segments)
                store.save_source_findings(meta.slug, meta.source_lang, item.source_findings)
                for lang in plan.targets:
                    pending = store.pending(meta.slug, lang, item.segments, retranslate=plan.retranslate)
                    memory = store.memory_matches(meta.source_lang, lang, [s.text for s in pending])
                    _save_memory_matches(plan, store, meta.slug, meta.source_lang, lang, pending, memory)
                    remembered = sum(1 for s in pending if s.text in memory)
                    pending = [s for s in pending if s.text not in memory]
                    future = None
                    if pending:
                        engine = _engine(plan, meta.source_lang, lang)
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


def _save_memory_matches(
    plan: RunPlan, store: Store, slug: str, src: str, lang: str, pending: Sequence[Segment],
    memory: dict[str, MemoryMatch],
) -> None:
    """Store memory matches as they are (state and origin carried), QA-checked like any draft."""
    check_terms = TermChecker(plan.glossary, src=src, tgt=lang)
    for segment in pending:
        match = memory.get(segment.text)
        if match is None:
            continue
        findings = (Finding("memory-match", Severity.MINOR, f"reused from translation memory ({match.origin})"),
                    *check_terms(segment.text, match.text))
        state = SegmentState.NEEDS_REVIEW if needs_review(findings) else match.state
        store.save_machine_translations(slug, lang, [(segment, MTResult(match.text, findings), state)],
                                        engine=match.origin)


def _engine(plan: RunPlan, src: str, tgt: str) -> Engine:
    engine = plan.engines.for_pair(src, tgt)
    return GlossaryEnforced(engine, plan.glossary) if plan.glossary.concepts else engine


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
        check_terms = TermChecker(plan.glossary, src=meta.source_lang, tgt=lang)
        for segment, output in zip(pending, outputs, strict=True):
            qa = check_terms(segment.text, output.text)
            result = replace(output, findings=output.findings + tuple(qa))
            state = SegmentState.NEEDS_REVIEW if needs_review(result.findings) else SegmentState.MT_DRAFT
            rows.append((segment, result, state))
        store.save_machine_translations(meta.slug, lang, rows, engine=signature)
        logger.info("%s/%s: translated %d segments with %s", meta.slug, lang, len(pending), route.description)
    translations = store.translations(meta.slug, lang)
    document = assemble(item.article, item.segments, translations, lang)
    folder = plan.workspace.drafts_dir(meta.slug)
    html_path, docx_path = folder / f"{lang}.html", folder / f"{lang}.docx"
    written = write_if_changed(html_path, renderer.render(document).encode("utf-8"))
    written += write_if_changed(docx_path, render_docx(document))
    findings = tuple(store.findings(meta.slug, lang))
    terms = store.applied_terms(meta.slug, lang)
    flagged = {f.segment_id for f in findings if f.check in GLOSSARY_CHECKS}
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
        outputs=(html_path, docx_path),
        written=written,
        governed=len(set(terms) | flagged),
        terms_applied=sum(1 for ts in terms.values() for t in ts if t.action == "protected"),
        terms_repaired=sum(1 for ts in terms.values() for t in ts if t.action == "repaired"),
        violations=len(blocked),
    )


def assemble(
    article: Article, segments: Sequence[Segment], translations: dict[str, Translation], lang: str
) -> TranslatedArticle:
    """The article in ``lang``: each block's segments replaced by their stored translations."""
    blocks: list[Block] = []
    for block, block_segments in zip(article.blocks, blocks_segments(segments, len(article.blocks)), strict=True):
        runs: list[Run] = []
        for segment in block_segments:
            translation = translations.get(segment.id)
            text = translation.text if translation else segment.text
            if runs:
                runs.append(Run(" "))
            try:
                runs.extend(tagged_to_runs(text, segment.marks))
            except TagError as error:
                logger.warning("segment %s (%s): %s; formatting dropped", segment.id, lang, error)
                runs.extend(tagged_to_runs(escape(strip_tags(text)), ()))
        blocks.append(replace(block, runs=tuple(runs)))
    return TranslatedArticle(article.meta, lang, tuple(blocks), draft=True)

