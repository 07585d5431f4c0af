"""Read a Markdown article: optional YAML front matter, then a CommonMark body.

Front matter keys: ``title``, ``date``, ``author``, ``slug``, ``lang`` (or ``language``, normalized
like ``translate.toml``'s codes: ``EN``, ``en_US`` and ``eng`` give ``en``, ``en-US``); others are
ignored. YAML aliases may not expand the front matter beyond a small bound
(:mod:`translate.yamlsafe`). Images, raw HTML and code blocks are dropped and reported as findings.
Quotes and lists nested deeper than markdown-it reads (:data:`MAX_NESTING`) are refused, not lost.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from translate import yamlsafe
from translate.config import normalize_language
from translate.errors import IngestError, LanguageError, brief
from translate.ingest.base import (
    DATE_HINT,
    BlockCollector,
    add_text,
    build_article,
    check_slug,
    clip,
    link_mark,
    parse_date,
    read_source,
)
from translate.model import Article, BlockKind, Mark, MarkKind, Run

_FENCE = "---"
_FENCE_END = ("---", "...")
_TITLE_HINT = "add `title:` to the front matter or start with a `# Heading`"
_MARK_KINDS = {"em": MarkKind.EMPHASIS, "strong": MarkKind.STRONG}
_NO_MARKS: frozenset[Mark] = frozenset()
MAX_NESTING = 40
"""markdown-it's nesting bound (each quote takes one level, each list two): 39 quotes or 19 lists, one
in another. The CommonMark preset's 20 dropped the text of a 20-deep quote silently; past any bound
markdown-it skips the rest of the container, so the reader refuses such a source instead. The bound
keeps markdown-it's recursion far from Python's, and what a hostile line costs small (markdown-it
scans the rest of the line again at each level)."""
_CONTAINERS = frozenset({"blockquote_open", "list_item_open"})
_LANGUAGE_LIMIT = 64  # longer than any language tag: not worth asking langcodes about


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The parsed front matter; ``lines`` maps each top-level key to its line in the file."""

    data: dict[str, object]
    lines: dict[str, int]
    body_offset: int

    def text(self, key: str, *, path: Path) -> str | None:
        """The value of ``key`` as text (numbers allowed), None when absent or empty."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise IngestError(
                f"front matter `{key}:` must be text, got {brief(value)}",
                path=path,
                line=self.lines.get(key),
                hint=f"write `{key}:` as a single line of text",
            )
        return str(value).strip() or None

    def language(self, *, path: Path) -> str | None:
        """The ``lang:`` (or ``language:``) code in standard form; IngestError for an unknown one."""
        key = "lang" if self.data.get("lang") is not None else "language"
        code = self.text(key, path=path)
        if code is None:
            return None
        try:
            if len(code) > _LANGUAGE_LIMIT:
                raise ValueError(code)
            return normalize_language(code)
        except (LanguageError, ValueError) as exc:
            raise IngestError(
                f"front matter `{key}:` {brief(code)} is not a language code",
                path=path,
                line=self.lines.get(key),
                hint="use an ISO 639-1 code such as en, uk, pt-BR (or delete the line)",
            ) from exc


EXTENSIONS = (".md", ".markdown")
"""The file name endings this reader takes (see :data:`translate.ingest.READERS`)."""


def read(path: Path, *, source_lang: str) -> Article:
    """Read the Markdown article at ``path``; front matter ``lang:`` overrides ``source_lang``."""
    source, findings = read_source(path)
    front, body = split_front_matter(source, path=path)
    lang = front.language(path=path) or source_lang
    slug: str | None = None
    if (raw_slug := front.data.get("slug")) is not None:
        slug = check_slug(raw_slug, path=path, line=front.lines.get("slug"))
    article_date: date | None = None
    if (raw_date := front.data.get("date")) is not None:
        article_date = parse_date(raw_date, path=path, line=front.lines.get("date"))

    tokens = MarkdownIt("commonmark", options_update={"maxNesting": MAX_NESTING}).parse(body)
    _check_nesting(tokens, path=path, line_offset=front.body_offset)
    walker = _Walker(line_offset=front.body_offset)
    walker.collector.findings.extend(findings)
    walker.walk(tokens)
    blocks = walker.collector.blocks

    fm_title = front.text("title", path=path)
    title: list[Run] = []
    starts_with_h1 = bool(blocks) and blocks[0].kind is BlockKind.HEADING and blocks[0].level == 1
    if starts_with_h1 and (fm_title is None or " ".join(fm_title.split()) == blocks[0].text):
        title = list(blocks.pop(0).runs)
    elif fm_title is not None:
        title = [Run(fm_title)]

    return build_article(
        path,
        title=title,
        blocks=blocks,
        findings=walker.collector.findings,
        source_lang=lang,
        slug=slug,
        article_date=article_date,
        author=front.text("author", path=path),
        title_hint=_TITLE_HINT,
    )


def split_front_matter(source: str, *, path: Path) -> tuple[FrontMatter, str]:
    """Separate the YAML front matter (if the file starts with ``---``) from the body."""
    lines = source.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != _FENCE:
        return FrontMatter({}, {}, 0), source
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _FENCE_END), None)
    if end is None:
        raise IngestError(
            "front matter is not closed",
            path=path,
            line=1,
            hint="end the front matter with a line `---`, or remove the first `---`",
        )
    key_lines: dict[str, int] = {}
    for number, line in enumerate(lines[1:end], start=2):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if match:
            key_lines.setdefault(match.group(1), number)
    try:
        data = yamlsafe.load("".join(lines[1:end]))
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path) from exc
    except yamlsafe.AliasBomb as exc:
        raise IngestError(
            f"front matter refused: {exc}",
            path=path,
            line=exc.line + 1,
            hint="write the values out instead of repeating them with YAML aliases (*name)",
        ) from exc
    except RecursionError as exc:  # only PyYAML's pure-Python loader recurses; libyaml bounds depth
        raise IngestError(
            "front matter is nested too deeply",
            path=path,
            line=2,
            hint="front matter holds single-line values such as `title: ...`",
        ) from exc
    except yamlsafe.BadValue as exc:  # an impossible date such as 2024-13-45, `!!bool maybe`, ...
        raise IngestError(
            f"front matter: {exc}",
            path=path,
            line=exc.line + 1,
            hint=DATE_HINT if "timestamp" in str(exc) else "write it as plain text, or quote it",
        ) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise IngestError(
            f"front matter must be a mapping of keys, got {type(data).__name__}",
            path=path,
            line=2,
            hint="write it as `key: value` lines, e.g. `title: Armenia and the CSTO`",
        )
    front = FrontMatter({str(key): value for key, value in data.items()}, key_lines, end + 1)
    return front, "".join(lines[end + 1 :])


def _yaml_error(exc: yaml.YAMLError, path: Path) -> IngestError:
    """An IngestError pointing at the line of the file where YAML gave up."""
    offset = 2  # yaml counts lines from 0, and the front matter starts on line 2 of the file
    line = offset
    problem = str(exc)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        if mark is not None:
            line = mark.line + offset
        problem = exc.problem or exc.context or problem
        if exc.problem and exc.context:
            where = f" (line {exc.context_mark.line + offset})" if exc.context_mark else ""
            problem = f"{exc.context}{where}: {exc.problem}"
    return IngestError(
        f"invalid YAML in front matter: {clip(problem)}",
        path=path,
        line=line,
        hint="check the indentation and put values containing ':' or '#' in quotes",
    )


def _check_nesting(tokens: list[Token], *, path: Path, line_offset: int) -> None:
    """IngestError where markdown-it stopped reading a container nested :data:`MAX_NESTING` deep."""
    depth = 0  # quotes and lists open around the token
    for token in tokens:
        if token.type in ("blockquote_open", "bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            depth -= 1
        if token.type in _CONTAINERS and token.level + 1 >= MAX_NESTING:
            line = token.map[0] + 1 + line_offset if token.map else None
            raise IngestError(
                f"quotes and lists nested {depth} deep here: at most {MAX_NESTING - 1} quotes or "
                f"{MAX_NESTING // 2 - 1} lists one inside another can be read, and the text inside "
                "would be lost",
                path=path,
                line=line,
                hint="flatten the nesting",
            )


@dataclass(slots=True)
class _Walker:
    """Turns markdown-it's token stream into blocks."""

    line_offset: int
    collector: BlockCollector = field(default_factory=BlockCollector)
    quote_depth: int = 0
    lists: list[bool] = field(default_factory=list)  # ordered?, one per open list
    items: list[list[Run]] = field(default_factory=list)  # pending text, one per open item

    def walk(self, tokens: list[Token]) -> None:
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "heading_open":
                self._flush_item()
                self.collector.add(
                    BlockKind.HEADING, self._runs(tokens[index + 1]), level=int(token.tag[1])
                )
            elif kind == "paragraph_open":
                self._paragraph(tokens[index + 1])
            elif kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth -= 1
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self._flush_item()
                self.lists.append(kind == "ordered_list_open")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.items.append([])
            elif kind == "list_item_close":
                self._flush_item()
                self.items.pop()
            elif kind in ("fence", "code_block"):
                self._note("ingest-code", token, "dropped a code block (code is not translated)")
            elif kind == "html_block":
                first = token.content.strip().splitlines()[0] if token.content.strip() else ""
                self._note("ingest-html", token, f"dropped an HTML block {brief(first[:60])}")

    def _paragraph(self, inline: Token) -> None:
        runs = self._runs(inline)
        if self.items:
            pending = self.items[-1]
            if pending:
                pending.append(Run(" "))
            pending.extend(runs)
        elif self.quote_depth:
            self.collector.add(BlockKind.QUOTE, runs, level=self.quote_depth)
        else:
            self.collector.add(BlockKind.PARAGRAPH, runs)

    def _flush_item(self) -> None:
        if self.items and self.items[-1]:
            self.collector.add(
                BlockKind.LIST_ITEM, self.items[-1], level=len(self.lists), ordered=self.lists[-1]
            )
            self.items[-1] = []

    def _runs(self, inline: Token) -> list[Run]:
        """The runs of an inline token; images and raw HTML are dropped with a finding."""
        runs: list[Run] = []
        # The open marks, innermost last (None: a link without an address, kept as plain text),
        # and how many times each is open: nested emphasis may be thousands deep, so the set of
        # marks in force changes by one mark at a time instead of being rebuilt for each token.
        stack: list[Mark | None] = []
        open_count: Counter[Mark] = Counter()
        marks = _NO_MARKS
        for child in inline.children or []:
            kind = child.type
            if kind == "text":
                add_text(runs, child.content, marks)
            elif kind in ("softbreak", "hardbreak"):
                add_text(runs, " ", marks)
            elif kind == "code_inline":
                add_text(runs, child.content, marks | {Mark(MarkKind.CODE)})
            elif kind in ("em_open", "strong_open", "link_open"):
                mark: Mark | None = None
                if kind != "link_open":
                    mark = Mark(_MARK_KINDS[child.tag])
                elif href := str(child.attrs.get("href") or ""):
                    mark = link_mark(href, self.collector, where=self._where(inline))
                stack.append(mark)
                if mark is not None:
                    open_count[mark] += 1
                    if open_count[mark] == 1:
                        marks = marks | {mark}
            elif kind in ("em_close", "strong_close", "link_close"):
                mark = stack.pop()
                if mark is not None:
                    open_count[mark] -= 1
                    if not open_count[mark]:
                        del open_count[mark]
                        marks = marks - {mark}
            elif kind == "image":
                src = child.attrs.get("src", "")
                self._note(
                    "ingest-image", inline, f"dropped image {brief(src)} (alt text not kept)"
                )
            elif kind == "html_inline":
                self._note("ingest-html", inline, f"dropped inline HTML {brief(child.content)}")
        return runs

    def _note(self, check: str, token: Token, message: str) -> None:
        self.collector.note(check, f"{self._where(token)}{message}")

    def _where(self, token: Token) -> str:
        return f"line {token.map[0] + 1 + self.line_offset}: " if token.map else ""
