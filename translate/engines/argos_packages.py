"""argostranslate packages from .argosmodel files: inspect, install, list, remove, download; their metadata.

A package is a zip holding one folder: ``metadata.json``, ``model/`` (a CTranslate2 model), a
tokenizer and, ideally, a sentence splitter. argostranslate's own installer extracts any zip
blindly; here a file is validated first, only its checked members are written, into a scratch
folder inside the model folder, and the result is renamed into place, so the model folder holds
complete packages only. argostranslate is never imported (its import reads the environment and
creates folders): installed packages are found by their ``metadata.json``.
"""

from __future__ import annotations

import errno
import http.client
import json
import logging
import os
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from translate.config import normalize_language
from translate.errors import ArchiveError, LanguageError, ModelError, ModelNotInstalled
from translate.fsutil import make_temp_dir, read_bounded
from translate.safezip import DEFAULT_MAX_MEMBERS, DEFAULT_MAX_RATIO, check_zip, safe_members

logger = logging.getLogger(__name__)

ARGOS_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
"""argostranslate.settings.remote_package_index under its default settings."""
DEFAULT_MAX_TOTAL_BYTES = 2 * 1024**3
INSTALL_HINT = "install one with `translate models install FILE.argosmodel`"
OFFLINE_HINT = "download the .argosmodel on a connected machine and run `translate models install FILE.argosmodel`"
SCRATCH_PREFIX = ".models-tmp-"
# argostranslate lists every folder in its packages dir and needs a metadata.json in each; this
# one (type is not "translate") makes it skip our scratch folders instead of failing on them.
_SCRATCH_METADATA = b'{"type": "incomplete-install", "note": "scratch folder of translate models"}\n'
_STALE_SECONDS = 3600
_ARGOS_CODES = {"zt": "zh", "pb": "pt-BR"}  # argostranslate's own codes: Traditional Chinese, Brazilian Portuguese
_CHUNK = 1024 * 1024
MAX_METADATA_BYTES = 256 * 1024
"""A package's metadata.json is a few hundred bytes; this bound keeps a hostile one (every command
reads every installed package's) from costing memory and time."""
_NETWORK_ERRORS = (urllib.error.URLError, OSError, http.client.HTTPException)


@dataclass(frozen=True, slots=True)
class PackageInfo:
    """What an .argosmodel file holds, checked without extracting it."""

    path: Path
    top: str
    from_code: str
    to_code: str
    version: str
    name: str
    size: int
    """Uncompressed bytes."""
    splitter: str | None
    """"minisbd", "stanza", "spacy", or None when the package bundles no sentence splitter."""
    warnings: tuple[str, ...] = ()

    @property
    def pair(self) -> str:
        return f"{self.from_code}->{self.to_code}"


@dataclass(frozen=True, slots=True)
class InstalledPackage:
    """A package unpacked in the model folder."""

    path: Path
    from_code: str
    to_code: str
    version: str
    name: str
    size: int
    """Bytes on disk."""
    splitter: str | None

    @property
    def pair(self) -> str:
        return f"{self.from_code}->{self.to_code}"


