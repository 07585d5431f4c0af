"""Bring a review file back into the store: check every unit, then apply all of it or nothing.

Each unit is matched to its segment by id and checked in this order: repeated (a segment given
twice with different content is refused in every copy; exact copies apply once), unknown (no such
segment or translation), wrong segment (the file's source is not the segment's: a DOCX row whose ID
cell was swapped with another's, a source a CAT tool changed; whitespace and Unicode normalization
aside), stale (the source changed since export), oversized (a target or comment far beyond any real
one, see :mod:`translate.review.limits`), unchanged (what the file says is what the store has, or
the unit is as exported: a second import of the same file is a no-op), conflict (the store's revision
moved since export: another reviewer, or an earlier file; ``force`` applies it and records that it
overrode), broken tags. Edits are QA-checked again; a violation keeps the segment in needs-review
with its findings, whatever state the file asked for. The applicable units go to the store in one
transaction. A unit's comment is recorded with the segment's comments (after the changes) where the unit
applied or is unchanged, once: a comment the segment already has is not added again.

Approval is explicit, whatever the format: a file approves a segment only where it changed the
segment's state to approved since the export. A changed text whose state is still the one it was
exported with comes back edited, its approval withdrawn (CAT tools such as OmegaT leave
``signed-off`` untouched when a translator edits an approved segment). The state at export is what
the file records (``ReviewUnit.exported_state``); for older files, the store's state while the
revision still matches, and where neither tells, no approval is taken.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from translate.errors import ReviewConflict, ReviewError, brief
from translate.gcutil import paused_collector
from translate.model import (
    Finding,
    Glossary,
    ParsedReview,
    ReviewPackage,
    ReviewUnit,
    Segment,
    SegmentState,
    Translation,
)
from translate.qa import Checker, Stage, needs_review
from translate.qa.tags import TAGS
from translate.review.limits import MAX_COMMENT_CHARS, MAX_TARGET_FLOOR, MAX_TARGET_RATIO, target_limit
from translate.segment import source_hash
from translate.store import Change, Comment, IndexedSegment, Store

_ID_LIMIT = 200
"""Slugs and segment ids longer than this cannot be ours; results carry them cut, for messages."""


class Outcome(enum.StrEnum):
    APPLIED = "applied"
    HELD = "held"
    """Applied, but QA kept it in needs-review."""
    FORCED = "forced"
    UNCHANGED = "unchanged"
    STALE = "stale"
    WITHDRAWN = "approval-withdrawn"
    """Applied as edited: the file changed the text of an approved segment but not its state."""
    CONFLICT = "conflict"
    UNKNOWN = "unknown"
    INVALID = "invalid"


APPLIED = frozenset({Outcome.APPLIED, Outcome.HELD, Outcome.FORCED, Outcome.WITHDRAWN})


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
    comments: int = 0
    """Comments recorded (in a dry run: that would be), those of unchanged units too."""

    def count(self, *outcomes: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome in outcomes)

    @property
    def noop(self) -> bool:
        """Nothing applied, recorded or wrong: the file was imported before, or never edited."""
        return not self.comments and all(r.outcome is Outcome.UNCHANGED for r in self.results)


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
    via: str | None = None,
    indexes: dict[str, dict[str, IndexedSegment]] | None = None,
) -> ImportReport:
    """Check every unit of ``parsed`` against the store and apply the sound ones in one transaction.

    ``dry_run`` checks and reports the same, and changes nothing. ``via`` is what the history says the change
    came through (default ``review import FILE``). ``indexes``: the review indexes (``store.review_index``) of
    articles the caller read just before, by slug, so that they are not read twice.
    """
    package = parsed.package
    if lang is not None and package.lang != lang:
        raise ReviewError(f"the file is for {package.lang}, not {lang}", path=path,
                          hint=f"import it with --lang {package.lang}, or pick the {lang} file")
    results = [UnitResult(_cut(p.slug), _cut(p.segment_id), Outcome.INVALID, p.message, p.line)
               for p in parsed.problems]
    source_langs = store.source_languages()
    check = _UnitCheck(glossary, package.lang, source_langs, force=force)
    changes: list[Change] = []
    commented: list[ReviewUnit] = []
    indexes = dict(indexes or {})
    copies = _copies(package.units)
    for unit in package.units:
        repeated = copies.get((unit.slug, unit.segment_id))
        if repeated is not None and (refusal := _repeat(unit, repeated)) is not None:
            results.append(refusal)
            continue
        index = indexes.get(unit.slug)
        if index is None and unit.slug in source_langs:
            index = indexes[unit.slug] = store.review_index(unit.slug, package.lang)
        found = index.get(unit.segment_id) if index is not None else None
        result, change = check(unit, found)
        if unit.comment and (change is not None or result.outcome is Outcome.UNCHANGED) and _new_comment(
                store, unit, package.lang):
            commented.append(unit)
            result = result if change is not None else replace(result, message=f"{result.message}; comment recorded")
        results.append(result)
        if change is not None:
            changes.append(change)
    if not dry_run:
        via = via or f"review import {path.name}"
        store.apply_changes(changes, actor=actor, via=via)
        for unit in commented:
            store.add_comment(unit.slug, unit.segment_id, package.lang, unit.comment, actor=actor, via=via)
    return ImportReport(path, package.lang, tuple(results), len(commented))


def _new_comment(store: Store, unit: ReviewUnit, lang: str) -> bool:
    """Whether the unit's comment is not yet one of its segment's (a file imported again brings it again)."""
    return all(c.text != unit.comment for c in store.comments(unit.slug, unit.segment_id, lang))


def _copies(units: Sequence[ReviewUnit]) -> dict[tuple[str, str], list[ReviewUnit]]:
    """The units of segments the file gives more than once (two rows with one ID, two ``<file>``s of one
    article), by segment."""
    seen: dict[tuple[str, str], list[ReviewUnit]] = {}
    for unit in units:
        seen.setdefault((unit.slug, unit.segment_id), []).append(unit)
    return {key: found for key, found in seen.items() if len(found) > 1}


def _what_applies(unit: ReviewUnit) -> tuple[object, ...]:
    """What an import takes from a unit: copies that agree on it are one edit."""
    return (unit.source, unit.target, unit.state, unit.exported_state, unit.revision, unit.source_hash, unit.comment)


def _repeat(unit: ReviewUnit, copies: list[ReviewUnit]) -> UnitResult | None:
    """The result of a copy of a repeated segment that is not applied (None for the one copy that is)."""
    lines = [str(c.line) for c in copies if c.line is not None]
    where = f" (at {', '.join(lines)})" if lines else ""
    if any(_what_applies(c) != _what_applies(unit) for c in copies):
        return UnitResult(_cut(unit.slug), _cut(unit.segment_id), Outcome.INVALID,
                          f"segment {brief(unit.segment_id)} appears {len(copies)} times in the file{where}, "
                          "not all alike; none of them is applied: keep one copy and import again", unit.line)
    if unit is copies[0]:
        return None
    return UnitResult(_cut(unit.slug), _cut(unit.segment_id), Outcome.UNCHANGED,
                      f"an exact copy of the one at {copies[0].line}: taken once", unit.line)


def _cut(value: str | None) -> str | None:
    """A slug or segment id from a file, cut where it cannot be ours (it goes into messages)."""
    return value if value is None or len(value) <= _ID_LIMIT else value[: _ID_LIMIT - 1] + "…"


def _same_source(found: str, stored: str) -> bool:
    """Whether a file's source is the stored one but for whitespace and Unicode normalization (CAT tools
    reflow, trim and normalize the source; a sentence that differs only there is still the same one)."""
    return found == stored or _squeezed(found) == _squeezed(stored)


def _squeezed(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(text.split()))


class _UnitCheck:
    """The checks of one import: its glossary and language, the QA checks prepared once per source language."""

    def __init__(self, glossary: Glossary, lang: str, source_langs: dict[str, str], *, force: bool) -> None:
        self.lang, self.source_langs, self.force = lang, source_langs, force
        self.qa = {src: Checker(Stage.REVIEW_IMPORT, glossary, src=src, tgt=lang) for src in set(source_langs.values())}

    def __call__(
        self, unit: ReviewUnit, found: IndexedSegment | None
    ) -> tuple[UnitResult, Change | None]:
        if unit.slug not in self.source_langs:
            return _result(unit, Outcome.UNKNOWN,
                           f"no article {brief(unit.slug)} in this workspace (a file from elsewhere?)")
        if found is None or found.translation is None:
            return _result(unit, Outcome.UNKNOWN,
                           f"no {self.lang} translation of segment {brief(unit.segment_id)} in {unit.slug}")
        segment, current, stored = found.segment, found.current, found.translation
        target = unit.target if unit.target.strip() else stored.text
        refused = _refusal(unit, segment, current, target)
        if refused is not None:
            return _result(unit, *refused)
        exported = unit.exported_state
        if unit.revision == stored.revision:
            # Every state change moves the revision, so at the exported revision the store's state is the one
            # exported, whatever the file says (or does not: files from before the state was recorded).
            exported = stored.state
        if target == stored.text and unit.state in (stored.state, exported):
            return _result(unit, Outcome.UNCHANGED, "same as in the store")  # untouched: no need to check it again
        if target == stored.text and stored.state is SegmentState.APPROVED and unit.revision != stored.revision:
            # Approved since the export with the very text the file has (OmegaT sends back every draft the
            # translator confirmed as it was): no conflict, and no approval withdrawn.
            return _result(unit, Outcome.UNCHANGED, "same as in the store, approved since the export")
        state, unapproved = _requested_state(unit, target, stored, exported)
        findings = tuple(self.qa[self.source_langs[unit.slug]](segment, target))
        if state in (SegmentState.APPROVED, SegmentState.EDITED) and needs_review(findings):
            state = SegmentState.NEEDS_REVIEW
        if target == stored.text and state == stored.state:
            return _result(unit, Outcome.UNCHANGED, "; ".join(filter(None, ("same as in the store", unapproved))))
        if any(f.check == TAGS.name for f in findings):  # text that cannot be rendered is not applied at all
            return _result(unit, Outcome.INVALID, "; ".join(f.message for f in findings if f.check == TAGS.name),
                           findings)
        reasons: list[str] = []
        if unit.revision != stored.revision:
            if not self.force:
                return _result(
                    unit, Outcome.CONFLICT,
                    f"changed in the store since the export (revision {unit.revision} -> {stored.revision}): "
                    f"store has {brief(stored.text)}, file has {brief(target)}; not applied (--force to override)",
                )
            outcome = Outcome.FORCED
            message = (f"forced over revision {stored.revision} (exported at {unit.revision}); "
                       f"overwrote {brief(stored.text)}")
            reasons.append(message)
        elif state is SegmentState.NEEDS_REVIEW:
            outcome = Outcome.HELD
            message = "kept in needs-review: " + "; ".join(f.message for f in findings if f.severity != "minor")
        else:
            outcome = Outcome.WITHDRAWN if unapproved else Outcome.APPLIED
            message = f"{stored.state.value} -> {state.value}"
        if unapproved:
            reasons.append(unapproved)
            message = f"{message}; {unapproved}" if outcome is not Outcome.WITHDRAWN else (
                f"{message}: {unapproved}; approve it with "
                f"`translate review approve {unit.slug}/{unit.segment_id} --lang {self.lang}`")
        if unit.comment:
            reasons.append(f"comment: {unit.comment}")
        change = Change(unit.slug, unit.segment_id, self.lang, target, state,
                        None if outcome is Outcome.FORCED else stored.revision, "; ".join(reasons), findings)
        return UnitResult(unit.slug, unit.segment_id, outcome, message, unit.line, findings), change


def _refusal(unit: ReviewUnit, segment: Segment, current: bool, target: str) -> tuple[Outcome, str] | None:
    """Why the unit cannot apply to its segment whatever the store holds: it is another segment's, stale or absurd."""
    if not _same_source(unit.source, segment.text):
        return Outcome.INVALID, (
            f"the file's source {brief(unit.source)} is not that of segment {segment.id} ({brief(segment.text)}): "
            "not applied, so that nothing lands on the wrong segment (was an ID cell moved to another row, or the "
            "source edited?); put the ID back or export the file again")
    if unit.source_hash != source_hash(segment.text):
        return Outcome.INVALID, (f"the source hash #{brief(unit.source_hash)} is not that of segment {segment.id} "
                                 f"(#{source_hash(segment.text)}): not applied; export the file again")
    if not current:
        return Outcome.STALE, "the source sentence changed since the export: not applied; export it again"
    if len(target) > target_limit(segment.text):
        return Outcome.INVALID, (
            f"the translation has {len(target):,} characters for a source of {len(segment.text):,}: more than "
            f"{MAX_TARGET_RATIO} times the source and more than {MAX_TARGET_FLOOR:,} characters, so not applied; "
            "put the translation back")
    if len(unit.comment) > MAX_COMMENT_CHARS:
        return Outcome.INVALID, (f"the comment has {len(unit.comment):,} characters, more than the "
                                 f"{MAX_COMMENT_CHARS:,} kept with the history: not applied; shorten it")
    return None


