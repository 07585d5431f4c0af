"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Files and folders are created with the permissions the user's umask gives (0644 and 0755 under
umask 022), as ``open`` and ``mkdir`` would: the temporary files behind an atomic write would
otherwise be 0600 (``tempfile``'s default), and a web server or a colleague could not read a release.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_UMASK_LINE = re.compile(rb"^Umask:\s*([0-7]+)", re.MULTILINE)


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


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), file_mode())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically unless the file already holds exactly ``data``; return whether it wrote."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    atomic_write_bytes(path, data)
    return True
