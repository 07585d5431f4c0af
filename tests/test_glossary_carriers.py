"""Carriers: the shipped data, pick, find, and what real engines write around them (Apertium, argostranslate)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, requires_apertium
from test_engines_argos import unpack
from translate.engines.apertium import ApertiumEngine
from translate.engines.argos import ArgosEngine, ArgosOptions
from translate.engines.base import Engine
from translate.engines.pivot import Pivot
from translate.glossary.carriers import FRAME, GENDERS, INITIALS, NUMBERS, Carrier, CarrierClass, Carriers, find
from translate.glossary.grammar import target_for, term_grammar
from translate.glossary.load import load_glossary

LANGS = ("es", "ca", "gl", "pt", "fr", "it")
"""The languages Apertium serves from English here; de and pl have carriers checked only through argostranslate."""
DIRECT = ("es", "ca", "gl")
"""Apertium pairs from English; pt, fr and it go through Spanish (eng-spa, then es-pt, es-fr, spa-ita)."""
CLASSES = [f"{g}-{n}-{i}" for g in GENDERS for n in NUMBERS for i in INITIALS]
DATA = tomllib.loads(resources.files("translate").joinpath("data/carriers.toml").read_text("utf-8"))
DATA_LANGS = tuple(DATA)

# The article Apertium must write before a carrier of each class in FRAME, by language, in the order of
# ARTICLE_CLASSES: masculine singular before a consonant, before a vowel, feminine singular..., then the plurals.
ARTICLE_CLASSES = [(g, n, v) for n in NUMBERS for g in ("m", "f") for v in (False, True)]
_ARTICLE_ROWS = {
    "es": "El |El |La |La |Los |Los |Las |Las ",
    "ca": "El |L'|La |L'|Els |Els |Les |Les ",
    "gl": "O |O |A |A |Os |Os |As |As ",
    "pt": "O |O |A |A |Os |Os |As |As ",
    "fr": "Le |L'|La |L'|Les |Les |Les |Les ",
    "it": "Il |L'|La |L'|I |Gli |Le |Le ",
}
ARTICLES = {lang: dict(zip(ARTICLE_CLASSES, row.split("|"), strict=True)) for lang, row in _ARTICLE_ROWS.items()}


def restore(carrier: Carrier, output: str, term: str) -> str:
    """``output`` with each place the carrier came out replaced by ``term`` (what enforcement will do)."""
    for start, end in reversed(find(carrier, output)):
        output = output[:start] + term + output[end:]
    return output


def shipped_classes() -> list[pytest.param]:
    return [pytest.param(lang, k, id=f"{lang}-{k.gender}-{k.number}-{'vowel' if k.vowel else 'consonant'}")
            for lang in LANGS for k in Carriers.load(lang).classes]


# ---- the data file --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", DATA_LANGS)
def test_data_has_only_known_keys_and_a_reason_for_every_class(lang: str) -> None:
    entry = DATA[lang]
    assert set(entry) - set(CLASSES) <= {"elides", "keep_feminine_before", "silent_h"}
    for name in set(entry) & set(CLASSES):
        assert entry[name]["why"].strip(), name
        assert entry[name]["carriers"], name


@pytest.mark.parametrize("lang", DATA_LANGS)
def test_data_spellings_are_not_empty_and_nothing_repeats(lang: str) -> None:
    carriers = [c for k in Carriers.load(lang).classes for c in k.carriers]
    sources = [c.source for c in carriers]
    assert len(sources) == len(set(sources)), "a carrier is listed twice (or in two classes)"
    spellings = [t for c in carriers for t in c.target]
    assert len(spellings) == len(set(spellings)), "two carriers share a spelling: one would be restored as the other"
    for carrier in carriers:
        assert carrier.source.strip() == carrier.source != ""
        assert carrier.target and all(t.strip() == t != "" for t in carrier.target), carrier
        assert all(t[0].isupper() for t in carrier.target), "find() tells a glued carrier by its capital"
        assert len(set(carrier.target)) == len(carrier.target), carrier


def test_every_language_we_serve_with_a_gender_has_carriers_of_each_gender_and_number() -> None:
    for lang in DATA_LANGS:
        held = {(k.gender, k.number) for k in Carriers.load(lang).classes}
        assert held >= {(g, n) for g in ("m", "f") for n in NUMBERS}, lang


def test_a_language_without_carriers_gives_none() -> None:
    assert Carriers.load("uk").classes == ()
    assert Carriers.load("uk").pick("f", "sg", vowel=False, avoid="", taken=()) is None


def test_usable_without_carriers_asks_the_engine_nothing() -> None:
    def refuse(texts: list[str]) -> list[str]:
        raise AssertionError(texts)

    assert Carriers.load("uk").usable(refuse) == Carriers.load("uk")


def test_a_regional_code_reads_its_base_language() -> None:
    assert Carriers.load("pt-BR").classes == Carriers.load("pt").classes


# ---- pick ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "gender", "number", "vowel", "source"), [
    pytest.param("es", "f", "sg", False, "Bolivia", id="es-f-sg-consonant"),
    pytest.param("es", "f", "sg", True, "Angola", id="es-f-sg-vowel"),
    pytest.param("es", "m", "pl", False, "Pyrenees", id="es-m-pl-consonant"),
    pytest.param("ca", "f", "sg", True, "Angola", id="ca-f-sg-vowel"),
    pytest.param("fr", "m", "sg", True, "Iraq", id="fr-m-sg-vowel"),
    pytest.param("fr", "f", "sg", True, "UEFA", id="fr-f-sg-vowel"),
    pytest.param("it", "f", "sg", False, "BBC", id="it-f-sg-consonant"),
    pytest.param("es", None, "sg", False, "Paraguay", id="unknown-gender-is-masculine"),
    pytest.param("de", "n", "sg", False, "Bolivia", id="de-neuter"),
    pytest.param("pl", "n", "sg", True, "Peru", id="pl-neuter-either-initial"),
])
def test_pick_takes_the_first_carrier_of_the_class(lang: str, gender: str | None, number: str, vowel: bool,
                                                   source: str) -> None:
    carrier = Carriers.load(lang).pick(gender, number, vowel=vowel, avoid="", taken=())
    assert carrier is not None and carrier.source == source


@pytest.mark.parametrize(("avoid", "taken", "source"), [
    pytest.param("Evo Morales flew to BOLIVIA.", (), "Colombia", id="source-in-the-text-any-case"),
    pytest.param("Bolivia and Colombia signed.", (), "Venezuela", id="two-in-the-text"),
    pytest.param("", ("Bolivia",), "Colombia", id="taken"),
    pytest.param("Bolivian tin", (), "Colombia", id="inside-a-longer-word"),
])
def test_pick_skips_carriers_in_the_segment_and_those_taken(avoid: str, taken: tuple[str, ...], source: str) -> None:
    carrier = Carriers.load("es").pick("f", "sg", vowel=False, avoid=avoid, taken=taken)
    assert carrier is not None and carrier.source == source


def test_pick_skips_a_carrier_whose_target_spelling_is_in_the_segment() -> None:
    # ca writes Bolívia: a source that already says so cannot take it either.
    carrier = Carriers.load("ca").pick("f", "sg", vowel=False, avoid="La Bolívia i Colòmbia", taken=())
    assert carrier is not None and carrier.source == "Venezuela"


def test_pick_gives_none_when_the_class_is_used_up() -> None:
    carriers = Carriers.load("fr")
    every = [c.source for k in carriers.classes if (k.gender, k.number, k.vowel) == ("m", "sg", True)
             for c in k.carriers]
    assert carriers.pick("m", "sg", vowel=True, avoid="", taken=every) is None


def test_pick_in_a_language_that_elides_never_changes_the_initial() -> None:
    # it has no m-pl-vowel carrier (spa-ita writes "GLI *Alpes"): a consonant one would give "I UE".
    assert Carriers.load("it").pick("m", "pl", vowel=True, avoid="", taken=()) is None


def test_pick_in_a_language_that_does_not_elide_takes_the_other_initial() -> None:
    carriers = Carriers.load("es")
    vowels = [c.source for k in carriers.classes if (k.gender, k.number, k.vowel) == ("f", "pl", True)
              for c in k.carriers]
    carrier = carriers.pick("f", "pl", vowel=True, avoid="", taken=vowels)
    assert carrier is not None and carrier.source == "Philippines"


def test_pick_a_gender_no_class_has_gives_none() -> None:
    assert Carriers.load("es").pick("n", "sg", vowel=False, avoid="", taken=()) is None


@pytest.mark.parametrize(("lang", "term", "gender", "vowel"), [
    pytest.param("ca", "UE", "f", False, id="ca-la-UE"),
    pytest.param("ca", "Universitat", "f", False, id="ca-la-unstressed-u"),
    pytest.param("ca", "OTAN", "f", True, id="ca-l-OTAN"),
    pytest.param("ca", "Índia", "f", True, id="ca-l-stressed-i"),
    pytest.param("ca", "Hongria", "f", True, id="ca-silent-h"),
    pytest.param("ca", "UE", "m", True, id="ca-masculine-elides-before-u"),
    pytest.param("fr", "UE", "f", True, id="fr-l-UE"),
    pytest.param("fr", "Hongrie", "f", False, id="fr-aspirated-h"),
    pytest.param("it", "UE", "f", True, id="it-l-UE"),
    pytest.param("it", "Àustria", "f", True, id="accented-vowel"),
    pytest.param("es", "Kremlin", "m", False, id="consonant"),
    pytest.param("es", "«OTAN»", "f", True, id="after-a-quote"),
])
def test_sounds_vowel(lang: str, term: str, gender: str, vowel: bool) -> None:
    assert Carriers.load(lang).sounds_vowel(term, gender=gender) is vowel


# ---- find ---------------------------------------------------------------------------------------------------


BOLIVIA = Carrier("Bolivia", ("Bolivia", "Bolívia"))


@pytest.mark.parametrize(("output", "spans"), [
    pytest.param("La Bolivia ha impuesto", [(3, 10)], id="word"),
    pytest.param("un grupo basadoenBolivia.", [(17, 24)], id="glued-by-apertium"),
    pytest.param("LA BOLIVIA HA IMPUESTO", [(3, 10)], id="capitals"),
    pytest.param("La Bolívia i la Bolivia", [(3, 10), (16, 23)], id="both-spellings"),
    pytest.param("el estaño boliviano", [], id="lowercase-is-another-word"),
    pytest.param("Bolíviaha decisió", [(0, 7)], id="glued-before-lowercase"),
    pytest.param("BoliviaKyiv", [(0, 7)], id="glued-before-a-name"),
    pytest.param("NeoBolivia", [(3, 10)], id="glued-after-lowercase"),
    pytest.param("XBolivia", [], id="after-a-capital-is-another-word"),
    pytest.param("«Bolivia»", [(1, 8)], id="quoted"),
])
def test_find(output: str, spans: list[tuple[int, int]]) -> None:
    assert find(BOLIVIA, output) == spans


@given(parts=st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéíóúñ .,;:'«»()-0123456789", max_size=12),
                      min_size=1, max_size=6))
def test_find_locates_exactly_where_a_carrier_was_put(parts: list[str]) -> None:
    # Round trip: carriers put between lowercase text (glued or not) are all found, and restored away.
    carrier = Carrier("Bolivia", ("Bolivia", "Bolívia"))
    output, spans = parts[0], []
    for i, part in enumerate(parts[1:]):
        spelling = carrier.target[i % 2]
        spans.append((len(output), len(output) + len(spelling)))
        output += spelling + part
    assert find(carrier, output) == spans
    assert restore(carrier, output, "UE") == "UE".join(parts)


def test_find_a_multi_word_spelling() -> None:
    carrier = Carrier("Low Countries", ("Países Bajos",))
    assert find(carrier, "Los Países Bajos ha impuesto") == [(4, 16)]
    assert restore(carrier, "Los Países Bajos ha impuesto", "EAU") == "Los EAU ha impuesto"


# ---- real engines -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def apertium() -> Iterator[ApertiumEngine]:
    engine = ApertiumEngine()
    yield engine
    engine.close()


def route(engine: Engine, lang: str) -> Engine:
    """en -> lang: a pair of its own, or through Spanish."""
    needed = [("en", lang)] if lang in DIRECT else [("en", "es"), ("es", lang)]
    missing = [pair for pair in needed if pair not in engine.pairs()]
    if missing:
        pytest.skip(f"Apertium pair {missing[0]} not installed")
    return engine if lang in DIRECT else Pivot(engine, engine, src="en", via="es", tgt=lang)


def translator(engine: Engine, lang: str) -> Callable[[list[str]], list[str]]:
    routed = route(engine, lang)
    return lambda texts: [r.text for r in routed.translate_batch(texts, src="en", tgt=lang)]


@requires_apertium
@pytest.mark.parametrize("lang", LANGS)
def test_apertium_writes_every_shipped_carrier_as_listed(apertium: ApertiumEngine, lang: str) -> None:
    carriers = Carriers.load(lang)
    assert carriers.usable(translator(apertium, lang)) == carriers


@requires_apertium
@pytest.mark.parametrize(("lang", "klass"), shipped_classes())
def test_apertium_writes_the_article_of_the_declared_gender_and_number(apertium: ApertiumEngine, lang: str,
                                                                        klass: CarrierClass) -> None:
    article = ARTICLES[lang][(klass.gender, klass.number, klass.vowel)]
    outputs = translator(apertium, lang)([FRAME.format(source=c.source) for c in klass.carriers])
    for carrier, output in zip(klass.carriers, outputs, strict=True):
        spans = find(carrier, output)
        assert spans and output[: spans[0][0]] == article, (carrier, output)


@requires_apertium
@pytest.mark.parametrize(("lang", "sentence", "expected"), [
    pytest.param("es", "Officials said the {} had closed its embassy.", "que la UE había", id="es-subordinate"),
    pytest.param("es", "The decision of the {} surprised Minsk.", "La decisión de la UE", id="es-de-la"),
    pytest.param("ca", "The decision of the {} surprised Minsk.", "La decisió de la UE", id="ca-de-la"),
    pytest.param("gl", "The decision of the {} surprised Minsk.", "A decisión da UE", id="gl-da"),
    pytest.param("pt", "The decision of the {} surprised Minsk.", "A decisão da UE", id="pt-da"),
    pytest.param("fr", "The decision of the {} surprised Minsk.", "La décision de l'UE", id="fr-de-l"),
    pytest.param("it", "The decision of the {} surprised Minsk.", "La decisione dell'UE", id="it-dell"),
    pytest.param("es", "Ministers wrote to the {} on Monday.", "a la UE", id="es-a-la"),
    pytest.param("gl", "Ministers wrote to the {} on Monday.", "á UE", id="gl-a-contracted"),
])
def test_a_carrier_keeps_the_grammar_around_the_eu(apertium: ApertiumEngine, lang: str, sentence: str,
                                                   expected: str) -> None:
    carriers = Carriers.load(lang)
    carrier = carriers.pick("f", "sg", vowel=carriers.sounds_vowel("UE", gender="f"), avoid=sentence, taken=())
    assert carrier is not None
    [output] = translator(apertium, lang)([sentence.format(carrier.source)])
    assert expected in restore(carrier, output, "UE"), output


@requires_apertium
@pytest.mark.parametrize(("lang", "sentence", "glued"), [
    pytest.param("es", "A {}-based group said nothing.", "basadoenBolivia", id="es-based"),
    pytest.param("gl", "A {}-based group said nothing.", "baseadoenBolivia", id="gl-based"),
    pytest.param("ca", "{}'s decision surprised Minsk.", "Bolíviaha", id="ca-possessive"),
])
def test_find_a_carrier_apertium_glued(apertium: ApertiumEngine, lang: str, sentence: str, glued: str) -> None:
    carrier = Carriers.load(lang).pick("f", "sg", vowel=False, avoid=sentence, taken=())
    assert carrier is not None and carrier.source == "Bolivia"
    [output] = translator(apertium, lang)([sentence.format(carrier.source)])
    assert glued in output and len(find(carrier, output)) == 1
    assert not any(t in restore(carrier, output, "UE") for t in carrier.target)


EU_ARTICLES = {  # lang: (through the numeric placeholder, through a carrier)
    "es": ("El 9900199", "La UE"), "ca": ("Els 9900199 han", "La UE ha"), "gl": ("O 9900199", "A UE"),
    "pt": ("O 9900199", "A UE"), "fr": ("Le 9900199", "L'UE"), "it": ("Il 9900199", "L'UE"),
}


@requires_apertium
@pytest.mark.parametrize("lang", LANGS)
def test_the_shipped_eu_through_a_carrier_instead_of_a_number(apertium: ApertiumEngine, lang: str) -> None:
    eu = load_glossary(ROOT / "glossary").concept("european-union")
    grammar = term_grammar(eu, lang)
    given, wanted = eu.variants("en"), eu.variants(lang, source="en")
    assert given is not None and wanted is not None
    term = target_for(given, wanted, "EU")
    assert grammar is not None and term == "UE"
    sentence = "The EU has imposed new sanctions."
    carriers = Carriers.load(lang)
    carrier = carriers.pick(grammar.gender, grammar.number, vowel=carriers.sounds_vowel(term, gender=grammar.gender),
                            avoid=sentence, taken=())
    assert carrier is not None
    numeric, carried = translator(apertium, lang)([sentence.replace("EU", apertium.placeholder(1)),
                                                   sentence.replace("EU", carrier.source)])
    before, after = EU_ARTICLES[lang]
    assert numeric.startswith(before)  # today: no gender, read as a plural numeral (ca "Els ... han")
    assert restore(carrier, carried, term).startswith(after)


# ---- argostranslate -------------------------------------------------------------------------------------------


@pytest.fixture
def argos(tiny_argos_packages: dict[tuple[str, str], Path], tmp_path: Path) -> Iterator[ArgosEngine]:
    models = unpack(tiny_argos_packages, tmp_path / "models", [("en", "es"), ("en", "de")])
    engine = ArgosEngine(packages_dir=models, options=ArgosOptions(device="cpu"))
    yield engine
    engine.close()


@pytest.mark.parametrize(("lang", "respelled", "gender", "term"), [
    pytest.param("es", "Peru", "f", "UE", id="es"),
    pytest.param("de", "Bolivia", "n", "Kyjiw", id="de"),
])
def test_usable_through_argos_keeps_what_the_model_writes(argos: ArgosEngine, lang: str, respelled: str,
                                                          gender: str, term: str) -> None:
    # The tiny model copies its input: a carrier is usable where its spelling is the English name or begins it
    # (de "Emirate" in the copied "Emirates", as if glued).
    carriers = Carriers.load(lang)
    kept = carriers.usable(lambda texts: [r.text for r in argos.translate_batch(texts, src="en", tgt=lang)])
    for shipped, usable in zip(carriers.classes, kept.classes, strict=True):
        assert usable.carriers == tuple(c for c in shipped.carriers if any(c.source.startswith(t) for t in c.target))
    assert respelled not in [c.source for k in kept.classes for c in k.carriers]
    carrier = kept.pick(gender, "sg", vowel=False, avoid="The EU has met.", taken=())
    assert carrier is not None
    [output] = argos.translate_batch([f"The {carrier.source} has met."], src="en", tgt=lang)
    assert restore(carrier, output.text, term) == f"The {term} has met."


@requires_apertium
@pytest.mark.parametrize("lang", ["es", "ca", "pt", "fr"])
def test_where_apertium_knows_the_term_the_carrier_gives_its_very_sentence(apertium: ApertiumEngine,
                                                                          lang: str) -> None:
    # Plain Apertium writes these right ("La UE ha impuesto"): the carrier changes nothing around the term.
    sentence = "The EU has imposed new sanctions."
    carriers = Carriers.load(lang)
    carrier = carriers.pick("f", "sg", vowel=carriers.sounds_vowel("UE", gender="f"), avoid=sentence, taken=())
    assert carrier is not None
    plain, carried = translator(apertium, lang)([sentence, sentence.replace("EU", carrier.source)])
    assert restore(carrier, carried, "UE") == plain
