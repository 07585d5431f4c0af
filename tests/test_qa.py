"""QA checks and their registry: every check's findings (and non-findings), stages, severity, blocking,
and a check registered at run time taking part at its stages, in review import, approval and `translate run`."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import requires_apertium
from review_helpers import edited, make_store
from translate.config import Workspace
from translate.engines.apertium import ApertiumEngine
from translate.model import Concept, Finding, Glossary, Mark, MarkKind, Segment, SegmentState, Severity, TermVariants
from translate.pipeline import LanguageResult, execute_run, plan_run
from translate.qa import CHECKS, Check, Checker, Stage, check_terms, counted, names, needs_review, simple
from translate.qa.punctuation import end_mark
from translate.review.apply import Outcome, decide, import_review
from translate.review.package import build_package
from translate.store import Store

EMPTY = Glossary((), "")
GLOSSARY = Glossary(
    (
        Concept("kyiv", (("en", TermVariants("Kyiv", forbidden=("Kiev",))),
                         ("es", TermVariants("Kyiv", forbidden=("Kiev",))))),
        Concept("csto", (("en", TermVariants("CSTO")), ("es", TermVariants("OTSC", forms=("ODKB",))))),
        Concept("gazprom", (("en", TermVariants("Gazprom")),), translate=False),
    ),
    digest="a" * 64,  # matchers are cached by digest: not the "0" * 64 of other tests' glossaries
)


def run_check(name: str, source: str, target: str, *, src: str = "en", tgt: str = "es",
              glossary: Glossary = EMPTY, stage: Stage = Stage.REVIEW_IMPORT) -> list[Finding]:
    """The findings named ``name`` that ``stage``'s checks make on ``target``, the translation of ``source``."""
    findings = Checker(stage, glossary, src=src, tgt=tgt)(Segment("s1", 0, source), target)
    return [f for f in findings if f.check == name]


# ---- the registry ----

def test_names_are_unique_and_each_has_one_severity() -> None:
    assert len({c.name for c in CHECKS}) == len(CHECKS)
    assert all(isinstance(c.severity, Severity) for c in CHECKS)


@pytest.mark.parametrize("check", [pytest.param(c, id=c.name) for c in CHECKS])
def test_a_check_runs_somewhere_if_and_only_if_it_can_run(check: Check) -> None:
    assert bool(check.stages) == (check.prepare is not None)


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        pytest.param(Stage.MACHINE_DRAFT, {"tags", "numbers", "untranslated", "term-missing"},
                     id="machine-draft"),
        pytest.param(Stage.REVIEW_IMPORT, {"tags", "numbers", "untranslated", "term-missing"},
                     id="review-import"),
        pytest.param(Stage.APPROVAL, {"tags", "numbers", "untranslated", "term-missing"},
                     id="approval"),
        pytest.param(Stage.GLOSSARY_IMPACT, {"term-missing", "source-forbidden"}, id="glossary-impact"),
    ],
)
def test_stages(stage: Stage, expected: set[str]) -> None:
    """The built-in checks run where they should (checks added later may run there too). term-missing's run
    also reports term-forbidden and term-dnt-changed (one pass over the glossary)."""
    assert expected <= {c.name for c in CHECKS if stage in c.stages}


def test_unknown_word_and_glossary_checks_come_from_the_registry() -> None:
    assert names(unknown_word=True) == {"unknown-word", "generation-failure", "missing-translation"}
    assert names(glossary=True) == {"term-missing", "term-forbidden", "term-dnt-changed", "term-lost", "pivot-forbidden"}


@pytest.mark.parametrize(
    ("checks", "blocks"),
    [
        pytest.param(["numbers"], True, id="numbers-block"),
        pytest.param(["term-forbidden", "unknown-word"], True, id="one-blocking-among-others"),
        pytest.param(["unknown-word", "memory-match", "term-repaired"], False, id="minor-only"),
        pytest.param(["source-forbidden"], False, id="source-forbidden-does-not-block"),
        pytest.param(["no-such-check"], False, id="unregistered-never-blocks"),
        pytest.param([], False, id="none"),
    ],
)
def test_needs_review_asks_the_registry(checks: list[str], blocks: bool) -> None:
    assert needs_review([Finding(name, Severity.MAJOR, "x") for name in checks]) is blocks



@pytest.mark.parametrize(
    ("checks", "expected"),
    [
        pytest.param(["auto-fix", "tags", "auto-fix", "numbers"], {"tags": 1, "numbers": 1, "auto-fix": 2},
                     id="registry-order"),
        pytest.param(["zz-gone", "tags", "aa-gone"], {"tags": 1, "aa-gone": 1, "zz-gone": 1},
                     id="unregistered-last-by-name"),
        pytest.param([], {}, id="none"),
    ],
)
def test_counted_in_the_registry_order(checks: list[str], expected: dict[str, int]) -> None:
    counts = counted(Finding(name, Severity.MINOR, "x") for name in checks)
    assert list(counts.items()) == list(expected.items())


