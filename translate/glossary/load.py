"""Load and validate a workspace's glossary: the ``*.yaml``/``*.yml`` files (any case) of its ``glossary/`` folder.

Each file holds ``terms:``, a list of concepts (see :class:`translate.model.Concept`). Files are read
in name order, non-recursively; other files (README.md) and hidden ones are ignored, and one that
cannot be read is a problem (:mod:`translate.glossary.files`). Validation reports every mistake of
every file at once, each with its file, line and a hint, so that one ``translate glossary check``
shows all of them. YAML is only composed into nodes (for their lines), never constructed into
Python objects (:mod:`translate.glossary.nodes`: libyaml, aliases bounded, tags refused). Each
file's keys and values are checked by :mod:`translate.glossary.schema`; this module checks the
concepts of all files against each other and builds the glossary.

A valid glossary is kept in a cache (:mod:`translate.glossary.cache`) when the caller names a
folder for it, so that a large one is parsed once, not by every command.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from translate.errors import GlossaryError, brief
from translate.gcutil import paused_collector
from translate.glossary import cache
from translate.glossary.files import GlossaryFile, read_folder
from translate.glossary.inflect import LANGUAGES as INFLECTED_LANGUAGES
from translate.glossary.inflect import inflected_forms
from translate.glossary.nodes import parse_file
from translate.glossary.schema import Draft, Entry, FileChecker
from translate.model import Concept, Glossary, TermVariants


@dataclass(frozen=True, slots=True)
class GlossaryCheck:
    """What validating a glossary folder found: the glossary if it is valid (else None), and every problem."""

    glossary: Glossary | None
    problems: tuple[GlossaryError, ...]


@paused_collector()  # nodes and concepts hold no cycles; the collector's walks over them cost half the time
def validate_glossary(
    folder: Path, *, cache_dir: Path | None = None, extra: GlossaryFile | None = None
) -> GlossaryCheck:
    """Read and validate the glossary in ``folder`` once: the glossary, or every problem in file and line order.

    ``extra`` is a file not written yet, checked as if it stood in the folder (an import about to be
    written). With ``cache_dir`` (an existing folder, e.g. ``.translate/``), a valid glossary is kept
    there and read back while its files and this code stay the same.
    """
    problems: list[GlossaryError] = []
    files = read_folder(folder, problems)
    if extra is not None:
        files = sorted([*files, extra], key=lambda file: file.path.name)
    hasher = hashlib.sha256()
    for file in files:
        hasher.update(file.path.name.encode("utf-8") + b"\0" + file.data)
    digest = hasher.hexdigest()
    kept_in = cache_dir if extra is None and not problems else None
    key = cache.key(digest) if kept_in is not None else ""
    if kept_in is not None:
        concepts = cache.read(kept_in, key=key, folder=folder)
        if concepts is not None:
            return GlossaryCheck(Glossary(concepts, digest), ())
    drafts = _read_all(files, problems)
    if problems:
        return GlossaryCheck(None, tuple(problems))
    glossary = Glossary(concepts=tuple(_build(draft) for draft in drafts), digest=digest)
    if kept_in is not None:
        cache.write(kept_in, key=key, glossary=glossary)
    return GlossaryCheck(glossary, ())


def check_glossary(folder: Path, *, extra: GlossaryFile | None = None) -> list[GlossaryError]:
    """Every problem of the glossary in ``folder`` (with ``extra`` added), in file and line order; empty if valid."""
    return list(validate_glossary(folder, extra=extra).problems)


def load_glossary(folder: Path, *, cache_dir: Path | None = None) -> Glossary:
    """The glossary of ``folder``; GlossaryError (its ``problems`` holding every mistake) if it is invalid.

    A missing or empty folder gives an empty glossary; warning about that is the caller's job. One
    that cannot be read (a dangling link, a file where the folder should be) is an error.
    """
    result = validate_glossary(folder, cache_dir=cache_dir)
    if result.glossary is None:
        raise GlossaryError.collect(list(result.problems))
    return result.glossary


def _read_all(files: list[GlossaryFile], problems: list[GlossaryError]) -> list[Draft]:
    """The drafts of all files, adding every problem found to ``problems`` (sorted by file and line)."""
    drafts: list[Draft] = []
    for file in files:
        root = parse_file(file, problems)
        if root is not None:
            drafts.extend(FileChecker(file.path, problems).concepts(root))
    drafts = _unique(drafts, problems)
    for draft in drafts:
        _inflect(draft)
        _check_languages(draft, problems)
        _check_roles(draft, problems)
    _check_conflicts(drafts, problems)
    order = {file.path: index for index, file in enumerate(files)}
    # Problems with the folder itself (no file of its own) come first.
    problems.sort(key=lambda problem: (order.get(problem.path, -1) if problem.path else -1, problem.line or 0))
    return drafts


def _unique(drafts: list[Draft], problems: list[GlossaryError]) -> list[Draft]:
    """The drafts less repeated ids, each repetition reported; id-less drafts stay for their other checks."""
    first: dict[str, Draft] = {}
    kept = []
    for draft in drafts:
        if draft.id in first:
            earlier = first[draft.id]
            problems.append(GlossaryError(
                f"duplicate id '{draft.label}' (first defined at {earlier.path.name}:{earlier.line})", path=draft.path,
                line=draft.line, hint="ids are unique across all glossary files; rename one or merge them"))
            continue
        if draft.id:
            first[draft.id] = draft
        kept.append(draft)
    return kept


def _inflect(draft: Draft) -> None:
    """Fill the uk/ru forms of an ``inflect: true`` concept where they are not given."""
    if not draft.inflect:
        return
    for entry in draft.entries:
        if entry.lang.split("-")[0] in INFLECTED_LANGUAGES and entry.forms is None and entry.preferred is not None:
            term, line = entry.preferred
            entry.forms = [(form, line) for form in inflected_forms(term, entry.lang)]
            entry.generated = True


def _check_languages(draft: Draft, problems: list[GlossaryError]) -> None:
    """Language entries present, each with a preferred term; only one for a do-not-translate concept."""

    def report(message: str, line: int, hint: str) -> None:
        problems.append(GlossaryError(f"{draft.label}: {message}", path=draft.path, line=line, hint=hint))

    if not draft.entries:
        report("no language entries", draft.line, "add at least one, e.g. en: {preferred: ...}")
    elif draft.translate:
        for entry in draft.entries:
            if not entry.has_preferred:
                report(f"{entry.lang}: missing 'preferred'", entry.line, "add preferred: (the term in this language); "
                       "for a name written the same everywhere, set translate: false")
    else:
        fixed = [entry for entry in draft.entries if entry.has_preferred]
        if not fixed:
            report("a do-not-translate concept needs one 'preferred' term", draft.line,
                   "give the fixed string in one language, e.g. en: {preferred: NATO}")
        for entry in fixed[1:]:
            report(f"a do-not-translate concept has exactly one 'preferred' term; {fixed[0].lang} (line "
                   f"{fixed[0].line}) and {entry.lang} both give one", entry.line,
                   "keep the fixed string in one language and only `forbidden` in the others, or set translate: true")
        for entry in draft.entries:
            if not entry.has_preferred and entry.forms:
                report(f"{entry.lang}: only 'forbidden' may be given in the other languages of a do-not-translate "
                       "concept", entry.forms[0][1], "move the forms to the entry with `preferred`")


def _check_roles(draft: Draft, problems: list[GlossaryError]) -> None:
    """Each ``acronym``/``full`` names one of its entry's accepted terms, and the two name different ones."""
    for entry in draft.entries:
        accepted = [term for term, _ in _accepted(draft, entry)]
        for key, (term, line) in entry.roles.items():
            if term not in accepted:
                shown = ", ".join(brief(text) for text in accepted[:4]) or "none"
                problems.append(GlossaryError(
                    f"{draft.label}.{entry.lang}.{key}: {brief(term)} is not one of the entry's terms", path=draft.path,
                    line=line, hint=f"name the preferred term or one of the forms ({shown}), or add it to `forms`"))
        acronym, full = entry.roles.get("acronym"), entry.roles.get("full")
        if acronym is not None and full is not None and acronym[0] == full[0]:
            problems.append(GlossaryError(
                f"{draft.label}.{entry.lang}: {brief(acronym[0])} is both the acronym and the full form",
                path=draft.path, line=full[1], hint="`acronym` names the short form, `full` the spelled-out one"))


