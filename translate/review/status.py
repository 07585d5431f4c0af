"""Review progress and post-editing effort: states per article and language, chrF/TER per language."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass

from sacrebleu.metrics import CHRF, TER

from translate.inline import strip_tags
from translate.model import SegmentState
from translate.store import Store

STATES = tuple(SegmentState)


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
    """Post-editing effort per language over reviewed (edited or approved) current segments."""
    pairs: dict[str, list[tuple[str, str]]] = {}
    current = store.current_segments()
    for slug, segment, translation in store.all_translations():
        if (slug, segment.id) not in current:
            continue
        if (langs and translation.lang not in langs) or (slugs and slug not in slugs):
            continue
        if translation.state in (SegmentState.EDITED, SegmentState.APPROVED) and translation.mt_text:
            pairs.setdefault(translation.lang, []).append((strip_tags(translation.mt_text), strip_tags(translation.text)))
    results = []
    for lang, items in sorted(pairs.items()):
        drafts, finals = [d for d, _ in items], [f for _, f in items]
        results.append(Effort(
            lang=lang,
            segments=len(items),
            changed=sum(1 for d, f in items if d != f),
            chrf=CHRF().corpus_score(drafts, [finals]).score,
            ter=_ter(items),
            words_edited=sum(words_edited(d, f) for d, f in items),
            words=sum(len(f.split()) for f in finals),
        ))
    return results


def _ter(items: list[tuple[str, str]]) -> float:
    """Corpus TER (sacrebleu) of draft -> final, computed only over the pairs that differ.

    An untouched segment adds no edits, only its length in words (TER's tokens without
    normalization); sacrebleu's shift search over thousands of untouched segments is the slow part.
    """
    changed = [(draft, final) for draft, final in items if draft != final]
    edits, length = 0.0, float(sum(len(final.split()) for draft, final in items if draft == final))
    if changed:
        score = TER().corpus_score([draft for draft, _ in changed], [[final for _, final in changed]])
        edits, length = score.num_edits, length + score.ref_length
    return 100 * edits / length if length else 0.0
