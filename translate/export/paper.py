"""The paper a Word document is laid out on: US Letter in the territories that use it, A4 elsewhere.

The territory is the language tag's (``en-CA``: Canada), else the language's most likely one in CLDR
(``es``: Spain, ``en``: the United States, ``pt``: Brazil). Which territories use Letter is data:
``translate/data/paper.toml``.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources

from babel.core import get_global

from translate.export import parse_locale

__all__ = ["A4", "LETTER", "Paper", "paper_for"]


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper size, portrait, in millimetres."""

    name: str
    width_mm: float
    height_mm: float


A4 = Paper("A4", 210.0, 297.0)
LETTER = Paper("Letter", 215.9, 279.4)


@functools.lru_cache(maxsize=64)
def paper_for(lang: str) -> Paper:
    """The paper for documents in ``lang`` (a code like ``es``, ``en-CA``); A4 for an unknown language."""
    return LETTER if territory(lang) in _letter_territories() else A4


def territory(lang: str) -> str | None:
    """The territory of ``lang``: its own (``pt-BR``: ``BR``), else CLDR's most likely one; None if unknown."""
    locale = parse_locale(lang)
    if locale is None:
        return None
    if locale.territory:
        return locale.territory
    likely = get_global("likely_subtags")
    for key in (str(locale), locale.language):
        if key in likely:
            subtags = parse_locale(likely[key])
            return subtags.territory if subtags is not None else None
    return None


@functools.cache
def _letter_territories() -> frozenset[str]:
    text = resources.files("translate").joinpath("data/paper.toml").read_text("utf-8")
    return frozenset(tomllib.loads(text)["letter"])
