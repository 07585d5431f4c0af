"""Render a translated article as a Word document (DOCX), byte-for-byte reproducible.

Blocks map to the built-in styles of python-docx's default template (or of a reference
document): Title, Heading 1-9, Normal, Quote, List Bullet/List Number (2 and 3 for deeper
items). Every run carries the article's language (``w:lang``) so Word spell-checks it in that
language; right-to-left languages also get ``w:bidi`` paragraphs and ``w:rtl`` runs.
"""

from __future__ import annotations

import io
import itertools
import logging
import zipfile
from collections.abc import Sequence
from datetime import datetime, time, timezone
from pathlib import Path

import docx
import regex
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run as DocxRun
from lxml import etree

from translate.errors import ExportError
from translate.export import safe_href, split_title, text_direction
from translate.export.formats import OutputFormat, RenderContext
from translate.export.paper import paper_for
from translate.i18n import FALLBACK, N_, gettext, text_language
from translate.model import Block, BlockKind, MarkKind, Run, TranslatedArticle
from translate.ooxml import XML_ILLEGAL, normalize_zip, set_lang, set_run_text

__all__ = ["CORE_PROPERTY_MAX", "core_property_text", "render_docx"]

logger = logging.getLogger(__name__)

NOTICE_HEADLINE = N_("Unreviewed machine translation draft")
"""The notice's headline (shown in capitals), in the catalog of the article's language."""
NOTICE_TEXT = N_(
    "This text was translated by machine and nobody has reviewed it yet. "
    "It is for post-editing only: not for publication."
)
NOTICE_LANG = "en-US"
"""The language the notice is marked with where no catalog serves the article's language (it is English then)."""
CODE_FONT = "Courier New"
LINK_COLOR = RGBColor(0x05, 0x63, 0xC1)
NOTICE_COLOR = RGBColor(0xB3, 0x26, 0x1E)

CORE_PROPERTY_MAX = 255
"""Characters in a core property (title, author, subject...): python-docx refuses more."""

_NO_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)
# XML 1.0 forbids these; lxml refuses them, Word could not open them anyway.
# Schema order of the w:pPr and w:rPr children we add (ECMA-376 CT_PPr, CT_RPr).
_PPR_SEQ = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)  # fmt: skip
_BORDER = (("val", "single"), ("sz", "12"), ("space", "4"), ("color", "B3261E"))


def render_docx(article: TranslatedArticle, *, reference: Path | None = None) -> bytes:
    """The article as DOCX bytes, styled by ``reference`` (a .docx) or python-docx's default.

    The pages are A4 or US Letter as the language's territory uses (:func:`~translate.export.paper.paper_for`),
    in the reference's orientation and margins.

    The same article and reference always give the same bytes. Raise ExportError if the
    reference cannot be read or lacks a style the article needs.
    """
    document = _open_document(reference)
    writer = _Writer(document, article.lang, reference=reference)
    writer.set_default_language()
    _clear_body(document)
    _set_paper(document, article.lang)
    if article.draft:
        writer.add_notice()
    title_runs, rest = split_title(article)
    writer.add_paragraph(title_runs, "Title")
    for block in rest:
        writer.add_block(block)
    _set_core_properties(document, article)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue())


def paragraph_style(block: Block) -> str:
    """The name of the paragraph style a block gets."""
    if block.kind is BlockKind.TITLE:
        return "Heading 1"  # only the first block is the document title
    if block.kind is BlockKind.HEADING:
        return f"Heading {min(max(block.level, 1), 9)}"
    if block.kind is BlockKind.QUOTE:
        return "Quote"
    if block.kind is BlockKind.LIST_ITEM:
        base = "List Number" if block.ordered else "List Bullet"
        depth = min(max(block.level, 1), 3)
        return base if depth == 1 else f"{base} {depth}"
    return "Normal"


