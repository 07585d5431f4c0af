"""translate.analysers: each language's Apertium analyser, found from the mode files, run as one lt-proc."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import requires_apertium
from translate.analysers import DEFAULT_MODES_DIR, Analyser, Analysers, Unit, find_analysers, parse, reverse_mode

pytestmark = requires_apertium


@pytest.mark.parametrize(
    ("lang", "analyser"),
    [
        pytest.param("es", "apertium-eng-spa/spa-eng.automorf.bin", id="es-from-spa-eng"),
        pytest.param("ca", "apertium-eng-cat/cat-eng.automorf.bin", id="ca-from-cat-eng"),
        pytest.param("gl", "apertium-en-gl/gl-en.automorf.bin", id="gl-from-gl-en"),
        pytest.param("pt", "apertium-es-pt/pt-es.automorf.bin", id="pt-from-pt-es"),
        pytest.param("fr", "apertium-fr-es/fr-es.automorf.bin", id="fr-from-fr-es"),
        pytest.param("it", "apertium-spa-ita/ita-spa.automorf.bin", id="it-from-ita-spa"),
    ],
)
def test_each_language_has_the_analyser_of_its_pair_into_english_or_its_only_one(lang: str, analyser: str) -> None:
    assert find_analysers(DEFAULT_MODES_DIR)[lang] == Path("/usr/share/apertium") / analyser


def test_a_language_without_a_mode_has_no_analyser() -> None:
    found = Analysers()
    assert found.get("de") is None and "de" not in found.languages()
    assert found.get("pt-BR") is found.get("pt") is not None


def test_a_mode_naming_a_missing_dictionary_gives_no_analyser(tmp_path: Path) -> None:
    (tmp_path / "spa-eng.mode").write_text("lt-proc -w '/nowhere/spa-eng.automorf.bin' | apertium-tagger\n")
    (tmp_path / "eng-spa_US.mode").write_text("lt-proc '/usr/share/apertium/apertium-eng-spa/eng-spa.automorf.bin'\n")
    assert find_analysers(tmp_path) == {} and Analysers(tmp_path).get("es") is None
    assert find_analysers(tmp_path / "missing") == {}


def test_reverse_mode() -> None:
    assert reverse_mode(DEFAULT_MODES_DIR / "eng-spa.mode") == DEFAULT_MODES_DIR / "spa-eng.mode"
    assert reverse_mode(DEFAULT_MODES_DIR / "es-pt.mode") == DEFAULT_MODES_DIR / "pt-es.mode"


@pytest.mark.parametrize(
    ("answer", "units"),
    [
        pytest.param("^casa/casa<n><f><sg>$", [Unit("casa", ("casa<n><f><sg>",))], id="known"),
        pytest.param("^lasprovisionesde/*lasprovisionesde$", [Unit("lasprovisionesde", ())], id="unknown"),
        pytest.param(r"^a\/b/*a\/b$ ^./.<sent>$", [Unit("a/b", ()), Unit(".", (".<sent>",))], id="escaped"),
    ],
)
def test_parse(answer: str, units: list[Unit]) -> None:
    assert parse(answer) == units


@pytest.fixture(scope="module")
def spanish() -> Iterator[Analyser]:
    analyser = Analysers().get("es")
    assert analyser is not None
    yield analyser
    analyser.close()


def test_words_in_context_and_on_their_own(spanish: Analyser) -> None:
    units = spanish.analyse("bajo lasprovisionesde defensa, a través del tratado")
    assert [u.surface for u in units if not u.known] == ["lasprovisionesde"]
    assert "a través del" in [u.surface for u in units]
    assert spanish.known(["de", "provisiones", "través", "lasprovisionesde"]) == {"de", "provisiones"}


def test_special_characters_are_escaped(spanish: Analyser) -> None:
    units = spanish.analyse("precio ^5$ / [nota] {x} <b> @casa \\ fin")
    assert units[0].surface == "precio" and units[-1].surface == "fin"
    assert spanish.words(["a/b", "^", "casa"])["casa"] is not None


def test_a_closed_analyser_starts_again(spanish: Analyser) -> None:
    assert spanish.known(["defensa"]) == {"defensa"}
    spanish.close()
    assert spanish.known(["tratado"]) == {"tratado"}
    assert spanish.analyse("otra frase")[0].known


def test_a_nul_in_the_text_does_not_end_the_request(spanish: Analyser) -> None:
    assert [u.surface for u in spanish.analyse("casa\0perro")] == ["casa", "perro"]
    assert spanish.analyse("después")[0].known


def test_a_final_mark_stays_with_its_request(spanish: Analyser) -> None:
    assert [u.surface for u in spanish.analyse("la defensa.")] == ["la", "defensa", "."]
    assert [u.surface for u in spanish.analyse("la casa")] == ["la", "casa"]


def test_texts_analysed_together_read_as_each_alone() -> None:
    texts = ["bajo lasprovisionesde defensa.", "a través del tratado", "línea\nsegunda  línea", "^raro$ / [x]"]
    together, alone = Analysers(), Analysers()
    try:
        spanish, other = together.get("es"), alone.get("es")
        assert spanish is not None and other is not None
        spanish.analyse_all(texts)
        assert [spanish.analyse(t) for t in texts] == [other.analyse(t) for t in texts]
    finally:
        together.close()
        alone.close()
