"""Read a Word (.docx) article with python-docx, after checking the zip archive is safe.

Paragraph styles give the structure: Title, Heading N, List Bullet/Number N (or any numbered
paragraph), Quote/Intense Quote; everything else is a paragraph. Tables and content controls
are skipped and reported. Author and date come from the document properties.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run as DocxRun
from lxml import etree

from translate.errors import ArchiveError, IngestError
from translate.ingest.base import BlockCollector, add_text, build_article
from translate.model import Article, BlockKind, Mark, MarkKind, Run
from translate.safezip import check_zip

_HEADING = re.compile(r"heading ([1-9])", re.IGNORECASE)
_LIST = re.compile(r"list (bullet|number)(?: ([1-9]))?", re.IGNORECASE)
_QUOTES = frozenset({"quote", "intense quote"})
_STRONG_STYLES = frozenset({"strong"})
_EMPHASIS_STYLES = frozenset({"emphasis", "subtle emphasis", "intense emphasis"})
_UNORDERED_FORMATS = frozenset({"bullet", "none"})
_TITLE_HINT = (
    "give the document a paragraph in the Title style, a title in its properties, or a Heading 1"
)


def read(path: Path, *, source_lang: str) -> Article:
    """Read the Word document at ``path``; the archive is checked before python-docx opens it."""
    try:
        check_zip(path)
    except ArchiveError as exc:
        raise IngestError(exc.message, path=path, hint=exc.hint) from exc
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise IngestError(
            f"not a Word document: {exc}",
            path=path,
            hint="save it again from Word or LibreOffice as .docx",
        ) from exc

    reader = _Reader(document)
    reader.read_body()
    properties = document.core_properties
    title = reader.title
    blocks = reader.collector.blocks
    if not title and properties.title.strip():
        title = [Run(properties.title)]
    if not title:
        first_h1 = next(
            (i for i, b in enumerate(blocks) if b.kind is BlockKind.HEADING and b.level == 1), None
        )
        if first_h1 is not None:
            title = list(blocks.pop(first_h1).runs)
    created = properties.created
    return build_article(
        path,
        title=title,
        blocks=blocks,
        findings=reader.collector.findings,
        source_lang=source_lang,
        article_date=created.date() if created is not None else None,
        author=properties.author.strip() or None,
        title_hint=_TITLE_HINT,
    )


@dataclass(slots=True)
class _Reader:
    """Walks the document body in order."""

    document: Document
    collector: BlockCollector = field(default_factory=BlockCollector)
    title: list[Run] = field(default_factory=list)

    def read_body(self) -> None:
        tables = 0
        for item in self.document.iter_inner_content():
            if isinstance(item, Table):
                tables += 1
            else:
                self._paragraph(item)
        if tables:
            self.collector.note("ingest-table", f"skipped {tables} table(s)")
        controls = self.document.element.body.findall(qn("w:sdt"))
        if controls:
            self.collector.note(
                "ingest-control",
                f"skipped {len(controls)} content control(s) such as a table of contents",
            )

    def _paragraph(self, paragraph: Paragraph) -> None:
        runs = self._runs(paragraph)
        names = list(_style_names(paragraph.style))
        if "title" in names:
            if not self.title:
                self.title = runs
            else:
                self.collector.add(BlockKind.HEADING, runs, level=1)
            return
        kind, level, ordered = self._shape(paragraph, names)
        self.collector.add(kind, runs, level=level, ordered=ordered)

    def _shape(self, paragraph: Paragraph, names: list[str]) -> tuple[BlockKind, int, bool]:
        """Kind, level and orderedness from the nearest telling style, else from numbering."""
        p_pr = paragraph._p.pPr
        num_pr = p_pr.numPr if p_pr is not None else None
        num_id = num_pr.numId.val if num_pr is not None and num_pr.numId is not None else 0
        ilvl = num_pr.ilvl.val if num_pr is not None and num_pr.ilvl is not None else 0
        for name in names:
            if match := _HEADING.fullmatch(name):
                return BlockKind.HEADING, min(int(match.group(1)), 6), False
            if name in _QUOTES:
                return BlockKind.QUOTE, 1, False
            if match := _LIST.fullmatch(name):
                depth = ilvl + 1 if num_id else int(match.group(2) or 1)
                return BlockKind.LIST_ITEM, depth, match.group(1) == "number"
        if num_id:
            number_format = self._number_format(num_id, ilvl)
            ordered = number_format is not None and number_format not in _UNORDERED_FORMATS
            return BlockKind.LIST_ITEM, ilvl + 1, ordered
        return BlockKind.PARAGRAPH, 0, False

    def _number_format(self, num_id: int, level: int) -> str | None:
        """The w:numFmt of list ``num_id`` at ``level`` ("decimal", "bullet"...), if it is known."""
        try:
            numbering = self.document.part.numbering_part.element
            abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
        except (KeyError, NotImplementedError, AttributeError):
            return None
        formats = numbering.xpath(
            f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]'
            f'/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
        )
        return str(formats[0]) if formats else None

    def _runs(self, paragraph: Paragraph) -> list[Run]:
        runs: list[Run] = []
        for item in paragraph.iter_inner_content():
            if isinstance(item, Hyperlink):
                link = _link(item)
                for run in item.runs:
                    add_text(runs, run.text, _marks(run) | link)
            else:
                add_text(runs, item.text, _marks(item))
        return runs


def _link(hyperlink: Hyperlink) -> frozenset[Mark]:
    """The LINK mark of a hyperlink; none for a jump to a bookmark inside the document."""
    try:
        url = hyperlink.url
    except KeyError:  # the relationship it names is missing
        return frozenset()
    return frozenset({Mark(MarkKind.LINK, href=url)}) if url else frozenset()


def _marks(run: DocxRun) -> frozenset[Mark]:
    """Bold, italic (directly or by the Strong/Emphasis character styles) and code marks."""
    style = (run.style.name or "").lower() if run.style is not None else ""
    marks: set[Mark] = set()
    if run.bold or style in _STRONG_STYLES:
        marks.add(Mark(MarkKind.STRONG))
    if run.italic or style in _EMPHASIS_STYLES:
        marks.add(Mark(MarkKind.EMPHASIS))
    if "code" in style:
        marks.add(Mark(MarkKind.CODE))
    return frozenset(marks)


def _style_names(style: ParagraphStyle | None) -> Iterator[str]:
    """Lower-case names of a paragraph style and of the styles it is based on, nearest first."""
    for _ in range(10):  # base_style chains are short; a cycle must not hang us
        if style is None:
            return
        yield (style.name or "").lower()
        style = style.base_style
