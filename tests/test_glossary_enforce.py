"""GlossaryEnforced around an identity engine and around real Apertium; normalize_source; QA."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import requires_apertium
from translate.engines.apertium import ApertiumEngine
from translate.engines.base import Capabilities, Engine, Pair
from translate.engines.pivot import Pivot
from translate.glossary.enforce import GlossaryEnforced, apply_case, normalize_source
from translate import __version__
from translate.model import Concept, EngineStep, Glossary, MTResult, Signature, TermVariants
from translate.qa import check_terms, needs_review


def concept(cid: str, *, translate: bool = True, **langs: TermVariants) -> Concept:
    return Concept(cid, tuple(sorted(langs.items())), translate=translate)


GLOSSARY = Glossary(
    (
        concept("luhansk", en=TermVariants("Luhansk", forbidden=("Lugansk",)), es=TermVariants("Luhansk", forbidden=("Lugansk",)),
                uk=TermVariants("Луганськ", forms=("Луганська",), forbidden=("Луганск",))),
        concept("kyiv", en=TermVariants("Kyiv", forbidden=("Kiev",)), es=TermVariants("Kyiv", forbidden=("Kiev",))),
        concept("csto", en=TermVariants("CSTO", forms=("Collective Security Treaty Organization",)),
                es=TermVariants("OTSC", forms=("Organización del Tratado de Seguridad Colectiva",))),
        concept("kremlin", en=TermVariants("Kremlin"), es=TermVariants("Kremlin")),
        concept("gazprom", translate=False, en=TermVariants("Gazprom")),
        concept("eu", en=TermVariants("European Union", forms=("EU",)), es=TermVariants("Unión Europea", forms=("UE",))),
    ),
    digest="0" * 64,
)


class Identity(Engine):
    """An engine that returns its input: what survives is what the wrapper did."""

    name = "identity"
    capabilities = Capabilities(placeholder="99{index:03d}99")

    def pairs(self) -> frozenset[Pair]:
        return frozenset({("en", "es"), ("en", "uk")})

    def translate_batch(
        self, texts: Sequence[str], *, src: str, tgt: str, suppress: Sequence[str] = ()
    ) -> list[MTResult]:
        return [MTResult(t) for t in texts]

    def signature(self, src: str, tgt: str) -> Signature:
        return Signature((EngineStep("identity", "1"),))

    def close(self) -> None:
        pass


class Dropper(Identity):
    """Loses every placeholder and says Kiev on its own."""

    def translate_batch(
        self, texts: Sequence[str], *, src: str, tgt: str, suppress: Sequence[str] = ()
    ) -> list[MTResult]:
        return [MTResult("Kiev y algo.") for _ in texts]


@pytest.fixture
def identity() -> GlossaryEnforced:
    return GlossaryEnforced(Identity(), GLOSSARY)


OTSC_FULL = "Organización del Tratado de Seguridad Colectiva"


@pytest.mark.parametrize(
    ("source", "expected", "applied"),
    [
        pytest.param("Shelling in Luhansk.", "Shelling in Luhansk.", [("luhansk", "engine")], id="preferred"),
        pytest.param("Shelling in Lugansk.", "Shelling in Luhansk.", [("luhansk", "protected")], id="forbidden-source"),
        pytest.param("LUGANSK SHELLED", "LUHANSK SHELLED", [("luhansk", "protected")], id="all-caps-headline"),
        pytest.param("Lugansk's mayor", "Luhansk's mayor", [("luhansk", "protected")], id="possessive"),
        pytest.param("a Lugansk-based group", "a Luhansk-based group", [("luhansk", "protected")], id="hyphen-compound"),
        pytest.param("The Collective Security Treaty Organization met.", f"The {OTSC_FULL} met.", [("csto", "protected")],
                     id="spelled-out-gives-spelled-out"),
        pytest.param("Gazprom and the Kremlin", "Gazprom and the Kremlin", [("gazprom", "engine"), ("kremlin", "engine")],
                     id="dnt"),
        pytest.param("The <1>European Union</1> &amp; Kyiv", "The <1>Unión Europea</1> &amp; Kyiv",
                     [("eu", "protected"), ("kyiv", "engine")], id="tags"),
        pytest.param("The EU and the European Union", "The UE and the Unión Europea", [("eu", "protected")] * 2,
                     id="acronym-in-acronym-out"),
        pytest.param("Collective Security Treaty Organization and CSTO", f"{OTSC_FULL} and OTSC", [("csto", "protected")] * 2,
                     id="each-form-its-own"),
    ],
)
def test_identity_engine_gets_target_terms(identity: GlossaryEnforced, source: str, expected: str,
                                           applied: list[tuple[str, str]]) -> None:
    """Terms the engine already wrote are left as it wrote them ("engine"); the others are protected and restored."""
    [result] = identity.translate_batch([source], src="en", tgt="es")
    assert result.text == expected
    assert [(t.concept_id, t.action) for t in result.terms] == applied
    for term in result.terms:
        assert result.text[term.target_start : term.target_start + len(term.target)] == term.target


def test_sentence_initial_capital_in_target() -> None:
    lower = concept("oblast", en=TermVariants("oblast", case_sensitive=True), es=TermVariants("óblast"))
    enforced = GlossaryEnforced(Identity(), Glossary((lower,), "1" * 64))
    [result] = enforced.translate_batch(["oblast officials met. The oblast is big."], src="en", tgt="es")
    assert result.text == "Óblast officials met. The óblast is big."


def test_repair_and_lost_placeholder() -> None:
    enforced = GlossaryEnforced(Dropper(), GLOSSARY)
    [result] = enforced.translate_batch(["Kyiv said."], src="en", tgt="es")
    assert result.text == "Kyiv y algo."
    assert [t.action for t in result.terms] == ["repaired"]
    assert {f.check for f in result.findings} == {"term-lost", "term-repaired"}


def test_signature_includes_glossary(identity: GlossaryEnforced) -> None:
    assert str(identity.signature("en", "es")) == f"engine:identity@1|glossary:sha256:000000000000|translate:{__version__}"


def test_normalize_source() -> None:
    text, applied = normalize_source("Kiev and LUGANSK; chicken kiev.", GLOSSARY, "en")
    assert text == "Kyiv and LUHANSK; chicken kiev."  # case-sensitive: lower-case "kiev" is another word
    assert [(a.concept_id, a.source, a.target) for a in applied] == [
        ("kyiv", "Kiev", "Kyiv"), ("luhansk", "LUGANSK", "LUHANSK")
    ]


@pytest.mark.parametrize(
    ("surface", "variant", "start", "expected"),
    [
        pytest.param("KIEV", "Kiev", False, "KYIV", id="caps"),
        pytest.param("Kiev", "Kiev", False, "Kyiv", id="same"),
        pytest.param("oblast", "oblast", True, "Óblast", id="sentence-start"),
    ],
)
def test_apply_case(surface: str, variant: str, start: bool, expected: str) -> None:
    term = "Kyiv" if variant == "Kiev" else "óblast"
    assert apply_case(term, surface, variant, sentence_start=start) == expected


names = st.sampled_from(["Luhansk", "Lugansk", "Kyiv", "Kiev", "CSTO", "Kremlin", "Gazprom", "European Union"])
filler = st.text(alphabet=st.sampled_from("abcdefgh ,.;:!?()"), max_size=12)


@settings(max_examples=200)
@given(st.lists(st.tuples(filler, names), max_size=6), filler)
def test_protect_restore_with_identity_substitutes_targets(parts: list[tuple[str, str]], tail: str) -> None:
    targets = {"Luhansk": "Luhansk", "Lugansk": "Luhansk", "Kyiv": "Kyiv", "Kiev": "Kyiv", "CSTO": "OTSC",
               "Kremlin": "Kremlin", "Gazprom": "Gazprom", "European Union": "Unión Europea"}
    source = "".join(f"{text} {name} " for text, name in parts) + tail
    expected = "".join(f"{text} {targets[name]} " for text, name in parts) + tail
    [result] = GlossaryEnforced(Identity(), GLOSSARY).translate_batch([source], src="en", tgt="es")
    assert result.text.lower() == expected.lower()  # sentence-initial capitals may differ
    assert len(result.terms) == len(parts)


@pytest.mark.parametrize(
    ("source", "target", "checks"),
    [
        pytest.param("In Luhansk.", "En Luhansk.", [], id="ok"),
        pytest.param("In Luhansk.", "En Lugansk.", ["term-forbidden", "term-missing"], id="forbidden-and-missing"),
        pytest.param("The CSTO and the CSTO.", "La OTSC.", ["term-missing"], id="count"),
        pytest.param("The CSTO met.", "La Organización del Tratado de Seguridad Colectiva.", [], id="form-accepted"),
        pytest.param("Gazprom paid.", "Gasprom pagó.", ["term-dnt-changed"], id="dnt-changed"),
        pytest.param("Kiev said.", "Kyiv dijo.", [], id="source-forbidden-is-still-the-concept"),
    ],
)
def test_qa_terms(source: str, target: str, checks: list[str]) -> None:
    findings = check_terms(source, target, GLOSSARY, src="en", tgt="es")
    assert sorted(f.check for f in findings) == checks
    assert needs_review(findings) == bool(checks)


def test_qa_empty_glossary() -> None:
    assert check_terms("Lugansk", "Lugansk", Glossary((), ""), src="en", tgt="es") == []


@requires_apertium
class TestThroughApertium:
    @pytest.fixture
    def apertium(self) -> Iterator[ApertiumEngine]:
        with ApertiumEngine() as engine:
            yield engine

    def test_terms_survive_apertium(self, apertium: ApertiumEngine) -> None:
        enforced = GlossaryEnforced(apertium, GLOSSARY)
        sources = ["The CSTO summit in Lugansk ended.", "The Kremlin's plan for Kiev failed.",
                   "LUGANSK: the European Union and the Collective Security Treaty Organization met."]
        results = enforced.translate_batch(sources, src="en", tgt="es")
        for source, result in zip(sources, results, strict=True):
            assert "99" not in result.text, result.text
            assert check_terms(source, result.text, GLOSSARY, src="en", tgt="es") == [], result.text
        assert "OTSC" in results[0].text and "Luhansk" in results[0].text
        assert "Kremlin" in results[1].text and "Kyiv" in results[1].text
        assert "LUHANSK" in results[2].text and "Unión Europea" in results[2].text

    def test_terms_survive_a_pivot(self, apertium: ApertiumEngine) -> None:
        pt = Glossary(GLOSSARY.concepts + (
            concept("odesa", en=TermVariants("Odesa", forbidden=("Odessa",)), pt=TermVariants("Odessa")),), "2" * 64)
        enforced = GlossaryEnforced(Pivot(apertium, apertium, src="en", via="es", tgt="pt"), pt)
        [result] = enforced.translate_batch(["Odessa and Kiev were shelled."], src="en", tgt="pt")
        assert "Odessa" in result.text and "Kyiv" not in result.text  # no pt entry for kyiv: translated freely


RFERL = concept("rferl", en=TermVariants("Radio Free Europe/Radio Liberty"),
                es=TermVariants("Radio Europa Libre/Radio Libertad", gender="f"),
                gl=TermVariants("Radio Europa Libre/Radio Liberdade", gender="f"))
EU_FEMININE = concept("eu", en=TermVariants("European Union", forms=("EU",)),
                      es=TermVariants("Unión Europea", forms=("UE",), gender="f"),
                      gl=TermVariants("Unión Europea", forms=("UE",), gender="f"),
                      pt=TermVariants("União Europeia", forms=("UE",), gender="f"))
KYIV_ES = concept("kyiv", en=TermVariants("Kyiv", forbidden=("Kiev",)), es=TermVariants("Kyiv", forbidden=("Kiev",)),
                  gl=TermVariants("Kíiv", forbidden=("Kiev",)))


@requires_apertium
class TestDictionariesAndFallback:
    """Terms inside Apertium's dictionaries where it takes them; a carrier of the term's grammar where not."""

    @pytest.fixture
    def apertium(self) -> Iterator[ApertiumEngine]:
        with ApertiumEngine() as engine:
            yield engine

    def test_without_dictionaries_a_carrier_keeps_the_gender(self, apertium: ApertiumEngine) -> None:
        # No state folder: nothing compiled. Plain en-gl writes "O EU"; a numeric placeholder gave "O UE".
        enforced = GlossaryEnforced(apertium, Glossary((EU_FEMININE,), "5" * 64))
        [result] = enforced.translate_batch(["The EU has imposed new sanctions."], src="en", tgt="gl")
        assert result.text.startswith("A UE impuxo"), result.text
        assert [(t.concept_id, t.action) for t in result.terms] == [("eu", "protected")]

    def test_left_alone_where_the_engine_is_right(self, apertium: ApertiumEngine) -> None:
        enforced = GlossaryEnforced(apertium, Glossary((EU_FEMININE,), "5" * 64))
        [result] = enforced.translate_batch(["The EU has imposed new sanctions."], src="en", tgt="es")
        assert result.text.startswith("La UE ha impuesto"), result.text
        assert [(t.concept_id, t.action) for t in result.terms] == [("eu", "engine")]

    def test_compiled_terms_are_the_engines_own(self, apertium: ApertiumEngine, tmp_path: Path) -> None:
        glossary = Glossary((EU_FEMININE, KYIV_ES, RFERL), "6" * 64)
        enforced = GlossaryEnforced(apertium, glossary, state_dir=tmp_path)
        assert enforced.handled("en", "gl") == {"eu", "kyiv"}  # rferl holds a "/": lttoolbox cannot take it
        results = enforced.translate_batch(["The EU has imposed new sanctions.", "He travelled from Kyiv to the EU.",
                                            "Radio Free Europe/Radio Liberty said the EU has acted."],
                                           src="en", tgt="gl")
        assert [r.text for r in results[:2]] == ["A UE impuxo sancións novas.", "Viaxou desde Kíiv á UE."]
        assert {t.action for r in results[:2] for t in r.terms} == {"dictionary"}
        assert "Radio Europa Libre/Radio Liberdade" in results[2].text and "a UE" in results[2].text, results[2].text
        assert [(t.concept_id, t.action) for t in results[2].terms] == [("rferl", "protected"), ("eu", "dictionary")]

    def test_a_pivot_carries_the_terms_through_both_stages(self, apertium: ApertiumEngine, tmp_path: Path) -> None:
        glossary = Glossary((EU_FEMININE, KYIV_ES), "7" * 64)
        enforced = GlossaryEnforced(Pivot(apertium, apertium, src="en", via="es", tgt="pt"), glossary,
                                    state_dir=tmp_path)
        assert enforced.handled("en", "pt") == {"eu"}  # kyiv has no pt entry: the pivot translates it freely
        [result] = enforced.translate_batch(["The EU has imposed new sanctions."], src="en", tgt="pt")
        assert result.text.startswith("A UE tem imposto"), result.text
        assert sorted(p.name.split("-")[0] for p in (tmp_path / "apertium-terms").iterdir()) == ["eng", "es"]

    def test_the_pivot_languages_forbidden_variants_are_repaired_or_flagged(self) -> None:
        class Leaky(Identity):
            """A pivot whose Spanish step leaks a Spanish forbidden variant into the target."""

            def pivot_language(self, src: str, tgt: str) -> str | None:
                return "es"

            def translate_batch(self, texts: Sequence[str], *, src: str, tgt: str,
                                suppress: Sequence[str] = ()) -> list[MTResult]:
                return [MTResult("Bombardearam Lugansk e Kiev.") for _ in texts]

        glossary = Glossary((concept("luhansk", en=TermVariants("Luhansk"), es=TermVariants("Luhansk", forbidden=("Lugansk",)),
                                     pt=TermVariants("Luhansk")), KYIV_ES), "8" * 64)
        [result] = GlossaryEnforced(Leaky(), glossary).translate_batch(["They shelled two cities."], src="en", tgt="pt")
        assert result.text == "Bombardearam Luhansk e Kiev."
        assert sorted(f.check for f in result.findings) == ["pivot-forbidden", "term-repaired"]
        assert needs_review(result.findings)


def test_forbidden_variants_glued_to_a_word_are_repaired(identity: GlossaryEnforced) -> None:
    class Glue(Identity):
        def translate_batch(self, texts: Sequence[str], *, src: str, tgt: str,
                            suppress: Sequence[str] = ()) -> list[MTResult]:
            return [MTResult("Un grupo basadoenLugansk y Kievan Rus.") for _ in texts]

    [result] = GlossaryEnforced(Glue(), GLOSSARY).translate_batch(["Nothing governed."], src="en", tgt="es")
    # Glued on the left (Apertium's "basadoen" + name) is repaired; a longer word ("Kievan") is not the term.
    assert result.text == "Un grupo basadoenLuhansk y Kievan Rus."
