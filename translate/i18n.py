"""The texts translate adds to pages and documents, in the reader's language: gettext catalogs.

Only what the tool writes around an article goes through here (the draft notice, the language switcher's label,
the review DOCX's instructions and column headings...), never the article's own text. The catalogs are
``translate/locale/<lang>/LC_MESSAGES/messages.po``: one per language the engines serve, plus English. They are
compiled to ``messages.mo`` at install time (``setup.py``'s build step; ``make catalogs`` in a checkout), and
the ``.mo`` files are what this module reads.

For code that writes a text:

- mark a message where it is defined with :func:`N_` (or :func:`pN_` with a context, for an ambiguous word) and
  translate it where the language is known; or call :func:`gettext` / :func:`pgettext` with the language
  directly. Placeholders are ``%(name)s``, filled from keyword arguments after translation.
- :func:`text_language` is the language the texts for a page in ``lang`` come out in: the catalog's (``es`` for
  ``es-MX``) or ``en`` where no catalog serves ``lang``: mark the text with it (``lang``, ``dir``, ``w:lang``).
- :func:`every_language` gives a message in English and in every shipped catalog, :func:`each_catalog` a tuple
  of messages per language (a header row), :func:`match_message` the placeholders' values of a text that is a
  message in any of them: what a reader of files we wrote (the review DOCX import) must accept, whatever
  language they were written in.
- :func:`missing_catalogs` is the one-line note for languages that fall back to English.

Templates use jinja2's ``i18n`` extension: ``{% trans %}…{% endtrans %}``, ``_()``, ``pgettext()``, in the
language of the context's ``lang`` (:mod:`translate.export.html` installs it). Messages are extracted with
``pybabel extract`` (``babel.cfg``; ``make catalogs-update`` re-extracts and updates every catalog).
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path

from babel.core import negotiate_locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from translate.errors import CatalogError

__all__ = [
    "DOMAIN", "FALLBACK", "N_", "catalogs_digest", "compile_catalogs", "each_catalog", "every_language", "gettext",
    "locale_dir", "match_message", "missing_catalogs", "pN_", "pgettext", "read_catalog", "shipped_languages",
    "text_language", "translations",
]

DOMAIN = "messages"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_KEYWORD_LINE = re.compile(r'"|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[[0-9]+\])?)\s')
_STRING_LINE = re.compile(r'(?:msg(?:ctxt|id|id_plural|str(?:\[[0-9]+\])?)\s+)?"(?:[^"\\]|\\.)*"')
FALLBACK = "en"
"""The language of the msgids: what a page gets where no catalog serves its language."""


def N_(message: str) -> str:
    """Mark ``message`` for extraction where it is defined; translate it later with :func:`gettext`."""
    return message


def pN_(context: str, message: str) -> str:
    """Mark ``message`` in ``context`` for extraction; translate it later with :func:`pgettext` and that context."""
    del context  # read by the extractor only
    return message


def locale_dir() -> Path:
    """The folder of the packaged catalogs: ``<lang>/LC_MESSAGES/messages.po`` (and ``.mo`` once compiled)."""
    return Path(str(files("translate").joinpath("locale")))


@functools.cache
def shipped_languages() -> tuple[str, ...]:
    """The languages with a packaged catalog, sorted (English among them)."""
    folder = locale_dir()
    return tuple(sorted(p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


@functools.lru_cache(maxsize=256)
def _catalog_for(lang: str) -> str | None:
    """The shipped catalog serving ``lang`` (``es`` for ``es``, ``es-MX``, ``es_419``), or None."""
    return negotiate_locale([lang.replace("-", "_")], list(shipped_languages()), sep="_")


def text_language(lang: str) -> str:
    """The language the added texts of a page in ``lang`` are written in: its catalog's, else English."""
    return _catalog_for(lang) or FALLBACK


@functools.lru_cache(maxsize=64)
def translations(lang: str) -> NullTranslations:
    """The compiled catalog for a page in ``lang`` (a :class:`babel.support.Translations`); English (the msgids,
    a ``NullTranslations``) where no catalog serves ``lang``.

    CatalogError if the catalog's ``.po`` is there but was not compiled, or its ``.mo`` cannot be read.
    """
    found = _catalog_for(lang)
    if found is None or found == FALLBACK:
        return NullTranslations()
    mo = locale_dir() / found / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with open(mo, "rb") as stream:
            return Translations(stream, domain=DOMAIN)
    except FileNotFoundError:
        raise CatalogError(f"the {found} catalog is not compiled", path=mo,
                           hint="run `make catalogs` (or reinstall: pip install -e .)") from None
    except OSError as error:
        raise CatalogError(f"cannot read the compiled catalog: {error.strerror or error}", path=mo,
                           hint="run `make catalogs` (or reinstall: pip install -e .)") from None


