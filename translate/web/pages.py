"""The workbench's pages: the articles with their progress, and the editor of one article in one language."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from translate.errors import StoreError
from translate.export import text_direction
from translate.inline import Tag, editable, tokenize
from translate.model import AppliedTerm, BlockKind, Finding, SegmentState
from translate.web.app import bench_of

STATES = tuple(SegmentState)
_BLOCK_LABELS = {BlockKind.TITLE: "Title", BlockKind.HEADING: "H", BlockKind.PARAGRAPH: "¶",
                 BlockKind.QUOTE: "Quote", BlockKind.LIST_ITEM: "•"}


@dataclass(frozen=True, slots=True)
class Progress:
    """One article in one language: segments per state, findings still open (on segments not approved)."""

    slug: str
    title: str
    lang: str
    counts: dict[SegmentState, int]
    open_findings: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def approved_share(self) -> int:
        return round(100 * self.counts.get(SegmentState.APPROVED, 0) / self.total) if self.total else 0


@dataclass(frozen=True, slots=True)
class Row:
    """A segment in the editor."""

    id: str
    source: Markup
    mt: str
    target: str
    state: SegmentState
    revision: int
    findings: tuple[Finding, ...]
    terms: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class BlockRows:
    """A heading, paragraph, quote or list item, with its segments: the context a segment is read in."""

    label: str
    kind: str
    rows: tuple[Row, ...]


def articles(request: Request) -> HTMLResponse:
    bench = bench_of(request)
    wanted_lang = request.query_params.get("lang", "")
    wanted_state = request.query_params.get("state", "")
    wanted_article = request.query_params.get("article", "")
    try:
        store = bench.store()
    except StoreError as error:
        return bench.page(request, "articles.html", progress=[], langs=[], slugs=[], states=STATES, empty=str(error),
                          lang=wanted_lang, state=wanted_state, article=wanted_article)
    counts = store.state_counts()
    progress = []
    for (slug, lang), by_state in sorted(counts.items()):
        meta = store.article_meta(slug)
        if meta is None:
            continue
        translations = store.translations(slug, lang)
        open_findings = sum(1 for f in store.findings(slug, lang) if f.segment_id and f.segment_id in translations
                            and translations[f.segment_id].state is not SegmentState.APPROVED)
        progress.append(Progress(slug, meta.title, lang, by_state, open_findings))
    langs = sorted({p.lang for p in progress})
    slugs = sorted({p.slug for p in progress})
    state = next((s for s in STATES if s.value == wanted_state), None)  # an unknown one filters nothing
    shown = [p for p in progress if (not wanted_lang or p.lang == wanted_lang)
             and (not wanted_article or p.slug == wanted_article)
             and (state is None or p.counts.get(state, 0) > 0)]
    return bench.page(request, "articles.html", progress=shown, langs=langs, slugs=slugs, states=STATES, empty="",
                      lang=wanted_lang, state=wanted_state, article=wanted_article)


def editor(request: Request) -> HTMLResponse:
    bench = bench_of(request)
    slug, lang = request.path_params["slug"], request.path_params["lang"]
    store = bench.store()
    article, segments = store.stored_article(slug)
    translations = store.translations(slug, lang)
    if not translations:
        raise StoreError(f"{slug} has no {lang} translation yet", hint=f"run `translate run` with --to {lang}")
    findings: dict[str, list[Finding]] = defaultdict(list)
    for finding in store.findings(slug, lang):
        if finding.segment_id:
            findings[finding.segment_id].append(finding)
    terms = store.applied_terms(slug, lang)
    blocks: list[BlockRows] = []
    by_block: dict[int, list[Row]] = defaultdict(list)
    for segment in segments:
        translation = translations.get(segment.id)
        if translation is None:
            continue
        applied = terms.get(segment.id, [])
        by_block[segment.block].append(Row(
            segment.id, source_html(segment.text, applied), editable(translation.mt_text), editable(translation.text),
            translation.state,
            translation.revision, tuple(findings.get(segment.id, ())),
            tuple(dict.fromkeys((t.source, t.target) for t in applied))))
    for index, block in enumerate(article.blocks):
        if by_block.get(index):
            label = f"H{block.level}" if block.kind is BlockKind.HEADING else _BLOCK_LABELS[block.kind]
            blocks.append(BlockRows(label, block.kind.value, tuple(by_block[index])))
    source_lang = article.meta.source_lang
    return bench.page(request, "editor.html", article=article.meta, slug=slug, lang=lang, blocks=blocks,
                      source_lang=source_lang, source_dir=text_direction(source_lang), dir=text_direction(lang),
                      states=STATES)


def source_html(tagged: str, terms: list[AppliedTerm]) -> Markup:
    """The source sentence for the editor: tags shown as small numbered marks, each governed term marked with
    its required target (``data-target``, shown on hover and in the side panel); everything escaped."""
    targets = {t.source: t.target for t in terms if t.source}
    pattern = re.compile("|".join(re.escape(s) for s in sorted(targets, key=len, reverse=True))) if targets else None
    out: list[str] = []
    for piece in tokenize(tagged):
        if isinstance(piece, Tag):
            out.append(f'<span class="tag" title="formatting tag: keep it around the same words">'
                       f'{"/" if piece.closing else ""}{piece.number}</span>')
            continue
        position = 0
        for match in (pattern.finditer(piece) if pattern is not None else ()):
            out.append(str(escape(piece[position:match.start()])))
            target = targets[match.group(0)]
            out.append(f'<mark class="term" data-target="{escape(target)}" title="required: {escape(target)}">'
                       f'{escape(match.group(0))}</mark>')
            position = match.end()
        out.append(str(escape(piece[position:])))
    return Markup("".join(out))


ROUTES = [
    Route("/", articles, methods=["GET"]),
    Route("/edit/{slug}/{lang}", editor, methods=["GET"]),
]
