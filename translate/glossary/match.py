"""Find glossary terms in text with one Aho-Corasick automaton, whatever the glossary's size.

Matching is on whole words with Unicode boundaries: the characters either side of a match are
neither alphanumeric (``str.isalnum``) nor combining marks, so ``Kyivstar`` holds no ``Kyiv`` but
``Kyiv's``, ``Kyiv’s``, ``Lugansk-based``, ``(Kyiv)`` and ``KYIV:`` do. Tagged text works as is:
``<``, ``>``, ``&`` and ``;`` are word boundaries like any punctuation, and no match spans a tag.

How the boundaries stay cheap: the automaton runs over a *folded* copy of the text, in which every
word character is lowercased (length-preserving) and every other character becomes a space, padded
with a space at each end; every key is its variant folded the same way between two spaces. A hit
therefore always sits between word boundaries, so the number of hits grows with the occurrences
of terms, not with the number of terms. Each hit is then checked against the exact (lowercased)
variant and its case rules.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from translate.model import Glossary, TermMatch, TermStatus, TermVariants

_SPACE = " "
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _is_word_char(char: str) -> bool:
    """Whether ``char`` belongs to a word: alphanumeric or a combining mark."""
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _lower_char(char: str) -> str:
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char


def _upper_char(char: str) -> str:
    raised = char.upper()
    return raised if len(raised) == 1 else char


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds each character on first sight and remembers it."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _lower_char(char) if _is_word_char(char) else _SPACE
        self[code] = folded
        return folded


class _LowerTable(dict[int, str]):
    """``str.translate`` table for the length-preserving lowercase, filled on demand."""

    def __missing__(self, code: int) -> str:
        lowered = _lower_char(chr(code))
        self[code] = lowered
        return lowered


@functools.cache
def _fold_table() -> _FoldTable:
    return _FoldTable()


@functools.cache
def _lower_table() -> _LowerTable:
    return _LowerTable()


@functools.cache
def _ascii_fold_bytes() -> bytes:
    return bytes(code if chr(code).isalnum() else ord(_SPACE) for code in range(256))


def lower(text: str) -> str:
    """``text`` lowercased character by character, keeping its length (``İ`` stays ``İ``)."""
    if text.isascii():
        return text.lower()
    return text.translate(_lower_table())


def _fold_ascii(text: str) -> str:
    return text.lower().encode("ascii").translate(_ascii_fold_bytes()).decode("ascii")


def fold(text: str) -> str:
    """``text`` with word characters lowercased and every other character replaced by a space."""
    if text.isascii():
        return _fold_ascii(text)
    # str.translate is slow on non-ASCII text (a dict look-up per character), so text that is
    # mostly ASCII (English with curly quotes) folds its ASCII stretches as bytes instead.
    if (len(text.encode("utf-8", "surrogatepass")) - len(text)) * 64 > len(text):
        return text.translate(_fold_table())
    pieces: list[str] = []
    done = 0
    for run in _NON_ASCII.finditer(text):
        pieces += (_fold_ascii(text[done : run.start()]), run.group().translate(_fold_table()))
        done = run.end()
    pieces.append(_fold_ascii(text[done:]))
    return "".join(pieces)


def _capitalized(variant: str) -> str:
    return _upper_char(variant[0]) + variant[1:] if variant else variant


@dataclass(frozen=True, slots=True)
class _Entry:
    """One indexed variant: what a hit on its key may be, and how to confirm it."""

    order: tuple[int, int, int]
    concept_id: str
    status: TermStatus
    variant: str
    lowered: str
    accepted: frozenset[str] | None
    """Surfaces a case-sensitive variant accepts; None where any casing will do."""

    def accepts(self, surface: str) -> bool:
        if self.accepted is None:
            return lower(surface) == self.lowered
        return surface in self.accepted


@dataclass(frozen=True, slots=True)
class _Ignore:
    """An ignore context of a concept: occurrences of ``lowered`` shield that concept's matches."""

    concept: int
    lowered: str


def _variant_entries(concept: int, concept_id: str, terms: TermVariants) -> Iterable[_Entry]:
    listed = [(TermStatus.PREFERRED, terms.preferred)]
    listed += [(TermStatus.FORM, form) for form in terms.forms]
    listed += [(TermStatus.FORBIDDEN, variant) for variant in terms.forbidden]
    for position, (status, variant) in enumerate(listed):
        accepted = None
        if terms.case_sensitive:
            accepted = frozenset({variant, "".join(map(_upper_char, variant)), _capitalized(variant)})
        # Same span, several entries: accepted terms beat forbidden ones, then definition order.
        order = (int(status is TermStatus.FORBIDDEN), concept, position)
        yield _Entry(order, concept_id, status, variant, lower(variant), accepted)


