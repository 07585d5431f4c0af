"""The release folder on disk: checked before a publish, repaired after an interrupted one, replaced in two renames.

How a release folder is replaced, and what an interrupted publish leaves, is told in :mod:`translate.release`.
Every function here raises ReleaseError with the path and what to do, except :func:`replace_folder`,
whose OSError the caller reports.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shlex
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from translate.errors import ReleaseError
from translate.fsutil import make_temp_dir

logger = logging.getLogger(__name__)


def reason(error: OSError) -> str:
    """What went wrong, in the system's words ("No space left on device")."""
    return error.strerror or str(error)


def check_release_folder(folder: Path) -> None:
    """The release folder is a folder or nothing: a publish replaces it as a whole."""
    if folder.is_symlink():
        raise ReleaseError(
            "the release folder is a symbolic link: publishing replaces the folder as a whole, link and all",
            path=folder, hint="remove the link (what it points to stays) or publish under another --release;"
                              " to serve a release from elsewhere, make a link there that points to this folder",
        )
    if os.path.lexists(folder) and not folder.is_dir():
        raise ReleaseError("a file is where the release folder goes", path=folder,
                           hint="move it away or delete it, then publish again")


@contextmanager
def locked(path: Path, name: str) -> Iterator[None]:
    """Hold the release's lock: a second publish of it meanwhile would take this one's folders for leftovers."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        raise ReleaseError(f"cannot create the release's lock file: {reason(error)}", path=path,
                           hint="check that .translate/ is a folder you may write in, with space left") from error
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReleaseError(f"another publish of release {name!r} is running in this workspace", path=path,
                               hint="run this again when it has finished") from None
        yield
    finally:
        os.close(handle)  # which releases the lock


def _backup(folder: Path) -> Path:
    return folder.with_name(f".{folder.name}.previous")


def _leftover(name: str) -> re.Pattern[str]:
    """Names of what a killed publish of release ``name`` leaves in outputs/releases/ and .translate/releases/:
    staging folders (``.NAME.staging-*``; ``.NAME.XXXXXXXX`` left by earlier versions) and render-cache
    temporary files (``.NAME.json.*.tmp``). No other release's files match: release names never start
    with a dot, and a name's own dots would show up in the random part."""
    return re.compile(rf"\.{re.escape(name)}\.(?:staging-[a-z0-9_]+|(?!previous$)[a-z0-9_]{{8}}|json\.[a-z0-9_]+\.tmp)")


def repair(folder: Path, state: Path) -> None:
    """Put back or delete what an interrupted publish of this release left (see the module docstring)."""
    backup = _backup(folder)
    leftovers: list[Path] = []
    if os.path.lexists(backup):
        if os.path.lexists(folder):
            leftovers.append(backup)  # it stopped after its renames: this is the release it replaced
        elif backup.is_symlink() or not backup.is_dir():
            # No publish moves anything but a real folder aside: this is no release (a file, or a link that
            # stood where the release folder is now). Put back, it would only be refused as the release folder.
            logger.warning("%s: %s, not a folder: no release to put back; deleting %s", backup,
                           *(("a symbolic link", "the link (not what it points to)") if backup.is_symlink()
                             else ("a file", "it")))
            leftovers.append(backup)
        else:
            try:
                os.rename(backup, folder)  # it stopped between them: the previous release goes back
            except OSError as error:
                raise ReleaseError(f"cannot put back the previous release: {reason(error)}", path=backup,
                                   hint=f"rename it to {folder.name} by hand, then publish again") from error
            logger.info("%s: put back the release an interrupted publish had moved aside", folder)
    pattern = _leftover(folder.name)
    for parent in (folder.parent, state):
        if parent.is_dir():
            leftovers.extend(sorted(path for path in parent.iterdir() if pattern.fullmatch(path.name)))
    for path in leftovers:
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()  # a link goes, not what it points to
        except OSError as error:
            raise ReleaseError(f"cannot delete what an interrupted publish left: {reason(error)}", path=path,
                               hint=f"delete it by hand (rm -r {shlex.quote(str(path))}), then publish again") from error


def _release_files(folder: Path) -> dict[str, Path]:
    """The files of the release in ``folder`` by path in it (links are not a release's own: not followed)."""
    if not folder.is_dir():
        return {}
    return {path.relative_to(folder).as_posix(): path for path in folder.rglob("*")
            if path.is_file() and not path.is_symlink()}


def replace_folder(folder: Path, files: dict[str, bytes]) -> tuple[list[str], int, list[str]]:
    """Make ``folder`` hold exactly ``files``: nothing rewritten if nothing changed, else a new folder in its
    place (two renames: see the module docstring). OSError with the previous release as it was."""
    old = _release_files(folder)
    changed = [path for path, data in sorted(files.items()) if path not in old or old[path].read_bytes() != data]
    removed = sorted(set(old) - set(files))
    if not changed and not removed:
        return [], len(files), []
    rewritten = set(changed)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = make_temp_dir(folder.parent, prefix=f".{folder.name}.staging-")
    backup = _backup(folder)
    try:
        for path, data in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if path in rewritten:
                target.write_bytes(data)
            else:
                os.link(old[path], target)  # unchanged: the same file, not rewritten
        if os.path.lexists(folder):
            os.rename(folder, backup)
        try:
            os.rename(staging, folder)
        except BaseException:
            if os.path.lexists(backup) and not os.path.lexists(folder):
                os.rename(backup, folder)
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        if os.path.lexists(backup):
            shutil.rmtree(backup)
    except OSError as error:  # the new release is in place; the next publish deletes it
        logger.warning("%s: not deleted (%s)", backup, reason(error))
    return changed, len(files) - len(changed), removed
