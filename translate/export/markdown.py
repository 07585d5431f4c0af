"""Render a translated article as Markdown with YAML front matter, for static site generators (Hugo, Jekyll).

The front matter gives ``title``, ``date``, ``lang``, ``slug``, ``translationKey`` (the slug: the same in
every language version of an article, which Hugo uses to link translations), ``author`` where known, and
for unreviewed machine translation ``unreviewed: true``; a draft also gets ``draft: true``, so a site
generator leaves it out of a build; a translation lists the provenance signatures of its machine
translation under ``engines``. Text values are written double-quoted, so that no title (``yes``,
``: x``, ``#tag``, ``- a``) is read back as anything but itself, by YAML 1.1 and 1.2 readers alike.

The body is CommonMark: headings, paragraphs, quotes (nested by level), bullet and numbered lists (nested),
emphasis, strong text, code spans and links (to safe addresses only, as the other formats). The title is in
the front matter only. Text is escaped so that nothing in it becomes markup (``*``, ``_``, ``#``, ``[``, a
backtick, ``<``, ``&name;``, a ``-`` or ``1.`` starting a line, ``|`` and ``~`` of GitHub's extensions). An
unreviewed article starts with a quoted notice saying so, as its HTML page and Word file do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

import yaml

from translate.export import safe_href, split_title
from translate.export.formats import Destination, OutputFormat, RenderContext
from translate.i18n import N_, gettext
from translate.inline import runs_to_tagged, tokenize
from translate.model import Block, BlockKind, MarkKind, Run, TranslatedArticle

__all__ = ["NOTICE_HEADLINE", "NOTICE_TEXT", "front_matter", "notice", "render_markdown", "runs_to_markdown"]

NOTICE_HEADLINE = N_("Unreviewed machine translation draft")
NOTICE_TEXT = N_(
    "This text was translated by machine and nobody has reviewed it yet. "
    "It is for post-editing only: not for publication."
)
_DELIMITERS = {MarkKind.EMPHASIS: "*", MarkKind.STRONG: "**"}
# Markup anywhere in a line (GitHub's tables and strikethrough too; a "!" that a link may follow would make it an
# image), then what only starts a block.
_INLINE_SPECIAL = re.compile(r"[\\`*_\[\]<#|~]|&(?=#?\w+;)|!$")
_BLOCK_START = re.compile(r"^(?:([>+=-])|(\d{1,9})([.)]))")
_SPACE = re.compile(r"\s+")
_QUOTABLE = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
"""Text that YAML's double quotes hold as it is: printable, no quote or backslash to escape."""


def render_markdown(article: TranslatedArticle, *, release: bool = False) -> bytes:
    """The article as UTF-8 Markdown: front matter, a notice if unreviewed, then the body after the title.

    ``release`` says the file is a release page: an unreviewed one is flagged ``unreviewed`` but not
    ``draft`` (it is published, marked as such). The same article always gives the same bytes.
    """
    _, blocks = split_title(article)
    parts = [front_matter(article, release=release)]
    if article.draft:
        parts.append(f"> {notice(article.lang)}\n")
    body = "".join(_blocks(blocks))
    if body:
        parts.append(body)
    return "\n".join(parts).encode("utf-8")


def notice(lang: str) -> str:
    """The unreviewed notice of a page in ``lang``, in its catalog's language (English where none serves it)."""
    return f"**{gettext(lang, NOTICE_HEADLINE)}.** {gettext(lang, NOTICE_TEXT)}"


def front_matter(article: TranslatedArticle, *, release: bool = False) -> str:
    """The YAML front matter between its ``---`` fences (see the module docstring for the keys)."""
    title_runs, _ = split_title(article)
    meta = article.meta
    fields: list[tuple[str, str | date | bool]] = [("title", _one_line("".join(r.text for r in title_runs)))]
    if meta.date is not None:
        fields.append(("date", meta.date))
    fields += [("lang", article.lang), ("slug", meta.slug), ("translationKey", meta.slug)]
    if meta.author:
        fields.append(("author", _one_line(meta.author)))
    if article.draft:
        fields.append(("unreviewed", True))
        if not release:
            fields.append(("draft", True))
    lines = [f"{key}: {_yaml_value(value)}" for key, value in fields]
    if article.engines:  # the provenance of its machine translation
        lines += ["engines:", *(f"  - {_yaml_value(engine)}" for engine in article.engines)]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _yaml_value(value: str | date | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if _QUOTABLE.fullmatch(value):
        return f'"{value}"'  # what PyYAML writes for it, a hundred times faster
    # PyYAML's double-quoted style escapes what YAML cannot hold as it is (controls, U+2028, a BOM).
    dumped = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=2**31 - 1)
    return dumped.rstrip("\n")


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _blocks(blocks: Sequence[Block]) -> Iterable[str]:
    """Each block's lines, a blank line between blocks (not between items of one list or paragraphs of a quote)."""
    lists: list[tuple[bool, int, str]] = []  # the open lists, outermost first: ordered, items so far, indent
    previous: Block | None = None
    for block in blocks:
        text = runs_to_markdown(block.runs)
        if not text:
            continue
        if block.kind is BlockKind.LIST_ITEM:
            marker, indent = _list_marker(lists, block)
            if previous is not None and previous.kind is not BlockKind.LIST_ITEM:
                yield "\n"
            yield f"{indent}{marker}{text}\n"
        elif block.kind is BlockKind.QUOTE:
            lists.clear()
            depth = max(block.level, 1)
            if previous is not None:
                quoted = previous.kind is BlockKind.QUOTE
                yield ">" * min(depth, max(previous.level, 1)) + "\n" if quoted else "\n"
            yield "> " * depth + text + "\n"
        else:
            lists.clear()
            if previous is not None:
                yield "\n"
            if block.kind is BlockKind.PARAGRAPH:
                yield text + "\n"
            else:
                yield "#" * min(max(block.level, 1), 6) + " " + text + "\n"
        previous = block


