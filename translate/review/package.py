"""What goes into a review file: the segments of some articles in one language, with context."""

from __future__ import annotations

from collections.abc import Collection

from translate.errors import ReviewError
from translate.model import Finding, Glossary, ReviewArticle, ReviewConcept, ReviewPackage, ReviewUnit, SegmentState
from translate.segment import source_hash
from translate.store import Store


def build_package(
    store: Store,
    glossary: Glossary,
    *,
    lang: str,
    slugs: Collection[str] = (),
    states: Collection[SegmentState] = (),
) -> ReviewPackage:
    """The current segments of ``slugs`` (all articles if empty) translated into ``lang``, in
    ``states`` (all if empty), with findings, applied glossary terms and, once each, their concepts."""
    known = store.articles()
    missing = [slug for slug in slugs if slug not in known]
    if missing:
        raise ReviewError(f"no article {missing[0]!r} in the store",
                          hint=f"articles: {', '.join(known) or 'none yet (run translate run first)'}")
    articles: list[ReviewArticle] = []
    units: list[ReviewUnit] = []
    source_langs: set[str] = set()
    concepts: dict[str, ReviewConcept | None] = {}
    for slug in slugs or known:
        meta = store.article_meta(slug)
        assert meta is not None
        translations = store.translations(slug, lang)
        findings: dict[str, list[Finding]] = {}
        for finding in store.findings(slug, lang):
            if finding.segment_id:
                findings.setdefault(finding.segment_id, []).append(finding)
        terms = store.applied_terms(slug, lang)
        chosen = []
        for segment in store.segments(slug):
            translation = translations.get(segment.id)
            if translation is None or (states and translation.state not in states):
                continue
            chosen.append(ReviewUnit(
                slug=slug,
                segment_id=segment.id,
                source=segment.text,
                target=translation.text,
                state=translation.state,
                revision=translation.revision,
                source_hash=source_hash(segment.text),
                marks=segment.marks,
                mt=translation.mt_text,
                engine=translation.engine if translation.mt_text else "",
                notes=tuple(f"{f.severity.value}: {f.message}" for f in findings.get(segment.id, ())),
                findings=tuple(findings.get(segment.id, ())),
                terms=tuple(_term_line(glossary, t.concept_id, t.source, t.target) for t in terms.get(segment.id, ())),
                term_pairs=tuple((t.source, t.target) for t in terms.get(segment.id, ())),
            ))
            for term in terms.get(segment.id, ()):
                if term.concept_id not in concepts:
                    concepts[term.concept_id] = _concept(glossary, term.concept_id, meta.source_lang, lang)
        if chosen:
            articles.append(ReviewArticle(slug, meta.title, str(meta.source_path)))
            units.extend(chosen)
            source_langs.add(meta.source_lang)
    if len(source_langs) > 1:
        raise ReviewError(f"the articles are in several source languages ({', '.join(sorted(source_langs))})",
                          hint="export them separately with --article")
    source_lang = source_langs.pop() if source_langs else "en"
    listed = tuple(concept for concept in concepts.values() if concept is not None)
    return ReviewPackage(source_lang, lang, tuple(articles), tuple(units), glossary=listed)


def _concept(glossary: Glossary, concept_id: str, src: str, lang: str) -> ReviewConcept | None:
    """The concept's terms in ``src`` and ``lang``; None if the glossary no longer has it, or not in both."""
    try:
        concept = glossary.concept(concept_id)
    except KeyError:
        return None
    source, target = concept.variants(src, source=src), concept.variants(lang, source=src)
    if source is None or target is None:
        return None
    return ReviewConcept(concept_id, source.preferred, target.preferred, accepted=target.forms,
                         forbidden=target.forbidden, note=concept.note)


def _term_line(glossary: Glossary, concept_id: str, source: str, target: str) -> str:
    try:
        concept = glossary.concept(concept_id)
    except KeyError:
        return f"{source} → {target} ({concept_id})"
    note = f": {concept.note}" if concept.note else ""
    return f"{source} → {target} ({concept_id}, {concept.kind}{note})"
