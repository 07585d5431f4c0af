"""Safe fixes of machine drafts: engine artefacts a post-editor would always undo, undone before the draft is stored.

:class:`Fixer` takes an engine's result for one segment and returns it fixed, each fix recorded as an
``auto-fix`` finding (minor, never blocking) whose message says what it was and what it became
(“historia .” → “historia.”), so the reviewer sees every change wherever findings show. The fixes:

- glued words: a word the target's analyser does not know that splits one way only into words it
  knows ("lasprovisionesde": "las provisiones de", :mod:`translate.qa.glued`), where the spaces can go
  without breaking a tag; languages with no analyser installed go without;
- spacing: a space before ``, . ; : ) ]`` or after ``( [``, doubled spaces, a leading or trailing space
  the source does not have; a language's own typography is kept (French writes a no-break space before
  ``; : ! ?``: data/typography.toml);
- a doubled word ("del del norte") where the source doubles none and the language does not double it
  on purpose ("nous nous");
- a leaked Apertium mark glued to a word ("@since"): the mark is removed and the word flagged as the
  engine's unknown word;
- numbers in the reader's locale: a number the source wrote its own way ("3.5", "100,000", "1,234.5")
  and the engine left as it was is written with the target language's decimal and group symbols (babel's
  CLDR data: es "3,5", "100.000"). Numbers without separators (years, "2022"), version numbers
  ("0.8.1"), times ("10.30 am") and numbers inside words or addresses are left alone.

Fixes only put in or delete spaces, delete marks or rewrite digits' separators, so tags (``<1>…</1>``)
and entities (``&amp;``) of the tagged text stay as they were; the offsets of applied glossary terms
follow the edits.
"""

from __future__ import annotations

import copy
import enum
import functools
import re
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.numbers import NumberFormatError, parse_decimal

from translate.analysers import Analyser, Analysers, installed
from translate.config import base_language
from translate.inline import strip_tags
from translate.model import Finding, MTResult, Segment, Severity
from translate.qa.base import Check
from translate.qa.glued import glued_words, look_up, spaces
from translate.qa.reported import GENERATION_FAILURE, MISSING_TRANSLATION, UNKNOWN_WORD

AUTO_FIX = Check("auto-fix", Severity.MINOR, blocks=False)
"""An engine artefact fixed in a machine draft (reported by the pipeline): the message says before and after."""
CHECKS = (AUTO_FIX,)


class FixKind(enum.StrEnum):
    """What a fix repaired (the start of its finding's message)."""

    GLUED_WORD = "glued word"
    SPACING = "spacing"
    DOUBLED_WORD = "doubled word"
    ENGINE_MARK = "engine mark"
    NUMBER = "number format"


def fix_kind(finding: Finding) -> FixKind | None:
    """What an ``auto-fix`` finding says was fixed (its message starts with the kind); None for other findings."""
    if finding.check != AUTO_FIX.name:
        return None
    return next((kind for kind in FixKind if finding.message.startswith(f"{kind}: ")), None)


@dataclass(frozen=True, slots=True)
class _Edit:
    """``text[start:end]`` replaced by ``new``; ``flag``: a finding about the text, besides the fix's own;
    ``joined``: part of the fix of the edit before it (a glued word's second space), said in its finding."""

    start: int
    end: int
    new: str
    flag: Finding | None = None
    joined: bool = False


@dataclass(frozen=True, slots=True)
class _Context:
    """What every pass may look at: the source's plain text and the target language's conventions."""

    source: str
    spaced_before: str
    doubled_words: frozenset[str]


_TAGS = r"(?:</?[1-9][0-9]*>)*"
_OPENING = "([{\"'“‘«¿¡$€£"
_CLOSING = ".,;:!?)]}\"'”’»%…"
_MARK_CHECKS = {"*": UNKNOWN_WORD, "#": GENERATION_FAILURE, "@": MISSING_TRANSLATION}
_MARK = re.compile(r"(?<![\w&#@*])([*#@])([^\W\d_][\w'’-]*)")
_DOUBLED = re.compile(r"(?<![\w&@.])([^\W\d_]+)( +)(\1)(?=[\s,;:!?)\]»”\"'…<]|\.(?!\w)|$)", re.IGNORECASE)
_SPACE_BEFORE = re.compile(rf"( +)({_TAGS})(?=[,.](?!\d)|[;:)\]])")
_SPACE_AFTER = re.compile(rf"[(\[]{_TAGS}( +)")
_LEADING = re.compile(rf"^{_TAGS}([ \t\u00a0]+)")
_TRAILING = re.compile(rf"([ \t\u00a0]+){_TAGS}$")
_SPACES = re.compile(r"(?<=\S)( {2,})(?=\S)")
_TIME_WORDS = frozenset({"am", "pm", "a.m", "p.m", "h", "hrs", "o'clock"})


