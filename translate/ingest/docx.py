"""Read a Word (.docx) article with python-docx, after checking the zip archive is safe.

Paragraph styles give the structure: Title, Heading N, List Bullet/Number N (or any numbered
paragraph), Quote/Intense Quote; everything else is a paragraph. Tables and content controls
are skipped and reported. Author and date come from the document properties.

python-docx opens the package; the body is then read straight from its XML, with styles and list
formats read once into dictionaries: python-docx finds a paragraph's or a run's style by scanning
every style of the document (10,000 unused styles made each run cost 10,000 steps), and its
proxy objects made each of 100,000 paragraphs cost half a millisecond. Run text is read here too,
so that the text after an XML entity reference left unexpanded (python-docx keeps only the text
before it) is kept.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from translate.errors import ArchiveError, IngestError
from translate.ingest.base import BlockCollector, add_text, build_article, clip, link_mark, read_article_bytes
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
_W = {name: qn(f"w:{name}") for name in (
    "p", "tbl", "sdt", "r", "hyperlink", "pPr", "pStyle", "numPr", "numId", "ilvl", "rPr", "rStyle",
    "b", "i", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "type", "val", "anchor", "num",
    "abstractNum", "abstractNumId", "lvl", "numFmt", "style", "styleId", "name", "basedOn", "default",
)}  # fmt: skip
_R_ID = qn("r:id")
_NO_MARKS: frozenset[Mark] = frozenset()
_TRUE = frozenset({"1", "true", "on"})
_OFF = frozenset({"0", "false", "off"})
_STYLE_CHAIN = 10  # base-style chains are short; a cycle must not hang us


EXTENSIONS = (".docx",)
"""The file name endings this reader takes (see :data:`translate.ingest.READERS`)."""


def read(path: Path, *, source_lang: str) -> Article:
    """Read the Word document at ``path``; the archive is checked before python-docx opens it."""
    data = read_article_bytes(path)
    try:
        check_zip(path)
    except ArchiveError as exc:
        raise IngestError(clip(exc.message), path=path, hint=exc.hint) from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise IngestError(
            f"not a Word document: {clip(str(exc))}",
            path=path,
            hint="save it again from Word or LibreOffice as .docx",
        ) from exc

    reader = _Reader(document, _Styles.of(document.styles.element), _numbering(document))
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


@dataclass(frozen=True, slots=True)
class _Styles:
    """The document's styles by id, read once: lower-case name and base style of each, defaults by type."""

    names: dict[str, str]
    bases: dict[str, str]
    types: dict[str, str]
    defaults: dict[str, str]  # style type ("paragraph", "character") -> id of its default style

    @classmethod
    def of(cls, styles: etree._Element) -> _Styles:
        names: dict[str, str] = {}
        bases: dict[str, str] = {}
        types: dict[str, str] = {}
        defaults: dict[str, str] = {}
        for style in styles.iterchildren(_W["style"]):
            style_id = style.get(_W["styleId"])
            if style_id is None or style_id in names:  # the first of a repeated id wins, as in Word
                continue
            kind = style.get(_W["type"]) or "paragraph"
            names[style_id] = (_val(style.find(_W["name"])) or "").lower()
            types[style_id] = kind
            if based_on := _val(style.find(_W["basedOn"])):
                bases[style_id] = based_on
            if style.get(_W["default"]) in _TRUE:
                defaults[kind] = style_id  # the last default of a type counts, as in python-docx
        return cls(names, bases, types, defaults)

    def resolve(self, style_id: str | None, kind: str) -> str | None:
        """The id of the style a paragraph or run uses: its own, else the default of its type."""
        if style_id is not None and self.types.get(style_id) == kind:
            return style_id
        return self.defaults.get(kind)

    def chain(self, style_id: str | None) -> Iterator[str]:
        """Lower-case names of a style and of the styles it is based on, nearest first."""
        for _ in range(_STYLE_CHAIN):
            if style_id is None or style_id not in self.names:
                return
            yield self.names[style_id]
            style_id = self.bases.get(style_id)


