"""translate.qa.glued: words Apertium ran together, found with the target language's own analyser.

The drafts are this project's demo output (``translate run`` of examples/ to es,ca,gl,pt,fr,it).
"""

from __future__ import annotations

import pytest

from conftest import requires_apertium
from translate.analysers import Analysers, installed
from translate.model import Glossary, Segment, Severity
from translate.qa import Checker, Stage, needs_review, registry, skipped
from translate.qa.base import Scope
from translate.qa.glued import GLUED_WORD, glued_words, prepare, unavailable

pytestmark = requires_apertium

_EMPTY = Glossary((), "")
_FACT_FINDING = "The bloc sent a fact-finding mission rather than troops."
_PROVISIONS = ("In September 2022, Azerbaijani forces struck targets inside Armenia's internationally recognized "
               "territory, and Yerevan asked its allies for help under the treaty's collective-defense provisions.")
_SECURITY = ("Ukraine’s hopes for long-term security rest on NATO and the EU, which agreed to open accession talks "
             "with Kyiv in December 2023, but membership in either is years away.")
_INVASION = "On February 24, 2022, Russia launched its full-scale invasion."


def _check(lang: str, source: str, target: str, *, pivot: str | None = None) -> list[tuple[str, str | None]]:
    findings = Checker(Stage.MACHINE_DRAFT, _EMPTY, src="en", tgt=lang, pivot=pivot)(Segment("s1", 0, source), target)
    return [(f.message, f.text) for f in findings if f.check == GLUED_WORD.name]


@pytest.mark.parametrize(
    ("lang", "source", "target", "word", "split"),
    [
        pytest.param("es", _PROVISIONS, "Ereván pidió sus aliados para ayuda bajo lasprovisionesde defensa colectivo "
                     "del tratado.", "lasprovisionesde", "las provisiones de", id="es-lasprovisionesde"),
        pytest.param("es", _FACT_FINDING, "El bloque envió una misión queencuentrahecho más que tropas.",
                     "queencuentrahecho", "que encuentra hecho", id="es-queencuentrahecho"),
        pytest.param("es", _INVASION, "Encima febrero 24, 2022, Rusia lanzó su invasióndeescala llena.",
                     "invasióndeescala", "invasión de escala", id="es-invasiondeescala"),
        pytest.param("es", _SECURITY, "Las esperanzas de Ucrania para restodeseguridad de plazo largo en DE LA OTAN",
                     "restodeseguridad", "resto de seguridad", id="es-restodeseguridad"),
        pytest.param("ca", _SECURITY, "les esperances d'Ucraïna per restadeseguretat de terme llarg en OTAN",
                     "restadeseguretat", "resta de seguretat", id="ca-restadeseguretat"),
        pytest.param("ca", _INVASION, "En 24 defebrer de 2022, Rússia va llançar la seva invasió.",
                     "defebrer", "de febrer", id="ca-defebrer"),
        pytest.param("gl", _FACT_FINDING, "O bloc enviou unha misión queatopafeito máis que tropas.",
                     "queatopafeito", "que atopa feito", id="gl-queatopafeito"),
        pytest.param("gl", _PROVISIONS, "Ereván preguntou os seus aliados para axuda baixo asprovisiónsde defensa "
                     "colectivo do tratado .", "asprovisiónsde", "as provisións de", id="gl-asprovisionsde"),
        pytest.param("es", "The report based in Luhansk says so.", "el informe basadoenLuhansk lo dice",
                     "basadoenLuhansk", "basado en Luhansk", id="es-name-glued-after-words"),
    ],
)
def test_a_glued_word_with_one_split_names_it(lang: str, source: str, target: str, word: str, split: str) -> None:
    assert _check(lang, source, target) == [(f"glued words: “{word}” is “{split}”", word)]


def test_a_word_that_splits_several_ways_is_flagged_with_each() -> None:
    [(message, text)] = _check("ca", _INVASION, "En 24 de febrer de 2022, Rússia va llançar la seva invasiódeescala "
                                                "plena.")
    assert text == "invasiódeescala"
    assert message == ("unknown word “invasiódeescala” may be glued words: “invasió de escala” or "
                       "“invasió dees cala”")


@pytest.mark.parametrize(
    ("lang", "source", "target"),
    [
        pytest.param("es", "The report.", "El informe de Tokayev sobre Pashinyan en Gyumri.", id="names"),
        pytest.param("es", "The report.", "El Lasprovisionesde informe.", id="capitalised-word-is-a-name"),
        pytest.param("es", "Layered defences.", "defensas layered.", id="engine-unknown-word-from-the-source"),
        pytest.param("gl", "The ceasefire held.", "O ceasefire mantivo.", id="gl-ceasefire-from-the-source"),
        pytest.param("es", "Route 66.", "Ruta 66abc y 3x4de.", id="numbers"),
        pytest.param("es", "Hi.", "la OTANde.", id="acronym"),
        pytest.param("es", "Hi.", "El iPhone y McDonald.", id="camel-case-names"),
        pytest.param("es", "Hi.", "a través del tratado, sin embargo.", id="multiwords-in-context"),
        pytest.param("pt", "Hi.", "title lang draft", id="english-words-split-into-letters"),
    ],
)
def test_not_glued(lang: str, source: str, target: str) -> None:
    assert _check(lang, source, target) == []


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("bajo las<1>provisiones</1>de defensa", id="tag-inside"),
        pytest.param("bajo <1>lasprovisiones</1>de defensa", id="tag-around-a-part"),
        pytest.param("bajo las<1>provisionesde</1> defensa", id="tag-to-the-end"),
    ],
)
def test_tags_inside_a_glued_word_are_read_through(target: str) -> None:
    assert _check("es", _PROVISIONS, target) == [("glued words: “lasprovisionesde” is “las provisiones de”",
                                                  "lasprovisionesde")]


def test_a_word_the_pivot_knows_is_left_to_the_pivot_check() -> None:
    analysers = installed()
    french, spanish = analysers.get("fr"), analysers.get("es")
    assert french is not None and spanish is not None
    assert glued_words("la Russie anexionó Crimée", french, pivot=spanish) == []


def test_glued_words_is_minor_and_does_not_block() -> None:
    assert GLUED_WORD.severity == Severity.MINOR and not GLUED_WORD.blocks
    assert GLUED_WORD.stages == {Stage.MACHINE_DRAFT} and GLUED_WORD in registry.CHECKS
    findings = Checker(Stage.MACHINE_DRAFT, _EMPTY, src="en", tgt="es")(Segment("s1", 0, _FACT_FINDING),
                                                                        "una misión queencuentrahecho")
    assert not needs_review(findings)


def test_a_language_without_analyser_is_skipped_and_said() -> None:
    scope = Scope(_EMPTY, "en", "de")
    assert unavailable(scope) == "no Apertium analyser for de is installed"
    assert list(prepare(scope)(Segment("s1", 0, "Hi."), "dieHaustür")) == []
    assert unavailable(Scope(_EMPTY, "en", "es")) is None
    assert unavailable(scope, Analysers(installed().modes_dir / "none")) is not None
    assert skipped(Stage.MACHINE_DRAFT, [scope, Scope(_EMPTY, "es", "de"), Scope(_EMPTY, "en", "es")]) == [
        "glued-word skipped: no Apertium analyser for de is installed"]
