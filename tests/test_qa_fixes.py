"""Safe fixes of machine drafts: each fix and each thing left alone, the before/after finding, tags kept
balanced, term offsets moved, the numbers check on fixed numbers, and a `translate run` storing a fixed draft."""

from __future__ import annotations

from pathlib import Path

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import requires_apertium
from translate.config import Workspace
from translate.inline import strip_tags, tagged_to_runs
from translate.model import AppliedTerm, Finding, Glossary, Mark, MarkKind, MTResult, Segment, Severity
from translate.pipeline import execute_run, plan_run
from translate.qa import AUTO_FIX, CHECKS, Checker, Fixer, Stage, needs_review
from translate.qa.fixes import FixKind, fix_kind
from translate.store import Store

EMPTY = Glossary((), "")
MARKS = (Mark(MarkKind.STRONG), Mark(MarkKind.EMPHASIS))


def fixed(source: str, target: str, *, src: str = "en", tgt: str = "es") -> MTResult:
    return Fixer(src=src, tgt=tgt)(Segment("s1", 0, source, MARKS), MTResult(target))


def messages(result: MTResult, check: str = "auto-fix") -> list[str]:
    return [f.message for f in result.findings if f.check == check]


@pytest.mark.parametrize(
    ("source", "target", "tgt", "expected", "said"),
    [
        pytest.param("The reason is history.", "La razón es historia .", "es", "La razón es historia.",
                     ["spacing: “historia .” → “historia.”"], id="space-before-full-stop"),
        pytest.param("Internationally, and", "internacionalmente , y", "es", "internacionalmente, y",
                     ["spacing: “internacionalmente ,” → “internacionalmente,”"], id="space-before-comma"),
        pytest.param("The bloc; Moscow: no.", "El bloque ; Moscú : no.", "ca", "El bloque; Moscú: no.",
                     ["spacing: “bloque ;” → “bloque;”", "spacing: “Moscú :” → “Moscú:”"],
                     id="space-before-semicolon-colon"),
        pytest.param("A (big) [note] day.", "Un ( gran ) [ nota ] día.", "es", "Un (gran) [nota] día.",
                     ["spacing: “( gran” → “(gran”", "spacing: “gran )” → “gran)”", "spacing: “[ nota” → “[nota”",
                      "spacing: “nota ]” → “nota]”"], id="brackets"),
        pytest.param("He declined.", " Declinó.", "es", "Declinó.", ["spacing: “ Declinó.” → “Declinó.”"],
                     id="leading-space"),
        pytest.param("He declined.", "Declinó. ", "es", "Declinó.", ["spacing: “Declinó. ” → “Declinó.”"],
                     id="trailing-space"),
        pytest.param("It rose sharply.", "Subió  mucho.", "es", "Subió mucho.",
                     ["spacing: “Subió  mucho.” → “Subió mucho.”"], id="doubled-space"),
        pytest.param("A second offensive from the north.", "Una ofensiva del del norte.", "es",
                     "Una ofensiva del norte.", ["doubled word: “del del” → “del”"], id="doubled-word"),
        pytest.param("Since then.", "@Since entonces.", "gl", "Since entonces.", ["engine mark: “@Since” → “Since”"],
                     id="leaked-at-mark"),
        pytest.param("The unknown word.", "La *palabra desconocida.", "es", "La palabra desconocida.",
                     ["engine mark: “*palabra” → “palabra”"], id="leaked-star-mark"),
        pytest.param("It fell.", "Cayó #caer.", "es", "Cayó caer.", ["engine mark: “#caer.” → “caer.”"],
                     id="leaked-hash-mark"),
    ],
)
def test_fixes(source: str, target: str, tgt: str, expected: str, said: list[str]) -> None:
    result = fixed(source, target, tgt=tgt)
    assert result.text == expected
    assert messages(result) == said


