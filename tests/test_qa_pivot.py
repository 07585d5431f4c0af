"""translate.qa.pivot: Spanish words left in drafts translated through Spanish (en -> es -> pt/fr/it).

The drafts are this project's demo output (``translate run`` of examples/ to es,ca,gl,pt,fr,it).
"""

from __future__ import annotations

import pytest

from conftest import requires_apertium
from translate.analysers import Analysers, installed
from translate.model import Glossary, Segment, Severity
from translate.qa import Checker, Stage, needs_review, registry, skipped
from translate.qa.base import Scope
from translate.qa import glued, pivot
from translate.qa.pivot import PIVOT_LEFTOVER, prepare, unavailable

pytestmark = requires_apertium

_EMPTY = Glossary((), "")
_CRIMEA = ("In the spring of 2014, weeks after Russia annexed Crimea, armed groups backed by Moscow seized government "
           "buildings in the Donetsk and Luhansk regions.")
_CRIMEA_FR = ("En le muelle de 2014, semaines après que la Russie anexionó Crimée, les groupes armés recularon par "
              "Moscou a pris des bâtiments de gouvernement en le Donetsk et régions de Louhansk.")
_GYUMRI = "What becomes of the Russian military base in Gyumri and the Russian border guards deployed in Armenia."
_GYUMRI_IT = "Che acaece della base militare russo in Gyumri e i guardia di bordi russi desplegaron in Armenia."
_DISBAND = ("Within days, the local Armenian authorities agreed to disband, and more than 100,000 ethnic Armenians, "
            "<1>almost the entire population of the region</1>, fled to Armenia.")
_DISBAND_PT = ("Dentro de dias, o locais Armenian as potestades apalabraron disband, e mais de 100,000 étnicos "
               "Armenians, <1>quase a população inteira da região</1>, fugido a Armenia.")
_PROVISIONS = "Yerevan asked its allies for help under the treaty's collective-defense provisions."
_PROVISIONS_FR = "et Erevan il a demandé ses alliés pour aide je descends lasprovisionesde défense collectif du traité."


def _check(lang: str, source: str, target: str, *, pivot: str | None = "es") -> list[str | None]:
    findings = Checker(Stage.MACHINE_DRAFT, _EMPTY, src="en", tgt=lang, pivot=pivot)(Segment("s1", 0, source), target)
    return [f.text for f in findings if f.check == PIVOT_LEFTOVER.name]


@pytest.mark.parametrize(
    ("lang", "source", "target", "words"),
    [
        pytest.param("fr", _CRIMEA, _CRIMEA_FR, ["muelle", "anexionó", "recularon"], id="fr-anexiono-recularon"),
        pytest.param("it", _GYUMRI, _GYUMRI_IT, ["acaece", "desplegaron"], id="it-desplegaron"),
        pytest.param("pt", _DISBAND, _DISBAND_PT, ["apalabraron"], id="pt-apalabraron-inside-tagged-text"),
        pytest.param("fr", _PROVISIONS, _PROVISIONS_FR, ["lasprovisionesde"], id="fr-glued-spanish-words"),
    ],
)
def test_pivot_words_left_in_the_draft_are_flagged(lang: str, source: str, target: str, words: list[str]) -> None:
    assert _check(lang, source, target) == words


def test_the_finding_names_the_pivot_language() -> None:
    findings = Checker(Stage.MACHINE_DRAFT, _EMPTY, src="en", tgt="fr", pivot="es")(
        Segment("s1", 0, _PROVISIONS + " " + _CRIMEA), _PROVISIONS_FR + " " + _CRIMEA_FR)
    messages = [f.message for f in findings if f.check == PIVOT_LEFTOVER.name]
    assert "“anexionó” is es (the pivot language), left untranslated" in messages
    assert ("“lasprovisionesde” is es (the pivot language), glued words “las provisiones de” left untranslated"
            in messages)
    assert not needs_review(findings)


@pytest.mark.parametrize(
    ("lang", "source", "target", "pivot"),
    [
        pytest.param("fr", _CRIMEA, _CRIMEA_FR, None, id="no-pivot-no-check"),
        pytest.param("fr", "The EU said so.", "l'UE l'a dit.", "es", id="acronym"),
        pytest.param("fr", "Ceasefire drift.", "le drift du cessez-le-feu.", "es", id="engine-unknown-word-from-source"),
        pytest.param("fr", "The town of Minsk.", "la ville de Minsk.", "es", id="names"),
        pytest.param("fr", "In 2014.", "en 2014abc.", "es", id="numbers"),
    ],
)
def test_not_pivot_leftovers(lang: str, source: str, target: str, pivot: str | None) -> None:
    assert _check(lang, source, target, pivot=pivot) == []


def test_pivot_leftover_is_minor_and_does_not_block() -> None:
    assert PIVOT_LEFTOVER.severity == Severity.MINOR and not PIVOT_LEFTOVER.blocks
    assert PIVOT_LEFTOVER.stages == {Stage.MACHINE_DRAFT} and PIVOT_LEFTOVER in registry.CHECKS


def test_a_language_without_analyser_is_skipped_and_said() -> None:
    assert unavailable(Scope(_EMPTY, "en", "fr")) is None
    assert unavailable(Scope(_EMPTY, "en", "fr", "es")) is None
    scope = Scope(_EMPTY, "en", "de", "es")
    assert unavailable(scope) == "no Apertium analyser for de is installed"
    assert unavailable(Scope(_EMPTY, "en", "fr", "de")) == "no Apertium analyser for de is installed"
    assert unavailable(Scope(_EMPTY, "en", "fr", "es"), Analysers(installed().modes_dir / "none")) == (
        "no Apertium analyser for fr or es is installed")
    assert list(prepare(scope)(Segment("s1", 0, "Hi."), "la anexión")) == []
    assert skipped(Stage.MACHINE_DRAFT, [scope]) == ["glued-word, pivot-leftover skipped: no Apertium analyser for de "
                                                     "is installed"]


@pytest.mark.parametrize("lang", [pytest.param(lang, id=lang) for lang in ("fr", "it", "pt", "es")])
def test_priming_a_batch_gives_the_same_findings(lang: str) -> None:
    batch = [(Segment("s1", 0, _CRIMEA), _CRIMEA_FR), (Segment("s2", 0, _GYUMRI), _GYUMRI_IT),
             (Segment("s3", 0, _DISBAND), _DISBAND_PT), (Segment("s4", 0, _PROVISIONS), _PROVISIONS_FR),
             (Segment("s5", 0, _PROVISIONS), "bajo lasprovisionesde defensa")]
    scope = Scope(_EMPTY, "en", lang, None if lang == "es" else "es")
    checks = (glued, pivot)
    cold = [list(check.prepare(scope)(segment, target)) for check in checks for segment, target in batch]
    primed_analysers = Analysers()
    try:
        for check in checks:
            check.prime(scope, batch, primed_analysers)
        primed = [list(check.prepare(scope, primed_analysers)(segment, target))
                  for check in checks for segment, target in batch]
    finally:
        primed_analysers.close()
    assert primed == cold and any(primed)
