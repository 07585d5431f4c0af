"""Markdown export: front matter read back by the project's YAML loader, escaping checked by markdown-it, blocks
and text kept through the project's own Markdown reader."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from export_helpers import block, link, make_article
from translate import yamlsafe
from translate.export.markdown import front_matter, notice, render_markdown, runs_to_markdown
from translate.ingest import read_article
from translate.ingest.markdown import split_front_matter
from translate.inline import normalize_runs
from translate.model import Article, Block, BlockKind, Mark, MarkKind, Run

EM = Mark(MarkKind.EMPHASIS)
STRONG = Mark(MarkKind.STRONG)
CODE = Mark(MarkKind.CODE)
MARKDOWN_IT = MarkdownIt("commonmark").enable(["table", "strikethrough"])  # GitHub's extensions, as Hugo reads


def read_back(tmp_path: Path, data: bytes) -> Article:
    path = tmp_path / "page.md"
    path.write_bytes(data)
    return read_article(path, source_lang="en")


def shape(blocks: tuple[Block, ...] | list[Block]) -> list[tuple[object, ...]]:
    """What a round trip must keep of blocks: kind, level, list kind, runs (merged, whitespace collapsed)."""
    return [(b.kind, b.level, b.ordered, tuple((r.text, r.marks) for r in normalize_runs(b.runs))) for b in blocks]


def inline_tokens(markdown: str) -> list[str]:
    """The types of markdown-it's inline tokens in ``markdown`` (a single paragraph)."""
    tokens = MARKDOWN_IT.parse(markdown)
    return [child.type for token in tokens if token.type == "inline" for child in token.children or []]


STRUCTURE = (
    block(BlockKind.HEADING, "Un ", Run("subtítulo", frozenset({EM})), level=2),
    block(BlockKind.PARAGRAPH, "Texto con ", Run("negrita", frozenset({STRONG})), ", ",
          Run("cursiva", frozenset({EM})), ", ", Run("x = 1", frozenset({CODE})), " y ",
          Run("un enlace", frozenset({link("https://example.org/a")})), "."),
    block(BlockKind.HEADING, "Tercer nivel", level=3),
    block(BlockKind.QUOTE, "Primera cita.", level=1),
    block(BlockKind.QUOTE, "Segundo párrafo de la cita.", level=1),
    block(BlockKind.QUOTE, "Una cita dentro.", level=2),
    block(BlockKind.PARAGRAPH, "Entre bloques."),
    block(BlockKind.LIST_ITEM, "uno", level=1),
    block(BlockKind.LIST_ITEM, "dos", level=1),
    block(BlockKind.LIST_ITEM, "primero", level=2, ordered=True),
    block(BlockKind.LIST_ITEM, "segundo", level=2, ordered=True),
    block(BlockKind.LIST_ITEM, "hondo", level=3),
    block(BlockKind.LIST_ITEM, "tres", level=1),
    block(BlockKind.LIST_ITEM, "numerado", level=1, ordered=True),
    block(BlockKind.PARAGRAPH, "Fin."),
)


def test_round_trip_keeps_blocks_and_text(tmp_path: Path) -> None:
    article = make_article(*STRUCTURE)
    back = read_back(tmp_path, render_markdown(article))
    assert shape(back.blocks[1:]) == shape(STRUCTURE)
    assert back.meta.title == "Título de prueba" and back.meta.slug == "prueba"
    assert back.meta.date == date(2022, 11, 24) and back.meta.author == "Ana Pérez" and back.meta.source_lang == "es"


def test_structure_as_markdown() -> None:
    text = render_markdown(make_article(*STRUCTURE)).decode()
    body = text.split("---\n", 2)[2]
    assert body == (
        "\n## Un *subtítulo*\n\n"
        "Texto con **negrita**, *cursiva*, `x = 1` y [un enlace](https://example.org/a).\n\n"
        "### Tercer nivel\n\n"
        "> Primera cita.\n>\n> Segundo párrafo de la cita.\n>\n> > Una cita dentro.\n\n"
        "Entre bloques.\n\n"
        "- uno\n- dos\n  1. primero\n  2. segundo\n     - hondo\n- tres\n1. numerado\n\n"
        "Fin.\n"
    )


