from __future__ import annotations

from pathlib import Path

import pytest

from translate.model import Article, ArticleMeta, Block, BlockKind, Mark, MarkKind, Run
from translate.segment import segment_article, segment_id, split_sentences


def sentences(text: str, lang: str = "en") -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Mr. Smith met Dr. Jones at 5 p.m. on Tuesday. They talked.",
                     ["Mr. Smith met Dr. Jones at 5 p.m. on Tuesday.", "They talked."], id="titles-and-pm"),
        pytest.param("Inflation rose to 3.5 percent. The ruble fell.",
                     ["Inflation rose to 3.5 percent.", "The ruble fell."], id="decimal"),
        pytest.param("Nikol V. Pashinyan spoke. Then he left.",
                     ["Nikol V. Pashinyan spoke.", "Then he left."], id="initial"),
        pytest.param("J. R. R. Tolkien wrote it. Then he left.",
                     ["J. R. R. Tolkien wrote it.", "Then he left."], id="initials"),
        pytest.param("The U.S. and the U.K. signed it. Moscow objected.",
                     ["The U.S. and the U.K. signed it.", "Moscow objected."], id="acronym-dots"),
        pytest.param('"We will not retreat." The crowd cheered.',
                     ['"We will not retreat."', "The crowd cheered."], id="full-stop-inside-quotes"),
        pytest.param("He asked: “Is this over?” Nobody answered.",
                     ["He asked: “Is this over?”", "Nobody answered."], id="question-in-curly-quotes"),
        pytest.param("It cost approx. 40 million, e.g. for arms. Gen. Ivanov agreed.",
                     ["It cost approx. 40 million, e.g. for arms.", "Gen. Ivanov agreed."], id="approx-eg-gen"),
        pytest.param("See Vol. 3, No. 12 of the journal. He said no. Then he left.",
                     ["See Vol. 3, No. 12 of the journal.", "He said no.", "Then he left."], id="no-before-number-only"),
        pytest.param("See https://example.org/a.b?c=1. Done.",
                     ["See https://example.org/a.b?c=1.", "Done."], id="url"),
        pytest.param("He paused... Then he spoke.", ["He paused...", "Then he spoke."], id="ellipsis"),
        pytest.param("Approx. 40% of voters. Turnout was 56.2%.",
                     ["Approx. 40% of voters.", "Turnout was 56.2%."], id="sentence-initial-approx"),
    ],
)
def test_tricky_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def article(*paragraphs: str) -> Article:
    meta = ArticleMeta(title="T", slug="t", source_lang="en", source_path=Path("t.md"))
    blocks = [Block(BlockKind.TITLE, (Run("Title here"),))]
    blocks += [Block(BlockKind.PARAGRAPH, (Run(p),)) for p in paragraphs]
    return Article(meta, tuple(blocks))


def test_ids_are_stable_when_other_paragraphs_change() -> None:
    before = segment_article(article("Kyiv is the capital. It is large.", "Minsk is another. It is far."))
    after = segment_article(article("Kyiv is the capital. It is very large.", "Minsk is another. It is far."))
    ids_before = {s.text: s.id for s in before}
    ids_after = {s.text: s.id for s in after}
    for text in ("Title here", "Kyiv is the capital.", "Minsk is another.", "It is far."):
        assert ids_before[text] == ids_after[text]
    assert "It is large." not in ids_after and ids_after["It is very large."] not in ids_before.values()


def test_repeated_sentence_gets_occurrence_ids() -> None:
    segments = segment_article(article("No comment. No comment."))
    ids = [s.id for s in segments if s.text == "No comment."]
    assert ids == [segment_id("No comment."), segment_id("No comment.") + "-2"]


def test_headings_are_one_segment_and_marks_are_split_per_sentence() -> None:
    link = Mark(MarkKind.LINK, "https://www.osce.org/")
    meta = ArticleMeta(title="T", slug="t", source_lang="en", source_path=Path("t.md"))
    blocks = (
        Block(BlockKind.TITLE, (Run("Why? A title. With dots."),)),
        Block(BlockKind.PARAGRAPH, (Run("The "), Run("OSCE met. It", frozenset({link})), Run(" ended."))),
    )
    segments = segment_article(Article(meta, blocks))
    assert [s.text for s in segments] == ["Why? A title. With dots.", "The <1>OSCE met.</1>", "<1>It</1> ended."]
    assert segments[1].marks == (link,) and segments[2].marks == (link,)
    assert [s.block for s in segments] == [0, 1, 1]
