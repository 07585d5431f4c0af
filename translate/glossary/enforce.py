"""Glossary enforcement around any engine: terms taken into the engine, or protected, then checked and repaired.

For each pair, the engine is first asked to take the glossary into itself (``Engine.with_glossary``:
Apertium compiles the terms into its dictionaries, so the sentence around a term keeps its grammar);
the concepts it renders itself are left to it. The others are enforced only where needed: each
segment is translated as it is, and where the output lacks a governed term's target term (the
preferred term or an accepted form, as often as the source has it), the segment is translated again
with those terms held in place: by a carrier, a name the engine knows of the term's gender, number and
initial sound (:mod:`translate.glossary.carriers`, English sources), or else by a placeholder the engine
passes through unchanged (``engine.placeholder``); each then becomes the target term
(:func:`~translate.glossary.grammar.target_for`:
acronym for acronym, spelled-out for spelled-out), cased like the source occurrence. Forbidden
target variants the engine wrote are repaired afterwards, also inside words the engine glued
together ("basadoenKiev"), and through a pivot the pivot language's forbidden variants too. Each
segment's result lists the terms applied, for the reviewer.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from translate.config import base_language
from translate.engines.base import Engine, Pair
from translate.glossary.carriers import Carrier, Carriers, find
from translate.glossary.grammar import target_for, term_grammar
from translate.glossary.match import matcher_for
from translate.inline import escape, strip_tags
from translate.model import AppliedTerm, Finding, Glossary, MTResult, Signature, TermMatch, TermStatus
from translate.qa.terms import PIVOT_FORBIDDEN, TERM_LOST, TERM_REPAIRED

_SENTENCE_START = re.compile(r"(?:^|[.!?:…]\s+|^[\"'“‘«¿¡(\[]+)$")


@dataclass(frozen=True, slots=True)
class _Slot:
    placeholder: str
    """What holds the term's place in the source: the engine's placeholder, or a carrier's source word."""
    concept_id: str
    source: str
    source_start: int
    target: str
    all_caps: bool
    carrier: Carrier | None = None

    def places(self, text: str) -> list[tuple[int, int]]:
        """Where the placeholder (or the carrier's spelling) came out in the engine's output."""
        if self.carrier is not None:
            return find(self.carrier, text)
        size = len(self.placeholder)
        return [(m.start(), m.start() + size) for m in re.finditer(re.escape(self.placeholder), text)]


