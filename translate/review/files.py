"""Review files by their suffix (XLIFF, DOCX, or an OmegaT project): reading them, and writing them without losing
a translator's work.

Exporting again to the same path is common (a re-run, a new export after more machine translation),
and the file there may be one a translator has been editing. Each written file's SHA-256 is recorded
in ``.translate/exports.json``; a file still holding exactly those bytes was not touched and is
replaced. Any other file at the path is read as a review file and checked as an import would be,
without applying anything: if it holds edits the store does not have (or conflicting ones), or units an
import refuses as they stand (a broken tag, a row moved to another ID: the translator's work is in them,
to be fixed and imported), the export is refused, naming them, unless ``overwrite``.

An OmegaT project (a folder and its ``.omt`` package, :mod:`translate.review.omegat`) is checked the same
way: where its ``omegat/project_save.tmx`` holds work an import would still apply, the export is refused.
Otherwise the project is brought up to date in place (the translator's own files, such as their glossary, are
kept): our files rewritten, ``source/`` files of articles no longer exported removed (an XLIFF of the
translator's own stays), and the translations OmegaT kept moved to ``tm/translate-earlier-work.tmx`` (folder and
package), with the ``target/`` files made from them removed, so that the next import reads only the new round's
work. They are in the store by then, but for those whose English changed since the export (stale, not
imported): OmegaT offers them as fuzzy matches for the new sentences.

Review files are bounded (:mod:`translate.review.limits`): a file over the limit is refused before it
is read, and an export that would make one is refused too, since it could not come back.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

from translate.errors import ReviewError, TranslateError
from translate.fsutil import atomic_write_text, check_folder, dir_mode, make_temp_dir, read_bounded, write_if_changed
from translate.model import Glossary, ParsedReview, ReviewPackage
from translate.review.apply import APPLIED, ImportReport, Outcome, import_review
from translate.review.docx import export_review_docx
from translate.review.docx_read import import_review_docx
from translate.review.limits import MAX_DOCX_EXPANDED_BYTES, MAX_FILE_BYTES, size
from translate.review.omegat import (
    EARLIER,
    FOLDERS,
    PROJECT,
    SAVED,
    SOURCE,
    TARGET,
    check_package_limits,
    export_omegat_project,
    pack_omt,
)
from translate.review.omegat_read import is_omegat_project, project_around, read_omegat_project
from translate.review.xliff import export_xliff, import_xliff
from translate.store import Store

_FORMATS = {".xlf": "xliff", ".xliff": "xliff", ".docx": "docx"}
_UNIMPORTED = APPLIED | {Outcome.CONFLICT, Outcome.INVALID}


def read_review_file(data: bytes, *, path: Path) -> ParsedReview:
    """The units of a review file, XLIFF or DOCX by its suffix (ReviewError for any other suffix)."""
    kind = _kind(path)
    return import_xliff(data, path=path) if kind == "xliff" else import_review_docx(data, path=path)


def load_review_file(path: Path) -> ParsedReview:
    """Read the review file at ``path`` (see :func:`read_review_file`): a regular file only (a FIFO or a device
    is refused unread), one too large refused before reading it; or an OmegaT project, a folder or ``.omt``."""
    if is_omegat_project(path):
        return read_omegat_project(path)
    _kind(path)
    data = read_bounded(path, limit=MAX_FILE_BYTES, what="review file", error=ReviewError,
                        hint="export fewer segments per file (--article, --state)")
    return read_review_file(data, path=path)


def _kind(path: Path) -> str:
    kind = _FORMATS.get(path.suffix.lower())
    if kind is None:
        around = project_around(path)
        hint = ("use an .xlf, .xliff, .docx or .omt file, or an OmegaT project's folder" if around is None
                else f"it is part of the OmegaT project {around}{os.sep}: import that")
        raise ReviewError("not a review file", path=path, hint=hint)
    return kind


def write_review_file(
    store: Store, glossary: Glossary, package: ReviewPackage, path: Path, *, records: Path, overwrite: bool = False
) -> bool:
    """Write ``package`` to ``path`` (XLIFF or DOCX by its suffix); return whether the bytes changed.

    ReviewError if the file already there holds work not imported yet (see the module) and not ``overwrite``.
    ``records`` is the JSON file of what was written where.
    """
    kind = _kind(path)
    if path.is_dir():
        raise ReviewError("a folder is where the review file should go", path=path, hint="move it away, or use another --out")
    data = export_xliff(package) if kind == "xliff" else export_review_docx(package)
    _check_importable(data, kind, path)
    written = _read_records(records)
    key = str(path.resolve())
    if path.exists() and not overwrite:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ReviewError("a file is already there and is too large to be a review file", path=path,
                              hint="move it away, or pass --overwrite to replace it")
        current = path.read_bytes()
        if current != data and hashlib.sha256(current).hexdigest() != written.get(key):
            _refuse_unimported(store, glossary, current, path)
    changed = write_if_changed(path, data)
    digest = hashlib.sha256(data).hexdigest()
    if written.get(key) != digest:
        written[key] = digest
        atomic_write_text(records, json.dumps(written, indent=1, sort_keys=True) + "\n")
    return changed


def write_omegat_project(
    store: Store, glossary: Glossary, package: ReviewPackage, folder: Path, *, overwrite: bool = False
) -> bool:
    """Write ``package`` as the OmegaT project ``folder`` and the package ``folder``.omt beside it; return whether
    a byte changed. ReviewError, with nothing written, if either holds work not imported yet (see the module) and
    not ``overwrite``, or if the package would be larger than an import takes (:func:`.omegat.check_package_limits`).
    A ``project_save.tmx`` in ``folder`` becomes ``tm/translate-earlier-work.tmx`` in both."""
    omt = folder.with_name(folder.name + ".omt")
    files = export_omegat_project(package, glossary)
    earlier = _earlier_work(folder)
    if earlier is not None:
        files[EARLIER] = earlier
    check_package_limits(files, path=omt)
    packed = pack_omt(files)
    for name, data in files.items():
        _check_importable(data, "omegat", folder / name)
    _check_importable(packed, "omegat", omt)
    check_folder(folder.parent, what="folder of the OmegaT project")
    if os.path.lexists(folder) and not folder.is_dir():
        raise ReviewError("a file is where the OmegaT project's folder should be", path=folder,
                          hint="move it away, or use another --out")
    if folder.is_dir() and not (folder / PROJECT).exists() and any(folder.iterdir()):
        raise ReviewError("a folder that is not an OmegaT project is where the project should be", path=folder,
                          hint="move it away, or use another --out")
    if omt.is_dir():
        raise ReviewError("a folder is where the project package should be", path=omt,
                          hint="move it away, or use another --out")
    if not overwrite:
        if (folder / SAVED).exists():
            _refuse_unimported_project(store, glossary, folder)
        if omt.exists() and (omt.stat().st_size != len(packed) or omt.read_bytes() != packed):
            _refuse_unimported_project(store, glossary, omt)
    changed = _write_project_folder(folder, files)
    return write_if_changed(omt, packed) or changed


def _write_project_folder(folder: Path, files: dict[str, bytes]) -> bool:
    if not folder.exists():  # a new project appears whole, or not at all
        folder.parent.mkdir(mode=dir_mode(), parents=True, exist_ok=True)
        building = make_temp_dir(folder.parent, prefix=f".{folder.name[:40]}.")
        try:
            _fill(building, files)
            os.rename(building, folder)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        return True
    changed = False
    for old in (folder / SOURCE).glob("*.xlf"):
        if f"{SOURCE}{old.name}" not in files and _exported_by_us(old):
            old.unlink()
            changed = True
    changed = _fill(folder, files) or changed
    saved = folder / SAVED
    if saved.exists():  # imported (or --overwrite): now tm/translate-earlier-work.tmx, out of the next import's way
        saved.unlink()
        changed = True
        for made in (folder / TARGET).glob("*.xlf"):
            made.unlink()
    return changed


def _exported_by_us(path: Path) -> bool:
    """Whether the XLIFF at ``path`` is an article's we exported (a ``<file>`` with ``tr:slug``), not the
    translator's own."""
    try:
        data = read_bounded(path, limit=MAX_FILE_BYTES, what="XLIFF file", error=ReviewError)
        return bool(import_xliff(data, path=path, in_omegat_project=True).package.articles)
    except TranslateError:
        return False


