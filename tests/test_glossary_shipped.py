"""The glossary shipped in glossary/: house style (Lukashenka in every Latin-script language) and grammar declared."""

from __future__ import annotations

import pytest

from conftest import ROOT
from translate.glossary.grammar import target_for
from translate.glossary.load import check_glossary, load_glossary
from translate.model import Concept

GLOSSARY = load_glossary(ROOT / "glossary")
GENDERED_LATIN = ("es", "ca", "gl", "pt", "fr", "it", "de", "pl")
"""Latin-script target languages with grammatical gender (en and eo have none for these nouns)."""
LATIN = ("en", "eo", *GENDERED_LATIN)
RUSSIAN_BASED = ("Lukashenko", "Loukachenko", "Lukaschenko", "Lukaixenko", "Lukaxenko", "Lukaŝenko", "Łukaszenko")


def test_shipped_glossary_is_valid() -> None:
    assert check_glossary(ROOT / "glossary") == []


@pytest.mark.parametrize("concept", [pytest.param(c, id=c.id) for c in GLOSSARY.concepts if c.translate])
def test_every_concept_has_a_gender_in_each_gendered_latin_language(concept: Concept) -> None:
    missing = [lang for lang, variants in concept.terms if lang in GENDERED_LATIN and variants.gender is None]
    assert missing == []


@pytest.mark.parametrize("lang", LATIN)
def test_lukashenka_is_house_style_and_russian_based_forms_are_forbidden(lang: str) -> None:
    variants = GLOSSARY.concept("lukashenka").variants(lang)
    assert variants is not None
    assert variants.preferred == ("Łukaszenka" if lang == "pl" else "Lukashenka")
    own = [name for name in RUSSIAN_BASED if name in variants.forbidden]
    assert "Lukashenko" in variants.forbidden and own
    assert not any(name in (variants.preferred, *variants.forms) for name in RUSSIAN_BASED)


@pytest.mark.parametrize(
    ("concept_id", "lang", "gender", "number"),
    [
        pytest.param("european-union", "es", "f", None, id="eu-es-feminine"),
        pytest.param("european-union", "gl", "f", None, id="eu-gl-feminine"),
        pytest.param("european-union", "fr", "f", None, id="eu-fr-feminine"),
        pytest.param("kremlin", "es", "m", None, id="kremlin-masculine"),
        pytest.param("csto", "es", "f", None, id="la-otsc"),
        pytest.param("minsk-agreements", "es", "m", "pl", id="acuerdos-plural"),
    ],
)
def test_shipped_grammar_choices(concept_id: str, lang: str, gender: str, number: str | None) -> None:
    variants = GLOSSARY.concept(concept_id).variants(lang)
    assert variants is not None
    assert (variants.gender, variants.number) == (gender, number)


@pytest.mark.parametrize(
    ("concept_id", "lang", "preferred"),
    [
        pytest.param("kyiv", "gl", "Kíiv", id="kyiv-gl-rag"),
        pytest.param("kyiv", "ca", "Kíiv", id="kyiv-ca-iec"),
        pytest.param("kharkiv", "gl", "Khárkiv", id="kharkiv-gl-rag"),
        pytest.param("kherson", "gl", "Khersón", id="kherson-gl-rag"),
        pytest.param("kyiv", "es", "Kyiv", id="kyiv-es-house-style-over-fundeurae"),
    ],
)
def test_academy_forms(concept_id: str, lang: str, preferred: str) -> None:
    variants = GLOSSARY.concept(concept_id).variants(lang)
    assert variants is not None and variants.preferred == preferred


@pytest.mark.parametrize(
    ("concept_id", "matched", "target", "expected"),
    [
        pytest.param("csto", "CSTO", "es", "OTSC", id="csto-acronym"),
        pytest.param("csto", "Collective Security Treaty Organization", "es",
                     "Organización del Tratado de Seguridad Colectiva", id="csto-full"),
        pytest.param("csto", "Collective Security Treaty Organisation", "es",
                     "Organización del Tratado de Seguridad Colectiva", id="csto-other-spelling-spelled-out"),
        pytest.param("european-union", "EU", "gl", "UE", id="eu-acronym"),
        pytest.param("european-union", "European Union", "gl", "Unión Europea", id="eu-full"),
    ],
)
def test_shipped_acronyms_answer_each_other(concept_id: str, matched: str, target: str, expected: str) -> None:
    concept = GLOSSARY.concept(concept_id)
    given, wanted = concept.variants("en"), concept.variants(target, source="en")
    assert given is not None and wanted is not None
    assert target_for(given, wanted, matched) == expected
