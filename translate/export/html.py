"""Render a translated article as a standalone HTML page through jinja2 templates.

Templates come from the workspace's template folders first, then the built-in ones in
``translate/templates/`` (``base.html``, the page; ``article.html``, which extends it). The
renderer does the escaping: every piece of article text is escaped here and the inline tags it
builds are :class:`markupsafe.Markup`, so templates only place ready-made HTML.

Context every template gets:

``article``     the :class:`~translate.model.TranslatedArticle`
``lang``        its language code; ``dir``: ``"ltr"`` or ``"rtl"``
``title``       the title as plain text; ``title_html``: the title's inline HTML
``date``        the article date written out for ``lang``, or None; ``date_iso``: ``2022-11-24``
``author``      the author or None
``draft``       true for unreviewed machine translation: the page must say so and is ``noindex``
``engines``     the provenance signatures of its machine translation (``<meta name="generator">``); empty
                for an original
``body``        the blocks after the title as a small tree of :class:`HtmlBlock`,
                :class:`HtmlQuote` and :class:`HtmlList` nodes (``node.kind`` tells them apart)
``alternates``  the page in other languages: items with ``lang``, ``href`` and ``label``, ``x-default``
                among them (the hreflang links in the head); empty unless passed in ``extra``
``switcher``    the language switcher built from ``alternates``: :class:`LanguageChoice` items, each
                language once in the order given, ``x-default`` left out, named in itself, the page's
                own marked ``current`` (see :func:`language_switcher`)
``qa``          the reviewer's view of a draft's QA findings (:class:`~translate.export.flags.QaView`), or
                None (no findings, a release): the flagged sentences of ``title_html`` and ``body`` are
                marked and linked to notes ``#qa-N`` that the template writes (see :mod:`.flags`)
``ui_lang``     the language the texts the templates add (notices, labels) come out in: ``lang``'s catalog
                (:func:`translate.i18n.text_language`), ``en`` where none serves it; ``ui_dir``: its direction

Templates translate those texts with jinja2's ``i18n`` extension (``{% trans %}``, ``_()``, ``pgettext()``),
in the catalog of the context's ``lang``: any page rendered here, an article's or not, gets them.

``extra`` may add any other name, and may replace ``alternates``; it may not replace the rest.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import posixpath
import stat
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from translate.errors import CatalogError, ExportError, WorkspaceError
from translate.export import format_article_date, language_name, safe_href, split_title, text_direction
from translate.export.flags import marked_html, qa_view
from translate.export.formats import Destination, OutputFormat, RenderContext
from translate.fsutil import check_folder, describe_size, os_error, read_bounded
from translate.i18n import FALLBACK, N_, text_language, translations
from translate.inline import Tag, runs_to_tagged, tokenize
from translate.model import Block, BlockKind, FlaggedSegment, Mark, MarkKind, Run, TranslatedArticle

__all__ = [
    "TEMPLATE_MAX", "HtmlBlock", "HtmlList", "HtmlListItem", "HtmlQuote", "HtmlRenderer", "LanguageChoice",
    "language_switcher", "runs_to_html",
]

logger = logging.getLogger(__name__)

TEMPLATE_MAX = 1024 * 1024
"""Bytes in one template: a page's layout fits many times over, and each run and publish reads every template."""

_CORE_KEYS = frozenset(
    {"article", "lang", "dir", "title", "title_html", "date", "date_iso", "author", "draft", "engines", "body",
     "switcher", "qa", "ui_lang", "ui_dir"}
)
_DEFAULTS: Mapping[str, object] = {"alternates": ()}
_SIMPLE_TAGS = {MarkKind.EMPHASIS: "em", MarkKind.STRONG: "strong", MarkKind.CODE: "code"}


@dataclass(slots=True)
class HtmlBlock:
    """A heading or paragraph: ``<tag>html</tag>``."""

    tag: str
    html: Markup
    kind: str = "block"


@dataclass(slots=True)
class HtmlQuote:
    """Consecutive quote blocks: one ``<blockquote>`` holding a ``<p>`` per block."""

    paragraphs: list[Markup] = field(default_factory=list)
    kind: str = "quote"


