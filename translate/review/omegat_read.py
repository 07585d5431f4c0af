"""An OmegaT project back from the translator: its folder, or an ``.omt`` package, read as a review import.

The project's ``source/`` files (our XLIFF, :mod:`translate.review.omegat`) say which segments were
exported, at which revision and in which state. The translations are OmegaT's ``omegat/project_save.tmx``,
where OmegaT keeps the translator's work; without it, the ``target/`` files OmegaT creates (Project >
Create Translated Documents), where a segment still in English is untranslated. A segment OmegaT has no
translation for is not part of the import.

OmegaT has no review states: a translated segment is confirmed. So a segment comes back ``edited``, but
one exported approved comes back approved: unchanged if its text is (OmegaT inserted it from ``tm/auto``),
else the import withdraws the approval and says so. Approval stays the reviewer's step.

Refused, naming the file and line, before anything is applied: a folder or zip that is not an OmegaT
project, an ``omegat.project`` whose languages are not those of its ``source/`` files (changed in
Project > Properties), a translation in ``project_save.tmx`` or ``target/`` for a segment the project does
not have (OmegaT keeps such orphans when source files change), and an ``.omt`` that is not a zip, holds a
path outside the project or is a zip bomb (:mod:`translate.safezip`; nothing is extracted). Where the
translator added files of their own to ``source/`` (Project > Copy Files to Source Folder; an XLIFF with no
``<file>`` of ours, ``tr:slug``, among them), a translation that is none of our segments' is taken for one of
theirs and left out.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from translate.config import normalize_language
from translate.errors import ArchiveError, LanguageError, ReviewError, brief
from translate.fsutil import read_bounded
from translate.model import ParsedReview, ReviewArticle, ReviewPackage, ReviewUnit, SegmentState, UnitProblem
from translate.review.limits import MAX_FILE_BYTES, size
from translate.review.omegat import PROJECT, SAVED, SOURCE, TARGET, Shortcuts
from translate.review.xliff import import_xliff
from translate.safezip import check_zip
from translate.xmlsafe import parse_document

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})
_REPACK = ("import the project's folder instead, or zip its contents again (omegat.project at the top) and import "
           "that")
_NOT_A_PROJECT = "import the folder `translate review export --format omegat` wrote (or its .omt), as OmegaT left it"


def is_omegat_project(path: Path) -> bool:
    """Whether ``path`` is to be read as an OmegaT project: a folder, or an ``.omt`` package."""
    return path.is_dir() or path.suffix.lower() == ".omt"


def project_around(path: Path) -> Path | None:
    """The OmegaT project folder that ``path`` is inside (its ``omegat.project``, its ``omegat/project_save.tmx``,
    one of its folders), None if it is in none: what to import instead of a part of a project."""
    return next((folder for folder in list(path.parents)[:2] if (folder / PROJECT).is_file()), None)


def read_omegat_project(path: Path) -> ParsedReview:
    """The translated units of the OmegaT project at ``path`` (a folder or an ``.omt``), with the problems of
    those that cannot be applied; ``lines_in`` is the file their lines are in. ReviewError (or ArchiveError
    for a bad package) where the project cannot be read, as the module says."""
    with _Files.open(path) as project:
        source_lang, lang = _languages(project)
        exported = _Exported.read(project, source_lang, lang)
        translations, lines_in = _translations(project, exported, source_lang, lang)
        units = []
        for key, (text, note, line) in translations.items():
            unit = exported.units[key]
            tagged = exported.shortcuts[key].from_omegat(text) if isinstance(text, str) else text.target
            # Still approved: unchanged if the text is, else the import withdraws the approval and says so.
            state = SegmentState.APPROVED if unit.exported_state is SegmentState.APPROVED else SegmentState.EDITED
            units.append(replace(unit, target=tagged, state=state, comment=note, line=line, notes=(), terms=()))
    package = ReviewPackage(source_lang, lang, tuple(exported.articles), tuple(units))
    return ParsedReview(package, tuple(exported.problems), lines_in=lines_in)


class _Files:
    """The files of a project, in a folder or a zip, by their path inside the project."""

    def __init__(self, path: Path, archive: zipfile.ZipFile | None = None, prefix: str = "") -> None:
        self.path, self.archive, self.prefix = path, archive, prefix

    @classmethod
    def open(cls, path: Path) -> _Files:
        if path.is_dir():
            if not (path / PROJECT).is_file():
                around = project_around(path)
                raise ReviewError(f"not an OmegaT project: the folder has no {PROJECT}", path=path,
                                  hint=_NOT_A_PROJECT if around is None else f"it is in the OmegaT project {around}"
                                  f"{os.sep}: import that")
            return cls(path)
        try:
            check_zip(path)
        except ArchiveError as error:  # its own hint is for any zip: say what to do with a project package
            raise ArchiveError(error.message, path=path, hint=_REPACK) from None
        archive = zipfile.ZipFile(path)
        names = set(archive.namelist())
        prefix = ""
        if PROJECT not in names:  # zipped with its folder: one folder at the top holding the project
            tops = sorted(name.removesuffix(PROJECT) for name in names
                          if name.endswith("/" + PROJECT) and name.count("/") == 1)
            if len(tops) != 1:
                archive.close()
                raise ReviewError(f"not an OmegaT project package: no {PROJECT} at its top", path=path,
                                  hint=_NOT_A_PROJECT)
            prefix = tops[0]
        return cls(path, archive, prefix)

    def __enter__(self) -> _Files:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.archive is not None:
            self.archive.close()

    def where(self, name: str) -> Path:
        """The path to name in messages: the file in the folder, or ``PACKAGE.omt:NAME``."""
        return self.path / name if self.archive is None else Path(f"{self.path}:{self.prefix}{name}")

    def read(self, name: str) -> bytes | None:
        """The file's bytes, None if the project has no such file."""
        if self.archive is None:
            path = self.path / name
            if not os.path.lexists(path):
                return None
            return read_bounded(path, limit=MAX_FILE_BYTES, what="project file", error=ReviewError)
        try:
            info = self.archive.getinfo(self.prefix + name)
        except KeyError:
            return None
        if info.file_size > MAX_FILE_BYTES:
            raise ReviewError(f"{name} is {size(info.file_size)}, more than the {size(MAX_FILE_BYTES)} allowed",
                              path=self.path, hint="export fewer segments per project (--article, --state)")
        return self.archive.read(info)

    def listing(self, folder: str, suffix: str) -> list[str]:
        """The names of the files directly in ``folder`` ending in ``suffix``, sorted."""
        if self.archive is None:
            try:
                entries = list(os.scandir(self.path / folder))
            except FileNotFoundError:
                return []
            except OSError as error:
                raise ReviewError(f"cannot list {folder}: {error.strerror}", path=self.path / folder) from None
            return sorted(folder + e.name for e in entries
                          if e.name.lower().endswith(suffix) and e.is_file() and not _system_file(e.name))
        start = self.prefix + folder
        return sorted(name[len(self.prefix):] for name in self.archive.namelist()
                      if name.startswith(start) and "/" not in name[len(start):] and name.lower().endswith(suffix)
                      and not _system_file(name))

    def every_file(self, folder: str) -> list[str]:
        """The names of all the files under ``folder``, subfolders too (OmegaT translates those as well), sorted."""
        if self.archive is None:
            found = []
            for top, _, names in os.walk(self.path / folder):
                found += [(Path(top) / name).relative_to(self.path).as_posix() for name in names
                          if not _system_file(name)]
            return sorted(found)
        return sorted(name[len(self.prefix):] for name in self.archive.namelist()
                      if name.startswith(self.prefix + folder) and not name.endswith("/") and not _system_file(name))


