"""The files of a glossary folder, read once; one that cannot be read is a problem, never skipped.

A glossary file that is left out leaves its terms unenforced without a word, so everything that
stands where the glossary or one of its files should be and cannot be read as one (a dangling
link, a link loop, a folder or a FIFO named ``*.yaml``, a file without read permission, a
``glossary`` that is a file) is reported like any other mistake in the glossary. Only a folder
that does not exist at all gives an empty glossary.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from translate.errors import GlossaryError, brief
from translate.fsutil import read_bounded

SUFFIXES = (".yaml", ".yml")
"""Glossary file suffixes, in any case (``.YAML`` too: some editors and systems write it so)."""
MAX_FILE_BYTES = 16 * 1024 * 1024
"""One glossary file: some 20,000 concepts in eleven languages, more than a newsroom keeps in one file."""
_UNENFORCED = "until then its terms go unenforced"


@dataclass(frozen=True, slots=True)
class GlossaryFile:
    """One glossary file's path and bytes."""

    path: Path
    data: bytes


def read_folder(folder: Path, problems: list[GlossaryError]) -> list[GlossaryFile]:
    """The ``*.yaml``/``*.yml`` files (suffix in any case) directly in ``folder`` in name order, hidden ones left out.

    Whatever cannot be read is added to ``problems`` (and left out); a missing folder gives no files.
    """
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return []  # no glossary yet: an empty one, which callers warn about
    except OSError as error:
        problems.append(GlossaryError(f"cannot read the glossary folder: {error.strerror}", path=folder,
                                      hint=f"check the path and its permissions; {_UNENFORCED}"))
        return []
    if stat.S_ISLNK(info.st_mode):
        try:
            info = folder.stat()
        except OSError as error:
            problems.append(GlossaryError(f"the glossary folder is {_broken_link(folder, error)}", path=folder,
                                          hint=f"point the link at the glossary folder, or remove it; {_UNENFORCED}"))
            return []
    if not stat.S_ISDIR(info.st_mode):
        problems.append(GlossaryError(
            f"the glossary must be a folder of YAML files; this is {_kind(info.st_mode)}", path=folder,
            hint=f"move it aside and make {folder.name}/ a folder; {_UNENFORCED}"))
        return []
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries)
    except OSError as error:
        problems.append(GlossaryError(f"cannot list the glossary folder: {error.strerror}", path=folder,
                                      hint=f"check its permissions; {_UNENFORCED}"))
        return []
    files = []
    for name in names:
        path = folder / name
        if not is_glossary_name(name):
            continue
        try:
            files.append(GlossaryFile(path, _read(path)))
        except GlossaryError as error:
            problems.append(error)
    return files


def is_glossary_name(name: str) -> bool:
    """Whether a file called ``name`` in the glossary folder is one of its files (not hidden, a YAML suffix)."""
    return not name.startswith(".") and name.lower().endswith(SUFFIXES)


def _read(path: Path) -> bytes:
    """The bytes of the glossary file ``path``; GlossaryError saying why it is not a readable file."""
    try:
        return read_bounded(path, limit=MAX_FILE_BYTES, what="glossary file", error=GlossaryError,
                            hint="split it into several files")
    except GlossaryError as error:
        hint = ("glossary files are read from the glossary folder itself, not from folders in it: rename it"
                if path.is_dir() else error.hint)
        raise GlossaryError(error.message, path=path, hint=f"{hint}; {_UNENFORCED}") from None


def _broken_link(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "a symbolic link loop (a link that leads back to itself)"
    try:
        target = brief(os.readlink(path))
    except OSError:  # not a link after all: it went away while we read the folder
        return f"gone ({error.strerror})"
    if error.errno == errno.ENOENT:
        return f"a dangling symbolic link (to {target}, which does not exist)"
    return f"a symbolic link to {target} that cannot be followed ({error.strerror})"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"