@pytest.mark.parametrize(
    ("source", "target", "tgt"),
    [
        pytest.param("It is a trap: spellings; more!", "C'est un piège : orthographes ; plus !", "fr",
                     id="fr-space-before-colon-semicolon"),
        pytest.param("It is a trap: spellings.", "C'est un piège\u202f: orthographes.", "fr", id="fr-narrow-no-break"),
        pytest.param("“Peace”, he said.", "«\u00a0Paix\u00a0», dit-il.", "fr", id="fr-guillemets"),
        pytest.param("We are here.", "Nous nous sommes ici.", "fr", id="fr-reflexive-nous-nous"),
        pytest.param("It was very very cold.", "Hacía muy muy frío.", "es", id="source-doubles-too"),
        pytest.param("Follow #MeToo and @since.", "Sigue #MeToo y @since.", "es", id="source-hashtag-and-handle"),
        pytest.param("Follow #Ukraine.", "Sigue #Ucrania.", "es", id="source-hashtag-translated"),
        pytest.param("Write to a@b.org today.", "Escribe a a@b.org hoy.", "es", id="email-address"),
        pytest.param("Score 3 : 1.", "Resultado 3 : 1.", "es", id="source-spaced-colon"),
        pytest.param("A .5 calibre.", "Un calibre .5.", "es", id="decimal-point-after-space"),
        pytest.param("In 1992 and 2022.", "En 1992 y 2022.", "es", id="years"),
        pytest.param("Version 0.8.1 and v0.8 shipped.", "La versión 0.8.1 y v0.8 salieron.", "es",
                     id="version-numbers"),
        pytest.param("At 10.30 am.", "A las 10.30 am.", "es", id="time"),
        pytest.param("At 10.30 a.m. sharp.", "A las 10.30 a.m. en punto.", "es", id="time-with-points"),
        pytest.param("Members of NATO.", "Miembros de DE LA OTAN.", "es", id="doubled-in-other-case"),
        pytest.param("See example.org/3.5 and B3.5.", "Ver example.org/3.5 y B3.5.", "es", id="url-and-word"),
        pytest.param("It rose 3.5 percent.", "Subió 3,5 por ciento.", "es", id="number-already-localized"),
        pytest.param("The ids 1,2 and 4,56.", "Los ids 1,2 y 4,56.", "es", id="not-an-english-number"),
        pytest.param("It rose 3.5 percent.", "It rose 3.5 percent.", "en-GB", id="same-number-style"),
        pytest.param(" Indented.", " Sangrado.", "es", id="source-leading-space"),
    ],
)
def test_left_alone(source: str, target: str, tgt: str) -> None:
    result = fixed(source, target, tgt=tgt)
    assert result.text == target
    assert messages(result) == []


@pytest.mark.parametrize(
    ("source", "target", "tgt", "expected"),
    [
        pytest.param("A 3.5 percent fall.", "Una caída de 3.5 por ciento.", "es", "Una caída de 3,5 por ciento.",
                     id="es-decimal"),
        pytest.param("More than 100,000 people.", "Más de 100,000 personas.", "es", "Más de 100.000 personas.",
                     id="es-thousands"),
        pytest.param("More than 100,000 people.", "Plus de 100,000 personnes.", "fr",
                     "Plus de 100\u202f000 personnes.", id="fr-thousands-narrow-no-break"),
        pytest.param("More than 100,000 people.", "Mais de 100,000 pessoas.", "pt", "Mais de 100.000 pessoas.",
                     id="pt-thousands"),
        pytest.param("More than 100,000 people.", "Més de 100,000 persones.", "ca", "Més de 100.000 persones.",
                     id="ca-thousands"),
        pytest.param("More than 100,000 people.", "Più di 100,000 persone.", "it", "Più di 100.000 persone.",
                     id="it-thousands"),
        pytest.param("More than 100,000 people.", "Máis de 100,000 persoas.", "gl", "Máis de 100\u00a0000 persoas.",
                     id="gl-thousands-babel-no-break-space"),
        pytest.param("About 1,234.5 tonnes.", "Unas 1,234.5 toneladas.", "es", "Unas 1.234,5 toneladas.",
                     id="mixed-separators"),
        pytest.param("It cost $3.50 (3.50%).", "Costó $3.50 (3.50%).", "es", "Costó $3,50 (3,50%).",
                     id="decimals-kept-currency-percent"),
        pytest.param("It rose 2.5 percent in 2022.", "Subió 2.5 por ciento en 2022.", "es",
                     "Subió 2,5 por ciento en 2022.", id="year-beside-a-fixed-number"),
        pytest.param("It rose <1>3.5</1> percent.", "Subió <1>3.5</1> por ciento.", "es",
                     "Subió <1>3,5</1> por ciento.", id="tagged-number"),
    ],
)
def test_numbers_in_the_target_locale(source: str, target: str, tgt: str, expected: str) -> None:
    result = fixed(source, target, tgt=tgt)
    assert result.text == expected
    assert all(m.startswith("number format: ") for m in messages(result))
    assert Checker(Stage.MACHINE_DRAFT, EMPTY, src="en", tgt=tgt)(Segment("s1", 0, source, MARKS), result.text) == []