@dataclass(slots=True)
class HtmlListItem:
    """One ``<li>``: its inline HTML and the lists nested under it."""

    html: Markup
    children: list[HtmlList] = field(default_factory=list)


@dataclass(slots=True)
class HtmlList:
    """A ``<ul>`` or ``<ol>`` of consecutive list items at one depth."""

    ordered: bool
    items: list[HtmlListItem] = field(default_factory=list)
    kind: str = "list"

    @property
    def tag(self) -> str:
        return "ol" if self.ordered else "ul"


HtmlNode = HtmlBlock | HtmlQuote | HtmlList


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    """One entry of the language switcher: a language named in itself, and where its page is."""

    lang: str
    label: str
    href: str
    current: bool
    """The page's own language: shown, marked ``aria-current="page"``, not a link."""


def language_switcher(alternates: Iterable[Mapping[str, str]], lang: str) -> tuple[LanguageChoice, ...]:
    """The switcher's entries for a page in ``lang``: each language of ``alternates`` once, first ``href``
    kept, ``x-default`` left out (it is a ``<link>`` in the head, not a language), named by
    :func:`~translate.export.language_name`."""
    seen: dict[str, LanguageChoice] = {}
    for alternate in alternates:
        code = alternate["lang"]
        if code != "x-default" and code not in seen:
            seen[code] = LanguageChoice(code, language_name(code), alternate["href"], current=code == lang)
    return tuple(seen.values())


