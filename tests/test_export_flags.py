"""The reviewer's view of a draft page: flagged sentences marked, notes linked both ways, counts; never in a release."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import html5lib
import pytest

from export_helpers import block, link, make_article
from translate.export.flags import qa_view
from translate.export.formats import Destination, RenderContext, output_formats
from translate.export.html import HtmlRenderer
from translate.model import BlockKind, FlaggedSegment, Finding, Mark, MarkKind, Run, Severity, TranslatedArticle

EM = Mark(MarkKind.EMPHASIS)
GLUED = Finding("glued-word", Severity.MINOR, "glued words: “lasprovisionesde” is “las provisiones de”")
UNKNOWN = Finding("unknown-word", Severity.MINOR, "Apertium (eng-spa) did not know “bloc”")
FORBIDDEN = Finding("term-forbidden", Severity.CRITICAL, "forbidden variant “Kiev”")
HOSTILE = Finding("unknown-word", Severity.MINOR, "did not know “<script>alert(1)</script>” & more")
PARAGRAPH = block(BlockKind.PARAGRAPH, "Primera frase.", " ", "Segunda ", Run("muy", frozenset({EM})), " larga.", " ",
                  "Tercera.")


def flagged(*flags: FlaggedSegment, body: tuple = (PARAGRAPH,)) -> TranslatedArticle:  # type: ignore[type-arg]
    return replace(make_article(*body, draft=True), flagged=flags)


def parse(text: str) -> ET.Element:
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree", ET), strict=True, namespaceHTMLElements=False)
    return parser.parse(text)


def page(article: TranslatedArticle) -> tuple[str, ET.Element]:
    text = HtmlRenderer().render(article)
    return text, parse(text)


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


@pytest.mark.parametrize(("flag", "marked"), [
    pytest.param(FlaggedSegment(1, 0, 1, (GLUED,)), "Primera frase.", id="first-sentence"),
    pytest.param(FlaggedSegment(1, 2, 5, (GLUED,)), "Segunda muy larga.", id="sentence-with-a-tag"),
    pytest.param(FlaggedSegment(1, 6, 7, (GLUED,)), "Tercera.", id="last-sentence"),
])
def test_a_flagged_sentence_is_marked_and_linked_to_its_note(flag: FlaggedSegment, marked: str) -> None:
    _, root = page(flagged(flag))
    (mark,) = root.iter("mark")
    assert text_of(mark) == marked and mark.get("id") == "qa-ref-1" and mark.get("class") == "qa qa-minor"
    (ref,) = root.findall(".//sup[@class='qa-ref']/a")
    assert (ref.get("href"), text_of(ref)) == ("#qa-1", "1")
    note = root.find(".//section[@class='qa-notes']//li[@id='qa-1']")
    assert note is not None and note.find("a").get("href") == "#qa-ref-1"
    assert " ".join(text_of(note).split()) == "↩ glued-word: glued words: “lasprovisionesde” is “las provisiones de”"
    assert " ".join(text_of(root.find(".//article")).split()).replace("1", "", 1) == (
        "Título de prueba Ana Pérez · 24 de noviembre de 2022 Primera frase. Segunda muy larga. Tercera.")


def test_a_flagged_title_keeps_its_text_and_gets_the_number() -> None:
    _, root = page(flagged(FlaggedSegment(0, 0, 1, (FORBIDDEN,))))
    heading = root.find(".//h1")
    assert heading.text == "Título de prueba" and heading.find("mark") is None
    sup = heading.find("sup")
    assert (sup.get("id"), sup.get("class"), sup.find("a").get("href")) == ("qa-ref-1", "qa-ref qa-critical", "#qa-1")
    assert root.find(".//li[@id='qa-1']/a").get("href") == "#qa-ref-1"
    assert "h1:has(> .qa-ref) { text-decoration: underline" in "".join(text_of(s) for s in root.iter("style"))


@pytest.mark.parametrize(("kind", "path"), [
    pytest.param(BlockKind.HEADING, ".//article/h2/mark", id="heading"),
    pytest.param(BlockKind.LIST_ITEM, ".//article/ul/li/mark", id="list-item"),
    pytest.param(BlockKind.QUOTE, ".//article/blockquote/p/mark", id="quote"),
])
def test_sentences_of_every_kind_of_block_are_marked(kind: BlockKind, path: str) -> None:
    body = (PARAGRAPH, block(kind, "Una frase.", level=2 if kind is BlockKind.HEADING else 1))
    _, root = page(flagged(FlaggedSegment(2, 0, 1, (GLUED,)), body=body))
    (mark,) = root.findall(path)
    assert text_of(mark) == "Una frase." and mark.get("id") == "qa-ref-1"


def test_inline_tags_inside_and_across_a_mark_keep_working() -> None:
    body = (block(BlockKind.PARAGRAPH, Run("Uno ", frozenset({EM})), Run("dos.", frozenset({EM})), " ",
                  Run("Ver ", frozenset({link("https://example.org/a?b=1&c=2")})), "tres."),)
    _, root = page(flagged(FlaggedSegment(1, 0, 2, (UNKNOWN,)), body=body))
    paragraph = root.find(".//article/p")
    assert text_of(paragraph.find("mark/em")) == "Uno dos."
    assert paragraph.find("a").get("href") == "https://example.org/a?b=1&c=2"


def test_two_findings_of_two_sentences_numbered_in_text_order_with_counts() -> None:
    _, root = page(flagged(FlaggedSegment(1, 0, 1, (UNKNOWN, GLUED)), FlaggedSegment(1, 6, 7, (UNKNOWN, FORBIDDEN))))
    assert [m.get("id") for m in root.iter("mark")] == ["qa-ref-1", "qa-ref-2"]
    assert [m.get("class") for m in root.iter("mark")] == ["qa qa-minor", "qa qa-critical"]
    assert [li.get("id") for li in root.findall(".//section[@class='qa-notes']/ol/li")] == ["qa-1", "qa-2"]
    summary = root.find(".//aside[@class='qa-summary']")
    assert summary.get("lang") == "es" and summary.find(".//a").get("href") == "#qa-notes"
    assert text_of(summary.find("p/strong")) == "Avisos del control de calidad"  # the page's catalog
    counts = summary.find("p[@class='qa-counts']")
    assert counts.get("lang") == "en"  # the checks' own names
    assert text_of(counts) == "unknown-word: 2 · glued-word: 1 · term-forbidden: 1"
    notes = root.find(".//section[@class='qa-notes']")
    assert notes.get("lang") == "es" and text_of(notes.find("h2")) == "Avisos del control de calidad"
    assert root.find(".//li[@id='qa-1']/a").get("aria-label") == "Volver a la frase 1"
    assert root.find(".//li[@id='qa-1']/span").get("lang") == "en"  # the findings' messages are English
    assert qa_view(flagged()) is None


def test_everything_is_escaped() -> None:
    body = (block(BlockKind.PARAGRAPH, "a < b & <i>c</i>."),)
    text, root = page(flagged(FlaggedSegment(1, 0, 1, (HOSTILE,)), body=body))
    assert "<script>" not in text and "<i>" not in text
    assert text_of(root.find(".//mark")) == "a < b & <i>c</i>."
    assert "“<script>alert(1)</script>” & more" in text_of(root.find(".//li[@id='qa-1']"))


def test_the_highlight_is_not_colour_alone_and_the_page_has_no_script() -> None:
    text, root = page(flagged(FlaggedSegment(1, 0, 1, (GLUED,))))
    style = "".join(text_of(s) for s in root.iter("style"))
    assert "text-decoration: underline" in style
    assert root.findall(".//script") == [] and "title=" not in text  # not hover only


def test_a_page_without_findings_has_no_reviewer_view() -> None:
    plain = make_article(PARAGRAPH, draft=True)
    text = HtmlRenderer().render(plain)
    assert 'class="qa' not in text and "<mark" not in text


@pytest.mark.parametrize("destination", list(Destination), ids=str)
def test_a_release_page_never_shows_the_findings(destination: Destination) -> None:
    article = flagged(FlaggedSegment(1, 0, 1, (GLUED,)))
    html = next(f for f in output_formats(destination) if f.page)
    text = html.render(article, RenderContext(HtmlRenderer(), destination)).decode("utf-8")
    assert ("<mark" in text) is (destination is Destination.DRAFTS)
    assert ("glued-word" in text) is (destination is Destination.DRAFTS)
