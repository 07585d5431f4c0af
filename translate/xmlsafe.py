"""Parsing XML that comes from outside (review files, termbases) without expanding entities or reading other files.

Documents that declare entities are refused before the parser sees them (an expansion bomb or an external
entity is never expanded or read); the parser itself loads no DTD and never touches the network.
"""

from __future__ import annotations

import re

from pathlib import Path

from lxml import etree

from translate.errors import TranslateError

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY")
_DECLARED_ENCODING = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']"""
)
# How a document in a wide encoding starts (XML 1.0 appendix F); longest signatures first.
_WIDE_ENCODINGS = (
    ("utf-32-be", (b"\x00\x00\xfe\xff", b"\x00\x00\x00<")),
    ("utf-32-le", (b"\xff\xfe\x00\x00", b"<\x00\x00\x00")),
    ("utf-16-be", (b"\xfe\xff", b"\x00<")),
    ("utf-16-le", (b"\xff\xfe", b"<\x00")),
)


class EntitiesDeclared(ValueError):
    """An XML document declares entities (a DOCTYPE with ``<!ENTITY>``); ``line`` is the first one's, where known."""

    def __init__(self, line: int | None = None) -> None:
        super().__init__("the document declares entities")
        self.line = line


def declared_encoding(data: bytes) -> str | None:
    """The encoding a document's signature or XML declaration names; None where it names none (UTF-8)."""
    match = _DECLARED_ENCODING.match(data)
    return _wide_codec(data) or (match.group(1).decode("ascii") if match else None)


def entity_declaration_line(data: bytes) -> int | None:
    """The line of the document's first entity declaration, in any encoding libxml2 reads; None if it has none."""
    codec = _wide_codec(data)
    if codec is not None:
        text = data.decode(codec, errors="ignore")
        found = text.find("<!ENTITY")
        return text.count("\n", 0, found) + 1 if found >= 0 else None
    match = _ENTITY_DECLARATION.search(data)
    return data.count(b"\n", 0, match.start()) + 1 if match else None


def _wide_codec(data: bytes) -> str | None:
    for codec, starts in _WIDE_ENCODINGS:
        if data.startswith(starts):
            return codec
    return None


def parse_untrusted(data: bytes) -> etree._Element:
    """The root element of an XML document from outside.

    Raises EntitiesDeclared (before parsing) if the document declares entities, and
    ``lxml.etree.XMLSyntaxError`` if it is malformed.
    """
    line = entity_declaration_line(data)
    if line is not None:
        raise EntitiesDeclared(line)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    root = etree.fromstring(data, parser)
    # Second guard, for encodings the byte scan cannot read; the parser above expanded nothing.
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise EntitiesDeclared()
    return root


def parse_document(data: bytes, *, path: Path, kind: str, error: type[TranslateError]) -> etree._Element:
    """The root of a ``kind`` document (TBX, XLIFF, TMX) from outside; ``error`` naming the file otherwise.

    A document declaring entities is refused before parsing (nothing expanded, nothing read); a
    malformed one gives the parser's message and line.
    """
    try:
        return parse_untrusted(data)
    except EntitiesDeclared as refused:
        raise error(
            f"{kind} document declares entities (a DOCTYPE with <!ENTITY>); refused without expanding them",
            path=path, line=refused.line,
            hint="entities can expand without bound or read local files; export the file again without a DOCTYPE",
        ) from None
    except etree.XMLSyntaxError as broken:
        raise error(f"malformed {kind}: {broken.msg}", path=path, line=broken.lineno,
                    hint="the file is damaged or not XML; export it again") from None
