"""Memory matches for a segment (translate/memory.py): exact and similar sources scored, best first, the
difference marked word by word; and the word diff itself, which gives back both texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translate.memory import MAX_MATCHES, Change, MemoryCache, MemoryIndex, Piece, word_diff
from translate.model import MemoryEntry
from translate.store import Store

SAME, INS, DEL = Change.SAME, Change.INSERTED, Change.DELETED
SUMMIT = "The summit in Yerevan ended on 24 November."


def ours(source: str, target: str, origin: str = "csto/s1", changed: str = "2026-11-01T00:00:00Z") -> MemoryEntry:
    return MemoryEntry("en", "es", source, target, f"translate:{origin}", "", changed)


def tmx(source: str, target: str, origin: str = "tu-1", changed: str = "") -> MemoryEntry:
    return MemoryEntry("en", "es", source, target, origin, "", changed)


@pytest.mark.parametrize(("before", "after", "pieces"), [
    pytest.param("a b", "a b", [Piece(SAME, "a b")], id="same"),
    pytest.param("The summit in Minsk ended.", "The summit in Yerevan ended.",
                 [Piece(SAME, "The summit in "), Piece(DEL, "Minsk"), Piece(INS, "Yerevan"), Piece(SAME, " ended.")],
                 id="one-word"),
    pytest.param("Nobody signed it.", "Nobody signed the <1>final</1> text.",
                 [Piece(SAME, "Nobody signed "), Piece(DEL, "it"), Piece(INS, "the <1>final</1> text"),
                  Piece(SAME, ".")],
                 id="words-and-tags-as-one-change"),
    pytest.param("", "Uno.", [Piece(INS, "Uno.")], id="from-nothing"),
])
def test_word_diff(before: str, after: str, pieces: list[Piece]) -> None:
    assert list(word_diff(before, after)) == pieces


@given(st.text(alphabet="ab .,<>/1é", max_size=30), st.text(alphabet="ab .,<>/1é", max_size=30))
def test_the_pieces_of_a_diff_give_back_both_texts(before: str, after: str) -> None:
    pieces = word_diff(before, after)
    assert "".join(p.text for p in pieces if p.change is not INS) == before
    assert "".join(p.text for p in pieces if p.change is not DEL) == after
    assert all(p.text for p in pieces)
    assert all(a.change is not b.change for a, b in zip(pieces, pieces[1:]))


def test_exact_then_similar_best_first_with_the_difference() -> None:
    index = MemoryIndex([ours("The summit in Minsk ended on 24 November.", "La cumbre de Minsk terminó.")],
                        [tmx(SUMMIT, "La cumbre de Ereván terminó.")])
    exact, similar = index.matches(SUMMIT)
    assert (exact.score, exact.origin, exact.target, exact.difference) == (
        100, "tmx:tu-1", "La cumbre de Ereván terminó.", (Piece(SAME, SUMMIT),))
    assert 80 <= similar.score < 100 and similar.origin == "translate:csto/s1"
    assert [p for p in similar.difference if p.change is not SAME] == [Piece(DEL, "Minsk"), Piece(INS, "Yerevan")]


def test_unlike_sources_and_the_excluded_origin_are_left_out() -> None:
    index = MemoryIndex([ours(SUMMIT, "Mine.", "csto/s1"), ours(SUMMIT, "Another.", "other/s9")],
                        [tmx("Fishing boats returned to the harbour at dawn.", "Los barcos volvieron.")])
    assert [m.origin for m in index.matches(SUMMIT, exclude="translate:csto/s1")] == ["translate:other/s9"]
    assert index.matches("Completely different words here.") == []


def test_one_match_per_target_the_latest_first_and_at_most_five() -> None:
    index = MemoryIndex(
        [ours(SUMMIT, "Uno.", "a/1", "2026-01-01T00:00:00Z"), ours(SUMMIT, "Uno.", "b/1", "2026-03-01T00:00:00Z"),
         ours(SUMMIT, "Dos.", "c/1", "2026-02-01T00:00:00Z")]
        + [ours(SUMMIT.replace("24", str(day)), f"Día {day}.", f"d/{day}") for day in range(10, 18)], [])
    found = index.matches(SUMMIT)
    assert len(found) == MAX_MATCHES == 5
    assert [(m.target, m.origin) for m in found[:2]] == [("Uno.", "translate:b/1"), ("Dos.", "translate:c/1")]
    assert all(m.score < 100 for m in found[2:]) and len(index) == 11


def test_tags_do_not_count_in_the_score_but_show_in_the_difference() -> None:
    index = MemoryIndex([ours("Nobody signed the <1>final</1> declaration.", "Nadie firmó la <1>final</1>.")], [])
    (match,) = index.matches("Nobody signed the final declaration.")
    assert match.score == 100
    assert [p for p in match.difference if p.change is not SAME] == [Piece(DEL, "<1>"), Piece(DEL, "</1>")]


def test_sources_are_compared_in_the_editable_form() -> None:
    index = MemoryIndex([ours("Tom &amp; Jerry met.", "Tom y Jerry.")], [])
    (match,) = index.matches("Tom &amp; Jerry met.")
    assert match.score == 100 and match.difference == (Piece(SAME, "Tom & Jerry met."),)


def test_the_cache_reads_the_memory_again_only_when_it_changed(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store.sqlite3") as store:
        cache = MemoryCache()
        first = cache.index(store, source_lang="en", lang="es")
        assert len(first) == 0 and cache.index(store, source_lang="en", lang="es") is first
        store.add_memory([tmx(SUMMIT, "La cumbre.")])
        second = cache.index(store, source_lang="en", lang="es")
        assert second is not first and [m.target for m in second.matches(SUMMIT)] == ["La cumbre."]
        assert cache.index(store, source_lang="en", lang="ca") is not second
