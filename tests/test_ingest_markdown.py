"""translate.ingest.markdown: front matter, CommonMark structure, inline marks, findings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import GOOD, ReaderContract

from translate.errors import IngestError
from translate.ingest import markdown
from translate.inline import normalize_runs
from translate.model import Article, BlockKind, Mark, MarkKind, Run

EM = Mark(MarkKind.EMPHASIS)
STRONG = Mark(MarkKind.STRONG)
CODE = Mark(MarkKind.CODE)
CSTO = GOOD / "armenia-csto.md"


class TestMarkdownReader(ReaderContract):
    reader = markdown
    title = "Armenia freezes its CSTO membership"

    def make_source(self, tmp_path: Path) -> Path:
        return CSTO


def read(path: Path, *, source_lang: str = "en") -> Article:
    return markdown.read(path, source_lang=source_lang)


def write(tmp_path: Path, source: str, name: str = "article.md") -> Path:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return path


def test_front_matter_gives_the_meta() -> None:
    meta = read(CSTO).meta
    assert meta.title == "Armenia freezes its CSTO membership"
    assert meta.slug == "armenia-csto-freeze"
    assert meta.date == date(2024, 2, 23)
    assert meta.author == "Anna Grigoryan"
    assert meta.source_lang == "en"


def test_structure_follows_the_source() -> None:
    shape = [(b.kind, b.level, b.ordered, b.text) for b in read(CSTO).blocks]
    assert shape == [
        (BlockKind.TITLE, 0, False, "Armenia freezes its CSTO membership"),
        (
            BlockKind.PARAGRAPH,
            0,
            False,
            "Prime Minister Nikol Pashinyan said in Yerevan that Armenia has frozen its "
            "participation in the Collective Security Treaty Organization (CSTO).",
        ),
        (BlockKind.HEADING, 2, False, "What the treaty promised"),
        (BlockKind.QUOTE, 1, False, "The alliance did not come to our aid."),
        (BlockKind.QUOTE, 2, False, "Armenia expected support in 2021 and 2022."),
        (BlockKind.PARAGRAPH, 0, False, "Officials listed three grievances:"),
        (BlockKind.LIST_ITEM, 1, True, "No response to the border incursions"),
        (BlockKind.LIST_ITEM, 1, True, "Blocked arms deliveries"),
        (BlockKind.LIST_ITEM, 2, False, "helicopters"),
        (BlockKind.LIST_ITEM, 2, False, "air-defence systems"),
        (BlockKind.LIST_ITEM, 1, True, "Silence over Nagorno-Karabakh"),
        (BlockKind.HEADING, 3, False, "Reactions in Moscow"),
        (
            BlockKind.PARAGRAPH,
            0,
            False,
            'The Kremlin called the move regrettable and "not final". Analysts disagree.',
        ),
        (BlockKind.LIST_ITEM, 1, False, "Russia keeps its base in Gyumri"),
        (BlockKind.LIST_ITEM, 1, False, "Border guards leave Zvartnots airport"),
    ]


def test_inline_marks_are_kept() -> None:
    assert read(CSTO).blocks[1].runs == (
        Run("Prime Minister "),
        Run("Nikol Pashinyan", frozenset({EM})),
        Run(" said in "),
        Run("Yerevan", frozenset({STRONG})),
        Run(" that Armenia has "),
        Run(
            "frozen its participation",
            frozenset({Mark(MarkKind.LINK, href="https://example.org/news/csto?id=7&lang=en")}),
        ),
        Run(" in the Collective Security Treaty Organization ("),
        Run("CSTO", frozenset({CODE})),
        Run(")."),
    )


@pytest.mark.parametrize(
    ("check", "message"),
    [
        pytest.param(
            "ingest-image",
            "line 14: dropped image 'images/pashinyan.jpg' (alt text not kept)",
            id="image",
        ),
        pytest.param(
            "ingest-html", "line 32: dropped inline HTML '<span class=\"tag\">'", id="inline-html"
        ),
        pytest.param("ingest-html", "line 36: dropped an HTML block '<div", id="html-block"),
        pytest.param("ingest-code", "line 38: dropped a code block", id="fenced-code"),
    ],
)
def test_dropped_content_is_reported(check: str, message: str) -> None:
    findings = read(CSTO).findings
    assert any(f.check == check and f.message.startswith(message) for f in findings), findings


def test_dropped_content_leaves_no_text_behind() -> None:
    text = " ".join(block.text for block in read(CSTO).blocks)
    for gone in ("Pashinyan at the press conference", "Advertisement", "not translated", "<span"):
        assert gone not in text


def test_leading_h1_is_the_title_without_front_matter() -> None:
    article = read(GOOD / "kyiv-grain-corridor.md")
    assert article.meta.title == "Kyiv reopens the Black Sea grain corridor"
    assert article.meta.slug == "kyiv-grain-corridor"
    assert article.meta.date is None and article.meta.author is None
    kinds = [b.kind for b in article.blocks]
    assert kinds == [BlockKind.TITLE, BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]


def test_h1_title_keeps_its_marks(tmp_path: Path) -> None:
    article = read(write(tmp_path, "# Talks in *Yerevan*\n\nThey resumed.\n"))
    assert article.blocks[0].runs == (Run("Talks in "), Run("Yerevan", frozenset({EM})))
    assert article.meta.title == "Talks in Yerevan"


def test_h1_unlike_the_front_matter_title_stays_a_heading(tmp_path: Path) -> None:
    source = "---\ntitle: Armenia and the CSTO\n---\n# Background\n\nThe treaty dates from 1992.\n"
    blocks = read(write(tmp_path, source)).blocks
    assert blocks[0].text == "Armenia and the CSTO"
    assert (blocks[1].kind, blocks[1].level, blocks[1].text) == (BlockKind.HEADING, 1, "Background")


def test_language_key_overrides_source_lang_and_bom_is_accepted() -> None:
    article = read(GOOD / "kyiv-brussels-uk.md")
    assert article.meta.source_lang == "uk"
    assert article.meta.title == "Київ і Брюссель: нові переговори"
    assert article.meta.date == date(2024, 6, 25)


@pytest.mark.parametrize(
    "key", [pytest.param("lang", id="lang"), pytest.param("language", id="language")]
)
def test_lang_keys(tmp_path: Path, key: str) -> None:
    path = write(tmp_path, f"---\n{key}: hy\ntitle: Yerevan\n---\nText.\n")
    assert read(path, source_lang="en").meta.source_lang == "hy"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2024-02-23", date(2024, 2, 23), id="yaml-date"),
        pytest.param("2024-02-23 10:15:00", date(2024, 2, 23), id="yaml-datetime"),
        pytest.param('"2024-02-23T10:15:00+04:00"', date(2024, 2, 23), id="iso-string"),
    ],
)
def test_dates(tmp_path: Path, value: str, expected: date) -> None:
    path = write(tmp_path, f"---\ntitle: Yerevan\ndate: {value}\n---\nText.\n")
    assert read(path).meta.date == expected


def test_unknown_front_matter_keys_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: Yerevan\ntags: [a, b]\nlayout: post\n---\nText.\n")
    assert read(path).meta.title == "Yerevan"


@pytest.mark.parametrize(
    ("front", "line", "phrase"),
    [
        pytest.param("title: T\nslug: a/b\n", 3, "slug 'a/b'", id="slug-slash"),
        pytest.param("title: T\nslug: -lead\n", 3, "slug '-lead'", id="slug-leading-dash"),
        pytest.param("title: T\n\n\ndate: soon\n", 5, "date 'soon'", id="date-after-blank-lines"),
        pytest.param("title: T\nauthor: {a: 1}\n", 3, "`author:` must be text", id="author-map"),
        pytest.param("title: T\n  bad: indent\n", 3, "invalid YAML", id="bad-indent"),
    ],
)
def test_front_matter_errors_point_at_the_line(
    tmp_path: Path, front: str, line: int, phrase: str
) -> None:
    path = write(tmp_path, f"---\n{front}---\nText.\n")
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == line
    assert phrase in str(caught.value)


def test_yaml_tags_are_not_constructed(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: !!python/object/apply:os.system ['true']\n---\nText.\n")
    with pytest.raises(IngestError, match="invalid YAML"):
        read(path)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("Baku\nand Yerevan\n", "Baku and Yerevan", id="softbreak"),
        pytest.param("Baku\\\nand Yerevan\n", "Baku and Yerevan", id="hardbreak-backslash"),
        pytest.param("Baku  \nand Yerevan\n", "Baku and Yerevan", id="hardbreak-spaces"),
        pytest.param("Baku &amp; Yerevan\n", "Baku & Yerevan", id="entity"),
        pytest.param("[Baku]() and Yerevan\n", "Baku and Yerevan", id="link-without-address"),
    ],
)
def test_inline_text(tmp_path: Path, source: str, expected: str) -> None:
    body = read(write(tmp_path, "# T\n\n" + source)).blocks[1]
    assert body.text == expected
    assert all(not run.marks for run in body.runs)


def test_paragraphs_of_one_list_item_make_one_block(tmp_path: Path) -> None:
    source = "# T\n\n- Armenia left.\n\n  It kept the base.\n\n- Belarus stayed.\n"
    items = read(write(tmp_path, source)).blocks[1:]
    assert [(b.kind, b.text) for b in items] == [
        (BlockKind.LIST_ITEM, "Armenia left. It kept the base."),
        (BlockKind.LIST_ITEM, "Belarus stayed."),
    ]


def test_nested_marks(tmp_path: Path) -> None:
    source = "# T\n\n***Kyiv*** and [**Odesa**](https://example.org/odesa)\n"
    runs = read(write(tmp_path, source)).blocks[1].runs
    link = Mark(MarkKind.LINK, href="https://example.org/odesa")
    assert runs == (
        Run("Kyiv", frozenset({EM, STRONG})),
        Run(" and "),
        Run("Odesa", frozenset({STRONG, link})),
    )


def test_heading_levels(tmp_path: Path) -> None:
    source = "# T\n\n" + "".join(f"{'#' * n} Level {n}\n\n" for n in range(2, 7)) + "Text.\n"
    blocks = read(write(tmp_path, source)).blocks
    assert [b.level for b in blocks if b.kind is BlockKind.HEADING] == [2, 3, 4, 5, 6]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    source=st.text(
        alphabet=st.sampled_from(list("ab \n#*_-`>[]()!1.:\\<>&\u00e9\u0416")), max_size=120
    )
)
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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("EN", "en", id="upper-case"),
        pytest.param("en-US", "en-US", id="region"),
        pytest.param("en_US", "en-US", id="underscore"),
        pytest.param("en-us", "en-US", id="lower-region"),
        pytest.param("eng", "en", id="three-letter"),
        pytest.param("ukr", "uk", id="three-letter-ukrainian"),
        pytest.param("pt_BR", "pt-BR", id="brazilian"),
        pytest.param(" hy ", "hy", id="padded"),
    ],
)
def test_front_matter_lang_is_normalized_like_the_settings(
    tmp_path: Path, value: str, expected: str
) -> None:
    path = write(tmp_path, f"---\ntitle: Yerevan\nlang: '{value}'\n---\nText.\n")
    assert read(path).meta.source_lang == expected


@pytest.mark.parametrize(
    ("front", "line"),
    [
        pytest.param("title: T\nlang: zz-notalang\n", 3, id="unknown"),
        pytest.param("title: T\n\nlanguage: 42\n", 4, id="number"),
        pytest.param("title: T\nlang: en-\n", 3, id="cut-short"),
    ],
)
def test_unknown_front_matter_lang_names_the_line(tmp_path: Path, front: str, line: int) -> None:
    path = write(tmp_path, f"---\n{front}---\nText.\n")
    with pytest.raises(IngestError, match="is not a language code") as caught:
        read(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: front matter `")


def test_quotes_nested_past_the_commonmark_preset_are_kept(tmp_path: Path) -> None:
    # markdown-it's CommonMark preset reads 20 levels and silently drops what is deeper.
    blocks = read(write(tmp_path, "# T\n\n" + "> " * 25 + "Deep.\n\nAfter.\n")).blocks
    assert [(b.kind, b.text) for b in blocks[1:]] == [
        (BlockKind.QUOTE, "Deep."),
        (BlockKind.PARAGRAPH, "After."),
    ]


def test_deeply_nested_emphasis_keeps_its_marks(tmp_path: Path) -> None:
    source = "# T\n\n" + "*a " * 300 + "**b**" + " c*" * 300 + "\n"
    runs = read(write(tmp_path, source)).blocks[1].runs
    assert [run.marks for run in runs] == [
        frozenset({EM}), frozenset({EM, STRONG}), frozenset({EM})
    ]  # fmt: skip
    assert runs[1].text == "b"
