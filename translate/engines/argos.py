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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.config import Section
from translate.engines.base import Capabilities, Engine, EngineSpec, Listing, Pair, PivotRoute
from translate.errors import EngineError, PairNotAvailable
from translate.inline import escape, strip_tags, tag_numbers
from translate.model import EngineStep, Finding, MTResult, Severity, Signature, signature_part
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


@dataclass(frozen=True, slots=True)
class ArgosSettings:
    """``[engines.argos]``: where the packages are, how to decode, and the pivot language (None: none)."""

    packages_dir: Path
    options: ArgosOptions
    pivot: str | None = "en"

    @classmethod
    def read(cls, section: Section) -> ArgosSettings:
        pivot = section.values["pivot"]
        if pivot is not False:
            pivot = section.string("pivot", example='"en" (or "" for no pivot)')
        return cls(
            packages_dir=section.path("packages_dir", example='".translate/models"'),
            options=ArgosOptions(
                device=section.choice("device", ("auto", "cpu", "cuda")),
                compute_type=section.string("compute_type", example='"int8"'),
                beam_size=section.whole("beam_size"),
                threads=section.whole("threads", minimum=0),
                max_batch_size=section.whole("max_batch_size"),
            ),
            pivot=section.language("pivot", example='"en"') if pivot else None,
        )


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


class ArgosEngine(Engine):
    """Translates with the argostranslate packages in ``packages_dir``, one warm Translator each.

    ``pivot``: a language through which two of its packages chain (es -> en -> de), or None.
    """

    name = "argos"
    # argostranslate's post-processing turns "_" into spaces; letters and digits survive.
    capabilities = Capabilities(suppresses=True, placeholder="XTRM{index}X")

    def __init__(self, *, packages_dir: Path, options: ArgosOptions | None = None, pivot: str | None = None) -> None:
        self.packages_dir = packages_dir
        self.options = options or ArgosOptions()
        self.pivot = pivot
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

    def pivots(self) -> frozenset[PivotRoute]:
        if not self.pivot:
            return frozenset()
        direct = self.pairs()
        return frozenset((src, self.pivot, tgt) for src, mid in direct for mid2, tgt in direct
                         if mid == mid2 == self.pivot and src != tgt)

    def listing(self, offered: frozenset[Pair], show: Callable[[Path], str]) -> Listing:
        return Listing((f"argostranslate packages are read from {show(self.packages_dir)}/.",))

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

    def signature(self, src: str, tgt: str) -> Signature:
        package = self.packages().get((src, tgt))
        name, version = (package.name, package.version) if package else (f"{src}-{tgt}", "unknown")
        return Signature((EngineStep(f"argos-{signature_part(name)}", signature_part(version)),),
                         options=(("compute", signature_part(self.options.compute_type)), ("beam", str(self.options.beam_size))))

    def close(self) -> None:
        self._loaded.clear()


ENGINE = EngineSpec(
    name="argos",
    defaults={
        # Where argostranslate packages (.argosmodel, unpacked) live, relative to the workspace.
        "packages_dir": ".translate/models",
        # cpu, cuda, or auto (cuda when CTranslate2 sees a GPU).
        "device": "auto",
        # CTranslate2 compute type: default, int8, int8_float16, float16, float32...
        "compute_type": "default",
        "beam_size": 4,
        # CPU threads per translation; 0 lets CTranslate2 choose.
        "threads": 0,
        # Segments decoded together in one batch.
        "max_batch_size": 32,
        # Chain two packages through this language when no package offers a pair directly.
        "pivot": "en",
    },
    read_settings=ArgosSettings.read,
    build=lambda settings: ArgosEngine(packages_dir=settings.packages_dir, options=settings.options,
                                       pivot=settings.pivot),
)


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
