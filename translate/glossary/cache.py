"""A valid glossary kept on disk (``.translate/glossary-cache.json``), so that commands need not parse it each time.

Composing and checking the YAML of a 10,000-concept glossary takes seconds (libyaml makes a Python
object of every node, and the checks visit each); reading the checked concepts back as JSON takes
a small part of that (``bench/glossary_scale.py`` measures both). One glossary is kept, under a key
made of the digest of its files (names and bytes) and a fingerprint of all else that shapes the
result: the code that reads and checks it, and the versions of the libraries that know language
codes (babel, langcodes) and inflect Ukrainian and Russian terms (pymorphy3 and its dictionaries).
Only a valid glossary is kept, so a hit means that the same files passed the same checks. A cache
that is missing, stale, damaged or cannot be written is not used and not reported: it only saves time.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import logging
from importlib import metadata
from pathlib import Path
from typing import Any

from translate.errors import WorkspaceError
from translate.fsutil import atomic_write_bytes, read_bounded
from translate.model import Concept, Glossary, TermVariants

logger = logging.getLogger(__name__)

NAME = "glossary-cache.json"
FORMAT = 2
"""Bumped whenever what is kept changes (2: gender, number, acronym and full per language)."""
MAX_BYTES = 256 * 1024 * 1024
"""A cache larger than this is not read (the glossary is parsed instead): no real glossary comes near it."""
_LIBRARIES = ("babel", "langcodes", "pymorphy3", "pymorphy3-dicts-ru", "pymorphy3-dicts-uk")
_MODULES = ("translate.glossary.load", "translate.glossary.schema", "translate.glossary.files",
            "translate.glossary.nodes", "translate.glossary.controls", "translate.glossary.inflect", "translate.config",
            "translate.model", "translate.yamlsafe")


def key(digest: str) -> str:
    """The cache key of a glossary whose files have ``digest``, read by this code with these libraries."""
    return hashlib.sha256(f"{_fingerprint()}|{digest}".encode()).hexdigest()


@functools.cache
def _fingerprint() -> str:
    parts = [f"format:{FORMAT}"]
    for name in _LIBRARIES:
        try:
            parts.append(f"{name}:{metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}:-")
    for name in _MODULES:
        # The source itself, not the version: an edited checkout must not get an old answer.
        source = importlib.import_module(name).__file__
        parts.append(hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else name)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def read(cache_dir: Path, *, key: str, folder: Path) -> tuple[Concept, ...] | None:
    """The concepts kept under ``key`` (their paths in ``folder``), or None if the cache holds no such glossary."""
    try:
        data = read_bounded(cache_dir / NAME, limit=MAX_BYTES, what="glossary cache")
    except WorkspaceError:  # missing, too large, or something that is not a file (a FIFO would hang the command)
        return None
    kept, _, body = data.partition(b"\n")  # the key on the first line: a stale cache is not parsed at all
    if kept.decode("ascii", errors="replace") != key:
        return None
    try:
        return tuple(_concept(item, folder) for item in json.loads(body))
    except (ValueError, TypeError, KeyError, IndexError):
        logger.debug("glossary cache %s is damaged; reading the glossary itself", cache_dir / NAME)
        return None


def write(cache_dir: Path, *, key: str, glossary: Glossary) -> None:
    """Keep ``glossary`` under ``key`` in ``cache_dir`` if that folder exists; a failure only costs the saving.

    An empty glossary is not kept: there is nothing to save, and a command that writes nothing else (a run
    refused on bad input) leaves no file behind."""
    if not glossary.concepts or not cache_dir.is_dir():
        return
    body = json.dumps([_item(concept) for concept in glossary.concepts], ensure_ascii=False, separators=(",", ":"))
    try:
        atomic_write_bytes(cache_dir / NAME, key.encode("ascii") + b"\n" + body.encode("utf-8"))
    except (OSError, WorkspaceError) as error:
        logger.debug("glossary cache not written to %s: %s", cache_dir, error)


def _item(concept: Concept) -> list[Any]:
    terms = [[lang, t.preferred, list(t.forms), list(t.forbidden), t.case_sensitive, t.gender, t.number, t.acronym,
              t.full] for lang, t in concept.terms]
    name = concept.path.name if concept.path is not None else None
    return [concept.id, concept.kind, concept.note, list(concept.ignore), concept.translate, concept.inflect, name,
            concept.line, terms]


def _concept(item: list[Any], folder: Path) -> Concept:
    concept_id, kind, note, ignore, translate, inflect, name, line, terms = item
    return Concept(
        id=concept_id,
        terms=tuple((lang, TermVariants(preferred, tuple(forms), tuple(forbidden), case_sensitive, gender, number,
                                        acronym, full))
                    for lang, preferred, forms, forbidden, case_sensitive, gender, number, acronym, full in terms),
        kind=kind, note=note, ignore=tuple(ignore), translate=translate, inflect=inflect,
        path=folder / name if name is not None else None, line=line,
    )
