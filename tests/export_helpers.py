"""Articles for the output-format tests (HTML, DOCX, Markdown): blocks, links and a translated article."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from translate.model import ArticleMeta, Block, BlockKind, Mark, MarkKind, Run, TranslatedArticle


def link(href: str) -> Mark:
    return Mark(MarkKind.LINK, href)


def block(kind: BlockKind, *runs: Run | str, level: int = 0, ordered: bool = False) -> Block:
    return Block(kind, tuple(Run(r) if isinstance(r, str) else r for r in runs), level, ordered)


def make_article(
    *body: Block,
    lang: str = "es",
    draft: bool = False,
    title: str = "Título de prueba",
    when: date | None = date(2022, 11, 24),
    author: str | None = "Ana Pérez",
) -> TranslatedArticle:
    """An article titled ``title`` with ``body`` after the title, in ``lang``."""
    meta = ArticleMeta(title, "prueba", "en", Path("articles/prueba.md"), when, author)
    return TranslatedArticle(meta, lang, (block(BlockKind.TITLE, title), *body), draft=draft)
