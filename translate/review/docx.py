"""The bilingual review table for Word: its layout, and a review package exported as DOCX.

The document holds a short header (instructions), then per article a heading (its title), a line
``Article: SLUG; source file: PATH`` and one table with the columns :data:`COLUMNS`, one row per segment; then a
heading ``Glossary`` and a table with the columns :data:`GLOSSARY_COLUMNS`, one row per concept applied
to the segments (captioned :data:`GLOSSARY_CAPTION`; import passes over it). What the document says itself
(header, headings, column names, the Status words) is in the target language where a catalog serves it
(:mod:`translate.i18n`), else English; import reads it in English or any shipped catalog's language, so files
written in another language, or before the texts were translated, read back alike. The Terms cell lists the
segment's terms as ``source → target``, one a line. The Comment cell holds the translator's comment, then the
segment's QA findings, one a line (``check: message``) in the character style :data:`FINDING_STYLE`; import
leaves out what is in that style (found by its name, which survives a LibreOffice round trip where its id
does not), so a finding never reads back as a comment. The ID cell reads
``slug/segment_id`` over ``r{revision} #{source_hash} {state}``, the store's revision, source hash and
state at export (files written before the state was recorded lack it). The Status cell shows ``draft``
(translated) for mt-draft and needs-review alike; a Status left as exported reads back as the recorded state. The
languages are read from the core property ``keywords``, else from the header line
``Source language: en; target language: es.`` (the core property ``language`` also holds the target).

Tagged text is shown as text (see :func:`display_text`): entities unescaped, tags as ``<1>`` and
``</1>``, and a literal ``<`` doubled to ``<<`` where it comes before a digit, ``/`` or ``<``
(so it cannot pass for a tag); so a reviewer's ``<<`` reads as one ``<``. :func:`tagged_text`
is the inverse. :mod:`translate.review.docx_read` reads a file back.
"""

from __future__ import annotations

import copy
import functools
import io
import re
from collections.abc import Sequence
from datetime import datetime, timezone

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.font import Font
from docx.text.paragraph import Paragraph

from translate.export import text_direction
from translate.export.paper import paper_for
from translate.gcutil import paused_collector
from translate.i18n import FALLBACK, N_, gettext, pN_, pgettext
from translate.i18n import text_language
from translate.inline import Tag, escape, tokenize
from translate.model import (
    ReviewArticle,
    ReviewConcept,
    ReviewPackage,
    ReviewUnit,
    SegmentState,
)
from translate.ooxml import XML_ILLEGAL, normalize_zip, set_lang, set_run_text

__all__ = [
    "ARTICLE_LINE", "COLUMNS", "FINDING_STYLE", "GLOSSARY_CAPTION", "GLOSSARY_COLUMNS", "LANGUAGES_LINE", "SHOWN_STATUS",
    "STATUSES", "display_text", "export_review_docx", "tagged_text",
]

COLUMNS = (pN_("review column", "ID"), pN_("review column", "Source"), pN_("review column", "MT draft"),
           pN_("review column", "Translation"), pN_("review column", "Status"), pN_("review column", "Comment"),
           pN_("review column", "Terms"))
"""The review table's columns in English; the file shows them in the target language (context ``review column``)."""
GLOSSARY_COLUMNS = (pN_("glossary column", "Concept"), pN_("glossary column", "Source term"),
                    pN_("glossary column", "Target term"), pN_("glossary column", "Accepted forms"),
                    pN_("glossary column", "Forbidden variants"), pN_("glossary column", "Note"))
GLOSSARY_CAPTION = "translate glossary"
"""The glossary table's caption (``w:tblCaption``): import passes over the table it marks."""
FINDING_STYLE = "translate QA finding"
"""The character style of the QA findings in the Comment cells (grey, italic): import leaves its text out."""
STATUSES = {pN_("review status", "draft"): SegmentState.MT_DRAFT, pN_("review status", "edited"): SegmentState.EDITED,
            pN_("review status", "approved"): SegmentState.APPROVED}
