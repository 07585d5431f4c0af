from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from fs_helpers import fill, remount_read_only, tmpfs
from translate.errors import StoreError, WorkspaceError
from translate.model import AppliedTerm, Article, ArticleMeta, Block, BlockKind, Finding, MTResult, Run, Segment, SegmentState, Severity
from translate.segment import segment_article
from translate.store import SCHEMA_VERSION, Store, StoredSource, source_digest


def article(*paragraphs: str, slug: str = "kyiv") -> Article:
    meta = ArticleMeta(title="Kyiv", slug=slug, source_lang="en", source_path=Path(f"{slug}.md"))
    blocks = [Block(BlockKind.TITLE, (Run("Kyiv"),))] + [Block(BlockKind.PARAGRAPH, (Run(p),)) for p in paragraphs]
    return Article(meta, tuple(blocks))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / ".translate" / "store.sqlite3") as opened:
        yield opened


def drafts(segments: tuple[Segment, ...], suffix: str = " (es)") -> list[tuple[Segment, MTResult, SegmentState]]:
    return [(s, MTResult(s.text + suffix), SegmentState.MT_DRAFT) for s in segments]


def test_unchanged_article_has_nothing_pending(store: Store) -> None:
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


def test_changed_paragraph_leaves_only_its_sentences_pending(store: Store) -> None:
    old = segment_article(article("One. Two.", "Three."))
    store.save_article(article("One. Two.", "Three."), old)
    store.save_machine_translations("kyiv", "es", drafts(old), engine="test:1")
    new_article = article("One. Two.", "Three, changed.")
    new = segment_article(new_article)
    change = store.save_article(new_article, new)
    assert (change.added, change.kept, change.dropped) == (1, 3, 1)
    assert [s.text for s in store.pending("kyiv", "es", new)] == ["Three, changed."]
    assert [s.text for s in store.segments("kyiv")] == ["Kyiv", "One.", "Two.", "Three, changed."]


def test_translations_record_state_engine_and_findings(store: Store) -> None:
    a = article("Pashinyan spoke.")
    segments = segment_article(a)
    store.save_article(a, segments)
    finding = Finding("unknown-word", Severity.MINOR, "unknown “Pashinyan”", text="Pashinyan")
    store.save_machine_translations(
        "kyiv", "es",
        [(segments[0], MTResult("Kyiv"), SegmentState.MT_DRAFT),
         (segments[1], MTResult("Pashinyan habló.", (finding,), (AppliedTerm("pashinyan", "protected", "Pashinyan", "Pashinyan", 0, 0),)),
          SegmentState.NEEDS_REVIEW)],
        engine="apertium:eng-spa@0.8.1-2",
    )
    stored = store.translations("kyiv", "es")[segments[1].id]
    assert (stored.text, stored.state, stored.engine, stored.revision) == (
        "Pashinyan habló.", SegmentState.NEEDS_REVIEW, "apertium:eng-spa@0.8.1-2", 1
    )
    assert store.applied_terms("kyiv", "es") == {
        segments[1].id: [AppliedTerm("pashinyan", "protected", "Pashinyan", "Pashinyan", 0, 0)]
    }
    [entry] = store.history("kyiv", segments[1].id, "es")
    assert (entry["from_state"], entry["to_state"], entry["actor"]) == (None, "needs-review", "machine")
    [saved] = store.findings("kyiv", "es")
    assert (saved.check, saved.segment_id, saved.lang) == ("unknown-word", segments[1].id, "es")


def test_retranslate_replaces_drafts_but_never_reviewed_text(store: Store) -> None:
    a = article("One. Two.")
    segments = segment_article(a)
    store.save_article(a, segments)
    store.save_machine_translations("kyiv", "es", drafts(segments), engine="test:1")
    with store.transaction() as db:
        db.execute("UPDATE translations SET state = 'approved', text = 'Uno (revisado).' WHERE segment_id = ?",
                   (segments[1].id,))
    pending = store.pending("kyiv", "es", segments, retranslate=True)
    assert segments[1] not in pending and len(pending) == 2
    store.save_machine_translations("kyiv", "es", drafts(segments, " v2"), engine="test:2")
    stored = store.translations("kyiv", "es")
    assert stored[segments[1].id].text == "Uno (revisado)." and stored[segments[1].id].state == SegmentState.APPROVED
    assert stored[segments[2].id].text == "Two. v2" and stored[segments[2].id].revision == 2


def test_failed_transaction_changes_nothing(store: Store) -> None:
    a = article("One.")
    segments = segment_article(a)
    store.save_article(a, segments)
    with pytest.raises(RuntimeError), store.transaction() as db:
        db.execute("DELETE FROM segments")
        raise RuntimeError("interrupted")
    assert len(store.segments("kyiv")) == 2


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="move it aside"):
        Store.open(path)


def test_a_store_of_schema_1_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with Store.open(path) as store:
        a = article("One.")
        store.save_article(a, segment_article(a))
    with sqlite3.connect(path) as db:  # as version 1 left it: no effort statistics
        db.execute("DROP TABLE effort_stats")
        db.execute("PRAGMA user_version = 1")
    with Store.open(path) as store:
        assert store.effort_stats_count() == 0 and [s.text for s in store.segments("kyiv")] == ["Kyiv", "One."]
        store.save_effort_stats({"k": "[]"})
        assert store.effort_stats(["k", "x"]) == {"k": "[]"}
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer version"):
        Store.open(path)


