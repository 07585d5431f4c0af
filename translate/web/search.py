"""The concordance: a search over the source and target text of every article and language, each hit a link to
its segment in the editor.

``/search?q=TEXT&lang=LANG&in=source|target|both&page=N`` is the page; ``/api/search`` (same parameters)
answers the hits as JSON. The search itself is the store's (:meth:`~translate.store.SegmentStore.search`):
case-insensitive, across inline tags. Hits come :data:`PAGE` at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from translate.errors import StoreError
from translate.export import text_direction
from translate.inline import strip_tags
from translate.store import SearchHit, SearchIn
from translate.web.app import Workbench, bench_of

PLACES = {"source": "source text", "target": "translations", "both": "source and translations"}
"""How the form names each :class:`SearchIn`."""
PAGE = 50
"""Hits on one page."""
MAX_QUERY = 200
"""Characters of a query; a longer one is cut (a concordance looks for words and phrases)."""


@dataclass(frozen=True, slots=True)
class Query:
    """What the search form asks: the text, the language (empty: all), where to look, the page (from 1)."""

    text: str
    lang: str
    where: SearchIn
    page: int

    @classmethod
    def of(cls, request: Request) -> Query:
        params = request.query_params
        where = params.get("in", "")
        page = params.get("page", "")
        return cls(params.get("q", "").strip()[:MAX_QUERY], params.get("lang", ""),
                   SearchIn(where) if where in set(SearchIn) else SearchIn.BOTH,
                   max(int(page), 1) if page.isdigit() else 1)

    def link(self, page: int) -> str:
        return "/search?" + urlencode({"q": self.text, "lang": self.lang, "in": self.where.value, "page": page})


@dataclass(frozen=True, slots=True)
class Found:
    """One hit as the page shows it: source and target with the matches marked, and its place in the editor."""

    hit: SearchHit
    source: Markup
    target: Markup
    href: str
    dir: str


def highlighted(tagged: str, query: str) -> Markup:
    """The plain text of ``tagged`` (tags left out, as the search compares it), escaped, each occurrence of
    ``query`` (case-folded, as the store folds) in ``<mark>``."""
    text = strip_tags(tagged)
    needle = query.casefold()
    folded: list[str] = []
    origin: list[int] = []  # the character of ``text`` each folded character comes from (ß folds to ss)
    for index, char in enumerate(text):
        fold = char.casefold()
        folded.append(fold)
        origin.extend([index] * len(fold))
    haystack = "".join(folded)
    out: list[str] = []
    position = 0
    start = haystack.find(needle) if needle else -1
    while start >= 0:
        first, last = origin[start], origin[start + len(needle) - 1] + 1
        if first >= position:
            out.append(str(escape(text[position:first])))
            out.append(f"<mark>{escape(text[first:last])}</mark>")
            position = last
        start = haystack.find(needle, start + len(needle))
    out.append(str(escape(text[position:])))
    return Markup("".join(out))


def _hits(bench: Workbench, query: Query) -> tuple[list[SearchHit], bool, list[str]]:
    """A page of hits, whether another page follows, and the languages there are to filter by."""
    store = bench.store()
    langs = sorted({lang for _, lang in store.state_counts()})
    if not query.text:
        return [], False, langs
    hits = store.search(query.text, lang=query.lang or None, where=query.where, limit=PAGE + 1,
                        offset=(query.page - 1) * PAGE)
    return hits[:PAGE], len(hits) > PAGE, langs


async def search_page(request: Request) -> HTMLResponse:
    bench, query = bench_of(request), Query.of(request)
    try:
        hits, more, langs = await run_in_threadpool(_hits, bench, query)
    except StoreError as error:
        return bench.page(request, "search.html", query=query, found=[], more=False, langs=[], empty=str(error),
                          places=tuple(SearchIn), place_labels=PLACES)
    found = [Found(hit, highlighted(hit.source, query.text), highlighted(hit.text, query.text),
                   f"/edit/{hit.slug}/{hit.lang}#seg-{hit.segment_id}", text_direction(hit.lang)) for hit in hits]
    return bench.page(request, "search.html", query=query, found=found, more=more, langs=langs, empty="",
                      places=tuple(SearchIn), place_labels=PLACES, first=(query.page - 1) * PAGE + 1)


async def search_api(request: Request) -> JSONResponse:
    bench, query = bench_of(request), Query.of(request)
    hits, more, _ = await run_in_threadpool(_hits, bench, query)
    return JSONResponse({"hits": [{"slug": h.slug, "title": h.title, "id": h.segment_id, "lang": h.lang,
                                   "source": strip_tags(h.source), "target": strip_tags(h.text),
                                   "state": h.state.value, "href": f"/edit/{h.slug}/{h.lang}#seg-{h.segment_id}"}
                                  for h in hits],
                         "more": more, "next": query.link(query.page + 1) if more else None})


ROUTES = [
    Route("/search", search_page, methods=["GET"]),
    Route("/api/search", search_api, methods=["GET"]),
]
NAV = (("/search", "Search"),)
STYLES = ("search.css",)
