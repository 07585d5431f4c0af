"""Glued words: a target word its language's analyser does not know that is two or more words run together.

Apertium sometimes writes words without the space between them ("lasprovisionesde" for "las
provisiones de"). A word of the draft that the target's analyser (:mod:`translate.analysers`) does
not know, read in context, is split by dynamic programming into the fewest words it knows, each
looked up on its own (every piece of every such word asked in one request). A word that splits one
way only is fixed in the machine draft (:class:`~translate.qa.fixes.Fixer`: the spaces put in,
:func:`spaces` says where) before this check reads it; the check flags what is left: a word that
splits several ways with the fewest words (a finding listing them), and one that splits one way
where no space can go without breaking a tag (a finding naming the split: its ``text`` the glued
word, the message the words it stands for).

Names and numbers are not glued words: a word with a digit, or one beginning with a capital, is
left alone. A capital inside a word starts a name glued to the words before it ("basadoenLuhansk":
"basado en" + "Luhansk"): the name is taken as one word, the rest must split. Tags inside a word
are read through: the check works on the plain text; the fix puts each space after the closing tags
and before the opening ones between two pieces ("las<1>provisiones</1>de": "las <1>provisiones</1>
de"). A word the pivot language's analyser knows is left to the pivot-leftover check. Languages with
no analyser installed are skipped (:func:`unavailable` says why, once per run).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from translate.analysers import Analyser, Analysers, Unit, installed
from translate.inline import strip_tags, unescape
from translate.model import Finding, Segment, Severity
from translate.qa.base import Check, Scope, SegmentCheck, Stage

MIN_LENGTH = 4
"""Shorter unknown words are left alone (an abbreviation, a symbol)."""
MAX_LENGTH = 40
"""Longer unknown words are left alone (a URL, an identifier): their pieces would be too many to ask."""
MAX_SHOWN = 3
"""Splits listed in a finding whose word splits several ways."""
_LETTERS = re.compile(r"[^\W\d_]+")
_MARKUP = re.compile(r"<(/?)[1-9][0-9]*>|&(?:amp|lt|gt);")
_CLOSED = ("pr", "cnjcoo", "cnjsub", "det", "prn", "vbhaver")
"""Apertium's tags of the closed word classes: prepositions, conjunctions, determiners, pronouns, auxiliary have."""


@dataclass(frozen=True, slots=True)
class Glued:
    """A word of a text that is words run together: ``splits`` are the ways it splits into the fewest
    known words (each a tuple of words, names kept whole), in the order found; exactly one is a safe fix."""

    word: str
    splits: tuple[tuple[str, ...], ...]


def glued_words(text: str, analyser: Analyser, *, source: str = "", pivot: Analyser | None = None) -> list[Glued]:
    """The glued words of plain ``text`` read with its language's ``analyser``, in order of appearance.

    ``source``: the plain source text; a word it has is the engine's unknown word left as it was
    ("ceasefire"), not glued words. ``pivot``: the pivot language's analyser, where the text was
    translated through one; a word it knows is a pivot leftover, not glued words.
    """
    words = candidates(text, analyser, source=source)
    if pivot is not None and words:
        left = pivot.known(words)
        words = [word for word in words if word not in left]
    return split_words(words, analyser)


def candidates(text: str, analyser: Analyser, *, source: str = "") -> list[str]:
    """The words of plain ``text`` that may be glued words: unknown to ``analyser`` in context, of letters
    only, not beginning with a capital, not in ``source``; each once, in order."""
    kept = {word.casefold() for word in _LETTERS.findall(source)}
    return list(dict.fromkeys(unit.surface for unit in analyser.analyse(text)
                              if _candidate(unit.surface, unit.known) and unit.surface.casefold() not in kept))


def split_words(words: Sequence[str], analyser: Analyser) -> list[Glued]:
    """Those of ``words`` that split into two or more words ``analyser`` knows, with their splits (every
    piece of every word asked in one request)."""
    chunks = {word: _chunks(word) for word in words}
    pieces = pieces_of(words)
    known = frozenset(piece for piece, unit in analyser.words(pieces).items()
                      if unit is not None and unit.known and (len(piece) > 1 or _closed(unit)))
    found = []
    for word in chunks:
        splits = _splits(chunks[word], known)
        if splits:
            found.append(Glued(word, splits))
    return found


def pieces_of(words: Iterable[str]) -> set[str]:
    """Every piece that splitting ``words`` asks the analyser about (each substring of their lowercase runs)."""
    return {chunk[i:j] for word in words for chunk in _chunks(word) if chunk[:1].islower()
            for i in range(len(chunk)) for j in range(i + 1, len(chunk) + 1)}


def _closed(unit: Unit) -> bool:
    """Whether a word has a reading of a closed class (a one-letter piece must: "y", "a", not a letter name)."""
    return any(f"<{tag}>" in reading for reading in unit.readings for tag in _CLOSED)


def _chunks(word: str) -> list[str]:
    """``word`` cut before each capital that follows a lowercase letter ("basadoen", "Luhansk")."""
    cuts = [0, *(i for i in range(1, len(word)) if word[i].isupper() and word[i - 1].islower()), len(word)]
    return [word[start:end] for start, end in zip(cuts, cuts[1:])]


def _candidate(word: str, known: bool) -> bool:
    return (not known and MIN_LENGTH <= len(word) <= MAX_LENGTH and word[:1].islower()
            and _LETTERS.fullmatch(word) is not None)


