"""Glossary enforcement around any engine: protect, translate, restore, repair.

Every source occurrence of a governed term (preferred, accepted form or forbidden variant) is
replaced by a placeholder the wrapped engine passes through unchanged (``engine.placeholder``),
the engine translates, then each placeholder becomes the concept's preferred term in the target
language (its acronym form where the source wrote an acronym: EU -> UE), cased like the source occurrence. Forbidden target variants the engine produced on its
own are repaired afterwards. Each segment's result lists the terms applied, for the reviewer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from translate.engines.base import Engine, Pair
from translate.glossary.match import matcher_for
from translate.inline import escape, strip_tags
from translate.model import AppliedTerm, Glossary, MTResult, Signature, TermMatch, TermStatus
from translate.model import TermVariants
from translate.qa.terms import TERM_LOST, TERM_REPAIRED

_SENTENCE_START = re.compile(r"(?:^|[.!?:…]\s+|^[\"'“‘«¿¡(\[]+)$")


@dataclass(frozen=True, slots=True)
class _Slot:
    placeholder: str
    concept_id: str
    source: str
    source_start: int
    target: str
    all_caps: bool


def apply_case(term: str, surface: str, variant: str, *, sentence_start: bool) -> str:
    """``term`` cased like ``surface`` was relative to ``variant``: ALL CAPS, or a capital first letter."""
    if len(surface) > 1 and surface.isupper() and not variant.isupper():
        return term.upper()
    if term and (sentence_start or (surface[:1].isupper() and not variant[:1].isupper())):
        return term[0].upper() + term[1:]
    return term


def is_acronym(term: str) -> bool:
    """An acronym or initialism as glossaries write them: one word of two or more capitals (EU, OTSC, ЄС)."""
    return len(term) > 1 and term.isupper() and not any(c.isspace() for c in term)


def target_term(variants: TermVariants, source_variant: str) -> str:
    """The target term for a source occurrence of ``source_variant``: the preferred term, except that an
    acronym in the source gives the target's acronym form where its preferred term is spelled out
    (EU -> UE rather than Unión Europea), as a translator would write it."""
    if is_acronym(source_variant) and not is_acronym(variants.preferred):
        return next((form for form in variants.forms if is_acronym(form)), variants.preferred)
    return variants.preferred


def _at_sentence_start(tagged: str, index: int) -> bool:
    return bool(_SENTENCE_START.search(strip_tags(tagged[:index])))


def replace_matches(tagged: str, matches: Sequence[TermMatch], targets: Sequence[str]) -> str:
    """``tagged`` with each match's span replaced by the corresponding (already escaped) target."""
    out: list[str] = []
    pos = 0
    for match, target in zip(matches, targets, strict=True):
        out.append(tagged[pos : match.start])
        out.append(target)
        pos = match.end
    out.append(tagged[pos:])
    return "".join(out)


def normalize_source(tagged: str, glossary: Glossary, lang: str) -> tuple[str, list[AppliedTerm]]:
    """Replace forbidden variants in a source segment by the preferred term; say what changed."""
    matcher = matcher_for(glossary, lang)
    forbidden = [m for m in matcher.find(tagged) if m.status is TermStatus.FORBIDDEN]
    if not forbidden:
        return tagged, []
    targets: list[str] = []
    applied: list[AppliedTerm] = []
    for match in forbidden:
        variants = glossary.concept(match.concept_id).variants(lang)
        assert variants is not None
        fixed = apply_case(variants.preferred, match.text, match.variant, sentence_start=False)
        targets.append(escape(fixed))
        applied.append(AppliedTerm(match.concept_id, "normalized", match.text, fixed, match.start))
    return replace_matches(tagged, forbidden, targets), applied


