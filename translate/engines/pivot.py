"""Chain two engines through a pivot language (en -> es -> pt)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from translate.engines.base import Capabilities, Engine, Pair
from translate.model import Finding, Glossary, MTResult, Signature


class Pivot(Engine):
    """Translate src -> via with ``first``, then via -> tgt with ``second``; findings of both kept.

    Placeholders must survive both steps: those of ``first`` are used. Terms to suppress reach the
    decoder of the last step, where it can suppress them.
    """

    name = "pivot"

    def __init__(self, first: Engine, second: Engine, *, src: str, via: str, tgt: str) -> None:
        self.first = first
        self.second = second
        self.src, self.via, self.tgt = src, via, tgt
        self.capabilities = Capabilities(
            suppresses=second.capabilities.suppresses, placeholder=first.capabilities.placeholder,
            dictionaries=tuple(k for k in first.capabilities.dictionaries if k in second.capabilities.dictionaries),
        )

    def pairs(self) -> frozenset[Pair]:
        return frozenset({(self.src, self.tgt)})

    def translate_batch(
        self, texts: Sequence[str], *, src: str, tgt: str, suppress: Sequence[str] = ()
    ) -> list[MTResult]:
        if (src, tgt) != (self.src, self.tgt):
            raise ValueError(f"this pivot translates {self.src}->{self.tgt}, not {src}->{tgt}")
        middle = self.first.translate_batch(texts, src=self.src, tgt=self.via)
        texts2 = [m.text for m in middle]
        final = self.second.translate_batch(texts2, src=self.via, tgt=self.tgt, suppress=suppress)
        return [MTResult(out.text, _merge(mid.findings, out.findings)) for mid, out in zip(middle, final, strict=True)]

    def signature(self, src: str, tgt: str) -> Signature:
        first = self.first.signature(self.src, self.via)
        second = self.second.signature(self.via, self.tgt)
        options = tuple(dict.fromkeys(first.options + second.options))
        return Signature(first.engine + second.engine, via=self.via, options=options)

    def placeholder(self, index: int) -> str:
        return self.first.placeholder(index)

    def pivot_language(self, src: str, tgt: str) -> str | None:
        return self.via

    def with_glossary(self, glossary: Glossary, src: str, tgt: str, *, state_dir: Path,
                      notify: Callable[[str], None] | None = None) -> tuple[Engine, frozenset[str]]:
        """Each stage takes the glossary for its own pair (src -> via, via -> tgt): a concept both take is
        carried into the pivot language by the first and into the target by the second."""
        first, taken = self.first.with_glossary(glossary, self.src, self.via, state_dir=state_dir, notify=notify)
        second, also = self.second.with_glossary(glossary, self.via, self.tgt, state_dir=state_dir, notify=notify)
        return Pivot(first, second, src=self.src, via=self.via, tgt=self.tgt), taken & also

    def close(self) -> None:
        """The wrapped engines are shared; whoever made them closes them."""


def _merge(first: tuple[Finding, ...], second: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Both stages' findings, without the second repeating what the first said of the same text."""
    seen = {(f.check, f.text) for f in first if f.text}
    return first + tuple(f for f in second if not (f.text and (f.check, f.text) in seen))
