"""The segment store: articles, segments and their translations in SQLite under .translate/.

Every change happens in one transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), so a crash or a
Ctrl-C leaves the store as it was before the change. Segments that disappear from an article are
kept (with no position) so their translations stay available as memory.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from translate.errors import StoreError
from translate.fsutil import check_folder, os_error
from translate.store_errors import store_error
from translate.history import HistoryQueries, now as _now
from translate.memory import MemoryQueries
from translate.inline import tagged_to_runs
from translate.model import (
    AppliedTerm,
    Article,
    ArticleMeta,
    Block,
    BlockKind,
    Run,
    Finding,
    Mark,
    MarkKind,
    MTResult,
    Segment,
    SegmentState,
    Severity,
    Translation,
)

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
_EFFORT_SCHEMA = """
CREATE TABLE effort_stats (
    key TEXT PRIMARY KEY,
    stats TEXT NOT NULL
) WITHOUT ROWID;
"""
# What each older schema version needs to reach the current one, in order.
_MIGRATIONS = {1: _EFFORT_SCHEMA}
_SCHEMA = _EFFORT_SCHEMA + """
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
    mt_text TEXT NOT NULL,
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
CREATE TABLE applied_terms (
    slug TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    concept_id TEXT NOT NULL,
    action TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    source_start INTEGER,
    target_start INTEGER,
    FOREIGN KEY (slug, segment_id) REFERENCES segments(slug, id) ON DELETE CASCADE
);
CREATE INDEX applied_terms_by_segment ON applied_terms (slug, lang, segment_id);
CREATE TABLE memory (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,
    created TEXT NOT NULL,
    changed TEXT NOT NULL,
    creator TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (source_lang, target_lang, source, origin)
);
CREATE TABLE history (
    slug TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    via TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    from_text TEXT,
    to_text TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
"""


@dataclass(frozen=True, slots=True)
class ArticleChange:
    """How an article's segments changed since the store last saw it."""

    added: int
    kept: int
    dropped: int


def _marks_json(marks: Sequence[Mark]) -> str:
    return json.dumps([[m.kind.value, m.href] for m in marks])


@functools.lru_cache(maxsize=4096)
def _marks_from_json(text: str) -> tuple[Mark, ...]:
    """Marks from their JSON (cached: most segments share ``[]`` or a few common ones; Mark is immutable)."""
    return tuple(Mark(MarkKind(kind), href) for kind, href in json.loads(text))


_STATES = {state.value: state for state in SegmentState}
_TRANSLATION_COLUMNS = "t.segment_id, t.lang, t.text, t.state, t.engine, t.revision, t.updated_at, t.mt_text"


def _translation(row: sqlite3.Row | tuple) -> Translation:
    """A Translation from the columns of ``_TRANSLATION_COLUMNS``, in that order."""
    segment_id, lang, text, state, engine, revision, updated_at, mt_text = row
    return Translation(segment_id, lang, text, _STATES[state], engine, revision, updated_at, mt_text)


def source_digest(article: Article) -> str:
    """A digest of an article's text (its blocks), telling a moved or copied source from another article."""
    digest = hashlib.sha256()
    for block in article.blocks:
        digest.update(block.text.encode("utf-8", "surrogatepass") + b"\0")
    return "sha256:" + digest.hexdigest()


@dataclass(frozen=True, slots=True)
class StoredSource:
    """Where the store's article of a slug was read from, and what its text was."""

    path: str
    """The path as given to ``translate run``."""
    resolved: str | None
    """Its absolute form at the time (None in stores from before this was recorded)."""
    digest: str | None


class Store(MemoryQueries, HistoryQueries):
    """The SQLite segment store of a workspace."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        # Inside a snapshot: the effort-cache writes put off until it ends (see ``snapshot``).
        self._deferred: list[tuple[dict[str, str], set[str] | None]] | None = None

    @classmethod
    def open(cls, path: Path, *, busy_timeout: float = 30) -> Store:
        """Open (creating if needed) the store at ``path``; a write waits up to ``busy_timeout`` seconds for
        another process's write to finish.

        StoreError or WorkspaceError, each one line, for a store that cannot be used (a broken link or
        a file where its folder should be, read-only, full, damaged, newer, busy).
        """
        check_folder(path.parent, what="state folder", writable=False)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Created here with the umask's mode (SQLite's own default, 0644, ignores a group-writable
            # umask); its -wal and -shm files take the same mode from it.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666))
        except FileExistsError:
            pass
        except OSError as error:
            raise os_error(error, doing="create the segment store", path=path) from error
        if path.is_dir():
            raise StoreError("cannot open the segment store: a folder is where the store file should be",
                             path=path, hint="move the folder away")
        try:
            db = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout)
        except sqlite3.Error as error:
            raise store_error(error, path) from error
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys = ON")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION:
                if version == 0:
                    db.execute("PRAGMA journal_mode = WAL")  # outside a transaction; persistent, idempotent
                db.execute("BEGIN IMMEDIATE")
                # Read again under the write lock: another process may have created or upgraded it meanwhile.
                version = db.execute("PRAGMA user_version").fetchone()[0]
                steps = _SCHEMA if version == 0 else "".join(_MIGRATIONS[v] for v in range(version, SCHEMA_VERSION))
                # One statement at a time: executescript would commit first, outside the lock just taken.
                for statement in filter(None, (part.strip() for part in steps.split(";"))):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {max(version, SCHEMA_VERSION)}")
                db.execute("COMMIT")
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the store was written by a newer version of translate (schema {version})",
                    path=path,
                    hint="upgrade translate",
                )
        except sqlite3.Error as error:
            db.close()  # a half-run upgrade is rolled back with it
            raise store_error(error, path) from error
        except BaseException:
            db.close()
            raise
        return cls(db, path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All statements inside commit together or not at all.

        StoreError if another process keeps writing to the store for longer than the busy timeout,
        or if the store cannot be written (read-only, disk full: then nothing was changed).
        """
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise store_error(error, self.path) from error
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException as failure:
            if self._db.in_transaction:
                try:
                    self._db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite rolled back itself (a full disk, an I/O error)
            if isinstance(failure, sqlite3.Error):
                raise store_error(failure, self.path) from failure
            raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read inside the block sees the store as it was when the block began, whatever other
        processes commit meanwhile: one read transaction (in WAL mode, writers neither wait for it nor stop it).

        Nothing can be written inside. Effort statistics given to ``save_effort_stats`` inside are cached
        when the block ends, and only if no other command is writing then: a cache is not worth waiting for.
        """
        assert self._deferred is None, "store snapshots do not nest"
        try:
            self._db.execute("BEGIN")
            self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot is taken at the first read
        except sqlite3.Error as error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise store_error(error, self.path) from error
        deferred = self._deferred = []
        try:
            yield
        finally:
            self._deferred = None
            if self._db.in_transaction:  # (an I/O error may have ended it)
                self._db.execute("ROLLBACK")  # it only read
        timeout = self._db.execute("PRAGMA busy_timeout").fetchone()[0]
        self._db.execute("PRAGMA busy_timeout = 0")
        try:
            for stats, keep in deferred:
                self.save_effort_stats(stats, keep=keep)
        except (StoreError, sqlite3.Error) as error:  # a cache: the figures were right without it
            logger.info("effort statistics not cached: %s", error)
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout)}")

    def save_article(self, article: Article, segments: Sequence[Segment]) -> ArticleChange:
        """Record an article and its current segments; segments no longer in it lose their position.

        The source file's absolute path and a digest of its text are kept with it (``source``), so that
        a later run can tell the same article (the same file edited, or moved) from another one.
        """
        meta = article.meta
        now = _now()
        try:
            resolved: str | None = str(meta.source_path.resolve())
        except (OSError, RuntimeError):
            resolved = None
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
                    json.dumps({
                        "date": meta.date.isoformat() if meta.date else None,
                        "author": meta.author,
                        "blocks": [[b.kind.value, b.level, b.ordered] for b in article.blocks],
                        "source": {"resolved": resolved, "digest": source_digest(article)},
                    }),
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
        """The segments with no translation into ``lang`` (or only an unreviewed draft, if retranslating)."""
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
        """Store machine drafts with their state, findings and applied terms; reviewed text is kept."""
        now = _now()
        with self.transaction() as db:
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
                    (slug, segment.id, lang, result.text, result.text, state.value, engine, now, now),
                )
                db.execute(
                    "INSERT INTO history (slug, segment_id, lang, at, actor, via, from_state, to_state,"
                    " from_text, to_text) VALUES (?, ?, ?, ?, 'machine', ?, ?, ?, ?, ?)",
                    (slug, segment.id, lang, now, engine, row["state"] if row else None, state.value,
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
        """Replace the findings about the article's source text (stage 'source')."""
        with self.transaction() as db:
            db.execute("DELETE FROM findings WHERE slug = ? AND stage = 'source'", (slug,))
            db.executemany(
                "INSERT INTO findings (slug, segment_id, lang, stage, check_name, severity, message, subject)"
                " VALUES (?, ?, ?, 'source', ?, ?, ?, ?)",
                [(slug, f.segment_id, lang, f.check, f.severity.value, f.message, f.text) for f in findings],
            )

    def applied_terms(self, slug: str, lang: str) -> dict[str, list[AppliedTerm]]:
        """The glossary terms applied to each current segment in ``lang``."""
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

    def all_translations(self) -> list[tuple[str, Segment, Translation]]:
        """Every stored translation with its segment (current or not), by article, segment and language."""
        rows = self._tuples(
            f"SELECT s.slug, s.id, s.block, s.source, s.marks, {_TRANSLATION_COLUMNS} FROM translations t"
            " JOIN segments s ON s.slug = t.slug AND s.id = t.segment_id"
            " ORDER BY s.slug, s.position IS NULL, s.position, s.id, t.lang"
        )
        return [(r[0], Segment(r[1], r[2], r[3], _marks_from_json(r[4])), _translation(r[5:])) for r in rows]

    def translations(self, slug: str, lang: str) -> dict[str, Translation]:
        rows = self._tuples(f"SELECT {_TRANSLATION_COLUMNS} FROM translations t WHERE slug = ? AND lang = ?",
                            (slug, lang))
        return {row[0]: _translation(row) for row in rows}

    def _tuples(self, sql: str, parameters: Sequence[object] = ()) -> sqlite3.Cursor:
        """Rows as plain tuples (faster than sqlite3.Row where a query reads thousands)."""
        cursor = self._db.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, parameters)

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

    def source_languages(self) -> dict[str, str]:
        """Each article's source language, by slug."""
        return {r["slug"]: r["source_lang"] for r in self._db.execute("SELECT slug, source_lang FROM articles")}

    def current_segments(self) -> set[tuple[str, str]]:
        """(slug, segment id) of every segment still in its article."""
        return {(r["slug"], r["id"]) for r in self._db.execute("SELECT slug, id FROM segments WHERE position IS NOT NULL")}

    def review_index(self, slug: str, lang: str) -> dict[str, tuple[Segment, bool, Translation | None]]:
        """Every segment of an article (current or not) by id: itself, whether it is still in the article,
        and its ``lang`` translation (None if it has none)."""
        rows = self._tuples(
            f"SELECT s.id, s.block, s.source, s.marks, s.position IS NOT NULL, {_TRANSLATION_COLUMNS} FROM segments s"
            " LEFT JOIN translations t ON t.slug = s.slug AND t.segment_id = s.id AND t.lang = ? WHERE s.slug = ?",
            (lang, slug),
        )
        return {
            r[0]: (Segment(r[0], r[1], r[2], _marks_from_json(r[3])), bool(r[4]),
                   None if r[5] is None else _translation(r[5:]))
            for r in rows
        }

    def effort_stats(self, keys: Sequence[str]) -> dict[str, str]:
        """The cached post-editing statistics (JSON) of the given draft/final pair keys that have them."""
        found: dict[str, str] = {}
        wanted = sorted(set(keys))
        for chunk in (wanted[i : i + 500] for i in range(0, len(wanted), 500)):
            marks = ",".join("?" * len(chunk))
            found.update(self._tuples(f"SELECT key, stats FROM effort_stats WHERE key IN ({marks})", chunk))
        return found

    def effort_stats_count(self) -> int:
        return self._db.execute("SELECT count(*) FROM effort_stats").fetchone()[0]

    def save_effort_stats(self, stats: dict[str, str], *, keep: Collection[str] | None = None) -> None:
        """Cache statistics by pair key; with ``keep``, drop every cached pair not in it (pairs no longer current).

        StoreError if the store is busy (see ``transaction``). Inside a snapshot, the write waits for
        its end (see ``snapshot``)."""
        if self._deferred is not None:
            self._deferred.append((dict(stats), None if keep is None else set(keep)))
            return
        with self.transaction() as db:
            if keep is not None:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS keep_keys (key TEXT PRIMARY KEY) WITHOUT ROWID")
                db.execute("DELETE FROM keep_keys")
                db.executemany("INSERT OR IGNORE INTO keep_keys VALUES (?)", [(k,) for k in keep])
                db.execute("DELETE FROM effort_stats WHERE key NOT IN (SELECT key FROM keep_keys)")
                db.execute("DELETE FROM keep_keys")
            db.executemany("INSERT OR REPLACE INTO effort_stats (key, stats) VALUES (?, ?)", sorted(stats.items()))

    def state_counts(self) -> dict[tuple[str, str], dict[SegmentState, int]]:
        """Per (article, language): how many current segments are in each state."""
        counts: dict[tuple[str, str], dict[SegmentState, int]] = {}
        for r in self._db.execute(
            "SELECT t.slug, t.lang, t.state, count(*) AS n FROM translations t JOIN segments s"
            " ON s.slug = t.slug AND s.id = t.segment_id WHERE s.position IS NOT NULL"
            " GROUP BY t.slug, t.lang, t.state ORDER BY t.slug, t.lang"
        ):
            counts.setdefault((r["slug"], r["lang"]), {})[SegmentState(r["state"])] = r["n"]
        return counts

    def stored_article(self, slug: str) -> tuple[Article, tuple[Segment, ...]]:
        """An article as the store knows it (structure, metadata, current source segments), without its file.

        Each block's runs are its segments' source text; publication renders from this, so a source
        file moved or edited since the last run does not change a release.
        """
        row = self.article_meta(slug)
        if row is None:
            raise StoreError(f"no article {slug!r} in the store", path=self.path,
                             hint=f"articles: {', '.join(self.articles()) or 'none'}")
        meta = json.loads(row["meta"])
        if "blocks" not in meta:
            raise StoreError(f"the store has no structure for {slug!r} (saved by an older version)", path=self.path,
                             hint=f"run `translate run {row['source_path']}` again")
        segments = self.segments(slug)
        by_block: dict[int, list[Run]] = {}
        for segment in segments:
            runs = by_block.setdefault(segment.block, [])
            if runs:
                runs.append(Run(" "))
            runs.extend(tagged_to_runs(segment.text, segment.marks))
        blocks = tuple(
            Block(BlockKind(kind), tuple(by_block.get(index, ())), level, ordered)
            for index, (kind, level, ordered) in enumerate(meta.get("blocks", []))
        )
        article_meta = ArticleMeta(
            title=row["title"], slug=slug, source_lang=row["source_lang"], source_path=Path(row["source_path"]),
            date=date.fromisoformat(meta["date"]) if meta.get("date") else None, author=meta.get("author"),
        )
        return Article(article_meta, blocks), segments

    def source(self, slug: str) -> StoredSource | None:
        """Where the stored article ``slug`` was read from (None if the store has no such article)."""
        row = self.article_meta(slug)
        if row is None:
            return None
        source = json.loads(row["meta"]).get("source") or {}
        return StoredSource(row["source_path"], source.get("resolved"), source.get("digest"))

    def article_meta(self, slug: str) -> sqlite3.Row | None:
        return self._db.execute("SELECT * FROM articles WHERE slug = ?", (slug,)).fetchone()

    def articles(self) -> list[str]:
        return [row["slug"] for row in self._db.execute("SELECT slug FROM articles ORDER BY slug")]