def test_a_store_another_process_keeps_busy_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with Store.open(path, busy_timeout=0.05) as store, Store.open(path) as other, other.transaction():
        a = article("One.")
        with pytest.raises(StoreError, match="the store is busy") as raised:
            store.save_article(a, segment_article(a))
        assert "another translate command" in raised.value.message and "run this again" in (raised.value.hint or "")


def test_an_upgrade_waiting_on_a_busy_store_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    Store.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE effort_stats")
        db.execute("PRAGMA user_version = 1")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="the store is busy"):
            Store.open(path, busy_timeout=0.05)
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store.open(path) as store:  # and once it is free, the upgrade happens
        assert store.effort_stats_count() == 0


def test_a_folder_where_the_store_should_be(tmp_path: Path) -> None:
    (tmp_path / "store.sqlite3").mkdir()
    with pytest.raises(StoreError, match="cannot open the segment store"):
        Store.open(tmp_path / "store.sqlite3")


def test_a_read_only_store_says_so_and_never_to_move_it_aside(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "state", size="4m") as folder:
        with Store.open(folder / "store.sqlite3") as store:
            a = article("One.")
            store.save_article(a, segment_article(a))
        remount_read_only(folder)
        with pytest.raises(StoreError) as raised, Store.open(folder / "store.sqlite3") as store:
            store.save_article(article("Two."), segment_article(article("Two.")))
        message = str(raised.value)
        assert "the store cannot be written" in message and "read-only" in message and "fix the permissions" in message
        assert "move it aside" not in message and "lost" not in message


def test_a_full_disk_changes_nothing_and_says_so(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "state", size="1m") as folder:
        with Store.open(folder / "store.sqlite3") as store:
            a = article("One.")
            store.save_article(a, segment_article(a))
            fill(folder)
            big = article(*(f"Sentence number {n} of a long article about the border." for n in range(20_000)))
            with pytest.raises(StoreError, match="the disk holding the store is full: nothing was changed; free some"):
                store.save_article(big, segment_article(big))
            assert [s.text for s in store.segments("kyiv")] == ["Kyiv", "One."]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        pytest.param(lambda p: p.symlink_to(p), "a symbolic link loop", id="state-folder-link-loop"),
        pytest.param(lambda p: p.write_text("x"), "a file is where a folder should be", id="state-folder-a-file"),
        pytest.param(lambda p: p.symlink_to(p.parent / "gone"), "a symbolic link to .*gone, which does not exist",
                     id="state-folder-dangling-link"),
    ],
)
def test_a_broken_state_folder_is_one_line(tmp_path: Path, make: Callable[[Path], object],
                                           expected: str) -> None:
    make(tmp_path / ".translate")
    with pytest.raises(WorkspaceError, match=expected):
        Store.open(tmp_path / ".translate" / "store.sqlite3")


def test_the_store_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o002)  # SQLite alone gives 0644 whatever the umask allows
    try:
        Store.open(tmp_path / ".translate" / "store.sqlite3").close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / ".translate" / "store.sqlite3").stat().st_mode) == 0o664


def test_the_source_of_an_article_is_recorded(store: Store, tmp_path: Path) -> None:
    a = article("One.")
    store.save_article(a, segment_article(a))
    assert store.source("kyiv") == StoredSource("kyiv.md", str(Path("kyiv.md").resolve()), source_digest(a))
    assert store.source("other") is None
    assert source_digest(a) != source_digest(article("Two.")) and source_digest(a) == source_digest(article("One."))


def test_a_snapshot_reads_one_state_and_caches_effort_after_it(store: Store) -> None:
    from translate.model import Glossary
    from translate.review.apply import decide
    from translate.review.status import effort

    a = article("One. Two.", "Three.")
    segments = segment_article(a)
    store.save_article(a, segments)
    store.save_machine_translations("kyiv", "es", drafts(segments), engine="test:1")
    no_terms = Glossary((), "")
    with Store.open(store.path) as other:  # another command, committing while the snapshot reads
        decide(other, no_terms, "kyiv", lang="es", state=SegmentState.EDITED, actor="ana")
        with store.snapshot():
            before = store.translations("kyiv", "es")
            decide(other, no_terms, "kyiv", lang="es", state=SegmentState.APPROVED, actor="ed")
            assert store.translations("kyiv", "es") == before
            assert store.state_counts() == {("kyiv", "es"): {SegmentState.EDITED: 4}}
            figures = effort(store)  # its statistics cache is written when the snapshot ends, not inside it
            assert figures[0].segments == 4 and store.effort_stats_count() == 0
        assert store.effort_stats_count() == 4
        assert store.state_counts() == {("kyiv", "es"): {SegmentState.APPROVED: 4}}


OPEN_WHEN_TOLD = """
import sys, time
from pathlib import Path
from translate.store import Store
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
Store.open(Path(sys.argv[1])).close()
"""


def test_processes_creating_the_store_at_once_all_open_it(tmp_path: Path) -> None:
    """Each one reads "no schema yet"; only the first to take the write lock may create it."""
    import subprocess
    import sys

    for attempt in range(3):
        path, go = tmp_path / f"store-{attempt}.sqlite3", tmp_path / f"go-{attempt}"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1]), os.environ.get("PYTHONPATH", "")])}
        processes = [subprocess.Popen([sys.executable, "-c", OPEN_WHEN_TOLD, str(path), str(go)], env=env,
                                      stderr=subprocess.PIPE, text=True) for _ in range(6)]
        go.touch()
        failures = [p.communicate(timeout=60)[1] for p in processes if p.wait(timeout=60) != 0]
        assert not failures, failures[0]
        with Store.open(path) as store:
            assert store.articles() == []
