"""The reference document: nothing in it may reach outside it, by relationship or by field code."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document

from docx_helpers import (
    attached_template,
    complex_field,
    footer_link,
    glossary_field,
    header_link,
    linked_image,
    renamed_header_field,
    UNC_PICTURE,
    save,
    simple_field,
)
from translate.errors import ExportError, brief
from translate.export.docx import render_docx
from translate.export.reference import REFERENCE_MAX, check_reference, load_reference
from translate.model import ArticleMeta, Block, BlockKind, Run, TranslatedArticle

PROJECT_REFERENCE = Path(__file__).parents[1] / "templates" / "reference.docx"
FETCHING = ("the reference document's part {part} has {what}: Word fetches or runs what it names when a released "
            "document opens or its fields are updated (a network path sends the reader's Windows credentials); "
            "remove the field from the reference document")


def rendered_with(path: Path) -> Document:
    meta = ArticleMeta("Título", "prueba", "en", Path("prueba.md"))
    article = TranslatedArticle(meta, "es", (Block(BlockKind.TITLE, (Run("Título"),)),), draft=False)
    return docx.Document(io.BytesIO(render_docx(article, reference=path)))


# ---- relationships: hyperlinks a page could carry, nothing else external ----

@pytest.mark.parametrize(("build", "target", "part", "message"), [
    pytest.param(header_link, r"\\evil\share\x", "word/header1.xml", "it is a Windows path", id="header-unc-link"),
    pytest.param(footer_link, "//evil/share/x", "word/footer1.xml", "it is a network path", id="footer-network-link"),
    pytest.param(header_link, "file:///etc/passwd", "word/header1.xml", "its scheme 'file' is not http",
                 id="header-file-link"),
    pytest.param(attached_template, r"\\evil\share\tpl.dotx", "word/settings.xml",
                 "has an external 'attachedTemplate' relationship", id="attached-template-unc"),
    pytest.param(attached_template, "https://example.org/tpl.dotx", "word/settings.xml",
                 "has an external 'attachedTemplate' relationship", id="attached-template-https"),
    pytest.param(linked_image, r"\\evil\share\logo.png", "word/document.xml",
                 "has an external 'image' relationship", id="linked-image"),
])
def test_reference_pointing_outside_is_refused(tmp_path: Path, build: Callable[[str], Document], target: str,
                                               part: str, message: str) -> None:
    path = save(build(target), tmp_path / "reference.docx")
    with pytest.raises(ExportError) as caught:
        check_reference(path)
    assert caught.value.path == path
    text = str(caught.value)
    assert f"the reference document's part {part} " in text and brief(target) in text and message in text, text


@pytest.mark.parametrize("build", [
    pytest.param(lambda: header_link("https://example.org/newsroom"), id="https-header-link"),
    pytest.param(lambda: footer_link("mailto:desk@example.org"), id="mailto-footer-link"),
    pytest.param(docx.Document, id="python-docx-default"),
])
def test_reference_with_safe_links_is_accepted(tmp_path: Path, build: Callable[[], Document]) -> None:
    path = save(build(), tmp_path / "reference.docx")
    check_reference(path)
    assert rendered_with(path).paragraphs[0].text == "Título"


def test_the_projects_reference_is_accepted() -> None:
    check_reference(PROJECT_REFERENCE)


# ---- field codes: none that fetches, a HYPERLINK only where a page could link ----

@pytest.mark.parametrize(("build", "part", "what"), [
    pytest.param(lambda: simple_field(f' INCLUDEPICTURE "{UNC_PICTURE}" \\d ', part="header"), "word/header1.xml",
                 r"an INCLUDEPICTURE field to '\\\\evil.example\\share\\a.png'", id="header-simple-includepicture"),
    pytest.param(lambda: complex_field(" INCLUDE", 'TEXT "\\\\\\\\evil.example\\\\share\\\\b.docx" ', part="footer"),
                 "word/footer1.xml", r"an INCLUDETEXT field to '\\\\evil.example\\share\\b.docx'",
                 id="footer-includetext-split-over-runs"),
    pytest.param(lambda: simple_field(' includepicture "https://example.org/logo.png" '), "word/header1.xml",
                 "an INCLUDEPICTURE field to 'https://example.org/logo.png'", id="includepicture-any-target-any-case"),
    pytest.param(lambda: simple_field(' INCLUDE "C:\\\\notes.doc" ', part="document"), "word/document.xml",
                 r"an INCLUDE field to 'C:\\notes.doc'", id="include-in-the-body"),
    pytest.param(lambda: complex_field(' IMPORT "\\\\\\\\evil\\\\a.wmf"', part="header"), "word/header1.xml",
                 r"an IMPORT field to '\\\\evil\\a.wmf'", id="import"),
    pytest.param(lambda: simple_field(' LINK Excel.Sheet.12 "\\\\\\\\evil\\\\b.xlsx" "Sheet1!R1C1" \\a '),
                 "word/header1.xml", "a LINK field to 'Excel.Sheet.12'", id="link"),
    pytest.param(lambda: simple_field(' DDE cmd "/c calc" ', part="footer"), "word/footer1.xml",
                 "a DDE field to 'cmd'", id="dde"),
    pytest.param(lambda: complex_field("DDEAUTO ", "c:\\\\windows\\\\system32\\\\cmd.exe", ' "/k calc"'),
                 "word/footer1.xml", r"a DDEAUTO field to 'c:\\\\windows\\\\system32\\\\cmd.exe'", id="ddeauto"),
    pytest.param(lambda: simple_field(' DATABASE \\d "\\\\\\\\evil\\\\db.mdb" \\s "SELECT 1" '), "word/header1.xml",
                 r"a DATABASE field to '\\\\evil\\db.mdb'", id="database"),
    pytest.param(lambda: glossary_field(' INCLUDEPICTURE "https://example.org/a.png" '), "word/glossary/document.xml",
                 "an INCLUDEPICTURE field to 'https://example.org/a.png'", id="glossary-document"),
    pytest.param(lambda: renamed_header_field(' INCLUDETEXT "x.docx" '), "word/masthead.dat",
                 "an INCLUDETEXT field to 'x.docx'", id="header-stored-under-another-name"),
])
def test_a_field_that_fetches_is_refused(tmp_path: Path, build: Callable[[], Document], part: str, what: str) -> None:
    path = save(build(), tmp_path / "reference.docx")
    with pytest.raises(ExportError) as caught:
        check_reference(path)
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}: " + FETCHING.format(part=part, what=what)), str(caught.value)


@pytest.mark.parametrize(("build", "what"), [
    pytest.param(lambda: simple_field(' HYPERLINK "\\\\\\\\evil\\\\share\\\\x" '),
                 r"a HYPERLINK field to '\\\\evil\\share\\x': it is a Windows path", id="hyperlink-unc"),
    pytest.param(lambda: complex_field(" HYPERLINK ", '"file:///etc/passwd"'),
                 "a HYPERLINK field to 'file:///etc/passwd': its scheme 'file' is not http", id="hyperlink-file"),
    pytest.param(lambda: simple_field(' HYPERLINK \\o "Our newsroom" "//evil/share/x" '),
                 "a HYPERLINK field to '//evil/share/x': it is a network path", id="hyperlink-address-after-tooltip"),
    pytest.param(lambda: simple_field(" HYPERLINK javascript:alert(1) "),
                 "a HYPERLINK field to 'javascript:alert(1)': its scheme 'javascript' is not", id="hyperlink-unquoted"),
    pytest.param(lambda: complex_field(("QUOTE ", '"INCLUDE"'), 'PICTURE "x.png"'),
                 "a field whose type a field nested in it computes ('{…}PICTURE \"x.png\"')",
                 id="type-from-a-nested-field"),
    pytest.param(lambda: complex_field(' HYPERLINK "', ("QUOTE 92 92",), 'evil\\\\share"'),
                 "a HYPERLINK field whose address a field nested in it computes", id="address-from-a-nested-field"),
])
def test_a_field_that_could_reach_outside_is_refused(tmp_path: Path, build: Callable[[], Document],
                                                     what: str) -> None:
    path = save(build(), tmp_path / "reference.docx")
    with pytest.raises(ExportError) as caught:
        check_reference(path)
    assert "the reference document's part word/" in str(caught.value)
    assert f" has {what}" in str(caught.value), str(caught.value)


@pytest.mark.parametrize("build", [
    pytest.param(lambda: simple_field(" PAGE \\* MERGEFORMAT "), id="page-number"),
    pytest.param(lambda: complex_field(" NUMPAGES ", part="footer"), id="page-count"),
    pytest.param(lambda: complex_field(" IF ", (" PAGE ",), ' > 1 "continued" ""'), id="nested-page-in-an-if"),
    pytest.param(lambda: simple_field(' HYPERLINK "https://example.org/newsroom" \\o "C:\\\\ tooltip" '),
                 id="hyperlink-https-with-a-tooltip"),
    pytest.param(lambda: complex_field(" HYPERLINK ", '\\l "masthead"'), id="hyperlink-to-a-bookmark"),
    pytest.param(lambda: simple_field(' STYLEREF "Heading 1" '), id="styleref"),
])
def test_fields_that_stay_inside_are_kept(tmp_path: Path, build: Callable[[], Document]) -> None:
    path = save(build(), tmp_path / "reference.docx")
    check_reference(path)
    assert rendered_with(path).paragraphs[0].text == "Título"


# ---- load_reference: what publish calls ----

def test_load_reference_refuses_one_over_its_size(tmp_path: Path) -> None:
    path = tmp_path / "reference.docx"
    with path.open("wb") as handle:
        handle.truncate(REFERENCE_MAX + 1)  # sparse: costs no disk
    with pytest.raises(ExportError, match=r"the reference document is 33,554,433 bytes, more than the 33,554,432 bytes \(32 MB\) "
                                          r"allowed; use a "
                                          r"reference document of at most 32 MB") as caught:
        load_reference(path)
    assert caught.value.path == path


def test_load_reference_digests_the_file(tmp_path: Path) -> None:
    assert load_reference(tmp_path / "reference.docx") is None
    first = load_reference(save(header_link("https://example.org/a"), tmp_path / "reference.docx"))
    second = load_reference(save(header_link("https://example.org/b"), tmp_path / "reference.docx"))
    assert first is not None and second is not None and first.digest != second.digest
