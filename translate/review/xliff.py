"""XLIFF 1.2 review files for CAT tools: export a review package, read one back.

One ``<file>`` per article (``original`` = its source path, ``tr:slug`` and ``tr:title`` name it), one
``<trans-unit id=SEGMENT_ID>`` per unit in package order, carrying ``tr:revision`` and ``tr:source-hash``
so that an import can detect conflicts and stale sources, and ``tr:exported-state`` (the store's state
at export: ``mt-draft``, ``needs-review``, ``edited``, ``approved``) so that it can tell a state the
translator set from one a CAT tool left as it was. ``tr:`` is :data:`NAMESPACE`, declared by
``translate/data/xliff-translate.xsd``; files validate against the OASIS strict schema plus that one.

- Inline tags ``<n>…</n>`` become ``<g id="n" ctype=…>`` (strong ``bold``, emphasis ``italic``, link
  ``link`` with ``tr:href``, code ``x-code``); a split mark gives several ``<g>`` with the same id.
  Text whose tags do not pair up (an engine moved them) is written with ``<bx id="n"/>``/``<ex id="n"/>``
  instead, so that it too comes back unchanged.
- States out: mt-draft -> ``needs-review-translation`` + ``state-qualifier="leveraged-mt"``;
  needs-review -> ``needs-review-translation``; edited -> ``translated``; approved -> ``signed-off`` and
  ``approved="yes"``. States in: ``final``/``signed-off`` -> approved (edited if ``approved="no"``);
  ``translated`` -> edited; ``needs-review-translation`` with ``leveraged-mt`` -> mt-draft; any other
  state -> needs-review; no state -> approved if ``approved="yes"``, else needs-review. Whether the text
  or the state changed, and what that allows, is for the caller (:mod:`translate.review.apply`).
- Notes: all for the translator, so ``from="translator"`` (translate-toolkit's ``getnotes(origin="translator")``
  and CAT tools show them as translator notes; nothing is ``from="developer"``). Each of ``notes`` (QA
  findings) with ``priority="1"`` where its finding blocks approval, else ``priority="2"``; each of ``terms``
  as ``Glossary: …`` with ``priority="3"``; the comment without a priority. On import a translator note with
  priority 1 or 2 is a QA note, one with priority 3 and the ``Glossary: `` prefix a term, every other note a
  comment (joined by line breaks); files written before (``from="translate"`` for QA notes,
  ``from="translate-glossary"`` for terms) read as they did.
- The MT draft, when there is one, is always written as ``<alt-trans origin="machine-translation">``, so
  the CAT tool shows it and an import returns it even where the translator replaced the target; its
  ``tr:engine`` is the draft's provenance signature (``engine:apertium-eng-spa@0.8.1|…|translate:0.1.0``).
- Every trans-unit (and alt-trans) has ``xml:space="preserve"``; on import text is taken exactly as
  written, whatever ``xml:space`` says, so leading and trailing spaces and line breaks survive.
- On import ``marks`` are rebuilt from the source's ``<g>`` (ctype, ``tr:href``) when they describe every
  tag number, else left empty: the store's marks are authoritative.
- CAT tools that segment (Okapi-based ones, Matecat) add a ``<seg-source>`` and wrap the target's text
  in ``<mrk mtype="seg">``: ``<seg-source>`` is ignored and any ``<mrk>`` is read through, its text kept.
- A file over :data:`~translate.review.limits.MAX_FILE_BYTES` is refused before it is parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from translate.config import normalize_language
from translate.errors import ExportError, LanguageError, ReviewError, brief
from translate.gcutil import paused_collector
from translate.inline import Tag, escape, tokenize
from translate.model import (
    Mark,
    MarkKind,
    ParsedReview,
    ReviewArticle,
    ReviewPackage,
    ReviewUnit,
    SegmentState,
    UnitProblem,
)
from translate.qa import needs_review
from translate.review.limits import MAX_FILE_BYTES, size
from translate.textio import NotUtf8, decode_utf8
from translate.xmlsafe import declared_encoding, parse_document

NAMESPACE = "urn:x-translate:review:1"
XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
TOOL_ID = "translate"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_GLOSSARY_PREFIX = "Glossary: "
_FROM_NOTES, _FROM_TERMS, _FROM_TRANSLATOR = "translate", "translate-glossary", "translator"
"""The ``from`` of QA notes and terms in files written before both became translator notes, and the translator's."""
_BLOCKING, _FINDING, _TERM = "1", "2", "3"
"""The ``priority`` of a translator note: a finding that blocks approval, any other finding, a glossary term."""
_NUMBER = re.compile(r"[1-9][0-9]*")
_EXPORT_STATES: dict[SegmentState, tuple[str, str | None]] = {
    SegmentState.MT_DRAFT: ("needs-review-translation", "leveraged-mt"),
    SegmentState.NEEDS_REVIEW: ("needs-review-translation", None),
    SegmentState.EDITED: ("translated", None),
    SegmentState.APPROVED: ("signed-off", None),
}
_CTYPES = {MarkKind.STRONG: "bold", MarkKind.EMPHASIS: "italic", MarkKind.LINK: "link", MarkKind.CODE: "x-code"}
_TRANS_UNIT, _SOURCE, _TARGET, _NOTE, _ALT_TRANS, _G, _BX, _EX, _MRK = (
    f"{{{XLIFF_NAMESPACE}}}{name}"
    for name in ("trans-unit", "source", "target", "note", "alt-trans", "g", "bx", "ex", "mrk")
)
_INLINE = frozenset((_G, _BX, _EX))
_REVISION_ATTRIBUTE, _SOURCE_HASH_ATTRIBUTE, _EXPORTED_STATE_ATTRIBUTE, _ENGINE_ATTRIBUTE = (
    f"{{{NAMESPACE}}}{name}" for name in ("revision", "source-hash", "exported-state", "engine")
)
_STATES = {state.value: state for state in SegmentState}
_KINDS = {"bold": MarkKind.STRONG, "italic": MarkKind.EMPHASIS, "link": MarkKind.LINK, "x-link": MarkKind.LINK,
          "x-code": MarkKind.CODE}


