"""End punctuation: the translation ends a sentence as the source does (a question stays a question).

The sentence's last mark is compared, after closing quotes and brackets: full stop, question mark,
exclamation mark, ellipsis ("…" or "..."), colon, semicolon, or none (a title, a list item). The
same mark in another script counts as the same ("。", "？", "！", Arabic "؟"); a Spanish "¿…?" ends
with "?". Minor, and it does not block: a reviewer may end a translated headline differently on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator

from translate.inline import strip_tags
from translate.model import Finding, Segment, Severity
from translate.qa.base import Check, Stage, simple

_CLOSERS = "\"'”’»›)]}"
_MARKS = {".": ".", "。": ".", "．": ".", "?": "?", "？": "?", "؟": "?", "!": "!", "！": "!",
          "…": "…", ":": ":", "：": ":", ";": ";", "；": ";"}
_NAMES = {".": "a full stop", "?": "a question mark", "!": "an exclamation mark", "…": "an ellipsis",
          ":": "a colon", ";": "a semicolon", "": "no punctuation"}


def end_mark(text: str) -> str:
    """The sentence-ending mark of plain text, normalized ("" if none)."""
    text = text.rstrip().rstrip(_CLOSERS + " ")
    if text.endswith("..."):
        return "…"
    return _MARKS.get(text[-1:], "")


def _run(segment: Segment, target: str) -> Iterator[Finding]:
    plain = strip_tags(target)
    if not plain.strip():
        return
    source, translated = end_mark(strip_tags(segment.text)), end_mark(plain)
    if source != translated:
        yield END_PUNCTUATION.finding(f"the source ends with {_NAMES[source]}, the translation with {_NAMES[translated]}")


END_PUNCTUATION = Check(
    "end-punctuation", Severity.MINOR, blocks=False,
    stages=frozenset({Stage.MACHINE_DRAFT, Stage.REVIEW_IMPORT, Stage.APPROVAL}), prepare=simple(_run),
)
CHECKS = (END_PUNCTUATION,)
