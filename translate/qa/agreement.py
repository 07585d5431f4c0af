"""Agreement around glossary terms: does the determiner right before a term agree with its gender and number?

For each governed term in a target text (its gender and number as the glossary gives them:
:func:`~translate.glossary.grammar.term_grammar`), the article or article contraction right before it
is read (es el/la/los/las, del/de la, al/a la, un/una; fr le/la/l'/les, du/de la/de l', au/à la,
un/une; and so on for ca, gl, pt and it, listed in ``data/determiners.toml``) and checked against the
term: gender, number, and the elision the language requires before a vowel or h ("la UE" in French
is wrong, "l'UE" right; "la UE" in Catalan is right, as i and u do not elide a feminine article).

A term with no determiner before it is not an error (names often take none), nor is a term whose
gender the glossary does not give, nor a disagreement with a form that is also another word (the
Galician and Portuguese preposition "a"), nor one before a place's name: a city's name is also its
region's, its river's, or qualifies a noun after it, so the article may be theirs ("il Dnipro", the
river; "nel Donetsk", the region; "il Zaporizhzhia [centrale]"), while the glossary's gender of a
city is that of the words agreeing with the city itself (Italian "la città"). Results are data,
never exceptions.

:data:`TERM_AGREEMENT` is this as a QA check on machine drafts and imported edits.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from translate.config import base_language
from translate.glossary.grammar import term_grammar
from translate.glossary.match import matcher_for
from translate.model import Finding, Glossary, Segment, Severity, TermStatus
from translate.qa.base import Check, Scope, SegmentCheck, Stage

_WINDOW = 24
"""Characters before a term searched for its determiner (the longest form, "de l'", is far shorter)."""
_APOSTROPHES = "'’"
_GENDERS = {"m": "masculine", "f": "feminine", "n": "neuter"}
_NUMBERS = {"sg": "singular", "pl": "plural"}
PLACE = "place"
"""The kind of concept whose terms are places' names (see :attr:`GovernedTerm.place`)."""


@dataclass(frozen=True, slots=True)
class GovernedTerm:
    """A glossary term found in a target text, ``text[start:end]``, with the grammar the glossary gives it;
    ``place``: it names a place (a disagreeing determiner before it is not counted)."""

    start: int
    end: int
    text: str
    concept_id: str
    gender: str | None
    number: str
    place: bool = False


@dataclass(frozen=True, slots=True)
class Agreement:
    """The determiner before one term and whether it agrees.

    ``determiner`` is as written in the text (``"La"``, ``"l’"``), None when the term has none;
    ``agrees`` is None where there is nothing to judge (no determiner, a gender the glossary does not
    give, or a form that is also another word)."""

    term: str
    start: int
    concept_id: str
    determiner: str | None
    agrees: bool | None


@dataclass(frozen=True, slots=True)
class _Reading:
    gender: str
    number: str
    sounds: tuple[tuple[re.Pattern[str], bool], ...]
    """Each sound the term must (True) or must not (False) begin with."""

    def holds(self, term: GovernedTerm) -> bool:
        if (term.gender, term.number) != (self.gender, self.number):
            return False
        return all(bool(pattern.match(term.text)) is wanted for pattern, wanted in self.sounds)


@dataclass(frozen=True, slots=True)
class _Language:
    determiners: dict[str, tuple[_Reading, ...]]
    """Each form, lowercased with ' for any apostrophe, and its readings."""
    also: frozenset[str]
    pattern: re.Pattern[str]
    """Any form at the end of the text before a term (a space after it unless it is elided)."""


def _form_pattern(form: str) -> str:
    words = [re.escape(word).replace("'", f"[{_APOSTROPHES}]") for word in form.split()]
    return r"\s+".join(words) + ("" if form.endswith("'") else r"\s+")


