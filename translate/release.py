"""Publish a release: approved translations of some articles, as HTML and DOCX, with index and manifest.

Everything is rendered in memory first, from the store (not the source files). The release folder
``outputs/releases/NAME`` is then replaced in one step: a new folder is filled (unchanged files are
hard links to the old ones, so they are not rewritten) and renamed into place, so an interrupted
publish leaves the previous release intact. Publishing an unchanged release writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale

from translate import __version__
from translate.config import Workspace
from translate.errors import TranslateError
from translate.export import text_direction
from translate.export.docx import render_docx
from translate.export.html import HtmlRenderer
from translate.fsutil import atomic_write_text
from translate.glossary.load import load_glossary
from translate.model import SegmentState, TranslatedArticle, Translation
from translate.pipeline import assemble
from translate.review.status import effort
from translate.store import Store

logger = logging.getLogger(__name__)

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
REFERENCE_DOCX = "reference.docx"


class ReleaseError(TranslateError):
    """A release cannot be published as asked; nothing was written."""


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


def check_name(value: str, what: str) -> str:
    """``value`` if it is safe as one path component, else ReleaseError."""
    if not SAFE_NAME.fullmatch(value) or ".." in value:
        raise ReleaseError(f"{what} {value!r} is not safe in a path",
                           hint="use letters, digits, '.', '_' and '-' only, starting with a letter or digit")
    return value


def language_name(lang: str) -> str:
    """The language's name in itself (babel): español, українська."""
    try:
        name = Locale.parse(lang, sep="-").display_name or lang
    except (ValueError, LookupError):
        return lang
    return name[:1].upper() + name[1:]


def publish(
    workspace: Workspace,
    *,
    name: str,
    slugs: Collection[str] = (),
    langs: Collection[str] = (),
    allow_unreviewed: bool = False,
) -> ReleaseReport:
    """Render the release and put it in ``outputs/releases/NAME``; ReleaseError (nothing written) if refused."""
    check_name(name, "release name")
    for slug in slugs:
        check_name(slug, "article")
    if len(set(slugs)) != len(slugs):
        raise ReleaseError("an article is named twice", hint="give each --article once")
    glossary = load_glossary(workspace.glossary_dir, cache_dir=workspace.state_dir)
    if not workspace.store_path.exists():
        raise ReleaseError("nothing to publish: the store is empty", hint="run `translate run` first")
    with Store.open(workspace.store_path) as store:
        known = store.articles()
        chosen = list(slugs) or known
        for slug in chosen:
            if slug not in known:
                raise ReleaseError(f"no article {slug!r} in the store", hint=f"articles: {', '.join(known) or 'none'}")
        counts = store.state_counts()
        targets = sorted(set(langs) or {lang for (slug, lang) in counts if slug in chosen})
        files, summary = _render(workspace, store, name, chosen, targets, counts, glossary.signature, allow_unreviewed)
    folder = workspace.outputs_dir / "releases" / name
    written, unchanged, removed = _replace_folder(folder, files)
    return ReleaseReport(name, folder, tuple(targets), tuple(summary["unreviewed"]), tuple(written), unchanged,
                         tuple(removed))


def _render(
    workspace: Workspace,
    store: Store,
    name: str,
    chosen: list[str],
    targets: list[str],
    counts: dict[tuple[str, str], dict[SegmentState, int]],
    glossary_signature: str,
    allow_unreviewed: bool,
) -> tuple[dict[str, bytes], dict[str, list[str]]]:
    missing: list[Missing] = []
    unreviewed: set[str] = set()
    drafts: set[tuple[str, str]] = set()
    stored = {slug: store.stored_article(slug) for slug in chosen}
    translations = {(slug, lang): store.translations(slug, lang) for slug in chosen for lang in targets}
    for lang in targets:
        for slug, (article, segments) in stored.items():
            states = {s.value: n for s, n in counts.get((slug, lang), {}).items() if s is not SegmentState.APPROVED}
            untranslated = sum(1 for s in segments if s.id not in translations[(slug, lang)])
            if untranslated:
                states["untranslated"] = untranslated
            if states:
                missing.append(Missing(slug, lang, states))
                unreviewed.add(lang)
                drafts.add((slug, lang))
    if missing and not allow_unreviewed:
        listing = "; ".join(m.describe() for m in missing[:8]) + (" …" if len(missing) > 8 else "")
        raise ReleaseError(
            f"not every segment is approved in {', '.join(sorted(unreviewed))}: {listing}",
            hint="review and approve them (translate review), publish fewer --lang, or pass --allow-unreviewed",
        )
    renderer = HtmlRenderer(template_dirs=[workspace.templates_dir])
    reference = workspace.templates_dir / REFERENCE_DOCX
    salt = _templates_digest(renderer, reference)
    cache = _RenderCache(workspace, name)
    files: dict[str, bytes] = {}
    index: list[dict[str, object]] = []
    for slug, (article, segments) in stored.items():
        src = article.meta.source_lang
        versions = [(src, TranslatedArticle(article.meta, src, article.blocks, draft=False))]
        for lang in targets:
            translated = assemble(article, segments, translations[(slug, lang)], lang)
            versions.append((lang, TranslatedArticle(article.meta, lang, translated.blocks, draft=(slug, lang) in drafts)))
        alternates = [{"lang": lang, "href": f"../{lang}/{slug}.html", "label": language_name(lang)}
                      for lang, _ in versions] + [{"lang": "x-default", "href": f"../{src}/{slug}.html",
                                                   "label": language_name(src)}]
        entry: dict[str, object] = {"slug": slug, "versions": []}
        for lang, document in versions:
            key = _fingerprint(salt, document, alternates)
            files[f"{lang}/{slug}.html"] = cache.get(f"{lang}/{slug}.html", "html:" + key, lambda: renderer.render(
                document, template="article.html", extra={"alternates": alternates}
            ).encode("utf-8"))
            files[f"{lang}/{slug}.docx"] = cache.get(f"{lang}/{slug}.docx", "docx:" + key, lambda: render_docx(
                document, reference=reference if reference.exists() else None))
            entry["versions"].append({"lang": lang, "name": language_name(lang), "dir": text_direction(lang),  # type: ignore[attr-defined]
                                      "title": document.title, "draft": document.draft})
        index.append(entry)
    files["index.html"] = renderer.render_page("index.html", {
        "title": f"Release {name}", "lang": "en", "dir": "ltr", "draft": False, "alternates": [],
        "articles": index, "languages": [{"lang": lang, "name": language_name(lang)} for lang in targets],
    }).encode("utf-8")
    release = {
        "tool": f"translate {__version__}",
        "glossary": glossary_signature,
        "articles": chosen,
        "languages": {
            lang: {
                "unreviewed": lang in unreviewed,
                "states": {s.value: sum(counts.get((slug, lang), {}).get(s, 0) for slug in chosen) for s in SegmentState},
                "engines": sorted({t.engine for slug in chosen for t in translations[(slug, lang)].values()}),
            }
            for lang in targets
        },
        "effort": _effort(store, translations),
    }
    files["release.json"] = (json.dumps(release, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    manifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items()))
    files["manifest-sha256.txt"] = manifest.encode("utf-8")
    cache.save()
    return files, {"unreviewed": sorted(unreviewed)}


