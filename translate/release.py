"""Publish a release: approved translations of some articles, in every output format, with index and manifest.

A publish of release NAME goes in these steps; nothing of the release is written before the last:

1. Checks: the names; the folders it writes in (``outputs/releases/``, ``.translate/releases/``: a file
   or a dangling link in the way is an error naming it); every template the release renders (a broken
   one is an ExportError naming its file and line: :meth:`HtmlRenderer.check`); ``templates/reference.docx``
   (at most 32 MB, an intact zip, no bomb, no external relationship but hyperlinks a page could carry, no
   field that fetches what it names: :mod:`translate.export.reference`).
2. Under the release's lock (``.translate/releases/NAME.lock``: one publish of a release at a time), what
   an interrupted publish left is repaired (below), and the release folder is checked: a folder or
   nothing (a file or a symbolic link there is refused).
3. One read of the store, in one snapshot (:meth:`Store.snapshot`): a review import committing
   meanwhile is in the release entirely or not at all. The approval gate is decided on exactly what was
   read, and release.json counts the states of exactly the text on the pages.
4. Rendering, in memory.
5. Writing. A new folder ``outputs/releases/.NAME.staging-XXXXXXXX`` is filled (a file unchanged since
   the last publish is a hard link to the old one: not rewritten, its permissions kept; new files and
   folders get the umask's permissions). Then two renames, ``NAME`` to ``.NAME.previous`` and the new
   folder to ``NAME``, and ``.NAME.previous`` is deleted. Only then is the render cache
   (``.translate/releases/NAME.json``: what each file was rendered from) saved.

An interrupted publish (killed, power cut, disk full) leaves the previous release in ``NAME``, except
between the two renames, where ``NAME`` is missing and the previous release is ``.NAME.previous``. A
failed write removes its staging folder and, if it had moved the old release aside, puts it back; a
killed publish may leave its staging folder or ``.NAME.previous``. The next publish of the release
repairs that first: ``.NAME.previous`` goes back to ``NAME`` if that is missing and it is a folder (not a
link), and is deleted otherwise (a link, not what it points to); staging folders are deleted. Publishing an
unchanged release writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from translate import __version__
from translate.config import Workspace
from translate.errors import ReleaseError, brief
from translate.export import language_name, text_direction
from translate.export.assemble import assemble
from translate.export.formats import (
    Destination,
    OutputFormat,
    RenderContext,
    output_formats,
    render_article,
    template_pages,
)
from translate.export.html import HtmlRenderer
from translate.export.reference import Reference, load_reference
from translate.fsutil import NAME_MAX, atomic_write_text, check_folder
from translate.glossary.load import load_glossary
from translate.i18n import catalogs_digest, gettext, text_language
from translate.model import Article, Segment, SegmentState, TranslatedArticle, Translation
from translate.pipeline import MAX_SLUG_LENGTH
from translate.release_folder import (
    check_release_folder,
    locked,
    reason,
    repair,
    replace_folder,
)
from translate.review.status import effort
from translate.store import Store

logger = logging.getLogger(__name__)

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
MAX_NAME_LENGTH = 100
"""Characters in a release name: its folder, ``.NAME.staging-XXXXXXXX``, ``.NAME.previous`` and the render cache's
temporary files all fit in a file name."""
REFERENCE_DOCX = "reference.docx"
INDEX_PAGE = "index.html"
"""The release index's template; the formats name the templates of their pages (with those they extend, include
or import)."""
INDEX_LANG = "en"
"""The language of the release index's own texts (each row's notice is in that row's language)."""
UNTRANSLATED = "untranslated"
"""The state release.json and the gate give a segment with no translation (its page shows the source)."""


@dataclass(frozen=True, slots=True)
class Missing:
    """What keeps one article out of a release in one language."""

    slug: str
    lang: str
    counts: dict[str, int]

    def describe(self) -> str:
        states = ", ".join(f"{n} {state}" for state, n in sorted(self.counts.items()))
        return f"{self.slug} ({self.lang}): {states}"


