"""Glossary checks: every governed source term has the preferred term or an accepted form in the target
(as many times as in the source), no forbidden variant appears anywhere in the target, and a
do-not-translate term is unchanged.

One pass over the glossary's matches finds all three (:data:`TERMS` runs it; ``term-forbidden`` and
``term-dnt-changed`` are its findings too, declared for their own severity). Glossary enforcement
(:mod:`translate.glossary.enforce`) reports ``term-lost`` and ``term-repaired`` on machine drafts;
:data:`SOURCE_FORBIDDEN` is a source that says what the glossary now forbids.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from translate.glossary.match import matcher_for
from translate.model import Finding, Glossary, Segment, Severity, TermStatus
from translate.qa.base import Check, Scope, SegmentCheck, Stage


class TermChecker:
    """The glossary findings of one glossary and language pair, its matchers looked up once (for many segments)."""

    def __init__(self, glossary: Glossary, *, src: str, tgt: str) -> None:
        self.glossary, self.src, self.tgt = glossary, src, tgt
        if glossary.concepts:
            self._source = matcher_for(glossary, src)
            self._target = matcher_for(glossary, tgt, source_lang=src)

    def __call__(self, source: str, target: str) -> list[Finding]:
        """Glossary findings for one segment (tagged source and target text)."""
        if not self.glossary.concepts:
            return []
        findings: list[Finding] = []
        expected: Counter[str] = Counter()
        surfaces: dict[str, str] = {}
        for match in self._source.find(source):
            if self.glossary.concept(match.concept_id).variants(self.tgt, source=self.src) is not None:
                expected[match.concept_id] += 1
                surfaces.setdefault(match.concept_id, match.text)
        found: Counter[str] = Counter()
        for match in self._target.find(target):
            if match.status is TermStatus.FORBIDDEN:
                findings.append(TERM_FORBIDDEN.finding(
                    f"forbidden variant “{match.text}” ({match.concept_id}) in the {self.tgt} text", text=match.text,
                ))
            else:
                found[match.concept_id] += 1
        for concept_id, count in sorted(expected.items()):
            if found[concept_id] >= count:
                continue
            concept = self.glossary.concept(concept_id)
            variants = concept.variants(self.tgt, source=self.src)
            assert variants is not None
            check = TERMS if concept.translate else TERM_DNT_CHANGED
            accepted = ", ".join(f"“{term}”" for term in (variants.preferred, *variants.forms))
            findings.append(check.finding(
                f"“{surfaces[concept_id]}” ({concept_id}) must come out as {accepted} in {self.tgt}: "
                f"found {found[concept_id]} of {count}",
                text=variants.preferred,
            ))
        return findings


def check_terms(source: str, target: str, glossary: Glossary, *, src: str, tgt: str) -> list[Finding]:
    """Glossary findings for one segment (tagged source and target text)."""
    return TermChecker(glossary, src=src, tgt=tgt)(source, target)


def _prepare_terms(scope: Scope) -> SegmentCheck:
    checker = TermChecker(scope.glossary, src=scope.src, tgt=scope.tgt)
    return lambda segment, target: checker(segment.text, target)


def _prepare_source(scope: Scope) -> SegmentCheck:
    if not scope.glossary.concepts:
        return lambda segment, target: ()
    matcher = matcher_for(scope.glossary, scope.src)

    def run(segment: Segment, target: str) -> Iterator[Finding]:
        for match in matcher.find(segment.text):
            if match.status is TermStatus.FORBIDDEN:
                yield SOURCE_FORBIDDEN.finding(f"the source says “{match.text}”, now forbidden ({match.concept_id})",
                                               segment_id=segment.id, lang=scope.src, text=match.text)

    return run


_TRANSLATION_STAGES = frozenset({Stage.MACHINE_DRAFT, Stage.REVIEW_IMPORT, Stage.APPROVAL, Stage.GLOSSARY_IMPACT})

TERMS = Check("term-missing", Severity.MAJOR, blocks=True, stages=_TRANSLATION_STAGES, prepare=_prepare_terms,
              glossary=True)
TERM_FORBIDDEN = Check("term-forbidden", Severity.CRITICAL, blocks=True, glossary=True)
TERM_DNT_CHANGED = Check("term-dnt-changed", Severity.MAJOR, blocks=True, glossary=True)
TERM_LOST = Check("term-lost", Severity.MAJOR, blocks=True, glossary=True)
"""The engine dropped a protected term's placeholder (reported by glossary enforcement)."""
TERM_REPAIRED = Check("term-repaired", Severity.MINOR, blocks=False)
"""A forbidden variant the engine wrote, replaced (reported by glossary enforcement): fixed, so no violation."""
PIVOT_FORBIDDEN = Check("pivot-forbidden", Severity.MAJOR, blocks=True, glossary=True)
"""A forbidden variant of the pivot language (es in en -> es -> pt) reached a target with no term of its own
for the concept (reported by glossary enforcement): nothing to repair it with, so the reviewer decides."""
SOURCE_FORBIDDEN = Check("source-forbidden", Severity.MINOR, blocks=False,
                         stages=frozenset({Stage.GLOSSARY_IMPACT}), prepare=_prepare_source)
"""The source says a forbidden variant. ``translate run`` replaces it before translation and says so (a
note on the source); the impact of a glossary change lists stored segments whose source now does. Minor,
and it does not block: it is about the source, which the translator does not own, and the translation
itself is checked by the term checks."""

CHECKS = (TERMS, TERM_FORBIDDEN, TERM_DNT_CHANGED, TERM_LOST, TERM_REPAIRED, PIVOT_FORBIDDEN, SOURCE_FORBIDDEN)
