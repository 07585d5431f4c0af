"""translate.qa.agreement: the determiner right before a glossary term agrees with its gender and number."""

from __future__ import annotations

from pathlib import Path

import pytest

from engines_memory import MemoryEngine
from translate.config import Workspace
from translate.model import Concept, Glossary, Segment, Severity, TermVariants
from translate.pipeline import execute_run, plan_run
from translate.qa import Checker, Stage, needs_review, registry
from translate.store import Store
from translate.qa.agreement import (
    TERM_AGREEMENT,
    Agreement,
    GovernedTerm,
    agreement,
    check_agreement,
    governed_terms,
    languages,
)
from translate.qa.base import Scope


def _term(text: str, term: str, gender: str | None, number: str = "sg") -> GovernedTerm:
    start = text.rindex(term)
    return GovernedTerm(start, start + len(term), term, "c", gender, number)


def _agrees(text: str, lang: str, term: str, gender: str | None, number: str = "sg") -> tuple[str | None, bool | None]:
    [result] = check_agreement(text, lang, [_term(text, term, gender, number)])
    return result.determiner, result.agrees


@pytest.mark.parametrize(
    ("lang", "text", "term", "gender", "number", "expected"),
    [
        pytest.param("es", "La UE ha impuesto", "UE", "f", "sg", ("La", True), id="es-la-feminine"),
        pytest.param("es", "El UE ha impuesto", "UE", "f", "sg", ("El", False), id="es-el-feminine-wrong"),
        pytest.param("es", "los ministros de la UE", "UE", "f", "sg", ("de la", True), id="es-de-la"),
        pytest.param("es", "el portavoz del Kremlin", "Kremlin", "m", "sg", ("del", True), id="es-del"),
        pytest.param("es", "se unió al Kremlin", "Kremlin", "m", "sg", ("al", True), id="es-al"),
        pytest.param("es", "se dirigió a la OTAN", "OTAN", "f", "sg", ("a la", True), id="es-a-la"),
        pytest.param("es", "Los acuerdos de Minsk", "acuerdos de Minsk", "m", "pl", ("Los", True), id="es-plural"),
        pytest.param("es", "El acuerdos de Minsk", "acuerdos de Minsk", "m", "pl", ("El", False),
                     id="es-singular-before-plural-wrong"),
        pytest.param("es", "un Kremlin nuevo", "Kremlin", "m", "sg", ("un", True), id="es-un"),
        pytest.param("es", "una OTAN fuerte", "OTAN", "f", "sg", ("una", True), id="es-una"),
        pytest.param("es", "de  la UE", "UE", "f", "sg", ("de  la", True), id="es-two-spaces"),
        pytest.param("ca", "La UE ha imposat", "UE", "f", "sg", ("La", True), id="ca-la-before-weak-u"),
        pytest.param("ca", "Els UE tenen", "UE", "f", "sg", ("Els", False), id="ca-els-wrong"),
        pytest.param("ca", "L'OTAN ha dit", "OTAN", "f", "sg", ("L'", True), id="ca-elided-feminine"),
        pytest.param("ca", "la OTAN ha dit", "OTAN", "f", "sg", ("la", False), id="ca-la-before-o-wrong"),
        pytest.param("ca", "L'Holodomor", "Holodomor", "m", "sg", ("L'", True), id="ca-elided-before-h"),
        pytest.param("ca", "el Holodomor", "Holodomor", "m", "sg", ("el", False), id="ca-el-before-h-wrong"),
        pytest.param("ca", "el portaveu del Kremlin", "Kremlin", "m", "sg", ("del", True), id="ca-del"),
        pytest.param("ca", "la seu de l'OSCE", "OSCE", "f", "sg", ("de l'", True), id="ca-de-l"),
        pytest.param("gl", "A UE impuxo", "UE", "f", "sg", ("A", True), id="gl-a-feminine"),
        pytest.param("gl", "O UE impuxo", "UE", "f", "sg", ("O", False), id="gl-o-feminine-wrong"),
        pytest.param("gl", "os ministros da UE", "UE", "f", "sg", ("da", True), id="gl-da"),
        pytest.param("gl", "enviou observadores á OSCE", "OSCE", "f", "sg", ("á", True), id="gl-contraction-a"),
        pytest.param("gl", "viaxou a Kíiv", "Kíiv", "m", "sg", ("a", None), id="gl-preposition-not-counted"),
        pytest.param("pt", "o porta-voz do Kremlin", "Kremlin", "m", "sg", ("do", True), id="pt-do"),
        pytest.param("pt", "observadores à OSCE", "OSCE", "f", "sg", ("à", True), id="pt-crase"),
        pytest.param("pt", "um Kremlin", "Kremlin", "m", "sg", ("um", True), id="pt-um"),
        pytest.param("fr", "L'UE a imposé", "UE", "f", "sg", ("L'", True), id="fr-elided"),
        pytest.param("fr", "L’UE a imposé", "UE", "f", "sg", ("L’", True), id="fr-curly-apostrophe"),
        pytest.param("fr", "La UE a imposé", "UE", "f", "sg", ("La", False), id="fr-la-before-vowel-wrong"),
        pytest.param("fr", "Le UE a imposé", "UE", "f", "sg", ("Le", False), id="fr-le-wrong"),
        pytest.param("fr", "le porte-parole du Kremlin", "Kremlin", "m", "sg", ("du", True), id="fr-du"),
        pytest.param("fr", "les ministres de l'UE", "UE", "f", "sg", ("de l'", True), id="fr-de-l"),
        pytest.param("fr", "le Holodomor", "Holodomor", "m", "sg", ("le", True), id="fr-h-either-le"),
        pytest.param("fr", "l'Holodomor", "Holodomor", "m", "sg", ("l'", True), id="fr-h-either-elided"),
        pytest.param("it", "L'UE ha imposto", "UE", "f", "sg", ("L'", True), id="it-elided"),
        pytest.param("it", "Il UE ha imposto", "UE", "f", "sg", ("Il", False), id="it-il-wrong"),
        pytest.param("it", "il portavoce del Cremlino", "Cremlino", "m", "sg", ("del", True), id="it-del"),
        pytest.param("it", "i ministri dell'UE", "UE", "f", "sg", ("dell'", True), id="it-dell"),
        pytest.param("it", "la NATO", "NATO", "f", "sg", ("la", True), id="it-la"),
        pytest.param("it", "lo Stato", "Stato", "m", "sg", ("lo", True), id="it-lo-before-s-consonant"),
        pytest.param("it", "il Stato", "Stato", "m", "sg", ("il", False), id="it-il-before-s-consonant-wrong"),
        pytest.param("it", "gli accordi di Minsk", "accordi di Minsk", "m", "pl", ("gli", True), id="it-gli"),
        pytest.param("it", "un'OTSC", "OTSC", "f", "sg", ("un'", True), id="it-un-elided"),
        pytest.param("es", "visitó Kyiv", "Kyiv", "m", "sg", (None, None), id="no-determiner-no-error"),
        pytest.param("es", "la isla UE", "UE", "f", "sg", (None, None), id="determiner-not-right-before"),
        pytest.param("es", "Isla UE", "UE", "f", "sg", (None, None), id="form-inside-a-word-is-none"),
        pytest.param("es", "la Telegram", "Telegram", None, "sg", ("la", None), id="unknown-gender-not-judged"),
    ],
)
def test_check_agreement(lang: str, text: str, term: str, gender: str | None, number: str,
                         expected: tuple[str | None, bool | None]) -> None:
    assert _agrees(text, lang, term, gender, number) == expected