class GlossaryEnforced(Engine):
    """An engine whose output follows the glossary, whatever the wrapped engine would do.

    Where the wrapped engine ``capabilities.suppresses``, the glossary's forbidden target variants
    (and any ``suppress`` given) are kept out inside its decoder too.
    """

    name = "glossary"

    def __init__(self, engine: Engine, glossary: Glossary, *, state_dir: Path | None = None,
                 notify: Callable[[str], None] | None = None) -> None:
        self.engine = engine
        self.glossary = glossary
        self.capabilities = engine.capabilities
        self.state_dir = state_dir
        self.notify = notify

    def pairs(self) -> frozenset[Pair]:
        return self.engine.pairs()

    def signature(self, src: str, tgt: str) -> Signature:
        return replace(self.engine.signature(src, tgt), glossary=f"sha256:{self.glossary.digest[:12]}")

    def placeholder(self, index: int) -> str:
        return self.engine.placeholder(index)

    def close(self) -> None:
        """The wrapped engine belongs to whoever made it."""

    def translate_batch(
        self, texts: Sequence[str], *, src: str, tgt: str, suppress: Sequence[str] = ()
    ) -> list[MTResult]:
        protected = [self._protect(text, src, tgt) for text in texts]
        inputs = [text for text, _ in protected]
        if self.engine.capabilities.suppresses:
            # The engine can keep forbidden variants out of its output inside the decoder.
            suppress = sorted({*self.forbidden_targets(src, tgt), *suppress})
        outputs = self.engine.translate_batch(inputs, src=src, tgt=tgt, suppress=suppress)
        return [self._restore(out, slots, src, tgt) for out, (_, slots) in zip(outputs, protected, strict=True)]

    def forbidden_targets(self, src: str, tgt: str) -> list[str]:
        """Every forbidden variant in the target language, for engines that can suppress them."""
        terms: set[str] = set()
        for concept in self.glossary.concepts:
            variants = concept.variants(tgt, source=src)
            if variants is not None:
                terms.update(variants.forbidden)
        return sorted(terms)

    def _protect(self, tagged: str, src: str, tgt: str) -> tuple[str, list[_Slot]]:
        slots: list[_Slot] = []
        kept: list[TermMatch] = []
        for match in matcher_for(self.glossary, src).find(tagged):
            variants = self.glossary.concept(match.concept_id).variants(tgt, source=src)
            if variants is None:
                continue  # no term in the target language: the engine translates it
            index = len(slots) + 1
            placeholder = self.engine.placeholder(index)
            while placeholder in tagged:
                index += 1000
                placeholder = self.engine.placeholder(index)
            all_caps = len(match.text) > 1 and match.text.isupper() and not match.variant.isupper()
            target = target_term(variants, match.variant)
            slots.append(_Slot(placeholder, match.concept_id, match.text, match.start, target, all_caps))
            kept.append(match)
        return replace_matches(tagged, kept, [slot.placeholder for slot in slots]), slots

    def _restore(self, output: MTResult, slots: list[_Slot], src: str, tgt: str) -> MTResult:
        """Placeholders back to target terms, forbidden variants repaired, in one pass over the text."""
        text = output.text
        findings = list(output.findings)
        edits: list[tuple[int, int, str, AppliedTerm]] = []
        for slot in slots:
            at = text.find(slot.placeholder)
            if at < 0:
                findings.append(TERM_LOST.finding(
                    f"the engine dropped the protected term “{slot.source}” ({slot.concept_id})", text=slot.source,
                ))
                continue
            while at >= 0:
                start = _at_sentence_start(text, at)
                term = slot.target.upper() if slot.all_caps else apply_case(
                    slot.target, slot.target, slot.target, sentence_start=start
                )
                applied = AppliedTerm(slot.concept_id, "protected", slot.source, term, slot.source_start)
                edits.append((at, at + len(slot.placeholder), term, applied))
                at = text.find(slot.placeholder, at + 1)
        for match in matcher_for(self.glossary, tgt, source_lang=src).find(text):
            if match.status is not TermStatus.FORBIDDEN:
                continue
            variants = self.glossary.concept(match.concept_id).variants(tgt, source=src)
            assert variants is not None
            fixed = apply_case(variants.preferred, match.text, match.variant,
                               sentence_start=_at_sentence_start(text, match.start))
            edits.append((match.start, match.end, fixed, AppliedTerm(match.concept_id, "repaired", match.text, fixed)))
            findings.append(TERM_REPAIRED.finding(
                f"replaced the forbidden “{match.text}” by “{fixed}” ({match.concept_id})", text=match.text,
            ))
        out: list[str] = []
        terms: list[AppliedTerm] = []
        pos = 0
        for start, end, term, applied in sorted(edits, key=lambda edit: edit[0]):
            out.append(text[pos:start])
            terms.append(replace(applied, target_start=sum(map(len, out))))
            out.append(escape(term))
            pos = end
        out.append(text[pos:])
        return MTResult("".join(out), tuple(findings), tuple(terms))
