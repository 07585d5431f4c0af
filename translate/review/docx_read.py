"""Reading a bilingual review DOCX back (written by :mod:`translate.review.docx`): its units and the problems of
rows that cannot be applied.

A cell's non-empty paragraphs are joined with one space (segments are single sentences; a
reviewer may press Enter), except in the ID and Comment cells, where they are lines (the Comment
cell's runs in :data:`~translate.review.docx.FINDING_STYLE` left out); blank rows are skipped; line breaks (``w:br``) read as
``\\n`` and tabs as ``\\t``; tracked insertions count and tracked deletions do not. A row's
``line`` is its 1-based row number in its table, the header row being row 1. A segment given in
two rows is read twice: the import decides (:mod:`translate.review.apply`). A file over
:data:`~translate.review.limits.MAX_FILE_BYTES`, or whose members inflate to more than
:data:`~translate.review.limits.MAX_DOCX_EXPANDED_BYTES`, is refused before it is opened.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
import zipfile
import zlib
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from translate.errors import ArchiveError, ReviewError, brief
from translate.gcutil import paused_collector
from translate.i18n import each_catalog, every_language, match_message
from translate.model import ParsedReview, ReviewArticle, ReviewPackage, ReviewUnit, SegmentState, UnitProblem
from translate.review.docx import (
    ARTICLE_LINE,
    COLUMNS,
    FINDING_STYLE,
    GLOSSARY_CAPTION,
    GLOSSARY_COLUMNS,
    LANGUAGES_LINE,
    SHOWN_STATUS,
    STATUSES,
    tagged_text,
)
from translate.review.limits import MAX_DOCX_EXPANDED_BYTES, MAX_FILE_BYTES, size
from translate.safezip import safe_members

__all__ = ["import_review_docx"]

_STATES = {state.value: state for state in SegmentState}
_ID = re.compile(rf"\s*([^\s/]+)/([^\s/]+)\s+r([0-9]{{1,18}})\s+#([0-9A-Fa-f]+)(?:\s+({'|'.join(_STATES)}))?\s*")
_CODE = "[A-Za-z0-9_-]+"
_LANGS = re.compile(rf"source language: ({_CODE}); target language: ({_CODE})", re.IGNORECASE)
"""The languages in the core property ``keywords`` (English whatever the document's language: it is metadata)."""
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_T, _P, _R, _TC_PR, _GRID_SPAN, _V_MERGE, _VAL = (
    qn(name) for name in ("w:t", "w:p", "w:r", "w:tcPr", "w:gridSpan", "w:vMerge", "w:val")
)
_R_STYLE = f"{qn('w:rPr')}/{qn('w:rStyle')}"
_SKIP = frozenset({qn("w:pPr"), qn("w:rPr"), qn("w:del"), qn("w:moveFrom"), _MC_FALLBACK})
_CHARS = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_HINT = "export the file again; edit only the Translation, Status and Comment cells"


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
            info = match_message(ARTICLE_LINE, text.strip(), slug=r"\S+", path=".*") or info
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
    found = match_message(LANGUAGES_LINE, text, search=True, source=_CODE, target=_CODE)
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
            state = exported if exported is not None and SHOWN_STATUS.get(exported, "draft") == status else STATUSES[status]
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
