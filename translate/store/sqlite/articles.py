"""Articles and their segments in the SQLite store: what ``translate run`` records, and reads back.

Segments that disappear from an article are kept (with no position) so their translations stay
available as memory; "current" segments are those with a position.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from translate.errors import StoreError
from translate.inline import tagged_to_runs
from translate.model import Article, ArticleMeta, Block, BlockKind, Mark, MarkKind, Run, Segment
from translate.store.sqlite.database import Database
from translate.store.values import ArticleChange, StoredSource, now, source_digest


def marks_json(marks: Sequence[Mark]) -> str:
    return json.dumps([[m.kind.value, m.href] for m in marks])


@functools.lru_cache(maxsize=4096)
def marks_from_json(text: str) -> tuple[Mark, ...]:
    """Marks from their JSON (cached: most segments share ``[]`` or a few common ones; Mark is immutable)."""
    return tuple(Mark(MarkKind(kind), href) for kind, href in json.loads(text))


class Articles:
    """The ``articles`` and ``segments`` tables."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save_article(self, article: Article, segments: Sequence[Segment]) -> ArticleChange:
        meta = article.meta
        at = now()
        try:
            resolved: str | None = str(meta.source_path.resolve())
        except (OSError, RuntimeError):
            resolved = None
        with self._db.transaction() as db:
            known = {row["id"] for row in db.execute("SELECT id FROM segments WHERE slug = ?", (meta.slug,))}
            db.execute(
                "INSERT INTO articles (slug, title, source_path, source_lang, meta, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO UPDATE SET title = excluded.title,"
                " source_path = excluded.source_path, source_lang = excluded.source_lang,"
                " meta = excluded.meta, updated_at = excluded.updated_at",
                (
                    meta.slug,
                    meta.title,
                    str(meta.source_path),
                    meta.source_lang,
                    json.dumps({
                        "date": meta.date.isoformat() if meta.date else None,
                        "author": meta.author,
                        "blocks": [[b.kind.value, b.level, b.ordered] for b in article.blocks],
                        "source": {"resolved": resolved, "digest": source_digest(article)},
                    }),
                    at,
                ),
            )
            db.execute("UPDATE segments SET position = NULL WHERE slug = ?", (meta.slug,))
            db.executemany(
                "INSERT INTO segments (slug, id, block, position, source, marks, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (slug, id) DO UPDATE SET"
                " block = excluded.block, position = excluded.position, marks = excluded.marks",
                [
                    (meta.slug, s.id, s.block, position, s.text, marks_json(s.marks), at)
                    for position, s in enumerate(segments)
                ],
            )
        current = {s.id for s in segments}
        return ArticleChange(added=len(current - known), kept=len(current & known), dropped=len(known - current))

    def segments(self, slug: str) -> tuple[Segment, ...]:
        rows = self._db.execute(
            "SELECT id, block, source, marks FROM segments WHERE slug = ? AND position IS NOT NULL ORDER BY position",
            (slug,),
        )
        return tuple(Segment(r["id"], r["block"], r["source"], marks_from_json(r["marks"])) for r in rows)

    def source_languages(self) -> dict[str, str]:
        return {r["slug"]: r["source_lang"] for r in self._db.execute("SELECT slug, source_lang FROM articles")}

    def current_segments(self) -> set[tuple[str, str]]:
        rows = self._db.execute("SELECT slug, id FROM segments WHERE position IS NOT NULL")
        return {(r["slug"], r["id"]) for r in rows}

    def stored_article(self, slug: str) -> tuple[Article, tuple[Segment, ...]]:
        row = self._row(slug)
        if row is None:
            raise StoreError(f"no article {slug!r} in the store", path=self._db.path,
                             hint=f"articles: {', '.join(self.articles()) or 'none'}")
        meta = json.loads(row["meta"])
        if "blocks" not in meta:
            raise StoreError(f"the store has no structure for {slug!r} (saved by an older version)", path=self._db.path,
                             hint=f"run `translate run {row['source_path']}` again")
        segments = self.segments(slug)
        by_block: dict[int, list[Run]] = {}
        for segment in segments:
            runs = by_block.setdefault(segment.block, [])
            if runs:
                runs.append(Run(" "))
            runs.extend(tagged_to_runs(segment.text, segment.marks))
        blocks = tuple(
            Block(BlockKind(kind), tuple(by_block.get(index, ())), level, ordered)
            for index, (kind, level, ordered) in enumerate(meta.get("blocks", []))
        )
        return Article(_meta(slug, row, meta), blocks), segments

    def source(self, slug: str) -> StoredSource | None:
        row = self._row(slug)
        if row is None:
            return None
        source = json.loads(row["meta"]).get("source") or {}
        return StoredSource(row["source_path"], source.get("resolved"), source.get("digest"))

    def article_meta(self, slug: str) -> ArticleMeta | None:
        row = self._row(slug)
        return None if row is None else _meta(slug, row, json.loads(row["meta"]))

    def articles(self) -> list[str]:
        return [row["slug"] for row in self._db.execute("SELECT slug FROM articles ORDER BY slug")]

    def _row(self, slug: str) -> dict[str, str] | None:
        row = self._db.execute("SELECT title, source_path, source_lang, meta FROM articles WHERE slug = ?",
                               (slug,)).fetchone()
        return None if row is None else dict(row)


def _meta(slug: str, row: dict[str, str], meta: dict[str, object]) -> ArticleMeta:
    when = meta.get("date")
    author = meta.get("author")
    return ArticleMeta(
        title=row["title"], slug=slug, source_lang=row["source_lang"], source_path=Path(row["source_path"]),
        date=date.fromisoformat(when) if isinstance(when, str) and when else None,
        author=author if isinstance(author, str) else None,
    )
