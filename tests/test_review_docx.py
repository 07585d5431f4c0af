"""Bilingual review DOCX: layout, languages, reproducible bytes, round trips, damaged tables."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor
from docx.table import Table, _Cell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT, requires_soffice
from translate.errors import ReviewError
from translate.i18n import pgettext, shipped_languages
from translate.ingest import read_article
from translate.inline import escape
from translate.model import Finding, ReviewArticle, ReviewConcept, ReviewPackage, ReviewUnit, SegmentState, Severity
from translate.segment import segment_article
from translate.review.docx import COLUMNS, FINDING_STYLE, GLOSSARY_COLUMNS, display_text, export_review_docx, tagged_text
from translate.review.docx_read import import_review_docx

PATH = Path("review-es.docx")
DATA = ROOT / "tests" / "data" / "review-docx"
FORBIDDEN = Finding("term-forbidden", Severity.CRITICAL, "forbidden term Kiev", "a1b2c3d4e5f6", "es")
SPACING = Finding("auto-fix", Severity.MINOR, "spacing: “Kiev .” → “Kiev.”", "a1b2c3d4e5f6", "es")


def unit(slug: str, sid: str, source: str, target: str, state: SegmentState = SegmentState.MT_DRAFT,
         **kwargs: object) -> ReviewUnit:
    return ReviewUnit(slug, sid, source, target, state, kwargs.pop("revision", 1),  # type: ignore[arg-type]
                      kwargs.pop("source_hash", "0123456789abcdef"), **kwargs)  # type: ignore[arg-type]


def make_package(lang: str = "es", source_lang: str = "en") -> ReviewPackage:
    units = (
        unit("kyiv-summit", "a1b2c3d4e5f6", "The <1>summit</1> in Kyiv &amp; Lviv.", "La <1>cumbre</1> en Kyiv y Lviv.",
             SegmentState.NEEDS_REVIEW, revision=3, source_hash="deadbeefdeadbeef", mt="La <1>cumbre</1> en Kiev.",
             terms=("Kyiv → Kyiv (place)",), term_pairs=(("Kyiv", "Kyiv"),), notes=("major: forbidden term Kiev",),
             findings=(FORBIDDEN, SPACING)),
        unit("kyiv-summit", "b1b2c3d4e5f6", "If x &lt;1&gt; y, &lt;b&gt; stays.", "Si x &lt;1&gt; y, &lt;b&gt; queda.",
             SegmentState.EDITED, revision=5, mt="Si x &lt;1&gt; y."),
        unit("kyiv-summit", "c1b2c3d4e5f6", "Done.", "Hecho.", SegmentState.APPROVED, comment="checked\nby Ana"),
        unit("lviv-notes", "d1b2c3d4e5f6", "<1>Lviv</1> is <2>west</2>.", "<1>Lviv</1> está al <2>oeste</2>.",
             revision=2),
    )
    articles = (ReviewArticle("kyiv-summit", "Summit in Kyiv", "articles/kyiv.md"),
                ReviewArticle("lviv-notes", "Notes on Lviv", "articles/lviv.md"))
    return ReviewPackage(source_lang, lang, articles, units)


PACKAGE = make_package()


def open_docx(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def traveled(u: ReviewUnit, line: int) -> ReviewUnit:
    """What import gives back for an exported unit: its state at export too; no marks, terms, notes or findings."""
    return dataclasses.replace(u, marks=(), terms=(), term_pairs=(), notes=(), findings=(), line=line,
                               exported_state=u.state)


def edit(tmp_path: Path, change: Callable[[Document], None], package: ReviewPackage = PACKAGE) -> bytes:
    """Export, change the document with python-docx, save it under tmp_path, return its bytes."""
    document = open_docx(export_review_docx(package))
    change(document)
    out = tmp_path / "edited.docx"
    document.save(str(out))
    return out.read_bytes()


def langs_of(element: object) -> list[str | None]:
    return [lang.get(qn("w:val")) for lang in element._element.iter(qn("w:lang"))]  # type: ignore[attr-defined]


# -- layout ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "needed"), [
    pytest.param("de", ("Edit only the Translation column", "draft, edited or approved", "Comment", "<1>…</1>",
                        "Do not add, delete, merge or reorder rows or columns", "translate review import FILE.docx",
                        "Source language: en; target language: de."), id="de-no-catalog-english"),
    pytest.param("es", ("Edite solo la columna Traducción", "borrador, editado o aprobado", "Comentario", "<1>…</1>",
                        "No añada, borre, combine ni reordene filas ni columnas", "translate review import FILE.docx",
                        "Idioma de origen: en; idioma de destino: es."), id="es-catalog"),
])
def test_header_explains_how_to_use_the_file(lang: str, needed: tuple[str, ...]) -> None:
    text = "\n".join(p.text for p in open_docx(export_review_docx(make_package(lang))).paragraphs)
    for each in needed:
        assert each in text


SPANISH_COLUMNS = ("ID", "Original", "Borrador TA", "Traducción", "Estado", "Comentario", "Términos")


def test_one_table_per_article_with_heading_and_exact_columns() -> None:
    document = open_docx(export_review_docx(PACKAGE))
    assert len(document.tables) == 2
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == ["Summit in Kyiv", "Notes on Lviv"]
    for table, rows in zip(document.tables, (4, 2)):
        assert tuple(c.text for c in table.rows[0].cells) == SPANISH_COLUMNS
        assert len(table.rows) == rows
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_cells_hold_the_unit() -> None:
    table = open_docx(export_review_docx(PACKAGE)).tables[0]
    cells = table.rows[1].cells
    assert [p.text for p in cells[0].paragraphs] == ["kyiv-summit/a1b2c3d4e5f6", "r3 #deadbeefdeadbeef needs-review"]
    assert cells[0].paragraphs[1].runs[0].font.size.pt == 7
    assert cells[1].text == "The <1>summit</1> in Kyiv & Lviv."
    assert cells[2].text == "La <1>cumbre</1> en Kiev."
    assert cells[3].text == "La <1>cumbre</1> en Kyiv y Lviv."
    assert [p.text for p in cells[6].paragraphs] == ["Kyiv → Kyiv"]
    assert [p.text for p in cells[5].paragraphs] == ["term-forbidden: forbidden term Kiev",
                                                     "auto-fix: spacing: “Kiev .” → “Kiev.”"]
    assert table.rows[2].cells[3].text == "Si x <<1> y, <b> queda."
    assert table.rows[3].cells[5].text == "checked\nby Ana"


@pytest.mark.parametrize(("lang", "state", "shown"), [
    pytest.param("de", SegmentState.MT_DRAFT, "draft", id="mt-draft"),
    pytest.param("de", SegmentState.NEEDS_REVIEW, "draft", id="needs-review"),
    pytest.param("de", SegmentState.EDITED, "edited", id="edited"),
    pytest.param("de", SegmentState.APPROVED, "approved", id="approved"),
    pytest.param("es", SegmentState.MT_DRAFT, "borrador", id="es-mt-draft"),
    pytest.param("es", SegmentState.NEEDS_REVIEW, "borrador", id="es-needs-review"),
    pytest.param("es", SegmentState.EDITED, "editado", id="es-edited"),
    pytest.param("fr", SegmentState.APPROVED, "approuvé", id="fr-approved"),
])
def test_status_cell(lang: str, state: SegmentState, shown: str) -> None:
    package = ReviewPackage("en", lang, (), (unit("a", "s1", "x", "y", state),))
    assert open_docx(export_review_docx(package)).tables[0].rows[1].cells[4].text == shown


def test_landscape_a4_with_column_widths() -> None:
    document = open_docx(export_review_docx(PACKAGE))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    widths = [c.width for c in document.tables[0].columns]
    assert widths[3] == max(widths) and sum(w.mm for w in widths) <= 297 - 30 + 0.5


KYIV = ReviewConcept("kyiv", "Kyiv", "Kyiv", accepted=("Kíiv",), forbidden=("Kiev",),
                     note="Ukrainian spelling; Kiev is the Russian one.")
NATO = ReviewConcept("nato", "NATO", "OTAN", forbidden=("NATO",), note="The alliance.")
WITH_GLOSSARY = dataclasses.replace(PACKAGE, units=tuple(
    dataclasses.replace(u, term_pairs=(("Kyiv", "Kyiv"), ("NATO", "OTAN"))) for u in PACKAGE.units
), glossary=(KYIV, NATO))


def test_terms_cell_lists_source_and_target_only() -> None:
    table = open_docx(export_review_docx(WITH_GLOSSARY)).tables[0]
    assert [p.text for p in table.rows[2].cells[6].paragraphs] == ["Kyiv → Kyiv", "NATO → OTAN"]
    assert all(KYIV.note not in row.cells[6].text for row in table.rows)


def test_glossary_table_lists_each_concept_once_after_the_segments() -> None:
    document = open_docx(export_review_docx(WITH_GLOSSARY))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][-1] == "Glosario"
    glossary = document.tables[-1]
    assert len(document.tables) == 3
    assert [tuple(c.text for c in row.cells) for row in glossary.rows] == [
        ("Concepto", "Término de origen", "Término de destino", "Formas aceptadas", "Variantes prohibidas", "Nota"),
        ("kyiv", "Kyiv", "Kyiv", "Kíiv", "Kiev", "Ukrainian spelling; Kiev is the Russian one."),
        ("nato", "NATO", "OTAN", "", "NATO", "The alliance."),
    ]
    assert glossary.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_no_glossary_table_without_concepts() -> None:
    document = open_docx(export_review_docx(PACKAGE))
    assert "Glosario" not in [p.text for p in document.paragraphs]


def _drop_glossary_caption(document: Document) -> None:
    tbl_pr = document.tables[-1]._tbl.tblPr
    tbl_pr.remove(tbl_pr.find(qn("w:tblCaption")))


@pytest.mark.parametrize("change", [
    pytest.param(lambda document: None, id="as-exported"),
    pytest.param(_drop_glossary_caption, id="caption-dropped-by-an-editor"),
])
def test_import_passes_over_the_glossary_table(tmp_path: Path, change: Callable[[Document], None]) -> None:
    parsed = import_review_docx(edit(tmp_path, change, WITH_GLOSSARY), path=PATH)
    assert parsed.problems == ()
    assert parsed.package.units == tuple(traveled(u, line) for u, line in zip(PACKAGE.units, (2, 3, 4, 2)))
    assert parsed.package.articles == PACKAGE.articles


@pytest.mark.parametrize(("lang", "paper"), [
    pytest.param("es", (297, 210), id="es-spain-a4"),
    pytest.param("en", (279, 216), id="en-us-letter"),
    pytest.param("en-CA", (279, 216), id="en-CA-letter"),
    pytest.param("es-MX", (279, 216), id="es-MX-letter"),
    pytest.param("pt-BR", (297, 210), id="pt-BR-a4"),
    pytest.param("fr", (297, 210), id="fr-a4"),
])
def test_paper_follows_the_target_territory(lang: str, paper: tuple[int, int]) -> None:
    document = open_docx(export_review_docx(make_package(lang)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == paper
    text_width = section.page_width - section.left_margin - section.right_margin
    widths = [c.width for c in document.tables[0].columns]
    assert sum(widths) <= text_width


def test_columns_fit_their_content() -> None:
    widths = [c.width.mm for c in open_docx(export_review_docx(PACKAGE)).tables[0].columns]
    narrow, wide = (widths[0], widths[4]), (widths[1], widths[2], widths[3])
    assert max(narrow) < min(wide) and min(narrow) >= 15  # "approved" and a segment id fit on a line


UNKNOWN = Finding("unknown-word", Severity.MINOR, "Apertium (eng-spa) did not know “bloc”", "s1", "es")


@requires_soffice
def test_a_hundred_segments_print_on_at_most_twenty_pages(tmp_path: Path) -> None:
    """The example articles' first 100 sentences with Spanish-length drafts, a term in every third, a finding in
    every fourth (the demo's es drafts have about as many)."""
    articles = ("armenia-csto.md", "belarus-border.txt", "donbas-front.html")
    sources = [s.text for name in articles for s in segment_article(read_article(EXAMPLES / name))][:100]
    term = ("Collective Security Treaty Organization", "Organización del Tratado de Seguridad Colectiva")
    units = tuple(unit("example", f"s{index:011d}", text, text + " más", mt=text + " más",
                       term_pairs=(term,) if index % 3 == 0 else (),
                       findings=(UNKNOWN,) if index % 4 == 0 else ())
                  for index, text in enumerate(sources))
    long_note = "A concept note of a realistic length, saying which forms are accepted and why. " * 4
    glossary = tuple(ReviewConcept(f"concept-{n}", "Kyiv", "Kyiv", ("Kíiv",), ("Kiev",), long_note) for n in range(20))
    path = tmp_path / "review.docx"
    path.write_bytes(export_review_docx(ReviewPackage("en", "es", (), units, glossary=glossary)))
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True,
                   timeout=300)
    pages = len(re.findall(rb"/Type\s*/Page\b", (tmp_path / "review.pdf").read_bytes()))
    assert 0 < pages <= 20


