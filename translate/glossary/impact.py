"""What a glossary change touches: every stored translation the current glossary finds fault with.

Drafts, reviewed and approved translations alike are checked, so a maintainer fixing a term finds
every translation (published ones included) that it affects, and can reopen them for review.
"""

from __future__ import annotations

from dataclasses import dataclass

from translate.errors import ReviewConflict
from translate.model import Finding, Glossary, SegmentState
from translate.qa import Checker, Stage
from translate.store import Change, Store


@dataclass(frozen=True, slots=True)
class Impact:
    """One stored translation that does not follow the current glossary."""

    slug: str
    segment_id: str
    lang: str
    state: SegmentState
    current: bool
    """Whether the segment is still in its article (else it only lives on as memory)."""
    source: str
    target: str
    findings: tuple[Finding, ...]
    revision: int
    """The translation's revision when it was checked: reopening it then is refused if it moved since."""

    @property
    def reopens(self) -> bool:
        """Whether :func:`reopen` moves it (one already in needs-review stays as it is)."""
        return self.state != SegmentState.NEEDS_REVIEW


def glossary_impact(store: Store, glossary: Glossary, *, langs: frozenset[str] | None = None) -> list[Impact]:
    """Every stored translation (in ``langs``, or all) with glossary findings under ``glossary``."""
    source_langs = store.source_languages()
    current = store.current_segments()
    impacts: list[Impact] = []
    checkers: dict[tuple[str, str], Checker] = {}
    for stored in store.all_translations():
        slug, segment, translation = stored.slug, stored.segment, stored.translation
        if langs is not None and translation.lang not in langs:
            continue
        pair = (source_langs[slug], translation.lang)
        check = checkers.get(pair)
        if check is None:
            check = checkers[pair] = Checker(Stage.GLOSSARY_IMPACT, glossary, src=pair[0], tgt=pair[1])
        findings = check(segment, translation.text)
        if findings:
            impacts.append(Impact(
                slug, segment.id, translation.lang, translation.state, (slug, segment.id) in current,
                segment.text, translation.text, tuple(findings), translation.revision,
            ))
    return impacts


def reopen(store: Store, impacts: list[Impact], *, actor: str) -> int:
    """Move the impacted translations back to needs-review in one transaction (all of them or none), the
    findings recorded as the reason and as their review findings; return how many moved.

    ReviewConflict, and nothing moved, if one of them changed since ``impacts`` were found.
    """
    changes = [
        Change(impact.slug, impact.segment_id, impact.lang, impact.target, SegmentState.NEEDS_REVIEW, impact.revision,
               "glossary change: " + "; ".join(f.message for f in impact.findings), impact.findings)
        for impact in impacts
        if impact.reopens
    ]
    try:
        store.apply_changes(changes, actor=actor, via="translate glossary impact --reopen")
    except ReviewConflict as error:
        raise ReviewConflict("a translation changed while the affected ones were reopened: nothing was reopened",
                             path=store.path, hint="run `translate glossary impact --reopen` again") from error
    return len(changes)
