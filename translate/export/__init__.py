"""Render translated articles for people: one module per output format, found by :mod:`.formats`.

HTML pages (:mod:`.html`), Word files (:mod:`.docx`) and Markdown for static site generators
(:mod:`.markdown`); :mod:`.assemble` puts an article together in one language for all of them.
This package module holds what the renderers share: which link addresses are safe to keep
(:func:`safe_href`, from :mod:`translate.links`, which the readers share), and what babel knows
about a language (its name in itself, its writing direction, its date format).
"""

from __future__ import annotations

import functools
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from translate.links import SAFE_SCHEMES, safe_href
from translate.model import Block, BlockKind, Run, TranslatedArticle

__all__ = ["SAFE_SCHEMES", "format_article_date", "language_name", "parse_locale", "safe_href", "split_title",
           "text_direction"]


def parse_locale(lang: str) -> Locale | None:
    """The babel locale for a code like ``es``, ``pt-BR`` or ``sr_Latn``; None if unknown."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@functools.lru_cache(maxsize=256)  # every page's switcher names every language
def language_name(lang: str) -> str:
    """The language's name in itself, as it starts a label (babel): Español, Català, Українська; else the code."""
    locale = parse_locale(lang)
    name = locale.get_display_name(locale) if locale is not None else None
    return name[:1].upper() + name[1:] if name else lang


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
