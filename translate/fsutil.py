"""Atomic file writes, and the checks that say clearly why a workspace path cannot be written.

A reader sees the old file or the new one, never half of one. Files and folders are created with
the permissions the user's umask gives (0644 and 0755 under umask 022), as ``open`` and ``mkdir``
would: the temporary files behind an atomic write would otherwise be 0600 (``tempfile``'s
default), and a web server or a colleague could not read a release.

A failure of the file system (read-only, full, a broken link, a file where a folder should be)
becomes a :class:`~translate.errors.WorkspaceError` naming the path and what to do.

Every file a user gives the tool is read through :func:`read_bounded`: only a regular file, and only
up to a limit, so that a FIFO cannot hang a command and ``/dev/zero`` cannot fill its memory.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path

from translate.errors import TranslateError, WorkspaceError, brief

_UMASK_LINE = re.compile(rb"^Umask:\s*([0-7]+)", re.MULTILINE)
NAME_MAX = 255
"""Bytes in one file or folder name on the file systems we write to (Linux, macOS, Windows)."""
TEMP_NAME_EXTRA = len("..") + 8 + len(".tmp")
"""What an atomic write adds to a file's name for its temporary file (``.NAME.XXXXXXXX.tmp``)."""

# What each failure means for the user, and what to do about it.
_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("no space left on the device", "free some space, then run the command again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space, then run the command again"),
    errno.EROFS: ("the file system is read-only", "write somewhere else, or make that file system writable"),
    errno.EACCES: ("permission denied (the file or folder is read-only for you)",
                   "fix its permissions (or write somewhere else)"),
    errno.EPERM: ("operation not permitted (the file or folder is protected)",
                  "fix its permissions or attributes (chattr -i)"),
    errno.ELOOP: ("a symbolic link loop", "fix or remove the link"),
    errno.ENAMETOOLONG: ("a file name is too long", "use a shorter name"),
    errno.ENOTDIR: ("a file is where a folder should be", "move the file away, or choose another folder"),
    errno.EISDIR: ("a folder is where a file should be", "move the folder away, or choose another name"),
    errno.ENOENT: ("no such file or folder", "check the path (create the folder first)"),
    errno.EEXIST: ("something is in the way (a file, or a symbolic link to nothing)", "move it away"),
}


def read_bounded(
    path: Path, *, limit: int, what: str, error: type[TranslateError] = WorkspaceError, hint: str | None = None
) -> bytes:
    """The bytes of the regular file at ``path`` (links followed), refusing more than ``limit`` bytes.

    Anything else is refused before a byte is read, with ``error`` naming ``path`` as the ``what``
    ("review file"): a FIFO (reading would wait for a writer), a device (``/dev/zero`` never ends), a
    socket, a folder, a link to nothing or a link loop, a file that cannot be opened. A file over
    ``limit`` is refused by its size and, should it grow meanwhile (or lie about its size, as files in
    /proc do), after reading at most ``limit + 1`` bytes; ``hint`` says what to do about that.
    """
    try:
        _check_regular(os.stat(path).st_mode, path, what=what, error=error)
        # O_NONBLOCK: should a FIFO replace the file between the check and the open, neither waits for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as failure:
        raise _read_error(failure, path, what=what, error=error) from None
    try:
        info = os.fstat(fd)
        _check_regular(info.st_mode, path, what=what, error=error)
        too_large = hint or f"use a {what} of at most {describe_size(limit)}"
        if info.st_size > limit:
            shown, allowed = describe_size(info.st_size), describe_size(limit)
            if shown == allowed:  # just over: "64 MB, more than the 64 MB" would say nothing
                shown, allowed = f"{info.st_size:,} bytes", f"{limit:,} bytes ({allowed})"
            raise error(f"the {what} is {shown}, more than the {allowed} allowed",
                        path=path, hint=too_large)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as failure:
        raise _read_error(failure, path, what=what, error=error) from None
    finally:
        os.close(fd)
    if left <= 0:
        raise error(f"the {what} holds more than the {describe_size(limit)} allowed", path=path, hint=too_large)
    return b"".join(chunks)


