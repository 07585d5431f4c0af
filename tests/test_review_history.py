"""A segment's history as the editor shows it (translate/review/history.py): newest first, each change against
the machine draft it was made on."""

from __future__ import annotations

from pathlib import Path

from review_helpers import EMPTY, make_store
from translate.memory import Change, Piece
from translate.model import MTResult, SegmentState
from translate.review.apply import save_segment
from translate.review.history import segment_history

SAME, INS, DEL = Change.SAME, Change.INSERTED, Change.DELETED


def test_each_change_is_against_the_latest_draft_before_it(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    segment = store.segments("csto")[1]
    save_segment(store, EMPTY, slug="csto", segment_id=segment.id, lang="es", text="ES: The summit in Ereván ended.",
                 revision=1, actor="ana", via="workbench")
    store.set_state("csto", segment.id, "es", SegmentState.MT_DRAFT, actor="ed", via="cli", reason="redo it")
    store.save_machine_translations("csto", "es", [(segment, MTResult("La cumbre terminó."), SegmentState.MT_DRAFT)],
                                    engine="fake:2")
    save_segment(store, EMPTY, slug="csto", segment_id=segment.id, lang="es", text="La cumbre de Ereván terminó.",
                 revision=4, actor="ana", via="workbench")
    history = segment_history(store, "csto", segment.id, "es")
    assert [(r.entry.actor, r.entry.via) for r in history] == [
        ("ana", "workbench"), ("machine", "fake:2"), ("ed", "cli"), ("ana", "workbench"), ("machine", "fake:1")]
    assert history[0].against_draft == (Piece(SAME, "La cumbre "), Piece(INS, "de Ereván "), Piece(SAME, "terminó."))
    assert history[1].against_draft == (Piece(SAME, "La cumbre terminó."),)
    assert [p for p in history[3].against_draft if p.change is not SAME] == [
        Piece(DEL, "Yerevan"), Piece(INS, "Ereván"), Piece(DEL, " on 24 November")]
    assert history[4].against_draft == (Piece(SAME, f"ES: {segment.text}"),)
    assert history[2].entry.reason == "redo it"
    store.close()
