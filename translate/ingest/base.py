"""What every reader shares: decoding, slugs, dates, links, and assembling the Article.

Readers turn their format into a title and a list of blocks; :func:`build_article` checks the
result (title present, body not empty, slug valid) the same way for every format, and bounds
what hostile input could make of it: no control characters in the text, nesting levels capped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from slugify import slugify

from translate.errors import IngestError, brief
from translate.fsutil import read_bounded
from translate.inline import normalize_runs
from translate.links import link_problem
from translate.model import (
    Article, ArticleMeta, Block, BlockKind, Finding, Mark, MarkKind, Run, Severity,
)  # fmt: skip
from translate.textio import NotUtf8, decode_utf8

SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
DATE_HINT = "write the date as YYYY-MM-DD"
MAX_LEVEL = 9
"""The deepest list or quote level an article keeps; deeper blocks keep their text at this level."""

# C0 controls but tab, newline and carriage return (a line end), DEL, and the C1 controls: no
# engine, page or document takes them (Apertium stops at a NUL, ESC reaches pages raw).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC",
                  0x7F: "DEL", 0x85: "NEL"}  # fmt: skip
_MESSAGE_LIMIT = 200


MAX_SOURCE_BYTES = 32 * 1024**2
"""The largest source file read (a long article is some 100 KB, a book a few MB)."""


def read_article_bytes(path: Path) -> bytes:
    """The bytes of the source file at ``path``: a regular file of at most :data:`MAX_SOURCE_BYTES`, else
    IngestError (a FIFO would wait for a writer, a device never ends)."""
    return read_bounded(path, limit=MAX_SOURCE_BYTES, what="source", error=IngestError,
                        hint="split it into several articles")


def read_utf8(path: Path) -> str:
    """The file's text decoded as UTF-8 (a leading BOM is dropped).

    Raises IngestError naming the line and column of the first byte that is not UTF-8.
    """
    try:
        return decode_utf8(read_article_bytes(path))
    except NotUtf8 as exc:
        raise IngestError(str(exc), path=path, line=exc.line, hint="save it as UTF-8") from exc


def read_source(path: Path) -> tuple[str, list[Finding]]:
    """The text of a text-based source (UTF-8), control characters removed, and the finding saying so.

    Removing them before parsing keeps them out of everything made from the source: text, front
    matter, link addresses. Separators (VT, FF, NEL...) become a space, so words stay apart.
    """
    text, removed = remove_controls(read_utf8(path))
    if removed is None:
        return text, []
    return text, [finding("ingest-control-character", f"{_lines(removed.lines)}: {removed}")]


@dataclass(frozen=True, slots=True)
class RemovedControls:
    """What :func:`remove_controls` took out: how many characters, which ones, on which lines."""

    count: int
    names: tuple[str, ...]
    lines: tuple[int, ...]

    def __str__(self) -> str:
        return (
            f"removed {self.count:,} control character(s) ({', '.join(self.names)}): they are not "
            "text, and engines and pages cannot take them"
        )


def remove_controls(text: str) -> tuple[str, RemovedControls | None]:
    """``text`` without control characters (separators become a space), and what was removed."""
    if _CONTROLS.search(text) is None:
        return text, None
    names: Counter[str] = Counter()
    lines: list[int] = []
    line, pos = 1, 0
    for match in _CONTROLS.finditer(text):
        line += text.count("\n", pos, match.start())
        pos = match.start()
        code = ord(match.group())
        names[_CONTROL_NAMES.get(code, f"U+{code:04X}")] += 1
        if not lines or lines[-1] != line:
            lines.append(line)
    cleaned = _CONTROLS.sub(lambda m: " " if m.group().isspace() else "", text)
    return cleaned, RemovedControls(names.total(), tuple(sorted(names)), tuple(lines))


def _lines(lines: Sequence[int]) -> str:
    """``line 3`` or ``lines 3, 7, 9 and 12 more``: a bounded list for a message."""
    if len(lines) == 1:
        return f"line {lines[0]}"
    shown = ", ".join(str(n) for n in lines[:5])
    return f"lines {shown}" + (f" and {len(lines) - 5:,} more" if len(lines) > 5 else "")


def clip(text: str, limit: int = _MESSAGE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, for messages quoting what a library said about a source."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def link_mark(href: str, collector: BlockCollector, *, where: str = "") -> Mark:
    """The LINK mark for ``href``, kept as written; a finding when the renderers will not publish it.

    ``where`` prefixes the finding (``"line 12: "``).
    """
    problem = link_problem(href)
    if problem is not None:
        collector.note(
            "ingest-link",
            f"{where}the link to {brief(href)} will be published as plain text: {problem}",
        )
    return Mark(MarkKind.LINK, href=href)


def finding(check: str, message: str) -> Finding:
    """A minor finding about the source as a whole."""
    return Finding(check=check, severity=Severity.MINOR, message=message)


def check_slug(value: object, *, path: Path, line: int | None = None) -> str:
    """Return ``value`` if it is a valid slug, else raise IngestError."""
    if not isinstance(value, str) or not SLUG_PATTERN.fullmatch(value):
        raise IngestError(
            f"slug {brief(value)} is not a valid slug",
            path=path,
            line=line,
            hint="use only lowercase letters, digits and '-', e.g. 'armenia-csto-2024'",
        )
    return value


def default_slug(path: Path) -> str:
    """The slug made from the file name, e.g. ``Kyiv Summit.md`` -> ``kyiv-summit``."""
    slug = slugify(path.stem)
    if not SLUG_PATTERN.fullmatch(slug):
        raise IngestError(
            f"cannot make a slug from the file name {brief(path.name)}",
            path=path,
            hint="rename the file using letters and digits, or set `slug:` in the front matter",
        )
    return slug


def parse_date(value: object, *, path: Path, line: int | None = None) -> date:
    """A date from a date, a datetime or an ISO 8601 string; IngestError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            pass
    raise IngestError(f"date {brief(value)} is not a date", path=path, line=line, hint=DATE_HINT)


