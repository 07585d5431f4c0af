"""Engine registry and routing: which engine (or chain of engines) translates each pair."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from translate.config import Config
from translate.engines.apertium import ApertiumEngine
from translate.engines.argos import ArgosEngine, ArgosOptions
from translate.engines.base import Engine, Pair
from translate.engines.pivot import Pivot
from translate.errors import EngineNotInstalled, PairNotAvailable

ENGINES: dict[str, Callable[[Config], Engine]] = {
    "argos": lambda config: ArgosEngine(
        packages_dir=config.argos_packages_dir,
        options=ArgosOptions(
            device=config.argos_device, compute_type=config.argos_compute_type, beam_size=config.argos_beam_size,
            threads=config.argos_threads, max_batch_size=config.argos_max_batch_size,
        ),
    ),
    "apertium": lambda config: ApertiumEngine(modes_dir=config.apertium_modes_dir),
}
CHOICES = ("auto", *ENGINES)
"""``auto`` prefers an installed argos package, then a direct Apertium pair, then a pivot."""


@dataclass(frozen=True, slots=True)
class Route:
    """How one pair is translated: by which engine, directly or through a pivot language."""

    src: str
    tgt: str
    engine: str
    via: str | None = None

    @property
    def description(self) -> str:
        return f"{self.engine} via {self.via}" if self.via else self.engine


@functools.cache
def apt_packages() -> dict[Pair, str]:
    """The Debian package that adds each Apertium pair (data/apertium-packages.toml)."""
    text = resources.files("translate").joinpath("data/apertium-packages.toml").read_text("utf-8")
    packages: dict[Pair, str] = {}
    for package, pairs in tomllib.loads(text).items():
        for pair in pairs:
            src, _, tgt = pair.partition("-")
            packages[(src, tgt)] = package
    return packages


def _base(lang: str) -> str:
    """The language of a tag without its region or script (``en-US`` -> ``en``)."""
    return lang.split("-", 1)[0]


class Engines:
    """The engines of one run: each built once, one route per pair, all closed together."""

    def __init__(self, config: Config, *, choice: str = "auto") -> None:
        if choice not in CHOICES:
            raise ValueError(f"unknown engine {choice!r}; choose one of {', '.join(CHOICES)}")
        self.config = config
        self.choice = choice
        self._engines: dict[str, Engine] = {}
        self._routes: dict[Pair, Engine] = {}

    def __enter__(self) -> Engines:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def engine(self, name: str) -> Engine:
        if name not in self._engines:
            self._engines[name] = ENGINES[name](self.config)
        return self._engines[name]

    def routes(self) -> list[Route]:
        """Every pair some engine can translate here, with the route the current choice takes."""
        names = list(ENGINES) if self.choice == "auto" else [self.choice]
        found: dict[Pair, Route] = {}
        for name in names:
            for src, tgt in sorted(self.engine(name).pairs()):
                found.setdefault((src, tgt), Route(src, tgt, name))
        if "argos" in names and self.config.argos_pivot:
            direct, via = self.engine("argos").pairs(), self.config.argos_pivot
            for src, mid in sorted(direct):
                for mid2, tgt in sorted(direct):
                    if mid == mid2 == via and src != tgt:
                        found.setdefault((src, tgt), Route(src, tgt, "argos", via))
        if "apertium" in names:
            direct = self.engine("apertium").pairs()
            for src, via, tgt in self.config.apertium_pivots:
                if (src, via) in direct and (via, tgt) in direct:
                    found.setdefault((src, tgt), Route(src, tgt, "apertium", via))
        return [found[pair] for pair in sorted(found)]

    def route(self, src: str, tgt: str) -> Route:
        for route in self.routes():
            if (route.src, route.tgt) == (src, tgt):
                return route
        apertium = self.engine("apertium") if self.choice in ("auto", "apertium") else None
        package = apt_packages().get((src, tgt), "apertium-eng-spa")
        problem = apertium.unavailable(package=package) if isinstance(apertium, ApertiumEngine) else None
        if problem is not None:
            raise EngineNotInstalled(f"no engine offers {src}->{tgt}: {problem.message}", hint=problem.hint)
        raise PairNotAvailable(
            f"no engine offers {src}->{tgt}" + ("" if self.choice == "auto" else f" with --engine {self.choice}"),
            hint=self.missing_pair_hint(src, tgt),
        )

    def for_pair(self, src: str, tgt: str) -> Engine:
        """The engine (or pivot chain) that translates src -> tgt."""
        if (src, tgt) not in self._routes:
            route = self.route(src, tgt)
            engine = self.engine(route.engine)
            self._routes[(src, tgt)] = (
                Pivot(engine, engine, src=src, via=route.via, tgt=tgt) if route.via else engine
            )
        return self._routes[(src, tgt)]

    def missing_pair_hint(self, src: str, tgt: str) -> str:
        routes = {(r.src, r.tgt) for r in self.routes()}
        base = (_base(src), _base(tgt))
        if base != (src, tgt) and base in routes:
            # Engines translate languages, not regional variants: en-US is English to all of them.
            return (f"{base[0]}->{base[1]} is available: write the languages without their region "
                    f"(front matter `lang: {base[0]}` or source_language = \"{base[0]}\"; --to {base[1]})")
        available = ", ".join(f"{r.src}->{r.tgt}" for r in self.routes()) or "none"
        packages = apt_packages()
        if (src, tgt) in packages:
            add = f"sudo apt-get install {packages[(src, tgt)]} adds it"
        else:
            chains = [
                f"{packages[(src, via)]} + {packages[(via, tgt)]} (via {via}, declared in translate.toml)"
                for (a, via) in sorted(packages)
                if a == src and (via, tgt) in packages
            ]
            add = (
                f"no Debian Apertium package offers it; a pivot could: {chains[0]}"
                if chains
                else "no Debian Apertium package offers it; an argostranslate package for it would"
            )
        return f"available here: {available}; {add}"

    def close(self) -> None:
        for engine in self._engines.values():
            engine.close()
        self._engines.clear()
        self._routes.clear()
