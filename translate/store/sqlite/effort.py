"""The post-editing statistics cache of the SQLite store (``effort_stats``): opaque JSON by pair key."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager

from translate.errors import StoreError
from translate.store.sqlite.database import Database

logger = logging.getLogger(__name__)


class EffortCache:
    """Cached statistics, written at once or, inside ``deferred``, when it ends."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # Inside a snapshot: the writes put off until it ends (see ``deferred``).
        self._deferred: list[tuple[dict[str, str], set[str] | None]] | None = None

    def effort_stats(self, keys: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        wanted = sorted(set(keys))
        for chunk in (wanted[i : i + 500] for i in range(0, len(wanted), 500)):
            marks = ",".join("?" * len(chunk))
            found.update(self._db.tuples(f"SELECT key, stats FROM effort_stats WHERE key IN ({marks})", chunk))
        return found

    def effort_stats_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM effort_stats").fetchone()[0])

    def save_effort_stats(self, stats: dict[str, str], *, keep: Collection[str] | None = None) -> None:
        if self._deferred is not None:
            self._deferred.append((dict(stats), None if keep is None else set(keep)))
            return
        with self._db.transaction() as db:
            if keep is not None:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS keep_keys (key TEXT PRIMARY KEY) WITHOUT ROWID")
                db.execute("DELETE FROM keep_keys")
                db.executemany("INSERT OR IGNORE INTO keep_keys VALUES (?)", [(k,) for k in keep])
                db.execute("DELETE FROM effort_stats WHERE key NOT IN (SELECT key FROM keep_keys)")
                db.execute("DELETE FROM keep_keys")
            db.executemany("INSERT OR REPLACE INTO effort_stats (key, stats) VALUES (?, ?)", sorted(stats.items()))

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Writes asked for inside the block are made when it ends without an error, and only if no other
        command is writing then (a cache is not worth waiting for: a failure is logged, not raised).

        Put around a read transaction, so that they are made after it has ended.
        """
        assert self._deferred is None, "store snapshots do not nest"
        deferred = self._deferred = []
        try:
            yield
        finally:
            self._deferred = None
        with self._db.without_waiting():
            try:
                for stats, keep in deferred:
                    self.save_effort_stats(stats, keep=keep)
            except (StoreError, sqlite3.Error) as error:  # a cache: the figures were right without it
                logger.info("effort statistics not cached: %s", error)