def gettext(lang: str, message: str, **variables: object) -> str:
    """``message`` in the language of a page in ``lang`` (English where no catalog serves it), placeholders filled."""
    text = translations(lang).ugettext(message)
    return text % variables if variables else text


def pgettext(lang: str, context: str, message: str, **variables: object) -> str:
    """:func:`gettext` for a message marked with a context (``pN_``, ``pgettext`` in templates)."""
    text = translations(lang).upgettext(context, message)
    return text % variables if variables else text


@functools.lru_cache(maxsize=256)
def every_language(message: str, context: str | None = None) -> tuple[str, ...]:
    """``message`` in English, then in each shipped catalog, each text once: what reading our files back accepts."""
    texts = [message]
    for lang in shipped_languages():
        texts.append(pgettext(lang, context, message) if context is not None else gettext(lang, message))
    return tuple(dict.fromkeys(texts))


@functools.lru_cache(maxsize=64)
def each_catalog(messages: tuple[str, ...], context: str | None = None) -> frozenset[tuple[str, ...]]:
    """``messages`` as English and each shipped catalog write them: one tuple per language (a table's header
    row as any of them reads)."""
    def one(lang: str, message: str) -> str:
        return pgettext(lang, context, message) if context is not None else gettext(lang, message)
    return frozenset({messages} | {tuple(one(lang, m) for m in messages) for lang in shipped_languages()})


@functools.lru_cache(maxsize=64)
def _patterns(message: str, groups: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], ...]:
    wanted = dict(groups)
    out = []
    for text in every_language(message):
        pieces, pos = [], 0
        for match in _PLACEHOLDER.finditer(text):
            pieces.append(re.escape(text[pos : match.start()]))
            pieces.append(f"(?P<{match.group(1)}>{wanted[match.group(1)]})")
            pos = match.end()
        pieces.append(re.escape(text[pos:]))
        out.append(re.compile("".join(pieces), re.IGNORECASE))
    return tuple(out)


def match_message(message: str, text: str, *, search: bool = False, **groups: str) -> dict[str, str] | None:
    """The placeholders' values if ``text`` is ``message`` in English or any shipped language (case ignored),
    each ``%(name)s`` matching the regular expression ``groups[name]``; else None. ``search``: ``message`` may be
    anywhere in ``text``, not all of it."""
    for pattern in _patterns(message, tuple(sorted(groups.items()))):
        found = pattern.search(text) if search else pattern.fullmatch(text)
        if found:
            return found.groupdict()
    return None


def missing_catalogs(langs: Iterable[str]) -> str | None:
    """The note for the languages of ``langs`` no catalog serves (their page texts are English), or None."""
    missing = sorted({lang for lang in langs if _catalog_for(lang) is None})
    if not missing:
        return None
    return (f"page texts in English for {', '.join(missing)}: no catalog for {'it' if len(missing) == 1 else 'them'} "
            f"in {locale_dir()} (catalogs: {', '.join(shipped_languages())})")


@functools.cache
def catalogs_digest() -> str:
    """A digest of the compiled catalogs: what a rendering's page texts depend on (for caches of rendered files)."""
    digest = hashlib.sha256()
    for lang in shipped_languages():
        mo = locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        data = mo.read_bytes() if mo.is_file() else b""
        digest.update(b"%s\0%d\0%s" % (lang.encode(), len(data), data))
    return digest.hexdigest()


def read_catalog(path: Path) -> Catalog:
    """The catalog of a ``.po`` file; CatalogError naming the file and line of a syntax error.

    Besides what babel's reader refuses, a string not closed on its line is an error (babel would read
    ``"Glosario`` as ``Glosari``, msgfmt refuses it)."""
    try:
        data = path.read_bytes()
        for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
            stripped = line.strip()
            if _KEYWORD_LINE.match(stripped) and not _STRING_LINE.fullmatch(stripped):
                raise CatalogError(
                    f"catalog syntax error: a string not quoted right (or not closed on its line): {stripped!r}",
                    path=path, line=number, hint='write each string in double quotes, a quote inside as \\"')
        return read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as error:
        message = str(error).removesuffix(f" on {error.lineno}")  # babel appends its 0-based line number
        raise CatalogError(f"catalog syntax error: {message}: {error.line.strip()!r}", path=path,
                           line=error.lineno + 1, hint="fix the .po file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogError(f"cannot read the catalog: {error}", path=path) from None


def compile_catalogs(folder: Path) -> tuple[Path, ...]:
    """Compile every ``<lang>/LC_MESSAGES/messages.po`` under ``folder`` to its ``.mo`` next to it; the
    ``.mo`` files written. CatalogError (file and line) for a catalog that does not parse; fuzzy entries are
    left out, as msgfmt does."""
    written = []
    for po in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        catalog = read_catalog(po)
        mo = po.with_suffix(".mo")
        with open(mo, "wb") as stream:
            write_mo(stream, catalog)
        written.append(mo)
    return tuple(written)
