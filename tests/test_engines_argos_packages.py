"""translate.engines.argos_packages: .argosmodel files are checked, installed atomically, listed and removed, offline."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from translate.engines import argos_packages as models
from translate.errors import ModelError, ModelNotInstalled
from translate.engines.argos_packages import SCRATCH_PREFIX, download_package, inspect_package, install_package
from translate.engines.argos_packages import list_packages, remove_package

TOP = "translate-en_es-1_0"
SPLITTERS: dict[str, dict[str, bytes]] = {
    "minisbd": {"minisbd/en.onnx": b"onnx"},
    "stanza": {"stanza/en/tokenize/combined.pt": b"pt"},
    "spacy": {"spacy/config.cfg": b"cfg"},
    "minisbd-empty": {"minisbd/README": b"no model here"},
    "none": {},
}


def metadata(**changes: Any) -> dict[str, Any]:
    data = {"type": "translate", "from_code": "en", "to_code": "es", "from_name": "English",
            "to_name": "Spanish", "package_version": "1.0", "argos_version": "1.11.0"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def package_members(top: str = TOP, *, meta: dict[str, Any] | None = None, splitter: str = "minisbd",
                    drop: tuple[str, ...] = ()) -> dict[str, bytes]:
    """The members of a structurally complete package (dummy bytes: no real model)."""
    members = {
        "metadata.json": json.dumps(meta if meta is not None else metadata()).encode(),
        "model/model.bin": b"\x00ctranslate2 weights" * 50,
        "model/config.json": b'{"add_source_bos": false}',
        "model/shared_vocabulary.json": b'["<unk>", "<s>", "</s>"]',
        "sentencepiece.model": b"spm",
        "README.md": b"An English to Spanish test package.",
        **SPLITTERS[splitter],
    }
    return {f"{top}/{name}": data for name, data in members.items() if name not in drop}


def write_zip(path: Path, members: dict[str, bytes], *, infos: tuple[zipfile.ZipInfo, ...] = (),
              deflate: bool = True) -> Path:
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        if any(name.startswith(f"{TOP}/") for name in members):
            archive.writestr(f"{TOP}/", b"")  # a folder entry, as `zip -r` writes
        for name, data in members.items():
            archive.writestr(name, data)
        for info in infos:
            archive.writestr(info, b"/etc/passwd")
    return path


def build_package(path: Path, top: str = TOP, **options: Any) -> Path:
    return write_zip(path, package_members(top, **options))


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ---- bad files: each is refused, with the file named and a hint, and nothing is written ----

def _symlink(path: Path) -> Path:
    info = zipfile.ZipInfo(f"{TOP}/sentencepiece.model")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return write_zip(path, package_members(drop=("sentencepiece.model",)), infos=(info,))


def _truncated(path: Path) -> Path:
    data = build_package(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


BAD: list[Any] = [
    pytest.param(lambda p: p.write_bytes(b"metadata.json? no, just text") and p, {}, "not a zip archive", id="not-a-zip"),
    pytest.param(_truncated, {}, "damaged or truncated", id="truncated"),
    pytest.param(lambda p: write_zip(p, {**package_members(), "../evil": b"owned"}), {}, "unsafe member name '../evil'",
                 id="parent-entry"),
    pytest.param(lambda p: write_zip(p, {**package_members(), f"{TOP}/../../evil": b"x"}), {}, "unsafe member name",
                 id="parent-inside-top"),
    pytest.param(lambda p: write_zip(p, {**package_members(), "/tmp/evil": b"owned"}), {}, "unsafe member name '/tmp",
                 id="absolute-entry"),
    pytest.param(_symlink, {}, "symbolic link", id="symlink-entry"),
    pytest.param(lambda p: write_zip(p, {**package_members(), f"{TOP}/model/extra.bin": bytes(3 * 1024 * 1024)}),
                 {"max_total_bytes": 1024 * 1024}, "zip bomb", id="zip-bomb-total"),
    pytest.param(lambda p: write_zip(p, {**package_members(), f"{TOP}/model/extra.bin": bytes(3 * 1024 * 1024)}),
                 {}, "zip bomb: member .* expands", id="zip-bomb-ratio"),
    pytest.param(build_package, {"max_members": 5}, "too many members", id="too-many-members"),
    pytest.param(lambda p: write_zip(p, {}), {}, "exactly one top folder, found 0", id="empty-zip"),
    pytest.param(lambda p: write_zip(p, {**package_members(), "other/metadata.json": b"{}"}), {},
                 "exactly one top folder, found 2: other, translate-en_es-1_0", id="two-top-folders"),
    pytest.param(lambda p: write_zip(p, {"metadata.json": b"{}", "model.bin": b"x"}), {},
                 "exactly one top folder", id="files-at-top"),
    pytest.param(lambda p: build_package(p, drop=("metadata.json",)), {}, "metadata.json is missing", id="no-metadata"),
    pytest.param(lambda p: write_zip(p, {**package_members(), f"{TOP}/metadata.json": b'{"from_code": "en",'}), {},
                 "metadata.json is not valid JSON", id="metadata-not-json"),
    pytest.param(lambda p: write_zip(p, {**package_members(), f"{TOP}/metadata.json": b"[1, 2]"}), {},
                 "must hold a JSON object", id="metadata-not-object"),
    pytest.param(lambda p: build_package(p, meta=metadata(to_code=None)), {}, "metadata.json has no to_code",
                 id="metadata-without-to-code"),
    pytest.param(lambda p: build_package(p, meta=metadata(from_code="xx-nope")), {},
                 "from_code 'xx-nope' is not a known language code", id="unknown-language"),
    pytest.param(lambda p: build_package(p, meta=metadata(type="sbd")), {}, "type is 'sbd'", id="not-a-translate-package"),
    pytest.param(lambda p: build_package(p, drop=("model/model.bin", "model/config.json", "model/shared_vocabulary.json")),
                 {}, "model/ is missing", id="no-model-folder"),
    pytest.param(lambda p: build_package(p, drop=("model/model.bin",)), {}, r"no CTranslate2 model \(model/model.bin\)",
                 id="no-model-bin"),
    pytest.param(lambda p: build_package(p, drop=("sentencepiece.model",)), {}, "has no tokenizer", id="no-tokenizer"),
]


@pytest.mark.parametrize(("make", "limits", "message"), BAD)
def test_bad_package_is_refused(tmp_path: Path, make: Callable[[Path], Path], limits: dict[str, int],
                                message: str) -> None:
    file = tmp_path / "bad.argosmodel"
    make(file)
    models_dir = tmp_path / "models"
    with pytest.raises(ModelError, match=message) as caught:
        install_package(file, models_dir, **limits)
    assert caught.value.path == file and caught.value.hint
    assert str(caught.value).startswith(f"{file}: ")
    assert listing(tmp_path) == ["bad.argosmodel"]  # checked before the model folder is even created
    assert not (tmp_path.parent / "evil").exists()


def test_missing_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such file"):
        inspect_package(tmp_path / "nope.argosmodel")


# ---- good files ----

def test_inspect_reads_the_package_without_extracting(tmp_path: Path) -> None:
    file = build_package(tmp_path / "en_es.argosmodel")
    info = inspect_package(file)
    assert (info.path, info.top, info.from_code, info.to_code, info.version, info.name) == (
        file, TOP, "en", "es", "1.0", TOP)
    assert info.size == sum(len(v) for v in package_members().values())
    assert (info.splitter, info.warnings) == ("minisbd", ())
    assert listing(tmp_path) == ["en_es.argosmodel"]


@pytest.mark.parametrize(("splitter", "expected", "warning"), [
    pytest.param("minisbd", "minisbd", None, id="minisbd"),
    pytest.param("stanza", "stanza", "resources.json online", id="stanza"),
    pytest.param("spacy", "spacy", "ARGOS_CHUNK_TYPE=SPACY", id="spacy"),
    pytest.param("minisbd-empty", None, "minisbd/ holds no .onnx model", id="minisbd-without-onnx"),
    pytest.param("none", None, "no bundled sentence splitter", id="no-splitter"),
])
def test_splitter_is_reported_and_a_missing_one_warned(tmp_path: Path, splitter: str, expected: str | None,
                                                       warning: str | None) -> None:
    file = build_package(tmp_path / "p.argosmodel", splitter=splitter)
    info = inspect_package(file)
    assert info.splitter == expected
    if warning is None:
        assert info.warnings == ()
    else:
        assert len(info.warnings) == 1 and warning in info.warnings[0]
        assert "offline" in info.warnings[0]
    installed = install_package(file, tmp_path / "models")
    assert installed.splitter == expected


@pytest.mark.parametrize("key", [
    pytest.param("en-es", id="pair-dash"),
    pytest.param("en->es", id="pair-arrow"),
    pytest.param(" EN-ES ", id="pair-case-and-space"),
    pytest.param(TOP, id="folder-name"),
])
def test_install_list_remove(tmp_path: Path, key: str) -> None:
    models_dir = tmp_path / "models"
    installed = install_package(build_package(tmp_path / "en_es.argosmodel"), models_dir)
    assert installed.path == models_dir / TOP
    assert (installed.from_code, installed.to_code, installed.version, installed.splitter) == ("en", "es", "1.0", "minisbd")
    assert installed.size == sum(len(v) for v in package_members().values())
    assert (installed.path / "model" / "model.bin").read_bytes() == package_members()[f"{TOP}/model/model.bin"]
    assert json.loads((installed.path / "metadata.json").read_text())["to_code"] == "es"
    assert listing(models_dir) == [TOP]  # no scratch left behind
    assert list_packages(models_dir) == [installed]
    removed = remove_package(models_dir, key)
    assert removed == installed
    assert listing(models_dir) == [] and list_packages(models_dir) == []


def test_list_is_sorted_by_pair_and_skips_what_is_not_a_package(tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    for src, tgt in [("en", "uk"), ("de", "en"), ("en", "de")]:
        top = f"translate-{src}_{tgt}-1_0"
        install_package(build_package(tmp_path / f"{top}.argosmodel", top, meta=metadata(from_code=src, to_code=tgt)),
                        models_dir)
    (models_dir / "broken").mkdir()
    (models_dir / "broken" / "metadata.json").write_text("{not json")
    (models_dir / "sbd-en").mkdir()
    (models_dir / "sbd-en" / "metadata.json").write_text('{"type": "sbd", "from_code": "en"}')
    (models_dir / f"{SCRATCH_PREFIX}x" / TOP).mkdir(parents=True)
    (models_dir / f"{SCRATCH_PREFIX}x" / TOP / "metadata.json").write_text(json.dumps(metadata()))
    (models_dir / "notes.txt").write_text("not a folder")
    assert [p.pair for p in list_packages(models_dir)] == ["de->en", "en->de", "en->uk"]
    assert list_packages(tmp_path / "absent") == []
    assert not (tmp_path / "absent").exists()


def test_argos_codes_outside_babel_are_accepted(tmp_path: Path) -> None:
    info = inspect_package(build_package(tmp_path / "p.argosmodel", meta=metadata(to_code="zt")))
    assert info.to_code == "zt"  # argostranslate's own code, kept as argostranslate will look it up


@pytest.mark.parametrize("new_top", [pytest.param("translate-en_es-1_1", id="new-folder-name"),
                                     pytest.param(TOP, id="same-folder-name")])
def test_second_install_is_refused_then_upgrade_replaces(tmp_path: Path, new_top: str) -> None:
    models_dir = tmp_path / "models"
    old = install_package(build_package(tmp_path / "old.argosmodel"), models_dir)
    newer = build_package(tmp_path / "new.argosmodel", new_top, meta=metadata(package_version="1.1"))
    with pytest.raises(ModelError, match=r"en->es is already installed \(version 1.0 at .*translate-en_es-1_0\)") as caught:
        install_package(newer, models_dir)
    assert "use --upgrade to replace it" in str(caught.value)
    assert list_packages(models_dir) == [old]
    new = install_package(newer, models_dir, upgrade=True)
    assert (new.version, new.path) == ("1.1", models_dir / new_top)
    assert list_packages(models_dir) == [new]
    assert listing(models_dir) == [new_top]  # the old folder is gone, no scratch left


def test_a_foreign_folder_of_the_same_name_is_not_overwritten(tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    (models_dir / TOP).mkdir(parents=True)
    (models_dir / TOP / "mine.txt").write_text("keep me")
    with pytest.raises(ModelError, match="already exists and is not an installed en->es package"):
        install_package(build_package(tmp_path / "p.argosmodel"), models_dir, upgrade=True)
    assert listing(models_dir / TOP) == ["mine.txt"]


def test_member_permissions_are_not_copied(tmp_path: Path) -> None:
    file = tmp_path / "p.argosmodel"
    build_package(file)
    info = zipfile.ZipInfo(f"{TOP}/tool")
    info.external_attr = (stat.S_IFREG | stat.S_ISUID | 0o777) << 16
    with zipfile.ZipFile(file, "a") as archive:
        archive.writestr(info, b"#!/bin/sh\n")
    installed = install_package(file, tmp_path / "models")
    mode = (installed.path / "tool").stat().st_mode
    assert not mode & (stat.S_ISUID | stat.S_IXUSR)


# ---- interrupted installs leave the old package or none, never part of the new one ----

@pytest.mark.parametrize("upgrade", [pytest.param(False, id="fresh"), pytest.param(True, id="upgrade")])
@pytest.mark.parametrize(("failure", "raised"), [pytest.param(RuntimeError("killed"), RuntimeError, id="crash"),
                                                 pytest.param(OSError(28, "No space left on device"), ModelError,
                                                              id="disk-full")])
def test_interrupted_extraction_leaves_no_partial_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         upgrade: bool, failure: Exception, raised: type) -> None:
    models_dir = tmp_path / "models"
    old = install_package(build_package(tmp_path / "old.argosmodel"), models_dir) if upgrade else None
    newer = build_package(tmp_path / "new.argosmodel", "translate-en_es-1_1", meta=metadata(package_version="1.1"))
    calls = []

    def copy_then_fail(source: io.BufferedIOBase, sink: io.BufferedIOBase, length: int = 0) -> None:
        calls.append(1)
        if len(calls) == 3:
            sink.write(source.read(4))
            raise failure
        sink.write(source.read())

    monkeypatch.setattr(models.shutil, "copyfileobj", copy_then_fail)
    with pytest.raises(raised):
        install_package(newer, models_dir, upgrade=upgrade)
    assert list_packages(models_dir) == ([old] if old else [])
    assert listing(models_dir) == ([TOP] if upgrade else [])


def test_failed_move_into_place_restores_the_old_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    models_dir = tmp_path / "models"
    old = install_package(build_package(tmp_path / "old.argosmodel"), models_dir)
    newer = build_package(tmp_path / "new.argosmodel", meta=metadata(package_version="1.1"))
    real_rename = os.rename

    def rename(src: Path, dst: Path) -> None:
        if Path(dst) == models_dir / TOP and json.loads(Path(src, "metadata.json").read_text())["package_version"] == "1.1":
            raise OSError(5, "Input/output error")
        real_rename(src, dst)

    monkeypatch.setattr(models.os, "rename", rename)
    with pytest.raises(ModelError, match="cannot install en->es"):
        install_package(newer, models_dir, upgrade=True)
    assert list_packages(models_dir) == [old]
    assert listing(models_dir) == [TOP]


def test_stale_scratch_is_cleaned_but_a_recent_one_kept(tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    stale, recent = models_dir / f"{SCRATCH_PREFIX}stale", models_dir / f"{SCRATCH_PREFIX}recent"
    for folder in (stale, recent):
        (folder / "half").mkdir(parents=True)
    long_ago = time.time() - 2 * 3600
    os.utime(stale, (long_ago, long_ago))
    install_package(build_package(tmp_path / "p.argosmodel"), models_dir)
    assert listing(models_dir) == [recent.name, TOP]


# ---- remove ----

def test_remove_unknown_pair_lists_what_is_installed(tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    install_package(build_package(tmp_path / "p.argosmodel"), models_dir)
    with pytest.raises(ModelNotInstalled, match=r"no package 'en-uk' is installed in .*; installed: en->es "
                                                r"\(translate-en_es-1_0\)") as caught:
        remove_package(models_dir, "en-uk")
    assert "translate models install FILE.argosmodel" in str(caught.value)
    assert [p.pair for p in list_packages(models_dir)] == ["en->es"]


def test_remove_from_an_empty_folder_says_none(tmp_path: Path) -> None:
    with pytest.raises(ModelNotInstalled, match="installed: none"):
        remove_package(tmp_path / "models", "en-es")


# ---- download: only when online, never really connecting in tests ----

class FakeResponse(io.BytesIO):
    def __enter__(self) -> FakeResponse:
        return self


def fake_network(monkeypatch: pytest.MonkeyPatch, pages: dict[str, bytes | Exception]) -> list[str]:
    asked: list[str] = []

    def urlopen(url: str, timeout: float | None = None) -> FakeResponse:
        asked.append(url)
        assert timeout is not None and timeout <= 10
        page = pages[url]
        if isinstance(page, Exception):
            raise page
        return FakeResponse(page)

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return asked


@pytest.mark.parametrize("failure", [
    pytest.param(urllib.error.URLError(OSError(-3, "Temporary failure in name resolution")), id="no-dns"),
    pytest.param(TimeoutError("timed out"), id="timeout"),
    pytest.param(ConnectionRefusedError(111, "Connection refused"), id="refused"),
])
def test_download_offline_says_how_to_install_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          failure: Exception) -> None:
    asked = fake_network(monkeypatch, {models.ARGOS_INDEX_URL: failure})
    with pytest.raises(ModelError, match="offline: cannot reach the argos package index") as caught:
        download_package("en", "uk", tmp_path / "models")
    assert caught.value.hint and "translate models install FILE.argosmodel" in caught.value.hint
    assert asked == [models.ARGOS_INDEX_URL]  # one request, no retries or recursion
    assert listing(tmp_path / "models") == []


def test_download_installs_the_newest_package_of_the_pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    link = "https://example.invalid/translate-en_uk-1_9.argosmodel"
    top = "translate-en_uk-1_9"
    package = build_package(tmp_path / "served.argosmodel", top, meta=metadata(to_code="uk", package_version="1.9"))
    index = [{**metadata(to_code="uk", package_version="1.4"), "links": ["https://example.invalid/old"]},
             {**metadata(to_code="uk", package_version="1.9"), "links": [link]},
             {**metadata(to_code="de"), "links": ["https://example.invalid/de"]}]
    fake_network(monkeypatch, {models.ARGOS_INDEX_URL: json.dumps(index).encode(), link: package.read_bytes()})
    installed = download_package("en", "uk", tmp_path / "models")
    assert (installed.pair, installed.version, installed.path) == ("en->uk", "1.9", tmp_path / "models" / top)
    assert listing(tmp_path / "models") == [top]


def test_download_of_a_pair_not_in_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = [{**metadata(to_code="de"), "links": ["https://example.invalid/de"]}]
    fake_network(monkeypatch, {models.ARGOS_INDEX_URL: json.dumps(index).encode()})
    with pytest.raises(ModelError, match="no package for en->uk") as caught:
        download_package("en", "uk", tmp_path / "models")
    assert caught.value.hint == "packages from en: de"


def test_download_failing_midway_is_offline_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    link = "https://example.invalid/p.argosmodel"
    index = [{**metadata(to_code="uk"), "links": [link]}]
    fake_network(monkeypatch, {models.ARGOS_INDEX_URL: json.dumps(index).encode(),
                               link: urllib.error.URLError("Network is unreachable")})
    with pytest.raises(ModelError, match="offline: cannot download"):
        download_package("en", "uk", tmp_path / "models")
    assert listing(tmp_path / "models") == []


# ---- nothing at import, and the genuine tiny package ----

def test_importing_does_not_import_argostranslate() -> None:
    code = ("import sys, translate.engines.argos_packages, translate.cli; "
            "assert not [m for m in sys.modules if m.startswith('argostranslate')], 'argostranslate imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_genuine_tiny_package_installs_and_lists(tmp_path: Path) -> None:
    argos_tiny = pytest.importorskip("argos_tiny", reason="tests/argos_tiny.py (the tiny package builder) is not there yet")
    file = argos_tiny.build_tiny_package(tmp_path / "build", from_code="en", to_code="es", version="1.0")
    info = inspect_package(file)
    assert (info.from_code, info.to_code, info.splitter, info.warnings) == ("en", "es", "minisbd", ())
    installed = install_package(file, tmp_path / "models")
    assert list_packages(tmp_path / "models") == [installed]
    assert (installed.path / "model" / "model.bin").is_file()


# ---- metadata.json is bounded: a hostile one is refused at install and when installed packages are read ----

def _padded_metadata() -> bytes:
    """A valid metadata.json past the cap (whitespace after the object: JSON allows it)."""
    return json.dumps(metadata()).encode() + b" " * (models.MAX_METADATA_BYTES + 1)


def test_an_oversized_metadata_json_is_refused_at_install(tmp_path: Path) -> None:
    members = {**package_members(), f"{TOP}/metadata.json": _padded_metadata()}
    package = write_zip(tmp_path / "big.argosmodel", members, deflate=False)
    with pytest.raises(ModelError, match=rf"{TOP}/metadata.json is 262,\d{{3}} bytes, more than a package's "
                                         r"metadata may be \(262,144\)"):
        install_package(package, tmp_path / "models")
    assert listing(tmp_path / "models") == []


def test_an_installed_oversized_metadata_json_names_the_package_and_can_be_removed(tmp_path: Path) -> None:
    from translate.engines.argos import find_packages

    models_dir = tmp_path / "models"
    install_package(build_package(tmp_path / "en_es.argosmodel"), models_dir)
    (models_dir / TOP / "metadata.json").write_bytes(_padded_metadata())
    expected = rf"the installed package {TOP}: metadata.json is .* bytes, more than .*translate models remove {TOP}"
    with pytest.raises(ModelError, match=expected):
        list_packages(models_dir)
    with pytest.raises(ModelError, match=expected):
        find_packages(models_dir)
    with pytest.raises(ModelError, match=expected):
        install_package(build_package(tmp_path / "again.argosmodel"), models_dir, upgrade=True)
    assert remove_package(models_dir, TOP).path == models_dir / TOP
    assert listing(models_dir) == [] and list_packages(models_dir) == []


@pytest.mark.parametrize(("make", "expected"), [
    pytest.param(os.mkfifo, r"metadata\.json is a FIFO \(named pipe\), not a regular file", id="fifo"),
    pytest.param(lambda path: path.symlink_to("/dev/zero"), r"metadata\.json is a device, not a regular file",
                 id="link-to-dev-zero"),
])
def test_an_installed_metadata_json_that_is_not_a_file_names_the_package_and_can_be_removed(
    tmp_path: Path, make: Callable[[Path], object], expected: str
) -> None:
    """Read as a file, a FIFO would hang every command that lists packages and /dev/zero would never end."""
    models_dir = tmp_path / "models"
    install_package(build_package(tmp_path / "en_es.argosmodel"), models_dir)
    (models_dir / TOP / "metadata.json").unlink()
    make(models_dir / TOP / "metadata.json")
    with pytest.raises(ModelError, match=rf"the installed package {TOP}: {expected}; remove the package "
                                         rf"\(translate models remove {TOP}\)"):
        list_packages(models_dir)
    assert remove_package(models_dir, TOP).path == models_dir / TOP
    assert listing(models_dir) == []


@pytest.mark.parametrize("umask", [pytest.param(0o022, id="022"), pytest.param(0o027, id="027")])
def test_installed_files_and_folders_follow_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        installed = install_package(build_package(tmp_path / "en_es.argosmodel"), tmp_path / "models")
    finally:
        os.umask(old)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [installed.path.parent, *installed.path.rglob("*"), installed.path]
             if p.is_dir()}
    assert modes == {0o777 & ~umask}
    assert {stat.S_IMODE(p.stat().st_mode) for p in installed.path.rglob("*") if p.is_file()} == {0o666 & ~umask}
