"""The workspace lock: one writing command at a time per workspace.

Two ``translate run``s on one workspace would both translate everything (a second revision and a
second machine history row per segment), and a publish or an import could interleave with them.
Every command that writes the workspace holds an exclusive ``flock`` on ``.translate/lock`` while
it writes; a second one **waits** for the first to finish (the caller is told once, with who holds
it: pid, command, since when), then goes on and finds the first one's work done. Waiting, rather
than failing, keeps scripts and cron jobs that overlap working. ``wait=False`` raises
WorkspaceLocked instead. Reading commands take no lock (SQLite lets them read while a command writes).

The kernel releases the lock when its holder exits, however it exits (kill -9 included), so a lock
is never stale; the holder's description in the file is only read while the file is locked.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone

from translate.config import Workspace
from translate.errors import WorkspaceLocked
from translate.fsutil import check_folder, os_error

LOCK_NAME = "lock"


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds the workspace lock, as it wrote itself into the lock file."""

    pid: int | None
    command: str
    since: str

    def describe(self) -> str:
        if self.pid is None:
            return "another translate command"
        return f"{self.command} (pid {self.pid}, since {self.since})"


@contextmanager
def workspace_lock(
    workspace: Workspace,
    *,
    command: str,
    wait: bool = True,
    on_wait: Callable[[LockHolder], None] | None = None,
) -> Iterator[None]:
    """Hold the workspace's lock for the ``with`` block; ``command`` says who holds it (shown to a waiter).

    When another process holds it: ``on_wait(holder)`` is called once and the lock waited for, or,
    with ``wait=False``, WorkspaceLocked names the holder. Creates ``.translate/`` if needed.
    WorkspaceError if ``.translate/`` cannot be written. Not reentrant: take it once per command.
    """
    path = workspace.state_dir / LOCK_NAME
    check_folder(workspace.state_dir, what="state folder .translate")
    try:
        workspace.state_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)  # mode under the umask, like open()
    except OSError as error:
        raise os_error(error, doing="create the workspace lock", path=path) from error
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            if not wait:
                raise WorkspaceLocked(f"the workspace is in use by {holder.describe()}", path=workspace.root,
                                      hint="run this again when it has finished") from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        _write_holder(fd, command)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # still holding it: nobody reads a finished command as the holder
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _write_holder(fd: int, command: str) -> None:
    since = datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")
    data = json.dumps({"pid": os.getpid(), "command": command[:500], "since": since}).encode("utf-8")
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
    except OSError:
        pass  # a full disk: the lock holds all the same, a waiter just cannot say by whom


def _read_holder(fd: int) -> LockHolder:
    try:
        data = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
        return LockHolder(int(data["pid"]), str(data["command"])[:200], str(data["since"])[:40])
    except (OSError, ValueError, KeyError, TypeError):
        return LockHolder(None, "", "")  # it has only just taken the lock
