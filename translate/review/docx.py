"""The bilingual review table for Word: export a review package as DOCX and read it back.

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
is the inverse. On import, a cell's non-empty paragraphs are joined with one space (segments
are single sentences; a reviewer may press Enter), except in the ID and Comment cells, where
they are lines; blank rows are skipped; line breaks (``w:br``) read as
``\\n`` and tabs as ``\\t``; tracked insertions count and tracked deletions do not. A row's
``line`` is its 1-based row number in its table, the header row being row 1. A segment given in
two rows is read twice: the import decides (:mod:`translate.review.apply`). A file over
:data:`~translate.review.limits.MAX_FILE_BYTES`, or whose members inflate to more than
:data:`~translate.review.limits.MAX_DOCX_EXPANDED_BYTES`, is refused before it is opened.
"""

from __future__ import annotations

import copy
import functools
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import OpcError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.font import Font
from docx.text.paragraph import Paragraph
from lxml import etree

from translate.errors import ArchiveError, ReviewError, brief
from translate.export import text_direction
from translate.export.paper import paper_for
from translate.gcutil import paused_collector
from translate.i18n import FALLBACK, N_, each_catalog, every_language, gettext, match_message, pN_, pgettext
from translate.i18n import text_language
from translate.inline import Tag, escape, tokenize
from translate.model import (
    ParsedReview,
    ReviewArticle,
    ReviewConcept,
    ReviewPackage,
    ReviewUnit,
    SegmentState,
    UnitProblem,
)
from translate.ooxml import XML_ILLEGAL, normalize_zip, set_lang, set_run_text
from translate.review.limits import MAX_DOCX_EXPANDED_BYTES, MAX_FILE_BYTES, size
from translate.safezip import safe_members

__all__ = ["COLUMNS", "FINDING_STYLE", "GLOSSARY_COLUMNS", "display_text", "export_review_docx", "import_review_docx", "tagged_text"]

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
_SHOWN = {SegmentState.EDITED: "edited", SegmentState.APPROVED: "approved"}  # mt-draft, needs-review: draft
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
_STATES = {state.value: state for state in SegmentState}
_ID = re.compile(rf"\s*([^\s/]+)/([^\s/]+)\s+r([0-9]{{1,18}})\s+#([0-9A-Fa-f]+)(?:\s+({'|'.join(_STATES)}))?\s*")
_CODE = "[A-Za-z0-9_-]+"
_LANGS = re.compile(rf"source language: ({_CODE}); target language: ({_CODE})", re.IGNORECASE)
"""The languages in the core property ``keywords`` (English whatever the document's language: it is metadata)."""
_ARTICLE = N_("Article: %(slug)s; source file: %(path)s")
_LANGUAGES = N_("Source language: %(source)s; target language: %(target)s.")
# Schema order (ECMA-376 CT_PPr): what may follow w:bidi, and what may follow the mark's w:rPr.
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_T, _P, _R, _TC_PR, _GRID_SPAN, _V_MERGE, _VAL = (
    qn(name) for name in ("w:t", "w:p", "w:r", "w:tcPr", "w:gridSpan", "w:vMerge", "w:val")
)
_R_STYLE = f"{qn('w:rPr')}/{qn('w:rStyle')}"
_SKIP = frozenset({qn("w:pPr"), qn("w:rPr"), qn("w:del"), qn("w:moveFrom"), _MC_FALLBACK})
_CHARS = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_HINT = "export the file again; edit only the Translation, Status and Comment cells"
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
    _text_paragraph(document, gettext(lang, _LANGUAGES, source=src, target=lang), None, lang=ui)
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
        _text_paragraph(document, gettext(lang, _ARTICLE, slug=article.slug, path=str(article.source_path)), None,
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
        self.statuses = {state: pgettext(tgt, "review status", _SHOWN.get(state, "draft")) for state in SegmentState}
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


@paused_collector()
def import_review_docx(
    data: bytes, *, path: Path, max_bytes: int = MAX_FILE_BYTES, max_expanded: int = MAX_DOCX_EXPANDED_BYTES
) -> ParsedReview:
    """Read a bilingual review DOCX back: its units, and the problems of rows that cannot be applied.

    Raise ReviewError when the file as a whole is unsound (over ``max_bytes``, or its members over
    ``max_expanded`` inflated; not a Word document, damaged, no review table, a table whose columns
    were changed, languages missing): nothing applies then.
    """
    _check_archive(data, path, max_bytes=max_bytes, max_expanded=max_expanded)
    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, OpcError, zipfile.BadZipFile, etree.LxmlError) as exc:
        raise ReviewError(f"not a Word document: {exc}", path=path,
                          hint="pass the .docx made by translate review export") from exc
    body = document.element.body
    tables = [tbl for tbl in body.findall(qn("w:tbl")) if not _is_glossary(tbl)]
    if not tables:
        raise ReviewError("no review table in the document", path=path, hint=_HINT)
    keywords = _LANGS.search(document.core_properties.keywords or "")
    langs = (keywords.group(1), keywords.group(2)) if keywords else None
    findings = frozenset(  # the finding style's ids (LibreOffice renames "translateQAfinding")
        style.style_id for style in document.styles if style.type == WD_STYLE_TYPE.CHARACTER
        and style.name == FINDING_STYLE
    )
    articles: list[ReviewArticle] = []
    units: list[ReviewUnit] = []
    problems: list[UnitProblem] = []
    title, info = "", None
    for child in body:
        if child.tag == qn("w:p"):
            text = _paragraph_text(child)
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is not None and style.get(qn("w:val"), "").lower().startswith("heading"):
                title, info = text, None
            langs = langs or _languages_line(text)
            info = match_message(_ARTICLE, text.strip(), slug=r"\S+", path=".*") or info
        elif child.tag == qn("w:tbl") and _is_glossary(child):
            title, info = "", None
        elif child.tag == qn("w:tbl"):
            name = f"table {len(articles) + 1}" + (f" ({brief(title)})" if title else "")
            found = _read_table(child, name, path, problems, findings)
            slug = info["slug"] if info else found[0].slug if found else None
            if slug is not None:
                articles.append(ReviewArticle(slug, title or slug, info["path"] if info else ""))
            units.extend(found)
            title, info = "", None
    if langs is None:
        raise ReviewError("the document does not say its languages", path=path,
                          hint="is it a file made by translate review export? " + _HINT)
    package = ReviewPackage(langs[0], langs[1], tuple(articles), tuple(units))
    return ParsedReview(package, tuple(problems))