@pytest.mark.parametrize(
    ("target", "missing"),
    [
        pytest.param("Subió 2,5 por ciento.", False, id="fixed-decimal-passes"),
        pytest.param("Subió 25 por ciento.", True, id="twenty-five-is-not-two-and-a-half"),
    ],
)
def test_numbers_check_tells_fixed_numbers_apart(target: str, missing: bool) -> None:
    findings = Checker(Stage.MACHINE_DRAFT, EMPTY, src="en", tgt="es")(Segment("s1", 0, "It rose 2.5 percent."), target)
    assert any(f.check == "numbers" for f in findings) is missing


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        pytest.param("The reason is <1>history</1>.", "La razón es <1>historia </1>.", "La razón es <1>historia</1>.",
                     id="space-inside-closing-tag"),
        pytest.param("The reason is <1>history</1>.", "La razón es <1>historia</1> .", "La razón es <1>historia</1>.",
                     id="space-after-closing-tag"),
        pytest.param("A (<1>big</1>) day.", "Un ( <1>gran</1> ) día.", "Un (<1>gran</1>) día.",
                     id="brackets-round-tags"),
        pytest.param("<1>He</1> declined.", "<1> Él</1> declinó.", "<1>Él</1> declinó.", id="leading-space-in-tag"),
        pytest.param("Of the <1>north</1>.", "Del del <1>norte</1>  <2>.</2>", "Del <1>norte</1><2>.</2>",
                     id="doubled-word-and-spaces-beside-tags"),
        pytest.param("Salt &amp; pepper ; no.", "Sal &amp; pimienta ; no.", "Sal &amp; pimienta ; no.",
                     id="entity-and-source-spacing"),
        pytest.param("Salt &amp; pepper.", "Sal &amp; &amp; pimienta .", "Sal &amp; &amp; pimienta.",
                     id="entity-never-undoubled"),
    ],
)
def test_tags_stay_balanced(source: str, target: str, expected: str) -> None:
    result = fixed(source, target)
    assert result.text == expected
    tagged_to_runs(result.text, MARKS)  # raises TagError if a tag lost its pair


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        pytest.param("Subió 3,5 por ciento.", "It rose 3,5 percent.", "It rose 3.5 percent.", id="es-en-decimal"),
        pytest.param("Más de 100.000 personas.", "More than 100.000 people.", "More than 100,000 people.",
                     id="es-en-thousands"),
    ],
)
def test_numbers_follow_the_source_locale_too(source: str, target: str, expected: str) -> None:
    assert fixed(source, target, src="es", tgt="en").text == expected


_PIECES = st.sampled_from([" ", "  ", "del", "Del", "norte", ",", ".", ";", ":", "(", ")", "[", "]", "@since",
                            "*x", "3.5", "1,000", "&amp;", "&lt;", "«\u00a0", "\u202f»", "!"])


@st.composite
def tagged_texts(draw: st.DrawFn) -> str:
    """Tagged text of the fixes' favourite pieces, with properly nested tags among them."""
    out: list[str] = []
    for number in range(1, draw(st.integers(0, 3)) + 1):
        out.extend(draw(st.lists(_PIECES, max_size=5)))
        out.append(f"<{number}>")
        out.extend(draw(st.lists(_PIECES, max_size=5)))
        out.append(f"</{number}>")
    out.extend(draw(st.lists(_PIECES, max_size=5)))
    return "".join(out)


