"""The editor's side panel beyond the terms: memory matches, history and comments of the segment at hand.

``GET /api/segment-info/{slug}/{lang}/{id}`` answers, for one segment::

    {"memory": [{"score", "source": [pieces], "target", "origin", "from", "changed"}, ...],   best first, <= 5
     "history": [{"at", "actor", "via", "from_state", "to_state", "reason", "text", "diff": [pieces]}, ...],
     "comments": [{"at", "actor", "via", "text"}, ...]}                                          oldest first

A piece is ``{"change": "same" | "ins" | "del", "text"}``: a memory match's source against the segment's
(deleted: only in the match's; inserted: only in the segment's), a history entry's text against the machine
draft it was made on. Texts are in the editor's form (:func:`~translate.inline.editable`); history newest
first. ``POST /api/comment`` (``slug``, ``lang``, ``id``, ``text``) records a comment and answers the comments.

The memory of each language pair (:class:`~translate.memory.MemoryIndex`) is read once and kept until the
store's memory changes (:class:`~translate.memory.MemoryCache`, one per application). Matching is the
library's (:mod:`translate.memory`); comments are written by :func:`~translate.review.apply.comment_segment`.
"""

from __future__ import annotations

import threading
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from translate.errors import ReviewError
from translate.inline import editable
from translate.memory import FuzzyMatch, MemoryCache, Piece
from translate.review.apply import comment_segment
from translate.review.history import segment_history
from translate.store import Comment
from translate.web.app import Workbench, bench_of, body_text, json_body

EDITOR_SCRIPTS = ("panel.js",)
STYLES = ("panel.css",)
_VIA = "workbench"
_CACHE_LOCK = threading.Lock()


def segment_info(request: Request) -> JSONResponse:
    bench = bench_of(request)
    slug, lang, segment_id = (request.path_params[name] for name in ("slug", "lang", "id"))
    store = bench.store()
    source_lang = store.source_languages().get(slug)
    found = store.review_index(slug, lang).get(segment_id) if source_lang else None
    if found is None or found.translation is None:
        raise ReviewError(f"no {lang} translation of segment {segment_id!r} of {slug!r}")
    index = _memory(request).index(store, source_lang=source_lang, lang=lang)
    matches = index.matches(found.segment.text, exclude=f"translate:{slug}/{segment_id}")
    history = [{"at": r.entry.at, "actor": r.entry.actor, "via": r.entry.via,
                "from_state": r.entry.from_state.value if r.entry.from_state else None,
                "to_state": r.entry.to_state.value, "reason": r.entry.reason, "text": editable(r.entry.to_text),
                "diff": _pieces(r.against_draft)} for r in segment_history(store, slug, segment_id, lang)]
    return JSONResponse({"memory": [_match(m) for m in matches], "history": history,
                         "comments": _comments(store.comments(slug, segment_id, lang))})


async def comment(request: Request) -> JSONResponse:
    return await run_in_threadpool(_comment, bench_of(request), await json_body(request))


def _comment(bench: Workbench, body: dict[str, Any]) -> JSONResponse:
    slug, lang, segment_id, text = (body_text(body, name) for name in ("slug", "lang", "id", "text"))
    store = bench.store()
    comment_segment(store, slug=slug, segment_id=segment_id, lang=lang, text=text, actor=bench.actor, via=_VIA)
    return JSONResponse({"comments": _comments(store.comments(slug, segment_id, lang))})


def _memory(request: Request) -> MemoryCache:
    """The application's memory cache, made by the first request that needs it."""
    state = request.app.state
    with _CACHE_LOCK:
        if getattr(state, "memory_cache", None) is None:
            state.memory_cache = MemoryCache()
        return state.memory_cache


def _match(match: FuzzyMatch) -> dict[str, Any]:
    kind, _, where = match.origin.partition(":")
    return {"score": match.score, "source": _pieces(match.difference), "target": editable(match.target),
            "origin": where, "from": "approved" if kind == "translate" else "tmx", "changed": match.changed}


def _pieces(pieces: tuple[Piece, ...]) -> list[dict[str, str]]:
    return [{"change": p.change.value, "text": p.text} for p in pieces]


def _comments(comments: list[Comment]) -> list[dict[str, str]]:
    return [{"at": c.at, "actor": c.actor, "via": c.via, "text": c.text} for c in comments]




ROUTES = [
    Route("/api/segment-info/{slug}/{lang}/{id}", segment_info, methods=["GET"]),
    Route("/api/comment", comment, methods=["POST"]),
]