def _list_marker(lists: list[tuple[bool, int, str]], block: Block) -> tuple[str, str]:
    """The marker (``- `` or ``3. ``) and indent of a list item, updating the open lists.

    As in the HTML page, a jump of more than one level nests one level deeper, and a change between bullets
    and numbers at one depth starts a new list.
    """
    depth = min(max(block.level, 1), len(lists) + 1)
    del lists[depth:]
    if len(lists) == depth and lists[-1][0] != block.ordered:
        lists.pop()
    if len(lists) < depth:
        indent = ""
        if lists:
            ordered, count, outer = lists[-1]
            indent = outer + " " * len(f"{count}. " if ordered else "- ")
        lists.append((block.ordered, 0, indent))
    ordered, count, indent = lists[-1]
    lists[-1] = (ordered, count + 1, indent)
    return (f"{count + 1}. " if ordered else "- "), indent


def runs_to_markdown(runs: Sequence[Run]) -> str:
    """Inline CommonMark for runs, on one line: text escaped, emphasis, strong, code spans, safe links."""
    tagged, marks = runs_to_tagged(runs)
    out = _Inline()
    code: list[str] | None = None  # the text of an open code span: marks inside one cannot be written
    code_tag = 0
    open_links: list[int] = []
    for piece in tokenize(tagged):
        if isinstance(piece, str):
            text = _SPACE.sub(" ", piece)
            if code is not None:
                code.append(text)
            else:
                out.text(_escape(text))
            continue
        mark = marks[piece.number - 1]
        if code is not None:
            if piece.closing and piece.number == code_tag:
                out.text(_code_span("".join(code)))
                code = None
            continue
        if mark.kind is MarkKind.CODE:
            code, code_tag = [], piece.number
        elif mark.kind is MarkKind.LINK:
            if not piece.closing and safe_href(mark.href) is not None and not open_links:
                open_links.append(piece.number)
                out.open(piece.number, "[")
            elif piece.closing and open_links and open_links[-1] == piece.number:
                open_links.pop()
                out.close(piece.number, f"]({_destination(mark.href or '')})")
            # else: published as plain text, as the other formats do (an unsafe address, a link in a link)
        elif piece.closing:
            out.close(piece.number, _DELIMITERS[mark.kind])
        else:
            out.open(piece.number, _DELIMITERS[mark.kind])
    if code is not None:
        out.text(_code_span("".join(code)))
    return _escape_block_start(out.markdown().strip())


class _Inline:
    """Inline Markdown built piece by piece, keeping delimiters next to their text.

    CommonMark takes ``*`` for emphasis only where it touches the text (``* a *`` is literal), so spaces at
    either end of a span are moved outside it; a span with no text (``**``, which would be literal) is left out.
    """

    def __init__(self) -> None:
        self.pieces: list[tuple[int, str]] = []  # (tag number opened here, or 0 for anything else; markdown)

    def text(self, markdown: str) -> None:
        if not markdown:
            return
        stripped = markdown.lstrip(" ")
        spaces = len(markdown) - len(stripped)
        if spaces and self.pieces and self.pieces[-1][0]:
            at = len(self.pieces)
            while at and self.pieces[at - 1][0]:
                at -= 1  # before every delimiter just opened
            self.pieces.insert(at, (0, " " * spaces))
            markdown = stripped
        if markdown:
            self.pieces.append((0, markdown))

    def open(self, number: int, markdown: str) -> None:
        self.pieces.append((number, markdown))

    def close(self, number: int, markdown: str) -> None:
        spaces = 0
        while self.pieces and not self.pieces[-1][0]:
            last = self.pieces[-1][1]
            kept = last.rstrip(" ")
            spaces += len(last) - len(kept)
            if kept:
                self.pieces[-1] = (0, kept)
                break
            self.pieces.pop()
        if self.pieces and self.pieces[-1][0] == number:
            self.pieces.pop()  # nothing inside: leave the span out
        else:
            self.pieces.append((0, markdown))
        if spaces:
            self.pieces.append((0, " " * spaces))

    def markdown(self) -> str:
        return "".join(markdown for _, markdown in self.pieces)


def _escape(text: str) -> str:
    return _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def _escape_block_start(text: str) -> str:
    """Escape what would open a block at the start of a line: a quote, a list item, a setext underline."""
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    if match.group(1):
        return "\\" + text
    return f"{match.group(2)}\\{match.group(3)}{text[match.end():]}"


def _code_span(text: str) -> str:
    """A code span holding ``text`` as it is: fenced by more backticks than any run of them inside."""
    if not text.strip():
        return _escape(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return fence + pad + text + pad + fence


def _destination(href: str) -> str:
    """A link destination: spaces, controls and angle brackets percent-encoded, parentheses escaped."""
    kept = safe_href(href) or ""
    out = []
    for char in kept:
        if char in "()\\":
            out.append("\\" + char)
        elif char in "<>" or ord(char) <= 0x20 or ord(char) == 0x7F:
            out.append(f"%{ord(char):02X}")
        else:
            out.append(char)
    return "".join(out)


def _render(article: TranslatedArticle, context: RenderContext) -> bytes:
    return render_markdown(article, release=context.destination is Destination.RELEASES)


FORMAT = OutputFormat("markdown", "md", N_("Markdown"), _render, rank=20)
