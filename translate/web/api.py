"""The editor's requests: save a segment, approve or reopen it, check a text as it is typed, read a segment.

Texts travel as the translator edits them (:func:`~translate.inline.editable`: tags as ``<1>…</1>``, every
other character itself) and are stored as tagged text.

Every write is the library's (:func:`~translate.review.apply.save_segment`, :func:`~translate.review.apply.decide`),
so it is checked and recorded exactly as an import or a CLI approval is. A save names the revision it was
made on; one made on a revision that has moved is a conflict (409) that carries the store's version, never a
silent overwrite. An approval that QA refuses (422) carries the findings; approving anyway needs a reason,
recorded in the history as the reviewer's override.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from translate.errors import ReviewError
from translate.inline import editable, from_editable
from translate.model import Finding, SegmentState
from translate.qa import Checker, Stage
from translate.review.apply import APPLIED, Outcome, UnitResult, decide, save_segment
from translate.review.limits import MAX_COMMENT_CHARS
from translate.web.app import Workbench, bench_of, body_text, json_body

_VIA = "workbench"


async def save(request: Request) -> JSONResponse:
    return await run_in_threadpool(_writing, _save, bench_of(request), await json_body(request))


def _save(bench: Workbench, body: dict[str, Any]) -> JSONResponse:
    text = body_text(body, "text")
    if not text.strip():
        raise ReviewError("an empty translation is not saved", hint="type the translation, or copy the draft (Ctrl+Space)")
    result = save_segment(bench.store(), bench.glossary(), slug=body_text(body, "slug"), segment_id=body_text(body, "id"),
                          lang=body_text(body, "lang"), text=from_editable(text), revision=_revision(body),
                          actor=bench.actor, via=_VIA)
    return _answer(bench, body, result)


async def approve(request: Request) -> JSONResponse:
    return await run_in_threadpool(_writing, _approve, bench_of(request), await json_body(request))


def _approve(bench: Workbench, body: dict[str, Any]) -> JSONResponse:
    reason = str(body.get("override", "")).strip()[:MAX_COMMENT_CHARS]
    result = decide(bench.store(), bench.glossary(), f"{body_text(body, 'slug')}/{body_text(body, 'id')}", lang=body_text(body, "lang"),
                    state=SegmentState.APPROVED, actor=bench.actor, force=bool(reason), via=_VIA,
                    reason=f"override by the reviewer: {reason}" if reason else "", revision=_revision(body))[0]
    return _answer(bench, body, result)


async def reopen(request: Request) -> JSONResponse:
    return await run_in_threadpool(_writing, _reopen, bench_of(request), await json_body(request))


def _reopen(bench: Workbench, body: dict[str, Any]) -> JSONResponse:
    reason = str(body.get("reason", "")).strip()[:MAX_COMMENT_CHARS]
    if not reason:
        raise ReviewError("reopening needs a reason", hint="say what to look at again")
    result = decide(bench.store(), bench.glossary(), f"{body_text(body, 'slug')}/{body_text(body, 'id')}", lang=body_text(body, "lang"),
                    state=SegmentState.NEEDS_REVIEW, actor=bench.actor, via=_VIA, reason=reason,
                    revision=_revision(body))[0]
    return _answer(bench, body, result)


def _writing(write: Callable[[Workbench, dict[str, Any]], JSONResponse], bench: Workbench,
             body: dict[str, Any]) -> JSONResponse:
    with bench.writing:
        return write(bench, body)


async def check(request: Request) -> JSONResponse:
    """The QA findings an import would give the text, without saving it (as the translator types)."""
    return await run_in_threadpool(_check, bench_of(request), await json_body(request))


def _check(bench: Workbench, body: dict[str, Any]) -> JSONResponse:
    slug, lang, segment_id = body_text(body, "slug"), body_text(body, "lang"), body_text(body, "id")
    store = bench.store()
    source_langs = store.source_languages()
    found = (store.review_index(slug, lang, segment_ids=(segment_id,)).get(segment_id) if slug in source_langs
             else None)
    if found is None:
        raise ReviewError(f"no segment {segment_id!r} of {slug!r} in {lang}")
    checker = Checker(Stage.REVIEW_IMPORT, bench.glossary(), src=source_langs[slug], tgt=lang)
    return JSONResponse({"findings": _findings(checker(found.segment, from_editable(body_text(body, "text"))))})


async def approve_article(request: Request) -> JSONResponse:
    """Approve every segment of the article that passes QA and is at the revision the page showed; the others
    stay, said with their count (a moved one is a conflict, shown with both versions)."""
    return await run_in_threadpool(_writing, _approve_article, bench_of(request), await json_body(request))


def _approve_article(bench: Workbench, body: dict[str, Any]) -> JSONResponse:
    slug, lang = body_text(body, "slug"), body_text(body, "lang")
    revisions = body.get("revisions")
    if not isinstance(revisions, dict) or not all(
            isinstance(value, int) and not isinstance(value, bool) for value in revisions.values()):
        raise ReviewError("the request has no revisions of the page's segments", hint="reload the page")
    results = decide(bench.store(), bench.glossary(), slug, lang=lang, state=SegmentState.APPROVED,
                     actor=bench.actor, via=_VIA, revisions=revisions)
    approved = sum(1 for r in results if r.outcome is Outcome.APPLIED)
    refused = sum(1 for r in results if r.outcome is Outcome.INVALID)
    moved = sum(1 for r in results if r.outcome is Outcome.CONFLICT)
    segments = [{"id": r.segment_id, "outcome": r.outcome.value, **_current(bench, slug, lang, r.segment_id)}
                for r in results if r.segment_id and r.outcome is not Outcome.UNKNOWN]
    message = (f"{approved} segment(s) approved" + (f"; {refused} not, for their QA findings" if refused else "")
               + (f"; {moved} not, changed since the page was loaded (look at them again)" if moved else ""))
    return JSONResponse({"message": message, "refused": refused + moved, "segments": segments})


def segment(request: Request) -> JSONResponse:
    bench = bench_of(request)
    slug, lang, segment_id = (request.path_params[name] for name in ("slug", "lang", "id"))
    return JSONResponse(_current(bench, slug, lang, segment_id))


def _current(bench: Workbench, slug: str, lang: str, segment_id: str) -> dict[str, Any]:
    """The store's version of a segment: text, state, revision, and who changed it last, when."""
    store = bench.store()
    found = store.review_index(slug, lang, segment_ids=(segment_id,)).get(segment_id)
    translation = found.translation if found is not None else None
    if translation is None:
        raise ReviewError(f"no {lang} translation of segment {segment_id!r} of {slug!r}")
    history = store.history(slug, segment_id, lang)
    last = history[-1] if history else None
    findings = [f for f in store.findings(slug, lang) if f.segment_id == segment_id]
    return {"text": editable(translation.text), "state": translation.state.value, "revision": translation.revision,
            "by": last.actor if last else "", "at": last.at if last else "", "via": last.via if last else "",
            "findings": _findings(findings)}


