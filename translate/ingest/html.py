"""Read an HTML article: the first ``<article>`` (else ``<main>``, else ``<body>``) of a web page.

Page furniture (navigation, header, footer, asides, forms, scripts) is skipped silently; content
that cannot be translated as text (tables, figures, images, code blocks, embeds) is skipped and
reported as a finding. The parser never touches the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import lxml.html
from lxml import etree

from translate.errors import IngestError
from translate.ingest.base import BlockCollector, add_text, build_article, empty_article, read_utf8
from translate.model import Article, BlockKind, Mark, MarkKind, Run

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SILENT = frozenset(
    {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "button",
     "template", "select", "textarea", "input", "label", "head", "title", "meta", "link"}
)  # fmt: skip
_REPORTED = {  # tag: (finding check, what was skipped)
    "table": ("ingest-table", "a table"),
    "figure": ("ingest-image", "a figure"),
    "figcaption": ("ingest-image", "a figure caption"),
    "img": ("ingest-image", "an image"),
    "picture": ("ingest-image", "an image"),
    "svg": ("ingest-image", "an SVG drawing"),
    "canvas": ("ingest-image", "a canvas drawing"),
    "iframe": ("ingest-embed", "an embedded frame"),
    "object": ("ingest-embed", "an embedded object"),
    "embed": ("ingest-embed", "an embedded object"),
    "video": ("ingest-embed", "a video"),
    "audio": ("ingest-embed", "an audio clip"),
    "pre": ("ingest-code", "a code block (code is not translated)"),
}
_SKIPPED = _SILENT | frozenset(_REPORTED)
_BLOCKS = _SKIPPED | _HEADINGS | frozenset(
    {"p", "blockquote", "ul", "ol", "li", "hr", "div", "section", "article", "main", "body",
     "html", "center", "details", "summary", "address", "dl", "dt", "dd", "fieldset", "hgroup"}
)  # fmt: skip
_LISTS = frozenset({"ul", "ol"})
_MARKS = {
    "em": MarkKind.EMPHASIS,
    "i": MarkKind.EMPHASIS,
    "strong": MarkKind.STRONG,
    "b": MarkKind.STRONG,
    "code": MarkKind.CODE,
    "kbd": MarkKind.CODE,
    "samp": MarkKind.CODE,
    "tt": MarkKind.CODE,
}
_NO_MARKS: frozenset[Mark] = frozenset()
_TITLE_HINT = "give the page an <h1> or a <title>"


def read(path: Path, *, source_lang: str) -> Article:
    """Read the HTML article at ``path``."""
    source = read_utf8(path)  # decoded first, so a bad byte is reported with line and column
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        root = lxml.html.document_fromstring(source.encode("utf-8"), parser=parser)
    except etree.ParserError as exc:  # lxml's "Document is empty": no element at all
        raise empty_article(path) from exc
    except etree.XMLSyntaxError as exc:
        raise IngestError(f"cannot parse HTML: {exc}", path=path, hint="is it a web page?") from exc
    candidates = (root.find(f".//{tag}") for tag in ("article", "main", "body"))
    body = next((found for found in candidates if found is not None), root)

    walker = _Walker()
    title, walker.title = _find_title(walker, root, body)
    walker.block(body, _Context(BlockKind.PARAGRAPH))
    return build_article(
        path,
        title=title,
        blocks=walker.collector.blocks,
        findings=walker.collector.findings,
        source_lang=source_lang,
        article_date=_find_date(root, walker.collector),
        author=_meta(root, "author", "article:author"),
        title_hint=_TITLE_HINT,
    )


def _meta(root: lxml.html.HtmlElement, *names: str) -> str | None:
    """The content of the first ``<meta name=…>`` or ``<meta property=…>`` with one of ``names``."""
    for name in names:
        for meta in root.iter("meta"):
            content = (meta.get("content") or "").strip()
            if content and name in (meta.get("name"), meta.get("property")):
                return content
    return None


def _find_title(
    walker: _Walker, root: lxml.html.HtmlElement, body: lxml.html.HtmlElement
) -> tuple[list[Run], lxml.html.HtmlElement | None]:
    """The title runs and the ``<h1>`` they come from (None when from ``<title>`` or og:title)."""
    for h1 in body.iter("h1"):
        if not _hidden(h1, body):
            return walker.inline_runs(h1), h1
    title = root.find(".//title")
    text = title.text_content() if title is not None else ""
    if text.strip():
        return [Run(text)], None
    return [Run(_meta(root, "og:title") or "")], None


def _hidden(el: lxml.html.HtmlElement, body: lxml.html.HtmlElement) -> bool:
    """Whether ``el`` sits in skipped page furniture; a header does not count (it holds titles)."""
    for ancestor in el.iterancestors():
        if ancestor is body:
            return False
        if ancestor.tag in _SKIPPED and ancestor.tag != "header":
            return True
    return False


def _find_date(root: lxml.html.HtmlElement, collector: BlockCollector) -> date | None:
    """The publication date from article:published_time or the first ``<time datetime>``."""
    value = _meta(root, "article:published_time")
    if value is None:
        time = next((t for t in root.iter("time") if (t.get("datetime") or "").strip()), None)
        value = str(time.get("datetime")).strip() if time is not None else None
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        collector.note("ingest-date", f"ignored a publication date that is not a date: {value!r}")
        return None


@dataclass(frozen=True, slots=True)
class _Context:
    """What stray text becomes where the walker is: a paragraph, a quote or a list item."""

    kind: BlockKind
    level: int = 0
    ordered: bool = False


@dataclass(slots=True)
class _Walker:
    """Walks the element tree, turning block elements into blocks."""

    collector: BlockCollector = field(default_factory=BlockCollector)
    title: lxml.html.HtmlElement | None = None

    def block(self, el: lxml.html.HtmlElement, ctx: _Context) -> None:
        """Turn a block-level element into blocks."""
        tag = el.tag
        if el is self.title or tag in _SILENT:
            return
        if tag in _REPORTED:
            self._skip(el)
        elif tag in _HEADINGS:
            self.collector.add(BlockKind.HEADING, self.inline_runs(el), level=int(tag[1]))
        elif tag == "p":
            self.collector.add(ctx.kind, self.inline_runs(el), level=ctx.level, ordered=ctx.ordered)
        elif tag == "blockquote":
            depth = ctx.level + 1 if ctx.kind is BlockKind.QUOTE else 1
            self._mixed(el, _Context(BlockKind.QUOTE, depth), _BLOCKS)
        elif tag in _LISTS:
            depth = ctx.level + 1 if ctx.kind is BlockKind.LIST_ITEM else 1
            self._mixed(el, _Context(BlockKind.LIST_ITEM, depth, tag == "ol"), _BLOCKS)
        elif tag == "li":
            if ctx.kind is not BlockKind.LIST_ITEM:
                ctx = _Context(BlockKind.LIST_ITEM, 1)
            # Inside an item everything but a nested list is the item's text.
            self._mixed(el, ctx, _LISTS | _SKIPPED)
        elif tag != "hr":
            self._mixed(el, ctx, _BLOCKS)

    def inline_runs(self, el: lxml.html.HtmlElement) -> list[Run]:
        """The runs of an element's content."""
        runs: list[Run] = []
        self._inline(el, runs, _NO_MARKS)
        return runs

    def _mixed(self, el: lxml.html.HtmlElement, ctx: _Context, blocks: frozenset[str]) -> None:
        """Children in ``blocks`` become blocks; the text between them becomes ``ctx`` blocks."""
        pending: list[Run] = []
        add_text(pending, el.text, _NO_MARKS)
        for child in el:
            if isinstance(child.tag, str) and child.tag in blocks:
                self._flush(pending, ctx)
                pending = []
                self.block(child, ctx)
            else:
                self._inline(child, pending, _NO_MARKS)
            add_text(pending, child.tail, _NO_MARKS)
        self._flush(pending, ctx)

    def _flush(self, runs: list[Run], ctx: _Context) -> None:
        self.collector.add(ctx.kind, runs, level=ctx.level, ordered=ctx.ordered)

    def _inline(self, el: lxml.html.HtmlElement, runs: list[Run], marks: frozenset[Mark]) -> None:
        """Append the runs of ``el`` (not its tail) to ``runs``."""
        tag = el.tag
        if not isinstance(tag, str) or tag in _SILENT or el is self.title:
            return
        if tag in _REPORTED:
            self._skip(el)
            return
        if tag == "br":
            add_text(runs, " ", marks)
            return
        if tag == "a" and (el.get("href") or "").strip():
            marks = marks | {Mark(MarkKind.LINK, href=str(el.get("href")).strip())}
        elif tag in _MARKS:
            marks = marks | {Mark(_MARKS[tag])}
        spacer = " " if tag in _BLOCKS else ""  # keep words of adjacent blocks apart
        add_text(runs, spacer, marks)
        add_text(runs, el.text, marks)
        for child in el:
            self._inline(child, runs, marks)
            add_text(runs, child.tail, marks)
        add_text(runs, spacer, marks)

    def _skip(self, el: lxml.html.HtmlElement) -> None:
        check, what = _REPORTED[el.tag]
        if el.tag == "img" and el.get("src"):
            what = f"{what} {el.get('src')!r}"
        where = f"line {el.sourceline}: " if el.sourceline else ""
        self.collector.note(check, f"{where}skipped {what}")
