"""The article as the reader will see it: ``/preview/{slug}/{lang}``, from the store's current text.

It is the page a release would publish (the same assembly, :func:`~translate.export.assemble.assemble`, and
the same page format and templates, the workspace's first), marked a draft while a segment is not approved,
and without the reviewer's QA marks. Its templates style the page inline, so the answer carries a policy of
its own: inline styles allowed, and a sandbox in which no script runs and no form is sent.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from translate.errors import StoreError
from translate.export.assemble import assemble
from translate.export.formats import Destination, RenderContext, output_formats
from translate.export.html import HtmlRenderer
from translate.model import SegmentState
from translate.web.app import Workbench, bench_of

POLICY = ("sandbox allow-same-origin; default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
          "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
"""The preview's Content-Security-Policy, in place of the workbench's: the templates' inline styles, never a
script (no ``script-src``, and a ``sandbox`` without ``allow-scripts``: nor forms, nor pop-ups), nothing
from elsewhere; its own origin kept, so the favicon the browser asks for is not refused as foreign."""


@functools.lru_cache(maxsize=4)
def _renderer(templates: Path) -> HtmlRenderer:
    # One per templates folder: jinja2 compiles each template once and reloads it when its file changes.
    return HtmlRenderer(template_dirs=[templates])


def render_preview(bench: Workbench, slug: str, lang: str) -> bytes:
    """The page of ``slug`` in ``lang`` as the store holds it now. StoreError for an article with no
    translation into ``lang``; ExportError for a workspace template that cannot render it."""
    store = bench.store()
    article, segments = store.stored_article(slug)
    translations = store.translations(slug, lang)
    if not translations:
        raise StoreError(f"{slug} has no {lang} translation yet", hint=f"run `translate run` with --to {lang}")
    document = assemble(article, segments, translations, lang)
    approved = all(translations.get(s.id) is not None and translations[s.id].state is SegmentState.APPROVED
                   for s in segments)
    page = next(fmt for fmt in output_formats(Destination.RELEASES) if fmt.page)
    context = RenderContext(_renderer(bench.workspace.templates_dir), Destination.RELEASES)
    return page.render(replace(document, draft=not approved), context)


async def preview(request: Request) -> HTMLResponse:
    slug, lang = request.path_params["slug"], request.path_params["lang"]
    body = await run_in_threadpool(render_preview, bench_of(request), slug, lang)
    return HTMLResponse(body, headers={"content-security-policy": POLICY, "cache-control": "no-store"})


ROUTES = [
    Route("/preview/{slug}/{lang}", preview, methods=["GET"]),
]  # /favicon.ico, which the preview's page makes the browser ask for, is translate.web.release's
STYLES = ("preview.css",)
