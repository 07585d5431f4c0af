"""A deterministic in-memory engine: translates word by word from a table, so tests run without Apertium.

A real Engine implementation (not a mock): it keeps inline tags and the placeholders it declares,
escapes nothing it was not given escaped, reports unknown words as findings as Apertium does, and
honours ``suppress`` by leaving the suppressed word as it was in the source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from translate.engines.base import Capabilities, Engine, Listing, Pair
from translate.errors import PairNotAvailable
from translate.model import EngineStep, Finding, MTResult, Severity, Signature

WORDS: dict[Pair, dict[str, str]] = {
    ("en", "es"): {
        "the": "el", "government": "gobierno", "met": "se reunió", "in": "en", "capital": "capital",
        "talks": "conversaciones", "ended": "terminaron", "late": "tarde", "border": "frontera", "is": "es",
        "long": "larga", "good": "buenos", "morning": "días", "thank": "gracias", "war": "guerra",
        "began": "empezó", "summit": "cumbre", "negotiations": "negociaciones", "continue": "continúan",
        "nobody": "nadie", "answered": "respondió", "new": "nuevo", "mission": "misión", "prices": "precios",
        "rose": "subieron", "times": "veces", "euros": "euros", "and": "y", "of": "de", "first": "primer",
        "second": "segundo", "point": "punto", "soldiers": "soldados", "watch": "vigilan", "it": "la",
        "with": "con", "great": "gran", "care": "cuidado", "officials": "funcionarios", "said": "dijeron",
    },
    ("es", "pt"): {
        "el": "o", "gobierno": "governo", "se": "se", "reunió": "reuniu", "en": "em", "capital": "capital",
        "buenos": "bom", "días": "dia", "gracias": "obrigado", "guerra": "guerra", "empezó": "começou",
    },
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class MemoryEngine(Engine):
    """Translates each word found in ``words[(src, tgt)]`` (matched lower-case, cased like the source).

    A word not in the table is kept and reported as an ``unknown-word`` finding. Tags (``<1>``),
    entities and digits pass through, so its placeholders (``99{index:03d}99``) do too.
    """

    capabilities = Capabilities(suppresses=True, placeholder="99{index:03d}99")

    def __init__(self, words: Mapping[Pair, Mapping[str, str]] | None = None, *, name: str = "memory",
                 pivot_routes: frozenset[tuple[str, str, str]] = frozenset(), version: str = "1") -> None:
        self.name = name
        self.words = {pair: dict(table) for pair, table in (WORDS if words is None else words).items()}
        self.pivot_routes = pivot_routes
        self.version = version
        self.calls: list[tuple[Pair, int]] = []
        """(pair, number of texts) of every batch asked for, for tests that count engine work."""

    def pairs(self) -> frozenset[Pair]:
        return frozenset(self.words)

    def pivots(self) -> frozenset[tuple[str, str, str]]:
        return self.pivot_routes

    def translate_batch(
        self, texts: Sequence[str], *, src: str, tgt: str, suppress: Sequence[str] = ()
    ) -> list[MTResult]:
        table = self.words.get((src, tgt))
        if table is None:
            raise PairNotAvailable(f"{self.name} has no {src}->{tgt} table")
        self.calls.append(((src, tgt), len(texts)))
        banned = {term.lower() for term in suppress}
        return [self._translate(text, table, banned) for text in texts]

    def _translate(self, text: str, table: Mapping[str, str], banned: set[str]) -> MTResult:
        findings: list[Finding] = []

        def word(match: re.Match[str]) -> str:
            surface = match.group(0)
            if _inside_markup(text, match.start()):
                return surface
            target = table.get(surface.lower())
            if target is None or target.lower() in banned:
                if target is None:
                    findings.append(Finding("unknown-word", Severity.MINOR, f"{self.name} did not know “{surface}”",
                                            text=surface))
                return surface
            return target[:1].upper() + target[1:] if surface[:1].isupper() else target

        out = _WORD.sub(word, text)
        return MTResult(re.sub(r"(?<=\S) {2,}(?=\S)", " ", out), tuple(findings))

    def signature(self, src: str, tgt: str) -> Signature:
        return Signature((EngineStep(f"{self.name}-{src}-{tgt}", self.version),))

    def listing(self, offered: frozenset[Pair], show: Callable[[Path], str]) -> Listing:
        return Listing((f"{self.name}: {len(self.words)} word tables in memory",))

    def close(self) -> None:
        """Nothing to release."""


def _inside_markup(text: str, index: int) -> bool:
    """Whether ``index`` falls inside a tag (``<1>``) or an entity (``&amp;``), which are not words."""
    before = text[:index]
    return before.rfind("<") > before.rfind(">") or before.rfind("&") > max(before.rfind(";"), before.rfind(" "))
