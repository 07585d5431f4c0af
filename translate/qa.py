"""Quality checks on a translated segment; each returns findings (data), never raises.

Edit checks (on what a translator typed): numbers kept, not left untranslated, tags intact.
Glossary checks: every governed source term has the preferred term or an accepted form in the
target (as many times as in the source), no forbidden variant appears anywhere in the target,
and a do-not-translate term is unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from translate.glossary.match import matcher_for
from translate.inline import TagError, strip_tags, tagged_to_runs
from translate.model import Finding, Glossary, Mark, Severity, TermStatus

GLOSSARY_CHECKS = frozenset({"term-missing", "term-forbidden", "term-dnt-changed", "term-lost"})
EDIT_CHECKS = frozenset({"numbers", "untranslated", "tags"})
_NUMBER = re.compile(r"\d+(?:[.,\u202f\u00a0 ]\d+)*")
_NOT_DIGIT = re.compile(r"\D")
_WORD = re.compile(r"\w+")
BLOCKING = frozenset({Severity.CRITICAL, Severity.MAJOR})


def check_terms(source: str, target: str, glossary: Glossary, *, src: str, tgt: str) -> list[Finding]:
    """Glossary findings for one segment (tagged source and target text)."""
    return TermChecker(glossary, src=src, tgt=tgt)(source, target)


class TermChecker:
    """:func:`check_terms` for one glossary and language pair, its matchers looked up once (for many segments)."""

    def __init__(self, glossary: Glossary, *, src: str, tgt: str) -> None:
        self.glossary, self.src, self.tgt = glossary, src, tgt
        if glossary.concepts:
            self._source = matcher_for(glossary, src)
            self._target = matcher_for(glossary, tgt, source_lang=src)

    def __call__(self, source: str, target: str) -> list[Finding]:
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
                findings.append(Finding(
                    "term-forbidden", Severity.CRITICAL,
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
            check = "term-missing" if concept.translate else "term-dnt-changed"
            accepted = ", ".join(f"“{term}”" for term in (variants.preferred, *variants.forms))
            findings.append(Finding(
                check, Severity.MAJOR,
                f"“{surfaces[concept_id]}” ({concept_id}) must come out as {accepted} in {self.tgt}: "
                f"found {found[concept_id]} of {count}",
                text=variants.preferred,
            ))
        return findings


def check_edit(source: str, target: str, marks: Sequence[Mark]) -> list[Finding]:
    """Checks on a human edit: the same numbers, not left untranslated, tags that still pair up."""
    findings: list[Finding] = []
    if "<" in target:  # tagged text escapes every other "<"; without one it has no tags to get wrong
        try:
            tagged_to_runs(target, marks)
        except TagError as error:
            findings.append(Finding("tags", Severity.MAJOR, f"inline tags: {error}"))
    plain_source, plain_target = strip_tags(source), strip_tags(target)
    source_numbers = _numbers(plain_source)
    if source_numbers:
        target_numbers = _numbers(plain_target)
        missing = Counter(source_numbers) - Counter(target_numbers) if source_numbers != target_numbers else None
        if missing:
            findings.append(Finding(
                "numbers", Severity.MAJOR,
                f"number(s) of the source missing in the translation: {', '.join(sorted(missing))}",
            ))
    if plain_source.strip() == plain_target.strip() and sum(
        1 for word in _WORD.findall(plain_source) if not word.isdigit()
    ) >= 4:
        findings.append(Finding("untranslated", Severity.MAJOR, "the translation is the source text, untranslated"))
    return findings


def _numbers(text: str) -> list[str]:
    """Numbers with their separators removed, so 1,000 and 1.000 and 1 000 compare equal."""
    return [n if n.isdigit() else _NOT_DIGIT.sub("", n) for n in _NUMBER.findall(text)]


def needs_review(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    """Whether findings must hold a segment back for a reviewer."""
    return any(f.check in GLOSSARY_CHECKS | EDIT_CHECKS and f.severity in BLOCKING for f in findings)