def _accepted(draft: Draft, entry: Entry) -> list[tuple[str, str]]:
    """(term, what it is) for the entry's accepted terms; a do-not-translate concept's fixed ones everywhere."""
    if not draft.translate and not entry.has_preferred:
        entry = next((other for other in draft.entries if other.has_preferred), entry)
    terms = [(entry.preferred[0], "the preferred term")] if entry.preferred else []
    what = "a form generated by `inflect`" if entry.generated else "an accepted form"
    return terms + [(form, what) for form, _ in entry.forms or []]


def _check_conflicts(drafts: list[Draft], problems: list[GlossaryError]) -> None:
    """No forbidden variant is (case-insensitively) an accepted term of its concept or another, same language."""
    owners: dict[tuple[str, str], tuple[Draft, str, str]] = {}
    fixed: dict[str, tuple[Draft, str, str]] = {}  # do-not-translate terms hold in every language
    for draft in drafts:
        for entry in draft.entries:
            for term, what in _accepted(draft, entry):
                owners.setdefault((entry.lang, term.casefold()), (draft, term, what))
                if not draft.translate:
                    fixed.setdefault(term.casefold(), (draft, term, what))
    for draft in drafts:
        for entry in draft.entries:
            own = {term.casefold(): what for term, what in _accepted(draft, entry)}
            for variant, line in entry.forbidden:
                where, key = f"{draft.label}.{entry.lang}", variant.casefold()
                owner = owners.get((entry.lang, key)) or fixed.get(key)
                if key in own:
                    problems.append(GlossaryError(
                        f"{where}: {brief(variant)} is both forbidden and {own[key]}", path=draft.path, line=line,
                        hint="remove it from `forbidden` or from the accepted terms"))
                elif owner is not None and owner[0] is not draft:
                    other, term, what = owner
                    same = "is" if term == variant else f"matches {brief(term)},"
                    at = f"{other.path.name}:{other.line}"
                    problems.append(GlossaryError(
                        f"{where}: forbidden {brief(variant)} {same} {what} of '{other.label}' ({at})",
                        path=draft.path, line=line, hint="a term cannot be forbidden for one concept and accepted "
                        "for another; remove it from one of them"))


def _build(draft: Draft) -> Concept:
    """The Concept of a valid draft: languages sorted, a do-not-translate concept's fixed term in each."""
    fixed = next(entry for entry in draft.entries if entry.has_preferred)
    terms = []
    for entry in sorted(draft.entries, key=lambda entry: entry.lang):
        source = entry if entry.has_preferred else fixed
        case_sensitive = next(flag for flag in (entry.case_sensitive, source.case_sensitive, True) if flag is not None)
        terms.append((entry.lang, TermVariants(
            preferred=source.preferred[0] if source.preferred else "",  # always set in a valid glossary
            forms=tuple(form for form, _ in source.forms or []),
            forbidden=tuple(variant for variant, _ in entry.forbidden),
            case_sensitive=case_sensitive,
            gender=entry.grammar.get("gender"),
            number=entry.grammar.get("number"),
            acronym=entry.roles["acronym"][0] if "acronym" in entry.roles else None,
            full=entry.roles["full"][0] if "full" in entry.roles else None,
        )))
    return Concept(id=draft.id, terms=tuple(terms), kind=draft.kind, note=draft.note, ignore=draft.ignore,
                   translate=draft.translate, inflect=draft.inflect, path=draft.path, line=draft.line)
