from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from translate.config import MAX_CONFIG_BYTES, Workspace, load_config, normalize_language
from translate.errors import ConfigError, LanguageError


def test_defaults(tmp_path: Path) -> None:
    config = load_config(Workspace(tmp_path))
    assert config.source_language == "en"
    assert config.targets == ("es", "ca", "gl", "pt", "fr", "it")
    assert (config.engines.tables, config.engines.root) == ({}, tmp_path)


def test_workspace_overrides(tmp_path: Path) -> None:
    (tmp_path / "translate.toml").write_text('targets = ["es", "pt_BR"]\n[engines.apertium.pivots]\nen-it = "es"\n')
    config = load_config(Workspace(tmp_path))
    assert config.targets == ("es", "pt-BR")
    assert config.engines.tables == {"apertium": {"pivots": {"en-it": "es"}}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("targets = [\"es\"]\nsource_language = \n", r"translate.toml:2: .*fix the TOML syntax", id="syntax-line"),
        pytest.param('target = ["es"]\n', "unknown setting 'target'; did you mean 'targets'", id="did-you-mean"),
        pytest.param('targets = ["xx-nope"]\n', "unknown language code 'xx-nope'", id="bad-language"),
        pytest.param("targets = 5\n", r"translate.toml:1: targets = 5 must be a list of language codes; "
                     r'write e.g. targets = \["es", "ca"\]', id="targets-int"),
        pytest.param('targets = ["es", 5]\n', r"translate.toml:1: targets: item 2 \(5\) is not a language code",
                     id="targets-item-int"),
        pytest.param('targets = "es"\n', r"targets = 'es' must be a list of language codes, not one string; "
                     r'write targets = \["es"\]', id="targets-string"),
        pytest.param('targets = "es,ca"\n', r'write targets = \["es", "ca"\]', id="targets-comma-string"),
        pytest.param("source_language = 3\n", r'source_language = 3 must be a string in quotes; '
                     r'write e.g. source_language = "en"', id="source-language-int"),
        pytest.param('source_language = ["en"]\n', r"source_language = \['en'\] must be a string in quotes; "
                     r'write e.g. source_language = "en"', id="source-language-list"),
        pytest.param("engines = 5\n", "'engines' must be a table", id="engines-not-table"),
        pytest.param(f"targets = [\"{'x' * 5000}\"]\n", r"unknown language code 'x{20,}'… \(5,000 characters\)",
                     id="long-value-cut"),
    ],
)
def test_bad_config(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "translate.toml").write_text(text)
    with pytest.raises((ConfigError, LanguageError), match=expected) as raised:
        load_config(Workspace(tmp_path))
    assert len(str(raised.value)) < 400 and "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        pytest.param(lambda p: p.mkdir(), "the settings file is a folder, not a file", id="folder"),
        pytest.param(lambda p: p.symlink_to(p.with_name("nowhere.toml")),
                     r"the settings file is a dangling symbolic link \(to '.*nowhere.toml', which does not exist\)",
                     id="dangling-link"),
        pytest.param(lambda p: p.symlink_to(p), "the settings file is a symbolic link loop", id="link-loop"),
        pytest.param(lambda p: p.write_bytes(b"targets = [\"\xff\"]\n"), "not valid UTF-8", id="not-utf8"),
        pytest.param(lambda p: os.mkfifo(p), r"the settings file is a FIFO \(named pipe\), not a regular file",
                     id="fifo"),
        pytest.param(lambda p: p.symlink_to("/dev/zero"), "the settings file is a device, not a regular file",
                     id="link-to-dev-zero"),
        pytest.param(lambda p: p.write_bytes(b"#" * MAX_CONFIG_BYTES + b"\n"),
                     r"the settings file is 1,048,577 bytes, more than the 1,048,576 bytes \(1 MB\) allowed",
                     id="too-large"),
    ],
)
def test_unreadable_config(tmp_path: Path, make: Callable[[Path], object], expected: str) -> None:
    make(tmp_path / "translate.toml")
    with pytest.raises(ConfigError, match=expected):
        load_config(Workspace(tmp_path))


@pytest.mark.parametrize(
    ("code", "expected"),
    [pytest.param("es", "es", id="es"), pytest.param("pt_BR", "pt-BR", id="underscore"),
     pytest.param(" UK ", "uk", id="case-space")],
)
def test_normalize_language(code: str, expected: str) -> None:
    assert normalize_language(code) == expected


@pytest.mark.parametrize("code", [pytest.param("klingon", id="word"), pytest.param("zz", id="unknown-code"),
                                  pytest.param("", id="empty"), pytest.param(5, id="not-a-string"),
                                  pytest.param(["en"], id="a-list")])
def test_unknown_language(code: object) -> None:
    with pytest.raises(LanguageError, match="(unknown language code|is not a language code)"):
        normalize_language(code)


@pytest.mark.parametrize(
    ("code", "expected"),
    [pytest.param("ukr", "uk", id="three-letter"), pytest.param("eng", "en", id="eng"),
     pytest.param("sr-Latn", "sr-Latn", id="script-kept")],
)
def test_three_letter_codes_and_scripts(code: str, expected: str) -> None:
    assert normalize_language(code) == expected
