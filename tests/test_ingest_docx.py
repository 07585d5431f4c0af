"""translate.ingest.docx: styles to blocks, runs and hyperlinks to marks, properties to meta."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import docx as python_docx
import pytest
from docx.oxml.ns import qn
from ingest_helpers import CEC_URL, OSCE_URL, ReaderContract, add_hyperlink, build_sample_docx

from translate.errors import ArchiveError, IngestError
from translate.ingest import docx
from translate.model import Article, BlockKind, Mark, MarkKind, Run

EM = Mark(MarkKind.EMPHASIS)
STRONG = Mark(MarkKind.STRONG)


class TestDocxReader(ReaderContract):
    reader = docx
    title = "Georgia votes amid claims of pressure"

    def make_source(self, tmp_path: Path) -> Path:
        return build_sample_docx(tmp_path / "georgia-election.docx")


@pytest.fixture
def sample(tmp_path: Path) -> Article:
    return read(build_sample_docx(tmp_path / "georgia-election.docx"))


def read(path: Path) -> Article:
    return docx.read(path, source_lang="en")


def test_styles_give_the_structure(sample: Article) -> None:
    shape = [(b.kind, b.level, b.ordered, b.text) for b in sample.blocks]
    assert shape == [
        (BlockKind.TITLE, 0, False, "Georgia votes amid claims of pressure"),
        (
            BlockKind.PARAGRAPH,
            0,
            False,
            "Voters in Tbilisi and Batumi queued early; observers said turnout was high. "
            "Read the OSCE statement and the annex.",
        ),
        (BlockKind.HEADING, 2, False, "Observers' findings"),
        (BlockKind.LIST_ITEM, 1, False, "Ballot stuffing in Marneuli"),
        (BlockKind.LIST_ITEM, 2, False, "reported by two missions"),
        (BlockKind.LIST_ITEM, 1, True, "Count delayed in Zugdidi"),
        (BlockKind.LIST_ITEM, 1, True, "Results published at dawn"),
        (BlockKind.QUOTE, 1, False, "The vote was neither free nor fair."),
        (BlockKind.QUOTE, 1, False, "We will not recognise the results."),
        (BlockKind.LIST_ITEM, 1, True, "Georgian Dream claimed victory"),
        (BlockKind.LIST_ITEM, 2, False, "with 54 percent"),
        (BlockKind.LIST_ITEM, 1, False, "The opposition refused its seats"),
        (BlockKind.HEADING, 3, False, "Next steps"),
        (BlockKind.PARAGRAPH, 0, False, "The commission will publish final results next week."),
    ]


def test_runs_carry_bold_italic_character_styles_and_links(sample: Article) -> None:
    assert sample.blocks[1].runs == (
        Run("Voters in "),
        Run("Tbilisi", frozenset({STRONG})),
        Run(" and "),
        Run("Batumi", frozenset({EM})),
        Run(" queued early; "),
        Run("observers", frozenset({STRONG})),
        Run(" said "),
        Run("turnout", frozenset({EM})),
        Run(" was high. Read the "),
        Run("OSCE statement", frozenset({Mark(MarkKind.LINK, href=OSCE_URL)})),
        Run(" and the annex."),  # a jump to a bookmark keeps its text, not a link
    )


def test_formatting_inside_a_hyperlink(sample: Article) -> None:
    assert sample.blocks[-1].runs[1] == Run(
        "final results", frozenset({STRONG, Mark(MarkKind.LINK, href=CEC_URL)})
    )


def test_core_properties_give_author_and_date(sample: Article) -> None:
    assert sample.meta.author == "Tamar Beridze"
    assert sample.meta.date == date(2024, 10, 27)
    assert sample.meta.slug == "georgia-election"


def test_tables_are_reported(sample: Article) -> None:
    assert [(f.check, f.message) for f in sample.findings] == [
        ("ingest-table", "skipped 1 table(s)")
    ]


def new_document(*, title: str = "", author: str = "") -> python_docx.document.Document:
    document = python_docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    return document


def save(document: python_docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_title_from_the_document_properties(tmp_path: Path) -> None:
    document = new_document(title="Armenia and Azerbaijan sign a peace framework")
    document.add_heading("Background", level=1)
    document.add_paragraph("Talks began in 2022.")
    article = read(save(document, tmp_path / "peace.docx"))
    assert article.meta.title == "Armenia and Azerbaijan sign a peace framework"
    assert (article.blocks[1].kind, article.blocks[1].level) == (BlockKind.HEADING, 1)


def test_first_heading_1_is_the_title_without_title_style_or_property(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("Dateline: Yerevan")
    document.add_heading("Armenia recognises the border map", level=1)
    document.add_paragraph("The map follows Soviet-era lines.")
    document.add_heading("Reactions", level=1)
    article = read(save(document, tmp_path / "border.docx"))
    assert [(b.kind, b.text) for b in article.blocks] == [
        (BlockKind.TITLE, "Armenia recognises the border map"),
        (BlockKind.PARAGRAPH, "Dateline: Yerevan"),
        (BlockKind.PARAGRAPH, "The map follows Soviet-era lines."),
        (BlockKind.HEADING, "Reactions"),
    ]


def test_title_style_wins_over_the_property(tmp_path: Path) -> None:
    document = new_document(title="Draft 3")
    document.add_paragraph("Moldova signs the EU accession framework", style="Title")
    document.add_paragraph("Chișinău welcomed the decision.")
    assert read(save(document, tmp_path / "moldova.docx")).meta.title == (
        "Moldova signs the EU accession framework"
    )


def test_unset_properties_give_no_author_or_date(tmp_path: Path) -> None:
    document = new_document()
    properties = document.core_properties._element
    properties.remove(properties.find(qn("dcterms:created")))
    document.add_paragraph("Kyiv", style="Title")
    document.add_paragraph("Text.")
    meta = read(save(document, tmp_path / "kyiv.docx")).meta
    assert (meta.author, meta.date) == (None, None)


def test_no_title_at_all(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("Text without a title.")
    with pytest.raises(IngestError, match="article has no title; give the document") as caught:
        read(save(document, tmp_path / "untitled.docx"))
    assert "untitled.docx" in str(caught.value)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda d: None, id="no-paragraphs"),
        pytest.param(lambda d: d.add_paragraph("   "), id="blank-paragraph"),
        pytest.param(lambda d: d.add_paragraph("Title only", style="Title"), id="title-only"),
    ],
)
def test_empty_document(tmp_path: Path, make: object) -> None:
    document = new_document()
    make(document)  # type: ignore[operator]
    with pytest.raises(IngestError, match="article is empty"):
        read(save(document, tmp_path / "empty.docx"))


def test_heading_levels_beyond_6_are_capped(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("T", style="Title")
    document.add_heading("Deep", level=8)
    document.add_paragraph("Text.")
    assert read(save(document, tmp_path / "deep.docx")).blocks[1].level == 6


def test_hyperlink_address_is_kept_as_written(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("T", style="Title")
    paragraph = document.add_paragraph()
    add_hyperlink(paragraph, "report", url="https://example.org/report", anchor="page-2")
    paragraph.add_run(" out.")
    runs = read(save(document, tmp_path / "links.docx")).blocks[1].runs
    link = Mark(MarkKind.LINK, href="https://example.org/report#page-2")
    assert runs[0] == Run("report", frozenset({link}))


def test_archive_problems_are_ingest_errors_caused_by_archive_errors(tmp_path: Path) -> None:
    path = tmp_path / "evil.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../evil.sh", "echo owned")
    with pytest.raises(IngestError, match="unsafe member name") as caught:
        read(path)
    assert isinstance(caught.value.__cause__, ArchiveError)
    assert str(caught.value).startswith(str(path))


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "Baku, Tbilisi, Yerevan")
    with pytest.raises(IngestError, match="not a Word document") as caught:
        read(path)
    assert caught.value.hint and "save it again" in caught.value.hint


def test_created_date_is_only_the_date(tmp_path: Path) -> None:
    document = new_document()
    document.core_properties.created = datetime(2024, 3, 1, 23, 59)
    document.add_paragraph("T", style="Title")
    document.add_paragraph("Text.")
    assert read(save(document, tmp_path / "d.docx")).meta.date == date(2024, 3, 1)


def with_document_xml(path: Path, edit: Callable[[str], str]) -> Path:
    """Rewrite word/document.xml of the DOCX at ``path`` with ``edit`` (the other members as they are)."""
    members = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            members[info.filename] = archive.read(info)
    members["word/document.xml"] = edit(members["word/document.xml"].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_text_after_an_unexpanded_entity_is_kept(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("T", style="Title")
    document.add_paragraph("PLACEHOLDER")
    path = save(document, tmp_path / "entity.docx")

    def declare_and_use(xml: str) -> str:
        xml = xml.replace("?>", '?><!DOCTYPE w:document [<!ENTITY co "the Commission">]>', 1)
        return xml.replace("PLACEHOLDER", "Before &co; after, and &co; again.")

    article = read(with_document_xml(path, declare_and_use))
    assert article.blocks[1].text == "Before after, and again."
    (found,) = [f for f in article.findings if f.check == "ingest-entity"]
    assert found.message == (
        "paragraph 2: dropped 2 XML entity reference(s) left unexpanded (&co;); "
        "the text around them is kept"
    )


@pytest.mark.parametrize(
    ("run_xml", "marks"),
    [
        pytest.param('<w:rPr><w:b w:val="false"/></w:rPr>', frozenset(), id="bold-off"),
        pytest.param('<w:rPr><w:b w:val="0"/><w:i/></w:rPr>', frozenset({EM}), id="italic-on-bold-0"),
        pytest.param('<w:rPr><w:b w:val="on"/></w:rPr>', frozenset({STRONG}), id="bold-on"),
        pytest.param('<w:rPr><w:rStyle w:val="Strong"/></w:rPr>', frozenset({STRONG}), id="strong-style"),
        pytest.param('<w:rPr><w:rStyle w:val="NoSuchStyle"/></w:rPr>', frozenset(), id="missing-style"),
    ],
)
def test_run_properties(tmp_path: Path, run_xml: str, marks: frozenset[Mark]) -> None:
    document = new_document()
    document.add_paragraph("T", style="Title")
    document.add_paragraph("Word")
    path = save(document, tmp_path / "runs.docx")
    article = read(with_document_xml(path, lambda xml: xml.replace("<w:t>Word", f"{run_xml}<w:t>Word")))
    assert article.blocks[1].runs == (Run("Word", marks),)


def test_style_based_on_a_quote_style_is_a_quote(tmp_path: Path) -> None:
    document = new_document()
    document.add_paragraph("T", style="Title")
    custom = document.styles.add_style("Pull Quote", 1)
    custom.base_style = document.styles["Intense Quote"]
    document.add_paragraph("Never again.", style="Pull Quote")
    (block,) = read(save(document, tmp_path / "pull.docx")).blocks[1:]
    assert (block.kind, block.text) == (BlockKind.QUOTE, "Never again.")