@pytest.mark.parametrize(("lang", "source_lang"), [
    pytest.param("es", "en", id="es"),
    pytest.param("uk", "en", id="uk"),
    pytest.param("ar", "en", id="ar-rtl"),
    pytest.param("en", "he", id="he-source-rtl"),
])
def test_languages_on_cells(lang: str, source_lang: str) -> None:
    document = open_docx(export_review_docx(make_package(lang, source_lang)))
    defaults = document.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:lang')}")
    assert defaults.get(qn("w:val")) == lang
    assert document.core_properties.language == lang
    row = document.tables[0].rows[1]
    for cell, expected in ((row.cells[1], source_lang), (row.cells[2], lang), (row.cells[3], lang)):
        paragraph = cell.paragraphs[0]
        assert paragraph.runs and set(langs_of(paragraph)) == {expected}  # runs and the paragraph mark
        assert paragraph._p.pPr.find(f"{qn('w:rPr')}/{qn('w:lang')}") is not None
        rtl = expected in ("ar", "he")
        assert (paragraph._p.pPr.find(qn("w:bidi")) is not None) is rtl
        assert all(bool(run.font.rtl) is rtl for run in paragraph.runs)
        if rtl:
            assert {lang.get(qn("w:bidi")) for lang in paragraph._p.iter(qn("w:lang"))} == {expected}