def _system_file(name: str) -> bool:
    """Whether the file named ``name`` (a path in the project) is one that the system, not a translator, leaves
    in a folder: hidden ones (macOS's ``.DS_Store`` and ``._NAME`` copies on other disks), Windows' thumbnails."""
    base = name.rsplit("/", 1)[-1]
    return base.startswith(".") or base.lower() in _SYSTEM_FILES


def _languages(project: _Files) -> tuple[str, str]:
    data = project.read(PROJECT)
    assert data is not None
    where = project.where(PROJECT)
    root = parse_document(data, path=where, kind="OmegaT project file", error=ReviewError)
    settings = root.find("project") if root.tag == "omegat" else None
    if settings is None or settings.get("version") != "1.0":
        raise ReviewError(f"not an OmegaT 1.0 project file (<{brief(root.tag)}>)", path=where, line=root.sourceline,
                          hint=_NOT_A_PROJECT)
    found = []
    for name in ("source_lang", "target_lang"):
        element = settings.find(name)
        if element is None or not (element.text or "").strip():
            raise ReviewError(f"no <{name}> in the project file", path=where, line=settings.sourceline,
                              hint="set the languages in OmegaT (Project > Properties) and save the project")
        try:
            found.append(normalize_language(element.text.strip()))
        except LanguageError as error:
            raise ReviewError(f"<{name}> {brief(element.text)} is not a language code", path=where,
                              line=element.sourceline, hint=error.hint) from None
    return found[0], found[1]