class Fixer:
    """The safe fixes for one language pair, prepared once (locale data, typography), run on many segments.

    ``pivot``: the language the drafts were translated through, if any (a word its analyser knows is a
    pivot leftover, not glued words). ``analysers``: where the glued-word fix finds the target's
    analyser (the installed ones by default: the same persistent processes the checks use)."""

    def __init__(self, *, src: str, tgt: str, pivot: str | None = None, analysers: Analysers | None = None) -> None:
        self.src, self.tgt = src, tgt
        self._spaced_before, self._doubled_words = _typography(base_language(tgt))
        self._numbers = _NumberStyle.between(src, tgt)
        found = analysers or installed()
        analyser = found.get(tgt)
        self._glued = None if analyser is None else _GluedWords(analyser, found.get(pivot) if pivot else None)

    def prime(self, batch: Sequence[tuple[Segment, MTResult]]) -> None:
        """Let the glued-word fix look up a batch of ``(segment, engine result)`` at once before each is fixed
        (faster, same fixes)."""
        if self._glued is not None:
            look_up(self._glued.analyser, self._glued.pivot, [(segment, result.text) for segment, result in batch])

    def __call__(self, segment: Segment, result: MTResult) -> MTResult:
        """``result`` (the engine's output for ``segment``) with its text fixed and a finding for each fix."""
        context = _Context(strip_tags(segment.text), self._spaced_before, self._doubled_words)
        passes: list[tuple[FixKind, Callable[[_Context, str], Iterator[_Edit]]]] = [
            (FixKind.ENGINE_MARK, _marks), (FixKind.DOUBLED_WORD, _doubled), (FixKind.SPACING, _spacing),
        ]
        if self._glued is not None:  # first: the text the analysers were primed with
            passes.insert(0, (FixKind.GLUED_WORD, self._glued.edits))
        if self._numbers is not None:
            passes.append((FixKind.NUMBER, self._numbers.edits))
        text, findings, terms = result.text, list(result.findings), result.terms
        for kind, run in passes:
            edits = _disjoint(run(context, text))
            if not edits:
                continue
            findings.extend(_finding(kind, text, group) for group in _grouped(edits))
            findings.extend(edit.flag for edit in edits if edit.flag is not None)
            terms = tuple(t if t.target_start is None else replace(t, target_start=_moved(t.target_start, edits))
                          for t in terms)
            text = _apply(text, edits)
        if text == result.text:
            return result
        return MTResult(text, tuple(findings), terms)


@dataclass(frozen=True, slots=True)
class _GluedWords:
    """The glued-word fix: the spaces of each word that splits one way only, where they keep the tags whole."""

    analyser: Analyser
    pivot: Analyser | None

    def edits(self, context: _Context, text: str) -> Iterator[_Edit]:
        for glued in glued_words(strip_tags(text), self.analyser, source=context.source, pivot=self.pivot):
            if len(glued.splits) == 1:
                for points in spaces(text, glued):
                    yield from (_Edit(point, point, " ", joined=n > 0) for n, point in enumerate(points))


def _marks(context: _Context, text: str) -> Iterator[_Edit]:
    own = {m.group(1) for m in _MARK.finditer(context.source)}  # the source's hashtags or handles
    for match in _MARK.finditer(text):
        mark, word = match.groups()
        if mark in own:  # maybe translated ("#Ukraine", "#Ucrania")
            continue
        check = _MARK_CHECKS[mark]
        flag = check.finding(f"the engine left its “{mark}” mark on “{word}” (removed): it did not translate it",
                             text=word)
        yield _Edit(match.start(1), match.end(1), "", flag)


def _doubled(context: _Context, text: str) -> Iterator[_Edit]:
    if _DOUBLED.search(context.source):
        return
    for match in _DOUBLED.finditer(text):
        first, second = match.group(1), match.group(3)
        # the same word, or the first capitalized at a sentence's start ("Del del")
        same = second == first or first == second[:1].upper() + second[1:]
        if same and first.casefold() not in context.doubled_words:
            yield _Edit(match.end(1), match.end(), "")


def _spacing(context: _Context, text: str) -> Iterator[_Edit]:
    spans: list[tuple[int, int]] = []
    for match in _SPACE_BEFORE.finditer(text):
        mark = text[match.end()]
        if mark not in context.spaced_before and f" {mark}" not in context.source:
            spans.append(match.span(1))
    for match in _SPACE_AFTER.finditer(text):
        if f"{text[match.start()]} " not in context.source:
            spans.append(match.span(1))
    if context.source[:1].strip():
        spans.extend(m.span(1) for m in _LEADING.finditer(text))
    if context.source[-1:].strip():
        spans.extend(m.span(1) for m in _TRAILING.finditer(text))
    removed = set(spans)
    yield from (_Edit(start, end, "") for start, end in sorted(removed))
    for match in _SPACES.finditer(text):
        start, end = match.span(1)
        if not any(s <= start < e or start <= s < end for s, e in removed):
            yield _Edit(start + 1, end, "")


