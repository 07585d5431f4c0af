"""Quality checks on translated segments: findings (data), never exceptions.

Each check is a :class:`Check` in the registry (:data:`CHECKS`), declaring its name, severity, the
stages it runs at and whether its findings block approval. Callers build a :class:`Checker` for their
stage and language pair and run it on each segment, and ask :func:`needs_review` whether findings hold
a segment back. A machine draft is fixed first (:class:`Fixer`: engine artefacts undone, numbers in the
target's locale), each fix an ``auto-fix`` finding.
"""

from translate.qa.base import Check, Scope, SegmentCheck, Stage, simple
from translate.qa.fixes import AUTO_FIX, Fixer
from translate.qa.registry import CHECKS, Checker, counted, names, needs_review, skipped
from translate.qa.reported import MEMORY_MATCH
from translate.qa.terms import SOURCE_FORBIDDEN, TermChecker, check_terms

__all__ = [
    "AUTO_FIX", "CHECKS", "MEMORY_MATCH", "SOURCE_FORBIDDEN", "Check", "Checker", "Fixer", "Scope", "SegmentCheck",
    "Stage", "TermChecker", "check_terms", "counted", "names", "needs_review", "simple", "skipped",
]
