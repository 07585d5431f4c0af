"""Translation memory in TMX 1.4: approved translations out to CAT tools and back in.

Export: one ``<tu>`` per entry, sorted (same entries, same bytes; every date comes from an entry),
with ``tuid`` = origin, ``creationdate``/``changedate``, ``creationid`` = creator, ``srclang`` when
not the header's, the provenance signature of the draft as ``<prop type="x-translate-engine">``, a
``<note>``, and a ``<tuv xml:lang>`` each for source and target. Tags become
paired codes: ``<1>x</1>`` -> ``<bpt i="1" x="1">&lt;1&gt;</bpt>x<ept i="1">&lt;/1&gt;</ept>``;
``i`` numbers the pairs of a segment, ``x`` is the tag number (matching source and target codes).

Import (TMX 1.1-1.4, any tool): each ``<tu>`` gives an entry per variant not in its source language
(``srclang`` of the ``<tu>``, else of the header); a ``<tu>`` without a source variant, or under
``*all*``, is skipped. ``xml:lang`` (or the older ``lang``) is normalized; dates and creator are the
target variant's, else the ``<tu>``'s; notes of both are joined by line breaks; origin is the
``tuid``, else ``FILE:LINE``. A code whose native content is one of our tags keeps its number; other
tools' codes are numbered per ``<tu>`` by ``x`` (else ``i``), codes that cross are split to nest.
Unpaired ``<bpt>``/``<ept>``, ``<ph>``, ``<it>``, ``<ut>`` and ``<sub>`` are dropped, the text around
them kept; ``<hi>`` and unknown elements are dropped with their text kept. Dates come back as
``YYYY-MM-DDThh:mm:ssZ``. Entity declarations are refused unexpanded; no DTD or network is read.

Units are bounded as review files are (:mod:`translate.review.limits`): a target more than ten times
its source and more than 4,096 characters, or notes longer than a review comment may be, are
refused (each reported with its line, the rest of the file imported): a run would store such a
target as a translation and write it into every draft. The file as a whole is bounded by its
reader (``translate memory import``) to what a review file may hold.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from translate import __version__
from translate.config import normalize_language
from translate.errors import ExportError, LanguageError, ReviewError, brief
from translate.inline import Tag, escape, pieces_to_tagged, tokenize
from translate.model import MemoryEntry
from translate.review.limits import MAX_COMMENT_CHARS, MAX_TARGET_FLOOR, MAX_TARGET_RATIO, target_limit
from translate.xmlsafe import parse_document

logger = logging.getLogger(__name__)

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
ENGINE_PROP = "x-translate-engine"
"""The ``<prop type>`` of a unit's provenance signature: the engine whose draft the translation was post-edited from."""
_VERSIONS = frozenset({"1.1", "1.2", "1.3", "1.4"})
MAX_SOURCE_CHARS = 10_000
"""The longest source sentence a memory unit may have (segments are sentences)."""
MAX_ID_CHARS = 500
"""The longest ``tuid`` or ``creationid`` kept (they go into the store and into messages)."""
_CONTAINERS = frozenset({"tmx", "body", "tu", "tuv"})
_NATIVE_CODES = frozenset({"ph", "it", "ut", "sub"})
_NATIVE_TAG = re.compile(r"</?([1-9][0-9]*)>")