@dataclass(frozen=True, slots=True)
class _NumberStyle:
    """How the source and the target language write numbers (babel's CLDR data), where they differ."""

    source: Locale
    target: Locale
    written: re.Pattern[str]
    """A number written the source's way with a separator: grouped thousands, a decimal part or both."""

    @classmethod
    def between(cls, src: str, tgt: str) -> _NumberStyle | None:
        source, target = _locale(src), _locale(tgt)
        if source is None or target is None:
            return None
        decimal, group = source.number_symbols["latn"]["decimal"], source.number_symbols["latn"]["group"]
        d = re.escape(decimal)
        forms = [rf"\d+{d}\d+"]
        if group.strip():  # a space-grouped number ("100 000") is two tokens: not read as one
            forms.insert(0, rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+(?:{d}\d+)?")
        return cls(source, target, re.compile(rf"(?<![\d\w])(?:{'|'.join(forms)})(?![\d\w])"))

    def edits(self, context: _Context, text: str) -> Iterator[_Edit]:
        wanted: dict[str, str] = {}
        for match in self.written.finditer(context.source):
            number = match.group()
            if number in wanted or not _alone(context.source, match.start(), match.end(), number):
                continue
            if _next_word(context.source, match.end()) in _TIME_WORDS:
                continue
            localized = self._localize(number)
            if localized is not None and localized != number:
                wanted[number] = localized
        for number, localized in wanted.items():
            for match in re.finditer(rf"(?<![\d\w]){re.escape(number)}(?![\d\w])", text):
                if _alone(text, match.start(), match.end(), number):
                    yield _Edit(match.start(), match.end(), localized)

    def _localize(self, number: str) -> str | None:
        try:
            value = parse_decimal(number, self.source, strict=True)
        except NumberFormatError:
            return None
        decimal = self.source.number_symbols["latn"]["decimal"]
        places = len(number.rpartition(decimal)[2]) if decimal in number else 0
        return _format(value, self.target, places)


def _format(value: Decimal, locale: Locale, places: int) -> str:
    """``value`` in ``locale``'s decimal pattern with exactly ``places`` decimals (as the source wrote it)."""
    pattern = copy.copy(locale.decimal_formats[None])
    pattern.frac_prec = (places, places)
    return pattern.apply(value, locale)


def _alone(text: str, start: int, end: int, number: str) -> bool:
    """Whether ``text[start:end]`` is a number on its own: its word is the number, maybe with brackets,
    quotes, a currency or a percent sign and punctuation (not "v0.8", "0.8.1", an address, a word)."""
    left, right = start, end
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    while right < len(text) and not text[right].isspace():
        right += 1
    return strip_tags(text[left:right]).lstrip(_OPENING).rstrip(_CLOSING) == number


def _next_word(text: str, end: int) -> str:
    rest = text[end:].split(maxsplit=1)
    return rest[0].casefold().rstrip(",;:!?.") if rest else ""


def _grouped(edits: Sequence[_Edit]) -> Iterator[list[_Edit]]:
    """The edits in groups of one fix each: an edit and those joined to it."""
    group: list[_Edit] = []
    for edit in edits:
        if group and not edit.joined:
            yield group
            group = []
        group.append(edit)
    if group:
        yield group


def _finding(kind: FixKind, text: str, edits: Sequence[_Edit]) -> Finding:
    """The fix's finding: the words around its edits, before and after them."""
    left, right = edits[0].start, edits[-1].end
    if not text[left:right].strip():  # a space removed: the words on both sides of it
        while left > 0 and text[left - 1].isspace():
            left -= 1
        while right < len(text) and text[right].isspace():
            right += 1
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    while right < len(text) and not text[right].isspace():
        right += 1
    before = text[left:right]
    after = _apply(before, [replace(edit, start=edit.start - left, end=edit.end - left) for edit in edits])
    return AUTO_FIX.finding(f"{kind}: “{strip_tags(before)}” → “{strip_tags(after)}”", text=strip_tags(after))


def _disjoint(edits: Iterator[_Edit]) -> list[_Edit]:
    """The edits in text order, any that overlaps an earlier one left out."""
    kept: list[_Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if not kept or edit.start >= kept[-1].end:
            kept.append(edit)
    return kept


def _apply(text: str, edits: Sequence[_Edit]) -> str:
    out: list[str] = []
    at = 0
    for edit in edits:
        out.append(text[at:edit.start])
        out.append(edit.new)
        at = edit.end
    out.append(text[at:])
    return "".join(out)


def _moved(position: int, edits: Sequence[_Edit]) -> int:
    """Where a position of the text before ``edits`` is after them (an edited stretch's start, inside one)."""
    shift = 0
    for edit in edits:
        if edit.end <= position:
            shift += len(edit.new) - (edit.end - edit.start)
        elif edit.start < position:
            return edit.start + shift
    return position + shift


@functools.cache
def _typography(lang: str) -> tuple[str, frozenset[str]]:
    """The marks ``lang`` writes after a space and the words it doubles on purpose (data/typography.toml)."""
    text = resources.files("translate").joinpath("data/typography.toml").read_text("utf-8")
    rules = tomllib.loads(text).get(lang, {})
    return str(rules.get("spaced_before", "")), frozenset(str(w).casefold() for w in rules.get("doubled_words", ()))


@functools.lru_cache(maxsize=64)
def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