def test_same_bytes_every_time() -> None:
    first = export_review_docx(PACKAGE)
    assert first == export_review_docx(make_package())
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert open_docx(first).core_properties.created.year == 2000


# -- display encoding -----------------------------------------------------------------------------


@pytest.mark.parametrize(("tagged", "shown"), [
    pytest.param("plain", "plain", id="plain"),
    pytest.param("<1>bold</1> text", "<1>bold</1> text", id="tags"),
    pytest.param("a &amp; b &gt; c &lt; d", "a & b > c < d", id="entities"),
    pytest.param("x &lt;1&gt; y", "x <<1> y", id="literal-tag-like"),
    pytest.param("&lt;/2&gt;", "<</2>", id="literal-closing-tag-like"),
    pytest.param("&lt;<1>a</1>", "<<<1>a</1>", id="literal-lt-before-tag"),
    pytest.param("&lt;&lt;", "<<<", id="two-literal-lt"),
    pytest.param("&amp;lt;", "&lt;", id="literal-entity-text"),
    pytest.param("&lt;b&gt;", "<b>", id="html-like-text"),
])
def test_display_encoding(tagged: str, shown: str) -> None:
    assert display_text(tagged) == shown
    assert tagged_text(shown) == tagged


# -- round trips ----------------------------------------------------------------------------------


