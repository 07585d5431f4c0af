"""The workspace (folders and state) and its configuration (translate.toml over built-in defaults)."""

from __future__ import annotations

import difflib
import functools
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import langcodes
from babel import Locale, UnknownLocaleError

from translate.errors import ConfigError, LanguageError, brief
from translate.fsutil import read_bounded

CONFIG_NAME = "translate.toml"
MAX_CONFIG_BYTES = 1024 * 1024
"""translate.toml holds a few dozen lines; a megabyte is far more than any real one."""
_LOCATION = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass(frozen=True, slots=True)
class Workspace:
    """A folder holding glossary/, templates/, outputs/ and the state in .translate/."""

    root: Path

    @property
    def glossary_dir(self) -> Path:
        return self.root / "glossary"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def outputs_dir(self) -> Path:
        return self.root / "outputs"

    @property
    def state_dir(self) -> Path:
        return self.root / ".translate"

    @property
    def store_path(self) -> Path:
        return self.state_dir / "store.sqlite3"

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    def drafts_dir(self, slug: str) -> Path:
        return self.outputs_dir / "drafts" / slug


@dataclass(frozen=True, slots=True)
class EngineSections:
    """translate.toml's ``[engines.NAME]`` tables as written, for each engine to read and validate itself."""

    tables: Mapping[str, Any]
    settings: Settings
    root: Path
    """The workspace folder, which relative paths in the sections are relative to."""


@dataclass(frozen=True, slots=True)
class Config:
    source_language: str
    targets: tuple[str, ...]
    engines: EngineSections
    """Each engine's own section (see translate.engines.registry.read_section)."""


def base_language(lang: str) -> str:
    """The language of a tag without its region or script, as engines and language data take it (``pt-BR`` -> ``pt``)."""
    return lang.replace("_", "-").split("-", 1)[0].lower()


def normalize_language(code: object, *, path: Path | None = None, line: int | None = None) -> str:
    """A language code in standard BCP 47 form (``pt-BR``, ``uk`` for ``ukr``), known to babel; else LanguageError."""
    hint = "use an ISO 639-1 code such as es, ca, uk, pt-BR"
    if not isinstance(code, str):
        raise LanguageError(f"{brief(code)} is not a language code", path=path, line=line, hint=hint)
    cleaned = code.strip().replace("_", "-")
    try:
        tag = langcodes.standardize_tag(cleaned)  # ukr -> uk, eng -> en, pt_BR -> pt-BR
        Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError) as error:
        raise LanguageError(f"unknown language code {brief(code)}", path=path, line=line, hint=hint) from error
    return tag


@functools.cache
def _defaults() -> dict[str, Any]:
    return tomllib.loads(resources.files("translate").joinpath("defaults.toml").read_text("utf-8"))


def merge_settings(base: Mapping[str, Any], override: Mapping[str, Any], path: Path, prefix: str = "", *,
                   free_tables: tuple[str, ...] = ()) -> dict[str, Any]:
    """``override`` laid over ``base``, key by key, into nested tables; ConfigError for a key ``base`` lacks
    (with "did you mean"). A table named in ``free_tables`` holds the user's own keys: it replaces the default."""
    merged = dict(base)
    for key, value in override.items():
        name = f"{prefix}{key}"
        if key not in base:
            close = difflib.get_close_matches(key, list(base), n=1)
            hint = f"did you mean '{prefix}{close[0]}'?" if close else f"known keys: {', '.join(sorted(base))}"
            raise ConfigError(f"unknown setting {brief(name)}", path=path, hint=hint)
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{name!r} must be a table", path=path, hint=f"write it as a [{name}] section")
            merged[key] = value if key in free_tables else merge_settings(base[key], value, path, f"{name}.")
        else:
            merged[key] = value
    return merged


def load_config(workspace: Workspace) -> Config:
    """The built-in defaults with the workspace's translate.toml, if any, laid over them.

    ConfigError names the file, the setting (and its line) and what to write instead, for a
    setting of the wrong type as for an unknown one.
    """
    data = _defaults()
    path = workspace.config_path
    text = ""
    if os.path.lexists(path):
        text = _read_config(path)
        try:
            override = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            match = _LOCATION.search(str(error))
            raise ConfigError(
                _LOCATION.sub("", str(error)).strip(),
                path=path,
                line=int(match.group(1)) if match else None,
                hint="fix the TOML syntax",
            ) from error
        data = merge_settings(data, override, path, free_tables=("engines",))
    settings = Settings(path, text)
    return Config(
        source_language=settings.language(data, "", "source_language", example='"en"'),
        targets=settings.languages(data, "", "targets"),
        engines=EngineSections(data["engines"], settings, workspace.root),
    )


