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

from translate.errors import brief

_IN_TERM = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""C0 and C1 controls, DEL, and the line breaks (tab, line feed and carriage return among them)."""
_IN_NOTE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""The same less tab, line feed and carriage return: a note is prose, kept in the glossary and its exports."""
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")
_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x09: "tab", 0x0A: "line feed", 0x0B: "VT", 0x0C: "FF",
          0x0D: "carriage return", 0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL", 0x2028: "line separator",
          0x2029: "paragraph separator"}  # fmt: skip
TERM_HINT = "remove it: a term is one line of plain text, without control characters, line breaks or tabs"
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
    what = "a tab" if char == "\t" else "a line break" if char in _LINE_BREAKS else "a control character"
    name = _NAMES.get(ord(char))
    return f"{brief(text)} holds {what}, U+{ord(char):04X}" + (f" ({name})" if name else "")
