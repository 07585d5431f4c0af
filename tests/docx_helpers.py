"""Reference documents built with python-docx whose parts point outside the file, as a hostile
``templates/reference.docx`` would: hyperlinks in headers and footers, an attached template, a linked image."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


def _hyperlink(document: Document, target: str, *, footer: bool) -> None:
    """A link in the first section's header (or footer), as Word writes one."""
    part = document.sections[0].footer if footer else document.sections[0].header
    paragraph = part.paragraphs[0]
    r_id = part.part.relate_to(target, RT.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "our newsroom"
    run.append(text)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def header_link(target: str) -> Document:
    document = docx.Document()
    _hyperlink(document, target, footer=False)
    return document


def footer_link(target: str) -> Document:
    document = docx.Document()
    _hyperlink(document, target, footer=True)
    return document


def attached_template(target: str) -> Document:
    """settings.xml's w:attachedTemplate, whose relationship Word follows when the document opens."""
    document = docx.Document()
    settings = document.part._settings_part
    r_id = settings.relate_to(target, ATTACHED_TEMPLATE, is_external=True)
    element = OxmlElement("w:attachedTemplate")
    element.set(qn("r:id"), r_id)
    settings.element.insert(0, element)
    return document


def linked_image(target: str) -> Document:
    """An image relationship to a file outside the document (Word's "Link to File")."""
    document = docx.Document()
    document.part.relate_to(target, RT.IMAGE, is_external=True)
    return document


def save(document: Document, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