@dataclass(frozen=True, slots=True)
class PageGate:
    """One article's page in one language as the approval gate sees it (what :func:`release_gate` gives)."""

    slug: str
    lang: str
    counts: dict[str, int]
    """Segments per state; ``untranslated`` for those with no translation (the page shows their source)."""
    pending: tuple[tuple[str, str], ...]
    """(segment id, state) of every segment not approved, in article order: what keeps the page out."""

    @property
    def approved(self) -> int:
        return self.counts.get(SegmentState.APPROVED.value, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def missing(self) -> dict[str, int]:
        """Segments not approved, per state (empty: the page passes the gate)."""
        return {state: n for state, n in self.counts.items() if state != SegmentState.APPROVED}


@dataclass(frozen=True, slots=True)
class ReleaseReport:
    name: str
    folder: Path
    languages: tuple[str, ...]
    unreviewed: tuple[str, ...]
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return bool(self.written or self.removed)


@dataclass(frozen=True, slots=True)
class _Content:
    """What a release shows, all read in one snapshot of the store."""

    slugs: tuple[str, ...]
    langs: tuple[str, ...]
    articles: dict[str, tuple[Article, tuple[Segment, ...]]]
    translations: dict[tuple[str, str], dict[str, Translation]]
    """(slug, lang): the translations of the article's current segments, by segment id; no entry for an article in
    its own language (its page there is its source)."""

    def translated(self, lang: str) -> tuple[str, ...]:
        """The articles whose page in ``lang`` is a translation: all but those written in ``lang``."""
        return tuple(slug for slug in self.slugs if (slug, lang) in self.translations)

    def states(self, slug: str, lang: str) -> Counter[str]:
        """How many segments the article's page in ``lang`` shows in each state."""
        translations = self.translations[(slug, lang)]
        return Counter(translations[s.id].state.value if s.id in translations else UNTRANSLATED
                       for s in self.articles[slug][1])


def check_name(value: str, what: str, *, limit: int = MAX_NAME_LENGTH) -> str:
    """``value`` if it is safe as one path component and at most ``limit`` characters long, else ReleaseError."""
    if len(value) > limit:
        raise ReleaseError(f"{what} {brief(value, limit=60)} is too long: at most {limit} characters",
                           hint="use a shorter name")
    if not SAFE_NAME.fullmatch(value) or ".." in value:
        raise ReleaseError(f"{what} {brief(value)} is not safe in a path",
                           hint="use letters, digits, '.', '_' and '-' only, starting with a letter or digit")
    return value


def publish(
    workspace: Workspace,
    *,
    name: str,
    slugs: Collection[str] = (),
    langs: Collection[str] = (),
    allow_unreviewed: bool = False,
) -> ReleaseReport:
    """Render the release and put it in ``outputs/releases/NAME`` (the steps: see the module docstring).

    ReleaseError or ExportError, with the previous release as it was, if it is refused or cannot be made.
    """
    check_name(name, "release name")
    for slug in slugs:
        check_name(slug, "article", limit=MAX_SLUG_LENGTH)
    if len(set(slugs)) != len(slugs):
        raise ReleaseError("an article is named twice", hint="give each --article once")
    glossary = load_glossary(workspace.glossary_dir, cache_dir=workspace.state_dir)
    if not workspace.store_path.exists():
        raise ReleaseError("nothing to publish: the store is empty", hint="run `translate run` first")
    folder = workspace.outputs_dir / "releases" / name
    state = workspace.state_dir / "releases"
    check_folder(folder.parent, what="releases folder")
    check_folder(state, what="state folder .translate/releases")
    renderer = HtmlRenderer(template_dirs=[workspace.templates_dir])
    templates = renderer.check((*template_pages(Destination.RELEASES), INDEX_PAGE))
    reference = load_reference(workspace.templates_dir / REFERENCE_DOCX)
    with locked(state / f"{name}.lock", name):
        repair(folder, state)
        check_release_folder(folder)
        with Store.open(workspace.store_path) as store, store.snapshot():
            content = _read(store, slugs, langs)
            unreviewed, drafts = _gate(content, allow_unreviewed)
            figures = _effort(store, content.slugs, content.langs)
        cache = _RenderCache(state / f"{name}.json", folder)
        salt = _salt(templates, reference)
        files = _render(renderer, reference, salt, cache, name, content, figures, drafts, unreviewed,
                        glossary.signature)
        try:
            written, unchanged, removed = replace_folder(folder, files)
        except OSError as error:
            raise ReleaseError(f"cannot write the release: {reason(error)}", path=error.filename or folder,
                               hint="the previous release is as it was; fix this and publish again") from error
        cache.save()
    return ReleaseReport(name, folder, content.langs, tuple(sorted(unreviewed)), tuple(written), unchanged,
                         tuple(removed))


def release_gate(store: Store, *, slugs: Collection[str] = (), langs: Collection[str] = ()) -> list[PageGate]:
    """What the approval gate of a publish of ``slugs`` in ``langs`` (default: every article, every language
    translated) would see: every page that is a translation, by language then article, read in one snapshot as
    :func:`publish` reads it. ReleaseError for an article or a language ``publish`` would refuse."""
    with store.snapshot():
        return _pages(_read(store, slugs, langs))


def _read(store: Store, slugs: Collection[str], langs: Collection[str]) -> _Content:
    """Everything the release shows (call it inside one snapshot of the store, with the effort figures)."""
    known = store.articles()
    for slug in slugs:
        if slug not in known:
            raise ReleaseError(f"no article {slug!r} in the store", hint=f"articles: {', '.join(known) or 'none'}")
    chosen = tuple(slugs) or tuple(known)
    suffix = max(len(f".{f.suffix}") for f in output_formats(Destination.RELEASES))
    for slug in chosen:
        if len(slug.encode()) + suffix > NAME_MAX:  # stored before runs checked slugs: no file can have its name
            raise ReleaseError(f"the store's article {brief(slug, limit=60)} has a slug of {len(slug)} characters, "
                               f"too long for its file names (at most {NAME_MAX - suffix})",
                               hint="publish the other articles with --article SLUG")
    translated = {lang for (slug, lang) in store.state_counts() if slug in chosen}
    sources = {slug: lang for slug, lang in store.source_languages().items() if slug in chosen}
    for lang in langs:
        _check_language(lang, sources, translated, narrowed=bool(slugs))
    targets = tuple(sorted(set(langs) or translated))
    articles = {slug: store.stored_article(slug) for slug in chosen}
    translations: dict[tuple[str, str], dict[str, Translation]] = {}
    for slug, (article, segments) in articles.items():
        for lang in targets:
            if lang == article.meta.source_lang:
                continue  # one article's source language, another's translation: its page there is the original
            stored = store.translations(slug, lang)
            translations[(slug, lang)] = {s.id: stored[s.id] for s in segments if s.id in stored}
    return _Content(chosen, targets, articles, translations)


def _check_language(lang: str, sources: dict[str, str], translated: set[str], *, narrowed: bool) -> None:
    """ReleaseError if the chosen articles (``sources``: their source languages) cannot be published in ``lang``, a
    language asked for: the source language of one of them, or one that none of them has a translation into (its
    pages would be the source text labelled as ``lang``)."""
    # Engines translate languages, not regional variants (run refuses en-US from en): es-ES is es with its region.
    base = lang.split("-", 1)[0]
    for slug, source in sorted(sources.items()):
        regional = lang not in translated and source.split("-", 1)[0] == base
        if source == lang or regional:
            what = f"{lang} is the source language" if source == lang else f"{lang} is {source}, the source language"
            others = len(sources) > 1 and any(s != source for s in sources.values())
            raise ReleaseError(f"{what}{f' of {slug}' if others else ''}",
                               hint="it is published anyway as the original: leave it out of --lang"
                                    + (" (or choose the other articles with --article)" if others else ""))
    if lang in translated:
        return
    where = " in the articles chosen" if narrowed else ""
    if base != lang and base in translated:
        hint = f"{base} is translated: write the language without its region (--lang {base})"
    else:
        hint = (f"run `translate run SOURCE --to {lang}` first (translated{where}: "
                f"{', '.join(sorted(translated)) or 'nothing yet'})")
    raise ReleaseError(f"no translations into {lang}{where}", hint=hint)


def _gate(content: _Content, allow_unreviewed: bool) -> tuple[set[str], set[tuple[str, str]]]:
    """The languages and (article, language) pages that are not all approved; ReleaseError unless allowed."""
    missing = [Missing(page.slug, page.lang, page.missing) for page in _pages(content) if page.pending]
    unreviewed = {m.lang for m in missing}
    if missing and not allow_unreviewed:
        listing = "; ".join(m.describe() for m in missing[:8]) + (" …" if len(missing) > 8 else "")
        raise ReleaseError(
            f"not every segment is approved in {', '.join(sorted(unreviewed))}: {listing}",
            hint="review and approve them (translate review), publish fewer --lang, or pass --allow-unreviewed",
        )
    return unreviewed, {(m.slug, m.lang) for m in missing}


def _pages(content: _Content) -> list[PageGate]:
    pages = []
    for lang in content.langs:
        for slug in content.translated(lang):
            translations = content.translations[(slug, lang)]
            states = [(s.id, translations[s.id].state.value if s.id in translations else UNTRANSLATED)
                      for s in content.articles[slug][1]]
            pages.append(PageGate(slug, lang, dict(Counter(state for _, state in states)),
                                  tuple(item for item in states if item[1] != SegmentState.APPROVED)))
    return pages


def _render(
    renderer: HtmlRenderer,
    reference: Reference | None,
    salt: str | None,
    cache: _RenderCache,
    name: str,
    content: _Content,
    figures: dict[str, dict[str, object]],
    drafts: set[tuple[str, str]],
    unreviewed: set[str],
    glossary_signature: str,
) -> dict[str, bytes]:
    """Every file of the release, by path in it (``salt``: see :func:`_salt`)."""
    reference_path = reference.path if reference is not None else None
    page = next((f for f in output_formats(Destination.RELEASES) if f.page), None)
    page_suffix = page.suffix if page is not None else "html"
    files: dict[str, bytes] = {}
    index: list[dict[str, object]] = []
    for slug, (article, segments) in content.articles.items():
        src = article.meta.source_lang
        versions = [(src, TranslatedArticle(article.meta, src, article.blocks, draft=False))]
        for lang in content.langs:
            if (slug, lang) not in content.translations:
                continue  # written in lang: the original above is its page
            translated = assemble(article, segments, content.translations[(slug, lang)], lang)
            versions.append((lang, replace(translated, draft=(slug, lang) in drafts)))
        alternates = [{"lang": lang, "href": f"../{lang}/{slug}.{page_suffix}", "label": language_name(lang)}
                      for lang, _ in versions] + [{"lang": "x-default", "href": f"../{src}/{slug}.{page_suffix}",
                                                   "label": language_name(src)}]
        context = RenderContext(renderer, Destination.RELEASES, reference_path, tuple(alternates))
        entry: dict[str, object] = {"slug": slug, "versions": []}
        for lang, document in versions:
            key = _fingerprint(salt, document, alternates) if salt is not None else None

            def reuse(fmt: OutputFormat, render: Callable[[], bytes], lang: str = lang,
                      key: str | None = key) -> bytes:
                return cache.get(f"{lang}/{slug}.{fmt.suffix}", key and f"{fmt.name}:{key}", render)

            for fmt, data in render_article(document, context, reuse=reuse):
                files[f"{lang}/{slug}.{fmt.suffix}"] = data
            entry["versions"].append({"lang": lang, "name": language_name(lang), "dir": text_direction(lang),  # type: ignore[attr-defined]
                                      "title": document.title, "draft": document.draft, "notice": _notice(lang)})
        index.append(entry)
    files["index.html"] = renderer.render_page(INDEX_PAGE, {
        "title": gettext(INDEX_LANG, "Release %(name)s", name=name), "lang": INDEX_LANG, "dir": "ltr", "draft": False,
        "alternates": [],
        "articles": index, "languages": [{"lang": lang, "name": language_name(lang)} for lang in content.langs],
        "page": page_suffix,
        "formats": [{"suffix": f.suffix, "label": f.label} for f in output_formats(Destination.RELEASES) if f is not page],
    }).encode("utf-8")
    states = (*(s.value for s in SegmentState), UNTRANSLATED)
    release = {
        "tool": f"translate {__version__}",
        "glossary": glossary_signature,
        "articles": list(content.slugs),
        "languages": {
            lang: {
                "unreviewed": lang in unreviewed,
                "states": {state: sum(content.states(slug, lang)[state] for slug in content.translated(lang))
                           for state in states},
                "engines": sorted({t.engine for slug in content.translated(lang)
                                   for t in content.translations[(slug, lang)].values()}),
            }
            for lang in content.langs
        },
        "effort": figures,
    }
    files["release.json"] = (json.dumps(release, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    manifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items()))
    files["manifest-sha256.txt"] = manifest.encode("utf-8")
    return files


def _notice(lang: str) -> dict[str, str]:
    """The index row's unreviewed notice in ``lang`` (English where no catalog serves it), with its language."""
    shown = text_language(lang)
    return {"text": gettext(lang, "unreviewed machine translation"), "lang": shown, "dir": text_direction(shown)}


class _RenderCache:
    """Skips rendering a file whose inputs have not changed since the last publish of this release.

    The fingerprints of what each file was rendered from live in .translate/releases/NAME.json, saved
    only once the release is in place; a file is reused only if it is still in the release folder, byte
    for byte as published.
    """

    def __init__(self, path: Path, folder: Path) -> None:
        self.path = path
        self.folder = folder
        try:
            self.previous: dict[str, list[str]] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.current: dict[str, list[str]] = {}

    def get(self, path: str, key: str | None, render: Callable[[], bytes]) -> bytes:
        """The file at ``path`` as published last if it was rendered from ``key``, else ``render()``; a None
        ``key`` (its inputs unknown) is always rendered, and not recorded."""
        if key is None:
            return render()
        old = self.previous.get(path)
        if old and old[0] == key:
            try:
                data = (self.folder / path).read_bytes()
                if hashlib.sha256(data).hexdigest() == old[1]:
                    self.current[path] = old
                    return data
            except OSError:
                pass
        data = render()
        self.current[path] = [key, hashlib.sha256(data).hexdigest()]
        return data

    def save(self) -> None:
        """Record what the published files were rendered from (a cache: a failure only costs renderings)."""
        try:
            atomic_write_text(self.path, json.dumps(self.current, indent=1, sort_keys=True))
        except OSError as error:
            logger.warning("%s: render cache not saved (%s); the next publish renders every file", self.path,
                           reason(error))


def _effort(store: Store, slugs: Sequence[str], langs: Sequence[str]) -> dict[str, dict[str, object]]:
    """Post-editing effort per language over the released articles (its statistics cached in the store)."""
    if not langs or not slugs:
        return {}
    return {e.lang: {"segments": e.segments, "chrF": round(e.chrf, 2), "TER": round(e.ter, 2),
                     "words_edited": e.words_edited} for e in effort(store, langs=langs, slugs=slugs)}


def _salt(templates: str | None, reference: Reference | None) -> str | None:
    """What every rendering depends on besides its article: the tool version, the templates the release renders
    (their digest from :meth:`HtmlRenderer.check`: other files in templates/ are not read), the reference DOCX and
    the catalogs of page texts. None if the templates name one another by computed names: then every file is
    rendered."""
    if templates is None:
        return None
    parts = (__version__, templates, reference.digest if reference is not None else "-", catalogs_digest())
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _fingerprint(salt: str, document: TranslatedArticle, alternates: list[dict[str, str]]) -> str:
    """A stable digest of everything a page is rendered from (marks sorted: frozensets have no order)."""
    meta = document.meta
    canonical = {
        "salt": salt, "lang": document.lang, "draft": document.draft, "alternates": alternates,
        "engines": list(document.engines),
        "meta": [meta.title, meta.slug, meta.source_lang, str(meta.source_path), str(meta.date), meta.author],
        "blocks": [[b.kind.value, b.level, b.ordered,
                    [[r.text, sorted([m.kind.value, m.href or ""] for m in r.marks)] for r in b.runs]]
                   for b in document.blocks],
    }
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