def _languages_line(text: str) -> tuple[str, str] | None:
    """The source and target language a header line states, in English or a shipped catalog's language."""
    found = match_message(_LANGUAGES, text, search=True, source=_CODE, target=_CODE)
    return (found["source"], found["target"]) if found else None


@functools.cache
def _status_words() -> dict[str, str]:
    """Each Status word in any shipped language, folded (:func:`_fold`): the English word it stands for."""
    return {_fold(word): state for state in STATUSES for word in every_language(state, "review status")}


def _fold(word: str) -> str:
    """A Status word as typed any way: lowercase, without accents or Arabic vowel marks (modifie, محرر)."""
    return "".join(c for c in unicodedata.normalize("NFD", word.strip().lower()) if unicodedata.category(c) != "Mn")


def _check_archive(data: bytes, path: Path, *, max_bytes: int, max_expanded: int) -> None:
    """Refuse what is not an intact, safe zip archive of a bounded size, without extracting anything."""
    if len(data) > max_bytes:
        raise ReviewError(f"the file is {size(len(data))}, more than the {size(max_bytes)} a review file may hold",
                          path=path, hint="export fewer segments per file (--article, --state)")
    stream = io.BytesIO(data)
    if not zipfile.is_zipfile(stream):
        if data.startswith(b"PK\x03\x04"):
            raise ReviewError("damaged or truncated Word document (its zip table of contents is missing)",
                              path=path, hint="the file was cut short; get a fresh copy")
        raise ReviewError("not a Word document (not a zip archive)", path=path,
                          hint="save it from Word as .docx (not .doc, .odt or PDF)")
    try:
        with zipfile.ZipFile(stream) as archive:
            for info in safe_members(archive, path=path, max_total_bytes=max_expanded):
                with archive.open(info) as member:  # read through so zipfile checks the CRC
                    while member.read(1 << 20):
                        pass
    except ArchiveError as exc:
        raise ReviewError(exc.message, path=path, hint=exc.hint) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise ReviewError(f"damaged Word document: {exc}", path=path, hint="get a fresh copy of the file") from exc


