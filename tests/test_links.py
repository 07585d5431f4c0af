"""translate.links: which addresses are published as links; Windows network paths never are."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from translate.export.docx import render_docx
from translate.export.html import runs_to_html
from translate.links import link_problem, safe_href
from translate.model import ArticleMeta, Block, BlockKind, Mark, MarkKind, Run, TranslatedArticle

NETWORK_PATHS = [
    pytest.param(r"\\host\share\report.docx", id="unc"),
    pytest.param(r"\\host.example.org\share", id="unc-fqdn"),
    pytest.param(r"\\10.0.0.5\c$\secret", id="unc-ip-admin-share"),
    pytest.param(r"\\?\UNC\host\share\x", id="unc-long-form"),
    pytest.param(r"\\.\pipe\x", id="unc-device"),
    pytest.param("//host/share/report.docx", id="double-slash"),
    pytest.param(r"\/host/share", id="backslash-slash"),
    pytest.param(r"/\host\share", id="slash-backslash"),
    pytest.param("///host/share", id="triple-slash"),
    pytest.param(r"  \\host\share", id="padded"),
    pytest.param("\t\\\\host\\share", id="leading-tab"),
    pytest.param("\\\\ho\tst\\share", id="inner-tab"),
    pytest.param("%5C%5Chost%5Cshare", id="percent-backslashes"),
    pytest.param("%2F%2Fhost/share", id="percent-slashes"),
    pytest.param(r"share\report.docx", id="relative-backslash"),
    pytest.param(r"http:\\host\share", id="http-backslashes"),
    pytest.param(r"https://example.org\@host/share", id="backslash-in-authority"),
    pytest.param("file://host/share/x", id="file-host"),
    pytest.param(r"file:\\host\share", id="file-backslashes"),
    pytest.param("FILE:////host/share", id="file-upper-four-slashes"),
    pytest.param("fi\nle://host/share", id="file-inner-newline"),
    pytest.param(r"C:\Users\desk\x.docx", id="drive-letter"),
]

KEPT = [
    pytest.param("https://example.org/a?b=1", "https://example.org/a?b=1", id="https"),
    pytest.param("../otra.html", "../otra.html", id="relative"),
    pytest.param("/noticias/2022/", "/noticias/2022/", id="absolute-path"),
    pytest.param("#seccion", "#seccion", id="fragment"),
    pytest.param(r"https://example.org/s?q=a\b", r"https://example.org/s?q=a\b", id="backslash-in-query"),
    pytest.param(r"page.html#a\b", r"page.html#a\b", id="backslash-in-fragment"),
    pytest.param("mailto:desk@example.org", "mailto:desk@example.org", id="mailto"),
]


def linked(href: str) -> Run:
    return Run("el informe", frozenset({Mark(MarkKind.LINK, href)}))


@pytest.mark.parametrize("href", NETWORK_PATHS)
def test_network_paths_are_refused(href: str) -> None:
    assert safe_href(href) is None
    assert link_problem(href)


@pytest.mark.parametrize(("href", "expected"), KEPT)
def test_web_addresses_are_kept(href: str, expected: str) -> None:
    assert link_problem(href) is None
    assert safe_href(href) == expected


@pytest.mark.parametrize(
    ("href", "phrase"),
    [
        pytest.param(r"\\host\share", "Windows path", id="backslashes"),
        pytest.param("//host/share", "network path", id="slashes"),
        pytest.param("file:///etc/passwd", "scheme 'file'", id="file"),
        pytest.param("javascript:alert(1)", "scheme 'javascript'", id="javascript"),
        pytest.param("", "empty", id="empty"),
    ],
)
def test_the_problem_says_why(href: str, phrase: str) -> None:
    assert phrase in (link_problem(href) or "")


@pytest.mark.parametrize("href", NETWORK_PATHS)
def test_html_keeps_the_text_and_drops_the_link(href: str) -> None:
    html = runs_to_html([Run("Lea "), linked(href)])
    assert "<a" not in html
    assert html == "Lea el informe"


def docx_article(href: str) -> TranslatedArticle:
    meta = ArticleMeta("Título", "prueba", "en", Path("prueba.md"))
    body = Block(BlockKind.PARAGRAPH, (Run("Lea "), linked(href)))
    return TranslatedArticle(meta, "es", (Block(BlockKind.TITLE, (Run("Título"),)), body))


@pytest.mark.parametrize("href", NETWORK_PATHS)
def test_docx_keeps_the_text_and_drops_the_link(href: str) -> None:
    data = render_docx(docx_article(href))
    (paragraph,) = [p for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.startswith("Lea")]
    assert paragraph.hyperlinks == []
    assert paragraph.text == "Lea el informe"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert "host" not in rels and "TargetMode" not in rels
