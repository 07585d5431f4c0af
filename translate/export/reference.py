"""The reference document (``templates/reference.docx``): checked before it styles any released document.

Its headers, footers, settings and styles go into every DOCX rendered with it, so nothing in it may
make Word reach outside the file when a released document opens or its fields are updated:

- relationships (each part's ``_rels/*.rels``): a hyperlink only to an address
  :func:`translate.links.link_problem` accepts; nothing else external (an ``attachedTemplate``, a
  linked image or frame), since Word fetches those, a network path included;
- field codes in any XML part (``w:fldSimple``'s ``w:instr``, or the ``w:instrText`` runs of a field
  between its ``w:fldChar`` begin and separate): no field that fetches or runs what it names
  (INCLUDEPICTURE over SMB is a known way to leak a reader's Windows credentials), and a HYPERLINK
  field only to an address a page could link to.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from translate.errors import ArchiveError, ExportError, brief
from translate.fsutil import read_bounded
from translate.links import link_problem
from translate.safezip import check_zip
from translate.xmlsafe import EntitiesDeclared, parse_untrusted

__all__ = ["FETCHING_FIELDS", "REFERENCE_MAX", "Reference", "check_reference", "load_reference"]

REFERENCE_MAX = 32 * 1024 * 1024
"""Bytes in a reference document: styles, headers and a logo fit many times over."""
FETCHING_FIELDS = frozenset(
    {"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "IMPORT", "LINK", "DDE", "DDEAUTO", "DATABASE"}
)
"""Field types that make Word read a file, a network path or another program's data (DATABASE: a data source it
queries), whatever they name: refused in a reference document. INCLUDE and IMPORT: older names of INCLUDETEXT and
INCLUDEPICTURE."""

_HINT = "save it again from Word or LibreOffice, or remove it to use the built-in styles"
_FIELD_HINT = ("remove the field from the reference document (its headers and footers go into every released "
               "document; in Word, Alt+F9 shows field codes), then save it again")
_NESTED = "\x00"
"""Stands in an instruction for a field nested in it (XML text cannot hold NUL): its value is known only to Word."""
# A field instruction's arguments: "quoted" (\" and \\ escaped inside) or unquoted up to a space or a quote.
_FIELD_TOKEN = re.compile(r'"((?:\\.|[^"\\])*)(?:"|$)|([^\s"]+)', re.DOTALL)
_FIELD_ESCAPE = re.compile(r'\\([\\"])')
# HYPERLINK's switches: \l (a bookmark), \o (a tooltip), \t (a frame) take an argument; \m and \n do not; the
# general format switches \* \@ \# take one.
_SWITCH_WITH_ARGUMENT = frozenset({"\\l", "\\o", "\\t", "\\*", "\\@", "\\#"})
_SWITCH_ALONE = frozenset({"\\m", "\\n"})


@dataclass(frozen=True, slots=True)
class Reference:
    """A checked reference document: where it is, and a digest of its bytes (what every DOCX rendering depends on)."""

    path: Path
    digest: str


def load_reference(path: Path) -> Reference | None:
    """The reference document at ``path`` checked, or None if nothing is there (the built-in styles serve).

    ExportError naming it if it is not a regular file of at most REFERENCE_MAX bytes, is not an intact zip
    or is a zip bomb (:func:`translate.safezip.check_zip`), or holds what :func:`check_reference` refuses.
    """
    if not os.path.lexists(path):
        return None
    if not path.is_file():
        raise ExportError("the reference document is not a file", path=path, hint=_HINT)
    data = read_bounded(path, limit=REFERENCE_MAX, what="reference document", error=ExportError,
                        hint="use a reference document of at most 32 MB (its styles, headers and footers; "
                             "large images make it big), or remove it to use the built-in styles")
    try:
        check_zip(path)
    except ArchiveError as error:
        raise ExportError(f"cannot use the reference document: {error.message}", path=path, hint=_HINT) from error
    except OSError as error:
        raise ExportError(f"cannot read the reference document: {error.strerror or error}", path=path,
                          hint=_HINT) from error
    check_reference(path)
    return Reference(path, hashlib.sha256(data).hexdigest())


def check_reference(path: Path) -> None:
    """ExportError unless nothing in the reference document ``path`` reaches outside it (see the module docstring).

    Each XML part (by name, or by its content type in ``[Content_Types].xml``) is parsed with
    :func:`translate.xmlsafe.parse_untrusted` and read whole: check the zip first
    (:func:`translate.safezip.check_zip`).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = [(info.filename, archive.read(info)) for info in _xml_parts(archive)]
    except (OSError, zipfile.BadZipFile, KeyError) as error:
        raise ExportError(f"cannot read the reference document: {error}", path=path, hint=_HINT) from error
    for name, data in parts:
        relationships = name.lower().endswith(".rels")
        try:
            root = parse_untrusted(data)
        except (EntitiesDeclared, etree.XMLSyntaxError):
            what = "a relationships part" if relationships else "XML"
            raise ExportError(f"the reference document's {name} is not {what} Word wrote (damaged, or declaring "
                              "entities)", path=path, hint=_HINT) from None
        if relationships:
            _check_relationships(root, _rels_source(name), path)
        else:
            _check_fields(root, f"part {name}", path)


