"""translate.ingest.html: picking the article out of a web page, structure, marks, metadata."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from ingest_helpers import GOOD, ReaderContract

from translate.ingest import html
from translate.model import Article, BlockKind, Mark, MarkKind, Run

SUMMIT = GOOD / "kyiv-summit.html"
EM = Mark(MarkKind.EMPHASIS)
STRONG = Mark(MarkKind.STRONG)


class TestHtmlReader(ReaderContract):
    reader = html
    title = "Kyiv hosts Black Sea security summit"

    def make_source(self, tmp_path: Path) -> Path:
        return SUMMIT


def read(path: Path) -> Article:
    return html.read(path, source_lang="en")


def write(tmp_path: Path, body: str, *, head: str = "", name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(f"<html><head>{head}</head><body>{body}</body></html>", encoding="utf-8")
    return path


def test_structure_follows_the_article() -> None:
    shape = [(b.kind, b.level, b.ordered, b.text) for b in read(SUMMIT).blocks]
    assert shape == [
        (BlockKind.TITLE, 0, False, "Kyiv hosts Black Sea security summit"),
        (
            BlockKind.PARAGRAPH,
            0,
            False,
            "Delegations from Moldova, Georgia and Romania met in Kyiv on Tuesday. "
            "Talks lasted six hours.",
        ),
        (BlockKind.HEADING, 2, False, "Maritime corridor"),
        (BlockKind.QUOTE, 1, False, "The corridor must stay open."),
        (BlockKind.QUOTE, 2, False, "Shipping is & remains our lifeline."),
        (BlockKind.PARAGRAPH, 0, False, "Ministers signed a memorandum on demining."),
        (BlockKind.PARAGRAPH, 0, False, "Next steps:"),
        (BlockKind.LIST_ITEM, 1, False, "Joint patrols"),
        (BlockKind.LIST_ITEM, 2, True, "Odesa"),
        (BlockKind.LIST_ITEM, 2, True, "Constanța"),
        (BlockKind.LIST_ITEM, 1, False, "Insurance for ships"),
        (BlockKind.HEADING, 3, False, "Reactions"),
        (BlockKind.PARAGRAPH, 0, False, "Moscow called the summit a provocation."),
    ]


def test_title_keeps_its_marks() -> None:
    title = read(SUMMIT).blocks[0]
    assert title.runs == (
        Run("Kyiv hosts "),
        Run("Black Sea", frozenset({EM})),
        Run(" security summit"),
    )


def test_inline_marks() -> None:
    runs = read(SUMMIT).blocks[1].runs
    assert runs == (
        Run("Delegations from "),
        Run("Moldova", frozenset({STRONG})),
        Run(", "),
        Run("Georgia", frozenset({STRONG})),
        Run(" and "),
        Run("Romania", frozenset({EM})),
        Run(" met in "),
        Run("Kyiv", frozenset({Mark(MarkKind.LINK, href="https://example.org/kyiv?x=1&y=2")})),
        Run(" on Tuesday. Talks lasted six hours."),
    )
    assert read(SUMMIT).blocks[5].runs[1] == Run("memorandum", frozenset({Mark(MarkKind.CODE)}))


def test_meta_tags_give_author_and_date() -> None:
    meta = read(SUMMIT).meta
    assert meta.author == "Olena Kovalenko"
    assert meta.date == date(2024, 5, 14)
    assert meta.slug == "kyiv-summit"


@pytest.mark.parametrize(
    "gone",
    [
        pytest.param("tracking", id="script"),
        pytest.param("color: red", id="style"),
        pytest.param("Politics", id="nav"),
        pytest.param("Caucasus Watch", id="site-header-and-footer"),
        pytest.param("By Olena", id="article-header-byline"),
        pytest.param("Most read", id="aside"),
        pytest.param("Subscribe", id="form-button"),
        pytest.param("Delegates", id="figure"),
        pytest.param("Country", id="table"),
    ],
)
def test_page_furniture_is_skipped(gone: str) -> None:
    assert gone not in " ".join(block.text for block in read(SUMMIT).blocks)


def test_skipped_content_is_reported() -> None:
    assert [(f.check, f.message) for f in read(SUMMIT).findings] == [
        ("ingest-image", "line 22: skipped a figure"),
        ("ingest-table", "line 37: skipped a table"),
    ]


def test_title_from_the_title_element_and_article_author() -> None:
    article = read(GOOD / "baku-title-tag.htm")
    assert article.meta.title == "Baku and Yerevan agree on border commission"
    assert article.meta.author == "Elnur Mammadov"
    assert [b.text for b in article.blocks[1:]] == [
        "The commissions met on the border between Gazakh and Tavush.",
        "Their next meeting is in Almaty.",
    ]


def test_title_from_og_title_and_stray_text_becomes_paragraphs() -> None:
    article = read(GOOD / "minsk-og-title.html")
    assert article.meta.title == "Minsk hosts the CSTO foreign ministers"
    assert [(b.kind, b.text) for b in article.blocks[1:]] == [
        (
            BlockKind.PARAGRAPH,
            "Foreign ministers of the CSTO met in Minsk. Armenia did not attend.",
        ),
        (BlockKind.PARAGRAPH, "Belarus chairs the organization this year."),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "<main><p>Main text.</p></main><article><h1>T</h1><p>Article text.</p></article>",
            ["Article text."],
            id="article-wins-over-main",
        ),
        pytest.param(
            "<p>Outside.</p><main><h1>T</h1><p>Inside.</p></main>",
            ["Inside."],
            id="main-wins-over-body",
        ),
        pytest.param(
            "<article><h1>T</h1><p>First.</p></article><article><p>Second.</p></article>",
            ["First."],
            id="first-article",
        ),
        pytest.param(
            "<h1>T</h1><section>Stray <b>text</b><p>Para.</p>tail text</section>",
            ["Stray text", "Para.", "tail text"],
            id="stray-text-in-section",
        ),
        pytest.param(
            "<h1>T</h1><blockquote>Loose quote<p>Quoted para.</p></blockquote>",
            ["Loose quote", "Quoted para."],
            id="loose-text-in-blockquote",
        ),
        pytest.param("<h1>T</h1><p>Line<br>break</p>", ["Line break"], id="br"),
        pytest.param("<h1>T</h1><p>A&nbsp;B &lt;C&gt;</p>", ["A B <C>"], id="entities"),
    ],
)
def test_body_selection_and_stray_text(tmp_path: Path, body: str, expected: list[str]) -> None:
    article = read(write(tmp_path, body))
    assert article.meta.title == "T"
    assert [block.text for block in article.blocks[1:]] == expected


def test_h1_in_an_aside_is_not_the_title(tmp_path: Path) -> None:
    page = "<aside><h1>Most read</h1></aside><h1>Yerevan votes</h1><p>Text.</p>"
    assert read(write(tmp_path, page)).meta.title == "Yerevan votes"


def test_date_from_the_first_time_element(tmp_path: Path) -> None:
    page = '<h1>T</h1><p><time datetime="2023-09-19T06:00">19 September</time> Text.</p>'
    assert read(write(tmp_path, page)).meta.date == date(2023, 9, 19)


def test_unreadable_date_is_reported_not_fatal(tmp_path: Path) -> None:
    head = '<meta property="article:published_time" content="last week">'
    article = read(write(tmp_path, "<h1>T</h1><p>Text.</p>", head=head))
    assert article.meta.date is None
    assert [f.check for f in article.findings] == ["ingest-date"]


@pytest.mark.parametrize(
    ("tag", "check"),
    [
        pytest.param('<img src="map.png">', "ingest-image", id="img"),
        pytest.param("<pre>x = 1</pre>", "ingest-code", id="pre"),
        pytest.param('<iframe src="https://example.org/v"></iframe>', "ingest-embed", id="iframe"),
        pytest.param("<svg><text>Map</text></svg>", "ingest-image", id="svg"),
    ],
)
def test_other_skipped_elements_are_reported(tmp_path: Path, tag: str, check: str) -> None:
    article = read(write(tmp_path, f"<h1>T</h1><p>Text.</p>{tag}"))
    assert [f.check for f in article.findings] == [check]
    assert [b.text for b in article.blocks[1:]] == ["Text."]


def test_links_keep_the_address_as_written(tmp_path: Path) -> None:
    page = '<h1>T</h1><p><a href="javascript:alert(1)">bad</a> <a href="">empty</a> <a>none</a></p>'
    runs = read(write(tmp_path, page)).blocks[1].runs
    assert runs == (
        Run("bad", frozenset({Mark(MarkKind.LINK, href="javascript:alert(1)")})),
        Run(" empty none"),
    )


def test_external_entities_are_not_loaded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("classified")
    page = tmp_path / "page.html"
    page.write_text(
        f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<html><body><h1>T</h1><p>Text &x;.</p></body></html>"
    )
    assert "classified" not in " ".join(block.text for block in read(page).blocks)


@pytest.mark.parametrize(
    ("between", "check"),
    [
        pytest.param('<embed src="map.swf">', ["ingest-embed"], id="embed"),
        pytest.param("<wbr>", [], id="wbr"),
        pytest.param('<track src="captions.vtt">', [], id="track"),
        pytest.param('<source src="clip.mp4">', [], id="source"),
        pytest.param("<keygen>", [], id="keygen"),
        pytest.param('<img src="a.png"/>', ["ingest-image"], id="self-closed-img"),
        pytest.param("<br/>", [], id="self-closed-br"),
    ],
)
def test_void_elements_hold_no_content(tmp_path: Path, between: str, check: list[str]) -> None:
    # HTML5: void elements have no end tag and contain nothing; the paragraphs after them stay apart.
    page = f"<h1>T</h1><p>One.</p>{between}<p>Two.</p><p>Three.</p>"
    article = read(write(tmp_path, page))
    assert [b.text for b in article.blocks[1:]] == ["One.", "Two.", "Three."]
    assert [f.check for f in article.findings] == check


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("<h1>T</h1><p>Ky<wbr>iv</p>", ["Kyiv"], id="wbr-inside-a-word"),
        pytest.param("<h1>T</h1><p>One<p>Two", ["One", "Two"], id="unclosed-paragraphs"),
        pytest.param("<h1>T</h1><p>One<div>Two</div>", ["One", "Two"], id="div-closes-paragraph"),
        pytest.param("<h1>T</h1><ul><li>A<li>B</ul>", ["A", "B"], id="unclosed-items"),
        pytest.param("<h1>T</h1><p><b>Bold <i>both</b> italic</i></p>", ["Bold both italic"],
                     id="misnested-marks"),
        pytest.param("<h1>T</h1><table><tr><td>Cell</td></tr>Stray</table><p>After.</p>",
                     ["Stray", "After."], id="foster-parented-text"),
    ],
)  # fmt: skip
def test_parsed_as_a_browser_would(tmp_path: Path, body: str, expected: list[str]) -> None:
    assert [b.text for b in read(write(tmp_path, body)).blocks[1:]] == expected


def test_misnested_marks_follow_html5(tmp_path: Path) -> None:
    runs = read(write(tmp_path, "<h1>T</h1><p><b>Bold <i>both</b> italic</i></p>")).blocks[1].runs
    assert runs == (
        Run("Bold ", frozenset({STRONG})),
        Run("both", frozenset({STRONG, EM})),
        Run(" italic", frozenset({EM})),
    )
