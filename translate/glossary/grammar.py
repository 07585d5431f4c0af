"""What the glossary says about a term's grammar and its forms: gender, number, acronym and full form.

These answer questions about one concept in one language: enforcement (:func:`target_for`) and the
engines that compile terms read them to keep the sentence around a term grammatical.
"""

from __future__ import annotations

from dataclasses import dataclass

from translate.model import Concept, TermVariants

KIND_GENDER: dict[str, str] = {"organization": "f"}
"""The gender a concept's kind gives when its language entry declares none.

An organization is feminine: its head noun is in every target language with gender (es/gl/pt
organización/organización/organização, ca organització, fr organisation, it organizzazione, de
Organisation). People, places and common terms have no such rule (a person's gender is their own, a
city's depends on the language and the name), so they give None: unknown, to be declared in the
glossary or taken from the engine's analysis of the term."""
DEFAULT_NUMBER = "sg"
"""The number of a term whose entry declares none: names are singular; a plural one says ``number: pl``."""


@dataclass(frozen=True, slots=True)
class TermGrammar:
    """A term's gender (``m``, ``f``, ``n``, or None when unknown) and number (``sg``, ``pl``).

    ``declared`` says whether the glossary entry gave the gender (else it is the kind's default)."""

    gender: str | None
    number: str
    declared: bool


def term_grammar(concept: Concept, lang: str, *, source: str | None = None) -> TermGrammar | None:
    """The gender and number of ``concept``'s term in ``lang``: as declared, else the defaults of its kind.

    None if the concept has no term in ``lang``. ``source`` is the source language, which a
    do-not-translate concept takes its term from (its grammar stays the target language's own).
    See :data:`KIND_GENDER` and :data:`DEFAULT_NUMBER` for the defaults.
    """
    variants = concept.variants(lang, source=source)
    if variants is None:
        return None
    return TermGrammar(
        gender=variants.gender or KIND_GENDER.get(concept.kind),
        number=variants.number or DEFAULT_NUMBER,
        declared=variants.gender is not None,
    )


def is_acronym(term: str) -> bool:
    """An acronym or initialism as glossaries write them: one word of two or more capitals (EU, OTSC, ЄС)."""
    return len(term) > 1 and term.isupper() and not any(c.isspace() for c in term)


def target_for(src: TermVariants, tgt: TermVariants, surface: str) -> str:
    """The target term that renders the source term ``surface`` (one of ``src``'s terms as the glossary writes it).

    The source's declared ``acronym`` and ``full`` give the target's where it declares them; other
    terms take the target's term at the same place (preferred, then forms in order), except that an
    acronym takes the target's acronym where that term is spelled out (EU -> UE, not Unión Europea)
    and a spelled-out name the target's spelled-out form where that term is an acronym (Collective
    Security Treaty Organization -> Organización del Tratado de Seguridad Colectiva, not OTSC). A
    forbidden variant gets what the source's preferred term gets.
    """
    if surface in src.forbidden or surface not in (src.preferred, *src.forms):
        surface = src.preferred
    if src.acronym is not None and surface == src.acronym and tgt.acronym is not None:
        return tgt.acronym
    if src.full is not None and surface == src.full and tgt.full is not None:
        return tgt.full
    spellings = (tgt.preferred, *tgt.forms)
    n = (src.preferred, *src.forms).index(surface)
    term = spellings[n] if n < len(spellings) else spellings[0]
    if is_acronym(surface) and not is_acronym(term):
        return tgt.acronym or next((t for t in spellings if is_acronym(t)), term)
    if not is_acronym(surface) and is_acronym(term):
        return tgt.full or next((t for t in spellings if not is_acronym(t)), term)
    return term
