"""`translate models list|install|remove` through the command line."""

from __future__ import annotations

import json
import urllib.error
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from test_engines_argos_packages import BAD, TOP, build_package, fake_network, listing, metadata
from translate.engines import argos_packages as models
from translate.cli import cli


def invoke(workspace: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), *args])
    return result.exit_code, result.stdout, result.stderr


def models_dir(workspace: Path) -> Path:
    return workspace / ".translate" / "models"


def test_list_when_nothing_is_installed(tmp_path: Path) -> None:
    code, out, _ = invoke(tmp_path, "models", "list")
    assert code == 0
    assert out.strip() == (f"no packages installed in {models_dir(tmp_path)}; "
                           "install one with translate models install FILE.argosmodel")
    assert not models_dir(tmp_path).exists()


def test_install_list_remove(tmp_path: Path) -> None:
    file = build_package(tmp_path / "en_es.argosmodel")
    code, out, err = invoke(tmp_path, "models", "install", str(file))
    assert code == 0 and err == ""
    assert out.startswith(f"installed en->es 1.0 ({TOP}) in {models_dir(tmp_path) / TOP}, ")
    assert "splitter: minisbd" in out

    code, out, _ = invoke(tmp_path, "models", "list")
    assert code == 0
    row = next(line for line in out.splitlines() if "en->es" in line)
    assert "1.0" in row and "minisbd" in row and TOP in row and "1.2 KB" in row

    code, out, _ = invoke(tmp_path, "models", "list", "--format", "json")
    [entry] = json.loads(out)
    assert entry["from_code"] == "en" and entry["to_code"] == "es" and entry["version"] == "1.0"
    assert entry["path"] == str(models_dir(tmp_path) / TOP) and entry["splitter"] == "minisbd" and entry["size"] > 0

    code, out, _ = invoke(tmp_path, "models", "remove", "en-es")
    assert code == 0 and out.startswith("removed en->es 1.0")
    assert listing(models_dir(tmp_path)) == []


def test_models_dir_comes_from_translate_toml(tmp_path: Path) -> None:
    (tmp_path / "translate.toml").write_text('[engines.argos]\npackages_dir = "nmt"\n')
    code, out, _ = invoke(tmp_path, "models", "install", str(build_package(tmp_path / "p.argosmodel")))
    assert code == 0 and str(tmp_path / "nmt" / TOP) in out
    assert listing(tmp_path / "nmt") == [TOP]


def test_install_without_splitter_warns_and_installs(tmp_path: Path) -> None:
    file = build_package(tmp_path / "p.argosmodel", splitter="none")
    code, out, err = invoke(tmp_path, "models", "install", str(file))
    assert code == 0 and out.startswith("installed en->es")
    assert err.startswith(f"warning: {file}: no bundled sentence splitter") and "fails offline" in err
    _, listed, _ = invoke(tmp_path, "models", "list")
    assert "none (downloads on first use)" in listed


@pytest.mark.parametrize(("make", "limits", "message"), [p for p in BAD if not p.values[1]])
def test_bad_package_is_one_error_line(tmp_path: Path, make: Callable[[Path], Path], limits: dict[str, Any],
                                       message: str) -> None:
    file = tmp_path / "bad.argosmodel"
    make(file)
    code, out, err = invoke(tmp_path, "models", "install", str(file))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"Error: {file}: ")
    assert listing(tmp_path) == ["bad.argosmodel"]


def test_every_file_is_checked_before_any_is_installed(tmp_path: Path) -> None:
    good = build_package(tmp_path / "good.argosmodel")
    bad = build_package(tmp_path / "bad.argosmodel", "translate-en_de-1_0", meta=metadata(to_code="de"),
                        drop=("sentencepiece.model",))
    code, _, err = invoke(tmp_path, "models", "install", str(good), str(bad))
    assert code == 1 and "has no tokenizer" in err
    assert listing(models_dir(tmp_path)) == []


def test_second_install_is_refused_then_upgraded(tmp_path: Path) -> None:
    invoke(tmp_path, "models", "install", str(build_package(tmp_path / "old.argosmodel")))
    newer = build_package(tmp_path / "new.argosmodel", "translate-en_es-1_1", meta=metadata(package_version="1.1"))
    code, _, err = invoke(tmp_path, "models", "install", str(newer))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "en->es is already installed (version 1.0 at" in err and err.strip().endswith("use --upgrade to replace it")
    code, out, _ = invoke(tmp_path, "models", "install", "--upgrade", str(newer))
    assert code == 0 and out.startswith("installed en->es 1.1")
    assert listing(models_dir(tmp_path)) == ["translate-en_es-1_1"]


def test_remove_unknown_pair_lists_installed(tmp_path: Path) -> None:
    invoke(tmp_path, "models", "install", str(build_package(tmp_path / "p.argosmodel")))
    code, _, err = invoke(tmp_path, "models", "remove", "en->uk")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "installed: en->es (translate-en_es-1_0)" in err
    assert "install one with `translate models install FILE.argosmodel`" in err


def test_download_offline_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_network(monkeypatch, {models.ARGOS_INDEX_URL: urllib.error.URLError("Name or service not known")})
    code, _, err = invoke(tmp_path, "models", "install", "--from", "en", "--to", "uk")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert err.startswith("Error: offline: cannot reach the argos package index")
    assert "run `translate models install FILE.argosmodel`" in err


@pytest.mark.parametrize("args", [
    pytest.param((), id="nothing"),
    pytest.param(("--from", "en"), id="from-without-to"),
    pytest.param(("p.argosmodel", "--from", "en", "--to", "uk"), id="file-and-download"),
])
def test_install_usage_errors(tmp_path: Path, args: tuple[str, ...]) -> None:
    code, _, err = invoke(tmp_path, "models", "install", *args)
    assert code == 2 and "Error:" in err


@pytest.mark.parametrize("command", [pytest.param(c, id=c or "group") for c in ("", "list", "install", "remove")])
def test_help_ends_with_an_example(tmp_path: Path, command: str) -> None:
    code, out, _ = invoke(tmp_path, "models", *([command] if command else []), "--help")
    assert code == 0
    body = out.split("Options:")[0].strip()
    assert body.splitlines()[-1].strip().startswith("Example: translate models")
