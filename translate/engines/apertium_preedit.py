"""Two pre-edits of English source text that show Apertium a glossary term's role in its sentence.

``TERM's NOUN-PHRASE`` becomes ``the NOUN-PHRASE of TERM`` ("Kyiv's new decision" -> "the new
decision of Kyiv"; a "the" before the term stays with it) and ``TERM-based NOUN-PHRASE`` becomes
``NOUN-PHRASE based in TERM`` ("a Kyiv-based independent newspaper" -> "an independent newspaper
based in Kyiv"), where Apertium would otherwise read the genitive as "has" ("Kíivha decisió") or
glue the adjective together ("basadoenKyiv").

The noun phrase is what Apertium's own English tagger says it is: the run of adjectives, numerals
and nouns right after the ``'s`` (or ``-based``), up to the run's last noun; without a noun there
is no edit. The tagger is the mode's own analyser and tagger stages (with the compiled glossary
when the mode is a :class:`~translate.engines.apertium_terms.TermDictionaries` mode, which is
what makes the terms proper nouns to it), run in one persistent process, and only for the texts
where a term is followed by ``'s``, ``’s`` or ``-based``: other texts cost nothing.

Texts are tagged text (:mod:`translate.inline`): formatting tags move with their words, and an
edit whose pieces cannot each keep their tags balanced is not made. ALL-CAPS texts (headings)
are left as they are.
"""

from __future__ import annotations

import bisect
import re
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.engines.apertium import INSTALL_HINT, _Pipeline, encode
from translate.errors import EngineError, EngineNotInstalled
from translate.inline import escape, strip_tags

