"""One exception tree for everything the tool reports to a user.

Each error carries the file (and line or segment) it is about and a hint saying what to do.
``str(error)`` is the one line the CLI prints: ``path:line: message; hint``.
"""

from __future__ import annotations

import reprlib
from pathlib import Path

_BRIEF = reprlib.Repr()
_BRIEF.maxlevel, _BRIEF.maxstring, _BRIEF.maxother = 3, 120, 120
_BRIEF.maxdict = _BRIEF.maxlist = _BRIEF.maxtuple = _BRIEF.maxset = _BRIEF.maxfrozenset = 6
BRIEF_LIMIT = 200


def brief(value: object, *, limit: int = BRIEF_LIMIT) -> str:
    """A repr of ``value`` fit for a one-line message: bounded in depth, items and length, whatever ``value`` is.

    ``repr`` of hostile input (a YAML alias bomb, a 9 MB string) would be unbounded; this never exceeds
    ``limit`` characters and never walks more than a few levels of a structure.
    """
    text = _BRIEF.repr(value) if not isinstance(value, str) else repr(value)
    if isinstance(value, str) and len(value) > limit:
        text = repr(value[: limit - 40]) + f"… ({len(value):,} characters)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TranslateError(Exception):
    """Base of every error the tool raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        hint = f"; {self.hint}" if self.hint else ""
        return f"{where}{self.message}{hint}"


class ConfigError(TranslateError):
    """The workspace configuration is invalid."""


class LanguageError(TranslateError):
    """A language code that is not a language."""


class IngestError(TranslateError):
    """A source article cannot be read."""


class EngineError(TranslateError):
    """A translation engine failed or is misused."""


class EngineNotInstalled(EngineError):
    """The engine's software is missing on this machine (e.g. Apertium)."""


class PairNotAvailable(EngineError):
    """No engine offers the requested language pair."""


class StoreError(TranslateError):
    """The segment store is unusable (corrupt, newer schema, locked)."""


class ExportError(TranslateError):
    """A document cannot be rendered or written."""


class CatalogError(TranslateError):
    """A catalog of page texts (``translate/locale/``) cannot be read or compiled."""


class ReleaseError(TranslateError):
    """A release cannot be published as asked; nothing was written."""


class ArchiveError(TranslateError):
    """A zip archive (DOCX, .argosmodel) is damaged or unsafe to open."""


class GlossaryError(TranslateError):
    """The glossary is invalid; ``problems`` holds every problem found, each with file and line.

    Raise it with ``GlossaryError.collect(problems)`` so that one run reports all mistakes.
    """

    def __init__(self, message: str, *, problems: tuple[GlossaryError, ...] = (), **where: object) -> None:
        super().__init__(message, **where)  # type: ignore[arg-type]
        self.problems = problems

    @classmethod
    def collect(cls, problems: list[GlossaryError], *, imported: bool = False) -> GlossaryError:
        """One error for all ``problems``; ``imported``: they are in a file being imported (which
        ``glossary check`` does not read), so the others are located by line instead."""
        first = problems[0]
        lines = ", ".join(str(p.line) for p in problems[1:11] if p.line is not None)
        lines += " …" if len(problems) > 11 else ""
        where = (f", on line(s) {lines}" if lines else "") if imported else ": run `translate glossary check`"
        more = f" (and {len(problems) - 1} more problem(s){where})" if len(problems) > 1 else ""
        return cls(first.message + more, path=first.path, line=first.line, hint=first.hint, problems=tuple(problems))


class ModelError(TranslateError):
    """An argostranslate package file is unusable, unsafe, or cannot be installed or fetched."""


class ModelNotInstalled(EngineError):
    """No installed argostranslate package matches the requested pair or name."""


class ReviewError(TranslateError):
    """A review file (XLIFF, bilingual DOCX, TMX) cannot be read as a whole: nothing is applied."""


class ReviewConflict(ReviewError):
    """A segment changed in the store since its review file was exported."""


class WorkspaceError(TranslateError):
    """A workspace file or folder cannot be used: read-only, full, a broken link or a file in the way, a name
    too long; or another command holds the workspace."""


class WorkspaceLocked(WorkspaceError):
    """Another translate command is writing to the workspace (only when not waiting for it)."""
