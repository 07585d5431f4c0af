"""Render translated articles for people: HTML pages (:mod:`.html`) and Word files (:mod:`.docx`).

This package module holds what both renderers share: which link addresses are safe to keep,
and what babel knows about a language (its writing direction, its date format).
"""

from __future__ import annotations

import re
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from translate.model import Block, BlockKind, Run, TranslatedArticle

__all__ = ["format_article_date", "parse_locale", "safe_href", "split_title", "text_direction"]

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# Browsers drop ASCII tab and newline anywhere in a URL and trim C0 controls and spaces at
# its ends, so "java\tscript:" and " javascript:" still run script: do the same before looking.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def safe_href(href: str | None) -> str | None:
    """Return ``href`` cleaned if it is safe to link to, else None (keep the text, drop the link).

    Safe means an ``http``, ``https`` or ``mailto`` URL, or a relative or fragment URL without
    a scheme. Anything else (``javascript:``, ``vbscript:``, ``data:``, ``file:``, however it is
    cased or padded) and anything still holding control characters is refused.
    """
    if href is None:
        return None
    cleaned = _EDGES.sub("", _URL_IGNORED.sub("", href))
    if not cleaned or _CONTROL.search(cleaned):
        return None
    match = _SCHEME.match(cleaned)
    if match is None:
        # No scheme before the first colon: a relative path, query or fragment. A colon that
        # comes after "/", "?" or "#" cannot start a scheme; one before them would, and failed
        # the pattern only because of an odd character, so refuse it.
        head = re.split(r"[/?#]", cleaned, maxsplit=1)[0]
        return None if ":" in head else cleaned
    return cleaned if match.group(1).lower() in SAFE_SCHEMES else None


def parse_locale(lang: str) -> Locale | None:
    """The babel locale for a code like ``es``, ``pt-BR`` or ``sr_Latn``; None if unknown."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def text_direction(lang: str) -> str:
    """``"rtl"`` for right-to-left languages (ar, he, fa...), else ``"ltr"`` (unknown ones too)."""
    locale = parse_locale(lang)
    return "rtl" if locale is not None and locale.text_direction == "rtl" else "ltr"


def format_article_date(value: date, lang: str) -> str:
    """The date in the language's long form (es: ``24 de noviembre de 2022``), else English."""
    return format_date(value, format="long", locale=parse_locale(lang) or Locale("en"))


def split_title(article: TranslatedArticle) -> tuple[tuple[Run, ...], tuple[Block, ...]]:
    """The title's runs and the blocks after it (the meta title when there is no TITLE block)."""
    if article.blocks and article.blocks[0].kind is BlockKind.TITLE:
        return article.blocks[0].runs, article.blocks[1:]
    return (Run(article.meta.title),), article.blocks
