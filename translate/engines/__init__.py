"""Routing: which engine (or chain of engines) translates each pair, asking the engines what they offer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from translate.config import Config, base_language
from translate.engines.base import Engine, Pair
from translate.engines.pivot import Pivot
from translate.engines.registry import check_sections, engine_names, engine_specs, read_section
from translate.errors import EngineNotInstalled, PairNotAvailable

CHOICES = ("auto", *engine_names())
"""``auto`` takes the registered engines in order of preference (an installed argos package, then a
direct Apertium pair), each engine's pivots after every direct pair."""


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


class Engines:
    """The engines of one run: each built once, one route per pair, all closed together.

    From ``config``, the registered engines are built (each from its own settings, read and checked
    here); ``engines`` injects built ones instead, in order of preference (they are closed with the rest).
    """

    def __init__(self, config: Config | None = None, *, choice: str = "auto",
                 engines: Sequence[Engine] | None = None) -> None:
        if engines is None:
            if config is None:
                raise ValueError("Engines needs a config or the engines themselves")
            check_sections(config)
            self._settings = {spec.name: read_section(config, spec) for spec in engine_specs()}
            self.names = engine_names()
        else:
            self._settings = {}
            self.names = tuple(engine.name for engine in engines)
        if choice != "auto" and choice not in self.names:
            raise ValueError(f"unknown engine {choice!r}; choose one of {', '.join(('auto', *self.names))}")
        self.choice = choice
        self._engines: dict[str, Engine] = {engine.name: engine for engine in engines or ()}
        self._routes: dict[Pair, Engine] = {}

    def __enter__(self) -> Engines:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def engine(self, name: str) -> Engine:
        if name not in self._engines:
            spec = next(spec for spec in engine_specs() if spec.name == name)
            self._engines[name] = spec.build(self._settings[name])
        return self._engines[name]

    def candidates(self) -> list[Engine]:
        """The engines the current choice may route to, most preferred first."""
        return [self.engine(name) for name in self.names if self.choice in ("auto", name)]

    def routes(self) -> list[Route]:
        """Every pair some engine can translate here, with the route the current choice takes."""
        engines = self.candidates()
        found: dict[Pair, Route] = {}
        for engine in engines:
            for src, tgt in sorted(engine.pairs()):
                found.setdefault((src, tgt), Route(src, tgt, engine.name))
        for engine in engines:
            for src, via, tgt in sorted(engine.pivots()):
                found.setdefault((src, tgt), Route(src, tgt, engine.name, via))
        return [found[pair] for pair in sorted(found)]

    def route(self, src: str, tgt: str) -> Route:
        for route in self.routes():
            if (route.src, route.tgt) == (src, tgt):
                return route
        for engine in self.candidates():
            problem = engine.problem(src, tgt)
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
        base = (base_language(src), base_language(tgt))
        if base != (src, tgt) and base in routes:
            # Engines translate languages, not regional variants: en-US is English to all of them.
            return (f"{base[0]}->{base[1]} is available: write the languages without their region "
                    f"(front matter `lang: {base[0]}` or source_language = \"{base[0]}\"; --to {base[1]})")
        available = ", ".join(f"{r.src}->{r.tgt}" for r in self.routes()) or "none"
        # What would add the pair, from every engine, whichever was chosen.
        ways = [way for name in self.names if (way := self.engine(name).suggestion(src, tgt))]
        return "; ".join([f"available here: {available}", *ways])

    def close(self) -> None:
        for engine in self._engines.values():
            engine.close()
        self._engines.clear()
        self._routes.clear()