@dataclass
class _Exported:
    """What the project's ``source/`` files say was exported, by (file under ``source/``, segment id); ``others``:
    the files the translator added to ``source/`` (by their path under it), whose translations are not ours."""

    articles: list[ReviewArticle]
    units: dict[tuple[str, str], ReviewUnit]
    shortcuts: dict[tuple[str, str], Shortcuts]
    by_source: dict[str, list[tuple[str, str]]]
    problems: list[UnitProblem]
    others: frozenset[str]

    @classmethod
    def read(cls, project: _Files, source_lang: str, lang: str) -> _Exported:
        names = project.listing(SOURCE, ".xlf")
        if not names:
            raise ReviewError(f"the project has no {SOURCE}*.xlf file", path=project.where(SOURCE),
                              hint=_NOT_A_PROJECT)
        others = {name.removeprefix(SOURCE) for name in project.every_file(SOURCE) if name not in names}
        found = cls([], {}, {}, {}, [], frozenset())
        for name in names:
            data = project.read(name)
            assert data is not None
            parsed = import_xliff(data, path=project.where(name), in_omegat_project=True)
            package = parsed.package
            file = name.removeprefix(SOURCE)
            if not package.articles:  # no <file> of ours (tr:slug): an XLIFF the translator added
                others.add(file)
                continue
            if (package.source_lang, package.lang) != (source_lang, lang):
                raise ReviewError(
                    f"the project file says {source_lang} → {lang}, but {name} is {package.source_lang} → "
                    f"{package.lang}", path=project.where(PROJECT),
                    hint=f"set the languages back to {package.source_lang} → {package.lang} in OmegaT (Project > "
                         f"Properties), or export a project for {lang}")
            found.articles.extend(package.articles)
            # The import's report names the project's memory: a problem says which source file it is in.
            found.problems.extend(replace(p, message=f"{name}{f':{p.line}' if p.line else ''}: {p.message}", line=None)
                                  for p in parsed.problems)
            for unit in package.units:
                key = (file, unit.segment_id)
                shortcuts = Shortcuts.of(unit.source)
                found.units[key], found.shortcuts[key] = unit, shortcuts
                found.by_source.setdefault(_squeezed(shortcuts.to_omegat(unit.source)), []).append(key)
        found.others = frozenset(others)
        return found


@dataclass(frozen=True, slots=True)
class _Entry:
    """A translation in an OmegaT memory: by ``key`` (file, id) for an alternative one, else by ``source``."""

    source: str
    text: str
    note: str
    line: int
    key: tuple[str, str] | None


def _memory_entries(data: bytes, where: Path, source_lang: str, lang: str) -> Iterator[_Entry]:
    """The translations into ``lang`` of a TMX as OmegaT writes it (1.1, ``lang=``) or as we do (1.4)."""
    root = parse_document(data, path=where, kind="TMX", error=ReviewError)
    if root.tag != "tmx":
        raise ReviewError(f"not a TMX file: the root element is <{brief(root.tag)}>", path=where, line=root.sourceline,
                          hint="put back the project's own file")
    for tu in root.iter("tu"):
        props = {p.get("type"): (p.text or "") for p in tu.findall("prop")}
        source = text = None
        for tuv in tu.findall("tuv"):
            code = (tuv.get(_XML_LANG) or tuv.get("lang") or "").split("-")[0].lower()
            seg = tuv.find("seg")
            value = "".join(seg.itertext()) if seg is not None else ""
            if code == source_lang.split("-")[0] and source is None:
                source = value
            elif code == lang.split("-")[0] and text is None:
                text = value
        if source is None or not text:
            continue
        note = "\n".join(n.text or "" for n in tu.findall("note")).strip()
        key = (props["file"], props.get("id", "")) if "file" in props else None
        yield _Entry(source, text, note, tu.sourceline or 0, key)


def _translations(
    project: _Files, exported: _Exported, source_lang: str, lang: str
) -> tuple[dict[tuple[str, str], tuple[str | ReviewUnit, str, int | None]], Path]:
    """Each translated segment's text (OmegaT's, or a unit of a ``target/`` file), note and line; and the file."""
    data = project.read(SAVED)
    where = project.where(SAVED)
    found: dict[tuple[str, str], tuple[str | ReviewUnit, str, int | None]] = {}
    if data is not None:
        alternatives: dict[tuple[str, str], _Entry] = {}
        for entry in _memory_entries(data, where, source_lang, lang):
            keys = [entry.key] if entry.key is not None else exported.by_source.get(_squeezed(entry.source), [])
            if not keys or keys[0] not in exported.units:
                if exported.others and (entry.key is None or entry.key[0] in exported.others):
                    continue  # a segment of a file the translator added to source/: their own work, not ours
                raise ReviewError(
                    f"a translation of {brief(entry.source)} for a segment the project does not have", path=where,
                    line=entry.line, hint=f"were {SOURCE} files changed after the export? put them back as they "
                    "were exported")
            if entry.key is not None:
                alternatives[entry.key] = entry
            for key in keys:
                found.setdefault(key, (entry.text, entry.note, entry.line))
        for key, entry in alternatives.items():  # a segment's own translation wins over the default one
            found[key] = (entry.text, entry.note, entry.line)
        return found, where
    for name in project.listing(TARGET, ".xlf"):
        data = project.read(name)
        assert data is not None
        file = name.removeprefix(TARGET)
        for unit in import_xliff(data, path=project.where(name), in_omegat_project=True).package.units:
            key = (file, unit.segment_id)
            if key not in exported.units:
                raise ReviewError(f"segment {brief(unit.segment_id)} is not in the project's {SOURCE}{file}",
                                  path=project.where(name), line=unit.line,
                                  hint="put back the target/ files OmegaT created, or export the project again")
            if _squeezed(unit.target) != _squeezed(unit.source):  # still the English copy: untranslated
                found[key] = (unit, "", None)
    return found, project.where(TARGET)


def _squeezed(text: str) -> str:
    """Text as OmegaT compares segments: whitespace runs as one space, none at the ends."""
    return " ".join(text.split())

