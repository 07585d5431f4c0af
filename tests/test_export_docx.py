"""DOCX export: styles, runs, links, language, RTL, draft notice, metadata, reproducible bytes."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export_helpers import block, link, make_article
from translate.errors import ExportError
from translate.export.docx import CORE_PROPERTY_MAX, core_property_text, render_docx
from translate.model import Block, BlockKind, Mark, MarkKind, Run, TranslatedArticle

EM = Mark(MarkKind.EMPHASIS)
STRONG = Mark(MarkKind.STRONG)
CODE = Mark(MarkKind.CODE)


def open_docx(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def body_paragraphs(article: TranslatedArticle, **kwargs: object) -> list[Paragraph]:
    """The paragraphs after the title (and after the notice, on drafts)."""
    paragraphs = open_docx(render_docx(article, **kwargs)).paragraphs  # type: ignore[arg-type]
    return paragraphs[2:] if article.draft else paragraphs[1:]


SAMPLE = make_article(
    block(BlockKind.HEADING, "Sección", level=1),
    block(
        BlockKind.PARAGRAPH,
        Run("Texto "),
        Run("fuerte", frozenset({STRONG})),
        Run(" y "),
        Run("enfático", frozenset({EM})),
        Run(", "),
        Run("x = 1", frozenset({CODE})),
        Run(", "),
        Run("un ", frozenset({link("https://example.org/a?b=1&c=2")})),
        Run("enlace", frozenset({link("https://example.org/a?b=1&c=2"), STRONG})),
        Run("."),
    ),
    block(BlockKind.QUOTE, "Cita.", level=1),
    block(BlockKind.LIST_ITEM, "punto", level=1),
    block(BlockKind.LIST_ITEM, "número", level=1, ordered=True),
    draft=True,
)


@pytest.mark.parametrize(
    ("body", "style"),
    [
        pytest.param(block(BlockKind.PARAGRAPH, "p"), "Normal", id="paragraph"),
        pytest.param(block(BlockKind.QUOTE, "q", level=1), "Quote", id="quote"),
        pytest.param(block(BlockKind.HEADING, "h", level=1), "Heading 1", id="heading-1"),
        pytest.param(block(BlockKind.HEADING, "h", level=4), "Heading 4", id="heading-4"),
        pytest.param(block(BlockKind.HEADING, "h", level=12), "Heading 9", id="heading-capped"),
        pytest.param(block(BlockKind.LIST_ITEM, "l", level=1), "List Bullet", id="bullet"),
        pytest.param(block(BlockKind.LIST_ITEM, "l", level=2), "List Bullet 2", id="bullet-2"),
        pytest.param(block(BlockKind.LIST_ITEM, "l", level=5), "List Bullet 3", id="bullet-capped"),
        pytest.param(
            block(BlockKind.LIST_ITEM, "l", level=1, ordered=True), "List Number", id="number"
        ),
        pytest.param(
            block(BlockKind.LIST_ITEM, "l", level=3, ordered=True), "List Number 3", id="number-3"
        ),
    ],
)
def test_block_styles(body: Block, style: str) -> None:
    paragraphs = open_docx(render_docx(make_article(body))).paragraphs
    assert [p.style.name for p in paragraphs] == ["Title", style]
    assert paragraphs[0].text == "Título de prueba"
    assert paragraphs[1].text == body.text


def test_run_formatting() -> None:
    paragraph = body_paragraphs(SAMPLE)[1]
    runs = {run.text: run for run in paragraph.runs}
    assert runs["fuerte"].bold and not runs["fuerte"].italic
    assert runs["enfático"].italic and not runs["enfático"].bold
    assert runs["x = 1"].font.name == "Courier New"
    assert not runs["Texto "].bold and not runs["Texto "].italic
    assert paragraph.text == "Texto fuerte y enfático, x = 1, un enlace."


def test_hyperlink() -> None:
    paragraph = body_paragraphs(SAMPLE)[1]
    (hyperlink,) = paragraph.hyperlinks
    assert hyperlink.address == "https://example.org/a?b=1&c=2"
    assert hyperlink.text == "un enlace"
    bold = [run.bold for run in hyperlink.runs]
    assert bold == [None, True]
    for run in hyperlink.runs:
        assert run.underline
        assert str(run.font.color.rgb) == "0563C1"


def test_fragment_link_is_an_anchor() -> None:
    (paragraph,) = body_paragraphs(
        make_article(block(BlockKind.PARAGRAPH, Run("arriba", frozenset({link("#inicio")}))))
    )
    (hyperlink,) = paragraph.hyperlinks
    assert hyperlink.address == ""
    assert hyperlink.fragment == "inicio"


@pytest.mark.parametrize(
    "href",
    [
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param(" JaVaScRiPt:alert(1)", id="javascript-obfuscated"),
        pytest.param("java\tscript:alert(1)", id="javascript-tab"),
        pytest.param("vbscript:msgbox(1)", id="vbscript"),
        pytest.param("data:text/html,<script>alert(1)</script>", id="data"),
    ],
)
def test_unsafe_link_keeps_text_only(href: str) -> None:
    (paragraph,) = body_paragraphs(
        make_article(block(BlockKind.PARAGRAPH, "Pulse ", Run("aquí", frozenset({link(href)}))))
    )
    assert paragraph.hyperlinks == []
    assert paragraph.text == "Pulse aquí"


def run_elements(document: Document) -> list:
    return [r for p in document.paragraphs for r in p._p.iter(qn("w:r"))]


@pytest.mark.parametrize("lang", [pytest.param("es", id="es"), pytest.param("pt-BR", id="pt-BR")])
def test_language_on_runs_and_defaults(lang: str) -> None:
    document = open_docx(render_docx(make_article(*SAMPLE.blocks[1:], lang=lang, draft=True)))
    notice, *article = document.paragraphs
    for paragraph in article:
        for r in paragraph._p.iter(qn("w:r")):
            assert r.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == lang
    for r in notice._p.iter(qn("w:r")):  # the notice is in the article's language (its catalog: pt for pt-BR)
        assert r.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == lang
    defaults = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert defaults.get(qn("w:val")) == lang


RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color",
    "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd",
    "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
]  # fmt: skip
PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
]  # fmt: skip


@pytest.mark.parametrize("lang", [pytest.param("es", id="es"), pytest.param("ar", id="ar")])
def test_properties_in_schema_order(lang: str) -> None:
    document = open_docx(render_docx(make_article(*SAMPLE.blocks[1:], lang=lang, draft=True)))
    for tag, order in ((qn("w:rPr"), RPR_ORDER), (qn("w:pPr"), PPR_ORDER)):
        for props in document.element.body.iter(tag):
            names = [child.tag.split("}")[1] for child in props]
            positions = [order.index(name) for name in names]
            assert positions == sorted(positions), names


def test_rtl_language() -> None:
    document = open_docx(render_docx(make_article(*SAMPLE.blocks[1:], lang="ar", draft=True)))
    notice, *article = document.paragraphs
    assert article
    for paragraph in article:
        assert paragraph._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
        for r in paragraph._p.iter(qn("w:r")):
            assert r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None
            assert r.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:bidi")) == "ar"
    assert notice._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None, "the notice is Arabic, right to left"
    assert "مسودة ترجمة آلية" in notice.text
    for r in notice._p.iter(qn("w:r")):
        assert r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None
        assert r.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:bidi")) == "ar"


def test_ltr_language_has_no_rtl_markup() -> None:
    data = render_docx(make_article(*SAMPLE.blocks[1:], lang="es"))
    body = open_docx(data).element.body
    assert list(body.iter(qn("w:bidi"))) == []
    assert list(body.iter(qn("w:rtl"))) == []


def test_draft_notice() -> None:
    first, title, *_ = open_docx(render_docx(SAMPLE)).paragraphs
    words = " ".join(first.text.split()).lower()
    assert "borrador de traducción automática sin revisar" in words  # SAMPLE is Spanish: so is its notice
    assert "posedición" in words and "no debe publicarse" in words
    assert all(run.bold for run in first.runs)
    assert first._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None
    assert title.style.name == "Title"


def test_draft_notice_without_a_catalog_is_english() -> None:
    first = open_docx(render_docx(make_article(*SAMPLE.blocks[1:], lang="de", draft=True))).paragraphs[0]
    assert first.text.startswith("UNREVIEWED MACHINE TRANSLATION DRAFT\nThis text was translated by machine")
    assert {r.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) for r in first._p.iter(qn("w:r"))} == {"en-US"}


def test_release_has_no_notice() -> None:
    paragraphs = open_docx(render_docx(make_article(draft=False))).paragraphs
    assert paragraphs[0].style.name == "Title"
    assert all("machine translation" not in p.text.lower() for p in paragraphs)


@pytest.mark.parametrize(
    ("when", "author", "created"),
    [
        pytest.param(date(2022, 11, 24), "Ana Pérez", datetime(2022, 11, 24), id="dated"),
        pytest.param(None, None, datetime(2000, 1, 1), id="undated-anonymous"),
    ],
)
def test_core_properties(when: date | None, author: str | None, created: datetime) -> None:
    props = open_docx(render_docx(make_article(when=when, author=author))).core_properties
    assert props.title == "Título de prueba"
    assert props.language == "es"
    assert props.author == (author or "")
    expected = created.replace(tzinfo=timezone.utc)
    assert props.created == expected and props.modified == expected
    assert props.last_modified_by == "translate"
    assert props.revision == 1
    assert props.comments == ""


def test_numbered_lists_restart() -> None:
    paragraphs = body_paragraphs(
        make_article(
            block(BlockKind.LIST_ITEM, "uno", level=1, ordered=True),
            block(BlockKind.LIST_ITEM, "dos", level=1, ordered=True),
            block(BlockKind.PARAGRAPH, "entre"),
            block(BlockKind.LIST_ITEM, "uno otra vez", level=1, ordered=True),
        )
    )

    def num_id(paragraph: Paragraph) -> str | None:
        found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        return None if found is None else found.get(qn("w:val"))

    first, second, _, third = (num_id(p) for p in paragraphs)
    assert first is not None and first == second
    assert third is not None and third != first


def test_deterministic_bytes() -> None:
    first = render_docx(SAMPLE)
    assert first == render_docx(SAMPLE)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
        assert archive.testzip() is None
    assert infos[0].filename == "[Content_Types].xml"
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.compress_type == zipfile.ZIP_DEFLATED


def test_xml_illegal_characters_are_dropped() -> None:
    (paragraph,) = body_paragraphs(make_article(block(BlockKind.PARAGRAPH, "a\x00b\x0bc\ufffed")))
    assert paragraph.text == "abcd"


def test_reference_styles_are_used(tmp_path: Path) -> None:
    reference = docx.Document()
    reference.styles["Normal"].font.name = "Georgia"
    reference.add_paragraph("Texto de la plantilla que no debe aparecer")
    path = tmp_path / "reference.docx"
    reference.save(str(path))
    article = make_article(block(BlockKind.PARAGRAPH, "Hola"))
    document = open_docx(render_docx(article, reference=path))
    assert [p.text for p in document.paragraphs] == ["Título de prueba", "Hola"]
    assert document.styles["Normal"].font.name == "Georgia"


@pytest.mark.parametrize(("lang", "paper"), [
    pytest.param("es", (210, 297), id="es-spain-a4"),
    pytest.param("en", (216, 279), id="en-us-letter"),
    pytest.param("en-CA", (216, 279), id="en-CA-letter"),
    pytest.param("pt-BR", (210, 297), id="pt-BR-a4"),
    pytest.param("fr", (210, 297), id="fr-a4"),
])
def test_paper_follows_the_territory(lang: str, paper: tuple[int, int]) -> None:
    section = open_docx(render_docx(make_article(block(BlockKind.PARAGRAPH, "x"), lang=lang))).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == paper


def test_paper_keeps_the_reference_orientation_and_margins(tmp_path: Path) -> None:
    reference = docx.Document()
    section = reference.sections[0]
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = Mm(40)
    path = tmp_path / "reference.docx"
    reference.save(str(path))
    section = open_docx(render_docx(make_article(lang="es"), reference=path)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm), round(section.left_margin.mm)) == (
        297, 210, 40)


def test_reference_missing_style(tmp_path: Path) -> None:
    reference = docx.Document()
    quote = reference.styles["Quote"].element
    quote.getparent().remove(quote)
    path = tmp_path / "reference.docx"
    reference.save(str(path))
    with pytest.raises(ExportError) as caught:
        render_docx(make_article(block(BlockKind.QUOTE, "Cita", level=1)), reference=path)
    assert caught.value.path == path
    assert "'Quote'" in str(caught.value)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"not a zip at all", id="not-a-zip"),
        pytest.param(None, id="missing"),
    ],
)
def test_reference_unreadable(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "reference.docx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ExportError) as caught:
        render_docx(make_article(), reference=path)
    assert caught.value.path == path


# XML 1.0 Char: everything but C0 controls other than tab, LF and CR, surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SPECIAL = [*"<>&\"'\t\n\r ", "]]>", "مرحبا بالعالم", "שלום", "👩‍👩‍👧", "e\u0301", "\u200f", "  "]
xml_char = st.characters(exclude_categories=("Cs",)).filter(lambda c: not _NOT_XML.match(c))
xml_text = st.lists(st.one_of(st.text(xml_char, max_size=12), st.sampled_from(SPECIAL)), max_size=6)


@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    pieces=st.lists(st.tuples(xml_text.map("".join), st.booleans()), min_size=1, max_size=4),
    lang=st.sampled_from(["es", "ar"]),
)
def test_text_round_trips(pieces: list[tuple[str, bool]], lang: str) -> None:
    runs = tuple(Run(text, frozenset({STRONG}) if bold else frozenset()) for text, bold in pieces)
    article = make_article(Block(BlockKind.PARAGRAPH, runs), lang=lang)
    (paragraph,) = body_paragraphs(article)
    assert [run.text for run in paragraph.runs] == [text for text, _ in pieces]


# ---- core properties: at most 255 characters, as python-docx and Word take them ----

@pytest.mark.parametrize(("title", "expected"), [
    pytest.param("a" * 255, "a" * 255, id="exactly-255"),
    pytest.param("a" * 300, "a" * 254 + "…", id="300-characters"),
    pytest.param("a " * 150, ("a " * 127).rstrip() + "…", id="no-space-before-the-ellipsis"),
    pytest.param("a" * 253 + "e\u0301" + "b" * 10, "a" * 253 + "…", id="accent-not-split-from-its-letter"),
    pytest.param("a" * 250 + "👩\u200d👩\u200d👧" + "b", "a" * 250 + "…", id="emoji-sequence-not-split"),
])
def test_core_property_is_cut_at_a_grapheme_boundary(title: str, expected: str) -> None:
    assert core_property_text(title) == expected
    assert len(expected) <= CORE_PROPERTY_MAX


def test_long_title_and_author_fit_the_core_properties() -> None:
    """python-docx raised ValueError: exceeded 255 char limit for property; the text keeps the whole title."""
    title, author = "Título " * 50, "Ana Pérez, " * 40
    document = open_docx(render_docx(make_article(title=title, author=author)))
    props = document.core_properties
    for value, whole in ((props.title, title), (props.author, author)):
        assert len(value) <= CORE_PROPERTY_MAX and value.endswith("…") and whole.startswith(value[:-1])
    assert document.paragraphs[0].text == title
