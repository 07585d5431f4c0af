"""The SQLite backend of the store: one file under ``.translate/``, for one newsroom machine.

:class:`SQLiteStore` is built from small parts over one :class:`Database` (connection and
transactions): ``Articles`` (articles and segments), ``Translations`` (drafts, findings, applied
terms), ``ReviewHistory`` (reviewed writes and their history), ``Comments``, ``Memory`` (translation memory),
``Search`` (the concordance) and ``EffortCache`` (post-editing statistics). Each method says what it does in
:class:`translate.store.base.SegmentStore`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from translate.model import (
    AppliedTerm,
    Article,
    ArticleMeta,
    Finding,
    MemoryEntry,
    MTResult,
    Segment,
    SegmentState,
    Translation,
)
from translate.store.base import SegmentStore
from translate.store.sqlite.articles import Articles
from translate.store.sqlite.comments import Comments
from translate.store.sqlite.database import SCHEMA_VERSION, Database
from translate.store.sqlite.effort import EffortCache
from translate.store.sqlite.history import ReviewHistory
from translate.store.sqlite.memory import Memory
from translate.store.sqlite.search import Search
from translate.store.sqlite.translations import Translations
from translate.store.values import (
    ArticleChange,
    Change,
    Comment,
    HistoryEntry,
    IndexedSegment,
    MemoryMatch,
    SearchHit,
    SearchIn,
    StoredSource,
    StoredTranslation,
)

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]


class SQLiteStore(SegmentStore):
    """The SQLite segment store of a workspace."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.path = db.path
        self._articles = Articles(db)
        self._translations = Translations(db)
        self._history = ReviewHistory(db)
        self._comments = Comments(db)
        self._memory = Memory(db)
        self._search = Search(db)
        self._effort = EffortCache(db)

    @classmethod
    def open(cls, path: Path, *, busy_timeout: float = 30, any_thread: bool = False) -> SQLiteStore:
        """Open (creating if needed, upgrading an older schema) the store at ``path``; a write waits up
        to ``busy_timeout`` seconds for another process's write to finish.

        ``any_thread``: the store may be used (and closed) from another thread than the one that opened
        it, one thread at a time (the workbench's per-thread stores, closed at shutdown).

        StoreError or WorkspaceError, each one line, for a store that cannot be used (a broken link or
        a file where its folder should be, read-only, full, damaged, newer, busy).
        """
        return cls(Database.open(path, busy_timeout=busy_timeout, any_thread=any_thread))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """The connection, inside one write transaction (SQLite only: for tools and tests that need SQL)."""
        return self._db.transaction()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        # One read transaction: in WAL mode, writers neither wait for it nor stop it.
        with self._effort.deferred(), self._db.reading():
            yield

    def save_article(self, article: Article, segments: Sequence[Segment]) -> ArticleChange:
        return self._articles.save_article(article, segments)

    def articles(self) -> list[str]:
        return self._articles.articles()

    def article_meta(self, slug: str) -> ArticleMeta | None:
        return self._articles.article_meta(slug)

    def source(self, slug: str) -> StoredSource | None:
        return self._articles.source(slug)

    def stored_article(self, slug: str) -> tuple[Article, tuple[Segment, ...]]:
        return self._articles.stored_article(slug)

    def segments(self, slug: str) -> tuple[Segment, ...]:
        return self._articles.segments(slug)

    def current_segments(self) -> set[tuple[str, str]]:
        return self._articles.current_segments()

    def source_languages(self) -> dict[str, str]:
        return self._articles.source_languages()

    def pending(self, slug: str, lang: str, segments: Sequence[Segment], *, retranslate: bool = False) -> list[Segment]:
        return self._translations.pending(slug, lang, segments, retranslate=retranslate)

    def save_machine_translations(
        self, slug: str, lang: str, rows: Sequence[tuple[Segment, MTResult, SegmentState]], *, engine: str
    ) -> None:
        self._translations.save_machine_translations(slug, lang, rows, engine=engine)

    def save_source_findings(self, slug: str, lang: str, findings: Sequence[Finding]) -> None:
        self._translations.save_source_findings(slug, lang, findings)

    def translations(self, slug: str, lang: str) -> dict[str, Translation]:
        return self._translations.translations(slug, lang)

    def all_translations(self) -> list[StoredTranslation]:
        return self._translations.all_translations()

    def review_index(self, slug: str, lang: str, *, segment_ids: Collection[str] | None = None
                     ) -> dict[str, IndexedSegment]:
        return self._translations.review_index(slug, lang, segment_ids=segment_ids)

    def findings(self, slug: str, lang: str) -> list[Finding]:
        return self._translations.findings(slug, lang)

    def applied_terms(self, slug: str, lang: str) -> dict[str, list[AppliedTerm]]:
        return self._translations.applied_terms(slug, lang)

    def state_counts(self) -> dict[tuple[str, str], dict[SegmentState, int]]:
        return self._translations.state_counts()

    def search(self, query: str, *, lang: str | None = None, where: SearchIn = SearchIn.BOTH, limit: int = 100,
               offset: int = 0) -> list[SearchHit]:
        return self._search.search(query, lang=lang, where=where, limit=limit, offset=offset)

    def set_state(self, slug: str, segment_id: str, lang: str, state: SegmentState, *, actor: str, via: str,
                  reason: str) -> None:
        self._history.set_state(slug, segment_id, lang, state, actor=actor, via=via, reason=reason)

    def apply_changes(self, changes: Sequence[Change], *, actor: str, via: str) -> None:
        self._history.apply_changes(changes, actor=actor, via=via)

    def history(self, slug: str, segment_id: str, lang: str) -> list[HistoryEntry]:
        return self._history.history(slug, segment_id, lang)

    def add_comment(self, slug: str, segment_id: str, lang: str, text: str, *, actor: str, via: str) -> Comment:
        return self._comments.add_comment(slug, segment_id, lang, text, actor=actor, via=via)

    def comments(self, slug: str, segment_id: str, lang: str) -> list[Comment]:
        return self._comments.comments(slug, segment_id, lang)

    def memory_matches(self, source_lang: str, lang: str, sources: Sequence[str]) -> dict[str, MemoryMatch]:
        return self._memory.memory_matches(source_lang, lang, sources)

    def approved_memory(self, lang: str | None = None) -> list[MemoryEntry]:
        return self._memory.approved_memory(lang)

    def imported_memory(self, source_lang: str, lang: str) -> list[MemoryEntry]:
        return self._memory.imported_memory(source_lang, lang)

    def memory_version(self) -> str:
        return self._memory.memory_version()

    def add_memory(self, entries: Sequence[MemoryEntry]) -> int:
        return self._memory.add_memory(entries)

    def effort_stats(self, keys: Sequence[str]) -> dict[str, str]:
        return self._effort.effort_stats(keys)

    def effort_stats_count(self) -> int:
        return self._effort.effort_stats_count()

    def save_effort_stats(self, stats: dict[str, str], *, keep: Collection[str] | None = None) -> None:
        self._effort.save_effort_stats(stats, keep=keep)