def _xml_parts(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members Word reads as XML: named ``*.xml`` or ``*.rels``, or typed as XML in ``[Content_Types].xml``
    (a header may be stored under any name its content type declares)."""
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    try:
        types = parse_untrusted(archive.read("[Content_Types].xml"))
    except (KeyError, EntitiesDeclared, etree.XMLSyntaxError):
        types = None  # then only the names tell; the part itself is checked below as any other
    for entry in types.iter() if types is not None else ():
        if not isinstance(entry.tag, str):
            continue
        kind = (entry.get("ContentType") or "").lower()
        if etree.QName(entry).localname == "Default":
            defaults[(entry.get("Extension") or "").lower()] = kind
        elif etree.QName(entry).localname == "Override":
            overrides[(entry.get("PartName") or "").lstrip("/").lower()] = kind
    found = []
    for info in archive.infolist():
        name = info.filename.lower()
        kind = overrides.get(name) or defaults.get(PurePosixPath(name).suffix.lstrip("."), "")
        if not info.is_dir() and (name.endswith((".xml", ".rels")) or kind.endswith("xml")):
            found.append(info)
    return found


def _check_relationships(root: etree._Element, part: str, path: Path) -> None:
    for relationship in root.iter():
        if not isinstance(relationship.tag, str) or etree.QName(relationship).localname != "Relationship":
            continue
        if (relationship.get("TargetMode") or "").strip().lower() != "external":
            continue  # a part of the document itself
        target = relationship.get("Target") or ""
        kind = (relationship.get("Type") or "").rstrip("/").rsplit("/", 1)[-1] or "untyped"
        if kind != "hyperlink":
            raise ExportError(
                f"the reference document's {part} has an external {brief(kind, limit=40)} relationship to "
                f"{brief(target)}: Word would fetch that when a released document opens",
                path=path, hint="remove it from the reference document (an attached template: Word's Developer >"
                                " Document Template), then save it again",
            )
        problem = link_problem(target)
        if problem is not None:
            raise ExportError(f"the reference document's {part} links to {brief(target)}: {problem}", path=path,
                              hint="remove the link from the reference document (its headers and footers go "
                                   "into every released document), then save it again")


def _rels_source(name: str) -> str:
    """The part a relationships part belongs to: ``word/_rels/header1.xml.rels`` is word/header1.xml's."""
    folder, _, file = name.rpartition("/")
    parent = folder.removesuffix("_rels").rstrip("/")
    source = f"{parent}/{file.removesuffix('.rels')}".lstrip("/")
    return f"part {source}" if source else "package relationships (_rels/.rels)"


def _check_fields(root: etree._Element, part: str, path: Path) -> None:
    for instruction in _field_instructions(root):
        problem = _field_problem(instruction)
        if problem is not None:
            raise ExportError(f"the reference document's {part} has {problem}", path=path, hint=_FIELD_HINT)


def _field_instructions(root: etree._Element) -> Iterator[str]:
    """Every field's instruction in a WordprocessingML part, in document order.

    A simple field's is its ``instr`` attribute; a complex field's is the text of its ``instrText`` (and
    ``delInstrText``: a rejected deletion brings it back) runs from its ``fldChar`` begin to its separate
    (or end), joined, with _NESTED where a field nested in it stands (that one is given on its own). Elements
    are matched by local name, so strict OOXML's namespace is read too.
    """
    # Per field begun and not ended: its instruction so far; None once it is separated from its result.
    open_fields: list[list[str] | None] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name == "fldSimple":
            yield _attribute(element, "instr")
        elif name == "fldChar":
            kind = _attribute(element, "fldCharType")
            if kind == "begin":
                if open_fields and open_fields[-1] is not None:
                    open_fields[-1].append(_NESTED)
                open_fields.append([])
            elif kind == "separate" and open_fields and open_fields[-1] is not None:
                yield "".join(open_fields[-1])
                open_fields[-1] = None
            elif kind == "end" and open_fields:
                pieces = open_fields.pop()
                if pieces is not None:
                    yield "".join(pieces)
        elif name in ("instrText", "delInstrText") and open_fields and open_fields[-1] is not None:
            open_fields[-1].append(element.text or "")
    for pieces in open_fields:  # never ended: Word may still read them
        if pieces is not None:
            yield "".join(pieces)


def _field_problem(instruction: str) -> str | None:
    """What a field with ``instruction`` is, if it may not go into released documents ("an INCLUDEPICTURE field to
    '\\\\host\\x.png': ..."), or None when it may."""
    tokens = [(_FIELD_ESCAPE.sub(r"\1", match.group(1)), True) if match.group(1) is not None
              else (match.group(2), False) for match in _FIELD_TOKEN.finditer(instruction)]
    if not tokens:
        return None
    kind = tokens[0][0]
    if _NESTED in kind:
        shown = instruction.strip().replace(_NESTED, "{…}")
        return (f"a field whose type a field nested in it computes ({brief(shown)}): Word could make it any field, "
                "INCLUDEPICTURE included")
    kind = kind.upper()
    if kind in FETCHING_FIELDS:
        article = "an" if kind[0] in "AEIOU" else "a"
        # What it names, to show: its first argument that is no switch (DATABASE \d "file" names the file).
        named = next((text for text, quoted in tokens[1:] if quoted or not text.startswith("\\")), None)
        target = f" to {brief(named.replace(_NESTED, '{…}'))}" if named is not None else ""
        return (f"{article} {kind} field{target}: Word fetches or runs what it names when a released document opens "
                "or its fields are updated (a network path sends the reader's Windows credentials)")
    if kind != "HYPERLINK":
        return None
    # Word takes the first as the address; the others too must be addresses a page could link to.
    for address in _hyperlink_arguments(tokens[1:]):
        if _NESTED in address:
            return "a HYPERLINK field whose address a field nested in it computes: Word could make it any address"
        problem = link_problem(address)
        if problem is not None:
            return f"a HYPERLINK field to {brief(address)}: {problem}"
    return None


def _hyperlink_arguments(tokens: list[tuple[str, bool]]) -> list[str]:
    """A HYPERLINK field's arguments after its type, without its switches (``\\o "tooltip"``, ``\\n``) and what they
    take; an unquoted ``\\`` token that is none of them is kept, as Word might take it for the address."""
    arguments = []
    rest = iter(tokens)
    for text, quoted in rest:
        switch = "" if quoted else text.lower()
        if switch in _SWITCH_WITH_ARGUMENT:
            next(rest, None)
        elif switch not in _SWITCH_ALONE:
            arguments.append(text)
    return arguments


def _attribute(element: etree._Element, name: str) -> str:
    """The attribute ``name`` in the element's own namespace (``w:instr`` of a ``w:fldSimple``)."""
    namespace = etree.QName(element).namespace
    return element.get(f"{{{namespace}}}{name}" if namespace else name) or ""
