"""The release folder on disk: what an interrupted publish leaves is repaired, what stands in the way is named,
a write fault changes nothing, permissions follow the umask."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import resource
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from review_helpers import edited, make_store
from translate.config import Workspace
from translate.errors import WorkspaceError
from translate.export.formats import Destination, output_formats
from translate.model import Glossary, SegmentState
from translate.release import ReleaseError, publish
from translate.review.apply import decide, import_review
from translate.review.package import build_package
from translate.review.status import effort
from translate.store import Store

EMPTY = Glossary((), "")
RELEASE_SUFFIXES = tuple(f.suffix for f in output_formats(Destination.RELEASES))
FILES = 2 * len(RELEASE_SUFFIXES) + 3  # en and es in every format, index, manifest, release.json


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    store, _ = make_store(tmp_path, lang="es")
    decide(store, EMPTY, "csto", lang="es", state=SegmentState.APPROVED, actor="ed", force=True)
    store.close()
    return Workspace(tmp_path / "ws")


def releases(workspace: Workspace) -> Path:
    return workspace.outputs_dir / "releases"


def entries(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit_one(workspace: Workspace, text: str = "La cumbre en Ereván terminó el 24 de noviembre.") -> None:
    """An approved edit of the second segment: the next publish rewrites the Spanish files.

    The file leaves the state as exported (approved), so the import withdraws the approval; the editor approves."""
    with Store.open(workspace.store_path) as store:
        package = build_package(store, EMPTY, lang="es")
        import_review(store, EMPTY, edited(package, {1: (text, SegmentState.APPROVED)}), path=Path("x.xlf"), actor="ana")
        decide(store, EMPTY, f"csto/{package.units[1].segment_id}", lang="es", state=SegmentState.APPROVED, actor="ed")


# What an interrupted publish leaves (or an earlier version left) next to a published release "r".
def previous_file(workspace: Workspace) -> None:
    (releases(workspace) / ".r.previous").write_text("the file that stood where the release folder is now")


def previous_link(workspace: Workspace) -> None:
    (workspace.root / "elsewhere").mkdir()
    (workspace.root / "elsewhere" / "keep.txt").write_text("not ours")
    (releases(workspace) / ".r.previous").symlink_to(workspace.root / "elsewhere")


def previous_folder(workspace: Workspace) -> None:
    (releases(workspace) / ".r.previous").mkdir()
    (releases(workspace) / ".r.previous" / "index.html").write_text("the release before")


def staging_folders(workspace: Workspace) -> None:
    for name in (".r.staging-k3j4h5g6", ".r.x81_ab2z"):  # this version's, and the one before's
        (releases(workspace) / name / "es").mkdir(parents=True)
        (releases(workspace) / name / "es" / "csto.html").write_text("half written")
    (workspace.state_dir / "releases" / ".r.json.a1b2c3d4.tmp").write_text("{")


LEFTOVERS = [pytest.param(previous_file, id="previous-is-a-file"),
             pytest.param(previous_link, id="previous-is-a-link"),
             pytest.param(previous_folder, id="previous-is-a-folder"),
             pytest.param(staging_folders, id="staging-folders-of-a-killed-publish")]


@pytest.mark.parametrize("leave", LEFTOVERS)
def test_leftovers_are_cleaned_by_the_next_publish(workspace: Workspace, leave: Callable[[Workspace], None]) -> None:
    publish(workspace, name="r")
    leave(workspace)
    edit_one(workspace)
    report = publish(workspace, name="r")
    assert sorted(report.written) == [*sorted(f"es/csto.{s}" for s in RELEASE_SUFFIXES), "manifest-sha256.txt",
                                      "release.json"]
    assert entries(releases(workspace)) == ["r"]
    assert entries(workspace.state_dir / "releases") == ["r.json", "r.lock"]
    assert "Ereván terminó" in (report.folder / "es" / "csto.html").read_text("utf-8")
    if leave is previous_link:
        assert entries(workspace.root / "elsewhere") == ["keep.txt"]  # the link went, not what it pointed to


def test_a_release_moved_aside_by_an_interrupted_publish_goes_back(workspace: Workspace) -> None:
    first = publish(workspace, name="r")
    before = snapshot(first.folder)
    os.rename(first.folder, releases(workspace) / ".r.previous")  # killed between its two renames
    again = publish(workspace, name="r")
    assert not again.changed and again.unchanged == FILES
    assert entries(releases(workspace)) == ["r"] and snapshot(first.folder) == before


@pytest.mark.parametrize("leave", [pytest.param(previous_file, id="previous-is-a-file"),
                                   pytest.param(previous_link, id="previous-is-a-link")])
def test_a_previous_that_is_no_folder_is_deleted_not_put_back(workspace: Workspace, caplog: pytest.LogCaptureFixture,
                                                              leave: Callable[[Workspace], None]) -> None:
    """With no release folder, a .r.previous file or link was renamed to r, then refused: "r is a symbolic link"."""
    releases(workspace).mkdir(parents=True)
    leave(workspace)
    with caplog.at_level(logging.WARNING, logger="translate.release_folder"):
        report = publish(workspace, name="r")
    assert report.written and entries(releases(workspace)) == ["r"] and report.folder.is_dir()
    assert not report.folder.is_symlink()
    kind = "a symbolic link" if leave is previous_link else "a file"
    assert [r.getMessage() for r in caplog.records] == [
        f"{releases(workspace) / '.r.previous'}: {kind}, not a folder: no release to put back; deleting "
        + ("the link (not what it points to)" if leave is previous_link else "it")]
    if leave is previous_link:
        assert entries(workspace.root / "elsewhere") == ["keep.txt"]


def test_other_releases_leftovers_are_not_touched(workspace: Workspace) -> None:
    publish(workspace, name="r")
    others = [".r.1.staging-k3j4h5g6", ".r.1.previous", ".r-2.x81_ab2z", ".rr.staging-abc"]
    for name in others:
        (releases(workspace) / name).mkdir()
    (workspace.state_dir / "releases" / ".r.1.json.a1b2c3d4.tmp").write_text("{")
    edit_one(workspace)
    publish(workspace, name="r")
    assert entries(releases(workspace)) == sorted([*others, "r"])
    assert ".r.1.json.a1b2c3d4.tmp" in entries(workspace.state_dir / "releases")


def a_file(path: Path) -> None:
    path.write_text("not a folder")


def dangling(path: Path) -> None:
    path.symlink_to(path.with_name("nowhere"))


def link_to_folder(path: Path) -> None:
    (path.parent / "web").mkdir()
    path.symlink_to(path.parent / "web")


# Something in the way of the folders a publish writes in: a clear error naming it, before anything is written.
IN_THE_WAY = [
    pytest.param("outputs/releases/r", a_file, "a file is where the release folder goes", id="release-is-a-file"),
    pytest.param("outputs/releases/r", link_to_folder, "the release folder is a symbolic link", id="release-is-a-link"),
    pytest.param("outputs/releases/r", dangling, "the release folder is a symbolic link", id="release-is-a-dangling-link"),
    pytest.param("outputs/releases", a_file, "a file is where a folder should be", id="releases-is-a-file"),
    pytest.param("outputs", dangling, "a symbolic link to .*, which does not exist .on the way to the releases folder",
                 id="outputs-is-a-dangling-link"),
    pytest.param(".translate/releases", a_file, "a file is where a folder should be", id="state-releases-is-a-file"),
]


@pytest.mark.parametrize(("where", "make", "message"), IN_THE_WAY)
def test_something_in_the_way_is_named(workspace: Workspace, where: str, make: Callable[[Path], None],
                                       message: str) -> None:
    path = workspace.root / where
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)
    before = sorted(str(p.relative_to(workspace.root)) for p in workspace.root.rglob("*") if "store" not in p.name)
    with pytest.raises((ReleaseError, WorkspaceError), match=message) as raised:
        publish(workspace, name="r")
    assert raised.value.path == path
    after = sorted(str(p.relative_to(workspace.root)) for p in workspace.root.rglob("*") if "store" not in p.name)
    assert [p for p in after if p not in before] in ([], [".translate/releases", ".translate/releases/r.lock"])


def test_a_second_publish_of_the_same_release_is_refused_while_one_runs(workspace: Workspace) -> None:
    lock = workspace.state_dir / "releases" / "r.lock"
    lock.parent.mkdir()
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(ReleaseError, match="another publish of release 'r' is running"):
            publish(workspace, name="r")
    assert not releases(workspace).exists()
    publish(workspace, name="r")


def cli_publish(workspace: Workspace, *, max_file_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    """`translate publish` in a process of its own, where files cannot grow past ``max_file_bytes``: a real
    write fault (EFBIG, "File too large"), as a full disk would give, at the first file the release writes."""

    def limit() -> None:
        if max_file_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    return subprocess.run([sys.executable, "-m", "translate", "--workspace", str(workspace.root), "publish",
                           "--release", "r"], capture_output=True, text=True, preexec_fn=limit, cwd=workspace.root,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, timeout=120)


def test_a_write_fault_leaves_the_previous_release_and_its_cache_and_a_rerun_completes(workspace: Workspace) -> None:
    first = publish(workspace, name="r")
    before, cache = snapshot(first.folder), (workspace.state_dir / "releases" / "r.json").read_bytes()
    edit_one(workspace)
    with Store.open(workspace.store_path) as store:  # kept open: the store's shared memory, which the limit stops growing
        effort(store)  # review status cached the edit's statistics: the publish writes nothing to the store
        failed = cli_publish(workspace, max_file_bytes=1024)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert failed.stderr.strip().count("\n") == 0 and "cannot write the release: File too large" in failed.stderr
    assert snapshot(first.folder) == before and entries(releases(workspace)) == ["r"]
    assert (workspace.state_dir / "releases" / "r.json").read_bytes() == cache  # claims only what is published
    rerun = cli_publish(workspace)
    assert rerun.returncode == 0, rerun.stderr
    assert "Ereván terminó" in (first.folder / "es" / "csto.html").read_text("utf-8")
    claimed = json.loads((workspace.state_dir / "releases" / "r.json").read_text("utf-8"))
    assert sorted(claimed) == sorted(p for p in snapshot(first.folder) if p not in ("index.html", "release.json",
                                                                                     "manifest-sha256.txt"))


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def modes(folder: Path) -> set[tuple[str, int]]:
    return {("dir" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode)) for p in [folder, *folder.rglob("*")]}


@pytest.mark.parametrize(("mask", "dirs", "files"), [pytest.param(0o022, 0o755, 0o644, id="umask-022"),
                                                     pytest.param(0o027, 0o750, 0o640, id="umask-027")])
def test_release_permissions_follow_the_umask(workspace: Workspace, mask: int, dirs: int, files: int) -> None:
    with umask(mask):
        report = publish(workspace, name="r")
    assert modes(report.folder) == {("dir", dirs), ("file", files)}
    assert stat.S_IMODE((workspace.state_dir / "releases" / "r.json").stat().st_mode) == files
    other = 0o027 if mask == 0o022 else 0o022
    edit_one(workspace)
    with umask(other):
        again = publish(workspace, name="r")
    rewritten = {f"{again.folder}/{path}" for path in again.written}
    for path in again.folder.rglob("*"):
        if path.is_file():  # a rewritten file gets the umask of now; an unchanged one is the same file as before
            expected = 0o666 & ~other if str(path) in rewritten else files
            assert stat.S_IMODE(path.stat().st_mode) == expected, path
    assert stat.S_IMODE(again.folder.stat().st_mode) == 0o777 & ~other
