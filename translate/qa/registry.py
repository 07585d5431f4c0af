"""The registry: every QA check, in the order their findings are listed.

The pipeline, review import, approval and glossary impact ask it which checks run at their stage and
whether findings block; nothing else keeps a list of check names. A new check is one module declaring
its :class:`~translate.qa.base.Check` (name, severity, stages, whether it blocks, ``prepare``) in a
``CHECKS`` tuple, and its name in :data:`MODULES`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import import_module

from translate.model import Finding, Glossary, Segment
from translate.qa.base import Check, Scope, SegmentCheck, Stage

MODULES = (
    "tags",
    "numbers",
    "dates",
    "untranslated",
    "punctuation",
    "length",
    "terms",
    "agreement",
    "glued",
    "pivot",
    "reported",
    "fixes",
)
"""The modules of :mod:`translate.qa` that declare checks (each a ``CHECKS`` tuple), in this order."""

CHECKS: list[Check] = [check for name in MODULES for check in import_module(f"translate.qa.{name}").CHECKS]


class Checker:
    """The checks of one stage, prepared once for a glossary and language pair, run on many segments."""

    def __init__(self, stage: Stage, glossary: Glossary, *, src: str, tgt: str, pivot: str | None = None) -> None:
        self._scope = scope = Scope(glossary, src, tgt, pivot)
        checks = _runnable(stage, scope)
        self._runs: list[SegmentCheck] = [check.prepare(scope) for check in checks if check.prepare is not None]
        self._primes = [check.prime for check in checks if check.prime is not None]

    def prime(self, batch: Sequence[tuple[Segment, str]]) -> None:
        """Let the checks look up a batch of ``(segment, target)`` at once before it is checked (faster, same findings)."""
        for prime in self._primes:
            prime(self._scope, batch)

    def __call__(self, segment: Segment, target: str) -> list[Finding]:
        """Every finding of the stage's checks on ``target``, the translation of ``segment``."""
        return [finding for run in self._runs for finding in run(segment, target)]


def _runnable(stage: Stage, scope: Scope) -> list[Check]:
    return [check for check in CHECKS if stage in check.stages
            and (check.unavailable is None or check.unavailable(scope) is None)]


def skipped(stage: Stage, scopes: Iterable[Scope]) -> list[str]:
    """One line per reason the stage's checks cannot all run in ``scopes`` (a language with no analyser),
    naming the checks left out: what a caller says once per run."""
    left_out: dict[str, list[str]] = {}
    for scope in scopes:
        for check in CHECKS:
            reason = check.unavailable(scope) if stage in check.stages and check.unavailable else None
            if reason is not None and check.name not in left_out.setdefault(reason, []):
                left_out[reason].append(check.name)
    return [f"{', '.join(checks)} skipped: {reason}" for reason, checks in left_out.items()]


def needs_review(findings: Iterable[Finding]) -> bool:
    """Whether findings must hold a segment back for a reviewer (and refuse its approval unless forced): one of
    them is of a check that blocks. Findings of checks the registry does not know never block."""
    blocks: frozenset[str] | None = None
    for finding in findings:
        if blocks is None:
            blocks = frozenset(check.name for check in CHECKS if check.blocks)
        if finding.check in blocks:
            return True
    return False


def names(*, unknown_word: bool | None = None, glossary: bool | None = None) -> frozenset[str]:
    """The names of the registered checks that say an engine did not know a word, or that a text breaks the
    glossary (whichever is given)."""
    return frozenset(
        check.name for check in CHECKS
        if (unknown_word is None or check.unknown_word == unknown_word)
        and (glossary is None or check.glossary == glossary)
    )


def counted(findings: Iterable[Finding]) -> dict[str, int]:
    """How many ``findings`` each check has, in the registry's order, then checks it does not know by name;
    checks without findings left out."""
    counts = Counter(finding.check for finding in findings)
    order = {check.name: index for index, check in enumerate(CHECKS)}
    return {name: counts[name] for name in sorted(counts, key=lambda name: (order.get(name, len(order)), name))}
