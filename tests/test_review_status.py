"""Review progress and post-editing effort (translate/review/status.py): sums of cached per-pair statistics."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import CHRF, TER

from review_helpers import edited, make_store
from translate.model import Glossary, SegmentState
from translate.review import status
from translate.review.apply import import_review
from translate.review.package import build_package
from translate.review.status import article_effort, effort, pair_statistics, state_counts, words_edited
from translate.store import Store

EMPTY = Glossary((), "")
PAIRS = [("la cumbre terminó", "la cumbre terminó"), ("a b c d", "a x c d e"), ("Kyiv, dijo.", "Kyiv dijo"),
         ("el mismo texto aquí", "el mismo texto aquí"), ("uno", "dos tres"), ("", "algo"), ("algo", "")]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened, _ = make_store(tmp_path)
    yield opened
    opened.close()


def _approve(store: Store, edits: dict[int, str]) -> None:
    package = build_package(store, EMPTY, lang="es")
    parsed = edited(package, {i: (text, SegmentState.APPROVED) for i, text in edits.items()})
    import_review(store, EMPTY, parsed, path=Path("review-es.xlf"), actor="ana")


def _summed(items: list[tuple[str, str]]) -> tuple[float, float]:
    stats = pair_statistics(items)
    chrf = [sum(column) for column in zip(*(s.chrf for s in stats), strict=True)]
    edits, length = sum(s.ter_edits for s in stats), sum(s.ter_length for s in stats)
    return CHRF()._compute_score_from_stats(chrf).score, TER()._compute_score_from_stats([edits, length]).score


def _sacrebleu(items: list[tuple[str, str]]) -> tuple[float, float]:
    drafts, finals = [d for d, _ in items], [[f for _, f in items]]
    return CHRF().corpus_score(drafts, finals).score, TER().corpus_score(drafts, finals).score


def test_summed_pair_statistics_are_sacrebleus_corpus_scores() -> None:
    assert _summed(PAIRS) == pytest.approx(_sacrebleu(PAIRS))


@settings(max_examples=40)
@given(st.lists(st.tuples(st.text(max_size=40), st.text(max_size=40)) | st.text(max_size=40).map(lambda t: (t, t)),
                min_size=1, max_size=6))
def test_any_pairs_give_sacrebleus_scores(items: list[tuple[str, str]]) -> None:
    assert _summed(items) == pytest.approx(_sacrebleu(items))


def test_status_and_effort(store: Store) -> None:
    package = build_package(store, EMPTY, lang="es")
    _approve(store, {1: "La cumbre en Ereván terminó el 24 de noviembre.", 2: package.units[2].target})
    [counts] = state_counts(store)
    assert counts.counts == {SegmentState.MT_DRAFT: 2, SegmentState.APPROVED: 2}
    [e] = effort(store)
    assert (e.lang, e.segments, e.changed) == ("es", 2, 1)
    assert 0 < e.chrf < 100 and e.ter > 0 and e.words_edited > 0
    assert words_edited("a b c", "a x c d") == 2


def test_effort_per_article_is_figured_as_per_language(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    with store:
        package = build_package(store, EMPTY, lang="es")
        _approve(store, {1: "La cumbre en Ereván terminó el 24 de noviembre.", 2: package.units[2].target})
        assert article_effort(store) == {("csto", "es"): effort(store, slugs=["csto"])[0]}
        assert article_effort(store, langs=["ca"]) == {} and article_effort(store, slugs=["other"]) == {}


def test_statistics_are_computed_once_and_stale_ones_dropped(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    computed: list[tuple[str, str]] = []
    original = status.pair_statistics
    monkeypatch.setattr(status, "pair_statistics", lambda items: computed.extend(items) or original(items))
    _approve(store, {1: "La cumbre en Ereván terminó el 24 de noviembre.", 2: "Nadie firmó la declaración."})
    first = effort(store)
    assert len(computed) == 2 and store.effort_stats_count() == 2
    computed.clear()
    assert effort(store) == first and computed == []  # all from the cache
    _approve(store, {1: "La cumbre de Ereván acabó el 24 de noviembre."})
    [again] = effort(store, langs=["es"])  # a filtered call computes the new pair, drops nothing
    assert len(computed) == 1 and store.effort_stats_count() == 3
    assert again.segments == 2 and again.chrf != first[0].chrf
    effort(store)  # over everything: the superseded pair goes
    assert store.effort_stats_count() == 2


def test_a_busy_store_gives_the_figures_without_caching_them(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    _approve(store, {1: "La cumbre en Ereván terminó el 24 de noviembre."})
    store.close()
    path = tmp_path / "ws" / ".translate" / "store.sqlite3"
    with Store.open(path, busy_timeout=0.05) as reader, Store.open(path) as writer, writer.transaction():
        [e] = effort(reader)  # another process is writing: no cache, same figures
        assert e.changed == 1 and reader.effort_stats_count() == 0