def test_import_of_export_gives_the_units_back() -> None:
    parsed = import_review_docx(export_review_docx(PACKAGE), path=PATH)
    assert parsed.problems == ()
    assert parsed.package.units == tuple(traveled(u, line) for u, line in zip(PACKAGE.units, (2, 3, 4, 2)))
    assert (parsed.package.source_lang, parsed.package.lang) == ("en", "es")
    assert parsed.package.articles == PACKAGE.articles


@pytest.mark.parametrize("lang", [pytest.param(lang, id=lang) for lang in (*shipped_languages(), "de")])
def test_a_file_in_any_language_imports(lang: str, tmp_path: Path) -> None:
    """Headings, the article lines and the Status words are read in the language they were written in."""
    package = make_package(lang)

    def approve_last(document: Document) -> None:
        document.tables[-1].rows[-1].cells[4].text = pgettext(lang, "review status", "approved").upper()

    parsed = import_review_docx(edit(tmp_path, approve_last, package), path=PATH)
    assert parsed.problems == ()
    assert parsed.package.articles == package.articles
    assert [u.state for u in parsed.package.units] == [
        SegmentState.NEEDS_REVIEW, SegmentState.EDITED, SegmentState.APPROVED, SegmentState.APPROVED]


def test_a_file_with_english_headings_imports() -> None:
    """A Spanish review file written before its texts were translated (English headings, Status words, article
    lines, glossary table) reads back as it did."""
    data = (Path(__file__).parent / "data" / "review" / "en-es-english-headings.docx").read_bytes()
    document = open_docx(data)
    assert tuple(c.text for c in document.tables[0].rows[0].cells) == COLUMNS
    assert tuple(c.text for c in document.tables[-1].rows[0].cells) == GLOSSARY_COLUMNS
    parsed = import_review_docx(data, path=PATH)
    assert parsed.problems == ()
    assert [(a.slug, a.source_path) for a in parsed.package.articles] == [
        ("kyiv-summit", "articles/kyiv.md"), ("lviv-notes", "articles/lviv.md")]
    assert [(u.segment_id, u.state) for u in parsed.package.units] == [
        ("a1b2c3d4e5f6", SegmentState.NEEDS_REVIEW), ("b1b2c3d4e5f6", SegmentState.APPROVED),
        ("d1b2c3d4e5f6", SegmentState.EDITED)]


