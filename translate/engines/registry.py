"""The registry of engines: the modules that declare one, in the order ``--engine auto`` prefers them.

A new engine is one module declaring ``ENGINE = EngineSpec(...)`` (see :mod:`translate.engines.base`)
and its line in ``MODULES``. Each engine reads and validates its own ``[engines.NAME]`` section.
"""

from __future__ import annotations

import difflib
import functools
import importlib
from typing import TypeVar

from translate.config import Config, Section, merge_settings
from translate.engines.base import EngineSpec
from translate.errors import ConfigError, brief

S = TypeVar("S")

MODULES = (
    "translate.engines.argos",
    "translate.engines.apertium",
)
"""Engine modules, most preferred first: auto takes an argos package, else an Apertium pair."""


@functools.cache
def engine_specs() -> tuple[EngineSpec[object], ...]:
    """Every registered engine's spec, most preferred first (imports the modules once)."""
    return tuple(importlib.import_module(module).ENGINE for module in MODULES)


def engine_names() -> tuple[str, ...]:
    return tuple(spec.name for spec in engine_specs())


def read_section(config: Config, spec: EngineSpec[S]) -> S:
    """The engine's settings: its ``[engines.NAME]`` of translate.toml over its defaults, validated by it.

    ConfigError names the file, the setting and its line, with "did you mean" for an unknown key.
    """
    sections = config.engines
    table = f"engines.{spec.name}"
    given = sections.tables.get(spec.name, {})
    if not isinstance(given, dict):
        raise ConfigError(f"{table!r} must be a table", path=sections.settings.path,
                          hint=f"write it as a [{table}] section")
    values = merge_settings(spec.defaults, given, sections.settings.path, f"{table}.", free_tables=spec.free_tables)
    return spec.read_settings(Section(sections.settings, table, values, sections.root))


def check_sections(config: Config) -> None:
    """ConfigError for an ``[engines.NAME]`` no registered engine has (with "did you mean")."""
    names = engine_names()
    for name in config.engines.tables:
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f"did you mean 'engines.{close[0]}'?" if close else f"known engines: {', '.join(names)}"
            raise ConfigError(f"unknown setting {brief(f'engines.{name}')}", path=config.engines.settings.path,
                              hint=hint)
