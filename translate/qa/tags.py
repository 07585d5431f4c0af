"""Tags: the translation's inline tags still pair up and stand for the source's marks.

Tagged text escapes every literal "<", so a translation without one has no tags to get wrong. A
translation that drops a tag pair altogether is not a finding: the words keep their meaning, and a
reviewer may drop emphasis on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator

from translate.inline import TagError, tagged_to_runs
from translate.model import Finding, Segment, Severity
from translate.qa.base import Check, Stage, simple


def _run(segment: Segment, target: str) -> Iterator[Finding]:
    if "<" not in target:
        return
    try:
        tagged_to_runs(target, segment.marks)
    except TagError as error:
        yield TAGS.finding(f"inline tags: {error}")


TAGS = Check(
    "tags", Severity.MAJOR, blocks=True,
    stages=frozenset({Stage.MACHINE_DRAFT, Stage.REVIEW_IMPORT, Stage.APPROVAL}), prepare=simple(_run),
)
CHECKS = (TAGS,)
