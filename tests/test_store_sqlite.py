"""The SQLite store backend: the store contract, and what only SQLite has (schema upgrades, busy,
read-only and full stores, file modes, concurrent creation)."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fs_helpers import fill, remount_read_only, tmpfs
from store_contract import StoreContract, article, drafted, history_count
from translate.errors import ReviewConflict, StoreError, WorkspaceError
from translate.model import MTResult, SegmentState
from translate.segment import segment_article
from translate.store import SCHEMA_VERSION, Change, SegmentStore, Store, StoredSource


class TestSQLiteStore(StoreContract):
    """The SQLite backend passes the store contract."""

    def open_store(self, location: Path) -> SegmentStore:
        return Store.open(location / ".translate" / "store.sqlite3")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / ".translate" / "store.sqlite3") as opened:
        yield opened


def test_a_change_whose_translation_was_deleted_changes_nothing(store: Store) -> None:
    segments = drafted(store, "One. Two.")
    with store.transaction() as db:
        db.execute("DELETE FROM translations WHERE segment_id = ?", (segments[2].id,))
    changes = [Change("kyiv", s.id, "es", f"{s.text} (revisado)", SegmentState.EDITED, 1) for s in segments]
    before = (history_count(store), {k: (t.text, t.revision) for k, t in store.translations("kyiv", "es").items()})
    with pytest.raises(ReviewConflict, match=f"segment {segments[2].id} of kyiv \\(es\\) changed while importing"):
        store.apply_changes(changes, actor="ana", via="review import es.xlf")
    after = (history_count(store), {k: (t.text, t.revision) for k, t in store.translations("kyiv", "es").items()})
    assert after == before


def test_history_counts_every_row(store: Store) -> None:
    """``history_count`` (which the contract's no-change checks rely on) sees every row SQLite has."""
    segments = drafted(store, "One. Two.")
    store.set_state("kyiv", segments[1].id, "es", SegmentState.APPROVED, actor="ed", via="test", reason="")
    with store.transaction() as db:
        assert history_count(store) == db.execute("SELECT count(*) FROM history").fetchone()[0] == 4


def test_an_article_saved_by_an_older_version_has_no_structure_or_source(store: Store) -> None:
    a = article("One.")
    store.save_article(a, segment_article(a))
    with store.transaction() as db:  # as versions before structure and sources were recorded left it
        db.execute("""UPDATE articles SET meta = '{"date": null, "author": null}'""")
    older = r"the store has no structure for 'kyiv' \(saved by an older version\)"
    with pytest.raises(StoreError, match=older) as raised:
        store.stored_article("kyiv")
    assert raised.value.hint == "run `translate run kyiv.md` again"
    assert store.source("kyiv") == StoredSource("kyiv.md", None, None)
    assert store.article_meta("kyiv") == a.meta


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


@pytest.mark.parametrize("version", [pytest.param(1, id="schema-1-no-effort-no-comments"),
                                     pytest.param(2, id="schema-2-no-comments")])
def test_an_older_store_is_upgraded(tmp_path: Path, version: int) -> None:
    path = tmp_path / "store.sqlite3"
    with Store.open(path) as store:
        a = article("One.")
        store.save_article(a, segment_article(a))
        store.save_machine_translations("kyiv", "es", [(s, MTResult(s.text), SegmentState.MT_DRAFT)
                                                       for s in segment_article(a)], engine="test:1")
    with sqlite3.connect(path) as db:  # as that version left it
        db.execute("DROP TABLE comments")
        db.execute("DROP INDEX history_by_translation")
        if version == 1:
            db.execute("DROP TABLE effort_stats")
        db.execute(f"PRAGMA user_version = {version}")
    with Store.open(path) as store:
        assert store.effort_stats_count() == 0 and [s.text for s in store.segments("kyiv")] == ["Kyiv", "One."]
        store.save_effort_stats({"k": "[]"})
        assert store.effort_stats(["k", "x"]) == {"k": "[]"}
        segment_id = store.segments("kyiv")[1].id
        assert store.comments("kyiv", segment_id, "es") == []
        store.add_comment("kyiv", segment_id, "es", "Fine.", actor="ana", via="workbench")
        assert [c.text for c in store.comments("kyiv", segment_id, "es")] == ["Fine."]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
        plan = db.execute("EXPLAIN QUERY PLAN SELECT * FROM history WHERE slug = 'kyiv' AND segment_id = 'x'"
                          " AND lang = 'es'").fetchall()
        assert "history_by_translation" in str(plan)


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
        db.execute("DROP TABLE comments")
        db.execute("DROP INDEX history_by_translation")
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
