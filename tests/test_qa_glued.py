"""translate.qa.glued: words Apertium ran together, found with the target language's own analyser, and
the fix of those that split one way only (:class:`~translate.qa.Fixer`), tags kept.

The drafts are this project's demo output (``translate run`` of examples/ to es,ca,gl,pt,fr,it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import requires_apertium
from engines_memory import MemoryEngine
from translate.analysers import Analysers, installed
from translate.config import Workspace
from translate.inline import tag_numbers, tagged_to_runs
from translate.model import Glossary, Mark, MarkKind, MTResult, Segment, Severity
from translate.pipeline import execute_run, plan_run
from translate.qa import Checker, Fixer, Stage, needs_review, registry, skipped
from translate.qa.base import Scope
from translate.qa.glued import GLUED_WORD, Glued, glued_words, prepare, spaces, unavailable
from translate.store import Store

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


# ---- the fix: a word that splits one way only is split in the draft ----

_MARKS = (Mark(MarkKind.STRONG), Mark(MarkKind.EMPHASIS), Mark(MarkKind.CODE))


def _fixed(lang: str, source: str, target: str, *, pivot: str | None = None) -> MTResult:
    return Fixer(src="en", tgt=lang, pivot=pivot)(Segment("s1", 0, source, _MARKS), MTResult(target))


def _said(result: MTResult) -> list[str]:
    return [f.message for f in result.findings if f.check == "auto-fix"]


@pytest.mark.parametrize(
    ("lang", "source", "target", "expected", "said"),
    [
        pytest.param("es", _PROVISIONS, "Ereván pidió sus aliados para ayuda bajo lasprovisionesde defensa.",
                     "Ereván pidió sus aliados para ayuda bajo las provisiones de defensa.",
                     ["glued word: “lasprovisionesde” → “las provisiones de”"], id="es-lasprovisionesde"),
        pytest.param("es", _FACT_FINDING, "El bloque envió una misión queencuentrahecho más que tropas.",
                     "El bloque envió una misión que encuentra hecho más que tropas.",
                     ["glued word: “queencuentrahecho” → “que encuentra hecho”"], id="es-queencuentrahecho"),
        pytest.param("ca", _SECURITY, "les esperances d'Ucraïna per restadeseguretat de terme llarg",
                     "les esperances d'Ucraïna per resta de seguretat de terme llarg",
                     ["glued word: “restadeseguretat” → “resta de seguretat”"], id="ca-restadeseguretat"),
        pytest.param("gl", _PROVISIONS, "baixo asprovisiónsde defensa colectivo do tratado.",
                     "baixo as provisións de defensa colectivo do tratado.",
                     ["glued word: “asprovisiónsde” → “as provisións de”"], id="gl-asprovisionsde"),
        pytest.param("es", "The report based in Luhansk says so.", "el informe basadoenLuhansk lo dice",
                     "el informe basado en Luhansk lo dice", ["glued word: “basadoenLuhansk” → “basado en Luhansk”"],
                     id="es-name-glued-after-words"),
        pytest.param("es", _INVASION, "su invasióndeescala, y otra invasióndeescala.",
                     "su invasión de escala, y otra invasión de escala.",
                     ["glued word: “invasióndeescala,” → “invasión de escala,”",
                      "glued word: “invasióndeescala.” → “invasión de escala.”"], id="twice-in-a-segment"),
    ],
)
def test_a_word_with_one_split_is_fixed_and_said(lang: str, source: str, target: str, expected: str,
                                                  said: list[str]) -> None:
    result = _fixed(lang, source, target)
    assert (result.text, _said(result)) == (expected, said)
    assert not needs_review(result.findings)
    assert _check(lang, source, result.text) == []  # nothing left for the check


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        pytest.param("bajo las<1>provisiones</1>de defensa", "bajo las <1>provisiones</1> de defensa",
                     id="space-before-opening-after-closing"),
        pytest.param("bajo <1>lasprovisiones</1>de defensa", "bajo <1>las provisiones</1> de defensa",
                     id="boundary-inside-a-tag"),
        pytest.param("bajo las<1>provisionesde</1> defensa", "bajo las <1>provisiones de</1> defensa",
                     id="tag-to-the-end"),
        pytest.param("bajo <1>las</1><2>provisiones</2>de defensa", "bajo <1>las</1> <2>provisiones</2> de defensa",
                     id="between-a-closing-and-an-opening"),
        pytest.param("bajo <1>las<2>provisiones</2></1>de defensa", "bajo <1>las <2>provisiones</2></1> de defensa",
                     id="nested-tags"),
    ],
)
def test_the_fix_keeps_every_tag_and_puts_spaces_outside_them(target: str, expected: str) -> None:
    result = _fixed("es", _PROVISIONS, target)
    assert result.text == expected
    assert _said(result) == ["glued word: “lasprovisionesde” → “las provisiones de”"]
    tagged_to_runs(result.text, _MARKS)  # raises TagError if a tag lost its pair


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("bajo las<1></1>provisionesde defensa", id="empty-element-between-pieces"),
        pytest.param("bajo lasprovisiones<1></1>de defensa", id="empty-element-before-the-last-piece"),
    ],
)
def test_no_safe_place_for_a_space_is_flagged_not_fixed(target: str) -> None:
    result = _fixed("es", _PROVISIONS, target)
    assert (result.text, _said(result)) == (target, [])
    assert _check("es", _PROVISIONS, result.text) == [
        ("glued words: “lasprovisionesde” is “las provisiones de”", "lasprovisionesde")]


def test_spaces_of_each_occurrence_where_they_keep_the_tags() -> None:
    glued = Glued("lasprovisionesde", (("las", "provisiones", "de"),))
    assert spaces("x lasprovisionesde <1>las</1>provisiones<2></2>de", glued) == [[5, 16]]
    assert spaces("&amp;lasprovisionesde y Xlasprovisionesde", glued) == [[8, 19]]


@pytest.mark.parametrize(
    ("lang", "source", "target", "pivot"),
    [
        pytest.param("ca", _INVASION, "la seva invasiódeescala plena.", None, id="several-splits-stay-a-flag"),
        pytest.param("es", "The report.", "El informe de Tokayev sobre Pashinyan en Gyumri.", None, id="names"),
        pytest.param("es", "The report.", "El Lasprovisionesde informe.", None, id="capitalised-word-is-a-name"),
        pytest.param("gl", "The ceasefire held.", "O ceasefire mantivo.", None, id="gl-ceasefire-from-the-source"),
        pytest.param("es", "Route 66.", "Ruta 66abc y 3x4de.", None, id="digits"),
        pytest.param("fr", "Russia annexed Crimea.", "la Russie anexionó Crimée", "es", id="pivot-word"),
        pytest.param("de", "The front door.", "die Haustürvorne", None, id="no-analyser"),
    ],
)
def test_left_unfixed(lang: str, source: str, target: str, pivot: str | None) -> None:
    result = _fixed(lang, source, target, pivot=pivot)
    assert (result.text, _said(result)) == (target, [])


def test_several_splits_stay_a_flag_listing_them() -> None:
    result = _fixed("ca", _INVASION, "la seva invasiódeescala plena.")
    [(message, _)] = _check("ca", _INVASION, result.text)
    assert message == ("unknown word “invasiódeescala” may be glued words: “invasió de escala” or "
                       "“invasió dees cala”")


def test_a_primed_batch_is_fixed_alike() -> None:
    fix = Fixer(src="en", tgt="es")
    batch = [(Segment("s1", 0, _PROVISIONS), MTResult("bajo lasprovisionesde defensa")),
             (Segment("s2", 0, _FACT_FINDING), MTResult("una misión queencuentrahecho"))]
    fix.prime(batch)
    assert [fix(segment, result).text for segment, result in batch] == [
        "bajo las provisiones de defensa", "una misión que encuentra hecho"]


_GLUED_PIECES = st.sampled_from(["las", "provisiones", "de", "defensa", "Luhansk", "basado", "en", " ", ".", ",",
                                 "&amp;", "3"])


@st.composite
def _glued_texts(draw: st.DrawFn) -> str:
    """Tagged text of glued words' pieces, often run together, with properly nested tags among and inside them."""
    out: list[str] = []
    for number in range(1, draw(st.integers(0, 3)) + 1):
        out.extend(draw(st.lists(_GLUED_PIECES, max_size=4)))
        out.append(f"<{number}>")
        out.extend(draw(st.lists(_GLUED_PIECES, max_size=4)))
        if draw(st.booleans()):
            out.append(f"</{number}>")
        else:  # the closing tag later, after more pieces (nesting the next ones)
            out.extend(draw(st.lists(_GLUED_PIECES, max_size=2)))
            out.append(f"</{number}>")
    out.extend(draw(st.lists(_GLUED_PIECES, max_size=4)))
    return "".join(out)