def _read_config(path: Path) -> str:
    """translate.toml's text: a regular file of at most MAX_CONFIG_BYTES (a link to /dev/zero would never end)."""
    data = read_bounded(path, limit=MAX_CONFIG_BYTES, what="settings file", error=ConfigError,
                        hint="translate.toml holds a few settings; remove what is not one")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError("not valid UTF-8", path=path, hint="save it as UTF-8") from error


_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")


@dataclass(frozen=True, slots=True)
class Settings:
    """Reads typed values out of the merged settings; ConfigError names the setting, its line and the fix."""

    path: Path
    text: str

    def line(self, table: str, key: str) -> int | None:
        """The line of ``key = …`` in ``[table]`` ("" for the top) of translate.toml, if written plainly."""
        current = ""
        assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number, line in enumerate(self.text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header:
                current = header.group(1).replace('"', "").replace(" ", "")
            elif current == table and assignment.match(line):
                return number
        return None

    def fail(self, table: str, key: str, problem: str, hint: str) -> ConfigError:
        name = f"{table}.{key}" if table else key
        return ConfigError(f"{name}{problem}", path=self.path, line=self.line(table, key), hint=hint)

    def string(self, values: dict[str, Any], table: str, key: str, *, example: str) -> str:
        value = values[key]
        if not isinstance(value, str):
            raise self.fail(table, key, f" = {brief(value)} must be a string in quotes",
                            f"write e.g. {key} = {example}")
        return value

    def language(self, values: dict[str, Any], table: str, key: str, *, example: str) -> str:
        value = values[key]
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
            example = f'"{value[0]}"'  # one code written as a list: say how to write it
        code = self.string(values, table, key, example=example)
        return normalize_language(code, path=self.path, line=self.line(table, key))

    def languages(self, values: dict[str, Any], table: str, key: str) -> tuple[str, ...]:
        value = values[key]
        line = self.line(table, key)
        if isinstance(value, str):
            codes = ", ".join(f'"{c.strip()}"' for c in value.split(",") if c.strip()) or '"es"'
            raise self.fail(table, key, f" = {brief(value)} must be a list of language codes, not one string",
                            f"write {key} = [{codes}]")
        if not isinstance(value, list):
            raise self.fail(table, key, f" = {brief(value)} must be a list of language codes",
                            f'write e.g. {key} = ["es", "ca"]')
        for index, code in enumerate(value, start=1):
            if not isinstance(code, str):
                raise self.fail(table, key, f": item {index} ({brief(code)}) is not a language code in quotes",
                                f'write e.g. {key} = ["es", "ca"]')
        return tuple(normalize_language(code, path=self.path, line=line) for code in value)

    def choice(self, values: dict[str, Any], table: str, key: str, choices: tuple[str, ...]) -> str:
        value = values[key]
        if not isinstance(value, str) or value not in choices:
            raise self.fail(table, key, f" = {brief(value)} is not one of {', '.join(choices)}",
                            f'write e.g. {key} = "{choices[0]}"')
        return value

    def whole(self, values: dict[str, Any], table: str, key: str, *, minimum: int = 1) -> int:
        value = values[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.fail(table, key, f" = {brief(value)} must be a whole number >= {minimum}",
                            f"write e.g. {key} = {max(minimum, 4)}")
        return value


@dataclass(frozen=True, slots=True)
class Section:
    """One table of translate.toml merged over its defaults; each typed read names the setting, its line and the fix."""

    settings: Settings
    table: str
    """Its dotted name, e.g. ``engines.argos``."""
    values: Mapping[str, Any]
    root: Path

    def line(self, key: str, *, table: str | None = None) -> int | None:
        return self.settings.line(self.table if table is None else table, key)

    def fail(self, key: str, problem: str, hint: str) -> ConfigError:
        return self.settings.fail(self.table, key, problem, hint)

    def string(self, key: str, *, example: str) -> str:
        return self.settings.string(dict(self.values), self.table, key, example=example)

    def path(self, key: str, *, example: str) -> Path:
        """A folder or file setting; a relative one is taken from the workspace folder."""
        path = Path(self.string(key, example=example))
        return path if path.is_absolute() else self.root / path

    def language(self, key: str, *, example: str) -> str:
        return self.settings.language(dict(self.values), self.table, key, example=example)

    def choice(self, key: str, choices: tuple[str, ...]) -> str:
        return self.settings.choice(dict(self.values), self.table, key, choices)

    def whole(self, key: str, *, minimum: int = 1) -> int:
        return self.settings.whole(dict(self.values), self.table, key, minimum=minimum)