@pytest.mark.parametrize(("typed", "state"), [
    pytest.param("Modifie", SegmentState.EDITED, id="fr-without-accent"),
    pytest.param("محرر", SegmentState.EDITED, id="ar-without-vowel-marks"),
    pytest.param(" APROVAT ", SegmentState.APPROVED, id="ca-capitals-spaces"),
])
def test_a_status_word_typed_without_its_accents_reads(typed: str, state: SegmentState, tmp_path: Path) -> None:
    parsed = import_review_docx(edit(tmp_path, set_cell(1, 4, typed)), path=PATH)
    assert parsed.problems == () and parsed.package.units[0].state == state


def test_a_status_word_of_no_language_is_a_problem(tmp_path: Path) -> None:
    parsed = import_review_docx(edit(tmp_path, set_cell(1, 4, "genehmigt")), path=PATH)
    assert [p.message for p in parsed.problems] == [
        "table 1 ('Summit in Kyiv'), row 2: kyiv-summit/a1b2c3d4e5f6: Status 'genehmigt' is not one of draft, edited, "
        "approved; not applied"]


def test_right_to_left_target_has_right_to_left_texts() -> None:
    document = open_docx(export_review_docx(make_package("ar")))
    title, languages, *instructions = document.paragraphs[:8]
    assert title.text == "مراجعة ثنائية اللغة: en → ar"
    for paragraph in (title, languages, *instructions):
        assert paragraph._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
        assert all(r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None for r in paragraph._p.iter(qn("w:r")))
    header = document.tables[0].rows[0].cells
    assert [c.text for c in header][3:5] == ["الترجمة", "الحالة"]
    assert header[3].paragraphs[0]._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
    assert set(langs_of(header[3])) == {"ar"}


@pytest.mark.parametrize(("id_line", "status", "state", "exported"), [

    pytest.param("r3 #deadbeefdeadbeef needs-review", "draft", SegmentState.NEEDS_REVIEW, SegmentState.NEEDS_REVIEW,
                 id="draft-left-as-exported-is-the-recorded-state"),
    pytest.param("r3 #deadbeefdeadbeef mt-draft", "draft", SegmentState.MT_DRAFT, SegmentState.MT_DRAFT,
                 id="mt-draft"),
    pytest.param("r3 #deadbeefdeadbeef approved", "approved", SegmentState.APPROVED, SegmentState.APPROVED,
                 id="approved-left-as-exported"),
    pytest.param("r3 #deadbeefdeadbeef approved", "draft", SegmentState.MT_DRAFT, SegmentState.APPROVED,
                 id="approved-set-to-draft"),
    pytest.param("r3 #deadbeefdeadbeef edited", "approved", SegmentState.APPROVED, SegmentState.EDITED,
                 id="edited-set-to-approved"),
    pytest.param("r3 #deadbeefdeadbeef", "draft", SegmentState.MT_DRAFT, None, id="older-file-without-state"),
    pytest.param("r3 #deadbeefdeadbeef", "approved", SegmentState.APPROVED, None, id="older-file-approved"),
])
def test_the_state_at_export_is_read_from_the_id_cell(
    tmp_path: Path, id_line: str, status: str, state: SegmentState, exported: SegmentState | None
) -> None:
    def change(document: Document) -> None:
        row = document.tables[0].rows[1]
        row.cells[0].paragraphs[1].text = id_line
        row.cells[4].text = status

    first = import_review_docx(edit(tmp_path, change), path=PATH).package.units[0]
    assert (first.state, first.exported_state) == (state, exported)


