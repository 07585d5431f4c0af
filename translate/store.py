"""The segment store: articles, segments and their translations in SQLite under .translate/.

Every change happens in one transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), so a crash or a
Ctrl-C leaves the store as it was before the change. Segments that disappear from an article are
kept (with no position) so their translations stay available as memory.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from translate.errors import StoreError
from translate.model import Article, Finding, Mark, MarkKind, MTResult, Segment, SegmentState, Severity, Translation

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE articles (
    slug TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    source_path TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    meta TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE segments (
    slug TEXT NOT NULL REFERENCES articles(slug) ON DELETE CASCADE,
    id TEXT NOT NULL,
    block INTEGER NOT NULL,
    position INTEGER,
    source TEXT NOT NULL,
    marks TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (slug, id)
);
CREATE TABLE translations (
    slug TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    state TEXT NOT NULL,
    engine TEXT NOT NULL,
    revision INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (slug, segment_id, lang),
    FOREIGN KEY (slug, segment_id) REFERENCES segments(slug, id) ON DELETE CASCADE
);
CREATE TABLE findings (
    slug TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    stage TEXT NOT NULL,
    check_name TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    subject TEXT,
    FOREIGN KEY (slug, segment_id) REFERENCES segments(slug, id) ON DELETE CASCADE
);
CREATE INDEX findings_by_segment ON findings (slug, lang, segment_id);
"""


@dataclass(frozen=True, slots=True)
class ArticleChange:
    """How an article's segments changed since the store last saw it."""

    added: int
    kept: int
    dropped: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _marks_json(marks: Sequence[Mark]) -> str:
    return json.dumps([[m.kind.value, m.href] for m in marks])


def _marks_from_json(text: str) -> tuple[Mark, ...]:
    return tuple(Mark(MarkKind(kind), href) for kind, href in json.loads(text))


class Store:
    """The SQLite segment store of a workspace."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed) the store at ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(path, isolation_level=None, timeout=30)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys = ON")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                db.execute("PRAGMA journal_mode = WAL")
                db.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
            elif version > SCHEMA_VERSION:
                raise StoreError(
                    f"the store was written by a newer version of translate (schema {version})",
                    path=path,
                    hint="upgrade translate",
                )
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"cannot open the segment store: {error}",
                path=path,
                hint="if the file is damaged, move it aside and run again (translations in it are lost)",
            ) from error
        return cls(db, path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All statements inside commit together or not at all."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def save_article(self, article: Article, segments: Sequence[Segment]) -> ArticleChange:
        """Record an article and its current segments; segments no longer in it lose their position."""
        meta = article.meta
        now = _now()
        with self.transaction() as db:
            known = {row["id"] for row in db.execute("SELECT id FROM segments WHERE slug = ?", (meta.slug,))}
            db.execute(
                "INSERT INTO articles (slug, title, source_path, source_lang, meta, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO UPDATE SET title = excluded.title,"
                " source_path = excluded.source_path, source_lang = excluded.source_lang,"
                " meta = excluded.meta, updated_at = excluded.updated_at",
                (
                    meta.slug,
                    meta.title,
                    str(meta.source_path),
                    meta.source_lang,
                    json.dumps({"date": meta.date.isoformat() if meta.date else None, "author": meta.author}),
                    now,
                ),
            )
            db.execute("UPDATE segments SET position = NULL WHERE slug = ?", (meta.slug,))
            db.executemany(
                "INSERT INTO segments (slug, id, block, position, source, marks, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (slug, id) DO UPDATE SET"
                " block = excluded.block, position = excluded.position, marks = excluded.marks",
                [
                    (meta.slug, s.id, s.block, position, s.text, _marks_json(s.marks), now)
                    for position, s in enumerate(segments)
                ],
            )
        current = {s.id for s in segments}
        return ArticleChange(added=len(current - known), kept=len(current & known), dropped=len(known - current))

    def pending(self, slug: str, lang: str, segments: Sequence[Segment], *, retranslate: bool = False) -> list[Segment]:
        """The segments with no translation into ``lang`` (or only a machine draft, if retranslating)."""
        translations = self.translations(slug, lang)
        return [
            s
            for s in segments
            if s.id not in translations or (retranslate and translations[s.id].state == SegmentState.MT_DRAFT)
        ]

    def save_machine_translations(
        self, slug: str, lang: str, results: Sequence[tuple[Segment, MTResult]], *, engine: str
    ) -> None:
        """Store machine drafts and their engine findings; reviewed translations are never replaced."""
        now = _now()
        with self.transaction() as db:
            for segment, result in results:
                row = db.execute(
                    "SELECT state, revision FROM translations WHERE slug = ? AND segment_id = ? AND lang = ?",
                    (slug, segment.id, lang),
                ).fetchone()
                if row is not None and row["state"] != SegmentState.MT_DRAFT:
                    continue
                db.execute(
                    "INSERT INTO translations (slug, segment_id, lang, text, state, engine, revision,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)"
                    " ON CONFLICT (slug, segment_id, lang) DO UPDATE SET text = excluded.text,"
                    " engine = excluded.engine, revision = revision + 1, updated_at = excluded.updated_at",
                    (slug, segment.id, lang, result.text, SegmentState.MT_DRAFT.value, engine, now, now),
                )
                db.execute(
                    "DELETE FROM findings WHERE slug = ? AND segment_id = ? AND lang = ? AND stage = 'mt'",
                    (slug, segment.id, lang),
                )
                db.executemany(
                    "INSERT INTO findings (slug, segment_id, lang, stage, check_name, severity, message, subject)"
                    " VALUES (?, ?, ?, 'mt', ?, ?, ?, ?)",
                    [(slug, segment.id, lang, f.check, f.severity.value, f.message, f.text) for f in result.findings],
                )

    def translations(self, slug: str, lang: str) -> dict[str, Translation]:
        rows = self._db.execute(
            "SELECT segment_id, lang, text, state, engine, revision, updated_at FROM translations"
            " WHERE slug = ? AND lang = ?",
            (slug, lang),
        )
        return {
            row["segment_id"]: Translation(
                row["segment_id"], row["lang"], row["text"], SegmentState(row["state"]),
                row["engine"], row["revision"], row["updated_at"],
            )
            for row in rows
        }

    def segments(self, slug: str) -> tuple[Segment, ...]:
        """The article's current segments, in order."""
        rows = self._db.execute(
            "SELECT id, block, source, marks FROM segments WHERE slug = ? AND position IS NOT NULL ORDER BY position",
            (slug,),
        )
        return tuple(Segment(r["id"], r["block"], r["source"], _marks_from_json(r["marks"])) for r in rows)

    def findings(self, slug: str, lang: str) -> list[Finding]:
        """Findings on the article's current segments in ``lang``, in segment order."""
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

    def articles(self) -> list[str]:
        return [row["slug"] for row in self._db.execute("SELECT slug FROM articles ORDER BY slug")]
