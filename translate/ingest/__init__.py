"""Read source articles (Markdown, plain text, HTML, DOCX) into :class:`translate.model.Article`.

One reader module per format, chosen by file extension through :data:`READERS`: each module of
:data:`MODULES` declares its ``EXTENSIONS`` and ``read(path, *, source_lang)``, so a new source
format is one new module here and its name in :data:`MODULES`. Every reader
raises :class:`translate.errors.IngestError` for a source it cannot read, and reports what it
left out (images, tables, web boilerplate) as findings on the article.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Protocol

from translate.errors import IngestError
from translate.model import Article

logger = logging.getLogger(__name__)


class Reader(Protocol):
    """A reader module: the ``EXTENSIONS`` it takes and ``read(path, *, source_lang)``."""

    EXTENSIONS: tuple[str, ...]

    def read(self, path: Path, *, source_lang: str) -> Article: ...


MODULES = ("markdown", "text", "html", "docx")
"""The reader modules of this package, in the order their extensions are listed."""


def _readers() -> dict[str, Reader]:
    readers: dict[str, Reader] = {}
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        for extension in module.EXTENSIONS:
            readers[extension] = module
    return readers


READERS: dict[str, Reader] = _readers()
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(READERS)

__all__ = ["MODULES", "READERS", "SUPPORTED_EXTENSIONS", "Reader", "read_article"]


def read_article(path: Path, *, source_lang: str = "en") -> Article:
    """Read the article at ``path`` with the reader for its extension.

    ``source_lang`` is the article's language unless the source says otherwise (Markdown
    front matter ``lang:``). Raises IngestError for a missing file, a folder, an unsupported
    extension or a source the reader cannot make sense of.
    """
    path = Path(path)
    if not path.exists():
        raise IngestError("no such file", path=path, hint="check the path")
    if path.is_dir():
        raise IngestError(
            "is a folder, not an article", path=path, hint="give the path of one article file"
        )
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise IngestError(
            f"unsupported file type {path.suffix or '(no extension)'!r}",
            path=path,
            hint=f"supported extensions: {', '.join(SUPPORTED_EXTENSIONS)}",
        )
    logger.debug("reading %s as %s", path, path.suffix.lower())
    try:
        return reader.read(path, source_lang=source_lang)
    except OSError as exc:
        raise IngestError(
            f"cannot read the file: {exc.strerror or exc}",
            path=path,
            hint="check that it is readable",
        ) from exc
