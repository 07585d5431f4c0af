"""Pivot leftovers: words of the pivot language left in a draft translated through it.

A draft for en -> es -> fr keeps Spanish words the es -> fr pair did not know ("anexionó",
"recularon"). A word of the draft that the target's analyser (:mod:`translate.analysers`) does not
know in context, but that the pivot language's analyser knows on its own as a word other than a
name (a name the pivot's dictionary lists is often spelled the same in the target), is a minor
finding, not blocking; so is a word unknown to both that splits one way only into pivot-language
words ("lasprovisionesde" in a French draft: Spanish glued words, see :mod:`translate.qa.glued`).
Only drafts with a pivot (:attr:`Scope.pivot`) are checked; words with a digit, acronyms and words
of the source (the engine's unknown words) are left alone. Languages with no analyser installed,
target or pivot, are skipped (:func:`unavailable` says why, once per run).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from translate.analysers import Analyser, Analysers, installed
from translate.inline import strip_tags
from translate.model import Finding, Segment, Severity
from translate.qa.base import Check, Scope, SegmentCheck, Stage
from translate.qa.glued import Glued, candidates, pieces_of, split_words

_LETTERS = re.compile(r"[^\W\d_]+")


def pivot_leftovers(text: str, analyser: Analyser, pivot: Analyser, *, source: str = "") -> list[str]:
    """The words of plain ``text`` its ``analyser`` does not know and the ``pivot``'s knows, in order.

    ``source``: the plain source text; a word it has is the engine's unknown word left as it was
    ("drift"), and an acronym ("UE") is no word of one language, so neither is a leftover."""
    unknown = _unknown(text, analyser, source)
    if not unknown:
        return []
    readings = pivot.words(unknown)
    return [word for word in unknown if (unit := readings[word]) is not None and unit.known and not unit.proper_noun]


def _unknown(text: str, analyser: Analyser, source: str) -> list[str]:
    kept = {word.casefold() for word in _LETTERS.findall(source)}
    return list(dict.fromkeys(unit.surface for unit in analyser.analyse(text) if not unit.known
                              and unit.surface.isalpha() and not unit.surface.isupper()
                              and unit.surface.casefold() not in kept))


def glued_leftovers(text: str, analyser: Analyser, pivot: Analyser, *, source: str = "") -> list[Glued]:
    """The words of plain ``text`` that are pivot-language words glued together ("lasprovisionesde" in a
    French draft through Spanish), each with its one split: unknown to both analysers as they stand."""
    words = candidates(text, analyser, source=source)
    if not words:
        return []
    known = pivot.known(words)
    return [glued for glued in split_words([w for w in words if w not in known], pivot) if len(glued.splits) == 1]


def unavailable(scope: Scope, analysers: Analysers | None = None) -> str | None:
    """Why the check cannot run for ``scope`` (a pivot route whose target or pivot has no analyser), or None."""
    if scope.pivot is None:
        return None
    found = analysers or installed()
    missing = [lang for lang in (scope.tgt, scope.pivot) if found.get(lang) is None]
    return f"no Apertium analyser for {' or '.join(missing)} is installed" if missing else None


def prime(scope: Scope, batch: Sequence[tuple[Segment, str]], analysers: Analysers | None = None) -> None:
    """Look up a batch's texts in the target's analyser, then their unknown words, then the pieces of those
    that may be glued, in the pivot's: one request each."""
    found = analysers or installed()
    analyser = found.get(scope.tgt)
    pivot = found.get(scope.pivot) if scope.pivot else None
    if analyser is None or pivot is None:
        return
    texts = [(strip_tags(target), strip_tags(segment.text)) for segment, target in batch]
    analyser.analyse_all(text for text, _ in texts)
    unknown = [word for text, source in texts for word in _unknown(text, analyser, source)]
    words = [word for text, source in texts for word in candidates(text, analyser, source=source)]
    known = pivot.known([*unknown, *words])
    pivot.words(pieces_of(word for word in words if word not in known))


def prepare(scope: Scope, analysers: Analysers | None = None) -> SegmentCheck:
    """The pivot-leftover check for ``scope``, with ``analysers`` (the installed ones by default)."""
    found = analysers or installed()
    analyser = found.get(scope.tgt)
    pivot = found.get(scope.pivot) if scope.pivot else None

    def run(segment: Segment, target: str) -> Iterator[Finding]:
        if analyser is None or pivot is None:
            return
        text, source = strip_tags(target), strip_tags(segment.text)
        for word in pivot_leftovers(text, analyser, pivot, source=source):
            yield PIVOT_LEFTOVER.finding(
                f"“{word}” is {scope.pivot} (the pivot language), left untranslated", text=word)
        for glued in glued_leftovers(text, analyser, pivot, source=source):
            yield PIVOT_LEFTOVER.finding(
                f"“{glued.word}” is {scope.pivot} (the pivot language), glued words “{' '.join(glued.splits[0])}”"
                " left untranslated", text=glued.word)

    return run


PIVOT_LEFTOVER = Check(
    "pivot-leftover", Severity.MINOR, blocks=False, stages=frozenset({Stage.MACHINE_DRAFT}),
    prepare=prepare, unavailable=unavailable, prime=prime,
)
CHECKS = (PIVOT_LEFTOVER,)
