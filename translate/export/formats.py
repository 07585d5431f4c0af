"""The registry of output formats: what a run writes as drafts and a publish writes in a release.

Each output format is one module of this package that declares ``FORMAT``, an :class:`OutputFormat`: its
name, file suffix, where it is written (drafts, releases) and a function rendering an assembled
:class:`~translate.model.TranslatedArticle` to bytes. :func:`output_formats` finds them (modules without
``FORMAT``, such as :mod:`.reference`, are helpers); :func:`render_article` renders one article in every
format of a destination, for drafts and releases alike. A new format is one new module here: nothing else names it.
"""

from __future__ import annotations

import enum
import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from translate.export import language_name
from translate.model import TranslatedArticle

if TYPE_CHECKING:  # html.py declares its FORMAT with this module's types
    from translate.export.html import HtmlRenderer

__all__ = ["OutputFormat", "RenderContext", "Destination", "draft_alternates", "draft_suffixes", "output_formats",
           "render_article", "suffix_list", "template_pages"]


class Destination(enum.StrEnum):
    """Where rendered files go: a run's drafts (``outputs/drafts/SLUG/LANG.SUFFIX``) or a release."""

    DRAFTS = "drafts"
    RELEASES = "releases"


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What a rendering may use besides its article.

    ``renderer`` holds the workspace's templates; ``reference`` is the reference DOCX (releases only);
    ``alternates`` are the page's language versions (items with ``lang``, ``href``, ``label``; for drafts see
    :func:`draft_alternates`); ``destination`` says whether the file is a draft or a release page.
    """

    renderer: HtmlRenderer
    destination: Destination = Destination.DRAFTS
    reference: Path | None = None
    alternates: tuple[Mapping[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class OutputFormat:
    """One output format, declared by its module as ``FORMAT``.

    ``suffix`` (no dot) names its files; ``label`` is what the release index shows; ``destinations`` are where it
    is written; ``page`` marks the web page format the index's titles and the language links point to;
    ``templates`` are the templates its rendering uses, checked before anything is written; ``rank`` orders
    formats (files written, links listed). ``render`` must give the same bytes for the same input and raise
    ExportError for what it cannot render.
    """

    name: str
    suffix: str
    label: str
    render: Callable[[TranslatedArticle, RenderContext], bytes]
    destinations: frozenset[Destination] = frozenset(Destination)
    page: bool = False
    templates: tuple[str, ...] = ()
    rank: int = 100


@cache
def _registered() -> tuple[OutputFormat, ...]:
    package = importlib.import_module("translate.export")
    found: list[OutputFormat] = []
    for module in pkgutil.iter_modules(package.__path__):
        declared = getattr(importlib.import_module(f"{package.__name__}.{module.name}"), "FORMAT", None)
        if isinstance(declared, OutputFormat):
            found.append(declared)
    return tuple(sorted(found, key=lambda f: (f.rank, f.name)))


def output_formats(destination: Destination | None = None) -> tuple[OutputFormat, ...]:
    """The registered formats written at ``destination`` (all when None), in rank order."""
    return tuple(f for f in _registered() if destination is None or destination in f.destinations)


def draft_suffixes() -> tuple[str, ...]:
    """The suffixes of the draft files of one article in one language (``html``, ``docx``, ...)."""
    return tuple(f.suffix for f in output_formats(Destination.DRAFTS))


def draft_alternates(folder: Path, langs: Sequence[str]) -> tuple[Mapping[str, str], ...]:
    """The language versions of the drafts of one article in ``folder``: ``langs`` (a run's languages), then
    those whose draft page an earlier run left there, in code order; none for a single language.

    A draft written earlier keeps the list of its own run until a run writes it again. Drafts have no
    ``x-default``: the source has no draft page.
    """
    page = next((f for f in output_formats(Destination.DRAFTS) if f.page), None)
    if page is None:
        return ()
    earlier = sorted(path.stem for path in folder.glob(f"*.{page.suffix}") if path.stem not in langs)
    found = [*dict.fromkeys(langs), *earlier]
    if len(found) < 2:
        return ()
    return tuple({"lang": lang, "href": f"{lang}.{page.suffix}", "label": language_name(lang)} for lang in found)


def template_pages(destination: Destination) -> tuple[str, ...]:
    """The templates the formats of ``destination`` render (to check them before anything is written)."""
    return tuple(dict.fromkeys(name for f in output_formats(destination) for name in f.templates))


def render_article(
    document: TranslatedArticle,
    context: RenderContext,
    *,
    reuse: Callable[[OutputFormat, Callable[[], bytes]], bytes] | None = None,
) -> tuple[tuple[OutputFormat, bytes], ...]:
    """``document`` in every format of ``context.destination``, in rank order.

    ``reuse(format, render)`` may return bytes rendered before instead of calling ``render()`` (the
    release's render cache); without it every format is rendered.
    """
    out: list[tuple[OutputFormat, bytes]] = []
    for fmt in output_formats(context.destination):
        def render(fmt: OutputFormat = fmt) -> bytes:
            return fmt.render(document, context)
        out.append((fmt, reuse(fmt, render) if reuse is not None else render()))
    return tuple(out)


def suffix_list(formats: Sequence[OutputFormat]) -> str:
    """``.html, .docx and .md``: the suffixes of ``formats`` for a sentence."""
    names = [f".{f.suffix}" for f in formats]
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else "nothing"
