"""A segment's history as a reviewer reads it: each change with what it did to the machine draft."""

from __future__ import annotations

from dataclasses import dataclass

from translate.inline import editable
from translate.memory import Piece, word_diff
from translate.store import HistoryEntry, SegmentStore

MACHINE = "machine"
"""The actor of machine drafts in the history (``save_machine_translations``)."""


@dataclass(frozen=True, slots=True)
class Revision:
    """One change of a translation, and the word difference from the machine draft it was made on to its text
    (both in the editable form: :func:`~translate.inline.editable`)."""

    entry: HistoryEntry
    against_draft: tuple[Piece, ...]


def segment_history(store: SegmentStore, slug: str, segment_id: str, lang: str) -> list[Revision]:
    """The changes of one translation, newest first; each is compared with the latest machine draft before
    it (a retranslation makes a new draft), a draft with itself."""
    revisions: list[Revision] = []
    draft = ""
    for entry in store.history(slug, segment_id, lang):
        if entry.actor == MACHINE:
            draft = entry.to_text
        revisions.append(Revision(entry, word_diff(editable(draft), editable(entry.to_text))))
    return revisions[::-1]