@pytest.mark.parametrize("draft, release, flags", [
    pytest.param(True, False, {"draft": True, "unreviewed": True}, id="draft"),
    pytest.param(True, True, {"unreviewed": True}, id="release-unreviewed"),
    pytest.param(False, True, {}, id="release-approved"),
])
def test_front_matter_keys(draft: bool, release: bool, flags: dict[str, bool]) -> None:
    article = make_article(block(BlockKind.PARAGRAPH, "Texto."), draft=draft)
    data = yamlsafe.load(front_matter(article, release=release).strip("-\n"))
    assert data == {"title": "Título de prueba", "date": date(2022, 11, 24), "lang": "es", "slug": "prueba",
                    "translationKey": "prueba", "author": "Ana Pérez", **flags}


def test_front_matter_leaves_out_what_is_unknown() -> None:
    article = make_article(block(BlockKind.PARAGRAPH, "Texto."), when=None, author=None)
    assert yamlsafe.load(front_matter(article).strip("-\n")) == {
        "title": "Título de prueba", "lang": "es", "slug": "prueba", "translationKey": "prueba"}


def test_translation_key_is_the_same_in_every_language() -> None:
    keys = {yamlsafe.load(front_matter(make_article(lang=lang)).strip("-\n"))["translationKey"]
            for lang in ("es", "ca", "ar")}
    assert keys == {"prueba"}


@pytest.mark.parametrize("title", [
    pytest.param("yes", id="yaml-1.1-bool"),
    pytest.param("no", id="yaml-1.1-false"),
    pytest.param("null", id="null"),
    pytest.param("~", id="tilde-null"),
    pytest.param(": x", id="colon-first"),
    pytest.param("a: b", id="colon-inside"),
    pytest.param("#tag", id="comment-sign"),
    pytest.param("a #b", id="comment-after-space"),
    pytest.param("- a", id="sequence-dash"),
    pytest.param("2022-11-24", id="looks-like-a-date"),
    pytest.param("1e3", id="looks-like-a-float"),
    pytest.param("0o17", id="looks-like-octal"),
    pytest.param('"quoted" and \'single\'', id="quotes"),
    pytest.param("back\\slash", id="backslash"),
    pytest.param("&anchor *alias !tag", id="yaml-indicators"),
    pytest.param("byte\ufefforder mark", id="bom-inside"),
    pytest.param("\u202eoverride", id="bidi-override"),
    pytest.param("Кремль · 東京 · العربية", id="non-latin"),
    pytest.param("x" * 300, id="long"),
])
def test_front_matter_title_loads_back_as_the_same_string(title: str, tmp_path: Path) -> None:
    text = front_matter(make_article(title=title))
    assert yamlsafe.load(text.strip("-\n"))["title"] == title
    assert text.count("\n") == 8  # one line a key, nothing folded
    front, _ = split_front_matter(text, path=tmp_path / "page.md")
    assert front.data["title"] == title


@given(st.text(max_size=30))
def test_any_title_loads_back_as_itself(title: str) -> None:
    text = front_matter(make_article(title=title))
    assert yamlsafe.load(text.strip("-\n"))["title"] == " ".join(title.split())
    assert text.count("\n") == 8


@pytest.mark.parametrize("text", [
    pytest.param("2 * 3 * 4", id="asterisks"),
    pytest.param("*not emphasis*", id="asterisk-emphasis"),
    pytest.param("__not strong__ and snake_case_name", id="underscores"),
    pytest.param("# not a heading", id="hash-first"),
    pytest.param("a heading ends with #", id="hash-last"),
    pytest.param("[not a link](https://example.org)", id="brackets"),
    pytest.param("![not an image](x.png)", id="image"),
    pytest.param("`not code`", id="backticks"),
    pytest.param("<b>not html</b> <https://example.org>", id="angle-brackets"),
    pytest.param("&amp; &#123; &#x41; stay as written", id="entities"),
    pytest.param("AT&T", id="ampersand"),
    pytest.param("- not a list", id="dash-first"),
    pytest.param("+ not a list", id="plus-first"),
    pytest.param("1. not a list", id="number-dot-first"),
    pytest.param("2) not a list", id="number-paren-first"),
    pytest.param("> not a quote", id="angle-first"),
    pytest.param("---", id="thematic-break"),
    pytest.param("===", id="setext-underline"),
    pytest.param("a | b | c", id="table-pipes"),
    pytest.param("~~not struck~~", id="strikethrough"),
    pytest.param("back\\slash \\* and \\", id="backslashes"),
    pytest.param("    four spaces", id="indented"),
])
def test_text_does_not_become_markup(text: str, tmp_path: Path) -> None:
    markdown = runs_to_markdown((Run(text),))
    assert set(inline_tokens(markdown)) == {"text"}
    assert [t.type for t in MARKDOWN_IT.parse(markdown)] == ["paragraph_open", "inline", "paragraph_close"]
    back = read_back(tmp_path, render_markdown(make_article(block(BlockKind.PARAGRAPH, text))))
    assert back.blocks[1].text == " ".join(text.split())


