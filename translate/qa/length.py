"""Length ratio: a translation far shorter or far longer than its source (a clause lost, a sentence run on).

The plain texts (tags left out, spaces collapsed) are compared in characters. A translation under
:data:`MIN_RATIO` times its source's length, or over :data:`MAX_RATIO` times, is a finding naming the
ratio; sources under :data:`MIN_SOURCE` characters are left alone, since a short title or a name may
rightly come out much shorter or longer. Minor, and it does not block: the finding asks the
post-editor to compare the two, as CAT tools' length checks do (Okapi CheckMate, Xbench).
"""

from __future__ import annotations

from collections.abc import Iterator

from translate.inline import strip_tags
from translate.model import Finding, Segment, Severity
from translate.qa.base import Check, Stage, simple

MIN_SOURCE = 30
"""Sources shorter than this many characters are not checked."""
MIN_RATIO = 0.5
"""A translation shorter than this share of its source's length is flagged."""
MAX_RATIO = 2.0
"""A translation longer than this many times its source's length is flagged."""


def length_ratio(source: str, target: str) -> float | None:
    """The length of tagged ``target`` over that of tagged ``source``, plain and with spaces collapsed;
    None where the source is too short to judge (or the target is empty: the untranslated check's)."""
    plain_source, plain_target = (" ".join(strip_tags(text).split()) for text in (source, target))
    if len(plain_source) < MIN_SOURCE or not plain_target:
        return None
    return len(plain_target) / len(plain_source)


def _run(segment: Segment, target: str) -> Iterator[Finding]:
    ratio = length_ratio(segment.text, target)
    if ratio is None:
        return
    if ratio < MIN_RATIO:
        yield LENGTH_RATIO.finding(f"the translation is {ratio:.0%} of the source's length: is something missing?")
    elif ratio > MAX_RATIO:
        yield LENGTH_RATIO.finding(f"the translation is {ratio:.0%} of the source's length: is something added?")


LENGTH_RATIO = Check(
    "length-ratio", Severity.MINOR, blocks=False,
    stages=frozenset({Stage.MACHINE_DRAFT, Stage.REVIEW_IMPORT, Stage.APPROVAL}), prepare=simple(_run),
)
CHECKS = (LENGTH_RATIO,)