def _shown(name: str) -> str:
    """An element name or id from the file, cut for a message (XML puts no bound on either)."""
    return name if len(name) <= 60 else name[:59] + "…"


def _x(name: str) -> str:
    return f"{{{XLIFF_NAMESPACE}}}{name}"


def _tr(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


@paused_collector()
def export_xliff(package: ReviewPackage, *, target_copies_source: bool = False) -> bytes:
    """The package as an XLIFF 1.2 document: pretty-printed UTF-8, identical bytes for identical packages.

    ``target_copies_source``: each ``<target state="new">`` is a copy of the source and no unit is marked
    approved, for OmegaT, which shows ``<target>`` as the text to translate (:mod:`.omegat`); each ``<file>``
    says so (``tr:omegat="source"``), and :func:`import_xliff` refuses such a file, or one OmegaT made of it,
    outside its project.

    ExportError if the package has no article, two articles with one slug, a unit of no article, two
    units with one id in an article, or text XML cannot carry (control characters).
    """
    if not package.articles:
        raise ExportError("nothing to export: the review package has no article", hint="select at least one article")
    by_slug: dict[str, list[ReviewUnit]] = {}
    for article in package.articles:
        if article.slug in by_slug:
            raise ExportError(f"article {article.slug!r} appears twice in the review package")
        by_slug[article.slug] = []
    seen: set[tuple[str, str]] = set()
    for unit in package.units:
        if unit.slug not in by_slug:
            raise ExportError(f"segment {unit.segment_id} belongs to article {unit.slug!r}, which is not exported")
        if (unit.slug, unit.segment_id) in seen:
            raise ExportError(f"segment {unit.segment_id} appears twice in article {unit.slug!r}")
        seen.add((unit.slug, unit.segment_id))
        by_slug[unit.slug].append(unit)
    root = etree.Element(_x("xliff"), {"version": "1.2"}, nsmap={None: XLIFF_NAMESPACE, "tr": NAMESPACE})
    for article in package.articles:
        body = _write_file(root, package, article, omegat_source=target_copies_source)
        for unit in by_slug[article.slug]:
            try:
                _write_unit(body, unit, copy=target_copies_source)
            except ValueError as error:
                raise ExportError(f"segment {unit.segment_id} of {unit.slug!r} cannot be written as XML: {error}",
                                  hint="remove control characters from its text, notes and comment") from None
    return etree.tostring(etree.ElementTree(root), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _write_file(
    root: etree._Element, package: ReviewPackage, article: ReviewArticle, *, omegat_source: bool
) -> etree._Element:
    """Add the article's ``<file>`` and its header; return its ``<body>``."""
    attributes = {
        "original": article.source_path, "datatype": "plaintext", "source-language": package.source_lang,
        "target-language": package.lang, "tool-id": TOOL_ID, _tr("slug"): article.slug, _tr("title"): article.title,
        **({_tr("omegat"): "source"} if omegat_source else {}),
    }
    try:
        file = etree.SubElement(root, _x("file"), attributes)
    except ValueError as error:
        raise ExportError(f"article {article.slug!r} cannot be written as XML: {error}",
                          hint="remove control characters from its title and path") from None
    header = etree.SubElement(file, _x("header"))
    etree.SubElement(header, _x("tool"), {"tool-id": TOOL_ID, "tool-name": TOOL_ID})
    return etree.SubElement(file, _x("body"))


def _write_unit(body: etree._Element, unit: ReviewUnit, *, copy: bool = False) -> None:
    state, qualifier = ("new", None) if copy else _EXPORT_STATES[unit.state]
    attributes = {"id": unit.segment_id}
    if unit.state is SegmentState.APPROVED and not copy:
        attributes["approved"] = "yes"
    attributes[_XML_SPACE] = "preserve"
    exported = unit.exported_state if unit.exported_state is not None else unit.state
    attributes |= {_REVISION_ATTRIBUTE: str(unit.revision), _SOURCE_HASH_ATTRIBUTE: unit.source_hash,
                   _EXPORTED_STATE_ATTRIBUTE: exported.value}
    element = etree.SubElement(body, _x("trans-unit"), attributes)
    _write_inline(etree.SubElement(element, _SOURCE), unit.source, unit.marks)
    target = etree.SubElement(element, _TARGET, {"state": state})
    if qualifier is not None:
        target.set("state-qualifier", qualifier)
    _write_inline(target, unit.source if copy else unit.target, unit.marks)
    # The notes are the findings' messages, in their order, where the unit carries its findings.
    blocking = ([needs_review((finding,)) for finding in unit.findings] if len(unit.findings) == len(unit.notes)
                else [False] * len(unit.notes))
    notes = [(_BLOCKING if blocks else _FINDING, note) for note, blocks in zip(unit.notes, blocking)]
    notes += [(_TERM, _GLOSSARY_PREFIX + term) for term in unit.terms]
    notes += [(None, unit.comment)] if unit.comment else []
    for priority, text in notes:
        attributes = {"from": _FROM_TRANSLATOR, "annotates": "general"} | ({"priority": priority} if priority else {})
        etree.SubElement(element, _NOTE, attributes).text = text
    if unit.mt:
        alt = etree.SubElement(element, _ALT_TRANS, {"origin": "machine-translation", _XML_SPACE: "preserve"})
        if unit.engine:
            alt.set(_ENGINE_ATTRIBUTE, unit.engine)  # the provenance signature of the draft
        _write_inline(etree.SubElement(alt, _TARGET), unit.mt, unit.marks)


def _write_inline(element: etree._Element, tagged: str, marks: tuple[Mark, ...]) -> None:
    """Fill ``element`` with tagged text: ``<g>`` where tags pair up, else ``<bx/>``/``<ex/>`` for every tag."""
    pieces = list(tokenize(tagged))
    paired = tags_pair_up(piece for piece in pieces if isinstance(piece, Tag))
    stack = [element]
    # An empty text node in every container keeps pretty-printing from indenting mixed content.
    element.text = ""
    for piece in pieces:
        if isinstance(piece, str):
            _append_text(stack[-1], piece)
        elif paired and piece.closing:
            stack.pop()
        elif paired:
            stack.append(etree.SubElement(stack[-1], _G, _tag_attributes(piece.number, marks)))
            stack[-1].text = ""
        else:
            name = "ex" if piece.closing else "bx"
            attributes = {"id": str(piece.number)} if piece.closing else _tag_attributes(piece.number, marks)
            etree.SubElement(stack[-1], _x(name), attributes)


def tags_pair_up(tags: Iterable[Tag]) -> bool:
    stack: list[int] = []
    for tag in tags:
        if tag.closing:
            if not stack or stack.pop() != tag.number:
                return False
        elif tag.number in stack:
            return False
        else:
            stack.append(tag.number)
    return not stack


def _tag_attributes(number: int, marks: tuple[Mark, ...]) -> dict[str, str]:
    attributes = {"id": str(number)}
    mark = marks[number - 1] if number <= len(marks) else None
    if mark is not None:
        attributes["ctype"] = _CTYPES[mark.kind]
        if mark.href is not None:
            attributes[_tr("href")] = mark.href
    return attributes


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


@paused_collector()
def import_xliff(
    data: bytes, *, path: Path, max_bytes: int = MAX_FILE_BYTES, in_omegat_project: bool = False
) -> ParsedReview:
    """The units of an XLIFF 1.2 review file, and the problems of those that cannot be applied.

    ReviewError (nothing applies) if the file is larger than ``max_bytes``, is not UTF-8 where it claims
    to be, is malformed, declares entities, is not XLIFF 1.2, or its files disagree on languages; and,
    unless ``in_omegat_project`` (:mod:`.omegat_read` reading a project), if it is an OmegaT project's
    ``source/`` file or a ``target/`` file OmegaT made of one (``tr:omegat="source"``): its targets are English
    where the segment is untranslated, and would be applied as translations. Units
    with a problem (no id, no ``tr:slug``/``tr:revision``/``tr:source-hash``, a ``tr:exported-state``
    that is not a state, inline elements we never write) are left out of the package and reported, each
    with its line; the rest of the file is sound. A segment given twice is kept twice: the import
    decides (:mod:`translate.review.apply`).
    """
    if len(data) > max_bytes:
        raise ReviewError(f"the file is {size(len(data))}, more than the {size(max_bytes)} a review file may hold",
                          path=path, hint="export fewer segments per file (--article, --state)")
    root = _parse(data, path)
    files = root.findall(_x("file"))
    if not files:
        raise ReviewError("XLIFF file without a <file> element", path=path, line=root.sourceline)
    source_lang = _language(files[0], "source-language", path)
    lang = _language(files[0], "target-language", path)
    articles: list[ReviewArticle] = []
    units: list[ReviewUnit] = []
    problems: list[UnitProblem] = []
    for file in files:
        for attribute, expected in (("source-language", source_lang), ("target-language", lang)):
            found = _language(file, attribute, path)
            if found != expected:
                raise ReviewError(f"<file> has {attribute} {brief(found)}, but the first <file> has {brief(expected)}",
                                  path=path, line=file.sourceline, hint="import one language per file")
        if file.get(_tr("omegat")) is not None and not in_omegat_project:
            raise ReviewError("a file of an OmegaT project: its targets are the English where OmegaT has no "
                              "translation", path=path, line=file.sourceline,
                              hint="import the project (its folder or .omt), where OmegaT keeps the translations")
        slug = file.get(_tr("slug")) or None
        if slug is not None:
            articles.append(ReviewArticle(slug, file.get(_tr("title"), ""), file.get("original", "")))
        _read_file(file, slug, units, problems)
    return ParsedReview(ReviewPackage(source_lang, lang, tuple(articles), tuple(units)), tuple(problems))


def _parse(data: bytes, path: Path) -> etree._Element:
    """The root of an XLIFF 1.2 document; ReviewError for anything else."""
    encoding = declared_encoding(data)
    if encoding is None or encoding.lower() in ("utf-8", "utf8"):
        try:
            decode_utf8(data)
        except NotUtf8 as error:
            raise ReviewError(f"not UTF-8: bad byte at line {error.line}, column {error.column}", path=path,
                              line=error.line, hint="save the file as UTF-8, or declare its encoding") from None
    root = parse_document(data, path=path, kind="XLIFF", error=ReviewError)
    name = etree.QName(root)
    if name.localname != "xliff":
        raise ReviewError(f"not an XLIFF file: the root element is <{_shown(name.localname)}>", path=path,
                          line=root.sourceline, hint="import the XLIFF 1.2 file `translate review export` wrote")
    if name.namespace != XLIFF_NAMESPACE or root.get("version") != "1.2":
        raise ReviewError(f"not XLIFF 1.2: version {brief(root.get('version'))}, namespace {brief(name.namespace)}",
                          path=path, line=root.sourceline, hint="save the file as XLIFF 1.2 in the CAT tool")
    return root


def _language(file: etree._Element, attribute: str, path: Path) -> str:
    code = file.get(attribute)
    if not code:
        raise ReviewError(f"<file> without {attribute}", path=path, line=file.sourceline)
    try:
        return normalize_language(code)
    except LanguageError as error:
        raise ReviewError(f"<file> {attribute}: unknown language code {brief(code)}", path=path,
                          line=file.sourceline, hint=error.hint) from None


def _read_file(file: etree._Element, slug: str | None, units: list[ReviewUnit], problems: list[UnitProblem]) -> None:
    """Read the file's trans-units (those in groups too) into ``units``, or their problems into ``problems``."""
    for element in file.iter(_TRANS_UNIT):
        segment_id = element.get("id")
        messages: list[str]
        if segment_id and slug is not None:
            unit, messages = _read_unit(element, slug, segment_id)
            if unit is not None:
                units.append(unit)
                continue
        elif not segment_id:
            messages = ["<trans-unit> without id"]
        else:
            messages = ["its <file> has no tr:slug, so its article is unknown"]
        problems.extend(UnitProblem(m, segment_id=segment_id, slug=slug, line=element.sourceline) for m in messages)


def _read_unit(element: etree._Element, slug: str, segment_id: str) -> tuple[ReviewUnit | None, list[str]]:
    """The unit a trans-unit holds, or None and what is wrong with it."""
    revision = element.get(_REVISION_ATTRIBUTE)
    source_hash = element.get(_SOURCE_HASH_ATTRIBUTE)
    source: etree._Element | None = None
    target: etree._Element | None = None
    mt: etree._Element | None = None
    notes: dict[str, list[str]] | None = None
    for child in element:
        tag = child.tag
        if tag == _SOURCE:
            source = child
        elif tag == _TARGET:
            target = child
        elif tag == _NOTE:
            notes = notes or {_FROM_NOTES: [], _FROM_TERMS: [], _FROM_TRANSLATOR: []}
            notes[_note_kind(child)].append(child.text or "")
        elif tag == _ALT_TRANS and mt is None and child.get("origin") == "machine-translation":
            mt = child.find(_TARGET)
    messages: list[str] = []
    if revision is None or not revision.isascii() or not revision.isdigit() or len(revision) > 18:
        messages.append("missing tr:revision" if revision is None else f"tr:revision {brief(revision)} is not a revision number")
    exported = element.get(_EXPORTED_STATE_ATTRIBUTE)
    if exported is not None and exported not in _STATES:
        messages.append(f"tr:exported-state {brief(exported)} is not one of {', '.join(_STATES)}")
    if not source_hash:
        messages.append("missing tr:source-hash")
    if source is None:
        messages.append("<trans-unit> without <source>")
    marks: dict[int, Mark | None] = {}
    try:
        source_text, target_text, mt_text = (_read_inline(source, marks), _read_inline(target), _read_inline(mt))
    except _Unexpected as error:
        messages.append(str(error))
    if messages or revision is None or source_hash is None:
        return None, messages
    return ReviewUnit(
        slug, segment_id, source_text, target_text, _import_state(target, element.get("approved")), int(revision),
        source_hash, _marks(marks) if marks else (), mt_text,
        "\n".join(notes[_FROM_TRANSLATOR]) if notes else "",
        tuple(notes[_FROM_NOTES]) if notes else (),
        tuple(term.removeprefix(_GLOSSARY_PREFIX) for term in notes[_FROM_TERMS]) if notes else (),
        element.sourceline, _STATES[exported] if exported is not None else None,
    ), []


def _note_kind(note: etree._Element) -> str:
    """Whether a ``<note>`` is a QA note (``_FROM_NOTES``), a term (``_FROM_TERMS``) or a comment."""
    author, priority = note.get("from"), note.get("priority")
    if author == _FROM_TRANSLATOR and priority in (_BLOCKING, _FINDING):
        return _FROM_NOTES
    if author == _FROM_TRANSLATOR and priority == _TERM and (note.text or "").startswith(_GLOSSARY_PREFIX):
        return _FROM_TERMS
    return author if author in (_FROM_NOTES, _FROM_TERMS) else _FROM_TRANSLATOR


class _Unexpected(ValueError):
    """An inline element our export never writes."""


def _read_inline(element: etree._Element | None, marks: dict[int, Mark | None] | None = None) -> str:
    """The tagged text of a source or target ("" for none); records in ``marks`` what each ``<g>`` says of its tag."""
    if element is None:
        return ""
    if not len(element):  # plain text, by far the commonest
        text = element.text
        return escape(text) if text else ""
    out = [escape(element.text)] if element.text else []
    for child in element:
        tag = child.tag
        if tag == _MRK:  # a marker (a CAT tool's segment, a term): its text counts, the marker does not
            out.append(_read_inline(child, marks))
        elif isinstance(tag, str):  # comments and processing instructions carry no text, only their tail
            number = child.get("id", "")
            if tag not in _INLINE or not _NUMBER.fullmatch(number):
                name = _shown(etree.QName(child).localname)
                label = f'{name} id="{_shown(number)}"' if tag in _INLINE else name
                raise _Unexpected(f"unexpected inline element <{label}> on line {child.sourceline}; "
                                  "only <g id=\"N\"> tags from the export (and <mrk> markers) can be read back")
            if tag == _G:
                if marks is not None and int(number) not in marks:
                    marks[int(number)] = _mark(child)
                out += [f"<{number}>", _read_inline(child, marks), f"</{number}>"]
            else:
                out.append(f"</{number}>" if tag == _EX else f"<{number}>")
        if child.tail:
            out.append(escape(child.tail))
    return "".join(out)


def _mark(element: etree._Element) -> Mark | None:
    kind = _KINDS.get(element.get("ctype", ""))
    if kind is None:
        return None
    return Mark(kind, element.get(_tr("href")) if kind is MarkKind.LINK else None)


def _marks(found: dict[int, Mark | None]) -> tuple[Mark, ...]:
    """The marks tuple when the source described every tag number from 1 up, else ``()``."""
    marks = [found.get(number) for number in range(1, len(found) + 1)]
    return tuple(mark for mark in marks if mark is not None) if None not in marks else ()


def _import_state(target: etree._Element | None, approved: str | None) -> SegmentState:
    state = target.get("state") if target is not None else None
    if state in ("final", "signed-off"):
        return SegmentState.EDITED if approved == "no" else SegmentState.APPROVED
    if state == "translated":
        return SegmentState.EDITED
    if state == "needs-review-translation" and target is not None and target.get("state-qualifier") == "leveraged-mt":
        return SegmentState.MT_DRAFT
    if state is None and approved == "yes":
        return SegmentState.APPROVED
    return SegmentState.NEEDS_REVIEW
