"""Carriers: proper nouns that hold a protected term's place with the term's gender, number and initial sound.

A numeric placeholder has no gender and reads as a plural numeral, so the engine writes "El UE" and
"Els UE tenen". A carrier is an English proper noun the engine knows ("Bolivia"), of the same
gender, number and initial sound in the target language as the term: it stands in the source where
the term was, the engine writes the sentence around it as it would around the term ("La Bolivia ha
impuesto"), and its output spelling is then found (:func:`find`) and replaced by the term. It is
the fallback for engines that take no dictionaries and for terms lttoolbox cannot take.

The candidates per language are data, in ``data/carriers.toml``; :meth:`Carriers.usable` keeps
those a given engine really writes as listed.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from translate.config import base_language

FRAME = "The {source} has imposed new sanctions."
"""The sentence each candidate is tried in by :meth:`Carriers.usable`: the carrier as a subject with its article."""
GENDERS = ("m", "f", "n")
NUMBERS = ("sg", "pl")
INITIALS = ("vowel", "consonant")
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True, slots=True)
class Carrier:
    """What goes into the source (``source``) and the spellings the engine writes for it (``target``)."""

    source: str
    target: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CarrierClass:
    """The candidates of one gender, number and initial sound (``vowel``) in a language, and why they are that."""

    gender: str
    number: str
    vowel: bool
    why: str
    carriers: tuple[Carrier, ...]


@dataclass(frozen=True, slots=True)
class Carriers:
    """The carriers of one target language, by class; see :meth:`load`, :meth:`usable` and :meth:`pick`.

    ``elides``: the language's articles change before a vowel (fr/it/ca l'), so the initial sound must
    match; ``keep_feminine_before``: vowel initials before which the feminine article is kept (ca "la UE");
    ``silent_h``: an initial h is not heard, so the vowel after it decides (ca "l'Hongria").
    """

    lang: str
    elides: bool
    keep_feminine_before: tuple[str, ...]
    silent_h: bool
    classes: tuple[CarrierClass, ...]

    @classmethod
    def load(cls, lang: str) -> Carriers:
        """The shipped carriers of ``lang`` (its base language: pt-BR reads pt); none for a language without any."""
        entry: Mapping[str, Any] = _shipped().get(base_language(lang), {})
        classes = []
        for gender in GENDERS:
            for number in NUMBERS:
                for initial in INITIALS:
                    table = entry.get(f"{gender}-{number}-{initial}")
                    if table is None:
                        continue
                    carriers = tuple(Carrier(c["source"], tuple(c["target"])) for c in table["carriers"])
                    classes.append(CarrierClass(gender, number, initial == "vowel", table["why"], carriers))
        return cls(lang, elides=bool(entry.get("elides", False)),
                   keep_feminine_before=tuple(entry.get("keep_feminine_before", ())),
                   silent_h=bool(entry.get("silent_h", False)), classes=tuple(classes))

    def usable(self, translate: Callable[[list[str]], list[str]]) -> Carriers:
        """The carriers ``translate`` writes as listed: each candidate tried in :data:`FRAME`, in one batch.

        ``translate`` takes English texts and gives their translations into this language, in order
        (an engine's ``translate_batch`` texts). Callers cache the result per engine and pair.
        """
        candidates = list(dict.fromkeys(c for k in self.classes for c in k.carriers))
        if not candidates:
            return self
        frames = [FRAME.format(source=c.source) for c in candidates]
        outputs = dict(zip(candidates, translate(frames), strict=True))
        return replace(self, classes=tuple(
            replace(k, carriers=tuple(c for c in k.carriers if find(c, outputs[c]))) for k in self.classes))

    def sounds_vowel(self, term: str, *, gender: str | None) -> bool:
        """Whether ``term`` begins with a sound before which this language's article (of ``gender``) is elided.

        A vowel letter counts, accented or not, except where :attr:`keep_feminine_before` keeps the
        feminine article (Catalan "la UE", "la Indonèsia"); an accented letter is never kept before
        (Catalan "l'Índia": the vowel is stressed). Where :attr:`silent_h`, the letter after an initial
        h decides (Catalan "l'Hongria").
        """
        word = term.lstrip(" \"'«“‘(").lower()
        if gender == "f" and any(word.startswith(start) for start in self.keep_feminine_before):
            return False
        if self.silent_h and word.startswith("h"):
            word = word[1:]
        return _fold(word[:1]) in _VOWELS

    def pick(self, gender: str | None, number: str, *, vowel: bool, avoid: str,
             taken: Collection[str]) -> Carrier | None:
        """A carrier of ``gender``, ``number`` and initial sound ``vowel``, not in ``avoid`` and not ``taken``.

        ``vowel`` is what :meth:`sounds_vowel` says of the term. ``avoid`` is the segment's text: a
        candidate whose source or target spelling occurs in it (in any case, even inside a word:
        "Bolivian") is skipped, and so is one whose ``source`` is in ``taken`` (the carriers already
        placed in the segment). An unknown gender (None) takes the masculine, the unmarked gender of
        these languages. Where the language does not elide (:attr:`elides`), a carrier of the other
        initial serves when none of this one is left. None when no candidate fits: the
        caller then uses the engine's own placeholder.
        """
        wanted = "m" if gender is None else gender
        initials = (vowel,) if self.elides else (vowel, not vowel)
        for initial in initials:
            for klass in self.classes:
                if (klass.gender, klass.number, klass.vowel) != (wanted, number, initial):
                    continue
                for carrier in klass.carriers:
                    if carrier.source not in taken and not _occurs(carrier, avoid):
                        return carrier
        return None


def find(carrier: Carrier, output: str) -> list[tuple[int, int]]:
    """Where ``carrier`` came out in ``output``: (start, end) of each of its spellings, in order.

    A spelling is found as written or in capitals, as a word and also where Apertium glued it to
    its neighbours: after a lowercase letter ("basadoenBolivia", not "XBolivia") and before any
    letter (eng-cat's "Bolíviaha" for "Bolivia's"), so that no carrier is left in a translation. A
    longer word that begins with it ("Boliviano") cannot come from elsewhere: :meth:`Carriers.pick`
    never takes a carrier whose spelling is part of a word of the segment.
    """
    spans: list[tuple[int, int]] = []
    for match in _pattern(carrier.target).finditer(output):
        start, end = match.span()
        before = output[start - 1] if start else " "
        after = output[end] if end < len(output) else " "
        capital = match.group()[0].isupper()
        if (not before.isalpha() or (capital and before.islower())) and (not after.isalpha() or capital):
            spans.append((start, end))
    return spans


@functools.cache
def _pattern(spellings: tuple[str, ...]) -> re.Pattern[str]:
    """Any spelling, as written or in capitals, the longest first."""
    forms = sorted({form for s in spellings for form in (s, s.upper())}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, forms)))


def _occurs(carrier: Carrier, text: str) -> bool:
    """Whether the carrier's source or a target spelling is in ``text``, in any case, even inside a word."""
    folded = text.casefold()
    return any(word.casefold() in folded for word in (carrier.source, *carrier.target))


def _fold(text: str) -> str:
    """``text`` without accents: "Àustria" -> "Austria"."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


@functools.cache
def _shipped() -> dict[str, Any]:
    text = resources.files("translate").joinpath("data/carriers.toml").read_text("utf-8")
    return tomllib.loads(text)
