"""Split blocks into sentence segments with stable ids.

Sentences come from sentencex (rule-based, fast, many languages), with a small per-language
list of abbreviations in ``data/abbreviations.toml`` that must not end a sentence. A segment's id
is a hash of its tagged text, plus an occurrence number for repeats, so editing one paragraph
changes only the ids of the sentences that changed.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from importlib import resources

import sentencex

from translate.inline import runs_to_tagged, slice_runs
from translate.model import Article, Block, Segment

_LAST_WORD = re.compile(r"(?:^|[\s(\[\"'“‘])([^\s(\[\"'“‘]+)\.$")


@functools.cache
def _abbreviations(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    data = tomllib.loads(resources.files("translate").joinpath("data/abbreviations.toml").read_text("utf-8"))
    entry = data.get(lang.split("-")[0], {})
    return frozenset(entry.get("always", ())), frozenset(entry.get("before_number", ()))


def _joins_next(sentence: str, following: str, lang: str) -> bool:
    match = _LAST_WORD.search(sentence.rstrip())
    if not match:
        return False
    word = match.group(1).lower()
    always, before_number = _abbreviations(lang)
    return word in always or (word in before_number and following.lstrip()[:1].isdigit())


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Character ranges of the sentences of ``text``, whitespace around them excluded."""
    pieces = [piece for piece in sentencex.segment(lang.split("-")[0], text) if piece]
    merged: list[str] = []
    for piece in pieces:
        if merged and _joins_next(merged[-1], piece, lang):
            merged[-1] += piece
        else:
            merged.append(piece)
    ranges: list[tuple[int, int]] = []
    pos = 0
    for piece in merged:
        start = text.index(piece, pos)
        pos = start + len(piece)
        stripped_start = start + len(piece) - len(piece.lstrip())
        stripped_end = start + len(piece.rstrip())
        if stripped_start < stripped_end:
            ranges.append((stripped_start, stripped_end))
    return ranges


def segment_id(tagged: str, occurrence: int = 1) -> str:
    """The stable id of a sentence: a hash of its text, suffixed for repeats."""
    digest = hashlib.blake2b(tagged.encode("utf-8"), digest_size=6).hexdigest()
    return digest if occurrence == 1 else f"{digest}-{occurrence}"


def segment_block(block: Block, lang: str) -> list[tuple[str, tuple]]:
    """The tagged text and marks of each sentence of a block."""
    if block.kind == "title" or block.kind == "heading":
        ranges = [(0, len(block.text))] if block.text.strip() else []
    else:
        ranges = split_sentences(block.text, lang)
    return [runs_to_tagged(slice_runs(block.runs, start, end)) for start, end in ranges]


def segment_article(article: Article) -> tuple[Segment, ...]:
    """All segments of an article, in reading order."""
    lang = article.meta.source_lang
    seen: Counter[str] = Counter()
    segments: list[Segment] = []
    for index, block in enumerate(article.blocks):
        for tagged, marks in segment_block(block, lang):
            seen[tagged] += 1
            segments.append(Segment(segment_id(tagged, seen[tagged]), index, tagged, marks))
    return tuple(segments)


def blocks_segments(segments: Sequence[Segment], block_count: int) -> list[list[Segment]]:
    """Group segments by the index of their block."""
    grouped: list[list[Segment]] = [[] for _ in range(block_count)]
    for segment in segments:
        grouped[segment.block].append(segment)
    return grouped


def source_hash(tagged: str) -> str:
    """A short fingerprint of a segment's source text, for detecting stale review files."""
    return hashlib.blake2b(tagged.encode("utf-8"), digest_size=8).hexdigest()
