"""Read a plain-text article: title line, paragraphs separated by blank lines, simple lists.

Lines starting with ``- ``, ``* `` or ``• `` are bullet items, ``1. `` or ``1) `` numbered items;
indenting an item nests it. Web boilerplate trailing the article ("Share this:", "Related
Posts", ...), as listed in ``translate/data/boilerplate.txt``, is dropped and reported.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from translate.ingest.base import BlockCollector, build_article, empty_article, read_source
from translate.model import Article, BlockKind, Run

_ITEM = re.compile(
    r"(?P<indent>[ \t]*)(?:(?P<bullet>[-*•])|(?P<number>\d{1,3})[.)])[ \t]+(?P<text>\S.*)"
)
_TITLE_HINT = "put the title on the first line"


@functools.cache
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    """The patterns of ``translate/data/boilerplate.txt``, compiled (read on first use)."""
    text = resources.files("translate").joinpath("data/boilerplate.txt").read_text("utf-8")
    return tuple(
        re.compile(line.strip(), re.IGNORECASE)
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def is_boilerplate(line: str) -> bool:
    """Whether the whole (trimmed) line is web boilerplate such as "Share this:"."""
    stripped = line.strip()
    return any(pattern.fullmatch(stripped) for pattern in boilerplate_patterns())


EXTENSIONS = (".txt",)
"""The file name endings this reader takes (see :data:`translate.ingest.READERS`)."""


def read(path: Path, *, source_lang: str) -> Article:
    """Read the plain-text article at ``path``."""
    source, findings = read_source(path)
    lines = source.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise empty_article(path)
    body_start = first + 1
    body, dropped = _strip_trailing_boilerplate(lines[body_start:])

    parser = _Parser()
    parser.collector.findings.extend(findings)
    for line in body:
        parser.feed(line)
    parser.flush()
    if dropped:
        numbers = [body_start + index + 1 for index, _ in dropped]
        where = f"line {numbers[0]}" if len(numbers) == 1 else f"lines {numbers[0]}-{numbers[-1]}"
        parser.collector.note(
            "ingest-boilerplate",
            f"{where}: dropped {len(dropped)} trailing boilerplate line(s): "
            + " | ".join(text.strip() for _, text in dropped),
        )
    return build_article(
        path,
        title=[Run(lines[first])],
        blocks=parser.collector.blocks,
        findings=parser.collector.findings,
        source_lang=source_lang,
        title_hint=_TITLE_HINT,
    )


def _strip_trailing_boilerplate(
    lines: Sequence[str],
) -> tuple[list[str], list[tuple[int, str]]]:
    """Split off the boilerplate lines (and blank lines) at the end of ``lines``.

    Returns the kept lines and the dropped boilerplate lines with their indexes in ``lines``.
    """
    end = len(lines)
    dropped: list[tuple[int, str]] = []
    while end and (not lines[end - 1].strip() or is_boilerplate(lines[end - 1])):
        end -= 1
        if lines[end].strip():
            dropped.append((end, lines[end]))
    return list(lines[:end]), dropped[::-1]


@dataclass(slots=True)
class _Parser:
    """Groups lines into paragraphs and list items, line by line."""

    collector: BlockCollector = field(default_factory=BlockCollector)
    lines: list[str] = field(default_factory=list)
    item: tuple[int, bool] | None = None  # (level, ordered) while the open block is a list item
    indents: list[int] = field(default_factory=list)  # indents of the open list levels

    def feed(self, line: str) -> None:
        if not line.strip():
            self.flush()
            return
        match = _ITEM.fullmatch(line.rstrip())
        if match is None:
            if self.item is None and not self.lines:
                self.indents.clear()  # a plain paragraph ends any list
            self.lines.append(line)
            return
        self.flush()
        indent = len(match.group("indent").expandtabs(4))
        while self.indents and indent < self.indents[-1]:
            self.indents.pop()
        if not self.indents or indent > self.indents[-1]:
            self.indents.append(indent)
        self.item = (len(self.indents), match.group("number") is not None)
        self.lines.append(match.group("text"))

    def flush(self) -> None:
        """Emit the open paragraph or list item."""
        if self.lines:
            runs = [Run(" ".join(self.lines))]
            if self.item is None:
                self.collector.add(BlockKind.PARAGRAPH, runs)
            else:
                level, ordered = self.item
                self.collector.add(BlockKind.LIST_ITEM, runs, level=level, ordered=ordered)
        self.lines = []
        self.item = None
