"""translate.glossary.files: whatever stands where the glossary or one of its files should be, and cannot be read
as one, is an error naming the path, never a file skipped in silence (its terms would go unenforced)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from fs_helpers import run_cli
from translate.cli import cli
from translate.errors import GlossaryError
from translate.glossary.files import MAX_FILE_BYTES
from translate.glossary.load import check_glossary, load_glossary

GOOD = Path(__file__).parent / "data" / "glossary-good"
AS_ROOT = os.geteuid() == 0
ROOT_READS_ANYTHING = "root reads a file or folder whatever its permissions"


def dangling_folder(glossary: Path) -> Path:
    glossary.symlink_to(glossary.parent / "moved-away")
    return glossary


def folder_loop(glossary: Path) -> Path:
    glossary.symlink_to(glossary)
    return glossary


def folder_is_file(glossary: Path) -> Path:
    glossary.write_text("terms: []\n", encoding="utf-8")
    return glossary


def unreadable_folder(glossary: Path) -> Path:
    shutil.copytree(GOOD, glossary)
    glossary.chmod(0)
    return glossary


def dangling_file(glossary: Path) -> Path:
    shutil.copytree(GOOD, glossary)
    (glossary / "30-people.yaml").symlink_to(glossary / "people-moved.yaml")
    return glossary / "30-people.yaml"


def file_loop(glossary: Path) -> Path:
    shutil.copytree(GOOD, glossary)
    (glossary / "30-a.yaml").symlink_to(glossary / "30-a.yaml")
    return glossary / "30-a.yaml"


def folder_for_file(glossary: Path) -> Path:
    shutil.copytree(GOOD, glossary)
    (glossary / "30-people.yaml").mkdir()
    return glossary / "30-people.yaml"


def fifo_for_file(glossary: Path) -> Path:
    shutil.copytree(GOOD, glossary)
    os.mkfifo(glossary / "30-people.yaml")
    return glossary / "30-people.yaml"


def device_for_file(glossary: Path) -> Path:
    shutil.copytree(GOOD, glossary)
    (glossary / "30-zero.yaml").symlink_to("/dev/zero")  # read to the end, it would fill the memory
    return glossary / "30-zero.yaml"


def too_large_file(glossary: Path) -> Path:
    shutil.copytree(GOOD, glossary)
    with (glossary / "30-huge.yaml").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    return glossary / "30-huge.yaml"


def unreadable_file(glossary: Path) -> Path:
    shutil.copytree(GOOD, glossary)
    (glossary / "10-places.yaml").chmod(0)
    return glossary / "10-places.yaml"


CASES = [
    pytest.param(dangling_folder, "glossary folder is a dangling symbolic link", id="folder-dangling-link"),
    pytest.param(folder_loop, "glossary folder is a symbolic link loop", id="folder-link-loop"),
    pytest.param(folder_is_file, "must be a folder of YAML files; this is a file", id="folder-is-a-file"),
    pytest.param(unreadable_folder, "cannot list the glossary folder: Permission denied", id="folder-unreadable",
                 marks=pytest.mark.skipif(AS_ROOT, reason=ROOT_READS_ANYTHING)),
    pytest.param(dangling_file, "glossary file is a dangling symbolic link (to ", id="file-dangling-link"),
    pytest.param(file_loop, "glossary file is a symbolic link loop", id="file-link-loop"),
    pytest.param(folder_for_file, "the glossary file is a folder, not a file", id="file-is-a-folder"),
    pytest.param(fifo_for_file, "the glossary file is a FIFO (named pipe), not a regular file", id="file-is-a-fifo"),
    pytest.param(device_for_file, "the glossary file is a device, not a regular file", id="file-is-a-device"),
    pytest.param(too_large_file, "the glossary file is 16,777,217 bytes, more than the 16,777,216 bytes (16 MB) allowed", id="file-too-large"),
    pytest.param(unreadable_file, "cannot read the glossary file: Permission denied", id="file-unreadable",
                 marks=pytest.mark.skipif(AS_ROOT, reason=ROOT_READS_ANYTHING)),
]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    yield tmp_path
    for path in (tmp_path / "glossary", *(tmp_path / "glossary").glob("*")):  # let pytest remove what it made
        if path.exists() and not path.is_symlink():
            path.chmod(0o755)


@pytest.mark.parametrize(("make", "message"), CASES)
def test_what_cannot_be_read_is_a_problem_naming_the_path(
    workspace: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(workspace / "glossary")
    [problem] = check_glossary(workspace / "glossary")
    assert problem.path == path and problem.line is None
    assert message in problem.message
    assert problem.hint and "unenforced" in problem.hint
    with pytest.raises(GlossaryError) as raised:
        load_glossary(workspace / "glossary")
    assert str(raised.value) == str(problem)


@pytest.mark.parametrize(("make", "message"), CASES)
def test_commands_refuse_a_glossary_that_cannot_be_read(
    workspace: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(workspace / "glossary")
    runner = CliRunner()
    for args in (["glossary", "check"], ["run", str(EXAMPLES / "belarus-border.txt"), "--to", "es"]):
        result = runner.invoke(cli, ["--workspace", str(workspace), *args])
        assert result.exit_code == 1, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0] and str(path) in lines[0] and "Traceback" not in lines[0]
    assert not (workspace / ".translate").exists()


def test_a_link_to_a_glossary_file_or_folder_is_read(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(GOOD / "10-places.yaml", tmp_path / "elsewhere" / "places.yaml")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "10-places.yaml").symlink_to(tmp_path / "elsewhere" / "places.yaml")
    shutil.copy(GOOD / "20-organizations.yml", tmp_path / "glossary")
    (tmp_path / "linked").symlink_to(tmp_path / "glossary")
    assert load_glossary(tmp_path / "linked").digest == load_glossary(GOOD).digest


@pytest.mark.parametrize("name", [pytest.param("30-people.YAML", id="YAML"), pytest.param("30-people.Yml", id="Yml"),
                                  pytest.param("30-people.yaml", id="yaml")])
def test_a_glossary_file_is_read_whatever_the_case_of_its_suffix(tmp_path: Path, name: str) -> None:
    shutil.copytree(GOOD, tmp_path / "glossary")
    (tmp_path / "glossary" / name).write_text("terms:\n  - id: kyiv\n    en: {preferred: Kyiv, forbidden: [Kiev]}\n",
                                              encoding="utf-8")
    (tmp_path / "glossary" / ".hidden.YAML").write_text("not: [a glossary", encoding="utf-8")
    concept = load_glossary(tmp_path / "glossary").concept("kyiv")
    assert concept.path == tmp_path / "glossary" / name


def test_a_missing_folder_is_an_empty_glossary(tmp_path: Path) -> None:
    assert check_glossary(tmp_path / "glossary") == []
    assert load_glossary(tmp_path / "glossary").concepts == ()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(unreadable_folder, "cannot list the glossary folder: Permission denied", id="folder-unreadable"),
        pytest.param(unreadable_file, "cannot read the glossary file: Permission denied", id="file-unreadable"),
    ],
)
def test_an_unreadable_glossary_stops_a_real_process(
    workspace: Path, make: Callable[[Path], Path], message: str
) -> None:
    """As root too: the command runs without root's power to read whatever the permissions say."""
    path = make(workspace / "glossary")
    result = run_cli(workspace, "glossary", "check", honour_permissions=True)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and str(path) in lines[0] and "Traceback" not in result.stderr