def _answer(bench: Workbench, body: dict[str, Any], result: UnitResult) -> JSONResponse:
    status = 200
    if result.outcome is Outcome.CONFLICT:
        status = 409
    elif result.outcome in (Outcome.INVALID, Outcome.STALE, Outcome.UNKNOWN):
        status = 422
    answer: dict[str, Any] = {"outcome": result.outcome.value, "message": result.message,
                              "applied": result.outcome in APPLIED, "findings": _findings(result.findings)}
    if result.outcome is not Outcome.UNKNOWN:
        answer["current"] = _current(bench, body_text(body, "slug"), body_text(body, "lang"), body_text(body, "id"))
    return JSONResponse(answer, status_code=status)


def _findings(findings: list[Finding] | tuple[Finding, ...]) -> list[dict[str, str]]:
    return [{"check": f.check, "severity": f.severity.value, "message": f.message} for f in findings]




def _revision(body: dict[str, Any]) -> int:
    value = body.get("revision")
    if not isinstance(value, int) or isinstance(value, bool):
        raise ReviewError("the request has no revision", hint="reload the page")
    return value


ROUTES = [
    Route("/api/save", save, methods=["POST"]),
    Route("/api/approve", approve, methods=["POST"]),
    Route("/api/reopen", reopen, methods=["POST"]),
    Route("/api/approve-article", approve_article, methods=["POST"]),
    Route("/api/check", check, methods=["POST"]),
    Route("/api/segment/{slug}/{lang}/{id}", segment, methods=["GET"]),
]