TAGGER = "apertium-tagger"
_PACKAGES = {"lt-proc": "lttoolbox", "cg-proc": "cg3", TAGGER: "apertium"}
_PHRASE_WORDS = {"adj", "num", "n"}
# Tags and entities of tagged text: each tag is no character of the plain text, each entity one.
_MARKUP = re.compile(r"<(/?)([1-9][0-9]*)>|&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
_TAG = re.compile(r"<(/?)([1-9][0-9]*)>")
_TAG_BEFORE = re.compile(r"<(/?)([1-9][0-9]*)>\Z")
_TAGS_AFTER = re.compile(r"(?:</?[1-9][0-9]*>)*")
_CUE = re.compile(r"['’]s\b|-based\b", re.IGNORECASE)
_ANALYSIS_TAGS = re.compile(r"<([^<>]+)>")
_OPENERS = "\"'“‘«([—–"
_SENTENCE_ENDS = ".!?…:"


@dataclass(frozen=True, slots=True)
class Word:
    """One lexical unit as the tagger read it: its place in the plain text, lemma and tags."""

    start: int
    end: int
    lemma: str
    tags: tuple[str, ...]

    @property
    def pos(self) -> str:
        """The part of speech (the first tag), or "" for a word the analyser does not know."""
        return self.tags[0] if self.tags else ""


class PreEditor:
    """English pre-edits for one English-source Apertium mode (nothing is started until used).

    ``mode`` should be the mode that will translate the edited text, the glossary's
    ``TermDictionaries.mode`` where there is one: with the terms in its analyser the tagger reads
    them as proper nouns. Safe to call from several threads; ``close`` ends the tagger process.
    """

    def __init__(self, mode: Path, *, timeout: float = 120.0) -> None:
        self.mode = mode
        self.timeout = timeout
        self._pipeline: _Pipeline | None = None
        self._lock = threading.Lock()

    def edit(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> list[str]:
        """``texts`` with the two constructions rewritten around the terms at ``spans``.

        ``spans[i]`` are the (start, end) offsets in ``texts[i]`` of the glossary terms found in
        it, as :meth:`translate.glossary.match.Matcher.find` gives them. Raises EngineError when
        the tagger fails, EngineNotInstalled when one of its programs is missing.
        """
        if len(texts) != len(spans):
            raise EngineError(f"pre-edit got {len(texts)} texts but {len(spans)} lists of term spans")
        out = list(texts)
        todo = [i for i, text in enumerate(texts) if _has_cue(text, spans[i])]
        if not todo:
            return out
        plains = [PlainText.of(texts[i]) for i in todo]
        # The plain text, escaped as tagged text holding no tags, is what encode() streams as is.
        streams = [encode(escape(plain.text)) for plain in plains]
        answers = self._tagger().translate(streams, timeout=self.timeout)
        for i, plain, answer in zip(todo, plains, answers, strict=True):
            words = read_words(answer, plain.text)
            if words is not None:
                out[i] = rewrite(texts[i], spans[i], plain, words)
        return out

    def close(self) -> None:
        with self._lock:
            if self._pipeline is not None:
                self._pipeline.close()
                self._pipeline = None

    def _tagger(self) -> _Pipeline:
        with self._lock:
            if self._pipeline is None:
                self._pipeline = _start_tagger(self.mode)
            return self._pipeline


def tagger_command(mode: Path) -> str:
    """The mode's stages up to its tagger, the tagger printing each word's surface form (``-p``)."""
    try:
        commands = mode.read_text("utf-8").strip().split(" | ")
    except (OSError, UnicodeDecodeError) as error:
        raise EngineError(f"cannot read the Apertium mode {mode}: {error}", path=mode) from error
    for index, command in enumerate(commands):
        if command.startswith(f"{TAGGER} "):
            return " | ".join([*commands[:index], f"{TAGGER} -p {command[len(TAGGER) + 1:]}"])
    raise EngineError(f"Apertium mode {mode.name} has no {TAGGER} stage to find noun phrases with", path=mode)


def _start_tagger(mode: Path) -> _Pipeline:
    command = tagger_command(mode)
    for stage in command.split(" | "):
        program = stage.split(" ", 1)[0]
        if shutil.which(program) is None:
            package = _PACKAGES.get(program)
            hint = f"install it with: sudo apt-get install {package}" if package else INSTALL_HINT
            raise EngineNotInstalled(f"Apertium's {program} is not installed (needed to tag English for pre-edits)",
                                     hint=hint)
    with tempfile.TemporaryDirectory(prefix="translate-preedit-") as folder:
        truncated = Path(folder) / f"{mode.stem}-tagger.mode"
        truncated.write_text(command + "\n", "utf-8")
        return _Pipeline.start(truncated)


def _has_cue(text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether a term in ``text`` is followed by 's or -based (tags between allowed), outside ALL-CAPS."""
    for _, end in spans:
        after = _TAGS_AFTER.match(text, end)
        if after is not None and _CUE.match(text, after.end()):
            return not _all_caps(text)
    return False


def _all_caps(text: str) -> bool:
    letters = [ch for ch in strip_tags(text) if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def read_words(stream: str, plain: str) -> list[Word] | None:
    """The tagger's words with their offsets in ``plain``; None if the stream does not spell ``plain``.

    The analysers of eng-spa and en-gl put a space before a genitive ("Kyiv 's"): a space of the
    stream that ``plain`` does not have is skipped.
    """
    words: list[Word] = []
    length = 0
    i, n = 0, len(stream)
    while i < n:
        ch = stream[i]
        if ch == "^":
            end = _unescaped(stream, "$", i + 1)
            slash = _unescaped(stream, "/", i + 1, end)
            surface = _unescape(stream[i + 1 : slash])
            if not plain.startswith(surface, length):
                return None
            analysis = stream[slash + 1 : end].split("/", 1)[0].split("+", 1)[0]
            lemma = _unescape(analysis.split("<", 1)[0])
            words.append(Word(length, length + len(surface), lemma, tuple(_ANALYSIS_TAGS.findall(analysis))))
            length += len(surface)
            i = end + 1
            continue
        if ch == "[":
            end = _unescaped(stream, "]", i + 1)
            blank, i = _unescape(stream[i + 1 : end]), end + 1
        else:
            blank, i = (stream[i + 1], i + 2) if ch == "\\" and i + 1 < n else (ch, i + 1)
        for char in blank:
            if plain.startswith(char, length):
                length += 1
            elif not char.isspace():
                return None
    return words if length == len(plain) else None


def _unescaped(stream: str, char: str, start: int, stop: int | None = None) -> int:
    """The index of the first unescaped ``char`` in ``stream[start:stop]``, else ``stop`` (or the end)."""
    stop = len(stream) if stop is None else stop
    i = start
    while i < stop and stream[i] != char:
        i += 2 if stream[i] == "\\" else 1
    return min(i, stop)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@dataclass(frozen=True, slots=True)
class PlainText:
    """Tagged text's plain text, with where each plain character sits in the tagged text."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, tagged: str) -> PlainText:
        text: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for match in [*_MARKUP.finditer(tagged), None]:
            stop = match.start() if match is not None else len(tagged)
            for k in range(pos, stop):
                text.append(tagged[k])
                starts.append(k)
                ends.append(k + 1)
            if match is None:
                break
            if match.group(3):
                text.append(_ENTITIES[match.group(3)])
                starts.append(match.start())
                ends.append(match.end())
            pos = match.end()
        return cls("".join(text), tuple(starts), tuple(ends))

    def index(self, tagged_offset: int, *, end: bool) -> int | None:
        """The plain offset of a tagged offset at a character's start (or, ``end``, just after one)."""
        offsets = self.ends if end else self.starts
        lo = bisect.bisect_left(offsets, tagged_offset)
        if lo < len(offsets) and offsets[lo] == tagged_offset:
            return lo + 1 if end else lo
        return None


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    text: str


def rewrite(tagged: str, spans: Sequence[tuple[int, int]], plain: PlainText, words: Sequence[Word]) -> str:
    """``tagged`` with every term's possessive and -based construction rewritten, as ``words`` read it."""
    edits: list[_Edit] = []
    reached = 0
    for span in sorted(spans):
        found = _edits_for(tagged, span, plain, words)
        if found and found[0].start >= reached:
            edits.extend(found)
            reached = found[-1].end
    for edit in reversed(edits):
        tagged = tagged[: edit.start] + edit.text + tagged[edit.end :]
    return tagged


def _edits_for(tagged: str, span: tuple[int, int], plain: PlainText, words: Sequence[Word]) -> list[_Edit]:
    start, end = plain.index(span[0], end=False), plain.index(span[1], end=True)
    if start is None or end is None:
        return []
    by_start = {word.start: k for k, word in enumerate(words)}
    first, cue = by_start.get(start), by_start.get(end)
    if first is None or cue is None or not any(word.end == end for word in words):
        return []
    text = plain.text
    if text[end : end + 2] in ("'s", "’s") and words[cue].end == end + 2:
        return _possessive(tagged, plain, words, first, cue)
    if (text[end : end + 6].lower() == "-based" and cue + 1 < len(words)
            and words[cue + 1].start == end + 1 and words[cue + 1].end == end + 6):
        return _based(tagged, plain, words, first, cue + 1)
    return []


def _possessive(tagged: str, plain: PlainText, words: Sequence[Word], first: int, cue: int) -> list[_Edit]:
    # eng-cat's tagger reads a name's genitive as "has" ("Kíivha decisió"); the auxiliary "has" is
    # followed by a participle, never by the adjectives and nouns the phrase needs, so both count.
    if words[cue].pos not in ("gen", "vbhaver"):
        return []
    last = _phrase_end(plain.text, words, cue + 1)
    if last is None:
        return []
    owner = first
    before = _word_before(plain.text, words, first)
    if before is not None and words[before].lemma.lower() == "the" and words[before].pos == "det":
        owner = before
    elif before is not None and (words[before].pos == "det" or "dem" in words[before].tags):
        return []  # "this Kremlin's policy", "their Kyiv's plan": no "the ... of" form
    owner_start = words[owner].start
    term = _piece(tagged, plain, owner_start, words[cue].start)
    phrase = _piece(tagged, plain, words[cue + 1].start, words[last].end)
    if term is None or phrase is None or _TAG.search(tagged, term[1], phrase[0]):
        return []
    owner_text = tagged[term[0] : term[1]]
    initial = _sentence_start(plain.text, owner_start)
    if owner != first and initial:
        owner_text = _recase(owner_text, upper=False)
    article = "The" if initial else "the"
    return [_Edit(term[0], phrase[1], f"{article} {tagged[phrase[0] : phrase[1]]} of {owner_text}")]


def _based(tagged: str, plain: PlainText, words: Sequence[Word], first: int, based: int) -> list[_Edit]:
    last = _phrase_end(plain.text, words, based + 1)
    if last is None:
        return []
    term = _piece(tagged, plain, words[first].start, words[based - 1].start)
    phrase = _piece(tagged, plain, words[based + 1].start, words[last].end)
    if term is None or phrase is None or _TAG.search(tagged, term[1], phrase[0]):
        return []
    moved = tagged[phrase[0] : phrase[1]]
    if _sentence_start(plain.text, words[first].start):
        moved = _recase(moved, upper=True)
    edits = [_Edit(term[0], phrase[1], f"{moved} based in {tagged[term[0] : term[1]]}")]
    before = _word_before(plain.text, words, first)
    if before is not None and words[before].pos == "det" and words[before].lemma.lower() == "a":
        article = words[before]
        old = plain.text[article.start : article.end]
        new = _indefinite(plain.text[words[based + 1].start : words[last].end])
        new = new.capitalize() if old[0].isupper() else new
        a, b = plain.starts[article.start], plain.ends[article.end - 1]
        if tagged[a:b] == old and new != old:
            edits.insert(0, _Edit(a, b, new))
    return edits


def _phrase_end(text: str, words: Sequence[Word], k: int) -> int | None:
    """The index of the last noun of the run of adjectives, numerals and nouns at ``words[k]``, or None.

    Its words are apart by spaces only, or joined by a hyphen ("long-range"); the run must start
    one space or more after the word before it.
    """
    if k >= len(words) or k == 0 or not _gap(text, words[k - 1], words[k]).isspace():
        return None
    last = None
    while k < len(words) and words[k].pos in _PHRASE_WORDS:
        if words[k].pos == "n":
            last = k
        if k + 1 < len(words) and _gap(text, words[k], words[k + 1]).isspace():
            k += 1
        elif (k + 2 < len(words) and text[words[k + 1].start : words[k + 1].end] == "-"
              and not _gap(text, words[k], words[k + 1]) and not _gap(text, words[k + 1], words[k + 2])):
            k += 2
        else:
            break
    return last


def _gap(text: str, left: Word, right: Word) -> str:
    return text[left.end : right.start]


def _word_before(text: str, words: Sequence[Word], k: int) -> int | None:
    """The index of the word a space or more before ``words[k]``, or None."""
    if k == 0 or not _gap(text, words[k - 1], words[k]).isspace():
        return None
    return k - 1


def _sentence_start(text: str, offset: int) -> bool:
    """Whether ``offset`` begins a sentence: nothing before it but opening quotes, or a sentence's end."""
    before = text[:offset].rstrip().rstrip(_OPENERS).rstrip()
    return not before or before[-1] in _SENTENCE_ENDS


def _piece(tagged: str, plain: PlainText, start: int, end: int) -> tuple[int, int] | None:
    """The tagged text of plain ``start:end`` with its tags balanced, or None where they cannot be.

    Tags wrapping the piece exactly are taken with it ("<1>Kyiv</1>'s" moves "<1>Kyiv</1>"); a tag
    opened (or closed) inside it is taken with its partner when that is adjacent.
    """
    while end > start and plain.text[end - 1].isspace():
        end -= 1
    a, b = plain.starts[start], plain.ends[end - 1]
    while True:
        unpaired = _unpaired(tagged[a:b])
        if unpaired is None:
            return None
        opened, unopened = unpaired
        if not opened and not unopened:
            break
        grown = False
        if opened and (after := _TAG.match(tagged, b)) and after.group(1) and int(after.group(2)) == opened[-1]:
            b, grown = after.end(), True
        if unopened and (prior := _TAG_BEFORE.search(tagged, 0, a)) and not prior.group(1) \
                and int(prior.group(2)) == unopened[0]:
            a, grown = prior.start(), True
        if not grown:
            return None
    while (prior := _TAG_BEFORE.search(tagged, 0, a)) and (after := _TAG.match(tagged, b)) \
            and not prior.group(1) and after.group(1) and prior.group(2) == after.group(2):
        a, b = prior.start(), after.end()
    return a, b


def _unpaired(tagged: str) -> tuple[list[int], list[int]] | None:
    """The tags opened and not closed in ``tagged`` (innermost last), and those closed and not opened;
    None where two tags cross inside it, which no growing of the piece can balance."""
    opened: list[int] = []
    unopened: list[int] = []
    for match in _TAG.finditer(tagged):
        number = int(match.group(2))
        if not match.group(1):
            opened.append(number)
        elif opened and opened[-1] == number:
            opened.pop()
        elif opened:
            return None
        else:
            unopened.append(number)
    return opened, unopened


def _recase(tagged: str, *, upper: bool) -> str:
    """``tagged`` with its first letter (after any tags) upper- or lowercased."""
    pos = _TAGS_AFTER.match(tagged, 0)
    k = pos.end() if pos is not None else 0
    if k >= len(tagged):
        return tagged
    letter = tagged[k].upper() if upper else tagged[k].lower()
    return tagged[:k] + letter + tagged[k + 1 :]


def _indefinite(phrase: str) -> str:
    """"a" or "an" for the phrase, by the sound of its first word (English spelling's usual cases)."""
    word = phrase.split(" ", 1)[0].lower()
    if word.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    if word.startswith(("uni", "use", "usu", "uti", "eu", "one", "once", "ubiq")):
        return "a"
    return "an" if word[:1] in tuple("aeiou") else "a"
