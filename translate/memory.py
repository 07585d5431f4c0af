"""Translation-memory matches for one segment, and word differences between two texts.

The memory of a language pair is every approved translation in the store and every imported TMX entry
(:meth:`~translate.store.SegmentStore.approved_memory`, :meth:`~translate.store.SegmentStore.imported_memory`).
:class:`MemoryIndex` holds it once, for as many lookups as a caller likes (:class:`MemoryCache` keeps one per
language pair while the store's memory stays as it was); a lookup scores each distinct
source against the segment's (RapidFuzz's normalized Indel similarity, 100 only for the same text) and
gives the best few, each with the difference between its source and the segment's, word by word.
"""

from __future__ import annotations

import difflib
import enum
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from translate.inline import editable, strip_tags
from translate.model import MemoryEntry
from translate.store import SegmentStore

MAX_MATCHES = 5
MIN_SCORE = 60
"""Sources less alike than this (out of 100) are not offered: adapting them costs more than translating."""
_WORDS = re.compile(r"</?\d+>|\w+|\s+|[^\w\s]")
"""Words, runs of space, single punctuation marks and inline tags (``<1>``, ``</1>``): the units of a diff."""


class Change(enum.StrEnum):
    SAME = "same"
    INSERTED = "ins"
    DELETED = "del"


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text in a difference: the same in both texts, only in the second (inserted) or only in the first."""

    change: Change
    text: str


@dataclass(frozen=True, slots=True)
class FuzzyMatch:
    """A stored translation of a source like the segment's.

    ``source`` and ``target`` are tagged text; ``difference`` goes from the match's source to the segment's,
    in the editable form (:func:`~translate.inline.editable`): deleted pieces are the match's only, inserted
    ones the segment's only (what the translation needs adapting for). ``origin`` is
    ``translate:SLUG/SEGMENT`` for an approved translation of ours, ``tmx:TUID`` for an imported entry.
    """

    score: int
    source: str
    target: str
    origin: str
    changed: str
    difference: tuple[Piece, ...]


def word_diff(before: str, after: str) -> tuple[Piece, ...]:
    """The word-by-word difference from ``before`` to ``after``; the same pieces together give back each text.

    Changes separated only by spaces are one change (``<del>a b</del><ins>c d</ins>``, not word against word).
    """
    a, b = _WORDS.findall(before), _WORDS.findall(after)
    groups: list[tuple[str, str, bool]] = []  # (text of before, text of after, the same in both)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        groups.append(("".join(a[i1:i2]), "".join(b[j1:j2]), op == "equal"))
    pieces: list[Piece] = []
    pending = ("", "")
    for index, (old, new, same) in enumerate(groups):
        between = 0 < index < len(groups) - 1 and not old.strip()
        if same and not between:
            _add(pieces, Change.DELETED, pending[0])
            _add(pieces, Change.INSERTED, pending[1])
            pending = ("", "")
            _add(pieces, Change.SAME, old)
        else:
            pending = (pending[0] + old, pending[1] + new)
    _add(pieces, Change.DELETED, pending[0])
    _add(pieces, Change.INSERTED, pending[1])
    return tuple(pieces)


def _add(pieces: list[Piece], change: Change, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].change is change:
        pieces[-1] = Piece(change, pieces[-1].text + text)
    else:
        pieces.append(Piece(change, text))


class MemoryIndex:
    """The translation memory of one language pair, read once and looked up many times."""

    def __init__(self, approved: Sequence[MemoryEntry], imported: Sequence[MemoryEntry]) -> None:
        """``approved``: our approved translations (origin ``translate:SLUG/SEGMENT``); ``imported``: TMX entries
        (origin as imported)."""
        by_source: dict[str, list[tuple[str, MemoryEntry]]] = {}
        for origin, entry in [(e.origin, e) for e in approved] + [(f"tmx:{e.origin}", e) for e in imported]:
            by_source.setdefault(strip_tags(entry.source), []).append((origin, entry))
        # The latest first; ours before an imported entry of the same time.
        for found in by_source.values():
            found.sort(key=lambda item: (item[1].changed, item[0].startswith("translate:")), reverse=True)
        self._sources = list(by_source)
        self._entries = [by_source[source] for source in self._sources]

    @classmethod
    def of_store(cls, store: SegmentStore, *, source_lang: str, lang: str) -> MemoryIndex:
        """The memory of ``source_lang`` into ``lang`` as the store holds it now."""
        approved = [e for e in store.approved_memory(lang) if e.source_lang == source_lang]
        return cls(approved, store.imported_memory(source_lang, lang))

    def __len__(self) -> int:
        """How many entries it holds."""
        return sum(len(found) for found in self._entries)

    def matches(self, source: str, *, exclude: str = "", limit: int = MAX_MATCHES) -> list[FuzzyMatch]:
        """The best matches for a tagged ``source``, best first (score, then the latest), one per distinct
        source and target; ``exclude`` is an origin left out (the segment's own approved translation)."""
        plain = strip_tags(source)
        found: list[FuzzyMatch] = []
        # One source more than asked for: the excluded origin may be the only entry of one.
        for _, score, index in process.extract(plain, self._sources, scorer=fuzz.ratio, limit=limit + 1,
                                               score_cutoff=MIN_SCORE):
            score = 100 if self._sources[index] == plain else min(int(score), 99)
            targets: set[str] = set()
            for origin, entry in self._entries[index]:
                if origin == exclude or entry.target in targets:
                    continue
                targets.add(entry.target)
                found.append(FuzzyMatch(score, entry.source, entry.target, origin, entry.changed,
                                        word_diff(editable(entry.source), editable(source))))
        found.sort(key=lambda m: (m.score, m.changed), reverse=True)
        return found[:limit]


class MemoryCache:
    """The :class:`MemoryIndex` of each language pair, read again only when the store's
    :meth:`~translate.store.SegmentStore.memory_version` moved; safe to share between threads (each with its
    own connection to the same store)."""

    def __init__(self) -> None:
        self._indexes: dict[tuple[str, str], tuple[str, MemoryIndex]] = {}
        self._lock = threading.Lock()

    def index(self, store: SegmentStore, *, source_lang: str, lang: str) -> MemoryIndex:
        # The version is read before the memory: an index may be newer than its version (read again next time),
        # never older.
        version = store.memory_version()
        with self._lock:
            cached = self._indexes.get((source_lang, lang))
        if cached is not None and cached[0] == version:
            return cached[1]
        index = MemoryIndex.of_store(store, source_lang=source_lang, lang=lang)
        with self._lock:
            self._indexes[(source_lang, lang)] = (version, index)
        return index
