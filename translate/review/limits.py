"""How much a review file may hold: bounds generous for real work that refuse what would only cost time and memory.

A 9 MB target once made the first ``review status`` after its import take three minutes and 0.9 GB
(post-editing statistics over it); a file as a whole is bounded before it is parsed, each unit's
target and comment before they are checked or stored.
"""

from __future__ import annotations

MAX_FILE_BYTES = 64 * 1024 * 1024
"""A review file as stored (XLIFF, or the DOCX zip): about 90,000 segments as `review export` writes them."""
MAX_DOCX_EXPANDED_BYTES = 160 * 1024 * 1024
"""A review DOCX's members inflated, together: about as many table rows (a row takes ~1.7 KB of XML)."""
MAX_TARGET_RATIO = 10
"""A translation may be this many times longer than its source (no real language pair comes near) ..."""
MAX_TARGET_FLOOR = 4096
"""... or this many characters, whichever is more (short sources: titles, a figure, an abbreviation)."""
MAX_COMMENT_CHARS = 4096
"""A translator's comment, kept in the history row of the change."""


def target_limit(source: str) -> int:
    """The most characters a translation of ``source`` may have."""
    return max(MAX_TARGET_RATIO * len(source), MAX_TARGET_FLOOR)


def size(count: int) -> str:
    """A byte count for a message: ``64 MB``, ``1.5 MB``, ``812 KB``."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.3g} MB"
    return f"{max(count // 1024, 1)} KB"
