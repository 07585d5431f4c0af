"""The output format registry: which formats exist, where each is written, one rendering for drafts and releases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from translate.export.docx import render_docx
from translate.export.formats import (
    Destination,
    OutputFormat,
    RenderContext,
    draft_alternates,
    draft_suffixes,
    output_formats,
    render_article,
    suffix_list,
    template_pages,
)
from translate.export.html import HtmlRenderer
from translate.export.markdown import render_markdown
from translate.model import ArticleMeta, Block, BlockKind, Run, TranslatedArticle

ARTICLE = TranslatedArticle(
    ArticleMeta("Título", "prueba", "en", Path("prueba.md"), date(2022, 11, 24), "Ana"), "es",
    (Block(BlockKind.TITLE, (Run("Título"),)), Block(BlockKind.PARAGRAPH, (Run("Texto."),))), draft=True,
)
ALTERNATES = ({"lang": "en", "href": "../en/prueba.html", "label": "English"},
              {"lang": "es", "href": "../es/prueba.html", "label": "Español"})


def test_registry_finds_every_format_module_in_rank_order() -> None:
    """The one test a new format changes: the others hold for whatever formats there are."""
    assert [(f.name, f.suffix, f.label) for f in output_formats()] == [
        ("html", "html", "HTML"), ("docx", "docx", "DOCX"), ("markdown", "md", "Markdown")]
    assert [f.name for f in output_formats() if f.page] == ["html"]


@pytest.mark.parametrize("destination", [pytest.param(Destination.DRAFTS, id="drafts"),
                                   pytest.param(Destination.RELEASES, id="releases")])
def test_html_docx_and_markdown_are_written_in_drafts_and_releases(destination: Destination) -> None:
    assert [f.name for f in output_formats(destination)][:3] == ["html", "docx", "markdown"]
    assert template_pages(destination)[:1] == ("article.html",)


def test_draft_suffixes() -> None:
    assert draft_suffixes() == tuple(f.suffix for f in output_formats(Destination.DRAFTS))
    assert draft_suffixes()[:3] == ("html", "docx", "md")


@pytest.mark.parametrize("names, sentence", [
    pytest.param(("html",), ".html", id="one"),
    pytest.param(("html", "docx"), ".html and .docx", id="two"),
    pytest.param(("html", "docx", "md"), ".html, .docx and .md", id="three"),
    pytest.param((), "nothing", id="none"),
])
def test_suffix_list(names: tuple[str, ...], sentence: str) -> None:
    formats = [OutputFormat(n, n, n.upper(), lambda article, context: b"") for n in names]
    assert suffix_list(formats) == sentence


@pytest.mark.parametrize("destination, reference, alternates, expected", [
    pytest.param(Destination.DRAFTS, None, (), {
        "html": lambda r: r.render(ARTICLE).encode(), "docx": lambda r: render_docx(ARTICLE),
        "markdown": lambda r: render_markdown(ARTICLE)}, id="drafts"),
    pytest.param(Destination.RELEASES, None, ALTERNATES, {
        "html": lambda r: r.render(ARTICLE, extra={"alternates": list(ALTERNATES)}).encode(),
        "docx": lambda r: render_docx(ARTICLE), "markdown": lambda r: render_markdown(ARTICLE, release=True)},
        id="releases"),
])
def test_render_article_gives_each_format_its_renderer_output(
    destination: Destination, reference: Path | None, alternates: tuple[dict[str, str], ...],
    expected: dict[str, Callable[[HtmlRenderer], bytes]],
) -> None:
    renderer = HtmlRenderer()
    rendered = render_article(ARTICLE, RenderContext(renderer, destination, reference, alternates))
    assert [fmt.name for fmt, _ in rendered] == [f.name for f in output_formats(destination)]
    by_name = {fmt.name: data for fmt, data in rendered}
    assert {name: by_name[name] for name in expected} == {name: make(renderer) for name, make in expected.items()}


def test_render_article_asks_reuse_for_every_format() -> None:
    asked: list[str] = []

    def reuse(fmt: OutputFormat, render: Callable[[], bytes]) -> bytes:
        asked.append(fmt.name)
        return b"cached " + fmt.name.encode() if fmt.name == "docx" else render()

    rendered = dict((f.name, data) for f, data in render_article(ARTICLE, RenderContext(HtmlRenderer()), reuse=reuse))
    assert asked == [f.name for f in output_formats(Destination.DRAFTS)]
    assert rendered["docx"] == b"cached docx" and rendered["markdown"] == render_markdown(ARTICLE)


@pytest.mark.parametrize(("present", "langs", "expected"), [
    pytest.param((), ("es", "ca"), [("es", "es.html"), ("ca", "ca.html")], id="the-run's-languages-in-order"),
    pytest.param(("pt.html", "ca.html", "es.docx"), ("es", "ca"), [("es", "es.html"), ("ca", "ca.html"),
                                                                    ("pt", "pt.html")], id="with-earlier-pages"),
    pytest.param((), ("es",), [], id="one-language-no-switcher"),
    pytest.param(("es.docx",), ("es",), [], id="only-pages-count"),
])
def test_draft_alternates(tmp_path: Path, present: tuple[str, ...], langs: tuple[str, ...],
                          expected: list[tuple[str, str]]) -> None:
    for name in present:
        (tmp_path / name).write_bytes(b"")
    alternates = draft_alternates(tmp_path, langs)
    assert [(a["lang"], a["href"]) for a in alternates] == expected
    assert all(a["lang"] != "x-default" for a in alternates)
