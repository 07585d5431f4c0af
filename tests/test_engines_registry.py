"""The engine registry: engines found by module, each reading and checking its own [engines.NAME] section."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.config import Workspace, load_config
from translate.engines import Engines
from translate.engines.apertium import ENGINE as APERTIUM
from translate.engines.argos import ENGINE as ARGOS
from translate.engines.registry import engine_names, read_section
from translate.errors import ConfigError, LanguageError


def test_the_registry_lists_the_engines_by_preference() -> None:
    assert engine_names() == ("argos", "apertium")


def test_defaults(tmp_path: Path) -> None:
    config = load_config(Workspace(tmp_path))
    assert ("en", "es", "pt") in read_section(config, APERTIUM).pivots
    assert read_section(config, ARGOS).packages_dir == tmp_path / ".translate" / "models"


def test_workspace_overrides(tmp_path: Path) -> None:
    (tmp_path / "translate.toml").write_text('targets = ["es", "pt_BR"]\n[engines.apertium.pivots]\nen-it = "es"\n')
    assert read_section(load_config(Workspace(tmp_path)), APERTIUM).pivots == (("en", "es", "it"),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('[engines.apertium]\nmode_dir = "x"\n', "did you mean 'engines.apertium.modes_dir'", id="nested-key"),
        pytest.param('[engines.apertium.pivots]\nenpt = "es"\n', "is not a route", id="bad-route"),
        pytest.param("[engines.argos]\npivot = 5\n", r"translate.toml:2: engines.argos.pivot = 5 must be a string",
                     id="argos-pivot-int"),
        pytest.param("[engines.apertium]\nmodes_dir = 42\n",
                     r"translate.toml:2: engines.apertium.modes_dir = 42 must be a string in quotes", id="modes-dir-int"),
        pytest.param("[engines.argos]\npackages_dir = 7\n",
                     r"translate.toml:2: engines.argos.packages_dir = 7 must be a string in quotes",
                     id="packages-dir-int"),
        pytest.param("[engines.argos]\ncompute_type = 1\n", "engines.argos.compute_type = 1 must be a string",
                     id="compute-type-int"),
        pytest.param('[engines.argos]\ndevice = ["cpu"]\n', r"device = \['cpu'\] is not one of auto, cpu, cuda",
                     id="device-list"),
        pytest.param("[engines.argos]\nbeam_size = true\n", "beam_size = True must be a whole number >= 1",
                     id="beam-size-bool"),
        pytest.param("[engines.apertium.pivots]\nen-pt = 5\n", r"translate.toml:2: .*'en-pt' = 5 is not a route",
                     id="pivot-route-int"),
        pytest.param('[engines.apertum]\nmodes_dir = "x"\n', "unknown setting 'engines.apertum'; "
                     "did you mean 'engines.apertium'", id="unknown-engine"),
        pytest.param("[engines]\nargos = 5\n", "translate.toml: 'engines.argos' must be a table", id="engine-not-table"),
    ],
)
def test_bad_engine_settings(tmp_path: Path, text: str, expected: str) -> None:
    """Each engine checks its own section when the engines of a run (or a command) are made."""
    (tmp_path / "translate.toml").write_text(text)
    config = load_config(Workspace(tmp_path))
    with pytest.raises((ConfigError, LanguageError), match=expected) as raised:
        Engines(config)
    assert len(str(raised.value)) < 400 and "\n" not in str(raised.value)


def test_argos_pivot_can_be_switched_off(tmp_path: Path) -> None:
    (tmp_path / "translate.toml").write_text('[engines.argos]\npivot = ""\n')
    assert read_section(load_config(Workspace(tmp_path)), ARGOS).pivot is None
    (tmp_path / "translate.toml").write_text("[engines.argos]\npivot = false\n")
    assert read_section(load_config(Workspace(tmp_path)), ARGOS).pivot is None
