"""Bring a review file back into the store: check every unit, then apply all of it or nothing.

Each unit is matched to its segment by id and checked in this order: unknown (no such segment
or translation), stale (the source changed since export), unchanged (what the file says is what
the store has: a second import of the same file is a no-op), conflict (the store's revision moved
since export: another reviewer, or an earlier file; ``force`` applies it and records that it
overrode), broken tags. Edits are QA-checked again; a violation keeps the segment in needs-review
with its findings, whatever state the file asked for. The applicable units go to the store in one
transaction.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from translate.bulk import paused_collector
from translate.errors import ReviewError
from translate.history import Change
from translate.model import Finding, Glossary, ParsedReview, ReviewUnit, Segment, SegmentState, Translation
from translate.qa import TermChecker, check_edit, needs_review
from translate.segment import source_hash
from translate.store import Store


class Outcome(enum.StrEnum):
    APPLIED = "applied"
    HELD = "held"
    """Applied, but QA kept it in needs-review."""
    FORCED = "forced"
    UNCHANGED = "unchanged"
    STALE = "stale"
    CONFLICT = "conflict"
    UNKNOWN = "unknown"
    INVALID = "invalid"


APPLIED = frozenset({Outcome.APPLIED, Outcome.HELD, Outcome.FORCED})


@dataclass(frozen=True, slots=True)
class UnitResult:
    slug: str | None
    segment_id: str | None
    outcome: Outcome
    message: str
    line: int | None = None
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportReport:
    path: Path
    lang: str
    results: tuple[UnitResult, ...]

    def count(self, *outcomes: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome in outcomes)

    @property
    def noop(self) -> bool:
        """Nothing applied and nothing wrong: the file was imported before, or never edited."""
        return all(r.outcome is Outcome.UNCHANGED for r in self.results)


def _requested_state(unit: ReviewUnit, stored: Translation) -> SegmentState:
    if unit.state is SegmentState.APPROVED:
        return SegmentState.APPROVED
    if unit.state is SegmentState.EDITED or unit.target != stored.text:
        return SegmentState.EDITED
    return stored.state


@paused_collector()
def import_review(
    store: Store,
    glossary: Glossary,
    parsed: ParsedReview,
    *,
    path: Path,
    lang: str | None = None,
    force: bool = False,
    actor: str,
    dry_run: bool = False,
) -> ImportReport:
    """Check every unit of ``parsed`` against the store and apply the sound ones in one transaction.

    ``dry_run`` checks and reports the same, and changes nothing.
    """
    package = parsed.package
    if lang is not None and package.lang != lang:
        raise ReviewError(f"the file is for {package.lang}, not {lang}", path=path,
                          hint=f"import it with --lang {package.lang}, or pick the {lang} file")
    results = [UnitResult(p.slug, p.segment_id, Outcome.INVALID, p.message, p.line) for p in parsed.problems]
    source_langs = store.source_languages()
    check = _UnitCheck(glossary, package.lang, source_langs, force=force)
    changes: list[Change] = []
    indexes: dict[str, dict[str, tuple[Segment, bool, Translation | None]]] = {}
    seen: set[tuple[str, str]] = set()
    for unit in package.units:
        if (unit.slug, unit.segment_id) in seen:  # e.g. two <file>s for one article
            results.append(UnitResult(unit.slug, unit.segment_id, Outcome.INVALID,
                                      "the same segment appears earlier in the file; not applied", unit.line))
            continue
        seen.add((unit.slug, unit.segment_id))
        index = indexes.get(unit.slug)
        if index is None and unit.slug in source_langs:
            index = indexes[unit.slug] = store.review_index(unit.slug, package.lang)
        found = index.get(unit.segment_id) if index is not None else None
        result, change = check(unit, found)
        results.append(result)
        if change is not None:
            changes.append(change)
    if not dry_run:
        store.apply_changes(changes, actor=actor, via=f"review import {path.name}")
    return ImportReport(path, package.lang, tuple(results))


class _UnitCheck:
    """The checks of one import: its glossary and language, the term checkers built once per source language."""

    def __init__(self, glossary: Glossary, lang: str, source_langs: dict[str, str], *, force: bool) -> None:
        self.lang, self.source_langs, self.force = lang, source_langs, force
        self.terms = {src: TermChecker(glossary, src=src, tgt=lang) for src in set(source_langs.values())}

    def __call__(
        self, unit: ReviewUnit, found: tuple[Segment, bool, Translation | None] | None
    ) -> tuple[UnitResult, Change | None]:
        if unit.slug not in self.source_langs:
            return _result(unit, Outcome.UNKNOWN, f"no article {unit.slug!r} in this workspace (a file from elsewhere?)")
        if found is None or found[2] is None:
            return _result(unit, Outcome.UNKNOWN, f"no {self.lang} translation of segment {unit.segment_id} in {unit.slug}")
        segment, current, stored = found
        if not current or unit.source_hash != source_hash(segment.text):
            return _result(unit, Outcome.STALE, "the source sentence changed since the export: not applied; export it again")
        target = unit.target if unit.target.strip() else stored.text
        if target == stored.text and unit.state == stored.state:
            return _result(unit, Outcome.UNCHANGED, "same as in the store")  # untouched: no need to check it again
        findings = tuple(check_edit(segment.text, target, segment.marks)
                         + self.terms[self.source_langs[unit.slug]](segment.text, target))
        state = _requested_state(unit, stored)
        if state in (SegmentState.APPROVED, SegmentState.EDITED) and needs_review(findings):
            state = SegmentState.NEEDS_REVIEW
        if target == stored.text and state == stored.state:
            return _result(unit, Outcome.UNCHANGED, "same as in the store")
        if any(f.check == "tags" for f in findings):
            return _result(unit, Outcome.INVALID, "; ".join(f.message for f in findings if f.check == "tags"), findings)
        reason = ""
        if unit.revision != stored.revision:
            if not self.force:
                return _result(
                    unit, Outcome.CONFLICT,
                    f"changed in the store since the export (revision {unit.revision} -> {stored.revision}): "
                    f"store has “{stored.text}”, file has “{target}”; not applied (--force to override)",
                )
            outcome = Outcome.FORCED
            message = reason = (f"forced over revision {stored.revision} (exported at {unit.revision}); "
                                f"overwrote “{stored.text}”")
        elif state is SegmentState.NEEDS_REVIEW:
            outcome = Outcome.HELD
            message = "kept in needs-review: " + "; ".join(f.message for f in findings if f.severity != "minor")
        else:
            outcome = Outcome.APPLIED
            message = f"{stored.state.value} -> {state.value}"
        if unit.comment:
            reason = f"{reason}; comment: {unit.comment}" if reason else f"comment: {unit.comment}"
        change = Change(unit.slug, unit.segment_id, self.lang, target, state,
                        None if outcome is Outcome.FORCED else stored.revision, reason, findings)
        return UnitResult(unit.slug, unit.segment_id, outcome, message, unit.line, findings), change


def _result(
    unit: ReviewUnit, outcome: Outcome, message: str, findings: tuple[Finding, ...] = ()
) -> tuple[UnitResult, None]:
    """A unit that is not applied, and why."""
    return UnitResult(unit.slug, unit.segment_id, outcome, message, unit.line, findings), None


def decide(
    store: Store,
    glossary: Glossary,
    target: str,
    *,
    lang: str,
    state: SegmentState,
    actor: str,
    reason: str = "",
    force: bool = False,
) -> list[UnitResult]:
    """Approve or reopen one segment (``slug/segment-id``) or every segment of an article (``slug``).

    Approving a segment whose text fails QA is refused (its findings say why) unless ``force``.
    """
    slug, _, segment_id = target.partition("/")
    source_langs = store.source_languages()
    if slug not in source_langs:
        raise ReviewError(f"no article {slug!r} in the store",
                          hint=f"articles: {', '.join(sorted(source_langs)) or 'none'}")
    translations = store.translations(slug, lang)
    segments = [s for s in store.segments(slug) if not segment_id or s.id == segment_id]
    if segment_id and not segments:
        raise ReviewError(f"no segment {segment_id!r} in {slug}", hint="segment ids: translate review status, or the XLIFF")
    results: list[UnitResult] = []
    changes: list[Change] = []
    check_terms = TermChecker(glossary, src=source_langs[slug], tgt=lang)
    for segment in segments:
        stored = translations.get(segment.id)
        if stored is None:
            results.append(UnitResult(slug, segment.id, Outcome.UNKNOWN, f"no {lang} translation yet"))
            continue
        if stored.state == state:
            results.append(UnitResult(slug, segment.id, Outcome.UNCHANGED, f"already {state.value}"))
            continue
        findings = tuple(check_edit(segment.text, stored.text, segment.marks)
                         + check_terms(segment.text, stored.text))
        if state is SegmentState.APPROVED and needs_review(findings) and not force:
            results.append(UnitResult(slug, segment.id, Outcome.INVALID,
                                      "not approved: " + "; ".join(f.message for f in findings), findings=findings))
            continue
        changes.append(Change(slug, segment.id, lang, stored.text, state, stored.revision, reason, findings))
        results.append(UnitResult(slug, segment.id, Outcome.APPLIED, f"{stored.state.value} -> {state.value}"))
    store.apply_changes(changes, actor=actor, via=f"review {'approve' if state is SegmentState.APPROVED else 'reopen'}")
    return results
