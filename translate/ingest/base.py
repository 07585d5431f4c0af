"""What every reader shares: decoding, slugs, dates, and assembling the Article.

Readers turn their format into a title and a list of blocks; :func:`build_article` checks the
result (title present, body not empty, slug valid) the same way for every format.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from slugify import slugify

from translate.errors import IngestError
from translate.inline import normalize_runs
from translate.model import Article, ArticleMeta, Block, BlockKind, Finding, Mark, Run, Severity
from translate.textio import NotUtf8, decode_utf8

SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
DATE_HINT = "write the date as YYYY-MM-DD"


def read_utf8(path: Path) -> str:
    """The file's text decoded as UTF-8 (a leading BOM is dropped).

    Raises IngestError naming the line and column of the first byte that is not UTF-8.
    """
    try:
        return decode_utf8(path.read_bytes())
    except NotUtf8 as exc:
        raise IngestError(str(exc), path=path, line=exc.line, hint="save it as UTF-8") from exc


def finding(check: str, message: str) -> Finding:
    """A minor finding about the source as a whole."""
    return Finding(check=check, severity=Severity.MINOR, message=message)


def check_slug(value: object, *, path: Path, line: int | None = None) -> str:
    """Return ``value`` if it is a valid slug, else raise IngestError."""
    if not isinstance(value, str) or not SLUG_PATTERN.fullmatch(value):
        raise IngestError(
            f"slug {value!r} is not a valid slug",
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
            f"cannot make a slug from the file name {path.name!r}",
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
    raise IngestError(f"date {value!r} is not a date", path=path, line=line, hint=DATE_HINT)


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
    one), or nothing but the title.
    """
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


def empty_article(path: Path) -> IngestError:
    """The error for a file with no text at all."""
    return IngestError("article is empty", path=path, hint="the file has no text")