class Matcher:
    """All terms of a glossary in one language, indexed once; ``find`` costs time in the text only.

    ``source_lang`` is the language the glossary's do-not-translate concepts are written in: for
    those, the source's term is looked for whatever ``lang`` is. Variants and ignore phrases with
    no letter or digit at all (``"—"``) are never matched.
    """

    def __init__(self, glossary: Glossary, lang: str, *, source_lang: str | None = None) -> None:
        keys: dict[str, list[_Entry | _Ignore]] = {}
        for index, concept in enumerate(glossary.concepts):
            terms = concept.variants(lang, source=source_lang)
            if terms is None:
                continue
            for entry in _variant_entries(index, concept.id, terms):
                if _has_word(entry.variant):
                    keys.setdefault(_key(entry.variant), []).append(entry)
            for phrase in concept.ignore:
                if _has_word(phrase):
                    keys.setdefault(_key(phrase), []).append(_Ignore(index, lower(phrase)))
        self.lang = lang
        self.source_lang = source_lang
        self._automaton: ahocorasick.Automaton | None = None
        if keys:
            automaton = ahocorasick.Automaton()
            for key, entries in keys.items():
                entries.sort(key=lambda item: item.order if isinstance(item, _Entry) else (2, item.concept, 0))
                automaton.add_word(key, (len(key), tuple(entries)))
            automaton.make_automaton()
            self._automaton = automaton

    def find(self, text: str) -> list[TermMatch]:
        """The glossary terms in ``text``: non-overlapping, leftmost-longest, sorted by start."""
        if self._automaton is None or not text:
            return []
        candidates: list[tuple[int, int, tuple[int, int, int], _Entry]] = []
        shields: dict[int, list[tuple[int, int]]] = {}
        for last, (length, entries) in self._automaton.iter(_SPACE + fold(text) + _SPACE):
            # The key spans padded[last - length + 1 : last + 1], a space at each end.
            start, end = last - length + 1, last - 1
            surface = text[start:end]
            if "<" in surface or ">" in surface:
                continue
            for item in entries:
                if isinstance(item, _Ignore):
                    if lower(surface) == item.lowered:
                        shields.setdefault(item.concept, []).append((start, end))
                elif item.accepts(surface):
                    candidates.append((start, end, item.order, item))
        if shields:
            candidates = [c for c in candidates if not _shielded(c[0], c[1], shields.get(c[2][1], ()))]
        candidates.sort(key=lambda c: (c[0], -c[1], c[2]))
        matches: list[TermMatch] = []
        reached = 0
        for start, end, _, entry in candidates:
            if start >= reached:
                matches.append(TermMatch(start, end, entry.concept_id, text[start:end], entry.status, entry.variant))
                reached = end
        return matches


def _has_word(phrase: str) -> bool:
    # A phrase of punctuation only would be a key of spaces, hit at every word boundary.
    return bool(fold(phrase).strip())


def _key(phrase: str) -> str:
    return _SPACE + fold(phrase) + _SPACE


def _shielded(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(outer_start <= start and end <= outer_end for outer_start, outer_end in spans)


class _ByDigest:
    """Cache key for a glossary: equal when the digests are, so the concepts are never hashed."""

    __slots__ = ("glossary",)

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary

    def __hash__(self) -> int:
        return hash(self.glossary.digest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ByDigest) and other.glossary.digest == self.glossary.digest


@functools.lru_cache(maxsize=32)
def _cached_matcher(glossary: _ByDigest, lang: str, source_lang: str | None) -> Matcher:
    return Matcher(glossary.glossary, lang, source_lang=source_lang)


def matcher_for(glossary: Glossary, lang: str, *, source_lang: str | None = None) -> Matcher:
    """A Matcher for ``glossary`` in ``lang``, built once per (digest, lang, source_lang) and reused.

    Glossaries with the same ``digest`` share a Matcher, so the digest must identify the content.
    """
    return _cached_matcher(_ByDigest(glossary), lang, source_lang)


def scan(glossary: Glossary, text: str, lang: str) -> list[TermMatch]:
    """The glossary terms in ``text``, for one-off use (builds a fresh Matcher each call)."""
    return Matcher(glossary, lang).find(text)
