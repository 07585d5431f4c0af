"""Releases in the workbench: each language's approval gate, the post-editing effort, publishing, and the releases.

The gate is :func:`translate.release.release_gate` (what :func:`~translate.release.publish` decides on) and the
publish form calls :func:`~translate.release.publish` as ``translate publish`` does, under the workspace lock
taken without waiting: a busy workspace is a refusal saying who holds it, never a hang. Published releases are
served read-only under ``/releases/NAME/PATH`` (see :func:`release_file`).
"""

from __future__ import annotations

import datetime
import os
import stat
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from translate.errors import ReleaseError, StoreError, TranslateError
from translate.export import language_name
from translate.i18n import missing_catalogs
from translate.lock import workspace_lock
from translate.release import SAFE_NAME, PageGate, check_name, publish, release_gate
from translate.review.status import Effort, article_effort, effort
from translate.web.app import Workbench, bench_of, json_body

NAV = (("/release", "Release"),)
STYLES = ("release.css",)
RELEASE_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'none'; "
                  "base-uri 'none'; frame-ancestors 'none'")
"""The policy of a published page: its own inline styles (the release templates carry them), never a script
(``default-src 'none'``: not inline, not from anywhere), no form, no frame."""
_TYPES = {".html": "text/html; charset=utf-8", ".md": "text/markdown; charset=utf-8",
          ".json": "application/json", ".txt": "text/plain; charset=utf-8",
          ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_NOT_FOUND = "There is no such file in this release."
MAX_LINKS = 24
"""Segments linked per article, language and state (the rest counted; the editor's "Next to do" finds them)."""


@dataclass(frozen=True, slots=True)
class ArticleGate:
    """One article's page in one language, with its title and its post-editing effort (None: nothing reviewed)."""

    gate: PageGate
    title: str
    effort: Effort | None

    @property
    def share(self) -> int:
        return round(100 * self.gate.approved / self.gate.total) if self.gate.total else 0


@dataclass(frozen=True, slots=True)
class LanguageGate:
    """A language: ready when every page passes the gate."""

    lang: str
    name: str
    articles: tuple[ArticleGate, ...]
    effort: Effort | None

    @property
    def ready(self) -> bool:
        return all(not a.gate.pending for a in self.articles)

    @property
    def pending(self) -> int:
        return sum(len(a.gate.pending) for a in self.articles)


def overview(request: Request) -> HTMLResponse:
    bench = bench_of(request)
    try:
        store = bench.store()
    except StoreError as error:
        return bench.page(request, "release.html", languages=[], slugs=[], titles={}, releases=[], empty=str(error),
                          today=_today())
    slugs = store.articles()
    titles = {slug: meta.title for slug in slugs if (meta := store.article_meta(slug)) is not None}
    per_article = article_effort(store)
    per_language = {e.lang: e for e in effort(store, slugs=slugs)} if slugs else {}
    by_lang: dict[str, list[ArticleGate]] = defaultdict(list)
    for page in release_gate(store):
        by_lang[page.lang].append(ArticleGate(page, titles.get(page.slug, page.slug),
                                              per_article.get((page.slug, page.lang))))
    languages = [LanguageGate(lang, language_name(lang), tuple(items), per_language.get(lang))
                 for lang, items in sorted(by_lang.items())]
    return bench.page(request, "release.html", languages=languages, slugs=slugs, titles=titles,
                      releases=_releases(bench), empty="", today=_today(), max_links=MAX_LINKS)


async def publish_release(request: Request) -> JSONResponse:
    """Publish as ``translate publish`` does; a refusal (the gate, a name, a busy workspace) is 422 with its line."""
    try:
        return await run_in_threadpool(_publish, bench_of(request), await json_body(request))
    except TranslateError as error:
        return JSONResponse({"error": str(error)}, status_code=422)


def _publish(bench: Workbench, body: dict[str, Any]) -> JSONResponse:
    name, slugs, langs = body.get("name"), body.get("articles", []), body.get("langs", [])
    if not isinstance(name, str) or not name.strip():
        raise ReleaseError("the release has no name", hint="give it one, such as the date")
    if not _strings(slugs) or not _strings(langs):
        raise ReleaseError("the articles and languages must be lists of names", hint="reload the page")
    name = name.strip()
    with workspace_lock(bench.workspace, command=f"translate serve: publish {name} (by {bench.actor})", wait=False):
        report = publish(bench.workspace, name=name, slugs=slugs, langs=langs,
                         allow_unreviewed=body.get("allow_unreviewed") is True)
    if report.changed:
        message = (f"Release {name}: {len(report.written)} file(s) written, {report.unchanged} unchanged"
                   + (f", {len(report.removed)} removed" if report.removed else "") + ".")
    else:
        message = f"Release {name}: unchanged, nothing rewritten ({report.unchanged} files)."
    if report.unreviewed:
        message += f" Unreviewed machine translation, marked as such: {', '.join(report.unreviewed)}."
    return JSONResponse({"message": message, "note": missing_catalogs(report.languages) or "",
                         "href": f"/releases/{name}/index.html", "unreviewed": list(report.unreviewed)})


def release_file(request: Request) -> Response:
    """A file of a published release, read-only: ``NAME`` a safe release name, ``PATH`` plain components (no
    ``.``, ``..``, empty or hidden ones), the file found inside ``outputs/releases/NAME`` once every link is
    resolved, and a regular file (a folder is never listed). Anything else is 404."""
    bench = bench_of(request)
    name, path = request.path_params["name"], request.path_params.get("path", "") or "index.html"
    parts = path.split("/")
    try:
        check_name(name, "release name")
    except ReleaseError:
        return _missing(bench, request)
    if any(not part or part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return _missing(bench, request)
    releases = Path(os.path.realpath(bench.workspace.outputs_dir / "releases"))
    folder = Path(os.path.realpath(releases / name))
    wanted = Path(os.path.realpath(folder.joinpath(*parts)))
    if folder.parent != releases or not wanted.is_relative_to(folder) or wanted == folder:
        return _missing(bench, request)
    data = _read_regular(wanted)
    if data is None:
        return _missing(bench, request)
    kind = _TYPES.get(wanted.suffix.lower(), "application/octet-stream")
    headers = {"content-security-policy": RELEASE_POLICY, "cache-control": "no-cache"}
    if kind.startswith("application/vnd") or kind == "application/octet-stream":
        headers["content-disposition"] = f'attachment; filename="{wanted.name}"'
    return Response(data, media_type=kind, headers=headers)


def favicon(_request: Request) -> Response:
    """The workbench's icon, for the published pages (they name none: the browser asks for /favicon.ico)."""
    return RedirectResponse("/static/favicon.svg", status_code=308)


def _read_regular(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (opened without following a link swapped in meanwhile)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def _missing(bench: Workbench, request: Request) -> Response:
    response = bench.page(request, "error.html", message=_NOT_FOUND)
    response.status_code = 404
    return response


def _releases(bench: Workbench) -> list[str]:
    """The names of the releases published in this workspace (folders under outputs/releases, links left out)."""
    folder = bench.workspace.outputs_dir / "releases"
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return sorted((e.name for e in entries if SAFE_NAME.fullmatch(e.name) and e.is_dir(follow_symlinks=False)),
                  reverse=True)


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _today() -> str:
    return datetime.date.today().isoformat()


ROUTES = [
    Route("/release", overview, methods=["GET"]),
    Route("/api/release/publish", publish_release, methods=["POST"]),
    Route("/releases/{name}/", release_file, methods=["GET"]),
    Route("/releases/{name}/{path:path}", release_file, methods=["GET"]),
    Route("/favicon.ico", favicon, methods=["GET"]),
]
