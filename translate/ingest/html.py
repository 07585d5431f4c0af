"""Read an HTML article: the first ``<article>`` (else ``<main>``, else ``<body>``) of a web page.

The page is parsed as HTML5, the way a browser builds it (justhtml, which follows the WHATWG tree
construction rules): void elements such as ``<embed>``, ``<wbr>``, ``<source>`` or ``<track>`` never
hold the text after them, and nesting has no depth limit. Page furniture (navigation, header, footer,
asides, forms, scripts) is skipped silently; content that cannot be translated as text (tables,
figures, images, code blocks, embeds) is skipped and reported as a finding. The parser never
touches the network, and the tree is walked without recursion, however deep it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from justhtml import Element, JustHTML, Text

from translate.errors import brief
from translate.ingest.base import (
    BlockCollector,
    add_text,
    build_article,
    link_mark,
    read_source,
)
from translate.model import Article, BlockKind, Mark, MarkKind, Run

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SILENT = frozenset(
    {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "button",
     "template", "select", "textarea", "input", "label", "head", "title", "meta", "link",
     "keygen", "source", "track"}
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


EXTENSIONS = (".html", ".htm")
"""The file name endings this reader takes (see :data:`translate.ingest.READERS`)."""


def read(path: Path, *, source_lang: str) -> Article:
    """Read the HTML article at ``path``."""
    # Decoded by us first, so a bad byte is reported with line and column (and <meta charset> cannot
    # make the parser guess another encoding); control characters are gone before parsing.
    source, findings = read_source(path)
    document = JustHTML(source, sanitize=False, track_node_locations=True).root
    candidates = (_first(document, tag) for tag in ("article", "main", "body"))
    body = next((found for found in candidates if found is not None), document)

    walker = _Walker()
    walker.collector.findings.extend(findings)
    title, walker.title = _find_title(walker, document, body)
    walker.block(body, _Context(BlockKind.PARAGRAPH))
    return build_article(
        path,
        title=title,
        blocks=walker.collector.blocks,
        findings=walker.collector.findings,
        source_lang=source_lang,
        article_date=_find_date(document, walker.collector),
        author=_meta(document, "author", "article:author"),
        title_hint=_TITLE_HINT,
    )


def _elements(root: Element) -> Iterator[Element]:
    """The elements under ``root``, in document order (without recursion: pages may nest deeply)."""
    stack = [iter(root.children or ())]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif isinstance(node, Element):
            yield node
            if node.children:
                stack.append(iter(node.children))


def _first(root: Element, tag: str) -> Element | None:
    return next((el for el in _elements(root) if el.name == tag), None)


def _attr(el: Element, name: str) -> str:
    return (el.attrs.get(name) or "").strip()


def _meta(root: Element, *names: str) -> str | None:
    """The content of the first ``<meta name=…>`` or ``<meta property=…>`` with one of ``names``."""
    metas = [el for el in _elements(root) if el.name == "meta"]
    for name in names:
        for meta in metas:
            content = _attr(meta, "content")
            if content and name in (meta.attrs.get("name"), meta.attrs.get("property")):
                return content
    return None


def _find_title(walker: _Walker, root: Element, body: Element) -> tuple[list[Run], Element | None]:
    """The title runs and the ``<h1>`` they come from (None when from ``<title>`` or og:title)."""
    for h1 in (el for el in _elements(body) if el.name == "h1"):
        if not _hidden(h1, body):
            return walker.inline_runs(h1), h1
    title = _first(root, "title")
    text = "".join(n.data for n in title.children if isinstance(n, Text)) if title is not None else ""
    if text.strip():
        return [Run(text)], None
    return [Run(_meta(root, "og:title") or "")], None


def _hidden(el: Element, body: Element) -> bool:
    """Whether ``el`` sits in skipped page furniture; a header does not count (it holds titles)."""
    ancestor = el.parent
    while ancestor is not None and ancestor is not body:
        if ancestor.name in _SKIPPED and ancestor.name != "header":
            return True
        ancestor = ancestor.parent
    return False


def _find_date(root: Element, collector: BlockCollector) -> date | None:
    """The publication date from article:published_time or the first ``<time datetime>``."""
    value = _meta(root, "article:published_time")
    if value is None:
        time = next((t for t in _elements(root) if t.name == "time" and _attr(t, "datetime")), None)
        value = _attr(time, "datetime") if time is not None else None
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        collector.note(
            "ingest-date", f"ignored a publication date that is not a date: {brief(value)}"
        )
        return None


@dataclass(frozen=True, slots=True)
class _Context:
    """What stray text becomes where the walker is: a paragraph, a quote or a list item."""

    kind: BlockKind
    level: int = 0
    ordered: bool = False


@dataclass(slots=True)
class _Open:
    """An element whose children are being walked: block children become blocks, the rest ``pending``."""

    children: Iterator[object]
    ctx: _Context
    blocks: frozenset[str]
    pending: list[Run] = field(default_factory=list)


@dataclass(slots=True)
class _Walker:
    """Walks the element tree, turning block elements into blocks (with explicit stacks, no recursion)."""

    collector: BlockCollector = field(default_factory=BlockCollector)
    title: Element | None = None

    def block(self, root: Element, ctx: _Context) -> None:
        """Turn a block-level element and everything in it into blocks."""
        stack: list[_Open] = []
        self._open(root, ctx, stack)
        while stack:
            top = stack[-1]
            child = next(top.children, None)
            if child is None:
                self._flush(top.pending, top.ctx)
                stack.pop()
            elif isinstance(child, Text):
                add_text(top.pending, child.data, _NO_MARKS)
            elif isinstance(child, Element):
                if child.name in top.blocks:
                    self._flush(top.pending, top.ctx)
                    top.pending = []
                    self._open(child, top.ctx, stack)
                else:
                    self._inline(child, top.pending, _NO_MARKS)

    def inline_runs(self, el: Element) -> list[Run]:
        """The runs of an element's content."""
        runs: list[Run] = []
        self._inline(el, runs, _NO_MARKS)
        return runs

    def _open(self, el: Element, ctx: _Context, stack: list[_Open]) -> None:
        """Start on a block-level element: some become blocks at once, the others go on ``stack``."""
        tag = el.name
        if el is self.title or tag in _SILENT or tag == "hr":
            return
        if tag in _REPORTED:
            self._skip(el)
        elif tag in _HEADINGS:
            self.collector.add(BlockKind.HEADING, self.inline_runs(el), level=int(tag[1]))
        elif tag == "p":
            self.collector.add(ctx.kind, self.inline_runs(el), level=ctx.level, ordered=ctx.ordered)
        elif tag == "blockquote":
            depth = ctx.level + 1 if ctx.kind is BlockKind.QUOTE else 1
            stack.append(_Open(iter(el.children), _Context(BlockKind.QUOTE, depth), _BLOCKS))
        elif tag in _LISTS:
            depth = ctx.level + 1 if ctx.kind is BlockKind.LIST_ITEM else 1
            inner = _Context(BlockKind.LIST_ITEM, depth, tag == "ol")
            stack.append(_Open(iter(el.children), inner, _BLOCKS))
        elif tag == "li":
            if ctx.kind is not BlockKind.LIST_ITEM:
                ctx = _Context(BlockKind.LIST_ITEM, 1)
            # Inside an item everything but a nested list is the item's text.
            stack.append(_Open(iter(el.children), ctx, _LISTS | _SKIPPED))
        else:
            stack.append(_Open(iter(el.children), ctx, _BLOCKS))

    def _flush(self, runs: list[Run], ctx: _Context) -> None:
        if runs:
            self.collector.add(ctx.kind, runs, level=ctx.level, ordered=ctx.ordered)

    def _inline(self, root: Element, runs: list[Run], marks: frozenset[Mark]) -> None:
        """Append the runs of ``root`` and everything in it to ``runs``."""
        # Each open element: its remaining children, its marks, and the spacer that closes it.
        stack: list[tuple[Iterator[object], frozenset[Mark], str]] = []
        node: object | None = root
        while True:
            if isinstance(node, Text):
                add_text(runs, node.data, stack[-1][1] if stack else marks)
            elif isinstance(node, Element):
                inner = self._enter_inline(node, runs, stack[-1][1] if stack else marks)
                if inner is not None:
                    stack.append(inner)
            while stack:
                node = next(stack[-1][0], None)
                if node is not None:
                    break
                _, closing_marks, spacer = stack.pop()
                add_text(runs, spacer, closing_marks)
            else:
                return

    def _enter_inline(
        self, el: Element, runs: list[Run], marks: frozenset[Mark]
    ) -> tuple[Iterator[object], frozenset[Mark], str] | None:
        """Start on an inline element; what to push for its children, or None when it has none to walk."""
        tag = el.name
        if tag in _SILENT or el is self.title:
            return None
        if tag in _REPORTED:
            self._skip(el)
            return None
        if tag == "br":
            add_text(runs, " ", marks)
            return None
        if tag == "a" and (href := _attr(el, "href")):
            marks = marks | {link_mark(href, self.collector, where=_where(el))}
        elif tag in _MARKS:
            marks = marks | {Mark(_MARKS[tag])}
        spacer = " " if tag in _BLOCKS else ""  # keep words of adjacent blocks apart
        add_text(runs, spacer, marks)
        return iter(el.children or ()), marks, spacer

    def _skip(self, el: Element) -> None:
        check, what = _REPORTED[el.name]
        if el.name == "img" and _attr(el, "src"):
            what = f"{what} {brief(_attr(el, 'src'))}"
        self.collector.note(check, f"{_where(el)}skipped {what}")


def _where(el: Element) -> str:
    line = el.origin_line
    return f"line {line}: " if line else ""
