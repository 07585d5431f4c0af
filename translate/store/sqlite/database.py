"""The SQLite database behind :class:`translate.store.sqlite.SQLiteStore`: its schema, opening and
upgrading it, and the transactions every part of the backend writes and reads in.

Every change happens in one transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), so a crash or a
Ctrl-C leaves the store as it was before the change. The file is in WAL mode: a reader neither
waits for a writer nor stops it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from translate.errors import StoreError
from translate.fsutil import check_folder, os_error
from translate.store.sqlite.errors import store_error

SCHEMA_VERSION = 3
_EFFORT_SCHEMA = """
CREATE TABLE effort_stats (
    key TEXT PRIMARY KEY,
    stats TEXT NOT NULL
) WITHOUT ROWID;
"""
# Version 3: comments, and the history read by translation (the editor reads it at every save) indexed.
_COMMENTS_SCHEMA = """
CREATE INDEX history_by_translation ON history (slug, segment_id, lang);
CREATE TABLE comments (
    slug TEXT NOT NULL,
    segment_id TEXT NOT NULL,
    lang TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    via TEXT NOT NULL,
    text TEXT NOT NULL,
    FOREIGN KEY (slug, segment_id) REFERENCES segments(slug, id) ON DELETE CASCADE
);
CREATE INDEX comments_by_segment ON comments (slug, segment_id, lang);
"""
# What each older schema version needs to reach the next one.
_MIGRATIONS = {1: _EFFORT_SCHEMA, 2: _COMMENTS_SCHEMA}
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
""" + _COMMENTS_SCHEMA



class Database:
    """One connection to a store file, with its path (for messages)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path

    @classmethod
    def open(cls, path: Path, *, busy_timeout: float, any_thread: bool = False) -> Database:
        """Open (creating or upgrading if needed) the store file at ``path``; see ``SQLiteStore.open``."""
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
            db = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout, check_same_thread=not any_thread)
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
        self.connection.close()

    def execute(self, sql: str, parameters: Sequence[object] = ()) -> sqlite3.Cursor:
        """Rows as ``sqlite3.Row``, read by column name (for the backend's own use: it returns dataclasses)."""
        return self.connection.execute(sql, parameters)

    def tuples(self, sql: str, parameters: Sequence[object] = ()) -> sqlite3.Cursor:
        """Rows as plain tuples (faster than sqlite3.Row where a query reads thousands)."""
        cursor = self.connection.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, parameters)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All statements inside commit together or not at all.

        StoreError if another process keeps writing to the store for longer than the busy timeout,
        or if the store cannot be written (read-only, disk full: then nothing was changed).
        """
        db = self.connection
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise store_error(error, self.path) from error
        try:
            yield db
            db.execute("COMMIT")
        except BaseException as failure:
            if db.in_transaction:
                try:
                    db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite rolled back itself (a full disk, an I/O error)
            if isinstance(failure, sqlite3.Error):
                raise store_error(failure, self.path) from failure
            raise

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction: every read inside sees the file as it was when the block began."""
        db = self.connection
        try:
            db.execute("BEGIN")
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot is taken at the first read
        except sqlite3.Error as error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise store_error(error, self.path) from error
        try:
            yield
        finally:
            if db.in_transaction:  # (an I/O error may have ended it)
                db.execute("ROLLBACK")  # it only read

    @contextmanager
    def without_waiting(self) -> Iterator[None]:
        """Inside the block, a write finding the store busy fails at once instead of waiting."""
        timeout = self.connection.execute("PRAGMA busy_timeout").fetchone()[0]
        self.connection.execute("PRAGMA busy_timeout = 0")
        try:
            yield
        finally:
            self.connection.execute(f"PRAGMA busy_timeout = {int(timeout)}")
