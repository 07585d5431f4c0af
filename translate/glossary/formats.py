"""The registry of glossary exchange formats: what ``glossary export --format`` writes and ``glossary import`` reads.

Each format is declared by a module of :mod:`translate.glossary` in its ``EXCHANGE_FORMATS`` tuple, as an
:class:`ExchangeFormat`: its name, the suffix of the files it writes, the suffixes it reads on import (several
formats may share a suffix: one of them reads them all, telling them apart by their content), whether it holds
one language pair (then ``--to`` is needed) and its functions. :func:`exchange_formats` finds them; a new format
is its module's declaration plus its tests: the CLI, imports and help take it from here.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from translate.errors import GlossaryError
from translate.model import Concept, Glossary

__all__ = ["DEFAULT_IMPORT", "ExchangeFormat", "ExchangeOptions", "exchange_format", "exchange_formats",
           "import_format"]

DEFAULT_IMPORT = "tbx"
"""The format a file of a suffix no format claims is read as (TBX comes as .tbx, .xml, .tbxm...)."""


@dataclass(frozen=True, slots=True)
class ExchangeOptions:
    """The language pair of a pair format (``tgt`` is None for formats of every language); ``header``: the engine
    CSV's row of language codes."""

    src: str
    tgt: str | None = None
    header: bool = False


@dataclass(frozen=True, slots=True)
class ExchangeFormat:
    """One glossary exchange format, declared in a glossary module's ``EXCHANGE_FORMATS``.

    ``export`` must give the same bytes for the same glossary and raise GlossaryError for what it cannot write;
    ``read`` (None for a format another one of its suffix reads) turns a file's bytes into concepts or raises
    GlossaryError naming the file and line. ``pair``: the format holds one language pair, so ``options.tgt`` is
    set. ``label`` names its files in messages (``the CSV glossary``). ``reads`` are the suffixes (lower case,
    no dot) it imports; ``rank`` orders the ``--format`` choices.
    """

    name: str
    suffix: str
    label: str
    summary: str
    export: Callable[[Glossary, ExchangeOptions], bytes]
    read: Callable[[bytes, ExchangeOptions, Path], list[Concept]] | None = None
    reads: tuple[str, ...] = ()
    pair: bool = False
    rank: int = 100


@cache
def exchange_formats() -> tuple[ExchangeFormat, ...]:
    """Every registered format, by rank then name."""
    package = importlib.import_module("translate.glossary")
    found: list[ExchangeFormat] = []
    for module in pkgutil.iter_modules(package.__path__):
        found.extend(getattr(importlib.import_module(f"{package.__name__}.{module.name}"), "EXCHANGE_FORMATS", ()))
    return tuple(sorted(found, key=lambda fmt: (fmt.rank, fmt.name)))


def exchange_format(name: str) -> ExchangeFormat:
    """The format called ``name``; GlossaryError listing the known ones otherwise."""
    for fmt in exchange_formats():
        if fmt.name == name:
            return fmt
    raise GlossaryError(f"unknown glossary format {name!r}",
                        hint="use one of " + ", ".join(fmt.name for fmt in exchange_formats()))


def import_format(path: Path) -> ExchangeFormat:
    """The format that reads ``path`` on import, by its suffix (:data:`DEFAULT_IMPORT` for one no format claims)."""
    suffix = path.suffix.lower().removeprefix(".")
    for fmt in exchange_formats():
        if fmt.read is not None and suffix in fmt.reads:
            return fmt
    return exchange_format(DEFAULT_IMPORT)
