"""Untranslated: the translation is the source text itself.

Only a sentence of at least four words (numbers do not count) is a finding: a name, a figure or a
short title ("Nikol Pashinyan", "CSTO summit") is often the same in both languages, and a careful
reviewer keeps it. Case and spacing are ignored: the source retyped is still untranslated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from translate.inline import strip_tags
from translate.model import Finding, Segment, Severity
from translate.qa.base import Check, Stage, simple

_WORD = re.compile(r"\w*[^\W\d]\w*")
MIN_WORDS = 4


def _run(segment: Segment, target: str) -> Iterator[Finding]:
    source, plain = strip_tags(segment.text), strip_tags(target)
    if source != plain and source.casefold().split() != plain.casefold().split():
        return
    if len(_WORD.findall(source)) >= MIN_WORDS:
        yield UNTRANSLATED.finding("the translation is the source text, untranslated")


UNTRANSLATED = Check(
    "untranslated", Severity.MAJOR, blocks=True,
    stages=frozenset({Stage.MACHINE_DRAFT, Stage.REVIEW_IMPORT, Stage.APPROVAL}), prepare=simple(_run),
)
CHECKS = (UNTRANSLATED,)
