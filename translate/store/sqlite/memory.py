"""Translation memory in the SQLite store: approved translations (and imported TMX units, in the
``memory`` table) reused for identical sentences."""

from __future__ import annotations

from collections.abc import Sequence

from translate.model import MemoryEntry, SegmentState
from translate.store.sqlite.database import Database
from translate.store.values import MemoryMatch


class Memory:
    """Memory lookups, the approved translations as memory entries, and stored TMX units."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def memory_matches(self, source_lang: str, lang: str, sources: Sequence[str]) -> dict[str, MemoryMatch]:
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

    def approved_memory(self, lang: str | None = None) -> list[MemoryEntry]:
        rows = self._db.execute(
            "SELECT a.source_lang, t.lang, s.source, t.text, t.slug, t.segment_id, t.created_at, t.updated_at, t.engine"
            " FROM translations t JOIN segments s ON s.slug = t.slug AND s.id = t.segment_id"
            " JOIN articles a ON a.slug = t.slug WHERE t.state = 'approved' AND (? IS NULL OR t.lang = ?)"
            " ORDER BY t.lang, s.source, t.slug, t.segment_id",
            (lang, lang),
        )
        return [
            MemoryEntry(r["source_lang"], r["lang"], r["source"], r["text"], f"translate:{r['slug']}/{r['segment_id']}",
                        r["created_at"].replace("+00:00", "Z"), r["updated_at"].replace("+00:00", "Z"), engine=r["engine"])
            for r in rows
        ]

    def imported_memory(self, source_lang: str, lang: str) -> list[MemoryEntry]:
        rows = self._db.tuples(
            "SELECT source_lang, target_lang, source, target, origin, created, changed, creator, note FROM memory"
            " WHERE source_lang = ? AND target_lang = ? ORDER BY source, origin",
            (source_lang, lang),
        )
        return [MemoryEntry(*row) for row in rows]

    def memory_version(self) -> str:
        # The history is append-only and gets a row with every change of a translation; every entry
        # add_memory writes takes a rowid above all before (see there).
        history, memory = self._db.execute(
            "SELECT (SELECT coalesce(max(rowid), 0) FROM history), (SELECT coalesce(max(rowid), 0) FROM memory)"
        ).fetchone()
        return f"{history}:{memory}"

    def add_memory(self, entries: Sequence[MemoryEntry]) -> int:
        with self._db.transaction() as db:
            before, last = db.execute("SELECT count(*), coalesce(max(rowid), 0) FROM memory").fetchone()
            # Rowids above every one before, even where an entry replaces the last one: memory_version moves.
            db.executemany(
                "INSERT OR REPLACE INTO memory (rowid, source_lang, target_lang, source, target, origin, created,"
                " changed, creator, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(last + n, e.source_lang, e.target_lang, e.source, e.target, e.origin, e.created, e.changed,
                  e.creator, e.note) for n, e in enumerate(entries, 1)],
            )
            return int(db.execute("SELECT count(*) FROM memory").fetchone()[0] - before)
