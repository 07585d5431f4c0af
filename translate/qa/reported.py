"""Findings other parts report, declared for their one severity and for whether they block.

Engines report the words they did not know (Apertium's ``*``, ``#`` and ``@`` marks) and formatting they
could not carry; a run reports the translations it took from memory. None of them holds a draft back:
an unknown name is usually right as it stands, and the reviewer sees the note.
"""

from __future__ import annotations

from translate.model import Severity
from translate.qa.base import Check

UNKNOWN_WORD = Check("unknown-word", Severity.MINOR, blocks=False, unknown_word=True)
GENERATION_FAILURE = Check("generation-failure", Severity.MINOR, blocks=False, unknown_word=True)
MISSING_TRANSLATION = Check("missing-translation", Severity.MINOR, blocks=False, unknown_word=True)
FORMATTING_LOST = Check("formatting-lost", Severity.MINOR, blocks=False)
MEMORY_MATCH = Check("memory-match", Severity.MINOR, blocks=False)

CHECKS = (UNKNOWN_WORD, GENERATION_FAILURE, MISSING_TRANSLATION, FORMATTING_LOST, MEMORY_MATCH)
