"""The values a store takes and returns: frozen dataclasses, the same whatever the backend."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from translate.model import Article, Finding, Segment, SegmentState, Translation


def now() -> str:
    """The time recorded in the store: UTC, to the second, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def source_digest(article: Article) -> str:
    """A digest of an article's text (its blocks), telling a moved or copied source from another article."""
    digest = hashlib.sha256()
    for block in article.blocks:
        digest.update(block.text.encode("utf-8", "surrogatepass") + b"\0")
    return "sha256:" + digest.hexdigest()


@dataclass(frozen=True, slots=True)
class ArticleChange:
    """How an article's segments changed since the store last saw it."""

    added: int
    kept: int
    dropped: int


@dataclass(frozen=True, slots=True)
class StoredSource:
    """Where the store's article of a slug was read from, and what its text was."""

    path: str
    """The path as given to ``translate run``."""
    resolved: str | None
    """Its absolute form at the time (None in stores from before this was recorded)."""
    digest: str | None


@dataclass(frozen=True, slots=True)
class StoredTranslation:
    """A stored translation with its article and its segment (which may no longer be in the article)."""

    slug: str
    segment: Segment
    translation: Translation


@dataclass(frozen=True, slots=True)
class IndexedSegment:
    """A segment of an article as a review import finds it: whether it is still in the article, and its
    translation into the language asked for (None if it has none)."""

    segment: Segment
    current: bool
    translation: Translation | None


@dataclass(frozen=True, slots=True)
class Change:
    """A reviewed translation to write: its new text and state, and the revision it was based on.

    ``expected_revision`` None means forced: written whatever the stored revision is now.
    """

    slug: str
    segment_id: str
    lang: str
    text: str
    state: SegmentState
    expected_revision: int | None
    reason: str = ""
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One recorded change of a translation: who, when, via what, state and text before and after, why.

    ``from_state`` and ``from_text`` are None for a translation's first draft.
    """

    slug: str
    segment_id: str
    lang: str
    at: str
    actor: str
    via: str
    from_state: SegmentState | None
    to_state: SegmentState
    from_text: str | None
    to_text: str
    reason: str


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    """A stored translation of the same source sentence, reusable as is."""

    text: str
    state: SegmentState
    origin: str


@dataclass(frozen=True, slots=True)
class Comment:
    """A remark on one translation of a segment, for the editors: who made it, when, through what."""

    slug: str
    segment_id: str
    lang: str
    at: str
    actor: str
    via: str
    text: str


class SearchIn(enum.StrEnum):
    """Which text of a segment a search looks in."""

    SOURCE = "source"
    TARGET = "target"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A current segment whose source or translation holds the text searched for (both texts tagged)."""

    slug: str
    title: str
    segment_id: str
    lang: str
    source: str
    text: str
    state: SegmentState
