"""The per-pair statistics give exactly sacrebleu's public corpus scores (the guard on its statistics API)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import CHRF, TER

from translate.review import metrics

WORDS = st.sampled_from(["the", "border", "Lukashenka", "said", "on", "Tuesday", "frontera", "dijo", "el", "3,5", "."])
SENTENCE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)
PAIRS = st.lists(st.tuples(SENTENCE, SENTENCE), min_size=1, max_size=8)


def _summed(rows: list[tuple[int, ...]]) -> list[int]:
    return [sum(column) for column in zip(*rows, strict=True)]


@settings(max_examples=60, deadline=None)
@given(PAIRS)
def test_summed_chrf_statistics_give_the_public_corpus_score(pairs: list[tuple[str, str]]) -> None:
    drafts, finals = [d for d, _ in pairs], [f for _, f in pairs]
    expected = CHRF().corpus_score(drafts, [finals]).score
    assert metrics.chrf_score(_summed(metrics.chrf_statistics(drafts, finals))) == pytest.approx(expected)


@settings(max_examples=60, deadline=None)
@given(PAIRS)
def test_summed_ter_statistics_give_the_public_corpus_score(pairs: list[tuple[str, str]]) -> None:
    drafts, finals = [d for d, _ in pairs], [f for _, f in pairs]
    stats = metrics.ter_statistics(drafts, finals)
    edits, length = sum(e for e, _ in stats), sum(n for _, n in stats)
    assert metrics.ter_score(edits, length) == pytest.approx(TER().corpus_score(drafts, [finals]).score)


def test_scores_of_known_pairs() -> None:
    """An untouched pair scores chrF 100 and TER 0; one word of four replaced is TER 25."""
    same = metrics.chrf_statistics(["la frontera dijo hoy"], ["la frontera dijo hoy"])
    assert metrics.chrf_score(same[0]) == pytest.approx(100.0)
    [(edits, length)] = metrics.ter_statistics(["la frontera dijo hoy"], ["la frontera dice hoy"])
    assert (edits, length) == (1.0, 4.0)
    assert metrics.ter_score(edits, length) == pytest.approx(25.0)


def test_no_pairs_have_no_ter_statistics() -> None:
    assert metrics.ter_statistics([], []) == []