@settings(max_examples=200, deadline=None)
@given(text=_glued_texts())
def test_fixing_glued_words_never_changes_the_tags(text: str) -> None:
    result = Fixer(src="en", tgt="es")(Segment("s1", 0, "Plain words.", _MARKS), MTResult(text))
    markup = re.compile(r"</?[1-9][0-9]*>|&amp;")
    assert markup.findall(result.text) == markup.findall(text)
    assert tag_numbers(result.text) == tag_numbers(text)
    tagged_to_runs(result.text, _MARKS)


_GLUED_ARTICLE = "---\ntitle: Defence\n---\nBut provisions held. And provisions of defence held.\n"


def test_a_run_stores_the_split_draft_and_says_so(tmp_path: Path) -> None:
    source = tmp_path / "provisions.md"
    source.write_text(_GLUED_ARTICLE, encoding="utf-8")
    workspace = Workspace(tmp_path / "ws")
    memory = MemoryEngine({("en", "es"): {"but": "pero", "and": "y", "provisions": "lasprovisionesde",
                                          "held": "valieron", "of": "de", "defence": "defensa"}})
    execute_run(plan_run(workspace, [source], targets=("es",), engines=[memory]))
    with Store.open(workspace.store_path) as store:
        texts = [t.text for t in store.translations("provisions", "es").values()]
        fixes = [f.message for f in store.findings("provisions", "es") if f.check == "auto-fix"]
        glued = [f for f in store.findings("provisions", "es") if f.check == "glued-word"]
        [segment_id] = [s for s, t in store.translations("provisions", "es").items() if t.text.startswith("Pero")]
        history = store.history("provisions", segment_id, "es")
    assert all("lasprovisionesde" not in text for text in texts)
    # the split's "de" next to the engine's own: the doubled-word fix reads the split text
    assert sorted(fixes) == ["doubled word: “de de” → “de”",
                             *["glued word: “lasprovisionesde” → “las provisiones de”"] * 2]
    assert glued == []
    assert [entry.to_text for entry in history] == ["Pero las provisiones de valieron."]
    for name in ("es.md", "es.html"):
        draft = (workspace.drafts_dir("provisions") / name).read_text("utf-8")
        if name == "es.html":  # the text itself; the reviewer's notes after it say what was fixed, before and after
            draft, notes = draft.split("</article>")
            assert "“lasprovisionesde” → “las provisiones de”" in notes
        assert "las provisiones de" in draft and "lasprovisionesde" not in draft