def apply_case(term: str, surface: str, variant: str, *, sentence_start: bool) -> str:
    """``term`` cased like ``surface`` was relative to ``variant``: ALL CAPS, or a capital first letter."""
    if len(surface) > 1 and surface.isupper() and not variant.isupper():
        return term.upper()
    if term and (sentence_start or (surface[:1].isupper() and not variant[:1].isupper())):
        return term[0].upper() + term[1:]
    return term


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

    ``state_dir`` (the workspace's ``.translate/``) lets engines that can keep the terms in their own
    dictionaries do so (without it, every concept is enforced around the engine); ``notify`` hears
    their one-line notices. Where the wrapped engine ``capabilities.suppresses``, the glossary's
    forbidden target variants (and any ``suppress`` given) are kept out inside its decoder too.
    Safe to call from several threads.
    """

    name = "glossary"

    def __init__(self, engine: Engine, glossary: Glossary, *, state_dir: Path | None = None,
                 notify: Callable[[str], None] | None = None) -> None:
        self.engine = engine
        self.glossary = glossary
        self.capabilities = engine.capabilities
        self.state_dir = state_dir
        self.notify = notify
        self._handled: dict[Pair, tuple[Engine, frozenset[str]]] = {}
        self._capitalized: dict[Pair, tuple[tuple[str, str], ...]] = {}
        self._carriers: dict[Pair, Carriers] = {}
        self._lock = threading.Lock()

    def pairs(self) -> frozenset[Pair]:
        return self.engine.pairs()

    def signature(self, src: str, tgt: str) -> Signature:
        return replace(self.engine.signature(src, tgt), glossary=f"sha256:{self.glossary.digest[:12]}")

    def placeholder(self, index: int) -> str:
        return self.engine.placeholder(index)

    def pivot_language(self, src: str, tgt: str) -> str | None:
        return self.engine.pivot_language(src, tgt)

    def close(self) -> None:
        """The wrapped engine belongs to whoever made it."""

    def handled(self, src: str, tgt: str) -> frozenset[str]:
        """The concepts the wrapped engine renders itself for src -> tgt (taken in on first use)."""
        return self._with_terms(src, tgt)[1]

    def _with_terms(self, src: str, tgt: str) -> tuple[Engine, frozenset[str]]:
        """The engine that translates src -> tgt with the glossary taken in, and the concepts it renders."""
        with self._lock:
            if (src, tgt) not in self._handled:
                taken: tuple[Engine, frozenset[str]] = (self.engine, frozenset())
                if self.state_dir is not None and self.engine.capabilities.dictionaries:
                    taken = self.engine.with_glossary(self.glossary, src, tgt, state_dir=self.state_dir,
                                                      notify=self.notify)
                self._handled[(src, tgt)] = taken
            return self._handled[(src, tgt)]

    def translate_batch(
        self, texts: Sequence[str], *, src: str, tgt: str, suppress: Sequence[str] = ()
    ) -> list[MTResult]:
        engine, handled = self._with_terms(src, tgt)
        if self.engine.capabilities.suppresses:
            # The engine can keep forbidden variants out of its output inside the decoder.
            suppress = sorted({*self.forbidden_targets(src, tgt), *suppress})
        matches = [self._governed(text, src, tgt) for text in texts]
        outputs = engine.translate_batch(texts, src=src, tgt=tgt, suppress=suppress)
        # Enforce only where the engine did not write a governed term's target term by itself.
        redo = {i: missing for i, (output, found) in enumerate(zip(outputs, matches, strict=True))
                if (missing := self._missing(found, output.text, handled, src, tgt))}
        protected = {i: self._protect(texts[i], matches[i], redo[i], src, tgt, engine) for i in sorted(redo)}
        if protected:
            again = engine.translate_batch([text for text, _ in protected.values()], src=src, tgt=tgt,
                                           suppress=suppress)
            outputs = list(outputs)
            for i, output in zip(protected, again, strict=True):
                outputs[i] = output
        return [self._restore(output, found, protected[i][1] if i in protected else [], handled, src, tgt)
                for i, (output, found) in enumerate(zip(outputs, matches, strict=True))]

    def forbidden_targets(self, src: str, tgt: str) -> list[str]:
        """Every forbidden variant in the target language, for engines that can suppress them."""
        terms: set[str] = set()
        for concept in self.glossary.concepts:
            variants = concept.variants(tgt, source=src)
            if variants is not None:
                terms.update(variants.forbidden)
        return sorted(terms)

    def _governed(self, tagged: str, src: str, tgt: str) -> list[TermMatch]:
        """The source's governed terms that have a term in the target language."""
        return [match for match in matcher_for(self.glossary, src).find(tagged)
                if self.glossary.concept(match.concept_id).variants(tgt, source=src) is not None]

    def _missing(self, found: Sequence[TermMatch], output: str, handled: frozenset[str], src: str,
                 tgt: str) -> set[str]:
        """The concepts not left to the engine whose target term ``output`` lacks (fewer times than the source has it)."""
        wanted = Counter(match.concept_id for match in found if match.concept_id not in handled)
        if not wanted:
            return set()
        got = Counter(match.concept_id for match in matcher_for(self.glossary, tgt, source_lang=src).find(output)
                      if match.status is not TermStatus.FORBIDDEN)
        return {concept_id for concept_id, count in wanted.items() if got[concept_id] < count}

    def _protect(self, tagged: str, found: Sequence[TermMatch], concepts: set[str], src: str,
                 tgt: str, engine: Engine) -> tuple[str, list[_Slot]]:
        slots: list[_Slot] = []
        kept: list[TermMatch] = []
        carriers = self._carriers_for(src, tgt, engine)
        for match in found:
            if match.concept_id not in concepts:
                continue
            target = self._target_for(match, src, tgt)
            all_caps = len(match.text) > 1 and match.text.isupper() and not match.variant.isupper()
            carrier = None
            if carriers is not None:
                grammar = term_grammar(self.glossary.concept(match.concept_id), tgt, source=src)
                gender, number = (grammar.gender, grammar.number) if grammar is not None else (None, "sg")
                carrier = carriers.pick(gender, number, vowel=carriers.sounds_vowel(target, gender=gender),
                                        avoid=tagged, taken={slot.placeholder for slot in slots})
            if carrier is not None:
                placeholder = carrier.source.upper() if all_caps else carrier.source
            else:
                index = len(slots) + 1
                placeholder = self.engine.placeholder(index)
                while placeholder in tagged:
                    index += 1000
                    placeholder = self.engine.placeholder(index)
            slots.append(_Slot(placeholder, match.concept_id, match.text, match.start, target, all_caps, carrier))
            kept.append(match)
        return replace_matches(tagged, kept, [escape(slot.placeholder) for slot in slots]), slots

    def _carriers_for(self, src: str, tgt: str, engine: Engine) -> Carriers | None:
        """The carriers the engine writes as listed for src -> tgt (English sources only), tried once per pair."""
        if base_language(src) != "en":
            return None
        with self._lock:
            if (src, tgt) not in self._carriers:
                def translate(texts: list[str]) -> list[str]:
                    return [r.text for r in engine.translate_batch(texts, src=src, tgt=tgt)]

                self._carriers[(src, tgt)] = Carriers.load(tgt).usable(translate)
            return self._carriers[(src, tgt)]

    def _target_for(self, match: TermMatch, src: str, tgt: str) -> str:
        concept = self.glossary.concept(match.concept_id)
        given, wanted = concept.variants(src), concept.variants(tgt, source=src)
        assert given is not None and wanted is not None
        return target_for(given, wanted, match.variant)

    def _restore(self, output: MTResult, found: Sequence[TermMatch], slots: Sequence[_Slot],
                 handled: frozenset[str], src: str, tgt: str) -> MTResult:
        """Placeholders back to target terms, the terms the engine wrote recorded, forbidden variants repaired."""
        text = output.text
        findings = list(output.findings)
        edits: list[_Edit] = []
        carried = {word for slot in slots if slot.carrier for word in (slot.carrier.source, *slot.carrier.target)}
        if carried:  # the engine's word about a carrier ("did not know Ohio") is not about the text
            findings = [f for f in findings if f.text not in carried]
        for slot in slots:
            places = slot.places(text)
            if not places:
                findings.append(TERM_LOST.finding(
                    f"the engine dropped the protected term “{slot.source}” ({slot.concept_id})", text=slot.source,
                ))
                continue
            for at, end in places:
                start = _at_sentence_start(text, at)
                term = slot.target.upper() if slot.all_caps else apply_case(
                    slot.target, slot.target, slot.target, sentence_start=start
                )
                applied = AppliedTerm(slot.concept_id, "protected", slot.source, term, slot.source_start)
                edits.append(_Edit(at, end, escape(term), applied))
        written = [m for m in matcher_for(self.glossary, tgt, source_lang=src).find(text)]
        self._record_written(text, found, {slot.concept_id for slot in slots}, written, handled, edits)
        for match in written:
            if match.status is TermStatus.FORBIDDEN:
                edits.append(self._repair(text, match, tgt, src, findings))
        for match in self._glued(text, tgt, src):
            edits.append(self._repair(text, match, tgt, src, findings))
        via = self.engine.pivot_language(src, tgt)
        if via is not None:
            for match in matcher_for(self.glossary, via).find(text):
                if match.status is not TermStatus.FORBIDDEN:
                    continue
                if self.glossary.concept(match.concept_id).variants(tgt, source=src) is not None:
                    edits.append(self._repair(text, match, tgt, src, findings))
                else:
                    findings.append(PIVOT_FORBIDDEN.finding(
                        f"“{match.text}”, forbidden in {via} ({match.concept_id}), came through the {via} pivot; "
                        f"the glossary has no {tgt} term for it", text=match.text,
                    ))
        return _apply(text, edits, tuple(findings))

    def _record_written(self, text: str, found: Sequence[TermMatch], protected: set[str],
                        written: Sequence[TermMatch], handled: frozenset[str], edits: list[_Edit]) -> None:
        """Record each governed source term the engine rendered itself, at its target term's place."""
        places: dict[str, list[TermMatch]] = {}
        for match in written:
            if match.status is not TermStatus.FORBIDDEN:
                places.setdefault(match.concept_id, []).append(match)
        for match in found:
            if match.concept_id in protected or not places.get(match.concept_id):
                continue
            place = places[match.concept_id].pop(0)
            action = "dictionary" if match.concept_id in handled else "engine"
            written = _glossary_case(text, place)
            applied = AppliedTerm(match.concept_id, action, match.text, written, match.start)
            replacement = text[place.start : place.end] if written == place.text else escape(written)
            edits.append(_Edit(place.start, place.end, replacement, applied))

    def _repair(self, text: str, match: TermMatch, tgt: str, src: str, findings: list[Finding]) -> _Edit:
        variants = self.glossary.concept(match.concept_id).variants(tgt, source=src)
        assert variants is not None
        fixed = apply_case(variants.preferred, match.text, match.variant,
                           sentence_start=_at_sentence_start(text, match.start))
        findings.append(TERM_REPAIRED.finding(
            f"replaced the forbidden “{match.text}” by “{fixed}” ({match.concept_id})", text=match.text,
        ))
        return _Edit(match.start, match.end, escape(fixed), AppliedTerm(match.concept_id, "repaired", match.text, fixed))

    def _glued(self, text: str, tgt: str, src: str) -> list[TermMatch]:
        """Forbidden target variants glued to the word before them ("basadoenKiev"), which word matching misses."""
        found: list[TermMatch] = []
        key = (src, tgt)
        if key not in self._capitalized:
            self._capitalized[key] = capitalized_forbidden(self.glossary, tgt, src)
        for concept_id, variant in self._capitalized[key]:
            at = text.find(variant)
            while at > 0:
                end = at + len(variant)
                if text[at - 1].islower() and (end == len(text) or not text[end].isalnum()):
                    found.append(TermMatch(at, end, concept_id, variant, TermStatus.FORBIDDEN, variant))
                at = text.find(variant, at + 1)
        return found


def _glossary_case(text: str, place: TermMatch) -> str:
    """The term at ``place`` cased as the glossary writes it (engines copy a source word's capital onto the
    target's: "Els Tàtars de Crimea"), capitalized at a sentence start; ALL CAPS (a headline) stays."""
    written, variant = place.text, place.variant
    if written == variant or written.casefold() != variant.casefold() or (len(written) > 1 and written.isupper()):
        return written
    return apply_case(variant, variant, variant, sentence_start=_at_sentence_start(text, place.start))


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    replacement: str
    """Tagged text (escaped) that takes the place of ``start:end``."""
    applied: AppliedTerm


def _apply(text: str, edits: Sequence[_Edit], findings: tuple[Finding, ...]) -> MTResult:
    """``text`` with the edits made (overlapping ones after the first dropped) and each term's target place."""
    out: list[str] = []
    terms: list[AppliedTerm] = []
    pos = 0
    for edit in sorted(edits, key=lambda edit: (edit.start, edit.end)):
        if edit.start < pos:
            continue
        out.append(text[pos : edit.start])
        terms.append(replace(edit.applied, target_start=sum(map(len, out))))
        out.append(edit.replacement)
        pos = edit.end
    out.append(text[pos:])
    return MTResult("".join(out), findings, tuple(terms))


def capitalized_forbidden(glossary: Glossary, tgt: str, src: str) -> tuple[tuple[str, str], ...]:
    """(concept id, variant) for the target's forbidden variants that are one capitalized word, which glued
    words can hide."""
    found: list[tuple[str, str]] = []
    for concept in glossary.concepts:
        variants = concept.variants(tgt, source=src)
        if variants is not None:
            found += [(concept.id, v) for v in variants.forbidden if len(v) > 2 and v[0].isupper() and v.isalpha()]
    return tuple(found)