def _earlier_work(folder: Path) -> bytes | None:
    """What goes to ``tm/translate-earlier-work.tmx``: the project's ``project_save.tmx``, else the one there."""
    for name in (SAVED, EARLIER):
        if (folder / name).is_file():
            return read_bounded(folder / name, limit=MAX_FILE_BYTES, what="OmegaT memory", error=ReviewError,
                                hint="move it out of the project, or export fewer segments per project")
    return None


def _fill(folder: Path, files: dict[str, bytes]) -> bool:
    for name in FOLDERS:
        (folder / name).mkdir(mode=dir_mode(), exist_ok=True)
    changed = False
    for name, data in sorted(files.items()):
        changed = write_if_changed(folder / name, data) or changed
    return changed


def _refuse_unimported_project(store: Store, glossary: Glossary, path: Path) -> None:
    try:
        parsed = read_omegat_project(path)
    except TranslateError as error:
        raise ReviewError(f"an OmegaT project is already there and cannot be read back ({error.message})",
                          path=path, hint="move it away, or pass --overwrite to replace it") from None
    report = import_review(store, glossary, parsed, path=path, actor="export check", dry_run=True)
    _refuse_pending(report, path, there="OmegaT project")


def _check_importable(data: bytes, kind: str, path: Path) -> None:
    """ReviewError if an import would refuse ``data`` for its size: a translator's work on it could not come back."""
    expanded = 0
    if kind == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    if len(data) > MAX_FILE_BYTES or expanded > MAX_DOCX_EXPANDED_BYTES:
        shown = size(len(data)) + (f" ({size(expanded)} inflated)" if kind == "docx" else "")
        limit = size(MAX_FILE_BYTES) + (f" ({size(MAX_DOCX_EXPANDED_BYTES)} inflated)" if kind == "docx" else "")
        raise ReviewError(f"the review file would be {shown}, more than the {limit} an import takes",
                          path=path, hint="export fewer segments per file (--article, --state)")