def _splits(chunks: Sequence[str], known: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """The splits of a word (its chunks: lowercase runs, and names from a capital on) into the fewest
    known words, names kept whole; none if it does not split into two or more."""
    ways: list[tuple[str, ...]] = [()]
    for chunk in chunks:
        if chunk[:1].isupper():
            ways = [(*way, chunk) for way in ways]
        else:
            ways = [(*way, *split) for way in ways for split in _fewest(chunk, known)]
        if not ways:
            return ()
    return tuple(way for way in ways if len(way) >= 2)


def _fewest(chunk: str, known: frozenset[str]) -> list[tuple[str, ...]]:
    """Every split of ``chunk`` into the fewest known words (dynamic programming over its prefixes)."""
    best: list[list[tuple[str, ...]] | None] = [None] * (len(chunk) + 1)
    best[0] = [()]
    for end in range(1, len(chunk) + 1):
        shortest: list[tuple[str, ...]] = []
        for start in range(end):
            before = best[start]
            if not before or chunk[start:end] not in known:
                continue
            length = len(before[0]) + 1
            if shortest and length > len(shortest[0]):
                continue
            if shortest and length < len(shortest[0]):
                shortest = []
            shortest.extend((*way, chunk[start:end]) for way in before)
        best[end] = shortest or None
    return best[len(chunk)] or []


def _message(glued: Glued) -> str:
    if len(glued.splits) == 1:
        return f"glued words: “{glued.word}” is “{' '.join(glued.splits[0])}”"
    shown = " or ".join(f"“{' '.join(split)}”" for split in glued.splits[:MAX_SHOWN])
    more = f" (and {len(glued.splits) - MAX_SHOWN} more)" if len(glued.splits) > MAX_SHOWN else ""
    return f"unknown word “{glued.word}” may be glued words: {shown}{more}"


def unavailable(scope: Scope, analysers: Analysers | None = None) -> str | None:
    """Why an analyser check cannot run for ``scope``'s target language, or None."""
    if (analysers or installed()).get(scope.tgt) is None:
        return f"no Apertium analyser for {scope.tgt} is installed"
    return None


def spaces(tagged: str, glued: Glued) -> list[list[int]]:
    """Where the spaces of a glued word's one split go in ``tagged`` text, each occurrence of the word a
    list of offsets (a space inserted before each), in order.

    Between two pieces the space goes after any closing tags and before any opening ones, so every tag
    stays whole, in its order and around the same words. An occurrence where a boundary falls between
    an opening tag and a closing one (``las<1></1>provisiones``: no place keeps the tags around the
    same words) is left out: the check flags it instead."""
    [split] = glued.splits
    plain: list[str] = []
    at: list[int] = []  # where each character of the plain text is in the tagged text
    pos = 0
    for match in _MARKUP.finditer(tagged):
        plain.extend(tagged[pos:match.start()])
        at.extend(range(pos, match.start()))
        if match.group().startswith("&"):  # an entity: one character of the plain text
            plain.append(unescape(match.group()))
            at.append(match.start())
        pos = match.end()
    plain.extend(tagged[pos:])
    at.extend(range(pos, len(tagged)))
    text = "".join(plain)
    found = []
    for occurrence in re.finditer(rf"(?<!\w){re.escape(glued.word)}(?!\w)", text):
        points, boundary = [], occurrence.start()
        for piece in split[:-1]:
            boundary += len(piece)
            point = _between(tagged, at[boundary - 1] + 1, at[boundary])
            if point is None:
                break
            points.append(point)
        else:
            found.append(points)
    return found


def _between(tagged: str, start: int, end: int) -> int | None:
    """Where a space goes in ``tagged[start:end]``, the tags between two letters: after the closing ones,
    before the opening ones; None if an opening tag comes before a closing one."""
    point, opened = start, False
    for match in _MARKUP.finditer(tagged, start, end):
        if match.group(1):
            if opened:
                return None
            point = match.end()
        else:
            opened = True
    return point


def look_up(analyser: Analyser, pivot: Analyser | None, batch: Sequence[tuple[Segment, str]]) -> None:
    """Analyse a batch's plain targets, then look up their candidates and every piece of them, in one
    request each (so that :func:`glued_words` on each answers from the analysers' caches)."""
    texts = [(strip_tags(target), strip_tags(segment.text)) for segment, target in batch]
    analyser.analyse_all(text for text, _ in texts)
    words = [word for text, source in texts for word in candidates(text, analyser, source=source)]
    if pivot is not None:
        left = pivot.known(words)
        words = [word for word in words if word not in left]
    analyser.words(pieces_of(words))


def prime(scope: Scope, batch: Sequence[tuple[Segment, str]], analysers: Analysers | None = None) -> None:
    """Look up a batch's texts, their candidates and every piece of them in one request each."""
    found = analysers or installed()
    analyser = found.get(scope.tgt)
    if analyser is not None:
        look_up(analyser, found.get(scope.pivot) if scope.pivot else None, batch)


def prepare(scope: Scope, analysers: Analysers | None = None) -> SegmentCheck:
    """The glued-word check for ``scope``, with ``analysers`` (the installed ones by default)."""
    found = analysers or installed()
    analyser = found.get(scope.tgt)
    pivot = found.get(scope.pivot) if scope.pivot else None

    def run(segment: Segment, target: str) -> Iterator[Finding]:
        if analyser is None:
            return
        for glued in glued_words(strip_tags(target), analyser, source=strip_tags(segment.text), pivot=pivot):
            yield GLUED_WORD.finding(_message(glued), text=glued.word)

    return run


GLUED_WORD = Check(
    "glued-word", Severity.MINOR, blocks=False, stages=frozenset({Stage.MACHINE_DRAFT}),
    prepare=prepare, unavailable=unavailable, prime=prime,
)
CHECKS = (GLUED_WORD,)
