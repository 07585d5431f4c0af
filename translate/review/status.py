"""Review progress and post-editing effort: states per article and language, chrF/TER per language."""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TypeVar

from translate.errors import StoreError
from translate.inline import strip_tags
from translate.model import SegmentState
from translate.review import metrics
from translate.store import Store

STATES = tuple(SegmentState)
K = TypeVar("K")
logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StateCounts:
    slug: str
    lang: str
    counts: dict[SegmentState, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Effort:
    """How much translators changed the machine drafts of one language (edited and approved segments).

    ``chrf`` is chrF between MT draft and final text (100: untouched); ``ter`` the translation edit
    rate (0: untouched); ``words_edited`` the words inserted, deleted or replaced.
    """

    lang: str
    segments: int
    changed: int
    chrf: float
    ter: float
    words_edited: int
    words: int


def state_counts(store: Store, *, langs: Collection[str] = (), slugs: Collection[str] = ()) -> list[StateCounts]:
    return [
        StateCounts(slug, lang, counts)
        for (slug, lang), counts in store.state_counts().items()
        if (not langs or lang in langs) and (not slugs or slug in slugs)
    ]


def words_edited(draft: str, final: str) -> int:
    """Words inserted, deleted or replaced between two texts."""
    a, b = draft.split(), final.split()
    edited = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op != "equal":
            edited += max(i2 - i1, j2 - j1)
    return edited


def effort(store: Store, *, langs: Collection[str] = (), slugs: Collection[str] = ()) -> list[Effort]:
    """Post-editing effort per language over reviewed (edited or approved) current segments.

    Corpus chrF and TER are sums of per-segment statistics; those of each (draft, final) pair are
    cached in the store, so only pairs reviewed since the last call cost anything (sacrebleu takes
    about half a millisecond a pair). A call over every language and article also drops the
    statistics of pairs that are no longer current.
    """
    by_lang: dict[str, list[tuple[str, str]]] = {}
    for (_slug, lang), items in _reviewed_pairs(store, langs, slugs).items():
        by_lang.setdefault(lang, []).extend(items)
    figures = _efforts(store, {lang: (lang, items) for lang, items in by_lang.items()}, prune=not langs and not slugs)
    return [figures[lang] for lang in sorted(figures)]


def article_effort(store: Store, *, langs: Collection[str] = (), slugs: Collection[str] = ()
                   ) -> dict[tuple[str, str], Effort]:
    """Post-editing effort per (article, language), as :func:`effort` figures it per language, in one read."""
    pairs = _reviewed_pairs(store, langs, slugs)
    return _efforts(store, {key: (key[1], items) for key, items in pairs.items()}, prune=False)


def _reviewed_pairs(store: Store, langs: Collection[str], slugs: Collection[str]
                    ) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(MT draft, final text) of every reviewed current segment, by (article, language)."""
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    current = store.current_segments()
    for stored in store.all_translations():
        slug, segment, translation = stored.slug, stored.segment, stored.translation
        if (slug, segment.id) not in current:
            continue
        if (langs and translation.lang not in langs) or (slugs and slug not in slugs):
            continue
        if translation.state in (SegmentState.EDITED, SegmentState.APPROVED) and translation.mt_text:
            pairs.setdefault((slug, translation.lang), []).append(
                (strip_tags(translation.mt_text), strip_tags(translation.text)))
    return pairs


def _efforts(store: Store, groups: dict[K, tuple[str, list[tuple[str, str]]]], *, prune: bool) -> dict[K, Effort]:
    """The effort of each group of (draft, final) pairs (``groups``: key to language and pairs)."""
    stats = _pair_statistics(store, {pair for _, items in groups.values() for pair in items}, prune=prune)
    results = {}
    for key, (lang, items) in groups.items():
        chrf = [sum(column) for column in zip(*(stats[pair].chrf for pair in items), strict=True)]
        ter_edits, ter_length = sum(stats[p].ter_edits for p in items), sum(stats[p].ter_length for p in items)
        results[key] = Effort(
            lang=lang,
            segments=len(items),
            changed=sum(1 for d, f in items if d != f),
            chrf=metrics.chrf_score(chrf),
            ter=metrics.ter_score(ter_edits, ter_length),
            words_edited=sum(stats[pair].words_edited for pair in items),
            words=sum(len(f.split()) for _, f in items),
        )
    return results


@dataclass(frozen=True, slots=True)
class PairStatistics:
    """What one (draft, final) pair adds to the corpus scores: chrF's n-gram statistics, TER's edits and
    reference length (TER's tokens, no normalization), and the words edited."""

    chrf: tuple[int, ...]
    ter_edits: float
    ter_length: float
    words_edited: int


def pair_statistics(items: Sequence[tuple[str, str]]) -> list[PairStatistics]:
    """The statistics of each (draft, final) pair, computed by sacrebleu (its own per-segment statistics,
    which its corpus scores sum). An untouched pair adds no TER edits, only its length: sacrebleu's
    shift search is skipped for it."""
    if not items:
        return []
    drafts, finals = [d for d, _ in items], [f for _, f in items]
    chrf = metrics.chrf_statistics(drafts, finals)
    changed = [i for i, (d, f) in enumerate(items) if d != f]
    ter = dict(zip(changed, metrics.ter_statistics([drafts[i] for i in changed], [finals[i] for i in changed]),
                   strict=True))
    return [
        PairStatistics(tuple(chrf[i]), *(ter[i] if i in ter else (0.0, float(len(final.split())))),
                       words_edited(draft, final))
        for i, (draft, final) in enumerate(items)
    ]


def _pair_statistics(
    store: Store, pairs: set[tuple[str, str]], *, prune: bool
) -> dict[tuple[str, str], PairStatistics]:
    """Every pair's statistics, from the store's cache where it has them; the others computed and cached."""
    keys = {pair: _pair_key(pair) for pair in pairs}
    cached = store.effort_stats(list(keys.values()))
    found = {pair: _from_json(cached[key]) for pair, key in keys.items() if key in cached}
    missing = sorted(pairs - found.keys())
    computed = dict(zip(missing, pair_statistics(missing), strict=True))
    if computed or (prune and len(cached) < store.effort_stats_count()):
        try:
            store.save_effort_stats({keys[pair]: _to_json(stat) for pair, stat in computed.items()},
                                    keep=set(keys.values()) if prune else None)
        except StoreError as busy:  # a cache: the figures are right without it
            logger.info("effort statistics not cached: %s", busy.message)
    return found | computed


def _pair_key(pair: tuple[str, str]) -> str:
    """The cache key of a pair: its texts and the metrics' versions (an upgrade may change the statistics)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{metrics.VERSION} words\0{pair[0]}\0{pair[1]}".encode())
    return digest.hexdigest()


def _to_json(stat: PairStatistics) -> str:
    return json.dumps([list(stat.chrf), stat.ter_edits, stat.ter_length, stat.words_edited], separators=(",", ":"))


def _from_json(text: str) -> PairStatistics:
    chrf, ter_edits, ter_length, edited = json.loads(text)
    return PairStatistics(tuple(chrf), ter_edits, ter_length, edited)
