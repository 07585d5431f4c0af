"""Check a zip archive (DOCX, .argosmodel) before anything opens it: damage, traversal, bombs.

Nothing is extracted. :func:`check_zip` reads every member once, in bounded chunks, to verify
its CRC, but only after the member list has passed :func:`safe_members`: a bomb is refused by
its declared sizes before a byte of it is inflated, and zipfile never inflates a member past
its declared size.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from translate.errors import ArchiveError

DEFAULT_MAX_TOTAL_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_RATIO = 200
DEFAULT_MAX_MEMBERS = 10_000
# A small member full of repeats compresses far beyond any ratio and is harmless; the ratio
# bound applies to members that expand to more than this.
RATIO_GRACE_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_DAMAGED_HINT = "the file is damaged or was cut short; get a fresh copy"
_UNSAFE_HINT = "refusing to open an archive that could write outside its folder"
_BOMB_HINT = "refusing to inflate it; if the file is genuine, raise the limit"


def check_zip(
    path: Path,
    *,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    max_ratio: float = DEFAULT_MAX_RATIO,
    max_members: int = DEFAULT_MAX_MEMBERS,
) -> list[zipfile.ZipInfo]:
    """Check that ``path`` is an intact, safe zip archive and return its members.

    Raises ArchiveError (with ``path`` and a hint) when it is not a zip archive, is damaged or
    truncated, has a member that is a symbolic link or whose name escapes the archive's
    folder, has more than ``max_members`` members, or is a zip bomb: members expanding to more
    than ``max_total_bytes`` together, or one member expanding more than ``max_ratio`` times.
    """
    path = Path(path)
    if not zipfile.is_zipfile(path):
        with path.open("rb") as handle:
            starts_like_zip = handle.read(len(_ZIP_MAGIC)) == _ZIP_MAGIC
        if starts_like_zip:
            raise ArchiveError(
                "damaged or truncated zip archive (its table of contents is missing)",
                path=path,
                hint=_DAMAGED_HINT,
            )
        raise ArchiveError(
            f"not a zip archive (is it really a {path.suffix or 'zip'}?)",
            path=path,
            hint="check that the file was saved in this format, not renamed",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = safe_members(
                archive,
                path=path,
                max_total_bytes=max_total_bytes,
                max_ratio=max_ratio,
                max_members=max_members,
            )
            for info in members:
                _verify(archive, info, path)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ArchiveError(
            f"damaged or truncated zip archive: {exc}", path=path, hint=_DAMAGED_HINT
        ) from exc
    return members


def safe_members(
    archive: zipfile.ZipFile,
    *,
    path: Path,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    max_ratio: float = DEFAULT_MAX_RATIO,
    max_members: int = DEFAULT_MAX_MEMBERS,
) -> list[zipfile.ZipInfo]:
    """The members of an open archive, checked by their names and declared sizes only.

    Raises ArchiveError as :func:`check_zip` does, except for damage inside member data;
    extraction code should extract only the members this returns.
    """
    members = archive.infolist()
    if len(members) > max_members:
        raise ArchiveError(
            f"too many members in zip archive: {len(members)} (limit {max_members})",
            path=path,
            hint=_BOMB_HINT,
        )
    total = 0
    for info in members:
        if _unsafe_name(info.filename):
            raise ArchiveError(
                f"unsafe member name {info.filename!r} in zip archive", path=path, hint=_UNSAFE_HINT
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ArchiveError(
                f"member {info.filename!r} of the zip archive is a symbolic link",
                path=path,
                hint=_UNSAFE_HINT,
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_GRACE_BYTES and ratio > max_ratio:
            raise ArchiveError(
                f"zip bomb: member {info.filename!r} expands {ratio:.0f} times"
                f" (limit {max_ratio:g})",
                path=path,
                hint=_BOMB_HINT,
            )
        total += info.file_size
        if total > max_total_bytes:
            raise ArchiveError(
                f"zip bomb: members expand to more than {max_total_bytes} bytes",
                path=path,
                hint=_BOMB_HINT,
            )
    return members


def _unsafe_name(name: str) -> bool:
    """Whether extracting a member of this name could write outside the target folder."""
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):  # /abs, C:\abs, C:rel
        return True
    return ".." in PurePosixPath(posix).parts


def _verify(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """Read one member through, in bounded chunks, so zipfile checks its CRC."""
    try:
        with archive.open(info) as member:
            while member.read(_CHUNK):
                pass
    except RuntimeError as exc:  # zipfile's way of saying "password required"
        raise ArchiveError(
            f"member {info.filename!r} of the zip archive is encrypted",
            path=path,
            hint="save the file again without a password",
        ) from exc
    except NotImplementedError as exc:
        raise ArchiveError(
            f"member {info.filename!r} uses an unsupported compression method",
            path=path,
            hint="save the file again with ordinary (deflate) compression",
        ) from exc
