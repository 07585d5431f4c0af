"""Shared by the ingest tests: the contract every reader meets, and DOCX builders."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import ClassVar

import docx
import pytest
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

from translate.ingest import READERS, Reader, read_article
from translate.ingest.base import SLUG_PATTERN
from translate.inline import normalize_runs
from translate.model import Article, BlockKind, Severity

DATA = Path(__file__).parent / "data"
GOOD = DATA / "ingest"
BAD = DATA / "bad"

OSCE_URL = "https://example.org/osce/georgia?lang=en&year=2024"
CEC_URL = "https://cec.example.ge/results"


class ReaderContract:
    """What every reader promises; subclass it once per format (TT's TestTranslationStore).

    A subclass sets ``reader`` and ``title`` and says in ``make_source`` where its sample is.
    """

    reader: ClassVar[Reader]
    title: ClassVar[str]

    def make_source(self, tmp_path: Path) -> Path:
        raise NotImplementedError

    @pytest.fixture
    def source(self, tmp_path: Path) -> Path:
        return self.make_source(tmp_path)

    @pytest.fixture
    def article(self, source: Path) -> Article:
        return self.reader.read(source, source_lang="en")

    def test_extension_is_registered_for_this_reader(self, source: Path) -> None:
        assert READERS[source.suffix] is self.reader

    def test_read_article_dispatches_to_this_reader(self, source: Path, article: Article) -> None:
        assert read_article(source) == article

    def test_first_block_is_the_title(self, article: Article) -> None:
        assert article.blocks[0].kind is BlockKind.TITLE
        assert article.blocks[0].text == article.meta.title == self.title

    def test_only_the_first_block_is_a_title(self, article: Article) -> None:
        assert all(block.kind is not BlockKind.TITLE for block in article.blocks[1:])

    def test_there_is_a_body(self, article: Article) -> None:
        assert len(article.blocks) > 1

    def test_runs_are_normalized_and_blocks_not_empty(self, article: Article) -> None:
        for block in article.blocks:
            assert block.runs
            assert normalize_runs(block.runs) == block.runs

    def test_levels_fit_the_block_kind(self, article: Article) -> None:
        for block in article.blocks:
            if block.kind is BlockKind.HEADING:
                assert 1 <= block.level <= 6
            elif block.kind in (BlockKind.LIST_ITEM, BlockKind.QUOTE):
                assert block.level >= 1
            else:
                assert block.level == 0
            assert not block.ordered or block.kind is BlockKind.LIST_ITEM

    def test_meta(self, source: Path, article: Article) -> None:
        assert SLUG_PATTERN.fullmatch(article.meta.slug)
        assert article.meta.source_path == source
        assert article.meta.source_lang == "en"

    def test_source_lang_is_passed_through(self, source: Path) -> None:
        assert self.reader.read(source, source_lang="hy").meta.source_lang == "hy"

    def test_findings_are_minor_and_say_something(self, article: Article) -> None:
        for found in article.findings:
            assert found.severity is Severity.MINOR
            assert found.check.startswith("ingest-")
            assert found.message

    def test_reading_twice_gives_the_same_article(self, source: Path, article: Article) -> None:
        assert self.reader.read(source, source_lang="en") == article


def add_hyperlink(
    paragraph: Paragraph,
    text: str,
    *,
    url: str | None = None,
    anchor: str | None = None,
    bold: bool = False,
) -> None:
    """Append a w:hyperlink to an external ``url`` or to a bookmark ``anchor``."""
    hyperlink = OxmlElement("w:hyperlink")
    if url is not None:
        hyperlink.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    if anchor is not None:
        hyperlink.set(qn("w:anchor"), anchor)
    run = OxmlElement("w:r")
    if bold:
        properties = OxmlElement("w:rPr")
        properties.append(OxmlElement("w:b"))
        run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def add_list_definition(document: Document, formats: list[str]) -> int:
    """Add a numbering definition with one w:numFmt per level; return its numId."""
    numbering = document.part.numbering_part.element
    taken = [int(value) for value in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
    abstract_id = max(taken, default=-1) + 1
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="%{level + 1}."/></w:lvl>'
        for level, fmt in enumerate(formats)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{levels}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # the schema wants every abstractNum before any num
    else:
        numbering.append(abstract)
    return int(numbering.add_num(abstract_id).numId)


def number(paragraph: Paragraph, num_id: int, level: int) -> None:
    """Give ``paragraph`` direct numbering (w:numPr) from list ``num_id`` at ``level``."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def build_sample_docx(path: Path) -> Path:
    """Write the sample Word article every DOCX test reads (Georgia's 2024 election)."""
    document = docx.Document()
    properties = document.core_properties
    properties.author = "Tamar Beridze"
    properties.created = datetime(2024, 10, 27, 8, 0, tzinfo=timezone.utc)
    properties.title = ""

    document.add_paragraph("Georgia votes amid claims of pressure", style="Title")
    intro = document.add_paragraph("Voters in ")
    intro.add_run("Tbilisi").bold = True
    intro.add_run(" and ")
    intro.add_run("Batumi").italic = True
    intro.add_run(" queued early; ")
    intro.add_run("observers", style="Strong")
    intro.add_run(" said ")
    intro.add_run("turnout", style="Emphasis")
    intro.add_run(" was high. Read the ")
    add_hyperlink(intro, "OSCE statement", url=OSCE_URL)
    intro.add_run(" and the ")
    add_hyperlink(intro, "annex", anchor="annex")
    intro.add_run(".")

    document.add_heading("Observers' findings", level=2)
    document.add_paragraph("Ballot stuffing in Marneuli", style="List Bullet")
    document.add_paragraph("reported by two missions", style="List Bullet 2")
    document.add_paragraph("Count delayed in Zugdidi", style="List Number")
    document.add_paragraph("Results published at dawn", style="List Number")
    document.add_paragraph("The vote was neither free nor fair.", style="Quote")
    document.add_paragraph("We will not recognise the results.", style="Intense Quote")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Party"
    table.cell(0, 1).text = "Share"

    decimal_then_bullet = add_list_definition(document, ["decimal", "bullet"])
    bullet = add_list_definition(document, ["bullet"])
    numbered = document.add_paragraph("Georgian Dream claimed victory", style="List Paragraph")
    number(numbered, decimal_then_bullet, 0)
    nested = document.add_paragraph("with 54 percent", style="List Paragraph")
    number(nested, decimal_then_bullet, 1)
    plain_bullet = document.add_paragraph("The opposition refused its seats")
    number(plain_bullet, bullet, 0)

    document.add_paragraph("   ")
    document.add_heading("Next steps", level=3)
    closing = document.add_paragraph("The commission will publish ")
    add_hyperlink(closing, "final results", url=CEC_URL, bold=True)
    closing.add_run(" next week.")
    document.save(str(path))
    return path
