"""Importing a glossary file (TBX, CSV, OmegaT: the formats of :mod:`translate.glossary.formats`) into a new YAML
file of ``glossary/``, checked with the files already there."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.errors import GlossaryError, brief
from translate.fsutil import atomic_write_bytes, describe_size, read_bounded
from translate.glossary.exchange import write_glossary_yaml
from translate.glossary.files import MAX_FILE_BYTES, GlossaryFile, is_glossary_name
from translate.glossary.formats import ExchangeOptions, import_format
from translate.glossary.load import check_glossary

__all__ = ["MAX_IMPORT_BYTES", "MAX_NAME_BYTES", "GlossaryImport", "prepare_import"]

MAX_NAME_BYTES = 255
"""The longest file name Linux, macOS and Windows file systems take."""
MAX_IMPORT_BYTES = 4 * MAX_FILE_BYTES
"""A file to import: TBX spends about three times the bytes of the YAML it becomes."""


@dataclass(frozen=True, slots=True)
class GlossaryImport:
    """A glossary file ready to be written: ``problems`` are those of the glossary as it would be with it."""

    source: Path
    target: Path
    data: bytes
    concepts: int
    problems: Sequence[GlossaryError]

    def write(self) -> None:
        """Write the new glossary file (atomically, the umask's mode); GlossaryError, writing nothing, if it has
        problems."""
        if self.problems:
            raise GlossaryError(f"{self.source.name} does not fit the glossary: nothing written", path=self.source,
                                hint="fix the problems above (duplicate ids, conflicting terms) and import again")
        atomic_write_bytes(self.target, self.data)


def prepare_import(folder: Path, file: Path, *, name: str | None, src: str, tgt: str | None) -> GlossaryImport:
    """``file`` (read by the format its suffix names: TBX, or a CSV or OmegaT glossary from ``src`` to ``tgt``) as a
    new YAML file of the glossary ``folder`` (named ``name``, default ``imported-<file name>.yaml``), checked
    together with the files there, as if written.

    GlossaryError naming the file if the name is not a plain ``.yaml`` name or is taken, the file is too large or
    cannot be read, a pair format (CSV, OmegaT) has no target language, or the YAML would be too large for a
    glossary file.
    """
    wanted = name if name is not None else f"imported-{file.stem}.yaml"
    # A plain name only: "../x.yaml" or "sub/x.yaml" would write outside glossary/ or where nothing reads it.
    if "/" in wanted or "\\" in wanted or wanted != wanted.strip() or not is_glossary_name(wanted):
        raise GlossaryError(f"--name {brief(wanted)} must be a plain file name ending in .yaml",
                            hint="for example --name partner-terms.yaml")
    target = folder / wanted
    if len(target.name.encode("utf-8")) > MAX_NAME_BYTES:
        raise GlossaryError(f"the file name {brief(target.name, limit=40)} is too long",
                            hint="choose a shorter one with --name")
    fmt = import_format(file)
    if fmt.pair and not tgt:
        raise GlossaryError(f"a {fmt.label} glossary needs its target language", path=file,
                            hint="give it with --to, e.g. --to es")
    data = read_bounded(file, limit=MAX_IMPORT_BYTES, what=f"{fmt.label} glossary", error=GlossaryError,
                        hint="split it, and import the parts one by one")
    assert fmt.read is not None
    concepts = fmt.read(data, ExchangeOptions(src, tgt), file)
    if target.exists() or target.is_symlink():
        raise GlossaryError(f"{target.name} already exists in {folder.name}/", path=target,
                            hint="choose another --name, or merge it by hand")
    text = write_glossary_yaml(concepts).encode("utf-8")
    if len(text) > MAX_FILE_BYTES:  # a glossary file that large would not be read back
        raise GlossaryError(f"{file.name} would make a glossary file of {describe_size(len(text))}, "
                            f"more than the {describe_size(MAX_FILE_BYTES)} a glossary file may hold", path=file,
                            hint="split it, and import the parts one by one (each with its own --name)")
    problems = check_glossary(folder, extra=GlossaryFile(target, text))
    return GlossaryImport(file, target, text, len(concepts), tuple(problems))