class _Writer:
    """Appends paragraphs to a document in one language, keeping track of numbered lists."""

    def __init__(self, document: Document, lang: str, *, reference: Path | None) -> None:
        self.document = document
        self.lang = lang.replace("_", "-")
        self.rtl = text_direction(lang) == "rtl"
        self.reference = reference
        # depth -> (numId, ilvl) of the numbered list open at that depth; None for bullets
        self._list_nums: dict[int, tuple[int, int] | None] = {}
        self._style_ids: dict[str, str | None] = {}

    def set_default_language(self) -> None:
        """Make the article language the document default in styles.xml's w:docDefaults."""
        styles = self.document.styles.element
        defaults = _child(styles, "w:docDefaults", index=0)
        r_pr_default = _child(defaults, "w:rPrDefault", index=0)
        r_pr = _child(r_pr_default, "w:rPr", index=0)
        set_lang(r_pr, self.lang, rtl=self.rtl)

    def add_notice(self) -> None:
        """Open the document with a boxed, bold red notice that this is an unreviewed draft."""
        paragraph = self._new_paragraph("Normal")
        p_pr = paragraph._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            border = OxmlElement(f"w:{side}")
            for name, value in _BORDER:
                border.set(qn(f"w:{name}"), value)
            borders.append(border)
        _insert_ppr(p_pr, borders)
        shading = OxmlElement("w:shd")
        for name, value in (("val", "clear"), ("color", "auto"), ("fill", "FDECEA")):
            shading.set(qn(f"w:{name}"), value)
        _insert_ppr(p_pr, shading)
        shown = text_language(self.lang)
        lang = self.lang if shown != FALLBACK else NOTICE_LANG
        rtl = text_direction(shown) == "rtl"
        if rtl:
            _insert_ppr(p_pr, OxmlElement("w:bidi"))
        headline, text = gettext(self.lang, NOTICE_HEADLINE).upper(), gettext(self.lang, NOTICE_TEXT)
        for each in (headline, "\n" + text):
            run = DocxRun(paragraph._p.add_r(), paragraph)
            set_run_text(run._r, each)
            run.font.bold = True
            run.font.color.rgb = NOTICE_COLOR
            if rtl:
                run.font.rtl = True
            set_lang(run._r.get_or_add_rPr(), lang, rtl=rtl)

    def add_block(self, block: Block) -> None:
        style = paragraph_style(block)
        if block.kind is not BlockKind.LIST_ITEM:
            self._list_nums.clear()
            self.add_paragraph(block.runs, style)
            return
        paragraph = self.add_paragraph(block.runs, style)
        self._number(paragraph, block, style)

    def add_paragraph(self, runs: Sequence[Run], style: str) -> Paragraph:
        """Append a paragraph of ``runs`` in ``style``; runs to one address share a link."""
        paragraph = self._new_paragraph(style)
        if self.rtl:
            _insert_ppr(paragraph._p.get_or_add_pPr(), OxmlElement("w:bidi"))
        for href, group in itertools.groupby(runs, key=_link_target):
            container: BaseOxmlElement = paragraph._p
            if href is not None:
                container = self._add_hyperlink(paragraph, href)
            for run in group:
                self._add_run(paragraph, container, run, linked=href is not None)
        return paragraph

    def _new_paragraph(self, style: str) -> Paragraph:
        # python-docx resolves a style name by scanning every style on each paragraph; resolve once.
        if style not in self._style_ids:
            try:
                found = self.document.styles[style]
            except KeyError:
                raise ExportError(
                    f"the reference document has no paragraph style {style!r}",
                    path=self.reference,
                    hint="add the style to the reference document (Word's built-in styles work)",
                ) from None
            default = self.document.styles.default(found.type)
            self._style_ids[style] = None if default is not None and default.style_id == found.style_id else found.style_id
        paragraph = self.document.add_paragraph()
        style_id = self._style_ids[style]
        if style_id is not None:
            paragraph._p.get_or_add_pPr().style = style_id
        return paragraph

    def _add_hyperlink(self, paragraph: Paragraph, href: str) -> BaseOxmlElement:
        hyperlink = OxmlElement("w:hyperlink")
        if href.startswith("#"):
            hyperlink.set(qn("w:anchor"), href[1:])
        else:
            r_id = paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True)
            hyperlink.set(qn("r:id"), r_id)
        paragraph._p.append(hyperlink)
        return hyperlink

    def _add_run(
        self, paragraph: Paragraph, container: BaseOxmlElement, run: Run, *, linked: bool
    ) -> None:
        r = OxmlElement("w:r")
        container.append(r)
        docx_run = DocxRun(r, paragraph)  # type: ignore[arg-type]
        set_run_text(docx_run._r, run.text)
        kinds = {mark.kind for mark in run.marks}
        font = docx_run.font
        if MarkKind.STRONG in kinds:
            font.bold = font.cs_bold = True
        if MarkKind.EMPHASIS in kinds:
            font.italic = font.cs_italic = True
        if MarkKind.CODE in kinds:
            font.name = CODE_FONT
        if linked:
            font.color.rgb = LINK_COLOR
            font.underline = True
        if self.rtl:
            font.rtl = True
        set_lang(docx_run._r.get_or_add_rPr(), self.lang, rtl=self.rtl)

    def _number(self, paragraph: Paragraph, block: Block, style: str) -> None:
        """Restart numbering for each new numbered list instead of counting on from the last one."""
        depth = min(max(block.level, 1), 3)
        for deeper in [d for d in self._list_nums if d > depth]:
            del self._list_nums[deeper]
        if not block.ordered:
            self._list_nums[depth] = None
            return
        numbering = self._list_nums.get(depth)
        if numbering is None:
            numbering = self._restarted_num(style)
            self._list_nums[depth] = numbering
        if numbering is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = numbering[1]
            num_pr.get_or_add_numId().val = numbering[0]

    def _restarted_num(self, style: str) -> tuple[int, int] | None:
        """A w:num of the style's list definition restarting at 1; None if the style has none."""
        p_pr = self.document.styles[style].element.pPr
        num_pr = p_pr.numPr if p_pr is not None else None
        if num_pr is None or num_pr.numId is None:
            return None
        try:
            numbering = self.document.part.numbering_part.element
            num = numbering.num_having_numId(num_pr.numId.val)
        except (KeyError, NotImplementedError):
            return None
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        new = numbering.add_num(num.abstractNumId.val)
        new.add_lvlOverride(ilvl=ilvl).add_startOverride(1)
        return new.numId, ilvl