@pytest.mark.parametrize("kind, level", [
    pytest.param(BlockKind.HEADING, 2, id="heading"),
    pytest.param(BlockKind.QUOTE, 1, id="quote"),
    pytest.param(BlockKind.LIST_ITEM, 1, id="list-item"),
])
@pytest.mark.parametrize("text", [
    pytest.param("- a", id="dash"), pytest.param("1. a", id="number"), pytest.param("> a", id="angle"),
    pytest.param("# a #", id="hashes"),
])
def test_text_in_other_blocks_does_not_become_markup(kind: BlockKind, level: int, text: str, tmp_path: Path) -> None:
    body = block(kind, text, level=level)
    back = read_back(tmp_path, render_markdown(make_article(body)))
    assert shape(back.blocks[1:]) == shape([body])


@given(st.text(alphabet=st.sampled_from("ab1 *_#[]()`<>&;!|~-+=.)\\:\"'é"), min_size=1, max_size=40))
def test_any_text_reads_back_as_itself(text: str) -> None:
    markdown = runs_to_markdown((Run(text),))
    tokens = MARKDOWN_IT.parse(markdown)
    if not text.strip():
        assert markdown == ""
        return
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert set(inline_tokens(markdown)) <= {"text"}
    assert "".join(c.content for c in tokens[1].children or []) == " ".join(text.split())


@pytest.mark.parametrize("runs, markdown", [
    pytest.param((Run("a"), Run(" b ", frozenset({EM})), Run("c")), "a *b* c", id="spaces-moved-out-of-emphasis"),
    pytest.param((Run("a"), Run(" ", frozenset({STRONG})), Run("b")), "a b", id="empty-strong-left-out"),
    pytest.param((Run("x", frozenset({EM, STRONG})),), "***x***", id="strong-emphasis"),
    pytest.param((Run("a`b", frozenset({CODE})),), "``a`b``", id="code-with-backtick"),
    pytest.param((Run("`a", frozenset({CODE})),), "`` `a ``", id="code-starting-with-backtick"),
    pytest.param((Run("*raw* <x>", frozenset({CODE})),), "`*raw* <x>`", id="code-not-escaped"),
    pytest.param((Run("clic", frozenset({link("javascript:alert(1)")})),), "clic", id="unsafe-link-as-text"),
    pytest.param((Run("a", frozenset({link("https://example.org/a b(c)")})),),
                 "[a](https://example.org/a%20b\\(c\\))", id="link-destination-escaped"),
    pytest.param((Run("[1]", frozenset({link("https://example.org")})),), "[\\[1\\]](https://example.org)",
                 id="brackets-in-link-text"),
    pytest.param((Run("¡Hola! Mira!"), Run("esto", frozenset({link("https://example.org")}))),
                 "¡Hola! Mira\\![esto](https://example.org)", id="bang-before-link-not-an-image"),
])
def test_inline_markup(runs: tuple[Run, ...], markdown: str) -> None:
    assert runs_to_markdown(runs) == markdown


def test_link_reads_back(tmp_path: Path) -> None:
    paragraph = block(BlockKind.PARAGRAPH, "Ver ", Run("la página (2)", frozenset({link("https://example.org/x_(y)")})))
    back = read_back(tmp_path, render_markdown(make_article(paragraph)))
    assert shape(back.blocks[1:]) == shape([paragraph])


@pytest.mark.parametrize("draft", [pytest.param(True, id="draft"), pytest.param(False, id="reviewed")])
def test_unreviewed_says_so_in_the_body(draft: bool, tmp_path: Path) -> None:
    data = render_markdown(make_article(block(BlockKind.PARAGRAPH, "Texto."), draft=draft))
    assert (f"> {notice('es')}\n" in data.decode()) is draft
    assert ("> **Borrador de traducción automática sin revisar.** Este texto" in data.decode()) is draft
    back = read_back(tmp_path, data)
    assert [b.kind for b in back.blocks[1:]] == [*([BlockKind.QUOTE] if draft else []), BlockKind.PARAGRAPH]


def test_same_article_same_bytes() -> None:
    article = make_article(*STRUCTURE, draft=True)
    assert render_markdown(article) == render_markdown(article)
    assert render_markdown(article).endswith(b"Fin.\n")


def test_title_only_article() -> None:
    assert render_markdown(make_article()).decode().endswith("translationKey: \"prueba\"\nauthor: \"Ana Pérez\"\n---\n")
