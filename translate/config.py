"""The workspace (folders and state) and its configuration (translate.toml over built-in defaults)."""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import langcodes
from babel import Locale, UnknownLocaleError

from translate.errors import ConfigError, LanguageError

CONFIG_NAME = "translate.toml"
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
class Config:
    source_language: str
    targets: tuple[str, ...]
    apertium_modes_dir: Path
    apertium_pivots: tuple[tuple[str, str, str], ...]
    """(src, via, tgt) routes for pairs Apertium reaches only through a pivot."""
    argos_packages_dir: Path
    argos_device: str = "auto"
    argos_compute_type: str = "default"
    argos_beam_size: int = 4
    argos_threads: int = 0
    argos_max_batch_size: int = 32
    argos_pivot: str | None = "en"


def normalize_language(code: str, *, path: Path | None = None, line: int | None = None) -> str:
    """A language code in standard BCP 47 form (``pt-BR``, ``uk`` for ``ukr``), known to babel; else LanguageError."""
    cleaned = code.strip().replace("_", "-")
    try:
        tag = langcodes.standardize_tag(cleaned)  # ukr -> uk, eng -> en, pt_BR -> pt-BR
        Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError) as error:
        raise LanguageError(
            f"unknown language code {code!r}",
            path=path,
            line=line,
            hint="use an ISO 639-1 code such as es, ca, uk, pt-BR",
        ) from error
    return tag


@functools.cache
def _defaults() -> dict[str, Any]:
    return tomllib.loads(resources.files("translate").joinpath("defaults.toml").read_text("utf-8"))


def _merge(base: dict[str, Any], override: dict[str, Any], path: Path, prefix: str = "") -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        name = f"{prefix}{key}"
        if key not in base:
            close = difflib.get_close_matches(key, list(base), n=1)
            hint = f"did you mean '{prefix}{close[0]}'?" if close else f"known keys: {', '.join(sorted(base))}"
            raise ConfigError(f"unknown setting {name!r}", path=path, hint=hint)
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{name!r} must be a table", path=path)
            merged[key] = value if key == "pivots" else _merge(base[key], value, path, f"{name}.")
        else:
            merged[key] = value
    return merged


def load_config(workspace: Workspace) -> Config:
    """The built-in defaults with the workspace's translate.toml, if any, laid over them."""
    data = _defaults()
    path = workspace.config_path
    if path.is_file():
        try:
            override = tomllib.loads(path.read_text("utf-8"))
        except tomllib.TOMLDecodeError as error:
            match = _LOCATION.search(str(error))
            raise ConfigError(
                _LOCATION.sub("", str(error)).strip(),
                path=path,
                line=int(match.group(1)) if match else None,
                hint="fix the TOML syntax",
            ) from error
        except UnicodeDecodeError as error:
            raise ConfigError("not valid UTF-8", path=path, hint="save it as UTF-8") from error
        data = _merge(data, override, path)
    apertium, argos = data["engines"]["apertium"], data["engines"]["argos"]
    pivots = []
    for route, via in sorted(apertium["pivots"].items()):
        src, _, tgt = route.partition("-")
        if not tgt or not isinstance(via, str):
            raise ConfigError(
                f"engines.apertium.pivots: {route!r} = {via!r} is not a route",
                path=path,
                hint='write "SRC-TGT" = "PIVOT", e.g. en-pt = "es"',
            )
        pivots.append((normalize_language(src, path=path), normalize_language(via, path=path),
                       normalize_language(tgt, path=path)))
    packages_dir = Path(argos["packages_dir"])
    return Config(
        source_language=normalize_language(data["source_language"], path=path),
        targets=tuple(normalize_language(code, path=path) for code in data["targets"]),
        apertium_modes_dir=Path(apertium["modes_dir"]),
        apertium_pivots=tuple(pivots),
        argos_packages_dir=packages_dir if packages_dir.is_absolute() else workspace.root / packages_dir,
        argos_device=_choice(argos, "device", ("auto", "cpu", "cuda"), path),
        argos_compute_type=str(argos["compute_type"]),
        argos_beam_size=_positive(argos, "beam_size", path),
        argos_threads=_positive(argos, "threads", path, minimum=0),
        argos_max_batch_size=_positive(argos, "max_batch_size", path),
        argos_pivot=normalize_language(argos["pivot"], path=path) if argos["pivot"] else None,
    )


def _choice(table: dict[str, Any], key: str, choices: tuple[str, ...], path: Path) -> str:
    value = table[key]
    if value not in choices:
        raise ConfigError(f"{key} = {value!r} is not one of {', '.join(choices)}", path=path)
    return str(value)


def _positive(table: dict[str, Any], key: str, path: Path, *, minimum: int = 1) -> int:
    value = table[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ConfigError(f"{key} = {value!r} must be a whole number >= {minimum}", path=path)
    return value
