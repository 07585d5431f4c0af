"""The segment store: articles, segments and their translations, with states, revisions, history,
translation memory, comments and a post-editing statistics cache.

:class:`SegmentStore` (``base.py``) is the interface every backend implements, and what callers
rely on; the values it takes and returns are in ``values.py``. ``Store`` is the SQLite backend
(``sqlite/``), a file under ``.translate/``: ``Store.open(path)``.
"""

from __future__ import annotations

from translate.store.base import SegmentStore
from translate.store.sqlite import SCHEMA_VERSION, SQLiteStore
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
    source_digest,
)

Store = SQLiteStore
"""The store a workspace uses: the SQLite backend."""

__all__ = [
    "SCHEMA_VERSION",
    "ArticleChange",
    "Change",
    "Comment",
    "HistoryEntry",
    "IndexedSegment",
    "MemoryMatch",
    "SQLiteStore",
    "SearchHit",
    "SearchIn",
    "SegmentStore",
    "Store",
    "StoredSource",
    "StoredTranslation",
    "source_digest",
]
