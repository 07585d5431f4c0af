"""Quality checks on translated segments: findings (data), never exceptions.

Each check is a :class:`Check` in the registry (:data:`CHECKS`), declaring its name, severity, the
stages it runs at and whether its findings block approval. Callers build a :class:`Checker` for their
stage and language pair and run it on each segment, and ask :func:`needs_review` whether findings hold
a segment back.
"""

from translate.qa.base import Check, Scope, SegmentCheck, Stage, simple
from translate.qa.registry import CHECKS, Checker, names, needs_review, skipped
from translate.qa.reported import MEMORY_MATCH
from translate.qa.terms import SOURCE_FORBIDDEN, TermChecker, check_terms

__all__ = [
    "CHECKS", "MEMORY_MATCH", "SOURCE_FORBIDDEN", "Check", "Checker", "Scope", "SegmentCheck", "Stage", "TermChecker",
    "check_terms", "names", "needs_review", "simple", "skipped",
]
