from __future__ import annotations

from pathlib import Path

import pytest

from translate.config import Workspace, load_config, normalize_language
from translate.errors import ConfigError, LanguageError


def test_defaults(tmp_path: Path) -> None:
    config = load_config(Workspace(tmp_path))
    assert config.source_language == "en"
    assert config.targets == ("es", "ca", "gl", "pt", "fr", "it")
    assert ("en", "es", "pt") in config.apertium_pivots
    assert config.argos_packages_dir == tmp_path / ".translate" / "models"


def test_workspace_overrides(tmp_path: Path) -> None:
    (tmp_path / "translate.toml").write_text('targets = ["es", "pt_BR"]\n[engines.apertium.pivots]\nen-it = "es"\n')
    config = load_config(Workspace(tmp_path))
    assert config.targets == ("es", "pt-BR")
    assert config.apertium_pivots == (("en", "es", "it"),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("targets = [\"es\"]\nsource_language = \n", r"translate.toml:2: .*fix the TOML syntax", id="syntax-line"),
        pytest.param('target = ["es"]\n', "unknown setting 'target'; did you mean 'targets'", id="did-you-mean"),
        pytest.param('[engines.apertium]\nmode_dir = "x"\n', "did you mean 'engines.apertium.modes_dir'", id="nested-key"),
        pytest.param('[engines.apertium.pivots]\nenpt = "es"\n', "is not a route", id="bad-route"),
        pytest.param('targets = ["xx-nope"]\n', "unknown language code 'xx-nope'", id="bad-language"),
    ],
)
def test_bad_config(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "translate.toml").write_text(text)
    with pytest.raises((ConfigError, LanguageError), match=expected):
        load_config(Workspace(tmp_path))


@pytest.mark.parametrize(
    ("code", "expected"),
    [pytest.param("es", "es", id="es"), pytest.param("pt_BR", "pt-BR", id="underscore"),
     pytest.param(" UK ", "uk", id="case-space")],
)
def test_normalize_language(code: str, expected: str) -> None:
    assert normalize_language(code) == expected


@pytest.mark.parametrize("code", [pytest.param("klingon", id="word"), pytest.param("zz", id="unknown-code"),
                                  pytest.param("", id="empty")])
def test_unknown_language(code: str) -> None:
    with pytest.raises(LanguageError, match="unknown language code"):
        normalize_language(code)


@pytest.mark.parametrize(
    ("code", "expected"),
    [pytest.param("ukr", "uk", id="three-letter"), pytest.param("eng", "en", id="eng"),
     pytest.param("sr-Latn", "sr-Latn", id="script-kept")],
)
def test_three_letter_codes_and_scripts(code: str, expected: str) -> None:
    assert normalize_language(code) == expected
