"""Translations in the SQLite store, with their findings and applied glossary terms: machine drafts
written, and translations read back for drafts, review files, status and releases."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from translate.model import AppliedTerm, Finding, MTResult, Segment, SegmentState, Severity, Translation
from translate.store.sqlite.articles import marks_from_json
from translate.store.sqlite.database import Database
from translate.store.values import IndexedSegment, StoredTranslation, now

_STATES = {state.value: state for state in SegmentState}
_COLUMNS = "t.segment_id, t.lang, t.text, t.state, t.engine, t.revision, t.updated_at, t.mt_text"


def _translation(row: Sequence[Any]) -> Translation:
    """A Translation from the columns of ``_COLUMNS``, in that order."""
    segment_id, lang, text, state, engine, revision, updated_at, mt_text = row
    return Translation(segment_id, lang, text, _STATES[state], engine, revision, updated_at, mt_text)


class Translations:
    """The ``translations``, ``findings`` and ``applied_terms`` tables (reviewed writes: see ``ReviewHistory``)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def pending(self, slug: str, lang: str, segments: Sequence[Segment], *, retranslate: bool = False) -> list[Segment]:
        translations = self.translations(slug, lang)
        return [
            s
            for s in segments
            if s.id not in translations
            or (retranslate and translations[s.id].state in (SegmentState.MT_DRAFT, SegmentState.NEEDS_REVIEW))
        ]

    def save_machine_translations(
        self, slug: str, lang: str, rows: Sequence[tuple[Segment, MTResult, SegmentState]], *, engine: str
    ) -> None:
        at = now()
        with self._db.transaction() as db:
            for segment, result, state in rows:
                row = db.execute(
                    "SELECT state, text FROM translations WHERE slug = ? AND segment_id = ? AND lang = ?",
                    (slug, segment.id, lang),
                ).fetchone()
                if row is not None and row["state"] not in (SegmentState.MT_DRAFT, SegmentState.NEEDS_REVIEW):
                    continue
                db.execute(
                    "INSERT INTO translations (slug, segment_id, lang, text, mt_text, state, engine, revision,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
                    " ON CONFLICT (slug, segment_id, lang) DO UPDATE SET text = excluded.text,"
                    " mt_text = excluded.mt_text, state = excluded.state, engine = excluded.engine,"
                    " revision = revision + 1, updated_at = excluded.updated_at",
                    (slug, segment.id, lang, result.text, result.text, state.value, engine, at, at),
                )
                db.execute(
                    "INSERT INTO history (slug, segment_id, lang, at, actor, via, from_state, to_state,"
                    " from_text, to_text) VALUES (?, ?, ?, ?, 'machine', ?, ?, ?, ?, ?)",
                    (slug, segment.id, lang, at, engine, row["state"] if row else None, state.value,
                     row["text"] if row else None, result.text),
                )
                key = (slug, segment.id, lang)
                db.execute("DELETE FROM findings WHERE slug = ? AND segment_id = ? AND lang = ? AND stage = 'mt'", key)
                db.executemany(
                    "INSERT INTO findings (slug, segment_id, lang, stage, check_name, severity, message, subject)"
                    " VALUES (?, ?, ?, 'mt', ?, ?, ?, ?)",
                    [(*key, f.check, f.severity.value, f.message, f.text) for f in result.findings],
                )
                db.execute("DELETE FROM applied_terms WHERE slug = ? AND segment_id = ? AND lang = ?", key)
                db.executemany(
                    "INSERT INTO applied_terms (slug, segment_id, lang, concept_id, action, source, target,"
                    " source_start, target_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(*key, t.concept_id, t.action, t.source, t.target, t.source_start, t.target_start)
                     for t in result.terms],
                )

    def save_source_findings(self, slug: str, lang: str, findings: Sequence[Finding]) -> None:
        with self._db.transaction() as db:
            db.execute("DELETE FROM findings WHERE slug = ? AND stage = 'source'", (slug,))
            db.executemany(
                "INSERT INTO findings (slug, segment_id, lang, stage, check_name, severity, message, subject)"
                " VALUES (?, ?, ?, 'source', ?, ?, ?, ?)",
                [(slug, f.segment_id, lang, f.check, f.severity.value, f.message, f.text) for f in findings],
            )

    def applied_terms(self, slug: str, lang: str) -> dict[str, list[AppliedTerm]]:
        rows = self._db.execute(
            "SELECT t.* FROM applied_terms t JOIN segments s ON s.slug = t.slug AND s.id = t.segment_id"
            " WHERE t.slug = ? AND t.lang = ? AND s.position IS NOT NULL ORDER BY s.position, t.rowid",
            (slug, lang),
        )
        terms: dict[str, list[AppliedTerm]] = {}
        for r in rows:
            terms.setdefault(r["segment_id"], []).append(AppliedTerm(
                r["concept_id"], r["action"], r["source"], r["target"], r["source_start"], r["target_start"]
            ))
        return terms

    def all_translations(self) -> list[StoredTranslation]:
        rows = self._db.tuples(
            f"SELECT s.slug, s.id, s.block, s.source, s.marks, {_COLUMNS} FROM translations t"
            " JOIN segments s ON s.slug = t.slug AND s.id = t.segment_id"
            " ORDER BY s.slug, s.position IS NULL, s.position, s.id, t.lang"
        )
        return [StoredTranslation(r[0], Segment(r[1], r[2], r[3], marks_from_json(r[4])), _translation(r[5:]))
                for r in rows]

    def translations(self, slug: str, lang: str) -> dict[str, Translation]:
        rows = self._db.tuples(f"SELECT {_COLUMNS} FROM translations t WHERE slug = ? AND lang = ?", (slug, lang))
        return {row[0]: _translation(row) for row in rows}

    def findings(self, slug: str, lang: str) -> list[Finding]:
        rows = self._db.execute(
            "SELECT f.segment_id, f.check_name, f.severity, f.message, f.subject FROM findings f"
            " JOIN segments s ON s.slug = f.slug AND s.id = f.segment_id"
            " WHERE f.slug = ? AND f.lang = ? AND s.position IS NOT NULL ORDER BY s.position, f.rowid",
            (slug, lang),
        )
        return [
            Finding(r["check_name"], Severity(r["severity"]), r["message"], r["segment_id"], lang, r["subject"])
            for r in rows
        ]

    def review_index(self, slug: str, lang: str, *, segment_ids: Collection[str] | None = None
                     ) -> dict[str, IndexedSegment]:
        only = "" if segment_ids is None else f" AND s.id IN ({', '.join('?' * len(segment_ids))})"
        rows = self._db.tuples(
            f"SELECT s.id, s.block, s.source, s.marks, s.position IS NOT NULL, {_COLUMNS} FROM segments s"
            " LEFT JOIN translations t ON t.slug = s.slug AND t.segment_id = s.id AND t.lang = ? WHERE s.slug = ?"
            + only,
            (lang, slug, *(segment_ids or ())),
        )
        return {
            r[0]: IndexedSegment(Segment(r[0], r[1], r[2], marks_from_json(r[3])), bool(r[4]),
                                 None if r[5] is None else _translation(r[5:]))
            for r in rows
        }

    def state_counts(self) -> dict[tuple[str, str], dict[SegmentState, int]]:
        counts: dict[tuple[str, str], dict[SegmentState, int]] = {}
        for r in self._db.execute(
            "SELECT t.slug, t.lang, t.state, count(*) AS n FROM translations t JOIN segments s"
            " ON s.slug = t.slug AND s.id = t.segment_id WHERE s.position IS NOT NULL"
            " GROUP BY t.slug, t.lang, t.state ORDER BY t.slug, t.lang"
        ):
            counts.setdefault((r["slug"], r["lang"]), {})[SegmentState(r["state"])] = r["n"]
        return counts
