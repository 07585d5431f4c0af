"""The date-order check: a numeric date the engine copied in the source's order, flagged where the target
language reads another order, and nothing else."""

from __future__ import annotations

import pytest

from translate.model import Glossary, Segment, Severity
from translate.qa import Checker, Stage
from translate.qa.dates import DATE_ORDER

EMPTY = Glossary((), "")


def date_findings(source: str, target: str, *, src: str = "en", tgt: str = "es") -> list[str]:
    findings = Checker(Stage.MACHINE_DRAFT, EMPTY, src=src, tgt=tgt)(Segment("s1", 0, source), target)
    return [f.message for f in findings if f.check == "date-order"]


@pytest.mark.parametrize(
    ("source", "target", "tgt", "expected"),
    [
        pytest.param("It began on 9/14/2022.", "Empezó el 9/14/2022.", "es",
                     ["the date “9/14/2022” is in the source's order (month/day/year); es reads day/month/year"],
                     id="es-month-first"),
        pytest.param("On 3/4/22 and 3/4/22.", "Le 3/4/22 et 3/4/22.", "fr",
                     ["the date “3/4/22” is in the source's order (month/day/year); fr reads day/month/year"],
                     id="fr-once-per-date"),
        pytest.param("On 9/14/2022.", "2022年9/14/2022に。", "ja",
                     ["the date “9/14/2022” is in the source's order (month/day/year); ja reads year/month/day"],
                     id="ja-year-first"),
    ],
)
def test_dates_in_the_source_order_are_flagged(source: str, target: str, tgt: str, expected: list[str]) -> None:
    assert date_findings(source, target, tgt=tgt) == expected


@pytest.mark.parametrize(
    ("source", "target", "tgt"),
    [
        pytest.param("In September 2022.", "En septiembre de 2022.", "es", id="month-name"),
        pytest.param("It began on 9/14/2022.", "Empezó el 14/9/2022.", "es", id="rewritten-by-the-engine"),
        pytest.param("It began on 9/14/2022.", "It began on 9/14/2022.", "en-US", id="same-order"),
        pytest.param("Version 0.8.1 on 2022-09-14.", "Versión 0.8.1 el 2022-09-14.", "es", id="versions-and-iso"),
        pytest.param("A ratio of 1/2/3 parts.", "Una razón de 1/2/3 partes.", "es", id="not-a-year"),
        pytest.param("It began on 9/14/2022.", "Empezó el 9/14/2022.", "xx-unknown", id="unknown-language"),
    ],
)
def test_left_alone(source: str, target: str, tgt: str) -> None:
    assert date_findings(source, target, tgt=tgt) == []


def test_date_order_is_minor_and_never_blocks() -> None:
    assert (DATE_ORDER.severity, DATE_ORDER.blocks, DATE_ORDER.stages) == (
        Severity.MINOR, False, frozenset({Stage.MACHINE_DRAFT}),
    )