# ---- numbers ----

@pytest.mark.parametrize(
    ("source", "target", "tgt", "missing"),
    [
        pytest.param("It grew 2.5 percent.", "Creció un 25 por ciento.", "es", "2.5", id="2.5-is-not-25"),
        pytest.param("It grew 3.5 percent.", "Creció un 3,5 por ciento.", "es", None, id="es-decimal-comma"),
        pytest.param("It grew 3.5 percent.", "Creció un 3.5 por ciento.", "es", None, id="kept-as-written"),
        pytest.param("It cost 100,000 dollars.", "Costó 100.000 dólares.", "es", None, id="es-group-dot"),
        pytest.param("It cost 100,000 dollars.", "Il a coûté 100\u202f000 dollars.", "fr", None, id="fr-narrow-space"),
        pytest.param("It cost 100,000 dollars.", "Il a coûté 100 000 dollars.", "fr", None, id="fr-plain-space"),
        pytest.param("It cost 100,000 dollars.", "Costó 100,000 dólares.", "es", None, id="kept-grouping"),
        pytest.param("It cost 100,000 dollars.", "Costó 100 dólares.", "es", "100,000", id="thousands-lost"),
        pytest.param("It cost 1,500 dollars.", "Costó 1,5 dólares.", "es", "1,500", id="es-1,5-is-not-1500"),
        pytest.param("It grew 1.5 percent.", "Creció un 1.500 por ciento.", "es", "1.5", id="es-1.500-is-not-1.5"),
        pytest.param("It grew 1,5 percent.", "Creció un 1,5 por ciento.", "es", None, id="ambiguous-source-as-written"),
        pytest.param("It grew 1,5 percent.", "Creció un 15 por ciento.", "es", None, id="ambiguous-source-grouping"),
        pytest.param("It grew 1,5 percent.", "Cresceu 1.5 por cento.", "pt", None, id="ambiguous-source-decimal"),
        pytest.param("It grew 1,5 percent.", "Creció un 2 por ciento.", "es", "1,5", id="ambiguous-source-wrong"),
        pytest.param("In 2020 30 people died.", "30 personas murieron en 2020.", "es", None, id="space-before-two-digits"),
        pytest.param("On 12.03.2024 it began.", "El 12.03.2024 empezó.", "es", None, id="date-as-written"),
        pytest.param("On 12.03.2024 it began.", "El 12/03/2024 empezó.", "es", "12.03.2024", id="date-split"),
        pytest.param("It ended on 24 November.", "Terminó el 25 de noviembre.", "es", "24", id="changed"),
        pytest.param("24 and 24 again.", "24 y otra vez.", "es", "24", id="counted"),
        pytest.param("It ended on 24 November.", "Acabó el 24 de novembre.", "xx", None, id="unknown-locale"),
        pytest.param("No numbers here.", "Ni uno 3.", "es", None, id="extra-numbers-are-fine"),
        pytest.param("<1>3.5</1> percent.", "<1>3,5</1> por ciento.", "es", None, id="inside-tags"),
    ],
)
def test_numbers(source: str, target: str, tgt: str, missing: str | None) -> None:
    findings = run_check("numbers", source, target, tgt=tgt)
    if missing is None:
        assert findings == []
    else:
        [finding] = findings
        assert finding.severity is Severity.MAJOR and finding.message.endswith(f": {missing}")


@settings(max_examples=300, deadline=None)
@given(
    value=st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
    tgt=st.sampled_from(["es", "ca", "gl", "pt", "fr", "it", "de", "pt-BR", "en"]),
)
def test_numbers_as_each_locale_writes_them(value: Decimal, tgt: str) -> None:
    """A number written by babel in the source's and in the target's locale is the same number; ten times
    it is not."""
    source = f"It was {format_decimal(value, locale='en')} in all."
    assert run_check("numbers", source, f"Fue {format_decimal(value, locale=tgt.replace('-', '_'))} en total.",
                     tgt=tgt) == []
    other = format_decimal(value * 10 + 1, locale=tgt.replace("-", "_"))
    assert run_check("numbers", source, f"Fue {other} en total.", tgt=tgt) != []


# ---- tags ----

