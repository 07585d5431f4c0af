"""Tagged text: how inline formatting rides inside a segment's text.

A segment's text is plain text in which numbered paired tags ``<1>…</1>`` mark formatted spans
and ``&``, ``<``, ``>`` are escaped as ``&amp;``, ``&lt;``, ``&gt;``. The segment's ``marks`` tuple
says what each number stands for. Tags nest properly; a mark whose span had to be split (because
it crossed another one, or an engine moved its words apart) reuses its number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from translate.model import Mark, MarkKind, Run

_TAG = re.compile(r"<(/?)([1-9][0-9]*)>")
_ENTITY = re.compile(r"&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
_SPACE = re.compile(r"\s+")
K = TypeVar("K")
_KIND_ORDER = {MarkKind.LINK: 0, MarkKind.STRONG: 1, MarkKind.EMPHASIS: 2, MarkKind.CODE: 3}


class TagError(ValueError):
    """Tagged text whose tags do not pair up or refer to no mark."""


@dataclass(frozen=True, slots=True)
class Tag:
    number: int
    closing: bool


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)


def tokenize(tagged: str) -> Iterator[str | Tag]:
    """Yield the unescaped text pieces and the tags of tagged text, in order."""
    pos = 0
    for match in _TAG.finditer(tagged):
        if match.start() > pos:
            yield unescape(tagged[pos : match.start()])
        yield Tag(int(match.group(2)), closing=match.group(1) == "/")
        pos = match.end()
    if pos < len(tagged):
        yield unescape(tagged[pos:])


def editable(tagged: str) -> str:
    """Tagged text as a person edits it: the tags as they are (``<1>…</1>``), every other character itself
    (``&amp;`` shown as ``&``). :func:`from_editable` is its inverse."""
    if "&" not in tagged:
        return tagged
    return "".join(piece if isinstance(piece, str) else f"<{'/' if piece.closing else ''}{piece.number}>"
                   for piece in tokenize(tagged))


def from_editable(text: str) -> str:
    """Text a person edited back as tagged text: ``<N>`` and ``</N>`` are tags, everything else is escaped."""
    out, position = [], 0
    for match in _TAG.finditer(text):
        out += [escape(text[position:match.start()]), match.group(0)]
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


def strip_tags(tagged: str) -> str:
    """The plain text of tagged text, tags removed and entities unescaped."""
    if "<" not in tagged and "&" not in tagged:
        return tagged
    return "".join(piece for piece in tokenize(tagged) if isinstance(piece, str))


def tag_numbers(tagged: str) -> list[int]:
    """The numbers of the opening tags, in order of appearance (repeats included)."""
    return [int(m.group(2)) for m in _TAG.finditer(tagged) if not m.group(1)]


def normalize_runs(runs: Sequence[Run]) -> tuple[Run, ...]:
    """Collapse whitespace, trim the ends, merge neighbours with the same marks, drop empty runs."""
    # Neighbours are gathered as lists of pieces and joined once: appending to a growing string
    # would copy it for every piece, and a hostile paragraph may hold tens of thousands of runs.
    groups: list[tuple[frozenset[Mark], list[str]]] = []
    ends_with_space = False
    for run in runs:
        text = _SPACE.sub(" ", run.text)
        if ends_with_space and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        ends_with_space = text.endswith(" ")
        if groups and groups[-1][0] == run.marks:
            groups[-1][1].append(text)
        else:
            groups.append((run.marks, [text]))
    collapsed = [Run("".join(pieces), marks) for marks, pieces in groups]
    if collapsed:
        collapsed[0] = Run(collapsed[0].text.lstrip(), collapsed[0].marks)
        collapsed[-1] = Run(collapsed[-1].text.rstrip(), collapsed[-1].marks)
    return tuple(run for run in collapsed if run.text)


def slice_runs(runs: Sequence[Run], start: int, end: int) -> tuple[Run, ...]:
    """The runs covering characters ``start:end`` of the runs' concatenated text."""
    out: list[Run] = []
    pos = 0
    for run in runs:
        run_end = pos + len(run.text)
        lo, hi = max(start, pos), min(end, run_end)
        if lo < hi:
            out.append(Run(run.text[lo - pos : hi - pos], run.marks))
        pos = run_end
    return tuple(out)