def export_tmx(entries: Sequence[MemoryEntry], *, source_lang: str) -> bytes:
    """The entries as a TMX 1.4 document: UTF-8 bytes, identical for the same entries in any order."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "translate", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "translate", "adminlang": "en", "srclang": source_lang, "datatype": "plaintext",
    })
    body = etree.SubElement(root, "body")
    for entry in sorted(entries, key=_order):
        try:
            _write_unit(body, entry, source_lang)
        except ValueError as error:
            raise ExportError(f"memory entry {entry.origin!r} cannot be written as TMX: {error}",
                              hint="entries hold tagged text, XML characters and ISO 8601 dates") from None
    _indent(root)
    tree = etree.ElementTree(root)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", doctype=_DOCTYPE) + b"\n"


def _order(entry: MemoryEntry) -> tuple[str, ...]:
    return (entry.source, entry.target, entry.origin, entry.source_lang, entry.target_lang,
            entry.created, entry.changed, entry.creator, entry.note, entry.engine)


def _write_unit(body: etree._Element, entry: MemoryEntry, source_lang: str) -> None:
    attributes = {"tuid": entry.origin}
    if entry.source_lang != source_lang:
        attributes["srclang"] = entry.source_lang
    for name, value in (("creationdate", entry.created), ("changedate", entry.changed)):
        if value:
            attributes[name] = _tmx_date(value)
    if entry.creator:
        attributes["creationid"] = entry.creator
    unit = etree.SubElement(body, "tu", attributes)
    if entry.engine:
        etree.SubElement(unit, "prop", type=ENGINE_PROP).text = entry.engine
    if entry.note:
        etree.SubElement(unit, "note").text = entry.note
    for lang, text in ((entry.source_lang, entry.source), (entry.target_lang, entry.target)):
        _write_segment(etree.SubElement(etree.SubElement(unit, "tuv", {_XML_LANG: lang}), "seg"), text)


def _write_segment(seg: etree._Element, tagged: str) -> None:
    last: etree._Element | None = None
    open_codes: list[tuple[int, int]] = []  # (tag number, i) of the pairs not closed yet
    count = 0
    for piece in tokenize(tagged):
        if isinstance(piece, str):
            if last is None:
                seg.text = (seg.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
            continue
        if not piece.closing:
            count += 1
            open_codes.append((piece.number, count))
            last = etree.SubElement(seg, "bpt", i=str(count), x=str(piece.number))
            last.text = f"<{piece.number}>"
            continue
        index = next((k for k in reversed(range(len(open_codes))) if open_codes[k][0] == piece.number), None)
        if index is None:
            raise ValueError(f"closing tag </{piece.number}> has no opening tag")
        last = etree.SubElement(seg, "ept", i=str(open_codes.pop(index)[1]))
        last.text = f"</{piece.number}>"
    if open_codes:
        raise ValueError(f"tag <{open_codes[-1][0]}> is never closed")


def _tmx_date(value: str) -> str:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"date {value!r} has no time zone")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _indent(element: etree._Element, level: int = 0) -> None:
    # Only element-only containers: whitespace added inside <seg> would become part of the text.
    if element.tag not in _CONTAINERS or not len(element):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in element:
        _indent(child, level + 1)
        child.tail = element.text
    element[-1].tail = "\n" + "  " * level


@dataclass(frozen=True, slots=True)
class MemoryImport:
    """What a TMX document gives: its entries, and the units refused for their size (each error names its line)."""

    entries: tuple[MemoryEntry, ...]
    refused: tuple[ReviewError, ...] = ()


def import_tmx(data: bytes, *, path: Path) -> MemoryImport:
    """The entries of a TMX 1.1-1.4 document, less the units over the bounds (see the module), which are
    returned as refused; ReviewError (naming file and line) if the document is unusable."""
    root = parse_document(data, path=path, kind="TMX", error=ReviewError)
    if root.tag != "tmx":
        raise ReviewError(f"not a TMX document: the root element is <{etree.QName(root).localname}>", path=path,
                          line=root.sourceline, hint="export the translation memory as TMX")
    version = root.get("version", "")
    if version not in _VERSIONS:
        raise ReviewError(f"unsupported TMX version {brief(version)}", path=path, line=root.sourceline,
                          hint="TMX 1.1 to 1.4 can be read")
    header, body = root.find("header"), root.find("body")
    if header is None or body is None:
        raise ReviewError("TMX document without <header> or <body>", path=path, line=root.sourceline)
    reader = _TmxReader(path)
    code = header.get("srclang")
    srclang = None if code == "*all*" else reader.language(code, header, "srclang")
    entries = [entry for unit in body.iterchildren("tu") for entry in reader.unit(unit, srclang)]
    if reader.problems:
        raise _collect(reader.problems)
    if reader.skipped:
        logger.info("%s: skipped %d translation unit(s) without a source variant", path, reader.skipped)
    return MemoryImport(tuple(entries), tuple(reader.refused))


def _collect(problems: list[ReviewError]) -> ReviewError:
    first = problems[0]
    if len(problems) == 1:
        return first
    lines = ", ".join(str(problem.line) for problem in problems[1:])
    return ReviewError(f"{first.message} (and {len(problems) - 1} more problem(s), on line(s) {lines})",
                       path=first.path, line=first.line, hint=first.hint)


@dataclass(frozen=True, slots=True)
class _Code:
    """A ``<bpt>`` or ``<ept>`` of a segment, before pairing."""

    closing: bool
    i: str
    x: str | None
    native: str


class _TmxReader:
    """Turns translation units into memory entries, collecting every problem with its line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[ReviewError] = []
        self.languages: dict[str, str] = {}
        self.skipped = 0
        self.refused: list[ReviewError] = []

    def problem(self, message: str, element: etree._Element, hint: str | None = None) -> None:
        self.problems.append(ReviewError(message, path=self.path, line=element.sourceline, hint=hint))

    def language(self, code: str | None, element: etree._Element, name: str = "xml:lang") -> str | None:
        if not code:
            self.problem(f"<{element.tag}> without {name}", element)
            return None
        if code not in self.languages:
            try:
                self.languages[code] = normalize_language(code)
            except LanguageError as error:
                self.problem(error.message, element, error.hint)
                return None
        return self.languages[code]

    def unit(self, unit: etree._Element, srclang: str | None) -> list[MemoryEntry]:
        variants = [(self.language(tuv.get(_XML_LANG) or tuv.get("lang"), tuv), tuv)
                    for tuv in unit.iterchildren("tuv")]
        code = unit.get("srclang")
        source_lang = srclang if not code else None if code == "*all*" else self.language(code, unit, "srclang")
        source = next((tuv for lang, tuv in variants if lang is not None and lang == source_lang), None)
        if source is None or source_lang is None:
            self.skipped += 1
            return []
        codes: dict[str, int] = {}
        source_text = self.segment(source, codes)
        notes = [_text(note) for note in unit.iterchildren("note")]
        engine = next((_text(prop) for prop in unit.iterchildren("prop") if prop.get("type") == ENGINE_PROP), "")
        engine = engine if len(engine) <= MAX_ID_CHARS else ""  # provenance only: never worth refusing a unit for
        entries = []
        for lang, tuv in variants:
            if lang is None or lang == source_lang:
                continue
            entry = MemoryEntry(
                source_lang=source_lang,
                target_lang=lang,
                source=source_text,
                target=self.segment(tuv, codes),
                origin=unit.get("tuid") or f"{self.path.name}:{unit.sourceline}",
                created=self.date(tuv, unit, "creationdate"),
                changed=self.date(tuv, unit, "changedate"),
                creator=tuv.get("creationid") or unit.get("creationid") or "",
                note="\n".join([*notes, *(_text(note) for note in tuv.iterchildren("note"))]),
                engine=engine,
            )
            if self.bounded(entry, tuv):
                entries.append(entry)
        return entries

    def bounded(self, entry: MemoryEntry, tuv: etree._Element) -> bool:
        """Whether ``entry`` is within a review unit's bounds; if not, its error is added to the refused ones."""
        hint = "fix or remove that unit in the tool that wrote the file; the other units were imported"
        if len(entry.source) > MAX_SOURCE_CHARS:
            message = (f"the source has {len(entry.source):,} characters, more than the {MAX_SOURCE_CHARS:,} of "
                       "any sentence, so the unit is left out")
        elif (longest := max((("tuid", entry.origin), ("creationid", entry.creator)), key=lambda f: len(f[1])))[1] \
                and len(longest[1]) > MAX_ID_CHARS:
            message = (f"its {longest[0]} has {len(longest[1]):,} characters, more than the {MAX_ID_CHARS} an id "
                       "or a name may have, so the unit is left out")
        elif len(entry.target) > target_limit(entry.source):
            message = (f"the {entry.target_lang} target has {len(entry.target):,} characters for a source of "
                       f"{len(entry.source):,}: more than {MAX_TARGET_RATIO} times the source and more than "
                       f"{MAX_TARGET_FLOOR:,} characters, so the unit is left out")
        elif len(entry.note) > MAX_COMMENT_CHARS:
            message = (f"the notes of the {entry.target_lang} target have {len(entry.note):,} characters, more "
                       f"than the {MAX_COMMENT_CHARS:,} kept with a translation, so the unit is left out")
        else:
            return True
        self.refused.append(ReviewError(message, path=self.path, line=tuv.sourceline, hint=hint))
        return False

    def date(self, tuv: etree._Element, unit: etree._Element, name: str) -> str:
        element = tuv if tuv.get(name) else unit
        value = element.get(name)
        if not value:
            return ""
        try:
            moment = datetime.strptime(value.strip().removesuffix("Z"), "%Y%m%dT%H%M%S")
            return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            self.problem(f"{name} {brief(value)} is not a TMX date", element, "TMX dates look like 20261127T210000Z")
            return ""

    def segment(self, tuv: etree._Element, codes: dict[str, int]) -> str:
        seg = tuv.find("seg")
        if seg is None:
            self.problem("<tuv> without <seg>", tuv)
            return ""
        events: list[str | _Code] = []
        _flatten(seg, events)
        return _tagged(events, codes)


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _flatten(element: etree._Element, events: list[str | _Code]) -> None:
    """Append the text and paired codes of a segment (or of a ``<hi>`` in it) to ``events``."""
    if element.text:
        events.append(element.text)
    for child in element:
        if child.tag in ("bpt", "ept"):
            events.append(_Code(child.tag == "ept", child.get("i", ""), child.get("x"), child.text or ""))
        elif isinstance(child.tag, str) and child.tag not in _NATIVE_CODES:  # not a comment or PI
            _flatten(child, events)
        if child.tail:
            events.append(child.tail)