def test_edited_translation_and_status_come_back(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        row = document.tables[0].rows[1]
        row.cells[3].text = "La <1>cumbre</1> de Kyiv & Lviv <<2> hoy."
        row.cells[4].text = " Approved "
        row.cells[5].text = "fixed the term"

    parsed = import_review_docx(edit(tmp_path, change), path=PATH)
    first = parsed.package.units[0]
    assert first.target == "La <1>cumbre</1> de Kyiv &amp; Lviv &lt;2&gt; hoy."
    assert (first.state, first.comment) == (SegmentState.APPROVED, "fixed the term")
    assert parsed.package.units[1:] == import_review_docx(export_review_docx(PACKAGE), path=PATH).package.units[1:]


@pytest.mark.parametrize(("paragraphs", "expected"), [
    pytest.param(["La cumbre.", "Fin."], "La cumbre. Fin.", id="enter-joins-with-space"),
    pytest.param(["La cumbre.", ""], "La cumbre.", id="trailing-empty-paragraph"),
    pytest.param(["", "La cumbre."], "La cumbre.", id="leading-empty-paragraph"),
    pytest.param(["a\tb\nc"], "a\tb\nc", id="tab-and-line-break-kept"),
])
def test_paragraphs_of_a_translation_cell(tmp_path: Path, paragraphs: list[str], expected: str) -> None:
    def change(document: Document) -> None:
        cell = document.tables[0].rows[1].cells[3]
        cell.text = paragraphs[0]
        for text in paragraphs[1:]:
            cell.add_paragraph(text)

    assert import_review_docx(edit(tmp_path, change), path=PATH).package.units[0].target == expected


def test_tracked_changes_count_insertions_not_deletions(tmp_path: Path) -> None:
    def change(document: Document) -> None:
        paragraph = document.tables[0].rows[1].cells[3].paragraphs[0]
        for kind, text_tag, text in (("w:del", "w:delText", " en Kyiv y Lviv."), ("w:ins", "w:t", " hoy.")):
            wrapper = OxmlElement(kind, {qn("w:id"): "1", qn("w:author"): "Ana"})
            run, t = OxmlElement("w:r"), OxmlElement(text_tag)
            t.text = text
            run.append(t)
            wrapper.append(run)
            paragraph._p.append(wrapper)

    # the deleted text is a second copy after the exported runs: it must not count
    assert import_review_docx(edit(tmp_path, change), path=PATH).package.units[0].target == (
        "La <1>cumbre</1> en Kyiv y Lviv. hoy.")


_XML_SAFE = st.characters(blacklist_categories=("Cs",), blacklist_characters=(
    "".join(map(chr, range(0x20))).replace("\t", "").replace("\n", "") + "\ufffe\uffff"))
_PIECES = st.one_of(
    st.text(_XML_SAFE, max_size=12).map(escape),
    st.sampled_from(["<", ">", "&", '"', "'", "<1>", "</1>", "<<", "</", "مرحبا", "שָׁלוֹם", "e\u0301", "👩🏽‍🚀",
                     "\u200f", " ", "\t", "\n"]).map(escape),
    st.integers(1, 12).map(lambda n: f"<{n}>"),
    st.integers(1, 12).map(lambda n: f"</{n}>"),
)
_TAGGED = st.lists(_PIECES, max_size=8).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tagged=_TAGGED)
def test_any_translation_typed_in_word_round_trips(tagged: str) -> None:
    document = open_docx(export_review_docx(PACKAGE))
    document.tables[1].rows[1].cells[3].text = display_text(tagged)
    buffer = io.BytesIO()
    document.save(buffer)
    assert import_review_docx(buffer.getvalue(), path=PATH).package.units[-1].target == tagged


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=_TAGGED, source=_TAGGED, comment=st.text(_XML_SAFE, max_size=20))
def test_any_unit_text_survives_export_and_import(target: str, source: str, comment: str) -> None:
    package = ReviewPackage("en", "ar", (), (unit("a", "s1", source, target, mt=target, comment=comment),))
    (back,) = import_review_docx(export_review_docx(package), path=PATH).package.units
    assert (back.source, back.target, back.mt) == (source, target, target)
    assert back.comment == comment


# -- QA findings in the Comment cell --------------------------------------------------------------


COMMENTED = dataclasses.replace(PACKAGE, units=(*PACKAGE.units[:2], dataclasses.replace(
    PACKAGE.units[2], findings=(SPACING,)), *PACKAGE.units[3:]))
"""PACKAGE with findings on a row with a translator's comment too (row 3 of the first table)."""
COMMENTS = ("", "", "checked\nby Ana", "")


def comment_cell(document: Document, row: int = 3) -> _Cell:
    return document.tables[0].rows[row].cells[5]


def test_findings_follow_the_comment_in_their_style() -> None:
    document = open_docx(export_review_docx(COMMENTED))
    cell = comment_cell(document)
    assert [p.text for p in cell.paragraphs] == ["checked\nby Ana", "auto-fix: spacing: “Kiev .” → “Kiev.”"]
    assert [run.style.name for p in cell.paragraphs for run in p.runs] == ["Default Paragraph Font", FINDING_STYLE]
    style = document.styles[FINDING_STYLE]
    assert (style.font.italic, style.font.color.rgb, style.font.size.pt) == (True, RGBColor(0x80, 0x80, 0x80), 7.5)