class _RenderCache:
    """Skips rendering a file whose inputs have not changed since the last publish of this release.

    The fingerprints of what each file was rendered from live in .translate/releases/NAME.json; a
    file is reused only if it is still in the release folder, byte for byte as published.
    """

    def __init__(self, workspace: Workspace, name: str) -> None:
        self.path = workspace.state_dir / "releases" / f"{name}.json"
        self.folder = workspace.outputs_dir / "releases" / name
        try:
            self.previous: dict[str, list[str]] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.current: dict[str, list[str]] = {}

    def get(self, path: str, key: str, render: Callable[[], bytes]) -> bytes:
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
        atomic_write_text(self.path, json.dumps(self.current, indent=1, sort_keys=True))


def _effort(store: Store, translations: dict[tuple[str, str], dict[str, Translation]]) -> dict[str, dict[str, object]]:
    """Post-editing effort per language over the released articles (its statistics cached in the store)."""
    langs = sorted({lang for _, lang in translations})
    slugs = sorted({slug for slug, _ in translations})
    if not langs:
        return {}
    return {e.lang: {"segments": e.segments, "chrF": round(e.chrf, 2), "TER": round(e.ter, 2),
                     "words_edited": e.words_edited} for e in effort(store, langs=langs, slugs=slugs)}


def _templates_digest(renderer: HtmlRenderer, reference: Path) -> str:
    """What every rendering depends on besides its article: the tool version, templates, reference DOCX."""
    digest = hashlib.sha256(__version__.encode())
    for root in renderer.template_roots:
        for template in sorted(root.glob("*")) if root.is_dir() else ():
            if template.is_file():
                digest.update(template.name.encode() + b"\0" + template.read_bytes())
    if reference.exists():
        digest.update(reference.read_bytes())
    return digest.hexdigest()


def _fingerprint(salt: str, document: TranslatedArticle, alternates: list[dict[str, str]]) -> str:
    """A stable digest of everything a page is rendered from (marks sorted: frozensets have no order)."""
    meta = document.meta
    canonical = {
        "salt": salt, "lang": document.lang, "draft": document.draft, "alternates": alternates,
        "meta": [meta.title, meta.slug, meta.source_lang, str(meta.source_path), str(meta.date), meta.author],
        "blocks": [[b.kind.value, b.level, b.ordered,
                    [[r.text, sorted([m.kind.value, m.href or ""] for m in r.marks)] for r in b.runs]]
                   for b in document.blocks],
    }
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _replace_folder(folder: Path, files: dict[str, bytes]) -> tuple[list[str], int, list[str]]:
    """Make ``folder`` hold exactly ``files``: nothing rewritten if nothing changed, else one rename."""
    backup = folder.with_name(f".{folder.name}.previous")
    if backup.is_dir() and not folder.exists():
        os.rename(backup, folder)  # a publish was interrupted between its two renames: take the old one back
    old = {str(p.relative_to(folder)): p for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else {}
    changed = [path for path, data in sorted(files.items()) if path not in old or old[path].read_bytes() != data]
    removed = sorted(set(old) - set(files))
    if not changed and not removed:
        return [], len(files), []
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for path, data in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if path in old and path not in changed:
                os.link(old[path], target)  # unchanged: the same file, not rewritten
            else:
                target.write_bytes(data)
        if backup.exists():
            shutil.rmtree(backup)
        if folder.exists():
            os.rename(folder, backup)
        os.rename(staging, folder)
        shutil.rmtree(backup, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return changed, len(files) - len(changed), removed