"""The Status words in English (context ``review status``); the file shows them in the target language."""
SHOWN_STATUS = {SegmentState.EDITED: "edited", SegmentState.APPROVED: "approved"}
"""The Status word (English) of a state; mt-draft and needs-review are ``draft``."""
HEADER_LANG = "en-US"
# Shares of the text width: the ID and Status cells hold short codes, the texts take the room.
_SHARES = (0.105, 0.185, 0.18, 0.2, 0.075, 0.16, 0.095)
_GLOSSARY_SHARES = (0.1, 0.12, 0.12, 0.12, 0.12, 0.42)
_MARGIN = Mm(15)
_TAG_COLOR = RGBColor(0x7A, 0x1F, 0xA2)
_GREY = RGBColor(0x80, 0x80, 0x80)
_STAMP = datetime(2000, 1, 1, tzinfo=timezone.utc)
_LITERAL_LT = re.compile(r"<(?=[</0-9])")
_DISPLAY = re.compile(r"<<|<(/?)([1-9][0-9]*)>")
ARTICLE_LINE = N_("Article: %(slug)s; source file: %(path)s")
"""The line under each article's heading (import reads the article from it, in any catalog's language)."""
LANGUAGES_LINE = N_("Source language: %(source)s; target language: %(target)s.")
"""The header line that names the languages (import's fallback where the core properties lack them)."""
# Schema order (ECMA-376 CT_PPr): what may follow w:bidi, and what may follow the mark's w:rPr.
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_HOW_TO = (
    N_("Edit only the %(translation)s column; the other columns are for reference."),
    N_("Set %(status)s to %(draft)s, %(edited)s or %(approved)s. A changed translation whose %(status)s you leave "
       "as it was comes back %(edited)s: an approval covers only the text it was given to."),
    N_("Write remarks for the editors in the %(comment)s column, above the grey QA findings (import leaves "
       "those out)."),
    N_("Keep the tags such as <1>…</1> around the words they belong to. "
       "A “<” of the text written before a digit, “/” or “<” is shown doubled: “<<”."),
    N_("Do not add, delete, merge or reorder rows or columns."),
    N_("Save as .docx, then run: %(command)s"),
)


def _display_pieces(tagged: str) -> list[tuple[str, bool]]:
    """The display text of tagged text in pieces, each with whether it is a tag."""
    parts = [
        (f"<{'/' if piece.closing else ''}{piece.number}>", True) if isinstance(piece, Tag) else (piece, False)
        for piece in tokenize(tagged)
    ]
    out: list[tuple[str, bool]] = []
    for index, (text, is_tag) in enumerate(parts):
        if not is_tag and index + 1 < len(parts):
            # tokenize never yields two texts in a row: a tag follows, and its "<" counts.
            text = _LITERAL_LT.sub("<<", text + "<")[:-1]
        elif not is_tag:
            text = _LITERAL_LT.sub("<<", text)
        out.append((text, is_tag))
    return out


def display_text(tagged: str) -> str:
    """Tagged text as a reviewer sees it: tags literal, entities unescaped, ``<`` doubled if ambiguous."""
    return "".join(text for text, _ in _display_pieces(tagged))


def tagged_text(display: str) -> str:
    """The tagged text a display text stands for (inverse of :func:`display_text`)."""
    out: list[str] = []
    pos = 0
    for match in _DISPLAY.finditer(display):
        out.append(escape(display[pos : match.start()]))
        out.append(escape("<") if match.group(0) == "<<" else match.group(0))
        pos = match.end()
    out.append(escape(display[pos:]))
    return "".join(out)


@paused_collector()
def export_review_docx(package: ReviewPackage) -> bytes:
    """The package as a bilingual review DOCX; the same package gives the same bytes.

    Landscape, on the paper of the target language's territory (:func:`~translate.export.paper.paper_for`);
    after the articles' tables, the glossary table lists each concept applied to the units once.
    """
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    paper = paper_for(package.lang)
    section.page_width, section.page_height = Mm(paper.height_mm), Mm(paper.width_mm)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = _MARGIN
    text_width = Emu(section.page_width - 2 * _MARGIN)
    _set_defaults(document, package.lang)
    finding = document.styles.add_style(FINDING_STYLE, WD_STYLE_TYPE.CHARACTER)
    finding.font.italic, finding.font.color.rgb, finding.font.size = True, _GREY, Pt(7.5)
    src, lang = package.source_lang, package.lang
    ui = _ui_lang(lang)
    _text_paragraph(document, gettext(lang, "Bilingual review: %(source)s → %(target)s", source=src, target=lang),
                    "Title", lang=ui)
    _text_paragraph(document, gettext(lang, LANGUAGES_LINE, source=src, target=lang), None, lang=ui)
    words = {name.lower(): pgettext(lang, "review column", name) for name in ("Translation", "Status", "Comment")}
    words |= {state: pgettext(lang, "review status", state) for state in STATUSES}
    for line in _HOW_TO:
        _text_paragraph(document, gettext(lang, line, **words, command="translate review import FILE.docx"),
                        "List Bullet", lang=ui)
    articles = list(package.articles)
    known = {article.slug for article in articles}
    for unit in package.units:
        if unit.slug not in known:
            known.add(unit.slug)
            articles.append(ReviewArticle(unit.slug, unit.slug, ""))
    for article in articles:
        _text_paragraph(document, article.title, "Heading 1", lang=src)
        _text_paragraph(document, gettext(lang, ARTICLE_LINE, slug=article.slug, path=str(article.source_path)), None,
                        lang=ui)
        _add_table(document, package, [u for u in package.units if u.slug == article.slug], text_width)
    if package.glossary:
        _text_paragraph(document, gettext(lang, "Glossary"), "Heading 1", lang=ui)
        _add_glossary(document, package.glossary, text_width, src, lang)
    props = document.core_properties
    props.title = XML_ILLEGAL.sub("", f"Bilingual review {src} → {lang}")
    props.language = lang
    props.keywords = f"translate-review; source language: {src}; target language: {lang}"
    props.author = props.last_modified_by = "translate"
    props.created = props.modified = _STAMP
    props.revision = 1
    for name in ("subject", "comments", "category", "content_status", "identifier"):
        setattr(props, name, "")
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue())


