from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translate.inline import (
    TagError,
    escape,
    normalize_runs,
    pieces_to_tagged,
    runs_to_tagged,
    slice_runs,
    strip_tags,
    tagged_to_runs,
    unescape,
)
from translate.model import Mark, MarkKind, Run

EM = Mark(MarkKind.EMPHASIS)
STRONG = Mark(MarkKind.STRONG)
LINK = Mark(MarkKind.LINK, "https://www.osce.org/")


def runs(*parts: tuple[str, set[Mark]]) -> tuple[Run, ...]:
    return tuple(Run(text, frozenset(marks)) for text, marks in parts)


@pytest.mark.parametrize(
    ("given", "tagged", "marks"),
    [
        pytest.param(runs(("plain", set())), "plain", (), id="plain"),
        pytest.param(runs(("a ", set()), ("b", {EM}), (" c", set())), "a <1>b</1> c", (EM,), id="one-mark"),
        pytest.param(
            runs(("a ", {STRONG}), ("b", {STRONG, LINK}), (" c", {LINK})),
            "<1>a <2>b</2></1><2> c</2>",
            (STRONG, LINK),
            id="crossing-marks-split",
        ),
        pytest.param(runs(("x", {EM, STRONG})), "<1><2>x</2></1>", (STRONG, EM), id="same-extent-nested"),
        pytest.param(runs(("1 < 2 & 3 > 0", set())), "1 &lt; 2 &amp; 3 &gt; 0", (), id="escaped"),
        pytest.param(runs(("a", {EM}), (" b ", set()), ("c", {EM})), "<1>a</1> b <2>c</2>", (EM, EM), id="two-spans-same-mark"),
    ],
)
def test_runs_to_tagged(given: tuple[Run, ...], tagged: str, marks: tuple[Mark, ...]) -> None:
    assert runs_to_tagged(given) == (tagged, marks)
    assert normalize_runs(tagged_to_runs(tagged, marks)) == normalize_runs(given)


@pytest.mark.parametrize(
    "tagged",
    [
        pytest.param("<1>never closed", id="unclosed"),
        pytest.param("closed</1>", id="stray-close"),
        pytest.param("<1><2>x</1></2>", id="crossed"),
        pytest.param("<3>x</3>", id="unknown-number"),
        pytest.param("<1><1>x</1></1>", id="nested-self"),
    ],
)
def test_malformed_tags_raise(tagged: str) -> None:
    with pytest.raises(TagError):
        tagged_to_runs(tagged, (EM, STRONG))


def test_strip_and_escape() -> None:
    assert strip_tags("<1>Kyiv</1> &amp; <2>Minsk</2>") == "Kyiv & Minsk"
    assert unescape(escape("<b>&amp;</b>")) == "<b>&amp;</b>"


def test_pieces_keep_numbers() -> None:
    assert pieces_to_tagged([("cumbre", frozenset({2})), (" ", frozenset()), ("CSTO", frozenset({1, 2}))]) == (
        "<2>cumbre</2> <1><2>CSTO</2></1>"
    )


def test_normalize_runs_collapses_whitespace() -> None:
    assert normalize_runs(runs(("  a \n b ", set()), (" c", {EM}), ("", set()), ("  ", set()))) == runs(
        ("a b ", set()), ("c", {EM})
    )


def test_slice_runs() -> None:
    given = runs(("Hello ", set()), ("big", {EM}), (" world", set()))
    assert slice_runs(given, 4, 8) == runs(("o ", set()), ("bi", {EM}))


mark_sets = st.sets(st.sampled_from([EM, STRONG, LINK, Mark(MarkKind.LINK, "https://x.org/")]), max_size=3)
run_lists = st.lists(st.builds(Run, st.text(min_size=1, max_size=8), mark_sets.map(frozenset)), max_size=8)


@given(run_lists)
def test_tagged_round_trip(given: list[Run]) -> None:
    tagged, marks = runs_to_tagged(given)
    back = tagged_to_runs(tagged, marks)
    assert "".join(r.text for r in back) == "".join(r.text for r in given)
    flat = [(ch, r.marks) for r in given for ch in r.text]
    assert [(ch, r.marks) for r in back for ch in r.text] == flat