def _link_target(run: Run) -> str | None:
    hrefs = sorted(mark.href or "" for mark in run.marks if mark.kind is MarkKind.LINK)
    if not hrefs:
        return None
    href = safe_href(hrefs[0])
    if href is None:
        logger.debug("dropped link to unsafe address %r", hrefs[0])
    return href


def _insert_ppr(p_pr: BaseOxmlElement, element: BaseOxmlElement) -> None:
    tag = element.tag
    successors = _PPR_SEQ[[qn(name) for name in _PPR_SEQ].index(tag) + 1 :]
    p_pr.insert_element_before(element, *successors)


def _child(parent: etree._Element, tag: str, *, index: int) -> etree._Element:
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert(index, found)
    return found


def _open_document(reference: Path | None) -> Document:
    if reference is None:
        return docx.Document()
    try:
        return docx.Document(str(reference))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, OpcError, etree.LxmlError) as exc:
        raise ExportError(
            f"cannot use the reference document: {exc}",
            path=reference,
            hint="pass a .docx saved by Word or LibreOffice",
        ) from exc


def _set_paper(document: Document, lang: str) -> None:
    """Lay every section out on the paper of the language's territory, keeping its orientation and margins."""
    paper = paper_for(lang)
    short, long = Mm(paper.width_mm), Mm(paper.height_mm)
    for section in document.sections:
        landscape = (section.page_width or 0) > (section.page_height or 0)
        section.page_width, section.page_height = (long, short) if landscape else (short, long)


def _clear_body(document: Document) -> None:
    """Drop what a reference document holds in its body, keeping its page setup (w:sectPr)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _set_core_properties(document: Document, article: TranslatedArticle) -> None:
    props = document.core_properties
    stamp = (
        datetime.combine(article.meta.date, time(0), tzinfo=timezone.utc)
        if article.meta.date
        else _NO_DATE
    )
    texts = {
        "title": "".join(run.text for run in split_title(article)[0]),
        "language": article.lang.replace("_", "-"),
        "author": article.meta.author or "",
        "last_modified_by": "translate",
        "comments": "; ".join(article.engines),  # the provenance of its machine translation
        **dict.fromkeys(("subject", "keywords", "category", "content_status", "identifier"), ""),
    }
    for name, text in texts.items():
        setattr(props, name, core_property_text(text))
    props.created = stamp
    props.modified = stamp
    props.revision = 1


def core_property_text(text: str) -> str:
    """``text`` as a core property takes it: XML-illegal characters removed, and cut to CORE_PROPERTY_MAX
    characters with "…" where longer, at a grapheme boundary (a letter keeps its accents, an emoji its parts).

    python-docx refuses a longer value (ValueError), and Word shows no more in the document's properties;
    the document's text keeps the whole title.
    """
    text = XML_ILLEGAL.sub("", text)
    if len(text) <= CORE_PROPERTY_MAX:
        return text
    # Clusters of the first CORE_PROPERTY_MAX characters; one ending at the cut might go on past it: not kept.
    end = 0
    for cluster in regex.finditer(r"\X", text[:CORE_PROPERTY_MAX]):
        if cluster.end() < CORE_PROPERTY_MAX:
            end = cluster.end()
    return text[:end].rstrip() + "…"




def _render(article: TranslatedArticle, context: RenderContext) -> bytes:
    return render_docx(article, reference=context.reference)


FORMAT = OutputFormat("docx", "docx", N_("DOCX"), _render, rank=10)