def _refuse_unimported(store: Store, glossary: Glossary, data: bytes, path: Path) -> None:
    """ReviewError if the review file ``data`` holds edits an import would still apply, or report as conflicts or
    invalid units."""
    try:
        report = import_review(store, glossary, read_review_file(data, path=path), path=path, actor="export check",
                               dry_run=True)
    except TranslateError as error:
        raise ReviewError(f"a file is already there and cannot be read as a review file ({error.message})",
                          path=path, hint="move it away, or pass --overwrite to replace it") from None
    _refuse_pending(report, path)


def _refuse_pending(report: ImportReport, path: Path, *, there: str = "file") -> None:
    """ReviewError if the dry run ``report`` has edits to apply, conflicts or units refused as they stand; ``there``
    names what is at ``path`` ("file", "OmegaT project"), and the hint says how to import it."""
    pending = [r for r in report.results if r.outcome in _UNIMPORTED]
    if not pending:
        return
    listing = ", ".join(f"{r.slug}/{r.segment_id}" for r in pending[:5]) + (" …" if len(pending) > 5 else "")
    invalid = sum(1 for r in pending if r.outcome is Outcome.INVALID)
    conflicts = sum(1 for r in pending if r.outcome is Outcome.CONFLICT)
    details = [f"{conflicts} in conflict with the store"] if conflicts else []
    details += [f"{invalid} that an import refuses as they stand"] if invalid else []
    what = f"{len(pending)} edit(s) not imported yet" + (f" ({'; '.join(details)})" if details else "")
    if invalid:
        hint = f"fix and import it first (translate review import {path} says what is wrong)"
    elif conflicts:
        hint = (f"import it first (translate review import {path} shows each conflict; --force applies the "
                f"{there}'s version)")
    else:
        hint = f"import it first (translate review import {path})"
    raise ReviewError(f"the {there} already there holds {what}: {listing}", path=path,
                      hint=f"{hint}, or pass --overwrite to replace it")


def _read_records(records: Path) -> dict[str, str]:
    try:
        found = json.loads(records.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
