"""The concordance in the SQLite store: source and target text of every current segment, searched in SQL."""

from __future__ import annotations

from translate.inline import strip_tags
from translate.model import SegmentState
from translate.store.sqlite.database import Database
from translate.store.values import SearchHit, SearchIn

_STATES = {state.value: state for state in SegmentState}


def searchable(tagged: str | None) -> str | None:
    """What a search compares: the text without its inline tags, case-folded (SQLite's own ``lower`` and
    ``LIKE`` fold ASCII only, so ``Ереван`` would not find ``ЕРЕВАН``)."""
    return None if tagged is None else strip_tags(tagged).casefold()


class Search:
    """Finds text in the ``segments`` and ``translations`` tables; the folding runs inside SQLite's scan."""

    def __init__(self, db: Database) -> None:
        self._db = db
        db.connection.create_function("searchable", 1, searchable, deterministic=True)

    def search(self, query: str, *, lang: str | None = None, where: SearchIn = SearchIn.BOTH, limit: int = 100,
               offset: int = 0) -> list[SearchHit]:
        needle = query.strip().casefold()
        if not needle or limit <= 0:
            return []
        in_source = where in (SearchIn.SOURCE, SearchIn.BOTH)
        in_target = where in (SearchIn.TARGET, SearchIn.BOTH)
        rows = self._db.tuples(
            "SELECT t.slug, a.title, t.segment_id, t.lang, s.source, t.text, t.state FROM translations t"
            " JOIN segments s ON s.slug = t.slug AND s.id = t.segment_id JOIN articles a ON a.slug = t.slug"
            " WHERE s.position IS NOT NULL AND (? IS NULL OR t.lang = ?)"
            " AND ((? AND instr(searchable(s.source), ?) > 0) OR (? AND instr(searchable(t.text), ?) > 0))"
            " ORDER BY t.slug, s.position, t.lang LIMIT ? OFFSET ?",
            (lang, lang, in_source, needle, in_target, needle, limit, max(offset, 0)),
        )
        return [SearchHit(slug, title, segment_id, hit_lang, source, text, _STATES[state])
                for slug, title, segment_id, hit_lang, source, text, state in rows]
