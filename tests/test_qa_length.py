"""The length-ratio check: a translation far shorter or longer than a source long enough to judge."""

from __future__ import annotations

import pytest

from translate.model import Glossary, Segment, Severity
from translate.qa import Checker, Stage
from translate.qa.length import LENGTH_RATIO, MAX_RATIO, MIN_RATIO, MIN_SOURCE, length_ratio

EMPTY = Glossary((), "")
SOURCE = "Armenia froze its participation in the alliance in 2024."  # 56 characters


def length_findings(source: str, target: str, stage: Stage = Stage.MACHINE_DRAFT) -> list[str]:
    findings = Checker(stage, EMPTY, src="en", tgt="es")(Segment("s1", 0, source), target)
    return [f.message for f in findings if f.check == "length-ratio"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        pytest.param("Armenia congeló su participación en la alianza en 2024.", [], id="a-translation"),
        pytest.param("Armenia congeló.", ["the translation is 29% of the source's length: is something missing?"],
                     id="a-clause-lost"),
        pytest.param("Armenia congeló su participación en la alianza en 2024. " * 3,
                     ["the translation is 298% of the source's length: is something added?"], id="run-on"),
        pytest.param("", [], id="empty-is-the-untranslated-checks"),
    ],
)
def test_far_shorter_or_longer_translations_are_flagged(target: str, expected: list[str]) -> None:
    assert length_findings(SOURCE, target) == expected


def test_a_short_source_is_not_judged() -> None:
    title = "Why Yerevan lost faith"
    assert len(title) < MIN_SOURCE and length_findings(title, "Por qué") == []


def test_tags_and_spaces_do_not_count() -> None:
    tagged = "<1>Armenia</1>   froze its participation in the <2>alliance</2> in 2024."
    assert length_ratio(tagged, "Armenia froze its participation in the alliance in 2024.") == 1.0


@pytest.mark.parametrize("stage", [Stage.MACHINE_DRAFT, Stage.REVIEW_IMPORT, Stage.APPROVAL], ids=str)
def test_runs_on_drafts_edits_and_approvals_and_never_blocks(stage: Stage) -> None:
    assert length_findings(SOURCE, "Armenia congeló.", stage)
    assert LENGTH_RATIO.severity is Severity.MINOR and not LENGTH_RATIO.blocks
    assert MIN_RATIO < 1 < MAX_RATIO