@pytest.mark.parametrize(("lang", "said"), [
    pytest.param("es", "encima de los avisos del control de calidad en gris (la importación no los tiene en cuenta)",
                 id="es"),
    pytest.param("de", "above the grey QA findings (import leaves those out)", id="de-no-catalog-english"),
])
def test_header_says_what_the_grey_lines_are(lang: str, said: str) -> None:
    package = dataclasses.replace(PACKAGE, lang=lang)
    text = "\n".join(p.text for p in open_docx(export_review_docx(package)).paragraphs)
    assert said in text


def add_before_findings(document: Document) -> None:
    comment_cell(document, 1).paragraphs[0].insert_paragraph_before("see the term")


def add_after_findings(document: Document) -> None:
    comment_cell(document, 1).add_paragraph("see the term")


def delete_a_finding(document: Document) -> None:
    paragraph = comment_cell(document, 1).paragraphs[0]._p
    paragraph.getparent().remove(paragraph)


@pytest.mark.parametrize(("change", "comments"), [
    pytest.param(lambda document: None, COMMENTS, id="left-as-exported"),
    pytest.param(add_before_findings, ("see the term", *COMMENTS[1:]), id="comment-typed-above-the-findings"),
    pytest.param(add_after_findings, ("see the term", *COMMENTS[1:]), id="comment-typed-below-the-findings"),
    pytest.param(delete_a_finding, COMMENTS, id="a-finding-deleted"),
])
def test_import_leaves_the_findings_out(tmp_path: Path, change: Callable[[Document], None],
                                        comments: tuple[str, ...]) -> None:
    parsed = import_review_docx(edit(tmp_path, change, COMMENTED), path=PATH)
    assert parsed.problems == ()
    assert tuple(u.comment for u in parsed.package.units) == comments


def test_a_file_written_before_findings_moved_imports_its_comment() -> None:
    """Written by the exporter that listed findings in the Terms cell (tests/data/review-docx)."""
    parsed = import_review_docx((DATA / "written-before-findings.docx").read_bytes(), path=PATH)
    assert parsed.problems == ()
    assert [(u.segment_id, u.comment, u.target) for u in parsed.package.units] == [
        ("a1b2c3d4e5f6", "checked by Ana", "La cumbre en Kyiv.")]


@requires_soffice
def test_a_file_saved_by_libreoffice_keeps_comments_without_findings(tmp_path: Path) -> None:
    """LibreOffice renames the style's id (translateQAfinding -> TranslateQAfinding); its name stays."""
    path = tmp_path / "review.docx"
    path.write_bytes(export_review_docx(COMMENTED))
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "saved"), str(path)],
                   check=True, capture_output=True, timeout=300)
    saved = (tmp_path / "saved" / "review.docx").read_bytes()
    assert "auto-fix: spacing" in "\n".join(c.text for c in open_docx(saved).tables[0].columns[5].cells)
    parsed = import_review_docx(saved, path=PATH)
    assert parsed.problems == ()
    assert tuple(u.comment for u in parsed.package.units) == COMMENTS


# -- damaged tables and files ---------------------------------------------------------------------


def delete_row(document: Document) -> None:
    tr = document.tables[0].rows[2]._tr
    tr.getparent().remove(tr)


def swap_rows(document: Document) -> None:
    rows = document.tables[0]._tbl.tr_lst
    rows[1].addprevious(rows[2])


def test_deleted_row_is_simply_absent(tmp_path: Path) -> None:
    parsed = import_review_docx(edit(tmp_path, delete_row), path=PATH)
    assert parsed.problems == ()
    assert [u.segment_id for u in parsed.package.units] == ["a1b2c3d4e5f6", "c1b2c3d4e5f6", "d1b2c3d4e5f6"]
    assert [u.line for u in parsed.package.units] == [2, 3, 2]


def test_swapped_rows_come_back_in_file_order(tmp_path: Path) -> None:
    parsed = import_review_docx(edit(tmp_path, swap_rows), path=PATH)
    assert parsed.problems == ()
    units = parsed.package.units
    assert [(u.segment_id, u.line) for u in units[:2]] == [("b1b2c3d4e5f6", 2), ("a1b2c3d4e5f6", 3)]
    assert units[1] == traveled(PACKAGE.units[0], 3)


def table0(change: Callable[[Table], None]) -> Callable[[Document], None]:
    return lambda document: change(document.tables[0])


