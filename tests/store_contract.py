"""The store contract: what every backend of ``translate.store.base.SegmentStore`` must do.

A backend's test module subclasses :class:`StoreContract` and says how to open a store
(``open_store``); every test here then runs against it unchanged (TT's ``test_base.TestTranslationStore``
with its ``StoreClass``). Only the interface is used: no SQL, nothing of one backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from translate.errors import ReviewConflict, StoreError
from translate.model import (
    AppliedTerm,
    Article,
    ArticleMeta,
    Block,
    BlockKind,
    Finding,
    Glossary,
    Mark,
    MarkKind,
    MemoryEntry,
    MTResult,
    Run,
    Segment,
    SegmentState,
    Severity,
)
from translate.segment import segment_article
from translate.store import (
    Change,
    Comment,
    HistoryEntry,
    IndexedSegment,
    MemoryMatch,
    SearchIn,
    SegmentStore,
    StoredSource,
    source_digest,
)

DRAFT, REVIEW, EDITED, APPROVED = (SegmentState.MT_DRAFT, SegmentState.NEEDS_REVIEW, SegmentState.EDITED,
                                   SegmentState.APPROVED)


def article(*paragraphs: str, slug: str = "kyiv", source_lang: str = "en") -> Article:
    meta = ArticleMeta(title="Kyiv", slug=slug, source_lang=source_lang, source_path=Path(f"{slug}.md"))
    blocks = [Block(BlockKind.TITLE, (Run("Kyiv"),))] + [Block(BlockKind.PARAGRAPH, (Run(p),)) for p in paragraphs]
    return Article(meta, tuple(blocks))


def drafts(segments: tuple[Segment, ...], suffix: str = " (es)") -> list[tuple[Segment, MTResult, SegmentState]]:
    return [(s, MTResult(s.text + suffix), DRAFT) for s in segments]


def drafted(store: SegmentStore, text: str, *, slug: str = "kyiv", lang: str = "es") -> tuple[Segment, ...]:
    """The segments of an article of one paragraph, stored with machine drafts at revision 1."""
    a = article(text, slug=slug)
    segments = segment_article(a)
    store.save_article(a, segments)
    store.save_machine_translations(slug, lang, drafts(segments), engine="test:1")
    return segments


def history_count(store: SegmentStore) -> int:
    """How many history entries all translations of every article have."""
    return sum(len(store.history(item.slug, item.segment.id, item.translation.lang))
               for item in store.all_translations())


class StoreContract:
    """Tests every store backend passes; a subclass provides ``open_store``."""

    def open_store(self, location: Path) -> SegmentStore:
        """Open the store kept at ``location`` (a folder under tmp_path), creating it the first time;
        a second call with the same location is another connection (another command) to the same store."""
        raise NotImplementedError

    @pytest.fixture
    def location(self, tmp_path: Path) -> Path:
        return tmp_path / "workspace"

    @pytest.fixture
    def store(self, location: Path) -> Iterator[SegmentStore]:
        with self.open_store(location) as opened:
            yield opened

    # Articles and segments

    def test_unchanged_article_has_nothing_pending(self, store: SegmentStore) -> None:
        a = article("One. Two.", "Three.")
        segments = segment_article(a)
        change = store.save_article(a, segments)
        assert (change.added, change.kept, change.dropped) == (4, 0, 0)
        assert store.pending("kyiv", "es", segments) == list(segments)
        store.save_machine_translations("kyiv", "es", drafts(segments), engine="test:1")
        again = store.save_article(a, segments)
        assert (again.added, again.kept, again.dropped) == (0, 4, 0)
        assert store.pending("kyiv", "es", segments) == []
        assert store.pending("kyiv", "ca", segments) == list(segments)

    def test_changed_paragraph_leaves_only_its_sentences_pending(self, store: SegmentStore) -> None:
        old = segment_article(article("One. Two.", "Three."))
        store.save_article(article("One. Two.", "Three."), old)
        store.save_machine_translations("kyiv", "es", drafts(old), engine="test:1")
        new_article = article("One. Two.", "Three, changed.")
        new = segment_article(new_article)
        change = store.save_article(new_article, new)
        assert (change.added, change.kept, change.dropped) == (1, 3, 1)
        assert [s.text for s in store.pending("kyiv", "es", new)] == ["Three, changed."]
        assert [s.text for s in store.segments("kyiv")] == ["Kyiv", "One.", "Two.", "Three, changed."]
        dropped = next(s for s in old if s.text == "Three.")
        assert ("kyiv", dropped.id) not in store.current_segments()
        assert store.current_segments() == {("kyiv", s.id) for s in new}
        assert store.translations("kyiv", "es")[dropped.id].text == "Three. (es)"  # kept, as memory

    def test_articles_their_languages_and_metadata(self, store: SegmentStore) -> None:
        assert (store.articles(), store.source_languages(), store.article_meta("kyiv")) == ([], {}, None)
        assert store.segments("kyiv") == ()
        a = article("Uno.", slug="madrid", source_lang="es")
        dated = Article(replace(a.meta, date=date(2026, 11, 27), author="Ana"), a.blocks)
        store.save_article(dated, segment_article(dated))
        store.save_article(article("One."), segment_article(article("One.")))
        assert store.articles() == ["kyiv", "madrid"]
        assert store.source_languages() == {"kyiv": "en", "madrid": "es"}
        assert store.article_meta("madrid") == dated.meta
        assert store.article_meta("kyiv") == article("One.").meta

    def test_the_source_of_an_article_is_recorded(self, store: SegmentStore) -> None:
        a = article("One.")
        store.save_article(a, segment_article(a))
        assert store.source("kyiv") == StoredSource("kyiv.md", str(Path("kyiv.md").resolve()), source_digest(a))
        assert store.source("other") is None
        assert source_digest(a) != source_digest(article("Two.")) and source_digest(a) == source_digest(article("One."))

    def test_a_stored_article_is_rebuilt_from_its_segments(self, store: SegmentStore) -> None:
        link = Mark(MarkKind.LINK, "https://example.org")
        meta = ArticleMeta(title="Kyiv", slug="kyiv", source_lang="en", source_path=Path("kyiv.md"),
                           date=date(2026, 11, 27), author="Ana")
        a = Article(meta, (
            Block(BlockKind.TITLE, (Run("Kyiv"),)),
            Block(BlockKind.HEADING, (Run("Talks"),), level=2),
            Block(BlockKind.PARAGRAPH, (Run("One. "), Run("Two", frozenset({link})), Run("."))),
            Block(BlockKind.LIST_ITEM, (Run("Three."),), ordered=True),
        ))
        segments = segment_article(a)
        store.save_article(a, segments)
        stored, stored_segments = store.stored_article("kyiv")
        assert stored_segments == segments
        assert stored.meta == meta
        assert [(b.kind, b.level, b.ordered, b.text) for b in stored.blocks] == [
            (b.kind, b.level, b.ordered, b.text) for b in a.blocks]
        assert [r.marks for r in stored.blocks[2].runs if r.marks] == [frozenset({link})]

    def test_an_unknown_article_is_a_store_error_naming_the_known_ones(self, store: SegmentStore) -> None:
        a = article("One.")
        store.save_article(a, segment_article(a))
        with pytest.raises(StoreError, match="no article 'nope' in the store") as raised:
            store.stored_article("nope")
        assert raised.value.hint == "articles: kyiv"

    # Translations

    def test_translations_record_state_engine_and_findings(self, store: SegmentStore) -> None:
        a = article("Pashinyan spoke.")
        segments = segment_article(a)
        store.save_article(a, segments)
        finding = Finding("unknown-word", Severity.MINOR, "unknown “Pashinyan”", text="Pashinyan")
        term = AppliedTerm("pashinyan", "protected", "Pashinyan", "Pashinyan", 0, 0)
        store.save_machine_translations(
            "kyiv", "es",
            [(segments[0], MTResult("Kyiv"), DRAFT),
             (segments[1], MTResult("Pashinyan habló.", (finding,), (term,)), REVIEW)],
            engine="apertium:eng-spa@0.8.1-2",
        )
        stored = store.translations("kyiv", "es")[segments[1].id]
        assert (stored.text, stored.state, stored.engine, stored.revision, stored.mt_text) == (
            "Pashinyan habló.", REVIEW, "apertium:eng-spa@0.8.1-2", 1, "Pashinyan habló.")
        assert (stored.segment_id, stored.lang) == (segments[1].id, "es")
        assert store.applied_terms("kyiv", "es") == {segments[1].id: [term]}
        [entry] = store.history("kyiv", segments[1].id, "es")
        assert (entry.from_state, entry.to_state, entry.actor) == (None, "needs-review", "machine")
        assert (entry.via, entry.from_text, entry.to_text, entry.reason) == (
            "apertium:eng-spa@0.8.1-2", None, "Pashinyan habló.", "")
        [saved] = store.findings("kyiv", "es")
        assert (saved.check, saved.segment_id, saved.lang) == ("unknown-word", segments[1].id, "es")
        assert (saved.severity, saved.message, saved.text) == (Severity.MINOR, "unknown “Pashinyan”", "Pashinyan")

    def test_a_new_draft_replaces_the_findings_and_terms_of_the_last(self, store: SegmentStore) -> None:
        segments = drafted(store, "One.")
        term = AppliedTerm("one", "enforced", "One", "Uno", 0, 0)
        checked = MTResult("Uno.", (Finding("numbers", Severity.MAJOR, "x"),), (term,))
        store.save_machine_translations("kyiv", "es", [(segments[1], checked, REVIEW)], engine="test:2")
        store.save_machine_translations("kyiv", "es", [(segments[1], MTResult("Uno."), DRAFT)], engine="test:3")
        assert store.findings("kyiv", "es") == [] and store.applied_terms("kyiv", "es") == {}
        assert store.translations("kyiv", "es")[segments[1].id].revision == 3

    def test_retranslate_replaces_drafts_but_never_reviewed_text(self, store: SegmentStore) -> None:
        segments = drafted(store, "One. Two.")
        store.apply_changes([Change("kyiv", segments[1].id, "es", "Uno (revisado).", APPROVED, None)],
                            actor="ana", via="test")
        pending = store.pending("kyiv", "es", segments, retranslate=True)
        assert segments[1] not in pending and len(pending) == 2
        store.save_machine_translations("kyiv", "es", drafts(segments, " v2"), engine="test:2")
        stored = store.translations("kyiv", "es")
        assert stored[segments[1].id].text == "Uno (revisado)." and stored[segments[1].id].state == APPROVED
        assert stored[segments[2].id].text == "Two. v2" and stored[segments[2].id].revision == 2
        assert len(store.history("kyiv", segments[1].id, "es")) == 2  # the kept one: no new entry

    def test_source_findings_are_replaced_and_kept_apart(self, store: SegmentStore) -> None:
        segments = drafted(store, "One. Two.")
        store.save_machine_translations(
            "kyiv", "es", [(segments[2], MTResult("Dos.", (Finding("mt-check", Severity.MINOR, "m"),)), DRAFT)],
            engine="test:2")
        first = [Finding("source-forbidden", Severity.MAJOR, "old", segments[1].id)]
        store.save_source_findings("kyiv", "es", first)
        later = [Finding("source-forbidden", Severity.MAJOR, "new", segments[2].id, text="Two"),
                 Finding("source-forbidden", Severity.MINOR, "also", segments[1].id)]
        store.save_source_findings("kyiv", "es", later)
        assert [(f.check, f.message, f.segment_id) for f in store.findings("kyiv", "es")] == [
            ("source-forbidden", "also", segments[1].id),
            ("mt-check", "m", segments[2].id), ("source-forbidden", "new", segments[2].id)]

    def test_findings_and_terms_of_segments_no_longer_current_are_left_out(self, store: SegmentStore) -> None:
        old = segment_article(article("One."))
        store.save_article(article("One."), old)
        term = AppliedTerm("one", "enforced", "One", "Uno", 0, 0)
        store.save_machine_translations(
            "kyiv", "es", [(old[1], MTResult("Uno.", (Finding("numbers", Severity.MAJOR, "x"),), (term,)), REVIEW)],
            engine="test:1")
        new = segment_article(article("Other."))
        store.save_article(article("Other."), new)
        assert store.findings("kyiv", "es") == [] and store.applied_terms("kyiv", "es") == {}
        assert store.state_counts() == {}

    def test_all_translations_and_the_review_index(self, store: SegmentStore) -> None:
        old = segment_article(article("One. Two."))
        store.save_article(article("One. Two."), old)
        store.save_machine_translations("kyiv", "es", drafts(old), engine="test:1")
        store.save_machine_translations("kyiv", "ca", drafts(old[:1], " (ca)"), engine="test:1")
        other = drafted(store, "Far.", slug="baku")
        new = segment_article(article("Two."))
        store.save_article(article("Two."), new)  # "One." is no longer current
        listed = [(item.slug, item.segment, item.translation.lang) for item in store.all_translations()]
        one = next(s for s in old if s.text == "One.")
        assert listed == (
            [("baku", s, "es") for s in other]
            + [("kyiv", old[0], "ca"), ("kyiv", old[0], "es"), ("kyiv", old[2], "es"), ("kyiv", one, "es")])
        assert all(item.translation == store.translations(item.slug, item.translation.lang)[item.segment.id]
                   for item in store.all_translations())
        index = store.review_index("kyiv", "ca")
        assert index == {
            old[0].id: IndexedSegment(old[0], True, store.translations("kyiv", "ca")[old[0].id]),
            one.id: IndexedSegment(one, False, None),
            old[2].id: IndexedSegment(old[2], True, None),
        }
        assert store.review_index("nope", "es") == {}
        assert store.review_index("kyiv", "ca", segment_ids=[one.id, old[0].id, "nope"]) == {
            old[0].id: index[old[0].id], one.id: index[one.id]}
        assert store.review_index("kyiv", "ca", segment_ids=[]) == {}

    def test_state_counts_are_of_current_segments(self, store: SegmentStore) -> None:
        segments = drafted(store, "One. Two.")
        drafted(store, "Far.", slug="baku", lang="ca")
        store.set_state("kyiv", segments[1].id, "es", APPROVED, actor="ed", via="test", reason="")
        assert store.state_counts() == {("baku", "ca"): {DRAFT: 2}, ("kyiv", "es"): {DRAFT: 2, APPROVED: 1}}

    # Review: state changes, reviewed text, history

    def test_set_state_records_history(self, store: SegmentStore) -> None:
        segments = drafted(store, "One.")
        store.set_state("kyiv", segments[1].id, "es", REVIEW, actor="ana", via="cli", reason="why")
        stored = store.translations("kyiv", "es")[segments[1].id]
        assert (stored.state, stored.revision, stored.text) == (REVIEW, 2, "One. (es)")
        entry = store.history("kyiv", segments[1].id, "es")[-1]
        assert (entry.actor, entry.via, entry.from_state, entry.to_state, entry.reason) == (
            "ana", "cli", "mt-draft", "needs-review", "why"
        )
        assert (entry.from_text, entry.to_text, entry.slug, entry.segment_id, entry.lang) == (
            "One. (es)", "One. (es)", "kyiv", segments[1].id, "es")
        with pytest.raises(StoreError, match="no es translation"):
            store.set_state("kyiv", "nope", "es", APPROVED, actor="ana", via="cli", reason="")

    def test_apply_changes_writes_history_from_the_replaced_text(self, store: SegmentStore) -> None:
        segments = drafted(store, "One. Two.")
        finding = Finding("numbers", Severity.MAJOR, "number(s) missing: 2")
        store.apply_changes([Change("kyiv", segments[1].id, "es", "Uno.", EDITED, 1, "comment: ok"),
                             Change("kyiv", segments[2].id, "es", "Dos", REVIEW, 1, "", (finding,))],
                            actor="ana", via="review import es.xlf")
        stored = store.translations("kyiv", "es")
        assert (stored[segments[1].id].text, stored[segments[1].id].state, stored[segments[1].id].revision) == (
            "Uno.", EDITED, 2)
        assert stored[segments[1].id].mt_text == "One. (es)"  # the draft it started from stays
        entry = store.history("kyiv", segments[1].id, "es")[-1]
        assert (entry.from_text, entry.to_text, entry.from_state, entry.to_state, entry.reason) == (
            "One. (es)", "Uno.", "mt-draft", "edited", "comment: ok")
        assert (entry.actor, entry.via) == ("ana", "review import es.xlf")
        assert [(f.segment_id, f.check) for f in store.findings("kyiv", "es")] == [(segments[2].id, "numbers")]
        store.apply_changes([Change("kyiv", segments[2].id, "es", "Dos.", EDITED, 2)], actor="ana", via="again")
        assert store.findings("kyiv", "es") == []  # review findings are replaced by the next review's
        store.apply_changes([], actor="ana", via="nothing")
        assert [len(store.history("kyiv", s.id, "es")) for s in segments] == [1, 2, 3]

    @pytest.mark.parametrize("moved", [
        pytest.param("revision", id="revision-moved"),
        pytest.param("missing", id="no-such-translation"),
        pytest.param("twice", id="same-segment-twice"),
    ])
    def test_apply_changes_that_find_a_moved_revision_change_nothing(self, store: SegmentStore, moved: str) -> None:
        segments = drafted(store, "One. Two.")
        changes = [Change("kyiv", s.id, "es", f"{s.text} (revisado)", EDITED, 1) for s in segments]
        culprit = segments[2].id
        if moved == "revision":  # another process wrote it after the import read the store
            store.set_state("kyiv", culprit, "es", REVIEW, actor="berta", via="cli", reason="")
        elif moved == "missing":
            culprit = "nope"
            changes.insert(2, Change("kyiv", culprit, "es", "x", EDITED, 1))
        else:  # the same segment twice in one batch: the second finds the first's revision
            changes.append(replace(changes[2], text="otra vez"))
        before = (history_count(store), {k: (t.text, t.revision) for k, t in store.translations("kyiv", "es").items()})
        with pytest.raises(ReviewConflict, match=f"segment {culprit} of kyiv \\(es\\) changed while importing"):
            store.apply_changes(changes, actor="ana", via="review import es.xlf")
        after = (history_count(store), {k: (t.text, t.revision) for k, t in store.translations("kyiv", "es").items()})
        assert after == before

    def test_forced_change_ignores_the_revision(self, store: SegmentStore) -> None:
        segments = drafted(store, "One.")
        store.set_state("kyiv", segments[1].id, "es", REVIEW, actor="berta", via="cli", reason="")
        store.apply_changes([Change("kyiv", segments[1].id, "es", "Uno.", EDITED, None, "forced")],
                            actor="ana", via="review import es.xlf")
        assert store.translations("kyiv", "es")[segments[1].id].revision == 3

    def test_history_is_oldest_first_and_of_one_translation(self, store: SegmentStore) -> None:
        segments = drafted(store, "One.")
        store.save_machine_translations("kyiv", "ca", drafts(segments, " (ca)"), engine="test:1")
        store.save_machine_translations("kyiv", "es", drafts(segments, " v2"), engine="test:2")
        store.set_state("kyiv", segments[1].id, "es", APPROVED, actor="ed", via="cli", reason="fine")
        history = store.history("kyiv", segments[1].id, "es")
        assert all(isinstance(entry, HistoryEntry) for entry in history)
        assert [(e.actor, e.via, e.from_state, e.to_state, e.from_text, e.to_text) for e in history] == [
            ("machine", "test:1", None, DRAFT, None, "One. (es)"),
            ("machine", "test:2", DRAFT, DRAFT, "One. (es)", "One. v2"),
            ("ed", "cli", DRAFT, APPROVED, "One. v2", "One. v2"),
        ]
        assert [e.at for e in history] == sorted(e.at for e in history)
        assert store.history("kyiv", "nope", "es") == []

    # Comments

    def test_comments_are_kept_per_translation_oldest_first(self, store: SegmentStore) -> None:
        segments = drafted(store, "One.")
        store.save_machine_translations("kyiv", "ca", drafts(segments, " (ca)"), engine="test:1")
        first = store.add_comment("kyiv", segments[1].id, "es", "Check the date.", actor="ana", via="workbench")
        store.add_comment("kyiv", segments[1].id, "ca", "Another language.", actor="ana", via="workbench")
        store.add_comment("kyiv", segments[1].id, "es", "<b>Done</b> & checked.", actor="ed",
                          via="review import es.xlf")
        comments = store.comments("kyiv", segments[1].id, "es")
        assert all(isinstance(c, Comment) for c in comments) and comments[0] == first
        assert [(c.slug, c.segment_id, c.lang, c.actor, c.via, c.text) for c in comments] == [
            ("kyiv", segments[1].id, "es", "ana", "workbench", "Check the date."),
            ("kyiv", segments[1].id, "es", "ed", "review import es.xlf", "<b>Done</b> & checked."),
        ]
        assert comments[0].at <= comments[1].at
        assert store.comments("kyiv", segments[0].id, "es") == [] and store.comments("kyiv", "nope", "es") == []
        translation = store.translations("kyiv", "es")[segments[1].id]
        assert translation.revision == 1 and len(store.history("kyiv", segments[1].id, "es")) == 1  # not a change

    def test_a_comment_on_no_translation_is_a_store_error(self, store: SegmentStore) -> None:
        segments = drafted(store, "One.")
        with pytest.raises(StoreError, match="no uk translation"):
            store.add_comment("kyiv", segments[1].id, "uk", "Hm.", actor="ana", via="workbench")
        with pytest.raises(StoreError, match="no es translation"):
            store.add_comment("kyiv", "nope", "es", "Hm.", actor="ana", via="workbench")
        assert store.comments("kyiv", segments[1].id, "uk") == []

    # Translation memory

    def test_memory_matches_prefer_approved_translations_to_imported_ones(self, store: SegmentStore) -> None:
        segments = drafted(store, "One. Two.")
        store.set_state("kyiv", segments[1].id, "es", APPROVED, actor="ed", via="test", reason="")
        assert store.add_memory([
            MemoryEntry("en", "es", "One.", "Uno (tmx).", "tu-1", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
            MemoryEntry("en", "es", "Three.", "Tres.", "tu-2", "", ""),
            MemoryEntry("en", "ca", "Three.", "Tres (ca).", "tu-3", "", ""),
        ]) == 3
        matches = store.memory_matches("en", "es", ["One.", "Two.", "Three.", "Three.", "Four."])
        assert matches == {
            "One.": MemoryMatch("One. (es)", APPROVED, f"memory:kyiv/{segments[1].id}"),
            "Three.": MemoryMatch("Tres.", EDITED, "tmx:tu-2"),
        }
        assert store.memory_matches("uk", "es", ["One.", "Three."]) == {}

    def test_added_memory_replaces_an_entry_of_the_same_origin(self, store: SegmentStore) -> None:
        entry = MemoryEntry("en", "es", "Three.", "Tres.", "tu-2", "", "2026-01-01T00:00:00Z", "ana", "a note")
        assert store.add_memory([entry]) == 1
        assert store.add_memory([replace(entry, target="Tres!", changed="2026-02-01T00:00:00Z"),
                                 replace(entry, origin="tu-9", target="Tres?")]) == 1
        assert store.memory_matches("en", "es", ["Three."]) == {"Three.": MemoryMatch("Tres!", EDITED, "tmx:tu-2")}
        assert store.add_memory([]) == 0

    def test_imported_memory_is_that_of_one_language_pair(self, store: SegmentStore) -> None:
        entries = [MemoryEntry("en", "es", "Two.", "Dos.", "tu-2", "", "2026-01-01T00:00:00Z", "ana", "n"),
                   MemoryEntry("en", "es", "One.", "Uno.", "tu-1", "", ""),
                   MemoryEntry("en", "ca", "One.", "Un.", "tu-3", "", ""),
                   MemoryEntry("uk", "es", "Один.", "Uno.", "tu-4", "", "")]
        store.add_memory(entries)
        assert store.imported_memory("en", "es") == [entries[1], entries[0]]
        assert store.imported_memory("en", "uk") == []

    def test_the_memory_version_moves_with_every_change_of_the_memory(self, store: SegmentStore) -> None:
        seen = [store.memory_version()]
        segments = drafted(store, "One.")
        seen.append(store.memory_version())
        store.set_state("kyiv", segments[1].id, "es", APPROVED, actor="ed", via="test", reason="")
        seen.append(store.memory_version())
        entry = MemoryEntry("en", "es", "Two.", "Dos.", "tu-2", "", "")
        store.add_memory([entry])
        seen.append(store.memory_version())
        store.add_memory([replace(entry, target="Dos!")])  # the last entry replaced
        seen.append(store.memory_version())
        assert len(set(seen)) == len(seen)
        store.save_effort_stats({"a": "[]"})
        store.add_comment("kyiv", segments[1].id, "es", "Fine.", actor="ed", via="test")
        assert store.memory_version() == seen[-1]

    def test_approved_translations_are_the_memory_to_export(self, store: SegmentStore) -> None:
        segments = drafted(store, "One. Two.")
        store.save_machine_translations("kyiv", "ca", drafts(segments, " (ca)"), engine="test:1")
        store.set_state("kyiv", segments[2].id, "es", APPROVED, actor="ed", via="test", reason="")
        store.set_state("kyiv", segments[1].id, "es", APPROVED, actor="ed", via="test", reason="")
        store.set_state("kyiv", segments[1].id, "ca", APPROVED, actor="ed", via="test", reason="")
        store.add_memory([MemoryEntry("en", "es", "Three.", "Tres.", "tu-2", "", "")])  # imported: not ours to export
        entries = store.approved_memory()
        assert [(e.source_lang, e.target_lang, e.source, e.target, e.origin) for e in entries] == [
            ("en", "ca", "One.", "One. (ca)", f"translate:kyiv/{segments[1].id}"),
            ("en", "es", "One.", "One. (es)", f"translate:kyiv/{segments[1].id}"),
            ("en", "es", "Two.", "Two. (es)", f"translate:kyiv/{segments[2].id}"),
        ]
        assert all(e.created.endswith("Z") and e.changed.endswith("Z") and e.created <= e.changed for e in entries)
        assert store.approved_memory("es") == entries[1:]
        assert store.approved_memory("uk") == []

    # Snapshots and the effort cache

    def test_the_effort_cache_keeps_what_it_is_given(self, store: SegmentStore) -> None:
        assert store.effort_stats_count() == 0 and store.effort_stats(["a"]) == {}
        store.save_effort_stats({"a": "[1]", "b": "[2]"})
        store.save_effort_stats({"b": "[3]"})
        assert store.effort_stats(["a", "b", "b", "c"]) == {"a": "[1]", "b": "[3]"}
        store.save_effort_stats({"c": "[4]"}, keep=["b"])  # only b stays of the cached ones, and c is added
        assert store.effort_stats(["a", "b", "c"]) == {"b": "[3]", "c": "[4]"} and store.effort_stats_count() == 2
        many = {f"k{n}": "[]" for n in range(1200)}  # more keys than one query may name
        store.save_effort_stats(many)
        assert store.effort_stats(list(many)) == many

    def test_a_snapshot_reads_one_state_and_caches_effort_after_it(self, store: SegmentStore, location: Path) -> None:
        from translate.review.apply import decide
        from translate.review.status import effort

        a = article("One. Two.", "Three.")
        segments = segment_article(a)
        store.save_article(a, segments)
        store.save_machine_translations("kyiv", "es", drafts(segments), engine="test:1")
        no_terms = Glossary((), "")
        with self.open_store(location) as other:  # another command, committing while the snapshot reads
            decide(other, no_terms, "kyiv", lang="es", state=EDITED, actor="ana")
            with store.snapshot():
                before = store.translations("kyiv", "es")
                decide(other, no_terms, "kyiv", lang="es", state=APPROVED, actor="ed")
                assert store.translations("kyiv", "es") == before
                assert store.state_counts() == {("kyiv", "es"): {EDITED: 4}}
                figures = effort(store)  # its statistics cache is written when the snapshot ends, not inside it
                assert figures[0].segments == 4 and store.effort_stats_count() == 0
            assert store.effort_stats_count() == 4
            assert store.state_counts() == {("kyiv", "es"): {APPROVED: 4}}

    def test_a_snapshot_that_fails_caches_nothing(self, store: SegmentStore) -> None:
        with pytest.raises(RuntimeError), store.snapshot():
            store.save_effort_stats({"a": "[]"})
            raise RuntimeError("interrupted")
        assert store.effort_stats_count() == 0
        with store.snapshot():  # and the store can take another one
            store.save_effort_stats({"a": "[]"})
        assert store.effort_stats(["a"]) == {"a": "[]"}

    def test_a_reopened_store_has_everything(self, store: SegmentStore, location: Path) -> None:
        segments = drafted(store, "One.")
        store.set_state("kyiv", segments[1].id, "es", APPROVED, actor="ed", via="test", reason="")
        store.save_effort_stats({"a": "[]"})
        with self.open_store(location) as again:
            assert again.translations("kyiv", "es") == store.translations("kyiv", "es")
            assert again.stored_article("kyiv") == store.stored_article("kyiv")
            assert again.history("kyiv", segments[1].id, "es") == store.history("kyiv", segments[1].id, "es")
            store.add_comment("kyiv", segments[1].id, "es", "Fine.", actor="ed", via="workbench")
            assert again.comments("kyiv", segments[1].id, "es") == store.comments("kyiv", segments[1].id, "es")
            assert again.effort_stats(["a"]) == {"a": "[]"}

    # The concordance

    def test_a_search_finds_source_and_target_text_ignoring_case_and_tags(self, store: SegmentStore) -> None:
        strong = Mark(MarkKind.STRONG)
        a = article("", "ЕРЕВАН & Kyiv.")
        a = Article(a.meta, (a.blocks[0], Block(BlockKind.PARAGRAPH, (
            Run("Talks in "), Run("Yere", frozenset({strong})), Run("van ended. Nobody signed."))), a.blocks[2]))
        segments = segment_article(a)
        assert "<1>Yere</1>van" in segments[1].text
        store.save_article(a, segments)
        store.save_machine_translations("kyiv", "es", drafts(segments, " (es)"), engine="test:1")
        store.save_machine_translations("kyiv", "ca", drafts(segments, " (ca)"), engine="test:1")
        found = store.search("yereVAN")
        assert [(h.segment_id, h.lang) for h in found] == [(segments[1].id, "ca"), (segments[1].id, "es")]
        assert (found[1].slug, found[1].title, found[1].source, found[1].state) == ("kyiv", "Kyiv", segments[1].text,
                                                                                    DRAFT)
        assert [h.lang for h in store.search("ереван &")] == ["ca", "es"]
        assert [h.text for h in store.search("(es)", where=SearchIn.TARGET, lang="es", limit=2, offset=1)] == [
            s.text + " (es)" for s in segments[1:3]]
        assert store.search("(es)", where=SearchIn.SOURCE) == []
        assert store.search("   ") == [] and store.search("nowhere") == []

    def test_a_search_leaves_out_segments_no_longer_current(self, store: SegmentStore) -> None:
        drafted(store, "Yerevan.")
        a = article("Kyiv.")
        store.save_article(a, segment_article(a))
        assert store.search("yerevan") == []
        assert [h.source for h in store.search("kyiv", lang="es")] == ["Kyiv"]
