"""Comments in the SQLite store: remarks on a segment's translation, kept apart from its history (a comment
changes neither text nor state, so it moves no revision)."""

from __future__ import annotations

from translate.errors import StoreError
from translate.store.sqlite.database import Database
from translate.store.values import Comment, now


class Comments:
    """The ``comments`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add_comment(self, slug: str, segment_id: str, lang: str, text: str, *, actor: str, via: str) -> Comment:
        comment = Comment(slug, segment_id, lang, now(), actor, via, text)
        with self._db.transaction() as db:
            found = db.execute("SELECT 1 FROM translations WHERE slug = ? AND segment_id = ? AND lang = ?",
                               (slug, segment_id, lang)).fetchone()
            if found is None:
                raise StoreError(f"no {lang} translation of segment {segment_id} in {slug} to comment on",
                                 path=self._db.path)
            db.execute("INSERT INTO comments (slug, segment_id, lang, at, actor, via, text)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)", (slug, segment_id, lang, comment.at, actor, via, text))
        return comment

    def comments(self, slug: str, segment_id: str, lang: str) -> list[Comment]:
        rows = self._db.tuples(
            "SELECT slug, segment_id, lang, at, actor, via, text FROM comments"
            " WHERE slug = ? AND segment_id = ? AND lang = ? ORDER BY rowid",
            (slug, segment_id, lang),
        )
        return [Comment(*row) for row in rows]
