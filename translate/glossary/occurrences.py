"""Where the glossary's terms occur in the store: in the current segments' sources and in their translations.

The same matchers as the glossary checks find them (:func:`~translate.glossary.match.matcher_for`: leftmost-longest,
case as the glossary declares it, forbidden variants included), so an occurrence is exactly what QA sees.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from translate.glossary.impact import Impact
from translate.glossary.match import matcher_for
from translate.model import Glossary, TermStatus
from translate.store import Store


class Side(enum.StrEnum):
    SOURCE = "source"
    TARGET = "target"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One match of a concept's term: ``text[start:end]`` of a segment's source or of its ``lang`` translation."""

    concept_id: str
    slug: str
    segment_id: str
    lang: str
    """The language of ``text``: the article's source language for the source side."""
    side: Side
    text: str
    """The whole tagged text the term was found in."""
    start: int
    end: int
    status: TermStatus


def term_occurrences(store: Store, glossary: Glossary, *, concept_id: str | None = None) -> list[Occurrence]:
    """Every occurrence of the glossary's terms (of ``concept_id`` only, if given) in the current segments, by
    article, segment, source before its translations, language and position."""
    if not glossary.concepts:
        return []
    source_langs = store.source_languages()
    positions: dict[tuple[str, str], int] = {}
    found: list[Occurrence] = []
    for slug in store.articles():
        src = source_langs[slug]
        matcher = matcher_for(glossary, src)
        for position, segment in enumerate(store.segments(slug)):
            positions[(slug, segment.id)] = position
            found.extend(Occurrence(m.concept_id, slug, segment.id, src, Side.SOURCE, segment.text, m.start, m.end,
                                    m.status)
                         for m in matcher.find(segment.text) if concept_id in (None, m.concept_id))
    for stored in store.all_translations():
        slug, translation = stored.slug, stored.translation
        if (slug, stored.segment.id) not in positions:
            continue  # no longer in its article
        matcher = matcher_for(glossary, translation.lang, source_lang=source_langs[slug])
        found.extend(Occurrence(m.concept_id, slug, stored.segment.id, translation.lang, Side.TARGET,
                                translation.text, m.start, m.end, m.status)
                     for m in matcher.find(translation.text) if concept_id in (None, m.concept_id))
    return sorted(found, key=lambda o: (o.slug, positions[(o.slug, o.segment_id)], o.side != Side.SOURCE, o.lang,
                                        o.start))


def concept_impacts(impacts: Sequence[Impact], glossary: Glossary, concept_id: str,
                    source_langs: Mapping[str, str]) -> list[Impact]:
    """The impacts (:func:`~translate.glossary.impact.glossary_impact`'s) of translations whose source or target
    text holds a term of ``concept_id``: what a change to that concept touches (``source_langs``: each article's
    source language, by slug)."""
    found = []
    for impact in impacts:
        src = source_langs[impact.slug]
        sides = ((matcher_for(glossary, src), impact.source),
                 (matcher_for(glossary, impact.lang, source_lang=src), impact.target))
        if any(m.concept_id == concept_id for matcher, text in sides for m in matcher.find(text)):
            found.append(impact)
    return found