@given(text=tagged_texts(), tgt=st.sampled_from(["es", "fr", "gl"]))
def test_fixes_keep_every_tag_and_entity(text: str, tgt: str) -> None:
    result = Fixer(src="en", tgt=tgt)(Segment("s1", 0, "Plain words.", MARKS), MTResult(text))
    markup = re.compile(r"</?[1-9][0-9]*>|&(?:amp|lt|gt);")
    assert markup.findall(result.text) == markup.findall(text)
    assert all(f.message.count("→") == 1 for f in result.findings if f.check == "auto-fix")


def test_a_leaked_mark_flags_the_word_as_the_engine_reports_it() -> None:
    result = fixed("Since then.", "@since entonces.", tgt="gl")
    flags = [f for f in result.findings if f.check != "auto-fix"]
    assert [(f.check, f.text) for f in flags] == [("missing-translation", "since")]
    assert flags[0].severity is Severity.MINOR


def test_findings_of_the_engine_are_kept_and_terms_move_with_the_text() -> None:
    engine_finding = Finding("unknown-word", Severity.MINOR, "Apertium did not know “Zorya”", text="Zorya")
    term = AppliedTerm("csto", "dictionary", "CSTO", "OTSC", 12, 13)
    result = Fixer(src="en", tgt="es")(
        Segment("s1", 0, "Leaving the CSTO, the CSTO said."),
        MTResult(" Dejando la  OTSC , la OTSC dijo.", (engine_finding,), (term,)),
    )
    assert result.text == "Dejando la OTSC, la OTSC dijo."
    assert result.findings[0] == engine_finding
    moved = result.terms[0].target_start
    assert moved is not None and result.text[moved:moved + 4] == "OTSC"


def test_an_unchanged_draft_is_the_engine_result_itself() -> None:
    result = MTResult("La razón es historia.")
    assert Fixer(src="en", tgt="es")(Segment("s1", 0, "The reason is history."), result) is result


def test_auto_fix_is_a_minor_check_that_never_blocks() -> None:
    assert AUTO_FIX in CHECKS
    assert (AUTO_FIX.severity, AUTO_FIX.blocks, AUTO_FIX.stages) == (Severity.MINOR, False, frozenset())
    assert not needs_review(fixed("The reason is history.", "La razón es historia .").findings)


@pytest.mark.parametrize(("target", "kinds"), [
    pytest.param("La razón es historia .", [FixKind.SPACING], id="spacing"),
    pytest.param("Una ofensiva del del norte  .", [FixKind.DOUBLED_WORD, FixKind.SPACING], id="doubled-and-spacing"),
    pytest.param("@Since 3.5 entonces.", [FixKind.ENGINE_MARK, FixKind.NUMBER], id="mark-and-number"),
])
def test_fix_kind_tells_what_each_fix_was(target: str, kinds: list[FixKind]) -> None:
    result = fixed("Since 3.5 then, the north.", target)
    assert [fix_kind(f) for f in result.findings if f.check == "auto-fix"] == kinds
    others = [f for f in result.findings if f.check != "auto-fix"]
    assert [fix_kind(f) for f in others] == [None] * len(others)


def test_an_unknown_target_language_gets_the_spacing_fixes_only() -> None:
    result = fixed("It rose 3.5 percent.", "Il 3.5 rose .", tgt="xx-unknown")
    assert result.text == "Il 3.5 rose."


ARTICLE = """---
title: The north
---
The reason is history. For now, most analysts consider a second offensive from the north unlikely.
"""


@requires_apertium
def test_run_stores_the_fixed_draft_and_its_findings(tmp_path: Path) -> None:
    source = tmp_path / "north.md"
    source.write_text(ARTICLE, encoding="utf-8")
    workspace = Workspace(tmp_path / "ws")
    execute_run(plan_run(workspace, [source], targets=("es",)))
    with Store.open(workspace.store_path) as store:
        texts = {strip_tags(t.text) for t in store.translations("north", "es").values()}
        fixes = sorted(f.message for f in store.findings("north", "es") if f.check == "auto-fix")
    assert "La razón es historia." in texts
    assert any("del norte" in t and "del del" not in t for t in texts)
    assert fixes == ["doubled word: “del del” → “del”", "spacing: “historia .” → “historia.”"]
