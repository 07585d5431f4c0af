"""Reference documents built with python-docx whose parts point outside the file, as a hostile
``templates/reference.docx`` would: hyperlinks in headers and footers, an attached template, a linked image,
field codes (INCLUDEPICTURE and the like) in any part."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

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


# ---- field codes: what Word evaluates when a document opens or its fields are updated ----

GLOSSARY_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.glossary+xml"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraph(document: Document, part: str) -> Paragraph:
    """The first paragraph of the first section's ``header`` or ``footer``, or a new one in the ``document`` body."""
    if part == "document":
        return document.add_paragraph()
    section = document.sections[0]
    return (section.header if part == "header" else section.footer).paragraphs[0]


def simple_field(instruction: str, *, part: str = "header") -> Document:
    """A ``w:fldSimple`` with ``instruction`` in ``part`` (see ``_paragraph``)."""
    document = docx.Document()
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    _paragraph(document, part)._p.append(field)
    return document


Pieces = tuple["str | Pieces", ...]


def complex_field(*pieces: str | Pieces, part: str = "footer") -> Document:
    """A field as Word writes one in ``part``: ``w:fldChar`` begin, a ``w:instrText`` run per piece (a tuple: a
    field nested there, made the same way), separate, a result run, end."""
    document = docx.Document()
    paragraph = _paragraph(document, part)
    _append_field(paragraph, pieces)
    return document


def _append_field(paragraph: Paragraph, pieces: Pieces) -> None:
    def char(kind: str) -> None:
        run = OxmlElement("w:r")
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        run.append(mark)
        paragraph._p.append(run)

    char("begin")
    for piece in pieces:
        if isinstance(piece, tuple):
            _append_field(paragraph, piece)
            continue
        run = OxmlElement("w:r")
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = piece
        run.append(text)
        paragraph._p.append(run)
    char("separate")
    paragraph.add_run("1")
    char("end")


def glossary_field(instruction: str) -> Document:
    """A ``w:fldSimple`` in a building block of the glossary document (word/glossary/document.xml), which Word
    inserts into a document when a user picks it."""
    document = docx.Document()
    xml = (f'<w:glossaryDocument xmlns:w="{_W}"><w:docParts><w:docPart><w:docPartBody><w:p>'
           f'<w:fldSimple w:instr="{escape(instruction, {chr(34): "&quot;"})}"/></w:p></w:docPartBody></w:docPart>'
           '</w:docParts></w:glossaryDocument>')
    glossary = Part(PackURI("/word/glossary/document.xml"), GLOSSARY_TYPE, xml.encode("utf-8"), document.part.package)
    document.part.relate_to(glossary, RT.GLOSSARY_DOCUMENT)
    return document


def renamed_header_field(instruction: str) -> Document:
    """``simple_field`` in a header stored as word/masthead.dat: its content type in [Content_Types].xml, not its
    name, makes it a header."""
    document = simple_field(instruction, part="header")
    header = document.sections[0].header.part
    header.partname = PackURI("/word/masthead.dat")
    return document


UNC_PICTURE = r'\\\\evil.example\\share\\a.png'
"""``\\\\evil.example\\share\\a.png`` as a field code writes it (backslashes doubled inside quotes)."""
