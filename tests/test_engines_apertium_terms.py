"""The glossary compiled into Apertium's dictionaries: dix sections, the cache, the grammar around terms."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from translate.engines import apertium_terms as terms
from translate.engines.apertium import _Pipeline, decode, encode
from translate.glossary.load import load_glossary
from translate.model import Concept, Glossary, TermVariants

MODES = Path("/usr/share/apertium/modes")
needs_tools = pytest.mark.skipif(terms.missing_tools() is not None, reason="lttoolbox-dev or cg3 not installed")


def needs_mode(name: str) -> Path:
    mode = MODES / f"{name}.mode"
    if not mode.is_file():
        pytest.skip(f"Apertium pair {name} not installed")
    return mode


def concept(id_: str, kind: str, **langs: TermVariants) -> Concept:
    return Concept(id=id_, terms=tuple(sorted(langs.items())), kind=kind)


EU = concept("european-union", "organization", en=TermVariants("European Union", ("EU",)),
             es=TermVariants("Unión Europea", ("UE",)), ca=TermVariants("Unió Europea", ("UE",)),
             gl=TermVariants("Unión Europea", ("UE",)))
KYIV = concept("kyiv", "place", en=TermVariants("Kyiv", forbidden=("Kiev",)), es=TermVariants("Kyiv"),
               ca=TermVariants("Kíiv"), gl=TermVariants("Kyiv"))
GLOSSARY = Glossary((EU, KYIV), "a" * 64)


def translate(dictionaries: terms.TermDictionaries, text: str) -> str:
    result = subprocess.run(["apertium", "-u", "-d", str(dictionaries.folder), dictionaries.mode.stem],
                            input=text, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def plain(mode: str, text: str) -> str:
    result = subprocess.run(["apertium", "-u", mode], input=text, capture_output=True, text=True, check=True)
    return result.stdout.strip()


# ---- dix generation -------------------------------------------------------------------------------------------


def test_entries_pair_each_source_form_with_the_target_form_at_its_place() -> None:
    entries, left_out = terms.term_entries(GLOSSARY, "en", "es")
    assert left_out == []
    assert [(e.sources, e.target, e.tags) for e in entries] == [
        (("European Union",), "Unión Europea", ("np", "al", "m", "sg")),
        (("EU",), "UE", ("np", "al", "f", "sg")),
        (("Kyiv", "Kiev"), "Kyiv", ("np", "loc", "m", "sg")),
    ]


@pytest.mark.parametrize("term", ["AT&T", "C++", "a/b", "#tag", "x@y", "^up", "$5", "{x}", "back\\slash", "<x>", " "],
                         ids=["amp-ok", "plus", "slash", "hash", "at", "caret", "dollar", "brace", "backslash",
                              "angle", "blank"])
def test_terms_lttoolbox_cannot_hold_are_left_out(term: str) -> None:
    odd = concept("odd", "organization", en=TermVariants(term), es=TermVariants("Bien"))
    entries, left_out = terms.term_entries(Glossary((odd, KYIV), "b" * 64), "en", "es")
    if term == "AT&T":
        assert left_out == [] and entries[0].sources == ("AT&T",)
    else:
        assert left_out == ["odd"]
        assert [e.concept_id for e in entries] == ["kyiv"]


def test_dix_sections_use_fresh_lemmas_a_named_section_and_blanks() -> None:
    entries, _ = terms.term_entries(GLOSSARY, "en", "es")
    analyser, bidix, generator = (ET.fromstring(doc) for doc in terms.dix_sections(entries))
    for doc in (analyser, bidix, generator):
        assert [s.get("id") for s in doc.iter("section")] == ["glossary-terms"]
        assert {s.get("n") for s in doc.iter("sdef")} == {"np", "al", "loc", "m", "f", "sg"}
    first = analyser.find("section/e/p")
    assert first is not None
    left, right = first.find("l"), first.find("r")
    assert left is not None and right is not None
    assert (left.text, left.find("b").tail) == ("European", "Union")  # type: ignore[union-attr]
    assert right.text == "tglss1" and [s.get("n") for s in right.iter("s")] == ["np", "al", "m", "sg"]
    lemmas = [p.find("r").text for p in analyser.iter("p")]  # type: ignore[union-attr]
    assert lemmas == ["tglss1", "tglss2", "tglss3", "tglss3"]
    assert [(p.find("l").text, p.find("r").text) for p in bidix.iter("p")] == [  # type: ignore[union-attr]
        ("tglss1", "tglst1"), ("tglss2", "tglst2"), ("tglss3", "tglst3")]
    assert [p.find("l").text for p in generator.iter("p")] == ["Unión", "UE", "Kyiv"]  # type: ignore[union-attr]


def test_xml_specials_are_escaped() -> None:
    amp = concept("att", "organization", en=TermVariants("AT&T"), es=TermVariants("AT&T"))
    entries, _ = terms.term_entries(Glossary((amp,), "c" * 64), "en", "es")
    analyser = terms.dix_sections(entries)[0]
    assert "<l>AT&amp;T</l>" in analyser
    assert ET.fromstring(analyser).find("section/e/p/l").text == "AT&T"  # type: ignore[union-attr]


def test_grammar_defaults_by_kind_and_reads_declared_values() -> None:
    assert terms.grammar(EU, "UE") == ("f", "sg")
    assert terms.grammar(EU, "Unión Europea") == ("m", "sg")
    assert terms.grammar(KYIV, "Kyiv") == ("m", "sg")
    declared = concept("european-union", "organization", en=TermVariants("European Union", ("EU",)),
                       es=TermVariants("Unión Europea", ("UE",), gender="f"),
                       de=TermVariants("Europäische Union", ("EU",), gender="n", number="pl"))
    assert terms.grammar(declared, "Unión Europea", lang="es", source="en") == ("f", "sg")
    assert terms.grammar(declared, "Europäische Union", lang="de", source="en") == ("nt", "pl")


def test_place_class_follows_the_pairs_transfer_rules() -> None:
    assert terms.place_class(needs_mode("eng-spa")) == "loc"
    assert terms.place_class(needs_mode("eng-cat")) == "top"


# ---- the cache ------------------------------------------------------------------------------------------------


@needs_tools
def test_built_once_then_reused(tmp_path: Path) -> None:
    mode = needs_mode("eng-spa")
    first = terms.build(GLOSSARY, mode, "en", "es", tmp_path, version="1")
    again = terms.build(GLOSSARY, mode, "en", "es", tmp_path, version="1")
    assert (first.built, again.built) == (True, False)
    assert first.folder == again.folder == tmp_path / "apertium-terms" / "eng-spa-1-aaaaaaaaaaaa"
    assert sorted(p.name for p in (tmp_path / "apertium-terms").iterdir()) == ["eng-spa-1-aaaaaaaaaaaa"]
    assert {"eng-spa.automorf.bin", "eng-spa.autobil.bin", "eng-spa.autogen.bin", "select.bin", "complete",
            "terms.json"} <= {p.name for p in first.folder.iterdir()}


@needs_tools
@pytest.mark.parametrize("change", ["glossary", "version"], ids=["glossary-signature", "package-version"])
def test_rebuilt_under_a_new_key_and_the_old_removed(tmp_path: Path, change: str) -> None:
    mode = needs_mode("eng-spa")
    old = terms.build(GLOSSARY, mode, "en", "es", tmp_path, version="1")
    glossary = Glossary((EU,), "d" * 64) if change == "glossary" else GLOSSARY
    new = terms.build(glossary, mode, "en", "es", tmp_path, version="2" if change == "version" else "1")
    assert new.built and new.folder != old.folder
    assert not old.folder.exists()
    assert [p.name for p in (tmp_path / "apertium-terms").iterdir()] == [new.folder.name]


@needs_tools
@pytest.mark.parametrize("damage", ["removed", "wrong", "old-format", "no-summary"],
                         ids=["stamp-removed", "stamp-wrong", "stamp-of-an-older-layout", "summary-removed"])
def test_a_damaged_cache_is_rebuilt(tmp_path: Path, damage: str) -> None:
    mode = needs_mode("eng-spa")
    built = terms.build(GLOSSARY, mode, "en", "es", tmp_path, version="1")
    (built.folder / "eng-spa.automorf.bin").write_bytes(b"garbage")
    if damage == "removed":
        (built.folder / "complete").unlink()
    elif damage == "old-format":
        (built.folder / "complete").write_text(built.folder.name, "utf-8")  # format 1 stamped the key alone
    elif damage == "no-summary":
        (built.folder / "terms.json").unlink()
    else:
        (built.folder / "complete").write_text("eng-spa-0-x", "utf-8")
    again = terms.build(GLOSSARY, mode, "en", "es", tmp_path, version="1")
    assert again.built
    assert translate(again, "He went to Kiev.") == "Fue a Kyiv."


@needs_tools
def test_the_mode_uses_the_copies_and_the_selection(tmp_path: Path) -> None:
    mode = needs_mode("eng-spa")
    built = terms.build(GLOSSARY, mode, "en", "es", tmp_path, version="1")
    text = built.mode.read_text("utf-8")
    assert "/usr/share/apertium/apertium-eng-spa/eng-spa.automorf.bin" not in text
    assert "/usr/share/apertium/apertium-eng-spa/eng-spa.autobil.bin" not in text
    assert f"lt-proc '{built.folder / 'eng-spa.automorf.bin'}' | cg-proc '{built.folder / 'select.bin'}' |" in text
    assert text.endswith("lt-proc -p '/usr/share/apertium/apertium-eng-spa/eng-spa.autopgen.bin'\n")


def test_missing_tools_is_one_line_or_none() -> None:
    message = terms.missing_tools()
    if all(shutil.which(tool) for tool in terms.TOOLS):
        assert message is None
    else:
        assert message is not None and "\n" not in message and "lttoolbox-dev" in message


# ---- the grammar around compiled terms, through real Apertium ---------------------------------------------------


@needs_tools
@pytest.mark.parametrize(("pair", "target", "text", "expected", "plain_differs"), [
    ("eng-spa", "es", "He went to Kiev yesterday.", "Fue a Kyiv ayer.", True),
    ("eng-spa", "es", "The EU has imposed sanctions.", "La UE ha impuesto", False),
    ("eng-cat", "ca", "He went to Kiev yesterday.", "Va anar a Kíiv ahir.", True),
    ("en-gl", "gl", "Russia and the EU signed a deal.", "Rusia e a UE asinaron un trato.", True),
    ("en-gl", "gl", "The EU has imposed sanctions.", "A UE impuxo sancións.", True),
    ("en-gl", "gl", "He went to Kiev yesterday.", "Foi a Kyiv onte.", True),
], ids=["es-kiev-to-kyiv", "es-la-ue", "ca-kiev-to-kiiv", "gl-a-ue-after-e", "gl-a-ue-subject", "gl-kiev-to-kyiv"])
def test_compiled_terms_come_out_with_their_grammar(tmp_path: Path, pair: str, target: str, text: str,
                                                    expected: str, plain_differs: bool) -> None:
    built = terms.build(GLOSSARY, needs_mode(pair), "en", target, tmp_path, version="1")
    assert translate(built, text).startswith(expected)
    assert plain(pair, text).startswith(expected) is not plain_differs


@needs_tools
def test_without_terms_the_copies_are_the_pairs_dictionaries(tmp_path: Path) -> None:
    built = terms.build(Glossary((), "e" * 64), needs_mode("eng-spa"), "en", "es", tmp_path, version="1")
    assert translate(built, "He went to Kiev.") == plain("eng-spa", "He went to Kiev.")


@needs_tools
@pytest.mark.parametrize(("pair", "target", "text", "expected"), [
    ("eng-spa", "es", "He travelled from Kiev to the EU.", "Viajó de Kyiv a la UE."),
    ("en-gl", "gl", "The EU's plan failed.", "O plan da UE fallou."),
    ("en-gl", "gl", "He travelled from Kiev to the EU.", "Viaxou desde Kíiv á UE."),
    ("eng-cat", "ca", "He travelled from Kiev to the EU.", "Va viatjar des de Kíiv a la UE."),
], ids=["es-de-kyiv-a-la-ue", "gl-da-ue", "gl-desde-kiiv-a-ue", "ca-des-de-kiiv"])
def test_the_shipped_glossary_compiles_whole_and_keeps_contractions(tmp_path: Path, pair: str, target: str,
                                                                     text: str, expected: str) -> None:
    glossary = load_glossary(Path(__file__).parents[1] / "glossary")
    built = terms.build(glossary, needs_mode(pair), "en", target, tmp_path, version="1")
    assert built.left_out == ()
    assert translate(built, text) == expected
    assert plain(pair, text) != expected


@needs_tools
def test_the_engines_persistent_pipeline_runs_the_terms_mode(tmp_path: Path) -> None:
    built = terms.build(GLOSSARY, needs_mode("eng-spa"), "en", "es", tmp_path, version="1")
    pipeline = _Pipeline.start(built.mode)
    try:
        answers = pipeline.translate([encode("He went to Kiev."), encode("The EU has imposed sanctions."),
                                      encode("<1>Three questions about Kiev:</1>")], timeout=60)
    finally:
        pipeline.close()
    # A tag around several words is a word-bound blank on each of them, which the pair's own stages attach
    # and detach: the copies keep the pair's file names, by which apertium-wblank-mode finds those stages.
    assert [decode(answer, mode="eng-spa").text.strip() for answer in answers] == [
        "Fue a Kyiv.", "La UE ha impuesto sanciona.", "<1>Tres cuestiones aproximadamente Kyiv:</1>"]


def test_an_undeclared_gender_comes_from_the_target_languages_own_analyser() -> None:
    """es Rusia is feminine to spa-eng's analyser: a place declaring no gender takes it; an unknown word stays masculine."""
    russia = concept("russia", "place", en=TermVariants("Russia"), es=TermVariants("Rusia"))
    xyz = concept("xyzland", "place", en=TermVariants("Xyzland"), es=TermVariants("Xyzlandia"))
    declared = concept("ukraine", "place", en=TermVariants("Ukraine"), es=TermVariants("Ucrania", gender="m"))
    entries, _ = terms.term_entries(Glossary((russia, xyz, declared), "f" * 64), "en", "es")
    assert [(e.target, e.declared, e.tags[-2:]) for e in entries] == [
        ("Rusia", False, ("m", "sg")), ("Xyzlandia", False, ("m", "sg")), ("Ucrania", True, ("m", "sg"))]
    fitted = terms.with_pair_grammar(entries, needs_mode("eng-spa"))
    assert [e.tags[-2:] for e in fitted] == [("f", "sg"), ("m", "sg"), ("m", "sg")]  # the declaration wins


def test_terms_the_pair_already_renders_with_their_gender_are_left_to_it() -> None:
    """eng-spa knows Kremlin (m) and EU -> UE (f): nothing to compile; gl's own EU is EU, and en-gl's OSCE is mf."""
    kremlin = concept("kremlin", "organization", en=TermVariants("Kremlin"), es=TermVariants("Kremlin", gender="m"),
                      gl=TermVariants("Kremlin", gender="f"))
    eu = concept("eu", "organization", en=TermVariants("EU"), es=TermVariants("UE", gender="f"),
                 gl=TermVariants("UE", gender="f"))
    osce = concept("osce", "organization", en=TermVariants("OSCE"), gl=TermVariants("OSCE", gender="f"))
    glossary = Glossary((kremlin, eu, osce), "9" * 64)
    es, _ = terms.term_entries(glossary, "en", "es")
    assert sorted(es[n].concept_id for n in terms.known_entries(es, needs_mode("eng-spa"))) == ["eu", "kremlin"]
    gl, _ = terms.term_entries(glossary, "en", "gl")
    # gl: Kremlin is masculine to the pair where the glossary says feminine; EU is not UE; OSCE's gender is open.
    assert terms.known_entries(gl, needs_mode("en-gl")) == set()
