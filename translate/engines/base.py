"""The Engine protocol every translation engine, and every wrapper around one, implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from translate.model import MTResult

Pair = tuple[str, str]


@runtime_checkable
class Engine(Protocol):
    """Translates batches of tagged text for the language pairs it offers.

    ``translate_batch`` gets segments as tagged text (see :mod:`translate.inline`) and returns
    one MTResult per input, in order, whose text is tagged text again. Engines hold resources
    (processes, models): callers ``close()`` them, or use them as context managers.
    """

    name: str

    def pairs(self) -> frozenset[Pair]: ...

    def translate_batch(self, texts: Sequence[str], *, src: str, tgt: str) -> list[MTResult]: ...

    def signature(self, src: str, tgt: str) -> str: ...

    def placeholder(self, index: int) -> str:
        """A token this engine passes through unchanged, to hold a protected term's place."""
        ...

    def close(self) -> None: ...
