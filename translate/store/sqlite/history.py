"""Review writes in the SQLite store: state changes, reviewed text, revisions, and the append-only
history of every translation.

Every write adds one history row per translation it changes (who, when, via what, state and text
before and after, why) in the same transaction as the change itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from translate.errors import ReviewConflict, StoreError
from translate.model import SegmentState
from translate.store.sqlite.database import Database
from translate.store.values import Change, HistoryEntry, now


class _RevisionsMoved(Exception):
    """Inside apply_changes: a translation was not at the revision its change expected."""


class ReviewHistory:
    """The ``history`` table, and the reviewed writes to ``translations`` that add to it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def set_state(self, slug: str, segment_id: str, lang: str, state: SegmentState, *, actor: str, via: str,
                  reason: str) -> None:
        with self._db.transaction() as db:
            row = db.execute(
                "SELECT state, text FROM translations WHERE slug = ? AND segment_id = ? AND lang = ?",
                (slug, segment_id, lang),
            ).fetchone()
            if row is None:
                raise StoreError(f"no {lang} translation of segment {segment_id} in {slug}", path=self._db.path)
            db.execute(
                "UPDATE translations SET state = ?, revision = revision + 1, updated_at = ?"
                " WHERE slug = ? AND segment_id = ? AND lang = ?",
                (state.value, now(), slug, segment_id, lang),
            )
            db.execute(
                "INSERT INTO history (slug, segment_id, lang, at, actor, via, from_state, to_state, from_text,"
                " to_text, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (slug, segment_id, lang, now(), actor, via, row["state"], state.value, row["text"], row["text"],
                 reason),
            )

    def history(self, slug: str, segment_id: str, lang: str) -> list[HistoryEntry]:
        rows = self._db.tuples(
            "SELECT slug, segment_id, lang, at, actor, via, from_state, to_state, from_text, to_text, reason"
            " FROM history WHERE slug = ? AND segment_id = ? AND lang = ? ORDER BY rowid",
            (slug, segment_id, lang),
        )
        return [
            HistoryEntry(r[0], r[1], r[2], r[3], r[4], r[5], None if r[6] is None else SegmentState(r[6]),
                         SegmentState(r[7]), r[8], r[9], r[10])
            for r in rows
        ]

    def apply_changes(self, changes: Sequence[Change], *, actor: str, via: str) -> None:
        """See ``SegmentStore.apply_changes``.

        Each change's history row copies the state and text it replaces inside SQLite, before the update;
        the update itself only touches a row still at the expected revision, and if any did not match the
        whole transaction is rolled back.
        """
        if not changes:
            return
        at = now()
        try:
            self._write_changes(changes, at=at, actor=actor, via=via)
        except _RevisionsMoved:
            raise self._conflict(changes) from None

    def _write_changes(self, changes: Sequence[Change], *, at: str, actor: str, via: str) -> None:
        with self._db.transaction() as db:
            db.executemany(
                "INSERT INTO history (slug, segment_id, lang, at, actor, via, from_state, to_state, from_text,"
                " to_text, reason) SELECT slug, segment_id, lang, ?, ?, ?, state, ?, text, ?, ? FROM translations"
                " WHERE slug = ? AND segment_id = ? AND lang = ?",
                [(at, actor, via, c.state.value, c.text, c.reason, c.slug, c.segment_id, c.lang) for c in changes],
            )
            updated = db.executemany(
                "UPDATE translations SET text = ?, state = ?, revision = revision + 1, updated_at = ?"
                " WHERE slug = ? AND segment_id = ? AND lang = ? AND revision = coalesce(?, revision)",
                [(c.text, c.state.value, at, c.slug, c.segment_id, c.lang, c.expected_revision) for c in changes],
            ).rowcount
            if updated != len(changes):
                raise _RevisionsMoved()  # rolls the history rows back too
            keys = [(c.slug, c.segment_id, c.lang) for c in changes]
            db.executemany(
                "DELETE FROM findings WHERE slug = ? AND segment_id = ? AND lang = ? AND stage = 'review'", keys
            )
            db.executemany(
                "INSERT INTO findings (slug, segment_id, lang, stage, check_name, severity, message, subject)"
                " VALUES (?, ?, ?, 'review', ?, ?, ?, ?)",
                [(*key, f.check, f.severity.value, f.message, f.text)
                 for c, key in zip(changes, keys, strict=True) for f in c.findings],
            )

    def _conflict(self, changes: Sequence[Change]) -> ReviewConflict:
        """The error for changes of which one found its translation gone or at another revision (after rollback)."""
        seen: set[tuple[str, str, str]] = set()
        for change in changes:
            key = (change.slug, change.segment_id, change.lang)
            row = self._db.execute(
                "SELECT revision FROM translations WHERE slug = ? AND segment_id = ? AND lang = ?", key
            ).fetchone()
            if row is None or key in seen or change.expected_revision not in (None, row[0]):
                break
            seen.add(key)
        return ReviewConflict(
            f"segment {change.segment_id} of {change.slug} ({change.lang}) changed while importing",
            hint="import the file again",
        )
