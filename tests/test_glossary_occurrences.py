"""Where the glossary's terms occur in the store (translate/glossary/occurrences.py), and the impacts of one concept."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_helpers import EMPTY, make_stale, make_store
from translate.glossary.impact import glossary_impact
from translate.glossary.occurrences import Side, concept_impacts, term_occurrences
from translate.model import Concept, Glossary, SegmentState, TermStatus, TermVariants
from translate.review.apply import save_segment
from translate.store import Store

GLOSSARY = Glossary((
    Concept("yerevan", (("en", TermVariants("Yerevan")), ("es", TermVariants("Ereván", forbidden=("Yereván",))))),
    Concept("troops", (("en", TermVariants("troops")), ("es", TermVariants("soldados")))),
), "test-digest-occurrences")


@pytest.fixture
def made(tmp_path: Path):
    """The store and its article's source file."""
    store, source = make_store(tmp_path)
    ids = [s.id for s in store.segments("csto")]
    revision = store.translations("csto", "es")[ids[1]].revision
    save_segment(store, EMPTY, slug="csto", segment_id=ids[1], lang="es", text="La cumbre de Yereván terminó.",
                 revision=revision, actor="ana", via="test")
    yield store, source
    store.close()


@pytest.fixture
def store(made) -> Store:
    return made[0]


def found(store: Store, concept_id: str | None = None) -> list[tuple[str, str, Side, str, str, TermStatus]]:
    return [(o.concept_id, o.segment_id, o.side, o.lang, o.text[o.start:o.end], o.status)
            for o in term_occurrences(store, GLOSSARY, concept_id=concept_id)]


def test_occurrences_in_sources_and_targets(store: Store) -> None:
    ids = [s.id for s in store.segments("csto")]
    assert found(store) == [
        ("yerevan", ids[1], Side.SOURCE, "en", "Yerevan", TermStatus.PREFERRED),
        ("yerevan", ids[1], Side.TARGET, "es", "Yereván", TermStatus.FORBIDDEN),
        ("troops", ids[3], Side.SOURCE, "en", "troops", TermStatus.PREFERRED),
    ]
    assert [o[0] for o in found(store, "troops")] == ["troops"]


def test_a_segment_no_longer_in_its_article_is_left_out(made) -> None:
    store, source = made
    make_stale(store, source, "The summit in Yerevan ended", "The summit in Minsk ended")
    assert [o[0] for o in found(store)] == ["troops"]


def test_an_empty_glossary_occurs_nowhere(store: Store) -> None:
    assert term_occurrences(store, EMPTY) == []


def test_the_impacts_of_one_concept(store: Store) -> None:
    impacts = glossary_impact(store, GLOSSARY)
    ids = [s.id for s in store.segments("csto")]
    mine = concept_impacts(impacts, GLOSSARY, "yerevan", store.source_languages())
    assert [(i.segment_id, i.lang) for i in mine] == [(ids[1], "es")]
    troops = concept_impacts(impacts, GLOSSARY, "troops", store.source_languages())
    assert [(i.segment_id, i.lang) for i in troops] == [(ids[3], "es")]  # the draft says "troops", not soldados
    assert [i.state for i in (*mine, *troops)] == [SegmentState.NEEDS_REVIEW, SegmentState.MT_DRAFT]
    assert [i.reopens for i in (*mine, *troops)] == [False, True]  # reopen leaves one in needs-review as it is
