"""translate.ingest.text: paragraphs, simple lists, and trailing web boilerplate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import GOOD, ReaderContract

from translate.errors import IngestError
from translate.ingest import text
from translate.inline import normalize_runs
from translate.model import Article, BlockKind

PROTESTS = GOOD / "georgia-protests.txt"


class TestTextReader(ReaderContract):
    reader = text
    title = "Georgia's parliament passes the foreign agents law"

    def make_source(self, tmp_path: Path) -> Path:
        return PROTESTS


def read(path: Path) -> Article:
    return text.read(path, source_lang="en")


def write(tmp_path: Path, source: str, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8", newline="")
    return path


def test_structure_follows_the_source() -> None:
    shape = [(b.kind, b.level, b.ordered, b.text) for b in read(PROTESTS).blocks]
    assert shape == [
        (BlockKind.TITLE, 0, False, "Georgia's parliament passes the foreign agents law"),
        (
            BlockKind.PARAGRAPH,
            0,
            False,
            "Thousands of protesters gathered outside the parliament in Tbilisi "
            "on Tuesday as deputies voted on the bill.",
        ),
        (BlockKind.PARAGRAPH, 0, False, "The opposition named three demands:"),
        (BlockKind.LIST_ITEM, 1, False, "withdraw the law"),
        (BlockKind.LIST_ITEM, 1, False, "release detained protesters"),
        (BlockKind.LIST_ITEM, 2, False, "including students"),
        (BlockKind.LIST_ITEM, 1, False, "call early elections"),
        (BlockKind.PARAGRAPH, 0, False, "The government answered in two steps:"),
        (BlockKind.LIST_ITEM, 1, True, "a veto override"),
        (BlockKind.LIST_ITEM, 1, True, "a promise of dialogue"),
        (BlockKind.PARAGRAPH, 0, False, "Read more about the protests in our live blog below."),
        (
            BlockKind.PARAGRAPH,
            0,
            False,
            "President Salome Zourabichvili said she would veto the law.",
        ),
    ]


def test_meta_comes_from_the_file_name() -> None:
    meta = read(PROTESTS).meta
    assert (meta.slug, meta.date, meta.author) == ("georgia-protests", None, None)


def test_trailing_boilerplate_is_dropped_and_reported() -> None:
    article = read(PROTESTS)
    [found] = [f for f in article.findings if f.check == "ingest-boilerplate"]
    assert found.message == (
        "lines 20-28: dropped 7 trailing boilerplate line(s): Share this: | Twitter | Facebook"
        " | Like this: | Like Loading... | Related Posts | Tags: Georgia, Tbilisi, protests"
    )
    assert "Share this" not in " ".join(block.text for block in article.blocks)


def test_a_lone_boilerplate_line_as_last_paragraph_is_dropped() -> None:
    article = read(GOOD / "abkhazia-lone-boilerplate.txt")
    last = "Trains between Sukhumi and Moscow resumed after a three-year pause."
    assert article.blocks[-1].text == last
    assert [f.message for f in article.findings] == [
        "line 5: dropped 1 trailing boilerplate line(s): Read more"
    ]


def test_boilerplate_in_the_middle_stays(tmp_path: Path) -> None:
    source = "Baku talks\n\nShare this:\n\nThe talks ended without a deal.\n"
    article = read(write(tmp_path, source))
    texts = [b.text for b in article.blocks[1:]]
    assert texts == ["Share this:", "The talks ended without a deal."]
    assert article.findings == ()


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(line, id=line)
        for line in [
            "Similar Posts", "Related Posts", "Related Articles", "related stories:",
            "Share this", "Share this:", "SHARE THIS ARTICLE", "Share on Facebook",
            "Share on Twitter", "Share on X", "Like this:", "Loading...", "Like Loading...",
            "Leave a Reply", "Leave a Comment", "Leave a Reply Cancel reply", "Read more",
            "Read more »", "Subscribe", "Subscribe to our newsletter", "Tags: CSTO, Armenia",
            "Posted in Politics", "Filed under South Caucasus", "Print", "Print this",
            "Email", "E-mail", "Click to share on Telegram (Opens in new window)",
            "Click to print", "Facebook", "Twitter", "WhatsApp", "  Telegram  ", "12 Comments",
        ]
    ],
)  # fmt: skip
def test_boilerplate_lines(line: str) -> None:
    assert text.is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Read more about the CSTO summit in our archive.", id="read-more-about"),
        pytest.param("Print media in Armenia is struggling.", id="print-media"),
        pytest.param("Share prices in Baku fell.", id="share-prices"),
        pytest.param("Subscriber numbers grew.", id="subscriber"),
        pytest.param("The tags on the ballot boxes were torn.", id="tags-in-a-sentence"),
        pytest.param("Twitter was blocked in Tbilisi.", id="twitter-in-a-sentence"),
    ],
)
def test_lines_that_are_not_boilerplate(line: str) -> None:
    assert not text.is_boilerplate(line)


def test_boilerplate_patterns_are_loaded() -> None:
    patterns = text.boilerplate_patterns()
    assert len(patterns) >= 15
    assert all(pattern.flags & re.IGNORECASE for pattern in patterns)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("T\r\n\r\nOne\r\ntwo\r\n", ["One two"], id="crlf"),
        pytest.param("\n\n  T  \n\nBody.\n", ["Body."], id="title-after-blank-lines"),
        pytest.param("T\nBody under the title.\n", ["Body under the title."], id="no-gap"),
        pytest.param("T\n\n\n\nA\n\n\n\nB\n", ["A", "B"], id="many-blank-lines"),
        pytest.param("T\n\n- a\ncontinued\n- b\n", ["a continued", "b"], id="item-continuation"),
    ],
)
def test_paragraph_splitting(tmp_path: Path, source: str, expected: list[str]) -> None:
    article = read(write(tmp_path, source))
    assert article.meta.title == "T"
    assert [block.text for block in article.blocks[1:]] == expected


@pytest.mark.parametrize(
    ("line", "ordered"),
    [
        pytest.param("- Yerevan", False, id="dash"),
        pytest.param("* Yerevan", False, id="star"),
        pytest.param("• Yerevan", False, id="bullet"),
        pytest.param("1. Yerevan", True, id="number-dot"),
        pytest.param("12) Yerevan", True, id="number-paren"),
    ],
)
def test_list_markers(tmp_path: Path, line: str, ordered: bool) -> None:
    item = read(write(tmp_path, f"T\n\n{line}\n")).blocks[1]
    assert (item.kind, item.level, item.ordered) == (BlockKind.LIST_ITEM, 1, ordered)
    assert item.text == "Yerevan"


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("-Yerevan", id="no-space"),
        pytest.param("2024 was a hard year.", id="year"),
        pytest.param("1.5 million voted.", id="decimal"),
    ],
)
def test_not_list_markers(tmp_path: Path, line: str) -> None:
    assert read(write(tmp_path, f"T\n\n{line}\n")).blocks[1].kind is BlockKind.PARAGRAPH


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(source=st.text(alphabet=st.sampled_from(list("ab \n\t-*•1.)\u0416:")), max_size=120))
def test_any_text_reads_or_fails_cleanly(tmp_path: Path, source: str) -> None:
    path = write(tmp_path, source)
    try:
        article = read(path)
    except IngestError as error:
        assert str(path) in str(error)
        return
    assert article.blocks[0].kind is BlockKind.TITLE
    for block in article.blocks:
        assert block.runs and normalize_runs(block.runs) == block.runs
