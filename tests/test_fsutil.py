"""Atomic writes and workspace path checks on real file systems: every failure is one WorkspaceError line."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from fs_helpers import fill, tmpfs
from translate.errors import GlossaryError, WorkspaceError
from translate.fsutil import NAME_MAX, TEMP_NAME_EXTRA, atomic_write_bytes, check_file_target, check_folder
from translate.fsutil import make_temp_dir, os_error, read_bounded, write_if_changed


def _file(path: Path) -> None:
    path.write_text("x")


BROKEN_FOLDERS = [
    pytest.param(lambda p: p.symlink_to(p.parent / "nowhere"), "out",
                 "a symbolic link to .*nowhere, which does not exist; create its target", id="dangling-link"),
    pytest.param(lambda p: p.symlink_to(p), "out", "a symbolic link loop; fix or remove the link", id="link-loop"),
    pytest.param(lambda p: p.symlink_to(p), "out/drafts/x", "a symbolic link loop", id="loop-above"),
    pytest.param(_file, "out", "a file is where a folder should be", id="file-in-the-way"),
    pytest.param(_file, "out/drafts", r"out: a file is where a folder should be \(on the way to the drafts folder "
                 r".*out/drafts\)", id="file-above"),
]


@pytest.mark.parametrize(("make", "folder", "expected"), BROKEN_FOLDERS)
def test_check_folder_names_what_is_in_the_way(tmp_path: Path, make: Callable[[Path], object], folder: str,
                                               expected: str) -> None:
    make(tmp_path / "out")
    with pytest.raises(WorkspaceError, match=expected) as raised:
        check_folder(tmp_path / folder, what="drafts folder")
    assert str(tmp_path / "out") in str(raised.value)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        pytest.param(errno.EACCES, "x: cannot write this file: permission denied (the file or folder is read-only "
                                   "for you); fix its permissions", id="permission-denied"),
        pytest.param(errno.EROFS, "x: cannot write this file: the file system is read-only; write somewhere else",
                     id="read-only-file-system"),
        pytest.param(errno.ENOSPC, "x: cannot write this file: no space left on the device; free some space",
                     id="disk-full"),
        pytest.param(errno.EDQUOT, "x: cannot write this file: disk quota exceeded", id="quota"),
        pytest.param(errno.EIO, "x: cannot write this file: Input/output error; check the path", id="other"),
    ],
)
def test_os_errors_in_words(number: int, expected: str) -> None:
    # The failures root cannot meet without mounts (CI may have none): said the same way as the rest.
    error = OSError(number, os.strerror(number), "/somewhere/else")
    assert str(os_error(error, doing="write this file", path=Path("x"))).startswith(expected)


def test_check_folder_accepts_missing_and_linked_folders(tmp_path: Path) -> None:
    check_folder(tmp_path / "not" / "yet" / "there")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    check_folder(tmp_path / "link" / "sub")


def test_check_folder_read_only_file_system(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", read_only=True) as folder:
        with pytest.raises(WorkspaceError, match="on a read-only file system") as raised:
            check_folder(folder / "drafts")
        assert raised.value.hint == "write somewhere else, or make that file system writable"
        check_folder(folder / "drafts", writable=False)


def test_check_file_target(tmp_path: Path) -> None:
    (tmp_path / "es.html").mkdir()
    with pytest.raises(WorkspaceError, match="a folder is where the draft should be; move the folder away"):
        check_file_target(tmp_path / "es.html", what="draft")
    longest = "x" * (NAME_MAX - TEMP_NAME_EXTRA)
    check_file_target(tmp_path / longest)
    with pytest.raises(WorkspaceError, match="the file's name is too long"):
        check_file_target(tmp_path / (longest + "x"))


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        pytest.param("a-file/out.tmx", "a file is where a folder should be", id="under-a-file"),
        pytest.param("a-folder", "a folder is where a file should be", id="a-folder-there"),
        pytest.param("loop/out.tmx", "a symbolic link loop", id="under-a-link-loop"),
    ],
)
def test_atomic_write_failures_are_one_line(tmp_path: Path, target: str, expected: str) -> None:
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    with pytest.raises(WorkspaceError, match=expected) as raised:
        write_if_changed(tmp_path / target, b"data")
    assert str(raised.value).startswith(str(tmp_path / target) + ": cannot write this file: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "a-folder", "loop"]


def test_a_full_disk_is_one_line_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small") as folder:
        (folder / "kept.html").write_bytes(b"old")
        fill(folder)
        with pytest.raises(WorkspaceError, match="no space left on the device; free some space"):
            atomic_write_bytes(folder / "kept.html", b"new" * 100_000)
        assert (folder / "kept.html").read_bytes() == b"old"
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_devices_are_written_into_not_replaced(tmp_path: Path) -> None:
    # Through links in tmp_path: code that renamed over a device would replace only the link.
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    (tmp_path / "null").symlink_to("/dev/null")
    (tmp_path / "full").symlink_to("/dev/full")
    atomic_write_bytes(tmp_path / "null", b"gone")
    with pytest.raises(WorkspaceError, match="full: cannot write this file: no space left on the device"):
        atomic_write_bytes(tmp_path / "full", b"data")
    assert (tmp_path / "null").is_symlink() and (tmp_path / "full").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "null"]


@pytest.mark.parametrize("umask", [pytest.param(0o022, id="022"), pytest.param(0o027, id="027"),
                                   pytest.param(0o002, id="002")])
def test_files_and_folders_follow_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        atomic_write_bytes(tmp_path / "new" / "file.html", b"x")
        folder = make_temp_dir(tmp_path, prefix=".staging-")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new" / "file.html").stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o777 & ~umask
    assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask


# ---- read_bounded: a regular file, up to a limit; nothing else is read, nothing hangs ----

def _fifo(path: Path) -> None:
    os.mkfifo(path)  # opening it to read would wait for a writer: a test that hangs is one that failed


def _sparse(size: int) -> Callable[[Path], object]:
    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.truncate(size)  # costs no disk
    return make


UNREADABLE = [
    pytest.param(_fifo, r"the review file is a FIFO \(named pipe\), not a regular file; give a regular file",
                 id="fifo"),
    pytest.param(lambda p: p.symlink_to("/dev/zero"), "the review file is a device, not a regular file",
                 id="link-to-dev-zero"),
    pytest.param(lambda p: p.mkdir(), "the review file is a folder, not a file; give the path of a file in it",
                 id="folder"),
    pytest.param(lambda p: p.symlink_to(p.parent / "gone.xlf"),
                 r"the review file is a dangling symbolic link \(to '.*gone.xlf', which does not exist\); point",
                 id="dangling-link"),
    pytest.param(lambda p: p.symlink_to(p), "the review file is a symbolic link loop", id="link-loop"),
    pytest.param(lambda p: None, "cannot read the review file: no such file; check the path", id="missing"),
    pytest.param(_sparse(3 * 1024 * 1024 + 1), r"the review file is 3,145,729 bytes, more than the 3,145,728 bytes \(3 MB\) allowed; export fewer",
                 id="too-large"),
]


@pytest.mark.parametrize(("make", "expected"), UNREADABLE)
def test_read_bounded_refuses_all_but_a_regular_file_within_the_limit(
    tmp_path: Path, make: Callable[[Path], object], expected: str
) -> None:
    path = tmp_path / "r.xlf"
    make(path)
    with pytest.raises(WorkspaceError, match=expected) as raised:
        read_bounded(path, limit=3 * 1024 * 1024, what="review file", hint="export fewer segments")
    assert raised.value.path == path


@pytest.mark.parametrize("size", [pytest.param(0, id="empty"), pytest.param(1000, id="at-the-limit")])
def test_read_bounded_reads_a_file_within_the_limit(tmp_path: Path, size: int) -> None:
    path = tmp_path / "r.xlf"
    path.write_bytes(b"x" * size)
    assert read_bounded(path, limit=1000, what="review file") == b"x" * size


def test_read_bounded_reads_at_most_one_byte_past_the_limit_of_a_file_that_lies_about_its_size() -> None:
    status = Path("/proc/self/status")  # st_size 0, a kilobyte or so of text
    if not status.exists():
        pytest.skip("no /proc here")
    with pytest.raises(WorkspaceError, match="the process status holds more than the 100 bytes allowed"):
        read_bounded(status, limit=100, what="process status")


def test_read_bounded_raises_the_callers_error(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "ff.csv")
    with pytest.raises(GlossaryError, match="the CSV glossary is a FIFO"):
        read_bounded(tmp_path / "ff.csv", limit=10, what="CSV glossary", error=GlossaryError)