def _read_table(
    tbl: BaseOxmlElement, name: str, path: Path, problems: list[UnitProblem], findings: frozenset[str]
) -> list[ReviewUnit]:
    """The units of one table; rows that cannot be applied go to ``problems``. Runs in the character styles
    ``findings`` (ids) are left out of the Comment cell."""
    rows = tbl.findall(qn("w:tr"))
    header = tuple(_cell_text(tc, " ").strip() for tc in rows[0].findall(qn("w:tc"))) if rows else ()
    if header not in each_catalog(COLUMNS, "review column"):
        raise ReviewError(f"{name}: the header row is {brief(' | '.join(header)) if header else 'missing'}, expected "
                          f"{' | '.join(COLUMNS)} (columns were added, removed or renamed)", path=path, hint=_HINT)
    units: list[ReviewUnit] = []
    for number, tr in enumerate(rows[1:], start=2):
        tcs = tr.findall(qn("w:tc"))
        texts = [_cell_text(tc, "\n" if index in (0, 5) else " ", findings if index == 5 else frozenset())
                 for index, tc in enumerate(tcs)]
        if not "".join(texts).strip():
            continue  # a blank row holds nothing to apply
        ident = _ID.fullmatch(texts[0]) if texts else None
        slug, segment_id = (ident.group(1), ident.group(2)) if ident else (None, None)

        def problem(message: str) -> None:
            label = f"{slug}/{segment_id}" if ident else f"row {number}"
            label = label if len(label) <= 120 else brief(label)
            problems.append(UnitProblem(f"{name}, row {number}: {label}: {message}", segment_id, slug, number))

        if any(_merged(tc) for tc in tcs):
            problem("cells of this row are merged; not applied")
        elif len(tcs) != len(COLUMNS):
            problem(f"the row has {len(tcs)} cells instead of {len(COLUMNS)}; not applied")
        elif ident is None or slug is None or segment_id is None:
            problem(f"the ID cell {brief(texts[0])} is not 'slug/segment' over 'r<revision> #<hash>'; not applied")
        elif (status := _status_words().get(_fold(texts[4]))) is None:
            problem(f"Status {brief(texts[4].strip())} is not one of {', '.join(STATUSES)}; not applied")
        else:
            exported = _STATES[ident.group(5)] if ident.group(5) else None
            # "draft" stands for mt-draft and needs-review: a Status left as exported is the recorded state.
            state = exported if exported is not None and _SHOWN.get(exported, "draft") == status else STATUSES[status]
            units.append(ReviewUnit(
                slug=slug, segment_id=segment_id, source=tagged_text(texts[1]), target=tagged_text(texts[3]),
                state=state, revision=int(ident.group(3)), source_hash=ident.group(4).lower(),
                mt=tagged_text(texts[2]), comment=texts[5], line=number, exported_state=exported,
            ))  # fmt: skip
    return units


def _is_glossary(tbl: BaseOxmlElement) -> bool:
    """Whether a table is the glossary table: by its caption, or by its header row where an editor dropped that."""
    caption = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
    if caption is not None:
        return caption.get(_VAL) == GLOSSARY_CAPTION
    first = tbl.find(qn("w:tr"))
    header = tuple(_cell_text(tc, " ").strip() for tc in first.findall(qn("w:tc"))) if first is not None else ()
    return header in each_catalog(GLOSSARY_COLUMNS, "glossary column")


def _merged(tc: BaseOxmlElement) -> bool:
    properties = tc.find(_TC_PR)
    if properties is None:
        return False
    span = properties.find(_GRID_SPAN)
    return properties.find(_V_MERGE) is not None or (span is not None and span.get(_VAL, "1") != "1")


def _cell_text(tc: BaseOxmlElement, separator: str, skip: frozenset[str] = frozenset()) -> str:
    """A cell's text: its non-empty paragraphs joined by ``separator``, runs in the character styles ``skip`` left out."""
    return separator.join(text for p in tc.iterchildren(_P) if (text := _paragraph_text(p, skip)))


def _paragraph_text(element: BaseOxmlElement, skip: frozenset[str] = frozenset()) -> str:
    """A paragraph's text as Word shows it, tracked insertions included and deletions left out (and runs in the
    character styles ``skip``)."""
    out: list[str] = []
    for child in element:
        tag = child.tag
        if tag == _R and skip and (style := child.find(_R_STYLE)) is not None and style.get(_VAL) in skip:
            continue
        if tag == _T:
            out.append(child.text or "")
        elif tag in _CHARS:
            out.append(_CHARS[tag])
        elif tag not in _SKIP and isinstance(tag, str):  # not a comment or processing instruction
            out.append(_paragraph_text(child, skip))
    return "".join(out)