def _set_defaults(document: Document, lang: str) -> None:
    """Target language, 9 pt text and tight paragraph spacing as the document defaults."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    for element in defaults.iter(qn("w:sz"), qn("w:szCs")):
        element.set(qn("w:val"), "18")
    for spacing in defaults.iter(qn("w:spacing")):
        spacing.set(qn("w:after"), "40")
        spacing.set(qn("w:line"), "240")
    if (r_pr := defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")) is not None:
        set_lang(r_pr, lang, rtl=_rtl(lang))


def _text_paragraph(document: Document, text: str, style: str | None, *, lang: str = HEADER_LANG) -> None:
    paragraph = document.add_paragraph(style=style)
    _prepare(paragraph, lang)
    _add_run(paragraph, text, lang)


def _add_table(document: Document, package: ReviewPackage, units: Sequence[ReviewUnit], text_width: Length) -> None:
    columns = tuple(pgettext(package.lang, "review column", name) for name in COLUMNS)
    table = _new_table(document, columns, [Emu(int(text_width * share)) for share in _SHARES], _ui_lang(package.lang))
    rows = _RowMaker(table, package.source_lang, package.lang)
    for unit in units:
        rows.add(unit)


def _add_glossary(
    document: Document, concepts: Sequence[ReviewConcept], text_width: Length, src: str, lang: str
) -> None:
    """The glossary table: one row per concept, captioned so that import passes over it."""
    columns = tuple(pgettext(lang, "glossary column", name) for name in GLOSSARY_COLUMNS)
    table = _new_table(document, columns, [Emu(int(text_width * share)) for share in _GLOSSARY_SHARES], _ui_lang(lang))
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), GLOSSARY_CAPTION)
    table._tbl.tblPr.append(caption)  # last in CT_TblPr, after w:tblLook
    for concept in concepts:
        cells = table.add_row().cells
        texts = (concept.concept_id, concept.source, concept.target, ", ".join(concept.accepted),
                 ", ".join(concept.forbidden), concept.note)
        for cell, text, cell_lang in zip(cells, texts, (HEADER_LANG, src, lang, lang, lang, HEADER_LANG)):
            _prepare(cell.paragraphs[0], cell_lang)
            _add_run(cell.paragraphs[0], text, cell_lang)


def _new_table(document: Document, columns: Sequence[str], widths: Sequence[Length], lang: str) -> Table:
    """A grid table with a bold header row repeated on every page, its columns ``widths`` wide."""
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on every page
    for cell, name, width in zip(header.cells, columns, widths):
        cell.width = width
        _prepare(cell.paragraphs[0], lang)
        _add_run(cell.paragraphs[0], name, lang).bold = True
    return table


class _RowMaker:
    """Adds a unit's row as a deep copy of one prototype row, its runs copies of prototype runs.

    python-docx builds the prototypes (cell widths, each paragraph's language and direction, run
    properties); copying them gives the same XML as building every row with python-docx, about ten
    times faster (``add_row`` and ``add_run`` cost about a millisecond a row).
    """

    def __init__(self, table: Table, src: str, tgt: str) -> None:
        self.tbl = table._tbl
        self.tr = table.add_row()._tr
        cells = [_Cell(tc, table) for tc in self.tr.tc_lst]  # row.cells rebuilds the whole grid
        _prepare(cells[0].paragraphs[0], HEADER_LANG)
        _prepare(cells[0].add_paragraph(), HEADER_LANG)
        for cell, lang in zip(cells[1:4], (src, tgt, tgt)):
            _prepare(cell.paragraphs[0], lang)
        self.ui = _ui_lang(tgt)
        _prepare(cells[4].paragraphs[0], self.ui)
        self.tbl.remove(self.tr)
        self.statuses = {state: pgettext(tgt, "review status", SHOWN_STATUS.get(state, "draft")) for state in SegmentState}
        self.runs = {
            "header": _run_prototype(HEADER_LANG),
            "status": _run_prototype(self.ui),
            "small": _run_prototype(HEADER_LANG, size=Pt(7), color=_GREY),
            "plain": _run_prototype(None),
            "finding": _run_prototype(HEADER_LANG, style=table.part.document.styles[FINDING_STYLE].style_id),
        }
        for lang in (src, tgt):
            self.runs[lang] = _run_prototype(lang)
            self.runs[f"{lang} tag"] = _run_prototype(lang, color=_TAG_COLOR)
        self.langs = (src, tgt, tgt)

    def add(self, unit: ReviewUnit) -> None:
        tr = copy.deepcopy(self.tr)
        self.tbl.append(tr)
        tcs = tr.tc_lst
        first, second = tcs[0].p_lst
        self._run(first, "header", f"{unit.slug}/{unit.segment_id}")
        exported = unit.exported_state if unit.exported_state is not None else unit.state
        self._run(second, "small", f"r{unit.revision} #{unit.source_hash} {exported.value}")
        for tc, text, lang in zip(tcs[1:4], (unit.source, unit.mt, unit.target), self.langs):
            paragraph = tc.p_lst[0]
            for piece, is_tag in _display_pieces(text):
                self._run(paragraph, f"{lang} tag" if is_tag else lang, piece)
        self._run(tcs[4].p_lst[0], "status", self.statuses[unit.state])
        comment = (("plain", unit.comment),) if unit.comment else ()
        findings = tuple(("finding", f"{finding.check}: {finding.message}") for finding in unit.findings)
        for index, (kind, line) in enumerate((*comment, *findings)):
            self._run(tcs[5].p_lst[0] if index == 0 else tcs[5].add_p(), kind, line)
        for index, (source, target) in enumerate(unit.term_pairs):
            self._run(tcs[6].p_lst[0] if index == 0 else tcs[6].add_p(), "plain", f"{source} → {target}")

    def _run(self, paragraph: BaseOxmlElement, kind: str, text: str) -> None:
        r = copy.deepcopy(self.runs[kind])
        set_run_text(r, text)
        paragraph.append(r)


def _run_prototype(
    lang: str | None, *, size: Pt | None = None, color: RGBColor | None = None, style: str | None = None
) -> BaseOxmlElement:
    """An empty w:r with the properties _add_run gives a run in ``lang``, and a size, colour and style id if given."""
    scratch = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
    font = _add_run(scratch, "", lang)
    if size is not None:
        font.size = size
    if color is not None:
        font.color.rgb = color
    if style is not None:
        scratch._p.r_lst[0].get_or_add_rPr().style = style
    return scratch._p.r_lst[0]


def _prepare(paragraph: Paragraph, lang: str) -> None:
    """Give the paragraph (and its mark, which new typing inherits) the language and direction."""
    rtl = _rtl(lang)
    p_pr = paragraph._p.get_or_add_pPr()
    if rtl:
        p_pr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    mark = OxmlElement("w:rPr")
    if rtl:
        mark.append(OxmlElement("w:rtl"))
    p_pr.insert_element_before(mark, "w:sectPr", "w:pPrChange")
    set_lang(mark, lang, rtl=_rtl(lang))


def _add_run(paragraph: Paragraph, text: str, lang: str | None) -> Font:
    """Append a run holding ``text`` exactly (tabs and newlines as w:tab and w:br); its font."""
    run = paragraph.add_run()
    set_run_text(run._r, text)
    if lang is not None:
        if _rtl(lang):
            run.font.rtl = True
        set_lang(run._r.get_or_add_rPr(), lang, rtl=_rtl(lang))
    return run.font


def _ui_lang(lang: str) -> str:
    """The language the document's own texts are marked with for a target ``lang``: it, where a catalog serves it;
    else the English of :data:`HEADER_LANG`."""
    return lang if text_language(lang) != FALLBACK else HEADER_LANG


@functools.lru_cache(maxsize=64)
def _rtl(lang: str) -> bool:
    return text_direction(lang) == "rtl"
