"""What goes into a review package: its units' term pairs, and each applied concept listed once."""

from __future__ import annotations

from pathlib import Path

from glossary_helpers import SMALL
from review_helpers import make_store
from translate.model import AppliedTerm, Finding, Glossary, MTResult, ReviewConcept, SegmentState, Severity
from translate.review.package import build_package


def test_each_applied_concept_once_with_the_units_term_pairs(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    _, segments = store.stored_article("csto")
    luhansk = AppliedTerm("luhansk", "dictionary", "Luhansk", "Luhansk", 0, 0)
    csto = AppliedTerm("csto", "engine", "CSTO", "OTSC", 0, 0)
    gone = AppliedTerm("retired", "engine", "Old", "Viejo", 0, 0)  # no longer in the glossary
    store.save_machine_translations("csto", "es", [
        (segments[0], MTResult("ES 1", terms=(luhansk, csto)), SegmentState.MT_DRAFT),
        (segments[1], MTResult("ES 2", terms=(csto, gone)), SegmentState.MT_DRAFT),
    ], engine="fake:2")
    package = build_package(store, Glossary(SMALL, "x"), lang="es")
    assert [u.term_pairs for u in package.units[:2]] == [
        (("Luhansk", "Luhansk"), ("CSTO", "OTSC")), (("CSTO", "OTSC"), ("Old", "Viejo"))]
    assert package.glossary == (
        ReviewConcept("luhansk", "Luhansk", "Luhansk", forbidden=("Lugansk",),
                      note='Ukrainian-based romanization; never the Russian-based "Lugansk".'),
        ReviewConcept("csto", "CSTO", "OTSC"),
    )


def test_units_carry_their_findings_as_stored_and_as_notes(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    _, segments = store.stored_article("csto")
    spacing = Finding("auto-fix", Severity.MINOR, "spacing: “a .” → “a.”")
    store.save_machine_translations("csto", "es", [
        (segments[0], MTResult("ES 1", (spacing,)), SegmentState.MT_DRAFT),
        (segments[1], MTResult("ES 2"), SegmentState.MT_DRAFT),
    ], engine="fake:2")
    first, second = build_package(store, Glossary(SMALL, "x"), lang="es").units[:2]
    assert [(f.check, f.message, f.segment_id) for f in first.findings] == [
        ("auto-fix", "spacing: “a .” → “a.”", segments[0].id)]
    assert first.notes == ("minor: spacing: “a .” → “a.”",)
    assert (second.findings, second.notes) == ((), ())
