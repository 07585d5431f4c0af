"""What a QA check is: its name, severity, the stages it runs at and whether its findings block approval.

A check's ``prepare`` is called once per language pair and glossary (so matchers and locale data are
looked up once) and returns the function run on each segment: ``(segment, target)`` to findings, where
``segment`` is the source segment (tagged text and its marks) and ``target`` the tagged translation.
Findings are data, never exceptions; a check makes them with :meth:`Check.finding`, so every finding of
a check has the check's one severity.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from translate.model import Finding, Glossary, Segment, Severity


class Stage(enum.StrEnum):
    """Where a check runs."""

    MACHINE_DRAFT = "machine-draft"
    """A new machine translation (or a translation-memory match) stored by ``translate run``."""
    REVIEW_IMPORT = "review-import"
    """A translator's edit read back from a review file."""
    APPROVAL = "approval"
    """``translate review approve``: the stored text about to be approved."""
    GLOSSARY_IMPACT = "glossary-impact"
    """``translate glossary impact``: every stored translation under the current glossary."""


@dataclass(frozen=True, slots=True)
class Scope:
    """What a check is prepared for: the glossary and the language pair of the segments it will see.

    ``pivot``: the language the machine draft was translated through (es for en -> es -> fr), if any."""

    glossary: Glossary
    src: str
    tgt: str
    pivot: str | None = None


SegmentCheck = Callable[[Segment, str], Iterable[Finding]]
"""A check prepared for one scope: ``(source segment, tagged target)`` to its findings."""


@dataclass(frozen=True, slots=True)
class Check:
    """One QA check, as the registry (:mod:`translate.qa.registry`) lists it.

    ``blocks``: a finding of it keeps a segment in needs-review (a machine draft, an imported edit) and
    refuses its approval unless forced. ``prepare`` is None for findings another part reports (an
    engine's unknown words, a repaired term): they are declared here for their one severity and for
    whether they block. ``unknown_word``: its findings say the engine did not know a word (the run
    report counts them). ``glossary``: its findings say the text breaks the glossary (the compliance
    summary counts them). ``unavailable``: why the check cannot run in a scope (one line: no analyser
    for the language installed), or None; the stage then goes without it, and its caller says so once.
    ``prime``: called with a batch's segments and targets before they are checked one by one, so that a
    check asking an outside process (an analyser) asks about them all in one request.
    """

    name: str
    severity: Severity
    blocks: bool
    stages: frozenset[Stage] = field(default=frozenset())
    prepare: Callable[[Scope], SegmentCheck] | None = None
    unknown_word: bool = False
    glossary: bool = False
    unavailable: Callable[[Scope], str | None] | None = None
    prime: Callable[[Scope, Sequence[tuple[Segment, str]]], None] | None = None

    def finding(self, message: str, *, text: str | None = None, segment_id: str | None = None,
                lang: str | None = None) -> Finding:
        """A finding of this check, with its severity."""
        return Finding(self.name, self.severity, message, segment_id, lang, text)


def simple(run: Callable[[Segment, str], Iterable[Finding]]) -> Callable[[Scope], SegmentCheck]:
    """``prepare`` for a check that needs nothing from its scope (no glossary, no locale)."""
    return lambda scope: run