def _tagged(events: list[str | _Code], codes: dict[str, int]) -> str:
    """Tagged text for segment events; ``codes`` numbers other tools' codes across the unit."""
    opened: dict[str, int] = {}
    pairs: dict[int, int] = {}
    for index, event in enumerate(events):
        if isinstance(event, _Code) and not event.closing:
            opened[event.i] = index
        elif isinstance(event, _Code) and event.i in opened:
            pairs[opened.pop(event.i)] = index
    numbers: dict[int, int] = {}
    for start, end in pairs.items():
        code = events[start]
        assert isinstance(code, _Code)
        native = _NATIVE_TAG.fullmatch(code.native)
        key = code.x if code.x is not None else f"i{code.i}"
        numbers[start] = numbers[end] = int(native.group(1)) if native else codes.setdefault(key, len(codes) + 1)
    items = [event if isinstance(event, str) else Tag(numbers[index], event.closing)
             for index, event in enumerate(events) if isinstance(event, str) or index in numbers]
    stack: list[int] = []
    for item in items:
        if isinstance(item, str):
            continue
        if item.closing and stack and stack[-1] == item.number:
            stack.pop()
        elif not item.closing and item.number not in stack:
            stack.append(item.number)
        else:
            return _split(items)
    return "".join(escape(item) if isinstance(item, str) else f"<{'/' * item.closing}{item.number}>"
                   for item in items)


def _split(items: list[str | Tag]) -> str:
    """Tagged text for codes that cross: spans are split so that they nest, reusing their numbers."""
    pieces: list[tuple[str, frozenset[int]]] = []
    open_numbers: list[int] = []
    for item in items:
        if isinstance(item, str):
            pieces.append((item, frozenset(open_numbers)))
        elif item.closing:
            open_numbers.remove(item.number)
        else:
            open_numbers.append(item.number)
    return pieces_to_tagged(pieces)