def _language(table: dict[str, Any]) -> _Language:
    sounds = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in table.get("sounds", {}).items()}
    determiners: dict[str, tuple[_Reading, ...]] = {}
    for form, readings in table["determiners"].items():
        parsed = []
        for reading in readings:
            gender, number, *conditions = reading.split()
            parsed.append(_Reading(gender, number, tuple(
                (sounds[condition.lstrip("!")], not condition.startswith("!")) for condition in conditions
            )))
        determiners[form] = tuple(parsed)
    forms = "|".join(_form_pattern(form) for form in sorted(determiners, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)({forms})\Z", re.IGNORECASE)
    return _Language(determiners, frozenset(table.get("also", ())), pattern)


@functools.cache
def _languages() -> dict[str, _Language]:
    text = resources.files("translate").joinpath("data/determiners.toml").read_text("utf-8")
    return {lang: _language(table) for lang, table in tomllib.loads(text).items()}


def languages() -> frozenset[str]:
    """The languages whose determiners are known (the check says nothing in others)."""
    return frozenset(_languages())


def governed_terms(glossary: Glossary, text: str, lang: str, *, source_lang: str | None = None,
                   forbidden: bool = False) -> list[GovernedTerm]:
    """The glossary's terms in the target ``text`` (preferred terms and accepted forms; with ``forbidden``,
    forbidden variants too, which name the same thing: to judge an output the glossary did not govern),
    each with its gender and number in ``lang`` (``source_lang``: the source, for do-not-translate concepts)."""
    found: list[GovernedTerm] = []
    for match in matcher_for(glossary, lang, source_lang=source_lang).find(text):
        if match.status is TermStatus.FORBIDDEN and not forbidden:
            continue
        concept = glossary.concept(match.concept_id)
        grammar = term_grammar(concept, lang, source=source_lang)
        if grammar is not None:
            found.append(GovernedTerm(match.start, match.end, match.text, match.concept_id,
                                      grammar.gender, grammar.number, concept.kind == PLACE))
    return found


def check_agreement(text: str, lang: str, terms: Sequence[GovernedTerm]) -> list[Agreement]:
    """For each of ``terms`` (found in ``text``), the determiner right before it and whether it agrees.

    An empty list in a language with no determiner data (see :func:`languages`)."""
    language = _languages().get(base_language(lang))
    if language is None:
        return []
    results: list[Agreement] = []
    for term in terms:
        before = text[max(0, term.start - _WINDOW):term.start]
        found = language.pattern.search(before)
        if found is None:
            results.append(Agreement(term.text, term.start, term.concept_id, None, None))
            continue
        written = found.group(1).rstrip()
        form = " ".join(written.lower().split()).translate({ord("’"): "'"})
        agrees: bool | None = any(reading.holds(term) for reading in language.determiners[form])
        if term.gender is None or (not agrees and (form in language.also or term.place)):
            agrees = None
        results.append(Agreement(term.text, term.start, term.concept_id, written, agrees))
    return results


def agreement(glossary: Glossary, text: str, lang: str, *, source_lang: str | None = None,
              forbidden: bool = False) -> list[Agreement]:
    """:func:`check_agreement` on the glossary's terms in ``text`` (:func:`governed_terms`)."""
    return check_agreement(text, lang, governed_terms(glossary, text, lang, source_lang=source_lang,
                                                      forbidden=forbidden))


def _describe(term: GovernedTerm) -> str:
    return " ".join(filter(None, (_GENDERS.get(term.gender or ""), _NUMBERS.get(term.number))))


def _prepare(scope: Scope) -> SegmentCheck:
    def run(segment: Segment, target: str) -> Iterator[Finding]:
        terms = governed_terms(scope.glossary, target, scope.tgt, source_lang=scope.src)
        grammar = {term.start: term for term in terms}
        for result in check_agreement(target, scope.tgt, terms):
            if result.agrees is False:
                term = grammar[result.start]
                yield TERM_AGREEMENT.finding(
                    f"“{result.determiner}” does not agree with “{result.term}” ({result.concept_id}, "
                    f"{_describe(term)} in {scope.tgt})",
                    text=result.term,
                )

    return run


TERM_AGREEMENT = Check(
    "term-agreement", Severity.MINOR, blocks=False,
    stages=frozenset({Stage.MACHINE_DRAFT, Stage.REVIEW_IMPORT}), prepare=_prepare,
)
"""A determiner that does not agree with the glossary term after it ("El UE"); minor, never blocking."""

CHECKS = (TERM_AGREEMENT,)