def inspect_package(
    path: Path,
    *,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    max_ratio: float = DEFAULT_MAX_RATIO,
    max_members: int = DEFAULT_MAX_MEMBERS,
) -> PackageInfo:
    """Validate an .argosmodel file before anything is installed; ModelError names what is wrong.

    Checks that it is an intact zip that cannot write outside its folder nor expand past the
    bounds (see translate.safezip), with one top folder holding a metadata.json (from_code and
    to_code known languages, type "translate"), a CTranslate2 model in model/ and a tokenizer.
    A package without a bundled splitter is valid but gets a warning: its first translation
    would try to download one.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelError("no such file" if not path.exists() else "not a file", path=path,
                         hint="give the path of an .argosmodel file")
    try:
        members = check_zip(path, max_total_bytes=max_total_bytes, max_ratio=max_ratio, max_members=max_members)
    except ArchiveError as error:
        raise ModelError(error.message, path=path, hint=error.hint) from error
    top = _top_folder(members, path)
    files = {"/".join(_parts(m)[1:]): m for m in members if not m.is_dir() and len(_parts(m)) > 1}
    incomplete = "this is not a complete argostranslate package; get a fresh copy"
    if "metadata.json" not in files:
        raise ModelError(f"{top}/metadata.json is missing", path=path, hint=incomplete)
    if files["metadata.json"].file_size > MAX_METADATA_BYTES:
        raise _metadata_too_large(f"{top}/metadata.json", files["metadata.json"].file_size, path, incomplete)
    with zipfile.ZipFile(path) as archive, archive.open(files["metadata.json"]) as member:
        raw = member.read(MAX_METADATA_BYTES + 1)  # the size in the zip's directory may lie
    if len(raw) > MAX_METADATA_BYTES:
        raise _metadata_too_large(f"{top}/metadata.json", len(raw), path, incomplete)
    metadata = _parse_metadata(raw, f"{top}/metadata.json", path)
    if not any(name.startswith("model/") for name in files):
        raise ModelError(f"{top}/model/ is missing (the CTranslate2 model)", path=path, hint=incomplete)
    if "model/model.bin" not in files:
        raise ModelError(f"{top}/model/ holds no CTranslate2 model (model/model.bin)", path=path, hint=incomplete)
    if "sentencepiece.model" not in files and "bpe.model" not in files:
        raise ModelError(f"{top} has no tokenizer (sentencepiece.model or bpe.model)", path=path, hint=incomplete)
    splitter, warnings = _splitter(set(files))
    return PackageInfo(
        path=path, top=top, from_code=metadata["from_code"], to_code=metadata["to_code"],
        version=str(metadata.get("package_version", "0")), name=str(metadata.get("package_name") or top),
        size=sum(m.file_size for m in members), splitter=splitter, warnings=tuple(warnings),
    )


def install_package(
    path: Path,
    models_dir: Path,
    *,
    upgrade: bool = False,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
    max_ratio: float = DEFAULT_MAX_RATIO,
    max_members: int = DEFAULT_MAX_MEMBERS,
) -> InstalledPackage:
    """Inspect an .argosmodel file, then unpack it atomically into ``models_dir/<top folder>``.

    A second package for an installed pair is refused unless ``upgrade``, which replaces the
    installed one. Only the checked members are written, into a scratch folder in
    ``models_dir``, then renamed into place: an interrupted install leaves the old package (or
    none), never part of the new one.
    """
    path = Path(path)
    limits = {"max_total_bytes": max_total_bytes, "max_ratio": max_ratio, "max_members": max_members}
    info = inspect_package(path, **limits)
    models_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_scratch(models_dir)
    same_pair = [p for p in list_packages(models_dir) if (p.from_code, p.to_code) == (info.from_code, info.to_code)]
    if same_pair and not upgrade:
        raise ModelError(f"{info.pair} is already installed (version {same_pair[0].version} at {same_pair[0].path})",
                         path=path, hint="use --upgrade to replace it")
    replaced = [p.path for p in same_pair]
    dest = models_dir / info.top
    if (dest.exists() or dest.is_symlink()) and dest not in replaced:
        raise ModelError(f"{dest} already exists and is not an installed {info.pair} package", path=path,
                         hint="move it out of the model folder, or remove it with `translate models remove`")
    scratch = _scratch(models_dir)
    keep_scratch = False
    try:
        staged = _extract(path, info, scratch, limits)
        aside = scratch / ".replaced"
        aside.mkdir()
        try:
            if dest in replaced:
                os.rename(dest, aside / "0")
            os.rename(staged, dest)
        except BaseException:
            if dest in replaced and not dest.exists():
                try:
                    os.rename(aside / "0", dest)
                except OSError:
                    keep_scratch = True  # the old package is only there now: never delete it
                    logger.error("the previous %s package is left in %s: move it back by hand", info.pair, aside / "0")
            raise
        for index, old_path in enumerate((p for p in replaced if p != dest), start=1):
            os.rename(old_path, aside / str(index))
    except OSError as error:
        raise ModelError(f"cannot install {info.pair} into {models_dir}: {error}", path=path,
                         hint="check the free disk space and the folder's permissions") from error
    finally:
        if not keep_scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    installed = _read_installed(dest)
    assert installed is not None  # its metadata.json was validated before unpacking
    return installed


def list_packages(models_dir: Path) -> list[InstalledPackage]:
    """The translation packages unpacked in ``models_dir``, sorted by pair (reads metadata.json only).

    ModelError naming a package whose metadata.json is too large (see MAX_METADATA_BYTES) or not a regular file.
    """
    packages, oversized = _scan(models_dir)
    if oversized:
        raise next(iter(oversized.values()))
    return packages


def _scan(models_dir: Path) -> tuple[list[InstalledPackage], dict[Path, ModelError]]:
    """The packages in ``models_dir``, and the folders whose metadata.json is too large or not a regular file,
    with their error."""
    if not models_dir.is_dir():
        return [], {}
    found = []
    oversized: dict[Path, ModelError] = {}
    for folder in sorted(models_dir.iterdir()):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        try:
            package = _read_installed(folder)
        except ModelError as error:
            oversized[folder] = error
            continue
        if package is not None:
            found.append(package)
    return sorted(found, key=lambda p: (p.from_code, p.to_code, p.version, p.path.name)), oversized


def remove_package(models_dir: Path, pair_or_name: str) -> InstalledPackage:
    """Remove the package for a pair ("en-es", "en->es") or with that folder name; return it.

    A package whose metadata.json is too large to read, or not a regular file, is removed by its folder name.
    """
    key = pair_or_name.strip().lower()
    installed, oversized = _scan(models_dir)
    matches = [p for p in installed
               if key in {f"{p.from_code}-{p.to_code}".lower(), p.pair.lower(), p.path.name.lower()}]
    matches += [InstalledPackage(folder, "?", "?", "?", folder.name, 0, None)
                for folder in oversized if folder.name.lower() == key]
    if not matches:
        have = ", ".join([f"{p.pair} ({p.path.name})" for p in installed] + [f.name for f in oversized]) or "none"
        raise ModelNotInstalled(f"no package {pair_or_name!r} is installed in {models_dir}; installed: {have}",
                                hint=INSTALL_HINT)
    if len(matches) > 1:
        raise ModelError(f"{pair_or_name!r} matches {len(matches)} packages: "
                         + ", ".join(p.path.name for p in matches), hint="name the folder to remove")
    scratch = _scratch(models_dir)
    try:
        os.rename(matches[0].path, scratch / "removed")
    except OSError as error:
        raise ModelError(f"cannot remove {matches[0].path}: {error}", hint="check the folder's permissions") from error
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return matches[0]


def download_package(
    src: str,
    tgt: str,
    models_dir: Path,
    *,
    index_url: str = ARGOS_INDEX_URL,
    timeout: float = 10,
    upgrade: bool = False,
) -> InstalledPackage:
    """Fetch the package for ``src``->``tgt`` named by the argos index and install it.

    Only for a connected machine: any network failure is a ModelError saying so, with how to
    install from a file instead (argostranslate's own index functions recurse when offline).
    """
    for code in (src, tgt):
        normalize_language(_ARGOS_CODES.get(code, code))
    try:
        with urllib.request.urlopen(index_url, timeout=timeout) as response:
            index = json.loads(response.read())
    except _NETWORK_ERRORS as error:
        reason = getattr(error, "reason", None) or error
        raise ModelError(f"offline: cannot reach the argos package index {index_url} ({reason})",
                         hint=OFFLINE_HINT) from error
    except ValueError as error:
        raise ModelError(f"the argos package index {index_url} is not valid JSON: {error}",
                         hint=OFFLINE_HINT) from error
    entry = _index_entry(index if isinstance(index, list) else [], src, tgt, index_url)
    links = [link for link in entry.get("links", [])
             if isinstance(link, str) and link.startswith(("https://", "http://"))]
    if not links:
        raise ModelError(f"the argos package index lists no download link for {src}->{tgt}", hint=OFFLINE_HINT)
    models_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=SCRATCH_PREFIX, suffix=".argosmodel", dir=models_dir)
    try:
        with os.fdopen(fd, "wb") as sink:
            _download(links, sink, timeout)
        return install_package(Path(name), models_dir, upgrade=upgrade)
    finally:
        Path(name).unlink(missing_ok=True)


def _parts(member: zipfile.ZipInfo) -> tuple[str, ...]:
    return PurePosixPath(member.filename).parts


def _top_folder(members: list[zipfile.ZipInfo], path: Path) -> str:
    hint = "an .argosmodel holds exactly one folder (metadata.json, model/, sentencepiece.model); get a fresh copy"
    tops = sorted({_parts(m)[0] for m in members if _parts(m)})
    if len(tops) != 1:
        shown = ", ".join(tops[:5]) + (" …" if len(tops) > 5 else "")
        raise ModelError(f"expected exactly one top folder, found {len(tops)}" + (f": {shown}" if tops else ""),
                         path=path, hint=hint)
    if any(len(_parts(m)) == 1 and not m.is_dir() for m in members) or tops[0].startswith("."):
        raise ModelError(f"{tops[0]!r} at the top of the archive is not a package folder", path=path, hint=hint)
    return tops[0]


def _metadata_too_large(where: str, size: int, path: Path, hint: str) -> ModelError:
    return ModelError(f"{where} is {size:,} bytes, more than a package's metadata may be ({MAX_METADATA_BYTES:,})",
                      path=path, hint=hint)


def _parse_metadata(raw: bytes, where: str, path: Path) -> dict[str, Any]:
    hint = 'it needs at least {"type": "translate", "from_code": "en", "to_code": "es", "package_version": "1.0"}'
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ModelError(f"{where} is not UTF-8 text", path=path, hint=hint) from error
    except json.JSONDecodeError as error:
        raise ModelError(f"{where} is not valid JSON: {error.msg} at line {error.lineno}", path=path,
                         hint=hint) from error
    if not isinstance(data, dict):
        raise ModelError(f"{where} must hold a JSON object", path=path, hint=hint)
    kind = data.get("type", "translate")
    if kind != "translate":
        raise ModelError(f"{where}: type is {kind!r}, not a translation package", path=path,
                         hint='only packages of type "translate" can be installed')
    for key in ("from_code", "to_code"):
        code = data.get(key)
        if not isinstance(code, str) or not code.strip():
            raise ModelError(f"{where} has no {key}", path=path, hint=hint)
        try:
            normalize_language(_ARGOS_CODES.get(code, code))
        except LanguageError as error:
            raise ModelError(f"{where}: {key} {code!r} is not a known language code", path=path,
                             hint=error.hint) from error
    return data


def _splitter(files: set[str]) -> tuple[str | None, list[str]]:
    """Which sentence splitter argostranslate would find in a package, and what to warn about."""
    offline = "which fails offline"
    if any(f.startswith("minisbd/") and f.endswith(".onnx") for f in files):
        return "minisbd", []
    if any(f.startswith("minisbd/") for f in files):
        return None, [f"minisbd/ holds no .onnx model: the first translation would try to download one, {offline}"]
    if any(f.startswith("stanza/") for f in files):
        return "stanza", ["bundles a stanza splitter, whose first use looks up stanza's resources.json online, "
                          + offline]
    if any(f.startswith("spacy/") for f in files):
        return "spacy", ["bundles only a spaCy splitter, used only with ARGOS_CHUNK_TYPE=SPACY; otherwise the first "
                         f"translation would try to download a MiniSBD splitter, {offline}"]
    return None, ["no bundled sentence splitter (minisbd/*.onnx): the first translation would try to download one, "
                  + offline]


def _scratch(models_dir: Path) -> Path:
    scratch = make_temp_dir(models_dir, prefix=SCRATCH_PREFIX)
    (scratch / "metadata.json").write_bytes(_SCRATCH_METADATA)
    return scratch


def _remove_stale_scratch(models_dir: Path) -> None:
    """Remove scratch left by an install killed over an hour ago (a recent one may still be running)."""
    cutoff = time.time() - _STALE_SECONDS
    for entry in models_dir.glob(SCRATCH_PREFIX + "*"):
        try:
            if entry.lstat().st_mtime < cutoff:
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        except OSError as error:
            logger.warning("cannot remove stale %s: %s", entry, error)


def _extract(path: Path, info: PackageInfo, scratch: Path, limits: dict[str, Any]) -> Path:
    """Write the checked members of ``path`` under ``scratch``; return the unpacked top folder."""
    root = scratch.resolve()
    try:
        with zipfile.ZipFile(path) as archive:
            members = safe_members(archive, path=path, **limits)
            if {_parts(m)[0] for m in members if _parts(m)} != {info.top}:
                raise ModelError("the file changed while it was being installed", path=path, hint="try again")
            for member in members:
                target = root.joinpath(*_parts(member))
                if not target.resolve().is_relative_to(root / info.top):
                    raise ModelError(f"unsafe member name {member.filename!r}", path=path,
                                     hint="refusing to write outside the model folder")
                if member.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, target.open("wb") as sink:
                    shutil.copyfileobj(source, sink, _CHUNK)
    except ArchiveError as error:
        raise ModelError(error.message, path=path, hint=error.hint) from error
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise ModelError(f"damaged zip archive: {error}", path=path, hint="get a fresh copy") from error
    return root / info.top


def read_installed_metadata(folder: Path) -> bytes:
    """The bytes of an installed package's metadata.json; ModelError naming the package if it is too large or
    not a regular file (a FIFO would hang every command, ``/dev/zero`` never end).

    FileNotFoundError if the folder has none.
    """
    path = folder / "metadata.json"
    if not os.path.lexists(path):
        raise FileNotFoundError(errno.ENOENT, "no metadata.json", str(path))
    try:
        return read_bounded(path, limit=MAX_METADATA_BYTES, what=f"installed package {folder.name}: metadata.json",
                            error=ModelError)
    except ModelError as error:
        raise ModelError(error.message, path=path, hint=f"remove the package (translate models remove "
                         f"{folder.name}) and install a good copy") from None


@dataclass(frozen=True, slots=True)
class PackageMetadata:
    """What an installed package's metadata.json says: its pair, version and name."""

    folder: Path
    from_code: str
    to_code: str
    version: str
    name: str


def read_metadata(folder: Path) -> PackageMetadata | None:
    """The metadata of the translation package unpacked in ``folder``, the one parser the engine and the
    package commands share; None (logged) when it is not a readable translation package.

    ModelError naming it if its metadata.json is too large to be one, or not a regular file.
    """
    try:
        data = json.loads(read_installed_metadata(folder).decode("utf-8"))
    except (OSError, ValueError) as error:
        logger.warning("skipping %s: unreadable metadata.json: %s", folder, error)
        return None
    if not isinstance(data, dict) or data.get("type", "translate") != "translate":
        return None
    if not isinstance(data.get("from_code"), str) or not isinstance(data.get("to_code"), str):
        logger.warning("skipping %s: metadata.json has no from_code/to_code", folder)
        return None
    return PackageMetadata(folder, data["from_code"], data["to_code"], str(data.get("package_version", "0")),
                           str(data.get("package_name") or folder.name))


def _read_installed(folder: Path) -> InstalledPackage | None:
    """The package unpacked in ``folder``; None (logged) when it is not a readable translation package.

    ModelError naming it if its metadata.json is too large to be one.
    """
    metadata = read_metadata(folder)
    if metadata is None:
        return None
    files: set[str] = set()
    size = 0
    for base, _dirs, names in os.walk(folder):
        for name in names:
            file = Path(base, name)
            files.add(file.relative_to(folder).as_posix())
            size += file.lstat().st_size
    return InstalledPackage(
        path=folder, from_code=metadata.from_code, to_code=metadata.to_code, version=metadata.version,
        name=metadata.name, size=size, splitter=_splitter(files)[0],
    )


def _index_entry(index: list[Any], src: str, tgt: str, index_url: str) -> dict[str, Any]:
    entries = [e for e in index if isinstance(e, dict) and e.get("type", "translate") == "translate"]
    found = [e for e in entries if (e.get("from_code"), e.get("to_code")) == (src, tgt)]
    if not found:
        targets = sorted({str(e.get("to_code")) for e in entries if e.get("from_code") == src})
        raise ModelError(f"the argos package index {index_url} has no package for {src}->{tgt}",
                         hint=f"packages from {src}: {', '.join(targets)}" if targets else "check the language codes")
    return max(found, key=lambda e: [int(n) for n in re.findall(r"\d+", str(e.get("package_version", "0")))])


def _download(links: list[str], sink: IO[bytes], timeout: float) -> None:
    """Copy the first link that answers into ``sink``, at most DEFAULT_MAX_TOTAL_BYTES."""
    failure: Exception | None = None
    for link in links:
        try:
            with urllib.request.urlopen(link, timeout=timeout) as response:
                sink.seek(0)
                sink.truncate()
                written = 0
                while chunk := response.read(_CHUNK):
                    written += len(chunk)
                    if written > DEFAULT_MAX_TOTAL_BYTES:
                        raise ModelError(f"{link} is larger than {DEFAULT_MAX_TOTAL_BYTES} bytes",
                                         hint="download it by hand and check it")
                    sink.write(chunk)
            return
        except _NETWORK_ERRORS as error:
            failure = error
    reason = getattr(failure, "reason", None) or failure
    raise ModelError(f"offline: cannot download {links[0]} ({reason})", hint=OFFLINE_HINT) from failure
