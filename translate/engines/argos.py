"""argostranslate, the neural engine, over the packages unpacked in the workspace's model folder.

argostranslate reads its settings from the environment when first imported (and creates folders
then), so it is imported only when a translation is asked for, with ARGOS_PACKAGES_DIR pointing at
our folder. Finding packages needs no import: each has a ``metadata.json``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.engines.base import Pair
from translate.errors import PairNotAvailable
from translate.inline import escape, strip_tags, tag_numbers
from translate.model import Finding, MTResult, Severity

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ArgosPackage:
    path: Path
    src: str
    tgt: str
    version: str


def find_packages(packages_dir: Path) -> dict[Pair, ArgosPackage]:
    """The translate packages unpacked under ``packages_dir``, by language pair."""
    found: dict[Pair, ArgosPackage] = {}
    if not packages_dir.is_dir():
        return found
    for metadata in sorted(packages_dir.glob("*/metadata.json")):
        try:
            data = json.loads(metadata.read_text("utf-8"))
        except (OSError, ValueError) as error:
            logger.warning("skipping %s: %s", metadata, error)
            continue
        if data.get("type", "translate") != "translate" or "from_code" not in data or "to_code" not in data:
            continue
        pair = (data["from_code"], data["to_code"])
        found.setdefault(pair, ArgosPackage(metadata.parent, *pair, str(data.get("package_version", "0"))))
    return found


class ArgosEngine:
    """Translates with the argostranslate packages installed in ``packages_dir``."""

    name = "argos"

    def __init__(self, *, packages_dir: Path) -> None:
        self.packages_dir = packages_dir
        self._packages: dict[Pair, ArgosPackage] | None = None
        self._translations: dict[Pair, Any] = {}

    def packages(self) -> dict[Pair, ArgosPackage]:
        if self._packages is None:
            self._packages = find_packages(self.packages_dir)
        return self._packages

    def pairs(self) -> frozenset[Pair]:
        return frozenset(self.packages())

    def translate_batch(self, texts: Sequence[str], *, src: str, tgt: str) -> list[MTResult]:
        translation = self._translation(src, tgt)
        results = []
        for text in texts:
            findings = ()
            if tag_numbers(text):
                findings = (Finding("formatting-lost", Severity.MINOR, "argos cannot keep inline formatting"),)
            plain = strip_tags(text)
            results.append(MTResult(escape(translation.translate(plain)) if plain.strip() else escape(plain), findings))
        return results

    def _translation(self, src: str, tgt: str) -> Any:
        if (src, tgt) not in self.packages():
            raise PairNotAvailable(f"no argostranslate package for {src}->{tgt} in {self.packages_dir}")
        if (src, tgt) not in self._translations:
            os.environ["ARGOS_PACKAGES_DIR"] = str(self.packages_dir)
            from argostranslate import translate as argos_translate

            self._translations[(src, tgt)] = argos_translate.get_translation_from_codes(src, tgt)
        return self._translations[(src, tgt)]

    def signature(self, src: str, tgt: str) -> str:
        package = self.packages().get((src, tgt))
        version = package.version if package else "unknown"
        return f"argos:{src}-{tgt}@{version}"

    def placeholder(self, index: int) -> str:
        # argostranslate turns "_" into spaces; letters and digits survive its tokenizer.
        return f"XTRM{index}X"

    def close(self) -> None:
        self._translations.clear()
