"""Glossary exchange in TBX: the glossary out as TBX-Basic, and concepts in from TBX of any tool.

The glossary is written in two dialects with the same data: TBX-Basic in the TBX 2008 ``martif`` form
(:func:`export_tbx`: ``martif``/``martifHeader``, ``termEntry``, ``langSet``, ``tig``, no namespace;
what translate-toolkit and OmegaT read) and TBX-Basic in DCA style of ISO 30042:2019 (:func:`export_tbx_v3`).
The v3 names are used below; in 2008 ``conceptEntry`` is ``termEntry``, ``langSec`` is ``langSet`` and
``termSec`` is ``tig``. One ``<conceptEntry id="...">`` per concept, in glossary order; ids that do not
start with a letter (not valid XML IDs) are written with a leading ``_``, which import removes. Inside
each entry:

- ``kind`` -> ``<descrip type="subjectField">`` (left out for the default ``term``);
- ``note`` -> ``<note>``;
- ``translate: false``, ``inflect: true`` and ``ignore`` have no TBX-Basic data category, so they
  travel in one machine-readable ``<note>translate-glossary: {JSON}</note>`` (keys sorted, only
  non-default values). A note that itself starts with that prefix goes into the JSON as ``"note"``,
  so no note is ever mistaken for settings;
- one ``<langSec xml:lang="...">`` per language, sorted by code (in 2008 the source language first);
  ``case_sensitive: false`` as ``<note>translate-glossary: {"case_sensitive": false}</note>`` in the langSec;
- one ``<termSec>`` per term: preferred first (``preferredTerm-admn-sts``), then forms
  (``admittedTerm-admn-sts``), then forbidden variants (``deprecatedTerm-admn-sts``), in their order;
- ``gender`` and ``number`` as ``<termNote type="grammaticalGender">`` (masculine, feminine, neuter) and
  ``type="grammaticalNumber"`` (singular, plural) in the preferred term's termSec; ``acronym`` and
  ``full`` as ``<termNote type="termType">`` (acronym, fullForm) in the termSec of the term they name.

Import reads both dialects back to the same concepts, and TBX from other tools (``ntig`` of TBX 2008
included): ``supersededTerm`` counts as forbidden; a term without status is preferred when it is the
first in its langSec and the langSec has no explicit preferred term, admitted otherwise; with no
preferred term the first admitted one is promoted. Gender and number are read from the preferred
term's notes, else from the first term that has them; termType ``abbreviation``, ``shortForm`` and
``initialism`` count as the acronym, other term types are dropped, as are other notes and data categories.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from slugify import slugify

from translate.errors import GlossaryError, brief
from translate.glossary.formats import ExchangeFormat, ExchangeOptions
from translate.glossary.controls import NOTE_HINT, TERM_HINT, note_problem, term_problem
from translate.glossary.schema import ID_PATTERN, LANGUAGE_HINT, language_code, slug_id, unique_id
from translate.model import Concept, Glossary, TermStatus, TermVariants
from translate.xmlsafe import parse_document

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
SETTINGS_PREFIX = "translate-glossary: "
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS_BY_NAME = {
    "preferredTerm": TermStatus.PREFERRED, "admittedTerm": TermStatus.FORM,
    "deprecatedTerm": TermStatus.FORBIDDEN, "supersededTerm": TermStatus.FORBIDDEN,
}
_ADMIN_STATUS = {
    TermStatus.PREFERRED: "preferredTerm-admn-sts", TermStatus.FORM: "admittedTerm-admn-sts",
    TermStatus.FORBIDDEN: "deprecatedTerm-admn-sts",
}
_STATUS_HINT = "use preferredTerm-admn-sts, admittedTerm-admn-sts or deprecatedTerm-admn-sts"
_GRAMMAR_NOTES = {
    "grammaticalGender": ("gender", {"masculine": "m", "feminine": "f", "neuter": "n"}),
    "grammaticalNumber": ("number", {"singular": "sg", "plural": "pl"}),
}
_TERM_TYPES = {"acronym": "acronym", "abbreviation": "acronym", "shortForm": "acronym", "initialism": "acronym",
               "fullForm": "full"}
_TERM_TYPE_NAMES = {"acronym": "acronym", "full": "fullForm"}
_CONCEPT_SETTINGS: dict[str, type] = {"translate": bool, "inflect": bool, "ignore": list, "note": str}
_LANGUAGE_SETTINGS: dict[str, type] = {"case_sensitive": bool}


@dataclass(frozen=True, slots=True)
class _Dialect:
    """The element names of one TBX dialect: what the writer puts where."""

    namespace: str | None
    root: str
    header: str
    entry: str
    language: str
    term: str


_TBX_2008 = _Dialect(None, "martif", "martifHeader", "termEntry", "langSet", "tig")
_TBX_V3 = _Dialect(TBX_NAMESPACE, "tbx", "tbxHeader", "conceptEntry", "langSec", "termSec")


def export_tbx(glossary: Glossary, *, source: str = "en") -> bytes:
    """The glossary as TBX-Basic in the TBX 2008 ``martif`` form (what translate-toolkit and OmegaT read):
    UTF-8 bytes, identical for identical glossaries; the same data as :func:`export_tbx_v3`.

    ``source`` is the document's language (``xml:lang``), and its langSet comes first in each entry (the others
    follow by code): translate-toolkit takes an entry's first langSet as the source term, its second as the target.
    """
    return _export(glossary, _TBX_2008, {"type": "TBX-Basic", _XML_LANG: source}, first=source)


def export_tbx_v3(glossary: Glossary) -> bytes:
    """The glossary as a TBX-Basic (TBX v3, DCA style) document: UTF-8 bytes, identical for identical glossaries."""
    return _export(glossary, _TBX_V3, {"type": "TBX-Basic", "style": "dca", _XML_LANG: "en"}, first=None)


def _export(glossary: Glossary, dialect: _Dialect, attributes: dict[str, str], *, first: str | None) -> bytes:
    root = etree.Element(_tag(dialect, dialect.root), attributes, nsmap={None: dialect.namespace}
                         if dialect.namespace else None)
    source = _child(dialect, _child(dialect, _child(dialect, root, dialect.header), "fileDesc"), "sourceDesc")
    _child(dialect, source, "p", f"Exported by translate from {glossary.signature}")
    body = _child(dialect, _child(dialect, root, "text"), "body")
    for concept in glossary.concepts:
        try:
            _write_concept(dialect, body, concept, first)
        except ValueError as error:
            raise GlossaryError(f"concept {brief(concept.id)} cannot be written as XML: {error}", path=concept.path,
                                line=concept.line, hint="remove control characters from its terms and note") from None
    return etree.tostring(etree.ElementTree(root), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _write_concept(dialect: _Dialect, body: etree._Element, concept: Concept, first: str | None) -> None:
    entry = _child(dialect, body, dialect.entry, id=concept.id if concept.id[:1].isalpha() else f"_{concept.id}")
    if concept.kind != "term":
        _child(dialect, entry, "descrip", concept.kind, type="subjectField")
    settings: dict[str, Any] = {
        key: value
        for key, value, wanted in (
            ("note", concept.note, concept.note.startswith(SETTINGS_PREFIX)),
            ("ignore", list(concept.ignore), bool(concept.ignore)),
            ("translate", False, not concept.translate),
            ("inflect", True, concept.inflect),
        )
        if wanted
    }
    if concept.note and "note" not in settings:
        _child(dialect, entry, "note", concept.note)
    if settings:
        _child(dialect, entry, "note", _settings_note(settings))
    for lang, variants in sorted(concept.terms, key=lambda item: (item[0] != first, item[0])):
        section = _child(dialect, entry, dialect.language, **{_XML_LANG: lang})
        if not variants.case_sensitive:
            _child(dialect, section, "note", _settings_note({"case_sensitive": False}))
        for term, status in _statuses(variants):
            term_section = _child(dialect, section, dialect.term)
            _child(dialect, term_section, "term", term)
            _child(dialect, term_section, "termNote", _ADMIN_STATUS[status], type="administrativeStatus")
            if status is TermStatus.PREFERRED:
                for note_type, (key, names) in _GRAMMAR_NOTES.items():
                    value = getattr(variants, key)
                    if value is not None:
                        _child(dialect, term_section, "termNote", next(n for n, v in names.items() if v == value),
                               type=note_type)
            for key, name in _TERM_TYPE_NAMES.items():
                if status is not TermStatus.FORBIDDEN and getattr(variants, key) == term:
                    _child(dialect, term_section, "termNote", name, type="termType")


def _statuses(variants: TermVariants) -> Iterable[tuple[str, TermStatus]]:
    yield variants.preferred, TermStatus.PREFERRED
    yield from ((form, TermStatus.FORM) for form in variants.forms)
    yield from ((variant, TermStatus.FORBIDDEN) for variant in variants.forbidden)


def _tag(dialect: _Dialect, name: str) -> str:
    return f"{{{dialect.namespace}}}{name}" if dialect.namespace else name


def _child(dialect: _Dialect, parent: etree._Element, name: str, text: str | None = None,
           **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _tag(dialect, name), attributes)
    element.text = text
    return element


def _settings_note(settings: dict[str, Any]) -> str:
    return SETTINGS_PREFIX + json.dumps(settings, ensure_ascii=False, sort_keys=True)


def import_tbx(data: bytes, *, path: Path) -> list[Concept]:
    """The concepts of a TBX document; GlossaryError (with every problem found) if it is unusable.

    Documents that declare entities are refused before anything is expanded or read; the parser
    never loads DTDs or touches the network.
    """
    root = parse_document(data, path=path, kind="TBX", error=GlossaryError)
    name = etree.QName(root).localname
    if name not in ("tbx", "martif"):
        raise GlossaryError(f"not a TBX document: the root element is <{name[:60]}>", path=path, line=root.sourceline,
                            hint="export the termbase as TBX (ISO 30042)")
    reader = _TbxReader(path)
    concepts = [reader.concept(entry) for entry in root.iter("{*}conceptEntry", "{*}termEntry")]
    if reader.problems:
        raise GlossaryError.collect(reader.problems, imported=True)
    return [concept for concept in concepts if concept is not None]


class _TbxReader:
    """Turns concept entries into concepts, collecting every problem with its line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[GlossaryError] = []
        self.used: set[str] = set()

    def problem(self, message: str, element: etree._Element, hint: str | None = None) -> None:
        self.problems.append(GlossaryError(message, path=self.path, line=element.sourceline, hint=hint))

    def concept(self, entry: etree._Element) -> Concept | None:
        kind: str | None = None
        notes: list[str] = []
        settings: dict[str, Any] = {}
        languages: dict[str, TermVariants] = {}
        count = len(self.problems)
        for child in entry.iterchildren("{*}*"):
            name = etree.QName(child).localname
            if name in ("descrip", "descripGrp") and kind is None:
                descrip = child if name == "descrip" else child.find("{*}descrip")
                if descrip is not None and descrip.get("type") == "subjectField":
                    kind = _text(descrip)
            elif name == "note" and _text(child).startswith(SETTINGS_PREFIX):
                settings.update(self.settings(child, _CONCEPT_SETTINGS))
            elif name == "note" and (control := note_problem(_text(child))):
                self.problem(f"the note {control}", child, NOTE_HINT)
            elif name == "note":
                notes.append(_text(child))
            elif name in ("langSec", "langSet"):
                self.language(child, languages)
        if not languages:
            if len(self.problems) == count:
                self.problem("concept has no terms", entry)
            return None
        return Concept(
            id=self.concept_id(entry.get("id") or "", next(iter(languages.values())).preferred),
            terms=tuple(languages.items()),
            kind="term" if kind is None else kind,
            note="\n".join([*notes, settings["note"]] if "note" in settings else notes),
            ignore=tuple(settings.get("ignore", ())),
            translate=settings.get("translate", True),
            inflect=settings.get("inflect", False),
            path=self.path,
            line=entry.sourceline,
        )

    def language(self, section: etree._Element, languages: dict[str, TermVariants]) -> None:
        code = section.get(_XML_LANG) or section.get("lang")
        if not code:
            self.problem(f"<{etree.QName(section).localname}> without xml:lang", section,
                         'give it the language, e.g. xml:lang="en"')
            return
        lang = language_code(code)
        if not lang:
            self.problem(f"unknown language code {brief(code)}", section, LANGUAGE_HINT)
            return
        settings: dict[str, Any] = {}
        terms: list[tuple[str, TermStatus | None]] = []
        notes: list[dict[str, str]] = []
        for child in section.iterchildren("{*}*"):
            name = etree.QName(child).localname
            if name == "note" and _text(child).startswith(SETTINGS_PREFIX):
                settings.update(self.settings(child, _LANGUAGE_SETTINGS))
            elif name in ("termSec", "tig", "ntig") and (found := self.term(child)) is not None:
                terms.append(found[0])
                notes.append(found[1])
        if not terms:
            return
        explicit = any(status is TermStatus.PREFERRED for _, status in terms)
        resolved = [
            (text, status or (TermStatus.PREFERRED if index == 0 and not explicit else TermStatus.FORM))
            for index, (text, status) in enumerate(terms)
        ]
        previous = languages.get(lang)
        if previous is not None:
            resolved = [*_statuses(previous), *resolved]
        preferred = [text for text, status in resolved if status is TermStatus.PREFERRED]
        forms = [text for text, status in resolved if status is TermStatus.FORM]
        if not preferred and not forms:
            self.problem(f"no preferred or admitted term for {brief(lang)}, only deprecated ones", section,
                         "mark one term preferredTerm-admn-sts")
            return
        chosen = preferred[0] if preferred else forms.pop(0)
        accepted = {text for text, status in resolved if status is not TermStatus.FORBIDDEN}
        # The preferred term's grammar first, then any term's; a langSec given twice keeps what the first said.
        ordered = sorted(zip(terms, notes), key=lambda item: item[0][0] != chosen)
        found = {key: value for (text, _), note in reversed(ordered) for key, value in note.items()
                 if key in ("gender", "number") or text in accepted}
        languages[lang] = TermVariants(
            preferred=chosen,
            forms=tuple(preferred[1:] + forms),
            forbidden=tuple(text for text, status in resolved if status is TermStatus.FORBIDDEN),
            case_sensitive=settings.get("case_sensitive", previous.case_sensitive if previous else True),
            **{key: getattr(previous, key) if previous and getattr(previous, key) else found.get(key)
               for key in ("gender", "number", "acronym", "full")},
        )

    def term(self, section: etree._Element) -> tuple[tuple[str, TermStatus | None], dict[str, str]] | None:
        """The term, its status and what its notes say (gender, number, acronym or full: the term); None if bad."""
        term = next(section.iter("{*}term"), None)
        if term is None or not _text(term).strip():
            self.problem("empty term", section)
            return None
        if control := term_problem(_text(term)):
            self.problem(f"the term {control}", term, TERM_HINT)
            return None
        status: TermStatus | None = None
        notes: dict[str, str] = {}
        for note in section.iter("{*}termNote"):
            kind, value = note.get("type"), _text(note).strip()
            if kind == "administrativeStatus":
                status = _STATUS_BY_NAME.get(value.removesuffix("-admn-sts"))
                if status is None:
                    self.problem(f"unknown administrativeStatus {brief(value)}", note, _STATUS_HINT)
                    return None
            elif kind in _GRAMMAR_NOTES:
                key, names = _GRAMMAR_NOTES[kind]
                if value not in names:
                    self.problem(f"unknown {kind} {brief(value)}", note, f"use {', '.join(names)}")
                    return None
                notes[key] = names[value]
            elif kind == "termType" and value in _TERM_TYPES:
                notes[_TERM_TYPES[value]] = _text(term)
        return (_text(term), status), notes

    def settings(self, note: etree._Element, allowed: dict[str, type]) -> dict[str, Any]:
        try:
            settings = json.loads(_text(note).removeprefix(SETTINGS_PREFIX))
        except json.JSONDecodeError as error:
            self.problem(f"unreadable settings note: {error}", note)
            return {}
        if not isinstance(settings, dict):
            self.problem("settings note is not a JSON object", note)
            return {}
        valid: dict[str, Any] = {}
        for key, value in settings.items():
            expected = allowed.get(key)
            if expected is None:
                self.problem(f"unknown setting {brief(key)} in settings note", note,
                             f"known: {', '.join(sorted(allowed))}")
            elif not isinstance(value, expected) or (expected is list and not all(isinstance(v, str) for v in value)):
                self.problem(f"setting {brief(key)} has the wrong type", note)
            else:
                valid[key] = value
        return valid

    def concept_id(self, raw: str, preferred: str) -> str:
        candidate = raw[1:] if raw.startswith("_") and ID_PATTERN.fullmatch(raw[1:]) else raw
        if not ID_PATTERN.fullmatch(candidate):
            candidate = slugify(candidate, max_length=60, word_boundary=True) or slug_id(preferred)
        return unique_id(candidate, self.used)


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _read(data: bytes, options: ExchangeOptions, path: Path) -> list[Concept]:
    return import_tbx(data, path=path)


EXCHANGE_FORMATS = (
    ExchangeFormat("tbx", "tbx", "TBX", "TBX-Basic, TBX 2008 (martif): translate-toolkit, OmegaT, most termbases",
                   lambda glossary, options: export_tbx(glossary, source=options.src), _read, reads=("tbx",), rank=10),
    ExchangeFormat("tbx-v3", "tbx", "TBX", "TBX-Basic, TBX v3 (ISO 30042:2019, DCA style)",
                   lambda glossary, options: export_tbx_v3(glossary), rank=11),
)
