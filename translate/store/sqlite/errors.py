"""What a failure of SQLite means for the user of the segment store, as one StoreError line with its advice.

A busy store (another command writing), a read-only one (which file or folder to fix: its translations
are intact, so never "move it aside"), a full disk (nothing was changed), an I/O error, and only for
a damaged file the advice to move it aside.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from translate.errors import StoreError


def _busy_error(path: Path) -> StoreError:
    return StoreError("the store is busy: another translate command is writing to it", path=path,
                      hint="run this again when the other command has finished")


def store_error(error: sqlite3.Error, path: Path) -> StoreError:
    """What a failure of SQLite means for the user: busy, read-only, full, or damaged (each its own advice)."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return _busy_error(path)
    blocked = [p for p in (path, path.parent) if p.exists() and not os.access(p, os.W_OK)]
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM) or (code == sqlite3.SQLITE_CANTOPEN and blocked):
        what = " and ".join(("the file" if p == path else f"its folder {p}") for p in blocked)
        return StoreError(f"the store cannot be written: {what or 'the file or its folder'} is read-only ({error})",
                          path=path, hint="fix the permissions (both must be writable by you), then run again; "
                                          "the translations in it are intact")
    if code == sqlite3.SQLITE_CANTOPEN:
        return StoreError(f"cannot open the segment store: {error}", path=path,
                          hint="check that the path is a file you may write")
    if code == sqlite3.SQLITE_FULL or (code == sqlite3.SQLITE_IOERR and _no_space(path.parent)):
        return StoreError("the disk holding the store is full: nothing was changed", path=path,
                          hint="free some space, then run the command again")
    if code == sqlite3.SQLITE_IOERR:
        return StoreError(f"cannot read or write the store: {error}", path=path,
                          hint="check the disk and the folder, then run again")
    return StoreError(f"cannot open the segment store: {error}", path=path,
                      hint="if the file is damaged, move it aside and run again (translations in it are lost)")


def _no_space(folder: Path) -> bool:
    """Whether the file system holding ``folder`` is full (SQLite reports a failed WAL write as an I/O error)."""
    try:
        return os.statvfs(folder).f_bavail == 0
    except OSError:
        return False