class HtmlRenderer:
    """Renders articles with one jinja2 environment: workspace templates first, then built-ins."""

    def __init__(self, *, template_dirs: Sequence[Path] = ()) -> None:
        self._template_dirs = tuple(Path(d) for d in template_dirs)
        # realpath, not resolve: a link loop is check()'s to report, not a RuntimeError here.
        self._roots = tuple(Path(os.path.realpath(d)) for d in self._template_dirs) + (_builtin_root(),)
        self.environment = jinja2.Environment(
            loader=_BoundedLoader([*self._template_dirs, _builtin_root()]),
            autoescape=jinja2.select_autoescape(default_for_string=True, default=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.i18n"],
        )
        install_gettext(self.environment)

    def check(self, pages: Iterable[str]) -> str | None:
        """Compile ``pages`` and every template they extend, include or import, before anything is rendered.

        ExportError naming the file (and line) of the first that cannot be used: a template folder that is
        a file, a symbolic link to nothing or a link loop (a missing one is fine: the built-ins serve); a
        template there that is not a file; one over TEMPLATE_MAX bytes, not UTF-8, not valid jinja2 (syntax,
        an unknown filter or test), or extending, including or importing one that exists nowhere. What only
        rendering can find (an undefined name) is :meth:`render`'s to report.

        Returns a digest of what renderings of ``pages`` depend on: the name and text of each of these
        templates (other files in the folders are not read). None if one names another by a value computed
        at rendering (``{% include page_part %}``): which one is used, only rendering tells.
        """
        for folder in self._template_dirs:
            try:
                check_folder(folder, what="templates folder", writable=False)
            except WorkspaceError as error:
                raise ExportError(error.message, path=error.path, hint=error.hint) from None
        environment = self.environment
        assert environment.loader is not None
        pending: list[tuple[str, str | None, int | None, bool]] = [(page, None, None, False) for page in pages]
        seen: set[str] = set()
        sources: dict[str, str] = {}
        computed = False
        while pending:
            name, referrer, line, optional = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            self._check_entries(name)
            try:
                source, filename, _ = environment.loader.get_source(environment, name)
                sources[name] = source
                tree = environment.parse(source, name, filename)
                environment.get_template(name)  # compiled now (unknown filters are found here), kept for rendering
            except jinja2.TemplateNotFound as error:
                if optional:
                    continue
                raise ExportError(f"template {name!r} not found", path=referrer, line=line,
                                  hint=f"looked in {self._searched()}") from error
            except jinja2.TemplateSyntaxError as error:
                raise ExportError(f"template syntax error: {error.message}", path=error.filename or name,
                                  line=error.lineno, hint="fix the template's jinja2 syntax") from error
            except OSError as error:
                raise ExportError(f"cannot read the template: {error.strerror or error}",
                                  path=error.filename or name) from error
            for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
                names = _template_names(node.template)
                if names is None:
                    computed = True
                    continue
                # Of a list ({% include ["a.html", "b.html"] %}) the first found is used: none is required.
                may_miss = getattr(node, "ignore_missing", False) or len(names) > 1
                pending.extend((each, filename, node.lineno, may_miss) for each in names)
        if computed:
            return None
        digest = hashlib.sha256()
        for name, source in sorted(sources.items()):
            data = source.encode("utf-8")
            digest.update(b"%s\0%d\0%s" % (name.encode("utf-8"), len(data), data))
        return digest.hexdigest()

    def render(
        self,
        article: TranslatedArticle,
        *,
        template: str = "article.html",
        extra: Mapping[str, object] | None = None,
    ) -> str:
        """Render ``article`` with ``template``; ExportError names the template's file and line."""
        return self.render_page(template, self.context(article, extra=extra))

    def render_page(self, template: str, context: Mapping[str, object]) -> str:
        """Render any template with ``context`` (autoescaped); ExportError names the template's file and line.

        ``context["lang"]`` chooses the catalog of the texts the template adds; ``ui_lang`` and ``ui_dir`` are
        set from it unless given."""
        lang = str(context.get("lang", FALLBACK))
        context = {"ui_lang": text_language(lang), "ui_dir": text_direction(text_language(lang)), **context}
        try:
            return self.environment.get_template(template).render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise ExportError(
                f"template syntax error: {exc.message}",
                path=exc.filename or exc.name or template,
                line=exc.lineno,
                hint="fix the template's jinja2 syntax",
            ) from exc
        except jinja2.TemplateNotFound as exc:
            path, line = self._template_location(exc, default=template)
            raise ExportError(
                f"template {exc.name!r} not found",
                path=path,
                line=line,
                hint=f"looked in {self._searched()}",
            ) from exc
        except (ExportError, CatalogError):
            raise  # a template over its size or not UTF-8, named by the loader; a catalog not compiled
        except jinja2.UndefinedError as exc:
            path, line = self._template_location(exc, default=template)
            raise ExportError(
                f"template uses an undefined value: {exc.message}",
                path=path,
                line=line,
                hint="templates get: " + ", ".join(sorted(context)),
            ) from exc
        except Exception as exc:
            path, line = self._template_location(exc, default=None)
            if path is None:
                raise
            raise ExportError(
                f"template failed: {type(exc).__name__}: {exc}", path=path, line=line
            ) from exc

    def context(
        self, article: TranslatedArticle, *, extra: Mapping[str, object] | None = None
    ) -> dict[str, object]:
        """The names a template sees when rendering ``article`` (see the module docstring)."""
        extra = dict(extra or {})
        clash = sorted(_CORE_KEYS & extra.keys())
        if clash:
            raise ValueError(f"extra context may not replace {', '.join(clash)}")
        title_runs, rest = split_title(article)
        offset = len(article.blocks) - len(rest)  # 1: the title is the first block
        marks: dict[int, list[tuple[FlaggedSegment, int]]] = {}
        for number, flag in enumerate(article.flagged, start=1):
            marks.setdefault(flag.block - offset, []).append((flag, number))

        def html_of(index: int, runs: Sequence[Run]) -> Markup:
            if index not in marks:
                return runs_to_html(runs)
            return marked_html(runs, marks[index], render=runs_to_html, wrap=index >= 0)  # -1: the title

        meta_date = article.meta.date
        context: dict[str, object] = {
            **_DEFAULTS,
            "article": article,
            "lang": article.lang,
            "dir": text_direction(article.lang),
            "title": "".join(run.text for run in title_runs),
            "title_html": html_of(-1, title_runs) if offset else runs_to_html(title_runs),
            "date": format_article_date(meta_date, article.lang) if meta_date else None,
            "date_iso": meta_date.isoformat() if meta_date else None,
            "author": article.meta.author or None,
            "draft": article.draft,
            "engines": article.engines,
            "body": build_body(rest, html_of=html_of),
            "qa": qa_view(article),
        }
        context.update(extra)
        context["switcher"] = language_switcher(context["alternates"], article.lang)  # type: ignore[arg-type]
        return context

    def _template_location(
        self, exc: BaseException, *, default: str | None
    ) -> tuple[str | None, int | None]:
        """The template file and line ``exc`` was raised at, from jinja2's rewritten traceback."""
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if self._is_template(frame.filename):
                return frame.filename, frame.lineno
        return default, None

    def _is_template(self, filename: str) -> bool:
        if filename.endswith(".py") or filename.startswith("<"):
            return False
        path = Path(filename).resolve()
        return any(path.is_relative_to(root) for root in self._roots)

    def _check_entries(self, name: str) -> None:
        """ExportError if a template folder holds something under ``name`` that is not a file: jinja2 would pass
        over it in silence (a folder, a link to nothing, a link loop) and render the built-in in its place."""
        for folder in self._template_dirs:
            entry = folder / name
            try:
                mode = os.stat(entry).st_mode
            except FileNotFoundError:
                if not os.path.islink(entry):
                    continue  # not overridden here
                what = f"a symbolic link to {os.readlink(entry)}, which does not exist"
            except OSError as error:
                if error.errno in (errno.ENOTDIR, errno.ENAMETOOLONG):
                    continue  # a part of the name is not a folder, or too long: nothing is there for jinja2 either
                problem = os_error(error, doing="read the template", path=entry)  # a link loop, no permission
                raise ExportError(problem.message, path=entry, hint=problem.hint) from None
            else:
                if stat.S_ISREG(mode):
                    continue
                what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            raise ExportError(f"the template is {what}", path=entry,
                              hint="put the template file there, or remove it to use the built-in one")

    def _searched(self) -> str:
        return ", ".join([*(str(d) for d in self._template_dirs), "the built-in templates"])


def build_body(
    blocks: Iterable[Block], *, html_of: Callable[[int, Sequence[Run]], Markup] | None = None
) -> list[HtmlNode]:
    """Group blocks into the nodes a template renders: quotes merged, list items nested. ``html_of(index, runs)``
    gives a block's inline HTML (default :func:`runs_to_html`)."""
    body: list[HtmlNode] = []
    lists: list[HtmlList] = []  # the open lists, outermost first
    for index, block in enumerate(blocks):
        html = html_of(index, block.runs) if html_of is not None else runs_to_html(block.runs)
        if block.kind is BlockKind.LIST_ITEM:
            _add_list_item(body, lists, block, html)
            continue
        lists.clear()
        if block.kind is BlockKind.QUOTE:
            if not body or not isinstance(body[-1], HtmlQuote):
                body.append(HtmlQuote())
            quote = body[-1]
            assert isinstance(quote, HtmlQuote)
            quote.paragraphs.append(html)
        elif block.kind is BlockKind.PARAGRAPH:
            body.append(HtmlBlock("p", html))
        else:
            body.append(HtmlBlock(heading_tag(block), html))
    return body


def heading_tag(block: Block) -> str:
    """``h2``..``h6`` for a heading (level 1 and 2 both give h2: the title is the only h1)."""
    level = 1 if block.kind is BlockKind.TITLE else min(max(block.level, 1), 6)
    return f"h{max(level, 2)}"


def _add_list_item(body: list[HtmlNode], lists: list[HtmlList], block: Block, html: Markup) -> None:
    """Put a list item in the open list of its depth, opening and closing lists as needed."""
    # A jump of more than one level nests one level deeper: there is no item to hang it on.
    depth = min(max(block.level, 1), len(lists) + 1)
    del lists[depth:]
    if len(lists) == depth and lists[-1].ordered != block.ordered:
        lists.pop()
    if len(lists) < depth:
        new = HtmlList(block.ordered)
        if lists:
            lists[-1].items[-1].children.append(new)
        else:
            body.append(new)
        lists.append(new)
    lists[-1].items.append(HtmlListItem(html))


def runs_to_html(runs: Sequence[Run]) -> Markup:
    """Inline HTML for runs: text escaped, em/strong/code tags, links only to safe addresses."""
    tagged, marks = runs_to_tagged(runs)
    out: list[str] = []
    open_links: list[int] = []  # numbers of the <a> elements now open (HTML forbids nesting them)
    for piece in tokenize(tagged):
        if isinstance(piece, Tag):
            out.append(_tag_html(piece, marks[piece.number - 1], open_links))
        else:
            out.append(escape(piece))
    return Markup("".join(out))


def _tag_html(tag: Tag, mark: Mark, open_links: list[int]) -> str:
    if mark.kind is not MarkKind.LINK:
        name = _SIMPLE_TAGS[mark.kind]
        return Markup(f"</{name}>" if tag.closing else f"<{name}>")
    if tag.closing:
        if open_links and open_links[-1] == tag.number:
            open_links.pop()
            return Markup("</a>")
        return ""
    href = safe_href(mark.href)
    if href is None or open_links:
        if href is None:
            logger.debug("dropped link to unsafe address %r", mark.href)
        return ""
    open_links.append(tag.number)
    return Markup('<a href="{}">').format(href)


class _BoundedLoader(jinja2.FileSystemLoader):
    """jinja2's FileSystemLoader, reading each template through :func:`translate.fsutil.read_bounded`: a regular
    file of at most TEMPLATE_MAX bytes (a 300 MB base.html cost every run minutes and a gigabyte), in UTF-8; an
    ExportError names the file otherwise (and the line of its first byte that is not UTF-8)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            # posixpath, as jinja2 does: a "drive:" or UNC piece cannot break out of the folder.
            filename = posixpath.join(folder, *pieces)
            if os.path.isfile(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        path = Path(os.path.normpath(filename))
        data = read_bounded(path, limit=TEMPLATE_MAX, what="template", error=ExportError,
                            hint=f"a template may hold at most {describe_size(TEMPLATE_MAX)}: put what is large "
                                 "(images, scripts) in files of their own")
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ExportError("the template is not UTF-8 text", path=path,
                              line=data[: error.start].count(b"\n") + 1, hint="save it as UTF-8") from None
        mtime = os.path.getmtime(path)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(path) == mtime
            except OSError:
                return False

        return source, str(path), uptodate


def _template_names(node: nodes.Expr) -> tuple[str, ...] | None:
    """The template names an extends, include or import gives as constants (one, or a list); None if computed."""
    if isinstance(node, nodes.Const):
        value = node.value
        if isinstance(value, str):
            return (value,)
        if isinstance(value, (list, tuple)) and all(isinstance(each, str) for each in value):
            return tuple(value)
    elif isinstance(node, (nodes.List, nodes.Tuple)):
        if all(isinstance(item, nodes.Const) and isinstance(item.value, str) for item in node.items):
            return tuple(item.value for item in node.items)  # type: ignore[attr-defined]
    return None


def _builtin_root() -> Path:
    return Path(str(files("translate").joinpath("templates"))).resolve()


def _in_page_language(method: str) -> Callable[..., str]:
    """A gettext callable for templates: ``method`` of the catalog of the rendering's ``lang``."""
    @jinja2.pass_context
    def call(context: jinja2.runtime.Context, *args: object) -> str:
        return getattr(translations(context.get("lang", FALLBACK)), method)(*args)  # type: ignore[no-any-return]
    return call


def install_gettext(environment: jinja2.Environment) -> None:
    """Give ``environment`` (with ``jinja2.ext.i18n``) gettext in the language of each rendering's ``lang``.

    The catalog is chosen per rendering from the context, not installed on the shared environment per page,
    so pages in different languages may render side by side; newstyle gettext, so a translation is escaped
    as any value is and ``%(name)s`` placeholders are filled from keyword arguments.
    """
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        _in_page_language("ugettext"), _in_page_language("ungettext"), newstyle=True,
        pgettext=_in_page_language("upgettext"), npgettext=_in_page_language("unpgettext"),
    )


def _render_html(article: TranslatedArticle, context: RenderContext) -> bytes:
    if context.destination is Destination.RELEASES:
        article = replace(article, flagged=())  # a release page never shows the reviewer's view
    return context.renderer.render(article, extra={"alternates": list(context.alternates)}).encode("utf-8")


FORMAT = OutputFormat("html", "html", N_("HTML"), _render_html, page=True, templates=("article.html",), rank=0)