@dataclass(slots=True)
class BlockCollector:
    """Accumulates blocks and findings while a reader walks its document."""

    blocks: list[Block] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def add(
        self, kind: BlockKind, runs: Sequence[Run], *, level: int = 0, ordered: bool = False
    ) -> None:
        """Append a block with normalized runs; a block with no text is dropped."""
        normalized = normalize_runs(runs)
        if normalized:
            self.blocks.append(Block(kind, normalized, level=level, ordered=ordered))

    def note(self, check: str, message: str) -> None:
        self.findings.append(finding(check, message))


def add_text(runs: list[Run], text: str | None, marks: frozenset[Mark]) -> None:
    """Append ``text`` to ``runs`` with ``marks`` (nothing for None or '')."""
    if text:
        runs.append(Run(text, marks))


def build_article(
    path: Path,
    *,
    title: Sequence[Run],
    blocks: Sequence[Block],
    findings: Sequence[Finding],
    source_lang: str,
    slug: str | None = None,
    article_date: date | None = None,
    author: str | None = None,
    title_hint: str,
) -> Article:
    """Assemble the Article: TITLE block first, then the body blocks.

    Raises IngestError when there is no text at all, no title (``title_hint`` says how to add
    one), or nothing but the title. Control characters the reader let through (HTML character
    references, a DOCX's C1 controls) are removed, and lists and quotes nested deeper than
    :data:`MAX_LEVEL` keep their text at that level, each with a finding.
    """
    findings = list(findings)
    title, blocks, author = _without_controls(title, blocks, author, findings)
    blocks = _capped(blocks, findings)
    title_runs = normalize_runs(title)
    if not title_runs and not blocks:
        raise empty_article(path)
    if not title_runs:
        raise IngestError("article has no title", path=path, hint=title_hint)
    if not blocks:
        raise IngestError("article is empty", path=path, hint="there is no text after the title")
    title_block = Block(BlockKind.TITLE, title_runs)
    meta = ArticleMeta(
        title=title_block.text,
        slug=slug if slug is not None else default_slug(path),
        source_lang=source_lang,
        source_path=path,
        date=article_date,
        author=author or None,
    )
    return Article(meta=meta, blocks=(title_block, *blocks), findings=tuple(findings))


def _without_controls(
    title: Sequence[Run], blocks: Sequence[Block], author: str | None, findings: list[Finding]
) -> tuple[Sequence[Run], Sequence[Block], str | None]:
    """Title, blocks and author without control characters; a finding quoting the first text hit."""
    removed: list[RemovedControls] = []
    hit: list[str] = []  # the texts that held some

    def clean(runs: Sequence[Run]) -> Sequence[Run]:
        if not any(_CONTROLS.search(run.text) for run in runs):
            return runs
        hit.append("".join(run.text for run in runs))
        out: list[Run] = []
        for run in runs:
            text, gone = remove_controls(run.text)
            if gone is not None:
                removed.append(gone)
            out.append(Run(text, run.marks))
        return tuple(out)

    title = clean(title)
    kept: list[Block] = []
    for block in blocks:
        runs = clean(block.runs)
        kept.append(block if runs is block.runs else replace(block, runs=tuple(runs)))
    if author is not None:
        cleaned, gone = remove_controls(author)
        if gone is not None:
            hit.append(author)
            removed.append(gone)
            author = cleaned
    if removed:
        names = tuple(sorted({name for gone in removed for name in gone.names}))
        total = RemovedControls(sum(gone.count for gone in removed), names, ())
        sample = brief(remove_controls(hit[0])[0][:60])
        findings.append(
            finding("ingest-control-character", f"{total}; the first text they were in: {sample}")
        )
    return title, kept, author


def _capped(blocks: Sequence[Block], findings: list[Finding]) -> list[Block]:
    """``blocks`` with list and quote levels beyond :data:`MAX_LEVEL` brought back to it."""
    deep = [block.level for block in blocks if block.level > MAX_LEVEL]
    if not deep:
        return list(blocks)
    findings.append(finding(
        "ingest-nesting",
        f"{len(deep):,} list item(s) or quote(s) nested deeper than {MAX_LEVEL} levels (down to "
        f"level {max(deep):,}) kept their text at level {MAX_LEVEL}",
    ))  # fmt: skip
    return [
        replace(block, level=MAX_LEVEL) if block.level > MAX_LEVEL else block for block in blocks
    ]


def empty_article(path: Path) -> IngestError:
    """The error for a file with no text at all."""
    return IngestError("article is empty", path=path, hint="the file has no text")