@pytest.mark.parametrize(
    ("target", "problem"),
    [
        pytest.param("Nadie firmó la <1>final</1>.", None, id="paired"),
        pytest.param("Nadie firmó la final.", None, id="dropped-pair"),
        pytest.param("Nadie firmó &lt;la&gt; final.", None, id="escaped-angle-brackets"),
        pytest.param("Nadie firmó la <1>final.", "never closed", id="unclosed"),
        pytest.param("Nadie firmó la <2>final</2>.", "inline tags", id="unknown-number"),
    ],
)
def test_tags(target: str, problem: str | None) -> None:
    segment = Segment("s1", 0, "Nobody signed the <1>final</1>.", (Mark(MarkKind.STRONG),))
    findings = [f for f in Checker(Stage.REVIEW_IMPORT, EMPTY, src="en", tgt="es")(segment, target)
                if f.check == "tags"]
    assert [problem in f.message for f in findings] == ([] if problem is None else [True])


# ---- untranslated ----

@pytest.mark.parametrize(
    ("source", "target", "found"),
    [
        pytest.param("The summit in Yerevan ended.", "The summit in Yerevan ended.", True, id="copied"),
        pytest.param("The summit in Yerevan ended.", "the  summit in yerevan ENDED.", True, id="case-and-spacing"),
        pytest.param("The summit <1>in</1> Yerevan ended.", "The summit in Yerevan ended.", True, id="tags-aside"),
        pytest.param("The summit in Yerevan ended.", "La cumbre en Ereván terminó.", False, id="translated"),
        pytest.param("Nikol Pashinyan spoke.", "Nikol Pashinyan spoke.", False, id="three-words"),
        pytest.param("In 2022, 3,000 troops.", "In 2022, 3,000 troops.", False, id="numbers-do-not-count"),
    ],
)
def test_untranslated(source: str, target: str, found: bool) -> None:
    assert bool(run_check("untranslated", source, target)) is found


# ---- end punctuation (the check added through the registry) ----

@pytest.mark.parametrize(
    ("source", "target", "found"),
    [
        pytest.param("Will Armenia leave?", "¿Se irá Armenia?", False, id="question-kept"),
        pytest.param("Will Armenia leave?", "Armenia se irá.", True, id="question-lost"),
        pytest.param("He said: “we leave.”", "Dijo: «nos vamos.»", False, id="closing-quotes-aside"),
        pytest.param("They left!", "Se fueron.", True, id="exclamation-lost"),
        pytest.param("And then...", "Y entonces…", False, id="ellipsis-spellings"),
        pytest.param("The CSTO summit", "La cumbre de la OTSC", False, id="title-without"),
        pytest.param("The summit ended.", "La cumbre terminó", True, id="full-stop-lost"),
        pytest.param("<1>It ended.</1>", "<1>Terminó.</1>", False, id="inside-tags"),
        pytest.param("Is it over?", "終わりましたか？", False, id="fullwidth-question"),
        pytest.param("It ended.", "", False, id="empty-target-is-not-this-check"),
    ],
)
def test_end_punctuation(source: str, target: str, found: bool) -> None:
    findings = run_check("end-punctuation", source, target)
    assert bool(findings) is found
    assert all(f.severity is Severity.MINOR for f in findings) and not needs_review(findings)


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        pytest.param("Yes.", ".", id="stop"),
        pytest.param("Yes?)", "?", id="bracket"),
        pytest.param("Yes ... ", "…", id="three-dots"),
        pytest.param("Yes", "", id="none"),
        pytest.param("", "", id="empty"),
    ],
)
def test_end_mark(text: str, mark: str) -> None:
    assert end_mark(text) == mark


# ---- glossary checks ----

@pytest.mark.parametrize(
    ("source", "target", "checks"),
    [
        pytest.param("The CSTO met.", "La OTSC se reunió.", [], id="preferred"),
        pytest.param("The CSTO met.", "La ODKB se reunió.", [], id="accepted-form"),
        pytest.param("The CSTO met.", "La organización se reunió.", ["term-missing"], id="missing"),
        pytest.param("Kyiv said.", "Kiev dijo.", ["term-forbidden", "term-missing"], id="forbidden"),
        pytest.param("Gazprom said.", "Gasprom dijo.", ["term-dnt-changed"], id="dnt-changed"),
    ],
)
def test_glossary_checks(source: str, target: str, checks: list[str]) -> None:
    findings = Checker(Stage.REVIEW_IMPORT, GLOSSARY, src="en", tgt="es")(Segment("s1", 0, source), target)
    assert sorted(f.check for f in findings) == checks
    assert findings == check_terms(source, target, GLOSSARY, src="en", tgt="es")
    severities = {c.name: c.severity for c in CHECKS}
    assert all(f.severity is severities[f.check] for f in findings)
    assert needs_review(findings) is bool(checks)