def test_unknown_language_says_nothing() -> None:
    assert check_agreement("die EU", "de", [_term("die EU", "EU", "f")]) == []
    assert languages() == {"es", "ca", "gl", "pt", "fr", "it"}


def test_regional_tag_uses_the_language() -> None:
    assert _agrees("El UE", "es-MX", "UE", "f") == ("El", False)


EU = Concept("european-union", (
    ("en", TermVariants("European Union", ("EU",))),
    ("es", TermVariants("Unión Europea", ("UE",), ("Eurozona",), gender="f")),
    ("fr", TermVariants("Union européenne", ("UE",), gender="f")),
), kind="organization")
KREMLIN = Concept("kremlin", (("en", TermVariants("Kremlin")), ("es", TermVariants("Kremlin", gender="m"))),
                  kind="organization")
SANDU = Concept("sandu", (("en", TermVariants("Sandu")), ("es", TermVariants("Sandu"))), kind="person")
GLOSSARY = Glossary((EU, KREMLIN, SANDU), "agreement-test")


def test_governed_terms_carry_the_glossary_grammar() -> None:
    text = "El Kremlin y la UE; la Eurozona y Sandu."
    assert governed_terms(GLOSSARY, text, "es") == [
        GovernedTerm(3, 10, "Kremlin", "kremlin", "m", "sg"),
        GovernedTerm(16, 18, "UE", "european-union", "f", "sg"),
        GovernedTerm(34, 39, "Sandu", "sandu", None, "sg"),
    ]


def test_agreement_reads_the_terms_from_the_glossary() -> None:
    assert agreement(GLOSSARY, "El UE y la Kremlin, con Sandu.", "es") == [
        Agreement("UE", 3, "european-union", "El", False),
        Agreement("Kremlin", 11, "kremlin", "la", False),
        Agreement("Sandu", 24, "sandu", None, None),
    ]


