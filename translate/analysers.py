"""Apertium's monolingual analysers: which words a language's dictionary knows.

A language's analyser is the ``automorf.bin`` named by an installed mode file whose source is that
language (``spa-eng.mode`` for Spanish: the reverse of the English pair, preferred where there are
several; ``pt-es.mode`` for Portuguese). Each analyser runs as one persistent ``lt-proc -z``
process, started on first use and fed NUL-separated requests; answers are cached per text and per
word, so a run asks each distinct word once. Processes end with :meth:`Analysers.close` (or when
the interpreter exits).
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import langcodes

from translate.config import base_language
from translate.errors import EngineError

DEFAULT_MODES_DIR = Path("/usr/share/apertium/modes")
_MODE_NAME = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})$")
_QUOTED = re.compile(r"'([^']+)'")
STAGES = {"analyser": ".automorf.bin", "bidix": ".autobil.bin", "generator": ".autogen.bin"}
_UNIT = re.compile(r"\^((?:[^$\\]|\\.)*)\$")
_ESCAPED = re.compile(r"([\\\[\]^$/@<>{}])")
_UNESCAPE = re.compile(r"\\(.)")
_SPLIT = re.compile(r"(?<!\\)/")
_TEXT_CACHE = 4096
"""Analysed texts kept per analyser (a run's segments; each is asked about by two checks)."""


def mode_files(mode: Path) -> list[str]:
    """The files a mode file's commands name (quoted paths), in order."""
    return _QUOTED.findall(mode.read_text("utf-8", errors="replace"))


def stage_files(mode: Path) -> dict[str, Path]:
    """The compiled dictionaries a mode file uses, by stage (analyser, bidix, generator)."""
    paths = mode_files(mode)
    found: dict[str, Path] = {}
    for stage, suffix in STAGES.items():
        for path in paths:
            if path.endswith(suffix) and stage not in found:
                found[stage] = Path(path)
    missing = sorted(set(STAGES) - set(found))
    if missing:
        raise EngineError(f"Apertium mode {mode.name} names no {', '.join(missing)} dictionary")
    return found


def reverse_mode(mode: Path) -> Path | None:
    """The mode file of the opposite direction of ``mode``'s pair (spa-eng for eng-spa), if installed."""
    src, _, tgt = mode.stem.partition("-")
    reverse = mode.parent / f"{tgt}-{src}.mode"
    try:
        stage_files(reverse)
    except (OSError, EngineError):
        return None
    return reverse


def _language(code: str) -> str | None:
    try:
        tag = langcodes.standardize_tag(code)
    except ValueError:
        return None
    return tag if langcodes.tag_is_valid(tag) else None


def find_analysers(modes_dir: Path) -> dict[str, Path]:
    """Each language's analyser among the plain mode files of ``modes_dir`` (variants like _valencia left out).

    Of a language's modes, one into English is preferred (its analyser is the fullest: the reverse of
    the pair the language is translated with), then the first by name."""
    found: dict[str, tuple[bool, Path]] = {}
    if not modes_dir.is_dir():
        return {}
    for mode in sorted(modes_dir.glob("*.mode")):
        match = _MODE_NAME.match(mode.stem)
        lang = _language(match.group(1)) if match else None
        if match is None or lang is None:
            continue
        try:
            analyser = stage_files(mode)["analyser"]
        except (OSError, EngineError):
            continue
        into_english = _language(match.group(2)) == "en"
        if analyser.is_file() and (lang not in found or into_english and not found[lang][0]):
            found[lang] = (into_english, analyser)
    return {lang: path for lang, (_, path) in found.items()}


@dataclass(frozen=True, slots=True)
class Unit:
    """One lexical unit of an analysed text: its surface form and its readings (none when unknown)."""

    surface: str
    readings: tuple[str, ...]

    @property
    def known(self) -> bool:
        return bool(self.readings)

    @property
    def proper_noun(self) -> bool:
        """Whether every reading is a proper noun (a name the dictionary lists)."""
        return bool(self.readings) and all("<np>" in reading for reading in self.readings)


def parse(answer: str) -> list[Unit]:
    """The units of an lt-proc answer (``^word/reading/reading$ ^word/*word$``)."""
    units = []
    for body in _UNIT.findall(answer):
        surface, *readings = _SPLIT.split(body)
        unknown = not readings or readings[0].startswith("*")
        units.append(Unit(_UNESCAPE.sub(r"\1", surface), () if unknown else tuple(readings)))
    return units


def _line(text: str) -> str:
    """Plain text as one line of an analyser's input: spaces collapsed (NUL ends a request: a space here),
    Apertium's special characters escaped."""
    return _ESCAPED.sub(r"\\\1", " ".join(text.replace("\0", " ").split()))


class Analyser:
    """One language's analyser: a persistent ``lt-proc -z`` over its ``automorf.bin``."""

    def __init__(self, binary: Path) -> None:
        self.binary = binary
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._texts: dict[str, tuple[Unit, ...]] = {}
        self._words: dict[str, Unit | None] = {}

    def analyse(self, text: str) -> tuple[Unit, ...]:
        """The units of plain ``text`` as the analyser reads it in context (multiwords, contractions)."""
        units = self._texts.get(text)
        if units is None:
            units = tuple(parse(self._ask(_line(text))))
            self._keep(text, units)
        return units

    def analyse_all(self, texts: Iterable[str]) -> None:
        """Analyse ``texts`` in one request, so that :meth:`analyse` answers them from the cache."""
        new = [text for text in dict.fromkeys(texts) if text not in self._texts]
        if not new:
            return
        lines = self._ask("\n".join(_line(text) for text in new)).split("\n")
        if len(lines) == len(new):
            for text, line in zip(new, lines, strict=True):
                self._keep(text, tuple(parse(line)))

    def _keep(self, text: str, units: tuple[Unit, ...]) -> None:
        if len(self._texts) >= _TEXT_CACHE:
            self._texts.clear()
        self._texts[text] = units

    def words(self, words: Iterable[str]) -> dict[str, Unit | None]:
        """Each word looked up on its own, in one request for those not asked before: its unit, or None
        when the analyser reads it as several units (it is no single word)."""
        wanted = list(dict.fromkeys(words))
        new = [w for w in wanted if w not in self._words and w.strip()]
        if new:
            answer = self._ask("\n".join(_line(w) for w in new))
            lines = answer.split("\n")
            for n, word in enumerate(new):
                units = parse(lines[n]) if n < len(lines) else []
                self._words[word] = units[0] if len(units) == 1 and units[0].surface == word else None
        return {w: self._words.get(w) for w in wanted}

    def known(self, words: Iterable[str]) -> frozenset[str]:
        """The words the analyser knows, each on its own."""
        return frozenset(w for w, unit in self.words(words).items() if unit is not None and unit.known)

    def _ask(self, request: str) -> str:
        with self._lock:
            process = self._start()
            assert process.stdin is not None and process.stdout is not None
            try:
                # A blank before the NUL: without one, lt-proc holds a final punctuation mark back for the
                # next request.
                process.stdin.write(request.encode("utf-8") + b"\n\0")
                process.stdin.flush()
                chunks: list[bytes] = []
                while not chunks or not chunks[-1].endswith(b"\0"):
                    chunk = os.read(process.stdout.fileno(), 65536)
                    if not chunk:
                        raise EngineError(f"lt-proc stopped reading {self.binary.name}")
                    chunks.append(chunk)
            except (OSError, EngineError) as error:
                self._stop()
                raise EngineError(f"lt-proc failed reading {self.binary.name}: {error}") from error
        answer = b"".join(chunks)[:-1].decode("utf-8", errors="replace")
        return answer[:-1] if answer.endswith("\n") else answer

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            if shutil.which("lt-proc") is None:
                raise EngineError("lt-proc is not installed (Debian lttoolbox)")
            self._process = subprocess.Popen(["lt-proc", "-z", str(self.binary)], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return self._process

    def _stop(self) -> None:
        if self._process is not None:
            if self._process.stdin is not None:
                self._process.stdin.close()
            self._process.kill()
            self._process.wait()
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None

    def close(self) -> None:
        """End the process (a later request starts another)."""
        with self._lock:
            self._stop()


class Analysers:
    """The analysers of the languages installed under ``modes_dir``, each started on first use."""

    def __init__(self, modes_dir: Path = DEFAULT_MODES_DIR) -> None:
        self.modes_dir = modes_dir
        self._paths: dict[str, Path] | None = None
        self._running: dict[str, Analyser] = {}
        self._lock = threading.Lock()

    def languages(self) -> frozenset[str]:
        """The languages with an analyser installed (``lt-proc`` found too)."""
        return frozenset(self._installed())

    def get(self, lang: str) -> Analyser | None:
        """``lang``'s analyser (a region or script ignored: pt-BR reads as pt), or None when none is installed."""
        base = base_language(lang)
        path = self._installed().get(base)
        if path is None:
            return None
        with self._lock:
            if base not in self._running:
                self._running[base] = Analyser(path)
            return self._running[base]

    def close(self) -> None:
        for analyser in self._running.values():
            analyser.close()

    def _installed(self) -> dict[str, Path]:
        if self._paths is None:
            self._paths = find_analysers(self.modes_dir) if shutil.which("lt-proc") else {}
        return self._paths


@functools.cache
def installed() -> Analysers:
    """The analysers under Apertium's default modes folder, shared by every check of the process."""
    analysers = Analysers()
    atexit.register(analysers.close)
    return analysers