@pytest.mark.parametrize(
    ("source", "found"),
    [pytest.param("Kiev said.", True, id="now-forbidden"), pytest.param("Kyiv said.", False, id="preferred")],
)
def test_source_forbidden_at_glossary_impact(source: str, found: bool) -> None:
    findings = run_check("source-forbidden", source, "Kyiv dijo.", glossary=GLOSSARY, stage=Stage.GLOSSARY_IMPACT)
    assert [(f.severity, f.segment_id, f.lang, f.text) for f in findings] == (
        [(Severity.MINOR, "s1", "en", "Kiev")] if found else [])
    assert not needs_review(findings)
    assert run_check("source-forbidden", source, "Kyiv dijo.", glossary=GLOSSARY, stage=Stage.APPROVAL) == []


@requires_apertium
def test_engine_findings_are_registered_unknown_words() -> None:
    with ApertiumEngine() as engine:
        [result] = engine.translate_batch(["Pashinyan met Zzyzxqv in Yerevan."], src="en", tgt="es")
    severities = {c.name: c.severity for c in CHECKS}
    assert result.findings and {f.check for f in result.findings} <= names(unknown_word=True)
    assert all(f.severity is severities[f.check] for f in result.findings)


# ---- a check registered at run time ----

@pytest.fixture(params=[pytest.param(True, id="blocking"), pytest.param(False, id="not-blocking")])
def new_check(request: pytest.FixtureRequest) -> Iterator[Check]:
    """A check flagging every translation, registered at machine draft and approval only, then unregistered."""

    def run(segment: Segment, target: str) -> Iterator[Finding]:
        yield check.finding(f"looked at {segment.id}")

    check = Check("test-everything", Severity.MAJOR, blocks=request.param,
                  stages=frozenset({Stage.MACHINE_DRAFT, Stage.APPROVAL}), prepare=simple(run))
    CHECKS.append(check)
    try:
        yield check
    finally:
        CHECKS.remove(check)


@pytest.mark.parametrize("stage", [pytest.param(s, id=s.value) for s in Stage])
def test_a_registered_check_runs_at_its_stages(new_check: Check, stage: Stage) -> None:
    findings = Checker(stage, EMPTY, src="en", tgt="es")(Segment("s1", 0, "Hello."), "Hola.")
    assert [f.check for f in findings] == (["test-everything"] if stage in new_check.stages else [])
    assert needs_review(findings) is (new_check.blocks and stage in new_check.stages)


def test_a_registered_check_blocks_approval_only_if_it_says_so(tmp_path: Path, new_check: Check) -> None:
    store, _ = make_store(tmp_path)
    try:
        package = build_package(store, EMPTY, lang="es")
        # Not a review-import check: the edit applies.
        parsed = edited(package, {1: ("La cumbre en Ereván terminó el 24 de noviembre.", SegmentState.EDITED)})
        report = import_review(store, EMPTY, parsed, path=Path("r.xlf"), actor="ana")
        assert report.results[1].outcome is Outcome.APPLIED
        results = decide(store, EMPTY, "csto", lang="es", state=SegmentState.APPROVED, actor="ed")
        expected = Outcome.INVALID if new_check.blocks else Outcome.APPLIED
        assert [r.outcome for r in results] == [expected] * len(results)
        if new_check.blocks:
            assert all("looked at" in r.message for r in results)
    finally:
        store.close()


def test_the_unknown_words_column_counts_what_the_registry_says(new_check: Check) -> None:
    findings = (Finding("unknown-word", Severity.MINOR, "x"), Finding("missing-translation", Severity.MINOR, "y"),
                Finding("numbers", Severity.MAJOR, "z"), Finding("test-everything", Severity.MAJOR, "w"))
    result = LanguageResult("a", "es", "apertium", 4, 4, 0, findings, (), 0, 0, 0, 0, 0, 0)
    assert result.unknown_words == 2


@requires_apertium
def test_machine_drafts_run_the_registered_checks(tmp_path: Path, new_check: Check) -> None:
    workspace = Workspace(tmp_path / "ws")
    source = tmp_path / "a.md"
    source.write_text("---\ntitle: Talks\n---\nThe talks ended. It grew 3.5 percent.\n", encoding="utf-8")
    report = execute_run(plan_run(workspace, [source], targets=["es"]))
    [result] = report.results
    assert sorted(f.check for f in result.findings if f.check not in ("unknown-word", "auto-fix")) == [
        "test-everything"] * 3
    assert sorted(f.message for f in result.findings if f.check == "auto-fix") == [
        "number format: “3.5” → “3,5”", "spacing: “ Creció” → “Creció”"]
    with Store.open(workspace.store_path) as store:
        states = {t.state for t in store.translations("a", "es").values()}
        stored = [f.check for f in store.findings("a", "es")]
    assert states == {SegmentState.NEEDS_REVIEW if new_check.blocks else SegmentState.MT_DRAFT}
    assert stored.count("test-everything") == 3 and "numbers" not in stored  # "3,5", fixed from "3.5", is 3.5
