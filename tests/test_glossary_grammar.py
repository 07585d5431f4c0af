"""translate.glossary.grammar: a term's declared or default gender and number, and the form that answers a source form."""

from __future__ import annotations

import pytest

from translate.glossary.grammar import TermGrammar, target_for, term_grammar
from translate.model import Concept, TermVariants

FULL_EN, FULL_ES = "Collective Security Treaty Organization", "Organización del Tratado de Seguridad Colectiva"
CSTO = Concept("csto", (
    ("en", TermVariants("CSTO", (FULL_EN, "Tashkent Treaty"), ("ODKB",), acronym="CSTO", full=FULL_EN)),
    ("es", TermVariants("OTSC", (FULL_ES,), acronym="OTSC", full=FULL_ES, gender="f")),
    ("fr", TermVariants("OTSC", ("Organisation du traité de sécurité collective",))),
    ("de", TermVariants("OVKS", ("Organisation des Vertrags über kollektive Sicherheit",), acronym="OVKS")),
), kind="organization")
EU = Concept("eu", (("en", TermVariants("European Union", ("EU",))), ("es", TermVariants("Unión Europea", ("UE",)))),
             kind="organization")
KREMLIN = Concept("kremlin", (("en", TermVariants("Kremlin")), ("es", TermVariants("Kremlin", gender="m")),
                              ("de", TermVariants("Kreml", gender="m")), ("it", TermVariants("Cremlino"))), kind="place")
NETHERLANDS = Concept("netherlands", (("en", TermVariants("Netherlands")),
                                      ("es", TermVariants("Países Bajos", gender="m", number="pl"))), kind="place")
NATO = Concept("nato", (("en", TermVariants("NATO")), ("es", TermVariants("NATO", gender="f"))), kind="organization",
               translate=False)
SANDU = Concept("sandu", (("en", TermVariants("Sandu")), ("es", TermVariants("Sandu"))), kind="person")


@pytest.mark.parametrize(
    ("concept", "lang", "expected"),
    [
        pytest.param(CSTO, "es", TermGrammar("f", "sg", True), id="declared"),
        pytest.param(CSTO, "fr", TermGrammar("f", "sg", False), id="organization-default-feminine"),
        pytest.param(KREMLIN, "de", TermGrammar("m", "sg", True), id="declared-masculine"),
        pytest.param(KREMLIN, "it", TermGrammar(None, "sg", False), id="place-without-gender-unknown"),
        pytest.param(NETHERLANDS, "es", TermGrammar("m", "pl", True), id="declared-plural"),
        pytest.param(SANDU, "es", TermGrammar(None, "sg", False), id="person-unknown"),
        pytest.param(KREMLIN, "es-MX", TermGrammar("m", "sg", True), id="region-falls-back-to-language"),
    ],
)
def test_term_grammar(concept: Concept, lang: str, expected: TermGrammar) -> None:
    assert term_grammar(concept, lang) == expected


def test_term_grammar_of_a_missing_language_is_none() -> None:
    assert term_grammar(KREMLIN, "pl") is None


def test_do_not_translate_term_keeps_the_target_language_s_grammar() -> None:
    assert term_grammar(NATO, "es", source="en") == TermGrammar("f", "sg", True)


EN_EU = TermVariants("European Union", ("EU",))
EN_CSTO = TermVariants("CSTO", (FULL_EN, "Collective Security Treaty Organisation"))


@pytest.mark.parametrize(("src", "tgt", "surface", "expected"), [
    pytest.param(EN_EU, TermVariants("Unión Europea", ("UE",)), "EU", "UE", id="acronym-gives-acronym-form"),
    pytest.param(EN_EU, TermVariants("Unión Europea", ("UE",)), "European Union", "Unión Europea", id="full-by-place"),
    pytest.param(EN_EU, TermVariants("Unión Europea"), "EU", "Unión Europea", id="no-target-acronym"),
    pytest.param(EN_CSTO, TermVariants("OTSC", (FULL_ES,)), FULL_EN, FULL_ES, id="spelled-out-gives-spelled-out"),
    pytest.param(EN_CSTO, TermVariants("OTSC", (FULL_ES,)), "Collective Security Treaty Organisation", FULL_ES,
                 id="other-spelling-gives-spelled-out"),
    pytest.param(EN_CSTO, TermVariants("OTSC", (FULL_ES,)), "CSTO", "OTSC", id="acronym-by-place"),
    pytest.param(TermVariants("CSTO", (FULL_EN,), acronym="CSTO", full=FULL_EN),
                 TermVariants(FULL_ES, ("OTSC",), acronym="OTSC", full=FULL_ES), "CSTO", "OTSC", id="declared-acronym"),
    pytest.param(EN_EU, TermVariants("Європейський Союз", ("Європейського Союзу", "ЄС")), "EU", "ЄС",
                 id="acronym-among-case-forms"),
    pytest.param(TermVariants("Kyiv", ("K",)), TermVariants("Kyiv"), "K", "Kyiv", id="one-capital-is-no-acronym"),
    pytest.param(TermVariants("Kyiv", forbidden=("Kiev",)), TermVariants("Kíiv"), "Kiev", "Kíiv",
                 id="forbidden-gives-preferred"),
])
def test_target_for(src: TermVariants, tgt: TermVariants, surface: str, expected: str) -> None:
    assert target_for(src, tgt, surface) == expected
