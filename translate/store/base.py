"""The store interface: what a backend must provide, and what every caller may rely on.

A backend (``translate.store.sqlite`` today; a PostgreSQL one for teams) implements every method
below and passes the store contract suite (``tests/store_contract.py``). It takes and returns the
project's frozen dataclasses (``translate.model``, ``translate.store.values``), never rows of its own.

What every backend guarantees:

- Each write is atomic: it happens entirely or not at all, whatever fails or interrupts it.
- Segments that disappear from an article are kept, no longer *current*, so that their
  translations stay available as memory; readers that say "current" leave them out.
- Every change of a translation adds a :class:`HistoryEntry`, in the same write as the change,
  and raises its revision by one.
- Failures are ``StoreError`` (or ``WorkspaceError`` on opening), one line with a hint; a change
  based on a revision that moved meanwhile is ``ReviewConflict``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

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


class SegmentStore(Protocol):
    """Articles, segments and their translations with states, revisions, history, comments and memory."""

    path: Path
    """Where the store is, for messages (a backend on a server names its workspace's state folder)."""

    def close(self) -> None: ...

    def __enter__(self) -> SegmentStore: ...

    def __exit__(self, *exc: object) -> None: ...

    def snapshot(self) -> AbstractContextManager[None]:
        """Every read inside the block sees the store as it was when the block began, whatever other
        processes commit meanwhile; they are neither stopped nor made to wait.

        Nothing can be written inside, except ``save_effort_stats``, which takes effect when the block
        ends, and only if no other command is writing then: a cache is not worth waiting for. Snapshots
        do not nest.
        """
        ...

    # Articles and segments

    def save_article(self, article: Article, segments: Sequence[Segment]) -> ArticleChange:
        """Record an article and its current segments; segments no longer in it stop being current.

        The source file's absolute path and a digest of its text are kept with it (``source``), so that
        a later run can tell the same article (the same file edited, or moved) from another one.
        """
        ...

    def articles(self) -> list[str]:
        """Every article's slug, sorted."""
        ...

    def article_meta(self, slug: str) -> ArticleMeta | None:
        """An article's metadata as last saved (None if the store has no such article)."""
        ...

    def source(self, slug: str) -> StoredSource | None:
        """Where the stored article ``slug`` was read from (None if the store has no such article)."""
        ...

    def stored_article(self, slug: str) -> tuple[Article, tuple[Segment, ...]]:
        """An article as the store knows it (structure, metadata, current source segments), without its file.

        Each block's runs are its segments' source text; publication renders from this, so a source
        file moved or edited since the last run does not change a release. StoreError for an unknown
        slug (naming the known ones), or an article saved without its structure.
        """
        ...

    def segments(self, slug: str) -> tuple[Segment, ...]:
        """The article's current segments, in order (empty for an unknown slug)."""
        ...

    def current_segments(self) -> set[tuple[str, str]]:
        """(slug, segment id) of every segment still in its article."""
        ...

    def source_languages(self) -> dict[str, str]:
        """Each article's source language, by slug."""
        ...

    # Translations

    def pending(self, slug: str, lang: str, segments: Sequence[Segment], *, retranslate: bool = False) -> list[Segment]:
        """The ``segments`` with no translation into ``lang`` (or only an unreviewed draft, if retranslating)."""
        ...

    def save_machine_translations(
        self, slug: str, lang: str, rows: Sequence[tuple[Segment, MTResult, SegmentState]], *, engine: str
    ) -> None:
        """Store machine drafts (revision 1, or one up) with their state, findings (stage 'mt', replacing
        the previous ones) and applied terms; a translation already reviewed (edited, approved) is kept
        as it is. Each draft written adds a history entry by actor ``machine`` via ``engine``."""
        ...

    def save_source_findings(self, slug: str, lang: str, findings: Sequence[Finding]) -> None:
        """Replace the findings about the article's source text (stage 'source')."""
        ...

    def translations(self, slug: str, lang: str) -> dict[str, Translation]:
        """The article's translations into ``lang`` by segment id, current segments or not."""
        ...

    def all_translations(self) -> list[StoredTranslation]:
        """Every stored translation with its segment (current or not), by article, segment position
        (segments no longer current last, by id) and language."""
        ...

    def review_index(self, slug: str, lang: str, *, segment_ids: Collection[str] | None = None
                     ) -> dict[str, IndexedSegment]:
        """Every segment of an article (current or not) by id, with its ``lang`` translation if any; only those of
        ``segment_ids`` where given (the workbench's one segment)."""
        ...

    def findings(self, slug: str, lang: str) -> list[Finding]:
        """Findings of every stage on the article's current segments in ``lang``, in segment order, then
        in the order they were saved."""
        ...

    def applied_terms(self, slug: str, lang: str) -> dict[str, list[AppliedTerm]]:
        """The glossary terms applied to each current segment in ``lang``, by segment id."""
        ...

    def state_counts(self) -> dict[tuple[str, str], dict[SegmentState, int]]:
        """Per (article, language): how many current segments are in each state."""
        ...

    def search(self, query: str, *, lang: str | None = None, where: SearchIn = SearchIn.BOTH, limit: int = 100,
               offset: int = 0) -> list[SearchHit]:
        """The translations of current segments (into ``lang``, or any) whose source or text (``where``) holds
        ``query``, ignoring case (Unicode case folding) and inline tags: a concordance across the workspace.

        By article, segment position and language; at most ``limit`` hits after skipping ``offset`` (ask for
        one more than a page to know whether another follows). A blank query finds nothing.
        """
        ...

    # Review: state changes, reviewed text, history

    def set_state(self, slug: str, segment_id: str, lang: str, state: SegmentState, *, actor: str, via: str,
                  reason: str) -> None:
        """Move one translation to ``state`` (its text unchanged), recording who, how and why in its
        history. StoreError if there is no such translation."""
        ...

    def apply_changes(self, changes: Sequence[Change], *, actor: str, via: str) -> None:
        """Write reviewed translations, all or none, each with its review findings (stage 'review',
        replacing the previous ones) and a history entry giving the state and text it replaces.

        ReviewConflict, and nothing written, if one translation is gone or not at its change's expected
        revision (a change given twice finds the first's revision).
        """
        ...

    def history(self, slug: str, segment_id: str, lang: str) -> list[HistoryEntry]:
        """The recorded changes of one translation, oldest first."""
        ...

    # Comments

    def add_comment(self, slug: str, segment_id: str, lang: str, text: str, *, actor: str, via: str) -> Comment:
        """Record a comment on one translation, as it is given (callers bound its length), and return it.
        StoreError if there is no such translation."""
        ...

    def comments(self, slug: str, segment_id: str, lang: str) -> list[Comment]:
        """The comments on one translation, oldest first."""
        ...

    # Translation memory

    def memory_matches(self, source_lang: str, lang: str, sources: Sequence[str]) -> dict[str, MemoryMatch]:
        """For each source sentence that has one, a translation of it: the latest approved one of ours
        (state approved, origin ``memory:SLUG/SEGMENT``), else the latest imported memory entry (state
        edited, origin ``tmx:ORIGIN``)."""
        ...

    def approved_memory(self, lang: str | None = None) -> list[MemoryEntry]:
        """Every approved translation (into ``lang``, or any) as a memory entry with origin
        ``translate:SLUG/SEGMENT``, sorted by language, source, article and segment."""
        ...

    def imported_memory(self, source_lang: str, lang: str) -> list[MemoryEntry]:
        """Every imported memory entry of one language pair (origin as imported: the TMX ``tuid``), sorted by
        source and origin."""
        ...

    def memory_version(self) -> str:
        """A value that moves whenever the memory may have changed (a translation changed, an entry imported):
        two equal values mean the same approved translations and imported entries, so a cache of them holds."""
        ...

    def add_memory(self, entries: Sequence[MemoryEntry]) -> int:
        """Store imported memory entries; one with the same languages, source and origin as one already
        there replaces it. Returns how many were new."""
        ...

    # The post-editing statistics cache

    def effort_stats(self, keys: Sequence[str]) -> dict[str, str]:
        """The cached statistics (opaque JSON) of those of ``keys`` that have them."""
        ...

    def effort_stats_count(self) -> int:
        """How many keys the cache holds."""
        ...

    def save_effort_stats(self, stats: dict[str, str], *, keep: Collection[str] | None = None) -> None:
        """Cache statistics by key; with ``keep``, drop every cached key not in it (pairs no longer current).

        StoreError if the store is busy. Inside a snapshot, the write waits for its end (see ``snapshot``).
        """
        ...
