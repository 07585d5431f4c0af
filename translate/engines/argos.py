"""argostranslate, the neural engine: its packages and tokenizers, decoded in batches by CTranslate2.

argostranslate finds and reads the packages (metadata, SentencePiece or BPE tokenizer, target
prefix); decoding bypasses its ``translate()``, which decodes sentence by sentence in 32-token
batches: each call here sends all of an article's segments to ONE warm ``ctranslate2.Translator``
per package in batches sized by examples. Forbidden target terms can be suppressed inside the
decoder (``suppress_sequences``), every tokenization variant of each.

argostranslate reads its settings from the environment when first imported (and creates folders
then), so it is imported only when a translation is asked for, with ARGOS_PACKAGES_DIR pointing at
our folder. Finding packages needs no import: each has a ``metadata.json``.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.engines.base import Pair
from translate.errors import EngineError, PairNotAvailable
from translate.inline import escape, strip_tags, tag_numbers
from translate.model import Finding, MTResult, Severity
from translate.engines.argos_packages import read_metadata

logger = logging.getLogger(__name__)

INSTALL_HINT = "install a package with: translate models install FILE.argosmodel (see translate models list)"


@dataclass(frozen=True, slots=True)
class ArgosPackage:
    path: Path
    src: str
    tgt: str
    version: str
    name: str


@dataclass(frozen=True, slots=True)
class ArgosOptions:
    """Decoding options: device ``cpu``, ``cuda`` or ``auto`` (cuda when a GPU is visible)."""

    device: str = "auto"
    compute_type: str = "default"
    beam_size: int = 4
    threads: int = 0
    """CPU threads per translation (0: CTranslate2's default)."""
    max_batch_size: int = 32
    """Segments per decoding batch."""


def find_packages(packages_dir: Path) -> dict[Pair, ArgosPackage]:
    """The translate packages unpacked under ``packages_dir``, by language pair (their metadata.json only)."""
    found: dict[Pair, ArgosPackage] = {}
    if not packages_dir.is_dir():
        return found
    for metadata_file in sorted(packages_dir.glob("*/metadata.json")):
        metadata = read_metadata(metadata_file.parent)
        if metadata is not None:
            pair = (metadata.from_code, metadata.to_code)
            found.setdefault(pair, ArgosPackage(metadata.folder, *pair, metadata.version, metadata.name))
    return found


def resolve_device(device: str) -> str:
    """``cpu`` or ``cuda``; EngineError when cuda is asked for and no GPU is visible."""
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count()
    if device == "auto":
        return "cuda" if gpus > 0 else "cpu"
    if device == "cuda" and gpus == 0:
        raise EngineError(
            "argos: device cuda was asked for, but CTranslate2 sees no CUDA GPU here",
            hint="use device = \"cpu\" or \"auto\" in translate.toml [engines.argos]",
        )
    if device not in ("cpu", "cuda"):
        raise EngineError(f"argos: unknown device {device!r}", hint="use cpu, cuda or auto")
    return device


@dataclass(slots=True)
class _Loaded:
    package: Any
    translator: Any
    lock: threading.Lock


class ArgosEngine:
    """Translates with the argostranslate packages in ``packages_dir``, one warm Translator each."""

    name = "argos"
    suppresses = True
    """translate_batch accepts ``suppress``: terms the decoder must not produce."""

    def __init__(self, *, packages_dir: Path, options: ArgosOptions | None = None) -> None:
        self.packages_dir = packages_dir
        self.options = options or ArgosOptions()
        self._packages: dict[Pair, ArgosPackage] | None = None
        self._loaded: dict[Pair, _Loaded] = {}
        self._lock = threading.Lock()
        self._device: str | None = None

    def packages(self) -> dict[Pair, ArgosPackage]:
        if self._packages is None:
            self._packages = find_packages(self.packages_dir)
        return self._packages

    def pairs(self) -> frozenset[Pair]:
        return frozenset(self.packages())

    def device(self) -> str:
        if self._device is None:
            self._device = resolve_device(self.options.device)
        return self._device

    def translate_batch(
        self, texts: Sequence[str], *, src: str, tgt: str, suppress: Sequence[str] = ()
    ) -> list[MTResult]:
        """Translate tagged texts; ``suppress`` lists target terms the decoder must not produce."""
        loaded = self._load(src, tgt)
        todo = [i for i, text in enumerate(texts) if strip_tags(text).strip()]
        results = [MTResult(text) for text in texts]
        if not todo:
            return results
        tokenizer = loaded.package.tokenizer
        tokens = [tokenizer.encode(strip_tags(texts[i])) for i in todo]
        prefix = loaded.package.target_prefix
        with loaded.lock:
            outputs = loaded.translator.translate_batch(
                tokens,
                target_prefix=[[prefix]] * len(tokens) if prefix else None,
                max_batch_size=self.options.max_batch_size,
                batch_type="examples",
                beam_size=self.options.beam_size,
                replace_unknowns=True,
                length_penalty=0.2,
                suppress_sequences=suppression_sequences(tokenizer, suppress) or None,
            )
        for i, output in zip(todo, outputs, strict=True):
            text = tokenizer.decode(output.hypotheses[0])
            if prefix and text.startswith(prefix):
                text = text[len(prefix) :]
            findings: tuple[Finding, ...] = ()
            if tag_numbers(texts[i]):
                findings = (Finding("formatting-lost", Severity.MINOR,
                                    "argos cannot move inline formatting with the words: it was dropped"),)
            results[i] = MTResult(escape(text.strip()), findings)
        return results

    def _load(self, src: str, tgt: str) -> _Loaded:
        with self._lock:
            if (src, tgt) in self._loaded:
                return self._loaded[(src, tgt)]
            found = self.packages().get((src, tgt))
            if found is None:
                installed = ", ".join(f"{a}->{b}" for a, b in sorted(self.packages())) or "none"
                raise PairNotAvailable(f"no argostranslate package for {src}->{tgt} (installed: {installed})",
                                       hint=INSTALL_HINT)
            os.environ.setdefault("ARGOS_PACKAGES_DIR", str(self.packages_dir))
            import ctranslate2
            from argostranslate.package import Package

            device = self.device()
            try:
                translator = ctranslate2.Translator(
                    str(found.path / "model"), device=device, compute_type=self.options.compute_type,
                    inter_threads=1, intra_threads=self.options.threads,
                )
            except (RuntimeError, ValueError) as error:
                raise EngineError(f"argos: cannot load the model of {found.name}: {error}", path=found.path,
                                  hint="reinstall the package: translate models install --upgrade FILE") from error
            loaded = _Loaded(Package(found.path), translator, threading.Lock())
            self._loaded[(src, tgt)] = loaded
            logger.debug("loaded %s on %s (%s)", found.name, device, self.options.compute_type)
            return loaded

    def signature(self, src: str, tgt: str) -> str:
        package = self.packages().get((src, tgt))
        name, version = (package.name, package.version) if package else (f"{src}-{tgt}", "unknown")
        return f"argos:{name}@{version}|{self.options.compute_type}|beam:{self.options.beam_size}"

    def placeholder(self, index: int) -> str:
        # argostranslate's post-processing turns "_" into spaces; letters and digits survive.
        return f"XTRM{index}X"

    def close(self) -> None:
        self._loaded.clear()


def suppression_sequences(tokenizer: Any, terms: Sequence[str]) -> list[list[str]]:
    """Every tokenization of each term the decoder could produce: as written, capitalized,
    ALL CAPS, at the start of a sentence or after a space."""
    sequences: dict[tuple[str, ...], None] = {}
    for term in terms:
        for variant in {term, term[:1].upper() + term[1:], term.upper(), term.lower()}:
            for text in (variant, " " + variant):
                pieces = tuple(tokenizer.encode(text))
                if pieces:
                    sequences[pieces] = None
                    if pieces[0] == "▁" and len(pieces) > 1:
                        sequences[pieces[1:]] = None
    return [list(seq) for seq in sequences]