def describe_size(count: int) -> str:
    """A byte count for a message: ``64 MB``, ``1.5 MB``, ``262,144 bytes``."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.3g} MB"
    return f"{count:,} bytes"


def _check_regular(mode: int, path: Path, *, what: str, error: type[TranslateError]) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise error(f"the {what} is a folder, not a file", path=path, hint="give the path of a file in it")
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else
            "a device")
    raise error(f"the {what} is {kind}, not a regular file", path=path,
                hint="give a regular file: reading a pipe or a device may never end, so it is not read")


def _read_error(failure: OSError, path: Path, *, what: str, error: type[TranslateError]) -> TranslateError:
    if failure.errno == errno.ELOOP:
        return error(f"the {what} is a symbolic link loop (a link that leads back to itself)", path=path,
                     hint="fix or remove the link")
    if failure.errno == errno.ENOENT and os.path.islink(path):
        try:
            target = brief(os.readlink(path))
        except OSError:
            target = "?"
        return error(f"the {what} is a dangling symbolic link (to {target}, which does not exist)", path=path,
                     hint="point the link at a file, or remove it")
    reason = "no such file" if failure.errno == errno.ENOENT else failure.strerror or str(failure)
    return error(f"cannot read the {what}: {reason}", path=path, hint="check the path and its permissions")


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux /proc)."""
    try:
        match = _UMASK_LINE.search(Path("/proc/self/status").read_bytes())
    except OSError:
        match = None
    if match:
        return int(match.group(1), 8)
    mask = os.umask(0o022)  # elsewhere: the only portable way to read it is to set it
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new regular file gets under the current umask (0644 under 022)."""
    return 0o666 & ~current_umask()


def dir_mode() -> int:
    """The mode a new folder gets under the current umask (0755 under 022)."""
    return 0o777 & ~current_umask()


def make_temp_dir(parent: Path, *, prefix: str) -> Path:
    """A new, empty folder in ``parent`` with the umask's permissions (``tempfile.mkdtemp`` gives 0700)."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    os.chmod(path, dir_mode())
    return path


def os_error(error: OSError, *, doing: str | None = None, path: Path | None = None) -> WorkspaceError:
    """``error`` as one clear line: the path, what went wrong in words, and what to do."""
    reason, hint = _REASONS.get(error.errno or 0, (error.strerror or str(error), "check the path"))
    where = path if path is not None else error.filename  # ours: a temporary file's name would puzzle
    return WorkspaceError(f"cannot {doing}: {reason}" if doing else reason, path=where, hint=hint)


def check_folder(folder: Path, *, what: str = "folder", writable: bool = True) -> None:
    """WorkspaceError unless ``folder`` is a folder this process may write into, or may be created.

    Each existing part of the path must be a folder (a file, a symbolic link to nothing or a link
    loop in the way is named), and, if ``writable``, the deepest existing one must be writable.
    Checked before any work, so that a run stops before it writes anything (a full disk can only
    be found by writing).
    """
    deepest = None
    where = f" (on the way to the {what} {folder})" if what else ""
    for current in (*reversed(folder.parents), folder):
        on_the_way = where if current != folder else ""
        try:
            mode = os.stat(current).st_mode
        except FileNotFoundError:
            if os.path.islink(current):
                raise WorkspaceError(f"a symbolic link to {os.readlink(current)}, which does not exist{on_the_way}",
                                     path=current, hint="create its target, or remove the link") from None
            break  # this part and the rest are created when written
        except OSError as error:
            raise os_error(error, doing=f"use the {what}", path=current) from None
        if not stat.S_ISDIR(mode):
            raise WorkspaceError(f"a file is where a folder should be{on_the_way}", path=current,
                                 hint="move the file away, or choose another folder")
        deepest = current
    if writable and deepest is not None and not os.access(deepest, os.W_OK | os.X_OK):
        try:
            read_only = bool(os.statvfs(deepest).f_flag & os.ST_RDONLY)
        except OSError:
            read_only = False
        reason = "on a read-only file system" if read_only else "read-only for you"
        target = f" {folder}" if folder != deepest else ""
        raise WorkspaceError(f"cannot write the {what}{target}: this folder is {reason}", path=deepest,
                             hint=_REASONS[errno.EROFS if read_only else errno.EACCES][1])


def check_file_target(path: Path, *, what: str = "file") -> None:
    """WorkspaceError unless an atomic write to ``path`` can work: its folder (see ``check_folder``), its
    name short enough, and nothing but a file (or a device such as /dev/null) already there."""
    if len(path.name.encode("utf-8", "surrogateescape")) + TEMP_NAME_EXTRA > NAME_MAX:
        raise WorkspaceError(f"the {what}'s name is too long ({len(path.name.encode('utf-8', 'surrogateescape'))}"
                             f" bytes; at most {NAME_MAX - TEMP_NAME_EXTRA})", path=path, hint="use a shorter name")
    check_folder(path.parent, what=f"folder of the {what}")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return  # nothing there, or a link to nothing: the rename replaces it
    except OSError as error:
        raise os_error(error, doing=f"write the {what}", path=path) from None
    if stat.S_ISDIR(mode):
        raise WorkspaceError(f"a folder is where the {what} should be", path=path,
                             hint="move the folder away, or choose another name")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A device or pipe already at ``path`` (``/dev/stdout``) is written into, never replaced.
    WorkspaceError if the file system refuses (read-only, full, a file in the way).
    """
    try:
        if _is_special(path):
            with open(path, "wb") as handle:
                handle.write(data)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise os_error(error, doing="write this file", path=path) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), file_mode())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise os_error(error, doing="write this file", path=path) from error
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _is_special(path: Path) -> bool:
    """Whether ``path`` is a character device, a pipe or a socket (renaming over it would replace the node)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically unless the file already holds exactly ``data``; return whether it wrote."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as error:
        raise os_error(error, doing="write this file", path=path) from error
    atomic_write_bytes(path, data)
    return True
