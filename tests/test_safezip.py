"""translate.safezip: damaged archives, path traversal, symlinks and zip bombs are refused."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from translate.errors import ArchiveError
from translate.safezip import RATIO_GRACE_BYTES, check_zip, safe_members

ARTICLE = b"<w:document>Armenia, Azerbaijan and Georgia met in Tbilisi.</w:document>" * 20


def make_zip(path: Path, members: dict[str, bytes], *, deflate: bool = True) -> Path:
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_good_zip_passes(tmp_path: Path) -> None:
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": ARTICLE}
    path = make_zip(tmp_path / "good.docx", members)
    assert [info.filename for info in check_zip(path)] == list(members)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.docx"]  # nothing extracted


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("../x", id="parent"),
        pytest.param("word/../../x", id="parent-inside"),
        pytest.param("/abs/x", id="absolute"),
        pytest.param("..\\x", id="backslash-parent"),
        pytest.param("word\\..\\..\\x", id="backslash-parent-inside"),
        pytest.param("\\abs\\x", id="backslash-absolute"),
        pytest.param("C:\\Windows\\x", id="drive"),
        pytest.param("C:x", id="drive-relative"),
    ],
)
def test_traversal_is_refused(tmp_path: Path, name: str) -> None:
    path = make_zip(tmp_path / "evil.zip", {"ok.xml": b"<ok/>", name: b"owned"})
    with pytest.raises(ArchiveError, match="unsafe member name") as caught:
        check_zip(path)
    assert caught.value.path == path
    assert not (tmp_path.parent / "x").exists()


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("word/..data/x", id="dots-in-a-name"),
        pytest.param("word/document.xml", id="plain"),
        pytest.param("a/./b", id="dot-segment"),
    ],
)
def test_harmless_names_pass(tmp_path: Path, name: str) -> None:
    check_zip(make_zip(tmp_path / "ok.zip", {name: b"x"}))


def test_symlink_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "link.zip"
    info = zipfile.ZipInfo("word/document.xml")
    info.create_system = 3  # unix, so external_attr holds the mode
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(ArchiveError, match="is a symbolic link"):
        check_zip(path)


def test_regular_unix_file_mode_passes(tmp_path: Path) -> None:
    path = tmp_path / "mode.zip"
    info = zipfile.ZipInfo("word/document.xml")
    info.create_system = 3
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(info, ARTICLE)
    check_zip(path)


def test_high_compression_ratio_is_a_bomb(tmp_path: Path) -> None:
    zeros = bytes(RATIO_GRACE_BYTES + 1024)  # compresses about 1000 times
    path = make_zip(tmp_path / "bomb.docx", {"word/document.xml": zeros})
    bomb = r"zip bomb: member 'word/document.xml' expands \d+ times \(limit 200\)"
    with pytest.raises(ArchiveError, match=bomb):
        check_zip(path)


def test_ratio_is_not_held_against_small_members(tmp_path: Path) -> None:
    check_zip(make_zip(tmp_path / "small.zip", {"zeros.bin": bytes(64 * 1024)}))


def test_total_size_above_the_bound_is_a_bomb(tmp_path: Path) -> None:
    parts = {f"part{i}.xml": ARTICLE for i in range(5)}
    path = make_zip(tmp_path / "big.zip", parts, deflate=False)
    with pytest.raises(ArchiveError, match="zip bomb: members expand to more than 4000 bytes"):
        check_zip(path, max_total_bytes=4000)
    check_zip(path, max_total_bytes=len(ARTICLE) * 5)


def test_ratio_bound_is_a_parameter(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "zeros.zip", {"zeros.bin": bytes(RATIO_GRACE_BYTES + 1)})
    check_zip(path, max_ratio=100_000)
    with pytest.raises(ArchiveError, match="zip bomb"):
        check_zip(path, max_ratio=10)


def test_too_many_members(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "many.zip", {f"m{i}.xml": b"x" for i in range(11)})
    with pytest.raises(ArchiveError, match=r"too many members in zip archive: 11 \(limit 10\)"):
        check_zip(path, max_members=10)
    check_zip(path, max_members=11)


def test_damaged_crc(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "crc.docx", {"word/document.xml": ARTICLE}, deflate=False)
    data = bytearray(path.read_bytes())
    at = data.index(b"Tbilisi")
    data[at : at + 7] = b"Tbilisx"
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match="damaged or truncated zip archive") as caught:
        check_zip(path)
    assert caught.value.hint and "fresh copy" in caught.value.hint


def test_damaged_deflate_stream(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "deflate.docx", {"word/document.xml": bytes(range(256)) * 64})
    data = bytearray(path.read_bytes())
    start = 30 + len("word/document.xml")  # the member's data follows its local header
    data[start : start + 40] = bytes(40)
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match="damaged or truncated"):
        check_zip(path)


@pytest.mark.parametrize(
    "keep",
    [pytest.param(0.5, id="half"), pytest.param(0.97, id="tail-cut"), pytest.param(0.1, id="head")],
)
def test_truncated_archive(tmp_path: Path, keep: float) -> None:
    whole = make_zip(tmp_path / "whole.zip", {"a.xml": ARTICLE, "b.xml": ARTICLE[::-1]})
    data = whole.read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ArchiveError, match="damaged or truncated"):
        check_zip(path)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("story.docx", b"Plain text, not a zip.", id="text"),
        pytest.param("story.docx", b"", id="empty"),
        pytest.param("model.argosmodel", b"\x89PNG\r\n", id="png"),
    ],
)
def test_not_a_zip(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ArchiveError, match="not a zip archive") as caught:
        check_zip(path)
    assert f"is it really a {path.suffix}?" in str(caught.value)


def test_safe_members_checks_an_open_archive(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "x.zip", {"../x": b"x"})
    with zipfile.ZipFile(path) as archive, pytest.raises(ArchiveError, match="unsafe member"):
        safe_members(archive, path=path)


def test_encrypted_member(tmp_path: Path) -> None:
    plain = make_zip(tmp_path / "plain.zip", {"a.xml": b"<a/>"}, deflate=False)
    data = bytearray(plain.read_bytes())
    data[6] |= 1  # "encrypted" flag in the local header...
    data[data.index(b"PK\x01\x02") + 8] |= 1  # ...and in the central directory
    path = tmp_path / "locked.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match="'a.xml' of the zip archive is encrypted"):
        check_zip(path)
