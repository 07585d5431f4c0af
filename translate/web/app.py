"""The workbench's application: the workspace it serves, its pages and API, and the guard around them.

:func:`create_app` builds it for one workspace; ``translate serve`` runs it with uvicorn on loopback. Each
route module (:data:`ROUTE_MODULES`) gives its ``ROUTES``; every route calls the same library functions as
the CLI (:mod:`translate.review.apply` for every write, through the store's transactions and history), so
the workbench holds no rules of its own. Requests run in a thread pool; each thread opens its own store
connection (SQLite connections stay in their thread).
"""

from __future__ import annotations

import getpass
import importlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib.resources import files as resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from translate.config import Workspace
from translate.errors import ReviewError, StoreError, TranslateError
from translate.export import text_direction
from translate.glossary.load import load_glossary
from translate.model import Glossary
from translate.store import Store
from translate.web.security import Guard, allowed_hosts, new_token

ROUTE_MODULES = (
    "translate.web.pages",
    "translate.web.api",
    "translate.web.segment_info",
    "translate.web.release",
    "translate.web.glossary",
    "translate.web.search",
    "translate.web.preview",
)
"""The modules whose ``ROUTES`` the workbench serves, in order; each may add ``NAV`` links to the top bar,
``EDITOR_SCRIPTS`` (parts of the editor's side panel, listening to its ``workbench:segment`` event) and
``STYLES`` (their style sheets, under ``static/``)."""
_STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                 ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8"}


@dataclass
class Workbench:
    """What every route needs: the workspace, its glossary (read again when its files change), a store per
    thread, the page environment and the CSRF token."""

    workspace: Workspace
    token: str
    actor: str
    pages: Environment
    nav_links: tuple[tuple[str, str], ...] = ()
    """(path, label) of the pages route modules add to the top bar (their ``NAV``)."""
    editor_scripts: tuple[str, ...] = ()
    """Static scripts route modules add to the editor (their ``EDITOR_SCRIPTS``): parts of its side panel."""
    styles: tuple[str, ...] = ()
    """Static style sheets route modules add to every page (their ``STYLES``), after ``workbench.css``."""
    writing: threading.Lock = field(default_factory=threading.Lock)
    """Held by each write of the workbench's: its writes queue here, woken the moment one ends, rather than in
    SQLite's busy handler, which sleeps in steps of up to 100 ms (the save p95 of 20 editors at once)."""
    _local: threading.local = field(default_factory=threading.local)
    _stores: list[Store] = field(default_factory=list)
    _glossary: tuple[tuple[tuple[str, int, int], ...], Glossary] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def store(self) -> Store:
        """This thread's store connection (StoreError while nothing has been translated)."""
        store = getattr(self._local, "store", None)
        if store is None:
            if not self.workspace.store_path.exists():
                raise StoreError("nothing translated yet: the store is empty", path=self.workspace.store_path,
                                 hint="run `translate run SOURCE... --to LANGS` first, then reload")
            store = self._local.store = Store.open(self.workspace.store_path, any_thread=True)
            with self._lock:
                self._stores.append(store)
        return store

    def glossary(self) -> Glossary:
        """The workspace's glossary, loaded again when a file of it changed (maintainers edit the YAML)."""
        folder = self.workspace.glossary_dir
        files = sorted(folder.glob("*.y*ml")) if folder.is_dir() else []
        signature = tuple((p.name, st.st_mtime_ns, st.st_size) for p in files for st in (p.stat(),))
        with self._lock:
            if self._glossary is None or self._glossary[0] != signature:
                self._glossary = (signature, load_glossary(folder, cache_dir=self.workspace.state_dir))
            return self._glossary[1]

    def page(self, request: Request, template: str, **context: Any) -> HTMLResponse:
        html = self.pages.get_template(template).render(token=self.token, actor=self.actor, request=request,
                                                         nav_links=self.nav_links, editor_scripts=self.editor_scripts,
                                                         styles=self.styles, **context)
        return HTMLResponse(html)

    def warm_up(self) -> None:
        """Compile every page template and read what babel knows of the store's languages now, at start: the
        first editor page otherwise took them on (some 250 ms of a 200-segment article's first render)."""
        for name in self.pages.list_templates():
            self.pages.get_template(name)
        try:
            store = self.store()
            languages = {*store.source_languages().values(), *(lang for _, lang in store.state_counts())}
        except TranslateError:
            return  # no store yet, or one that cannot be read: the pages say so, the server starts all the same
        for code in languages:
            text_direction(code)

    def close(self) -> None:
        with self._lock:
            for store in self._stores:
                store.close()
            self._stores.clear()


def create_app(workspace: Workspace, *, host: str = "127.0.0.1", port: int = 8765, actor: str | None = None,
               token: str | None = None) -> Guard:
    """The workbench for ``workspace``, answering only at ``host:port`` (see :mod:`translate.web.security`)."""
    bench = Workbench(workspace, token or new_token(), actor or getpass.getuser(), _environment())
    routes: list[BaseRoute] = [Route("/static/{name}", _static(), methods=["GET"])]
    nav: list[tuple[str, str]] = []
    scripts: list[str] = []
    styles: list[str] = []
    for name in ROUTE_MODULES:
        module = importlib.import_module(name)
        routes.extend(module.ROUTES)
        nav.extend(getattr(module, "NAV", ()))
        scripts.extend(getattr(module, "EDITOR_SCRIPTS", ()))
        styles.extend(getattr(module, "STYLES", ()))
    bench.nav_links, bench.editor_scripts, bench.styles = tuple(nav), tuple(scripts), tuple(styles)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(bench.warm_up)
        yield
        bench.close()

    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={
        TranslateError: _translate_error, 404: _not_found, 405: _not_found})
    app.state.bench = bench
    return Guard(app, hosts=allowed_hosts(host, port), token=bench.token)


def bench_of(request: Request) -> Workbench:
    return request.app.state.bench


async def json_body(request: Request) -> dict[str, Any]:
    """The JSON object a page's script sent (ReviewError, one line, for anything else)."""
    try:
        body = await request.json()
    except ValueError:
        raise ReviewError("the request is not JSON", hint="reload the page") from None
    if not isinstance(body, dict):
        raise ReviewError("the request is not a JSON object", hint="reload the page")
    return body


def body_text(body: dict[str, Any], name: str) -> str:
    """The string ``name`` of a request's JSON object (ReviewError if it has none)."""
    value = body.get(name)
    if not isinstance(value, str):
        raise ReviewError(f"the request has no {name}", hint="reload the page")
    return value


def _environment() -> Environment:
    return Environment(loader=PackageLoader("translate.web", "templates"), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True)


def _static():
    """The handler of ``/static/NAME``: the package's own files, read once; nothing else is reachable."""
    folder = resources("translate.web").joinpath("static")
    served = {item.name: (item.read_bytes(), _STATIC_TYPES[Path(item.name).suffix])
              for item in folder.iterdir() if Path(item.name).suffix in _STATIC_TYPES}

    def static(request: Request) -> Response:
        found = served.get(request.path_params["name"])
        if found is None:
            return Response("Not found.", status_code=404, media_type="text/plain")
        return Response(found[0], media_type=found[1], headers={"cache-control": "no-cache"})

    return static


def _translate_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, TranslateError)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": str(error)}, status_code=400)
    response = bench_of(request).page(request, "error.html", message=str(error))
    response.status_code = 400
    return response


def _not_found(request: Request, _error: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": "no such thing here"}, status_code=404)
    response = bench_of(request).page(request, "error.html", message="There is no such page here.")
    response.status_code = 404
    return response
