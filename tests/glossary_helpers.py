"""For the glossary tests: writing a glossary file, a small glossary, and concepts of every shape (hypothesis)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import strategies as st

from translate.glossary.controls import term_problem
from translate.model import Concept, Glossary, TermVariants


def write(folder: Path, name: str, text: str) -> Path:
    """``text`` as the file ``name`` of ``folder`` (made if missing): the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


SMALL = (
    Concept(
        "luhansk",
        (
            ("en", TermVariants("Luhansk", forbidden=("Lugansk",))),
            ("es", TermVariants("Luhansk", forbidden=("Lugansk",))),
            ("uk", TermVariants("Луганськ", ("Луганська", "Луганську", "Луганськом"), ("Луганск",))),
        ),
        kind="place",
        note='Ukrainian-based romanization; never the Russian-based "Lugansk".',
    ),
    Concept(
        "csto",
        (
            ("en", TermVariants("CSTO", ("Collective Security Treaty Organization",))),
            ("es", TermVariants("OTSC")),
        ),
        kind="organization",
    ),
    Concept("nato", (("en", TermVariants("NATO")),), translate=False),
    Concept(
        "odesa",
        (
            ("uk", TermVariants("Одеса")),
            ("en", TermVariants("Odesa", forbidden=("Odessa",), case_sensitive=False)),
            ("es", TermVariants("Odesa")),
        ),
        kind="place",
        ignore=("Odessa, Texas",),
        inflect=True,
    ),
    Concept("1st-army", (("en", TermVariants("1st Army")),), kind="organization"),
)
SMALL_GLOSSARY = Glossary(SMALL, "ab" * 32)

def comparable(concept: Concept) -> Concept:
    """The concept without its location, languages in code order (their order carries nothing)."""
    return dataclasses.replace(concept, path=None, line=None, terms=tuple(sorted(concept.terms, key=lambda t: t[0])))



TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"), min_size=1,
    max_size=12,
).filter(lambda s: s.strip() and term_problem(s) is None)  # what a glossary refuses in a term is not generated
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"), max_size=20)
LANGUAGES = st.sampled_from(["en", "es", "uk", "ru", "de", "pt-BR"])


@st.composite
def _variants(draw: st.DrawFn) -> TermVariants:
    """Terms with every key the glossary has: grammar, and an acronym and full form among the accepted terms."""
    preferred, forms = draw(TEXT), tuple(draw(st.lists(TEXT, max_size=3)))
    accepted = list(dict.fromkeys((preferred, *forms)))
    acronym = draw(st.one_of(st.none(), st.sampled_from(accepted)))
    full = draw(st.one_of(st.none(), st.sampled_from([term for term in accepted if term != acronym] or [None])))
    return TermVariants(
        preferred=preferred,
        forms=forms,
        forbidden=tuple(draw(st.lists(TEXT, max_size=3))),
        case_sensitive=draw(st.booleans()),
        gender=draw(st.sampled_from([None, "m", "f", "n"])),
        number=draw(st.sampled_from([None, "sg", "pl"])),
        acronym=acronym,
        full=full,
    )


VARIANTS = _variants()
# Concepts of every shape a glossary holds; kinds and notes of any text, notes that look like TBX settings too.
CONCEPTS = st.lists(
    st.builds(
        Concept,
        id=st.from_regex(r"[a-z0-9-]+", fullmatch=True),
        terms=st.dictionaries(LANGUAGES, VARIANTS, min_size=1, max_size=4).map(lambda d: tuple(d.items())),
        kind=st.one_of(st.sampled_from(["term", "place", "person"]), ANY_TEXT),
        note=st.one_of(ANY_TEXT, ANY_TEXT.map(lambda s: "translate-glossary: " + s)),
        ignore=st.lists(TEXT, max_size=2).map(tuple),
        translate=st.booleans(),
        inflect=st.booleans(),
    ),
    max_size=4,
    unique_by=lambda concept: concept.id,
)