def set_cell(row: int, column: int, text: str) -> Callable[[Document], None]:
    return table0(lambda table: setattr(table.rows[row].cells[column], "text", text))


def merge_across(table: Table) -> None:
    table.cell(1, 1).merge(table.cell(1, 2))


def merge_down(table: Table) -> None:
    table.cell(1, 5).merge(table.cell(2, 5))


def add_blank_row(table: Table) -> None:
    table.add_row()


A1, B1 = "a1b2c3d4e5f6", "b1b2c3d4e5f6"


@pytest.mark.parametrize(("change", "problems", "gone"), [
    pytest.param(table0(merge_across), [(A1, 2, "merged")], {A1}, id="merged-across"),
    pytest.param(table0(merge_down), [(A1, 2, "merged"), (B1, 3, "merged")], {A1, B1}, id="merged-down"),
    pytest.param(set_cell(2, 4, "done"), [(B1, 3, "draft, edited, approved")], {B1}, id="bad-status"),
    pytest.param(set_cell(2, 4, ""), [(B1, 3, "not one of")], {B1}, id="empty-status"),
    pytest.param(set_cell(2, 0, "row two"), [(None, 3, "ID cell")], {B1}, id="unreadable-id"),
    pytest.param(set_cell(2, 0, ""), [(None, 3, "ID cell")], {B1}, id="empty-id"),
    pytest.param(table0(add_blank_row), [], set(), id="blank-row-ignored"),
])
def test_damaged_rows_are_problems_of_their_units(
    tmp_path: Path, change: Callable[[Document], None], problems: list[tuple[str | None, int, str]], gone: set[str]
) -> None:
    parsed = import_review_docx(edit(tmp_path, change), path=PATH)
    assert [(p.segment_id, p.line) for p in parsed.problems] == [(sid, line) for sid, line, _ in problems]
    for problem, (_, line, words) in zip(parsed.problems, problems):
        assert words in problem.message and f"row {line}" in problem.message
    kept = [u.segment_id for u in PACKAGE.units if u.segment_id not in gone]
    assert [u.segment_id for u in parsed.package.units] == kept


def remove_tables(document: Document) -> None:
    for table in document.tables:
        table._tbl.getparent().remove(table._tbl)


def clear_languages(document: Document) -> None:
    document.core_properties.keywords = ""
    for paragraph in document.paragraphs:
        if paragraph.text.startswith(("Source language", "Idioma de origen")):
            paragraph.text = "Languages were here."


@pytest.mark.parametrize(("change", "words"), [
    pytest.param(table0(lambda t: t.add_column(Cm(2))), "table 1 ('Summit in Kyiv')", id="column-added"),
    pytest.param(set_cell(0, 3, "Target"), "Target", id="header-renamed"),
    pytest.param(table0(lambda t: t.rows[0].cells[6]._tc.getparent().remove(t.rows[0].cells[6]._tc)), "ID",
                 id="header-cell-removed"),
    pytest.param(remove_tables, "no review table", id="no-table"),
    pytest.param(clear_languages, "languages", id="no-languages"),
])
def test_unsound_documents_are_refused(tmp_path: Path, change: Callable[[Document], None], words: str) -> None:
    with pytest.raises(ReviewError) as raised:
        import_review_docx(edit(tmp_path, change), path=PATH)
    assert words in str(raised.value) and raised.value.path == PATH


def zip_of(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "words"), [
    pytest.param(b"ID\tSource\tTranslation\n", "not a Word document", id="not-a-zip"),
    pytest.param(b"", "not a Word document", id="empty"),
    pytest.param(export_review_docx(PACKAGE)[:5000], "truncated", id="truncated-zip"),
    pytest.param(zip_of(**{"notes.txt": b"hello"}), "not a Word document", id="zip-not-docx"),
    pytest.param(zip_of(**{"../evil.xml": b"x"}), "unsafe member name", id="traversal"),
])
def test_files_that_are_not_review_documents(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(data)
    with pytest.raises(ReviewError) as raised:
        import_review_docx(path.read_bytes(), path=path)
    assert words in str(raised.value) and raised.value.hint


def test_damaged_member_is_refused() -> None:
    data = bytearray(export_review_docx(PACKAGE))
    start = data.index(b"word/document.xml") + len("word/document.xml") + 40  # inside the compressed data
    data[start : start + 20] = bytes(20)
    with pytest.raises(ReviewError, match="damaged|CRC|Bad"):
        import_review_docx(bytes(data), path=PATH)
