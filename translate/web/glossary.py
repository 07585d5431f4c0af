"""The glossary for its maintainers: browse and search the concepts, see where each one's terms occur in the store
and what ``translate glossary impact`` would reopen.

The glossary stays the YAML files in ``glossary/``, edited by hand and versioned; these pages only read them
(:meth:`Workbench.glossary` loads them again when a file changed). The impact is
:func:`~translate.glossary.impact.glossary_impact`'s, as the CLI's; the occurrences are
:func:`~translate.glossary.occurrences.term_occurrences`'.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from translate.errors import StoreError
from translate.glossary.impact import Impact, glossary_impact
from translate.glossary.occurrences import Occurrence, concept_impacts, term_occurrences
from translate.inline import strip_tags
from translate.model import Concept, Glossary, TermStatus
from translate.store import Store
from translate.web.app import Workbench, bench_of

NAV = (("/glossary", "Glossary"),)
MAX_QUERY = 200
MAX_ROWS = 500
"""Occurrences and impacts a page lists (the rest counted): a common term occurs in every article."""


@dataclass(frozen=True, slots=True)
class Hit:
    """An occurrence as the page shows it: the plain text before, of and after the term."""

    occurrence: Occurrence
    before: str
    term: str
    after: str

    @property
    def forbidden(self) -> bool:
        return self.occurrence.status is TermStatus.FORBIDDEN


def index(request: Request) -> HTMLResponse:
    bench = bench_of(request)
    glossary = bench.glossary()
    query = request.query_params.get("q", "")[:MAX_QUERY].strip()
    lang = request.query_params.get("lang", "")
    langs = sorted({code for concept in glossary.concepts for code, _ in concept.terms})
    shown = [c for c in glossary.concepts if _matches(c, query.casefold()) and (not lang or lang in dict(c.terms))]
    store = _store(bench)
    counts: Counter[str] = Counter()
    impacts: list[Impact] = []
    if store is not None:
        counts.update(key[0] for key in _segments(term_occurrences(store, glossary)))
        impacts = glossary_impact(store, glossary)
    return bench.page(request, "glossary.html", concepts=shown, total=len(glossary.concepts), query=query, lang=lang,
                      langs=langs, counts=counts, impacts=impacts, reopens=sum(i.reopens for i in impacts),
                      signature=glossary.signature, stored=store is not None, plain=strip_tags,
                      max_rows=MAX_ROWS)


def concept_page(request: Request) -> HTMLResponse:
    bench = bench_of(request)
    glossary = bench.glossary()
    concept = _concept(glossary, request.path_params["concept_id"])
    if concept is None:
        response = bench.page(request, "error.html", message="There is no such concept in the glossary.")
        response.status_code = 404
        return response
    store = _store(bench)
    hits: list[Hit] = []
    impacts: list[Impact] = []
    editors: dict[str, list[str]] = {}
    if store is not None:
        hits = [_hit(o) for o in term_occurrences(store, glossary, concept_id=concept.id)]
        for slug, lang in store.state_counts():
            editors.setdefault(slug, []).append(lang)
        impacts = concept_impacts(glossary_impact(store, glossary), glossary, concept.id, store.source_languages())
    where = f"{concept.path.name}:{concept.line}" if concept.path is not None else ""
    return bench.page(request, "concept.html", concept=concept, where=where, hits=hits, impacts=impacts,
                      editors=editors, reopens=sum(i.reopens for i in impacts), stored=store is not None,
                      plain=strip_tags, max_rows=MAX_ROWS)


def impact_page(request: Request) -> HTMLResponse:
    """Every translation ``translate glossary impact`` lists, as it lists them."""
    bench = bench_of(request)
    glossary = bench.glossary()
    store = _store(bench)
    impacts = glossary_impact(store, glossary) if store is not None else []
    return bench.page(request, "impact.html", impacts=impacts, reopens=sum(i.reopens for i in impacts),
                      signature=glossary.signature, stored=store is not None, plain=strip_tags,
                      max_rows=MAX_ROWS)


def _matches(concept: Concept, query: str) -> bool:
    if not query:
        return True
    texts = [concept.id, concept.kind, concept.note]
    for _, variants in concept.terms:
        texts.extend((variants.preferred, *variants.forms, *variants.forbidden))
    return any(query in text.casefold() for text in texts)


def _concept(glossary: Glossary, concept_id: str) -> Concept | None:
    try:
        return glossary.concept(concept_id)
    except KeyError:
        return None


def _segments(occurrences: list[Occurrence]) -> set[tuple[str, str, str]]:
    """(concept, article, segment) of each segment a concept occurs in, on either side."""
    return {(o.concept_id, o.slug, o.segment_id) for o in occurrences}


def _hit(occurrence: Occurrence) -> Hit:
    text, start, end = occurrence.text, occurrence.start, occurrence.end
    return Hit(occurrence, strip_tags(text[:start]), strip_tags(text[start:end]), strip_tags(text[end:]))


def _store(bench: Workbench) -> Store | None:
    try:
        return bench.store()
    except StoreError:
        return None  # nothing translated yet: the glossary is still worth browsing


ROUTES = [
    Route("/glossary", index, methods=["GET"]),
    Route("/glossary/impact", impact_page, methods=["GET"]),
    Route("/glossary/concept/{concept_id}", concept_page, methods=["GET"]),
]
