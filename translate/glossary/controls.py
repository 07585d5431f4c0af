"""Control characters in glossary text: a term is one line of plain text; a note may break lines and hold tabs.

A glossary term is written into every draft and release (titles, headings, paragraphs) and every
review file. NUL, ESC and the like would reach a page raw (a browser shows them as garbage, a
terminal runs ``ESC[2J``) and cannot be written as XML at all, and a line break or a tab in a term
can never match running text. YAML escapes (``"\\0"``, ``"\\e"``) and CSV cells can hold any of
them, so they are refused where a glossary is checked and where one is imported, naming the
character.
"""

from __future__ import annotations

import re
import unicodedata

from translate.errors import brief

_INVISIBLE = "\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff"
"""Invisible format characters that hide or spoof a term: zero-width space and word joiner, the byte-order
mark, bidirectional embeddings, overrides and isolates (U+202E turns "Kyiv" into what reads "viyK"), and
noncharacters. Zero-width (non-)joiners and directional marks stay: Persian and Indic spelling needs them."""
_IN_TERM = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{_INVISIBLE}]")
"""C0 and C1 controls, DEL, the line breaks (tab, line feed and carriage return among them), invisible ones."""
_IN_NOTE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""The same less tab, line feed and carriage return: a note is prose, kept in the glossary and its exports."""
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")
_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x09: "tab", 0x0A: "line feed", 0x0B: "VT", 0x0C: "FF",
          0x0D: "carriage return", 0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL", 0x2028: "line separator",
          0x2029: "paragraph separator", 0x200B: "zero-width space", 0x2060: "word joiner",
          0xFEFF: "byte-order mark", 0x202E: "right-to-left override", 0x202D: "left-to-right override"}  # fmt: skip
TERM_HINT = ("remove it: a term is one line of plain text, without control or invisible characters, line breaks "
             "or tabs")
LINE_HINT = "remove it: write it as one line of plain text"
NOTE_HINT = "remove it: a note may hold line breaks and tabs, but no other control characters"


def term_problem(text: str) -> str | None:
    """What is wrong with ``text`` as a term (``holds a tab, U+0009``), or None if it holds no such character."""
    return _problem(text, _IN_TERM)


def note_problem(text: str) -> str | None:
    """What is wrong with ``text`` as a note or other prose, or None if it holds no control but tab and line breaks."""
    return _problem(text, _IN_NOTE)


def _problem(text: str, pattern: re.Pattern[str]) -> str | None:
    found = pattern.search(text)
    if found is None:
        return None
    char = found.group()
    what = ("a tab" if char == "\t" else "a line break" if char in _LINE_BREAKS
            else "a control character" if unicodedata.category(char) == "Cc" else "an invisible format character")
    name = _NAMES.get(ord(char))
    return f"{brief(text)} holds {what}, U+{ord(char):04X}" + (f" ({name})" if name else "")