def _requested_state(
    unit: ReviewUnit, target: str, stored: Translation, exported: SegmentState | None
) -> tuple[SegmentState, str]:
    """The state a unit asks for, and why an approval it carries is not taken ("" if none is refused).

    The file approves only by changing the state to approved since the export; a unit still in the state
    it was exported with asks for no state, and one whose text changed is edited.
    """
    if unit.state is SegmentState.APPROVED:
        if exported is not None and exported is not SegmentState.APPROVED:
            return SegmentState.APPROVED, ""
        if exported is SegmentState.APPROVED:  # and the text changed: an untouched unit never gets here
            return SegmentState.EDITED, ("approval withdrawn: the text changed, but the file kept the state it was "
                                         "exported with (approved)")
        return SegmentState.EDITED, ("approval not taken: the file says approved but not the state it was exported "
                                     f"with, and the store moved since (revision {unit.revision} -> {stored.revision})")
    if unit.state is SegmentState.EDITED or target != stored.text:
        return SegmentState.EDITED, ""
    return stored.state, ""


def _result(
    unit: ReviewUnit, outcome: Outcome, message: str, findings: tuple[Finding, ...] = ()
) -> tuple[UnitResult, None]:
    """A unit that is not applied, and why."""
    return UnitResult(_cut(unit.slug), _cut(unit.segment_id), outcome, message, unit.line, findings), None


