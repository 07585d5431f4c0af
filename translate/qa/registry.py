"""The registry: every QA check, in the order their findings are listed.

The pipeline, review import, approval and glossary impact ask it which checks run at their stage and
whether findings block; nothing else keeps a list of check names. A new check is one module declaring
its :class:`~translate.qa.base.Check` (name, severity, stages, whether it blocks, ``prepare``) in a
``CHECKS`` tuple, and its name in :data:`MODULES`.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

from translate.model import Finding, Glossary, Segment
from translate.qa.base import Check, Scope, SegmentCheck, Stage

MODULES = (
    "tags",
    "numbers",
    "dates",
    "untranslated",
    "punctuation",
    "terms",
    "reported",
    "fixes",
)
"""The modules of :mod:`translate.qa` that declare checks (each a ``CHECKS`` tuple), in this order."""

CHECKS: list[Check] = [check for name in MODULES for check in import_module(f"translate.qa.{name}").CHECKS]


class Checker:
    """The checks of one stage, prepared once for a glossary and language pair, run on many segments."""

    def __init__(self, stage: Stage, glossary: Glossary, *, src: str, tgt: str) -> None:
        scope = Scope(glossary, src, tgt)
        self._runs: list[SegmentCheck] = [
            check.prepare(scope) for check in CHECKS if stage in check.stages and check.prepare is not None
        ]

    def __call__(self, segment: Segment, target: str) -> list[Finding]:
        """Every finding of the stage's checks on ``target``, the translation of ``segment``."""
        return [finding for run in self._runs for finding in run(segment, target)]


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