def _numbering(document: Document) -> dict[tuple[int, int], str]:
    """The w:numFmt ("decimal", "bullet"...) of each list id and level, read once."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):  # no numbering part: no list has a known format
        return {}
    levels: dict[str, dict[int, str]] = {}
    for abstract in numbering.iterchildren(_W["abstractNum"]):
        formats = levels.setdefault(abstract.get(_W["abstractNumId"]) or "", {})
        for lvl in abstract.iterchildren(_W["lvl"]):
            level, number_format = _int(lvl.get(_W["ilvl"])), _val(lvl.find(_W["numFmt"]))
            if number_format is not None:
                formats.setdefault(level, number_format)
    formats_of: dict[tuple[int, int], str] = {}
    for num in numbering.iterchildren(_W["num"]):
        num_id = _int(num.get(_W["numId"]))
        for level, number_format in levels.get(_val(num.find(_W["abstractNumId"])) or "", {}).items():
            formats_of.setdefault((num_id, level), number_format)
    return formats_of


def _val(element: etree._Element | None) -> str | None:
    return element.get(_W["val"]) if element is not None else None


def _int(value: str | None) -> int:
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


@dataclass(slots=True)
class _Reader:
    """Walks the document body in order."""

    document: Document
    styles: _Styles
    number_formats: dict[tuple[int, int], str]
    collector: BlockCollector = field(default_factory=BlockCollector)
    title: list[Run] = field(default_factory=list)
    paragraphs: int = 0  # paragraphs read so far, for findings
    entities: dict[str, list[int]] = field(default_factory=dict)  # unexpanded reference -> paragraphs
    marks_of: dict[tuple[bool, bool, str | None], frozenset[Mark]] = field(default_factory=dict)

    def read_body(self) -> None:
        tables = 0
        body = self.document.element.body
        for child in body.iterchildren(_W["p"], _W["tbl"]):
            if child.tag == _W["tbl"]:
                tables += 1
            else:
                self.paragraphs += 1
                self._paragraph(child)
        if tables:
            self.collector.note("ingest-table", f"skipped {tables} table(s)")
        if self.entities:
            first = min(numbers[0] for numbers in self.entities.values())
            count = sum(len(numbers) for numbers in self.entities.values())
            names = ", ".join(clip(name, 40) for name in sorted(self.entities)[:5])
            self.collector.note(
                "ingest-entity",
                f"paragraph {first}: dropped {count:,} XML entity reference(s) left unexpanded "
                f"({names}); the text around them is kept",
            )
        controls = body.findall(_W["sdt"])
        if controls:
            self.collector.note(
                "ingest-control",
                f"skipped {len(controls)} content control(s) such as a table of contents",
            )

    def _paragraph(self, p: etree._Element) -> None:
        runs = self._runs(p)
        p_pr = p.find(_W["pPr"])
        own = _val(p_pr.find(_W["pStyle"])) if p_pr is not None else None
        names = list(self.styles.chain(self.styles.resolve(own, "paragraph")))
        if "title" in names:
            if not self.title:
                self.title = runs
            else:
                self.collector.add(BlockKind.HEADING, runs, level=1)
            return
        kind, level, ordered = self._shape(p_pr, names)
        self.collector.add(kind, runs, level=level, ordered=ordered)

    def _shape(self, p_pr: etree._Element | None, names: list[str]) -> tuple[BlockKind, int, bool]:
        """Kind, level and orderedness from the nearest telling style, else from numbering."""
        num_pr = p_pr.find(_W["numPr"]) if p_pr is not None else None
        num_id = _int(_val(num_pr.find(_W["numId"]))) if num_pr is not None else 0
        ilvl = _int(_val(num_pr.find(_W["ilvl"]))) if num_pr is not None else 0
        for name in names:
            if match := _HEADING.fullmatch(name):
                return BlockKind.HEADING, min(int(match.group(1)), 6), False
            if name in _QUOTES:
                return BlockKind.QUOTE, 1, False
            if match := _LIST.fullmatch(name):
                depth = ilvl + 1 if num_id else int(match.group(2) or 1)
                return BlockKind.LIST_ITEM, depth, match.group(1) == "number"
        if num_id:
            number_format = self.number_formats.get((num_id, ilvl))
            ordered = number_format is not None and number_format not in _UNORDERED_FORMATS
            return BlockKind.LIST_ITEM, ilvl + 1, ordered
        return BlockKind.PARAGRAPH, 0, False

    def _runs(self, p: etree._Element) -> list[Run]:
        runs: list[Run] = []
        for child in p.iterchildren(_W["r"], _W["hyperlink"]):
            if child.tag == _W["r"]:
                self._run(child, runs, _NO_MARKS)
                continue
            link = self._link(child)
            for r in child.iterchildren(_W["r"]):
                self._run(r, runs, link)
        return runs

    def _run(self, r: etree._Element, runs: list[Run], link: frozenset[Mark]) -> None:
        """Append the run's text (as python-docx reads it, but keeping the text after an entity
        reference) with its marks; one pass over the run's children, for long documents."""
        parts: list[str] = []
        marks = self._marks(None)
        for child in r.iterchildren():
            tag = child.tag
            if tag == _W["t"]:
                parts.append(child.text or "")
                for inner in child:  # an entity reference left unexpanded, a comment
                    if inner.tag is etree.Entity:
                        self.entities.setdefault(inner.text or "&?;", []).append(self.paragraphs)
                    parts.append(inner.tail or "")
            elif tag == _W["rPr"]:
                marks = self._marks(child)
            elif tag in (_W["tab"], _W["ptab"]):
                parts.append("\t")
            elif tag == _W["br"]:
                kind = child.get(_W["type"], "textWrapping")
                parts.append("\n" if kind == "textWrapping" else "")  # page and column breaks: ""
            elif tag == _W["cr"]:
                parts.append("\n")
            elif tag == _W["noBreakHyphen"]:
                parts.append("-")
        add_text(runs, "".join(parts), marks | link if link else marks)

    def _marks(self, r_pr: etree._Element | None) -> frozenset[Mark]:
        """Bold, italic (directly or by the Strong/Emphasis character styles) and code marks."""
        bold = italic = False
        own: str | None = None
        for prop in r_pr.iterchildren(_W["b"], _W["i"], _W["rStyle"]) if r_pr is not None else ():
            if prop.tag == _W["rStyle"]:
                own = prop.get(_W["val"])
            elif prop.get(_W["val"], "true") not in _OFF:
                bold, italic = bold or prop.tag == _W["b"], italic or prop.tag == _W["i"]
        key = (bold, italic, self.styles.resolve(own, "character"))
        marks = self.marks_of.get(key)
        if marks is None:
            style = self.styles.names.get(key[2], "") if key[2] is not None else ""
            found: set[Mark] = set()
            if bold or style in _STRONG_STYLES:
                found.add(Mark(MarkKind.STRONG))
            if italic or style in _EMPHASIS_STYLES:
                found.add(Mark(MarkKind.EMPHASIS))
            if "code" in style:
                found.add(Mark(MarkKind.CODE))
            marks = self.marks_of[key] = frozenset(found)
        return marks

    def _link(self, hyperlink: etree._Element) -> frozenset[Mark]:
        """The LINK mark of a hyperlink (address#anchor, as python-docx's Hyperlink.url); none for a
        jump to a bookmark inside the document or a relationship that is missing."""
        rel_id = hyperlink.get(_R_ID)
        rel = self.document.part.rels.get(rel_id) if rel_id else None
        if rel is None or not rel.is_external or not rel.target_ref:
            return frozenset()
        anchor = hyperlink.get(_W["anchor"])
        url = f"{rel.target_ref}#{anchor}" if anchor else rel.target_ref
        return frozenset({link_mark(url, self.collector, where=f"paragraph {self.paragraphs}: ")})
