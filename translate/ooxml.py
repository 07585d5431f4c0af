"""Word (OOXML) details python-docx leaves to us: spell-check language tags, deterministic zips."""

from __future__ import annotations

import io
import re
import zipfile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold; dropped from what we write."""
_BREAKS = re.compile(r"(\t|\n)")
_EAST_ASIAN = frozenset({"zh", "ja", "ko"})
# Children of w:rPr that come after w:lang in the schema's order.
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")


def set_lang(r_pr: BaseOxmlElement, lang: str, *, rtl: bool) -> None:
    """Tag run properties (a run's or the document default's) with ``lang`` for Word's spell-check."""
    element = r_pr.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        r_pr.insert_element_before(element, *_RPR_AFTER_LANG)
    element.set(qn("w:val"), lang)
    if rtl:
        element.set(qn("w:bidi"), lang)
    if lang.split("-")[0].lower() in _EAST_ASIAN:
        element.set(qn("w:eastAsia"), lang)


def normalize_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps and attributes, members in their order: identical bytes for
    identical content."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 0
            member.external_attr = 0
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def set_run_text(r: BaseOxmlElement, text: str) -> None:
    """Write ``text`` into a w:r exactly: tabs and newlines as w:tab and w:br, the rest in w:t.

    A carriage return stays in w:t, where lxml writes it as &#13; and it reads back as is.
    """
    for piece in _BREAKS.split(XML_ILLEGAL.sub("", text)):
        if piece == "\t":
            r.add_tab()
        elif piece == "\n":
            r.add_br()
        elif piece:
            r.add_t(piece).set(qn("xml:space"), "preserve")
