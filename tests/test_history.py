"""State changes and reviewed text with their history (translate/history.py, a mixin of Store)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from test_store import article, drafts
from translate.errors import ReviewConflict, StoreError
from translate.history import Change
from translate.model import Finding, Segment, SegmentState, Severity
from translate.segment import segment_article
from translate.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / ".translate" / "store.sqlite3") as opened:
        yield opened


def drafted(store: Store, text: str) -> tuple[Segment, ...]:
    """The segments of an article "kyiv" of one paragraph, stored with Spanish machine drafts at revision 1."""
    a = article(text)
    segments = segment_article(a)
    store.save_article(a, segments)
    store.save_machine_translations("kyiv", "es", drafts(segments), engine="test:1")
    return segments


def test_set_state_records_history(store: Store) -> None:
    segments = drafted(store, "One.")
    store.set_state("kyiv", segments[1].id, "es", SegmentState.NEEDS_REVIEW, actor="ana", via="cli", reason="why")
    assert store.translations("kyiv", "es")[segments[1].id].state == SegmentState.NEEDS_REVIEW
    entry = store.history("kyiv", segments[1].id, "es")[-1]
    assert (entry["actor"], entry["via"], entry["from_state"], entry["to_state"], entry["reason"]) == (
        "ana", "cli", "mt-draft", "needs-review", "why"
    )
    with pytest.raises(StoreError, match="no es translation"):
        store.set_state("kyiv", "nope", "es", SegmentState.APPROVED, actor="ana", via="cli", reason="")


def _history_rows(store: Store) -> int:
    return store._db.execute("SELECT count(*) FROM history").fetchone()[0]


def test_apply_changes_writes_history_from_the_replaced_text(store: Store) -> None:
    segments = drafted(store, "One. Two.")
    finding = Finding("numbers", Severity.MAJOR, "number(s) missing: 2")
    store.apply_changes([Change("kyiv", segments[1].id, "es", "Uno.", SegmentState.EDITED, 1, "comment: ok"),
                         Change("kyiv", segments[2].id, "es", "Dos", SegmentState.NEEDS_REVIEW, 1, "", (finding,))],
                        actor="ana", via="review import es.xlf")
    stored = store.translations("kyiv", "es")
    assert (stored[segments[1].id].text, stored[segments[1].id].state, stored[segments[1].id].revision) == (
        "Uno.", SegmentState.EDITED, 2)
    entry = store.history("kyiv", segments[1].id, "es")[-1]
    assert (entry["from_text"], entry["to_text"], entry["from_state"], entry["to_state"], entry["reason"]) == (
        "One. (es)", "Uno.", "mt-draft", "edited", "comment: ok")
    assert [(f.segment_id, f.check) for f in store.findings("kyiv", "es")] == [(segments[2].id, "numbers")]


@pytest.mark.parametrize("moved", ["revision", "deleted", "twice"])
def test_apply_changes_that_find_a_moved_revision_change_nothing(store: Store, moved: str) -> None:
    segments = drafted(store, "One. Two.")
    changes = [Change("kyiv", s.id, "es", f"{s.text} (revisado)", SegmentState.EDITED, 1) for s in segments]
    culprit = segments[2].id
    if moved == "revision":  # another process wrote it after the import read the store
        store.set_state("kyiv", culprit, "es", SegmentState.NEEDS_REVIEW, actor="berta", via="cli", reason="")
    elif moved == "deleted":
        with store.transaction() as db:
            db.execute("DELETE FROM translations WHERE segment_id = ?", (culprit,))
    else:  # the same segment twice in one batch: the second finds the first's revision
        changes.append(replace(changes[2], text="otra vez"))
    before = (_history_rows(store), {k: (t.text, t.revision) for k, t in store.translations("kyiv", "es").items()})
    with pytest.raises(ReviewConflict, match=f"segment {culprit} of kyiv \\(es\\) changed while importing"):
        store.apply_changes(changes, actor="ana", via="review import es.xlf")
    after = (_history_rows(store), {k: (t.text, t.revision) for k, t in store.translations("kyiv", "es").items()})
    assert after == before


def test_forced_change_ignores_the_revision(store: Store) -> None:
    segments = drafted(store, "One.")
    store.set_state("kyiv", segments[1].id, "es", SegmentState.NEEDS_REVIEW, actor="berta", via="cli", reason="")
    store.apply_changes([Change("kyiv", segments[1].id, "es", "Uno.", SegmentState.EDITED, None, "forced")],
                        actor="ana", via="review import es.xlf")
    assert store.translations("kyiv", "es")[segments[1].id].revision == 3
