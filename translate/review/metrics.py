"""chrF and TER, as sacrebleu computes them, from statistics kept per (draft, final) pair.

sacrebleu's public API scores a whole corpus in one call. The effort report keeps each pair's
statistics in the store, so that `review status` over ten thousand approved segments computes only
the pairs it has not seen (a corpus score is a function of the summed statistics). Getting the
statistics means sacrebleu's statistics API, the methods its own ``corpus_score`` runs
(``_extract_corpus_statistics``, ``_compute_score_from_stats``), which it does not document: this
module is the one place that touches them, sacrebleu is pinned to the 2.x series they belong to, and
``tests/test_review_metrics.py`` checks that summed statistics give exactly the public
``corpus_score``, so an upgrade that changes them fails a test rather than a figure.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import sacrebleu
from sacrebleu.metrics import CHRF, TER

__all__ = ["VERSION", "chrf_score", "chrf_statistics", "ter_score", "ter_statistics"]

VERSION = f"sacrebleu {sacrebleu.__version__} chrF TER"
"""What the statistics depend on: a cache keyed on it is dropped when sacrebleu changes."""


@functools.cache
def _chrf() -> CHRF:
    return CHRF()


@functools.cache
def _ter() -> TER:
    return TER()


def chrf_statistics(drafts: Sequence[str], finals: Sequence[str]) -> list[tuple[int, ...]]:
    """chrF's character and word n-gram statistics of each (draft, final) pair, the final as reference."""
    return [tuple(stats) for stats in _chrf()._extract_corpus_statistics(list(drafts), [list(finals)])]


def chrf_score(summed: Sequence[int]) -> float:
    """The corpus chrF of pairs whose statistics, summed column by column, are ``summed``."""
    return float(_chrf()._compute_score_from_stats(list(summed)).score)


def ter_statistics(drafts: Sequence[str], finals: Sequence[str]) -> list[tuple[float, float]]:
    """TER's (edits, reference length) of each (draft, final) pair, the final as reference."""
    if not drafts:
        return []
    return [(float(edits), float(length))
            for edits, length in _ter()._extract_corpus_statistics(list(drafts), [list(finals)])]


def ter_score(edits: float, length: float) -> float:
    """The corpus TER of pairs with ``edits`` edits over references of ``length`` tokens in all."""
    return float(_ter()._compute_score_from_stats([edits, length]).score)