@pytest.mark.parametrize(
    ("target", "messages"),
    [
        pytest.param("L'UE a imposé des sanctions.", [], id="agrees-no-finding"),
        pytest.param("La UE a imposé des sanctions.",
                     ["“La” does not agree with “UE” (european-union, feminine singular in fr)"], id="elision-finding"),
    ],
)
def test_as_a_check(target: str, messages: list[str]) -> None:
    run = TERM_AGREEMENT.prepare(Scope(GLOSSARY, "en", "fr")) if TERM_AGREEMENT.prepare else None
    assert run is not None
    findings = list(run(Segment("s1", 0, "The EU has imposed sanctions."), target))
    assert [finding.message for finding in findings] == messages
    assert all(finding.check == "term-agreement" and finding.text == "UE" for finding in findings)


@pytest.mark.parametrize("stage", [
    pytest.param(Stage.MACHINE_DRAFT, id="machine-draft"),
    pytest.param(Stage.REVIEW_IMPORT, id="review-import"),
])
def test_registered_as_a_warning_of_drafts_and_imports(stage: Stage) -> None:
    assert TERM_AGREEMENT in registry.CHECKS
    assert (TERM_AGREEMENT.severity, TERM_AGREEMENT.blocks) == (Severity.MINOR, False)
    findings = Checker(stage, GLOSSARY, src="en", tgt="es")(Segment("s1", 0, "The EU imposed."), "El UE impuso.")
    assert [(f.check, f.message) for f in findings if f.check == "term-agreement"] == [
        ("term-agreement", "“El” does not agree with “UE” (european-union, feminine singular in es)")]
    assert not needs_review(findings)


@pytest.mark.parametrize(
    ("lang", "text", "term", "gender", "expected"),
    [
        pytest.param("it", "tramite il Dnipro della città", "Dnipro", "f", ("il", None), id="it-the-river"),
        pytest.param("it", "edifici di governo nel Donetsk", "Donetsk", "f", ("nel", None), id="it-the-region"),
        pytest.param("it", "il Zaporizhzhia pianta", "Zaporizhzhia", "f", ("il", None), id="it-a-noun-after-it"),
        pytest.param("it", "la Bielorussia", "Bielorussia", "f", ("la", True), id="it-agreeing-still-judged"),
    ],
)
def test_a_disagreement_before_a_place_is_not_counted(lang: str, text: str, term: str, gender: str,
                                                      expected: tuple[str, bool | None]) -> None:
    start = text.rindex(term)
    [result] = check_agreement(text, lang, [GovernedTerm(start, start + len(term), term, "c", gender, "sg",
                                                         place=True)])
    assert (result.determiner, result.agrees) == expected


def test_governed_terms_say_which_are_places() -> None:
    kyiv = Concept("kyiv", (("en", TermVariants("Kyiv")), ("it", TermVariants("Kyiv", gender="f"))), kind="place")
    [found] = governed_terms(Glossary((kyiv,), "places"), "il Kyiv di confine", "it")
    assert found.place and found.gender == "f"
    assert agreement(Glossary((kyiv,), "places"), "il Kyiv di confine", "it") == [
        Agreement("Kyiv", 3, "kyiv", "il", None)]


_GLOSSARY_FILE = """\
terms:
  - id: european-union
    kind: organization
    en: {preferred: European Union, forms: [EU]}
    es: {preferred: Unión Europea, forms: [UE], gender: f}
"""


def test_a_run_flags_a_determiner_that_does_not_agree(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.glossary_dir.mkdir(parents=True)
    (workspace.glossary_dir / "organizations.yaml").write_text(_GLOSSARY_FILE, encoding="utf-8")
    source = tmp_path / "eu.md"
    source.write_text("---\ntitle: Sanctions\n---\nThe EU imposed sanctions.\n", encoding="utf-8")
    memory = MemoryEngine({("en", "es"): {"the": "el", "imposed": "impuso", "sanctions": "sanciones",
                                          "eu": "UE"}})
    execute_run(plan_run(workspace, [source], targets=("es",), engines=[memory]))
    with Store.open(workspace.store_path) as store:
        found = [(f.check, f.message) for f in store.findings("eu", "es") if f.check == "term-agreement"]
    assert found == [("term-agreement", "“El” does not agree with “UE” (european-union, feminine singular in es)")]


def test_forbidden_variants_are_judged_only_when_asked() -> None:
    """An output the glossary did not govern is judged on the forbidden variants too (the same concept)."""
    assert agreement(GLOSSARY, "El Eurozona", "es") == []
    assert agreement(GLOSSARY, "El Eurozona", "es", forbidden=True) == [
        Agreement("Eurozona", 3, "european-union", "El", False)]