def save_segment(
    store: Store,
    glossary: Glossary,
    *,
    slug: str,
    segment_id: str,
    lang: str,
    text: str,
    revision: int,
    actor: str,
    via: str,
) -> UnitResult:
    """A translator's edit of one segment, made on revision ``revision``: checked and applied as a review file's
    unit is (conflict if the segment moved since, QA holding it in needs-review, broken tags refused), as
    ``edited``; the same text again is unchanged. A colleague's save landing between the check and the write
    is a conflict too, never an error; a segment whose source sentence changed since is stale, said in the
    editor's terms."""
    source_langs = store.source_languages()
    index = store.review_index(slug, lang, segment_ids=(segment_id,)) if slug in source_langs else {}
    found = index.get(segment_id)
    source = found.segment.text if found is not None else ""
    unit = ReviewUnit(slug, segment_id, source, text, SegmentState.EDITED, revision, source_hash(source))
    package = ReviewPackage(source_langs.get(slug, ""), lang, (), (unit,))
    try:
        report = import_review(store, glossary, ParsedReview(package), path=Path(via), actor=actor, via=via,
                               indexes={slug: index} if slug in source_langs else None)
    except ReviewConflict:
        return UnitResult(slug, segment_id, Outcome.CONFLICT, "changed meanwhile by another save: look at it again")
    result = report.results[0]
    if result.outcome is Outcome.STALE:  # there is no export to make again: the editor's page is the stale copy
        return replace(result, message="the source sentence changed since this page was loaded (the article was "
                                       "translated again): not saved; copy your text, then reload the page")
    return result


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
    via: str | None = None,
    revision: int | None = None,
    revisions: Mapping[str, int] | None = None,
) -> list[UnitResult]:
    """Approve or reopen one segment (``slug/segment-id``) or every segment of an article (``slug``).

    Approving a segment whose text fails QA is refused (its findings say why) unless ``force``. ``revision``
    (one segment only): the revision the decision was made on; a segment that moved since is a conflict.
    ``revisions`` (an article): the revision of each segment the decision was made on (what a page showed);
    a segment that moved since, or that it does not name, is a conflict, never decided unseen.
    """
    slug, _, segment_id = target.partition("/")
    source_langs = store.source_languages()
    if slug not in source_langs:
        raise ReviewError(f"no article {brief(slug)} in the store",
                          hint=f"articles: {', '.join(sorted(source_langs)) or 'none'}")
    translations = store.translations(slug, lang)
    segments = [s for s in store.segments(slug) if not segment_id or s.id == segment_id]
    if segment_id and not segments:
        raise ReviewError(f"no segment {brief(segment_id)} in {slug}",
                          hint="segment ids: translate review status, or the XLIFF")
    results: list[UnitResult] = []
    changes: list[Change] = []
    check = Checker(Stage.APPROVAL, glossary, src=source_langs[slug], tgt=lang)
    for segment in segments:
        stored = translations.get(segment.id)
        if stored is None:
            results.append(UnitResult(slug, segment.id, Outcome.UNKNOWN, f"no {lang} translation yet"))
            continue
        if revision is not None and stored.revision != revision:
            results.append(UnitResult(slug, segment.id, Outcome.CONFLICT,
                                      f"changed since (revision {revision} -> {stored.revision}): look at it again"))
            continue
        if revisions is not None and revisions.get(segment.id) != stored.revision:
            results.append(UnitResult(slug, segment.id, Outcome.CONFLICT,
                                      "changed since it was last seen (or never seen): look at it again"))
            continue
        if stored.state == state:
            results.append(UnitResult(slug, segment.id, Outcome.UNCHANGED, f"already {state.value}"))
            continue
        findings = tuple(check(segment, stored.text))
        if state is SegmentState.APPROVED and needs_review(findings) and not force:
            results.append(UnitResult(slug, segment.id, Outcome.INVALID,
                                      "not approved: " + "; ".join(f.message for f in findings), findings=findings))
            continue
        changes.append(Change(slug, segment.id, lang, stored.text, state, stored.revision, reason, findings))
        results.append(UnitResult(slug, segment.id, Outcome.APPLIED, f"{stored.state.value} -> {state.value}"))
    store.apply_changes(changes, actor=actor,
                        via=via or f"review {'approve' if state is SegmentState.APPROVED else 'reopen'}")
    return results


def comment_segment(store: Store, *, slug: str, segment_id: str, lang: str, text: str, actor: str,
                    via: str) -> Comment:
    """Record a comment on one segment's translation: trimmed, not empty, at most ``MAX_COMMENT_CHARS``
    (ReviewError otherwise, or for a segment without a translation in ``lang``)."""
    text = text.strip()
    if not text:
        raise ReviewError("an empty comment is not recorded", hint="write the comment first")
    if len(text) > MAX_COMMENT_CHARS:
        raise ReviewError(f"the comment has {len(text):,} characters, more than the {MAX_COMMENT_CHARS:,} kept",
                          hint="shorten it")
    found = store.review_index(slug, lang).get(segment_id) if slug in store.source_languages() else None
    if found is None or found.translation is None:
        raise ReviewError(f"no {lang} translation of segment {brief(segment_id)} in {brief(slug)} to comment on")
    return store.add_comment(slug, segment_id, lang, text, actor=actor, via=via)