@dataclass(slots=True)
class _Span(Generic[K]):
    key: K
    first: int
    last: int
    number: int = 0


def _encode(
    pieces: Sequence[tuple[str, frozenset[K]]],
    number_for: Callable[[K], int],
    order: Callable[[K], object],
) -> str:
    """Tagged text for text pieces each carrying a set of keys (marks or tag numbers).

    A key's maximal stretch of consecutive pieces becomes one tagged span; spans are opened
    longest first so that they nest, and a span crossing another is closed and reopened.
    """
    spans: list[_Span[K]] = []
    open_spans: dict[K, _Span[K]] = {}
    for index, (_, keys) in enumerate(pieces):
        for key in list(open_spans):
            if key not in keys:
                del open_spans[key]
        for key in keys:
            if key in open_spans:
                open_spans[key].last = index
            else:
                open_spans[key] = _Span(key, index, index)
                spans.append(open_spans[key])

    out: list[str] = []
    stack: list[_Span[K]] = []
    for index, (text, _) in enumerate(pieces):
        ended = [i for i, span in enumerate(stack) if span.last < index]
        if ended:
            cut = ended[0]
            reopen = [span for span in stack[cut:] if span.last >= index]
            out.extend(f"</{span.number}>" for span in reversed(stack[cut:]))
            del stack[cut:]
            for span in reopen:
                out.append(f"<{span.number}>")
                stack.append(span)
        starting = sorted((s for s in spans if s.first == index), key=lambda s: (-s.last, order(s.key)))
        for span in starting:
            span.number = number_for(span.key)
            out.append(f"<{span.number}>")
            stack.append(span)
        out.append(escape(text))
    out.extend(f"</{span.number}>" for span in reversed(stack))
    return "".join(out)


def runs_to_tagged(runs: Sequence[Run]) -> tuple[str, tuple[Mark, ...]]:
    """Encode runs as tagged text and the marks its tag numbers stand for."""
    marks: list[Mark] = []

    def number_for(mark: Mark) -> int:
        marks.append(mark)
        return len(marks)

    def order(mark: Mark) -> object:
        return (_KIND_ORDER[mark.kind], mark.href or "")

    tagged = _encode([(run.text, run.marks) for run in runs], number_for, order)
    return tagged, tuple(marks)


def pieces_to_tagged(pieces: Sequence[tuple[str, frozenset[int]]]) -> str:
    """Encode text pieces carrying tag numbers as tagged text, keeping those numbers."""
    return _encode(pieces, lambda number: number, lambda number: number)


def tagged_to_runs(tagged: str, marks: Sequence[Mark]) -> tuple[Run, ...]:
    """Decode tagged text into runs; raise TagError if the tags are malformed."""
    runs: list[Run] = []
    stack: list[int] = []
    for piece in tokenize(tagged):
        if isinstance(piece, Tag):
            if not 1 <= piece.number <= len(marks):
                raise TagError(f"tag <{piece.number}> stands for no formatting of the source")
            if piece.closing:
                if not stack or stack[-1] != piece.number:
                    raise TagError(f"closing tag </{piece.number}> does not match an open tag")
                stack.pop()
            else:
                if piece.number in stack:
                    raise TagError(f"tag <{piece.number}> is opened inside itself")
                stack.append(piece.number)
            continue
        current = frozenset(marks[n - 1] for n in stack)
        if runs and runs[-1].marks == current:
            runs[-1] = Run(runs[-1].text + piece, current)
        else:
            runs.append(Run(piece, current))
    if stack:
        raise TagError(f"tag <{stack[-1]}> is never closed")
    return tuple(runs)
