"""Translation memory: approved translations (and imported TMX units) reused for identical sentences.

A mixin of :class:`translate.store.Store`: the queries live here to keep the store module small.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from translate.model import SegmentState


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    """A stored translation of the same source sentence, reusable as is."""

    text: str
    state: SegmentState
    origin: str



class MemoryQueries:
    """Memory lookups and TMX storage over the store's connection."""

    _db: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by Store
        raise NotImplementedError

    def memory_matches(self, source_lang: str, lang: str, sources: Sequence[str]) -> dict[str, MemoryMatch]:
        """For each source sentence, an approved translation of it (ours first, then imported TMX)."""
        wanted = sorted(set(sources))
        matches: dict[str, MemoryMatch] = {}
        for chunk in (wanted[i : i + 500] for i in range(0, len(wanted), 500)):
            marks = ",".join("?" * len(chunk))
            for r in self._db.execute(
                f"SELECT s.source, t.text, t.slug, t.segment_id FROM translations t JOIN segments s"
                f" ON s.slug = t.slug AND s.id = t.segment_id JOIN articles a ON a.slug = s.slug"
                f" WHERE t.lang = ? AND a.source_lang = ? AND t.state = 'approved' AND s.source IN ({marks})"
                f" ORDER BY t.updated_at DESC, t.slug, t.segment_id",
                (lang, source_lang, *chunk),
            ):
                matches.setdefault(r["source"], MemoryMatch(r["text"], SegmentState.APPROVED,
                                                            f"memory:{r['slug']}/{r['segment_id']}"))
            for r in self._db.execute(
                f"SELECT source, target, origin FROM memory WHERE source_lang = ? AND target_lang = ?"
                f" AND source IN ({marks}) ORDER BY changed DESC, origin",
                (source_lang, lang, *chunk),
            ):
                matches.setdefault(r["source"], MemoryMatch(r["target"], SegmentState.EDITED, f"tmx:{r['origin']}"))
        return matches

    def approved_pairs(self, lang: str | None = None) -> list[sqlite3.Row]:
        """Approved translations with their source, for translation-memory export."""
        return list(self._db.execute(
            "SELECT a.source_lang, t.lang, s.source, t.text, t.slug, t.segment_id, t.created_at, t.updated_at"
            " FROM translations t JOIN segments s ON s.slug = t.slug AND s.id = t.segment_id"
            " JOIN articles a ON a.slug = t.slug WHERE t.state = 'approved' AND (? IS NULL OR t.lang = ?)"
            " ORDER BY t.lang, s.source, t.slug, t.segment_id",
            (lang, lang),
        ))

    def add_memory(self, rows: Sequence[tuple[str, str, str, str, str, str, str, str, str]]) -> int:
        """Store imported memory entries (source_lang, target_lang, source, target, origin, created,
        changed, creator, note); an entry already there is replaced. Returns how many were new."""
        with self.transaction() as db:
            before = db.execute("SELECT count(*) FROM memory").fetchone()[0]
            db.executemany("INSERT OR REPLACE INTO memory VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            return int(db.execute("SELECT count(*) FROM memory").fetchone()[0] - before)

