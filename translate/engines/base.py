"""The Engine protocol every translation engine, and every wrapper around one, implements; what a module declares.

An engine module declares one ``ENGINE = EngineSpec(...)``: the engine's name, its
``[engines.NAME]`` settings (defaults, and the function that reads and validates them) and how
to build it from them. The registry (:mod:`translate.engines.registry`) lists those modules;
routing asks each engine what it offers (``pairs``, ``pivots``) and what it can do
(``capabilities``), never its name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, Self, TypeVar

from translate.config import Section
from translate.errors import EngineNotInstalled
from translate.model import Glossary, MTResult, Signature

Pair = tuple[str, str]
PivotRoute = tuple[str, str, str]
"""(src, via, tgt): src -> via and via -> tgt, each a pair of the same engine."""
S = TypeVar("S")


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What an engine can do beyond translating, for the glossary and for routing."""

    suppresses: bool = False
    """``translate_batch`` honours ``suppress``: target terms kept out inside the decoder."""
    dictionaries: tuple[str, ...] = ()
    """Kinds of dictionary the engine can compile glossary terms into (empty: none)."""
    placeholder: str = "XTRM{index}X"
    """The token it passes through unchanged, to hold a protected term's place (``{index}`` a number)."""


@dataclass(frozen=True, slots=True)
class Listing:
    """What `translate engines` says of one engine beyond its pairs: lines of text, and keys for JSON."""

    lines: tuple[str, ...] = ()
    data: Mapping[str, object] = field(default_factory=dict)


class Engine(Protocol):
    """Translates batches of tagged text for the language pairs it offers.

    ``translate_batch`` gets segments as tagged text (see :mod:`translate.inline`) and returns
    one MTResult per input, in order, whose text is tagged text again; ``suppress`` lists target
    terms to keep out, honoured where ``capabilities.suppresses`` (others ignore it). Engines hold
    resources (processes, models): callers ``close()`` them, or use them as context managers.
    Subclass it to inherit the defaults of the optional methods.
    """

    name: str
    capabilities: Capabilities

    def pairs(self) -> frozenset[Pair]: ...

    def pivots(self) -> frozenset[PivotRoute]:
        """Pairs it reaches only through a pivot language, each step one of its own pairs."""
        return frozenset()

    def translate_batch(
        self, texts: Sequence[str], *, src: str, tgt: str, suppress: Sequence[str] = ()
    ) -> list[MTResult]: ...

    def signature(self, src: str, tgt: str) -> Signature:
        """What translates src -> tgt here (engine, its data and their versions), for every artifact to record."""
        ...

    def placeholder(self, index: int) -> str:
        """A token this engine passes through unchanged, to hold a protected term's place."""
        return self.capabilities.placeholder.format(index=index)

    def with_glossary(self, glossary: Glossary, src: str, tgt: str, *, state_dir: Path,
                      notify: Callable[[str], None] | None = None) -> tuple[Engine, frozenset[str]]:
        """This engine for src -> tgt with ``glossary``'s terms taken in, and the ids of the concepts it renders itself.

        Engines whose ``capabilities.dictionaries`` is not empty compile the terms (kept under ``state_dir``,
        the workspace's ``.translate/``) and give an engine that translates the pair with them; ``notify``
        is told, in one line, of slow first-time work and of what is missing. This engine itself is
        unchanged. The concepts not returned are protected around the engine (see
        :mod:`translate.glossary.enforce`). The default takes none: ``(self, frozenset())``.
        """
        return self, frozenset()

    def pivot_language(self, src: str, tgt: str) -> str | None:
        """The language src -> tgt passes through on its way (a pivot's), or None when translated directly."""
        return None

    def problem(self, src: str, tgt: str) -> EngineNotInstalled | None:
        """Why this engine offers no pair at all here (a program or folder missing), or None."""
        return None

    def suggestion(self, src: str, tgt: str) -> str | None:
        """How to add src -> tgt to this engine (what to install), or None."""
        return None

    def listing(self, offered: frozenset[Pair], show: Callable[[Path], str]) -> Listing:
        """What `translate engines` adds about this engine; ``offered`` is every pair routed, ``show`` writes a path."""
        return Listing()

    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True, slots=True)
class EngineSpec(Generic[S]):
    """What an engine module declares, as its module-level ``ENGINE``, for the registry.

    ``defaults`` are its ``[engines.NAME]`` keys and their values (any other key is refused with a
    "did you mean"); ``free_tables`` are sub-tables whose keys are the user's (they replace the
    default table). ``read_settings`` validates the merged section, naming file and line;
    ``build`` makes the engine, which must not start anything until asked to translate.
    """

    name: str
    defaults: Mapping[str, Any]
    read_settings: Callable[[Section], S]
    build: Callable[[S], Engine]
    free_tables: tuple[str, ...] = ()
