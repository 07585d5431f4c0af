"""Load and validate a workspace's glossary: the ``*.yaml``/``*.yml`` files (any case) of its ``glossary/`` folder.

Each file holds ``terms:``, a list of concepts (see :class:`translate.model.Concept`). Files are read
in name order, non-recursively; other files (README.md) and hidden ones are ignored, and one that
cannot be read is a problem (:mod:`translate.glossary.files`). Validation reports every mistake of
every file at once, each with its file, line and a hint, so that one ``translate glossary check``
shows all of them. YAML is only composed into nodes (for their lines), never constructed into
Python objects (:mod:`translate.glossary.nodes`: libyaml, aliases bounded, tags refused).

A valid glossary is kept in a cache (:mod:`translate.glossary.cache`) when the caller names a
folder for it, so that a large one is parsed once, not by every command.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel.localedata import locale_identifiers
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from translate.config import normalize_language
from translate.errors import GlossaryError, LanguageError, brief
from translate.gcutil import paused_collector
from translate.glossary import cache
from translate.glossary.controls import LINE_HINT, NOTE_HINT, TERM_HINT, note_problem, term_problem
from translate.glossary.files import GlossaryFile, read_folder
from translate.glossary.inflect import LANGUAGES as INFLECTED_LANGUAGES
from translate.glossary.inflect import inflected_forms
from translate.glossary.nodes import START_HINT, cut, parse_file
from translate.model import Concept, Glossary, TermVariants

CONCEPT_KEYS = ("id", "kind", "note", "ignore", "translate", "inflect")
TERM_KEYS = ("preferred", "forms", "forbidden", "case_sensitive", "gender", "number", "acronym", "full")
GRAMMAR_VALUES = {"gender": ("m", "f", "n"), "number": ("sg", "pl")}
"""The values each grammar key of a language entry takes (masculine, feminine, neuter; singular, plural)."""
ID_PATTERN = re.compile(r"[a-z0-9-]+")
LANGUAGE_HINT = "use an ISO 639-1 code such as es, uk, pt-BR"
_TAG = "tag:yaml.org,2002:"
_NULL, _BOOL = _TAG + "null", _TAG + "bool"
_LONGEST_LANGUAGE = 35
"""No language code is longer (BCP 47 with extensions): longer keys are not looked up."""
_NAME_LIMIT = 60

Text = tuple[str, int]
"""A string from the file and its 1-based line."""


@dataclass(slots=True)
class _Entry:
    """One language of a concept as written, with lines for messages."""

    lang: str
    line: int
    has_preferred: bool = False
    preferred: Text | None = None
    forms: list[Text] | None = None
    forbidden: list[Text] = field(default_factory=list)
    case_sensitive: bool | None = None
    generated: bool = False
    grammar: dict[str, str] = field(default_factory=dict)
    roles: dict[str, Text] = field(default_factory=dict)
    """``acronym`` / ``full``: the accepted term each names, with its line."""


@dataclass(slots=True)
class _Draft:
    """A concept as written (id empty if it has no valid one); becomes a Concept once all is valid."""

    id: str
    label: str
    path: Path
    line: int
    kind: str = "term"
    note: str = ""
    ignore: tuple[str, ...] = ()
    translate: bool = True
    inflect: bool = False
    entries: list[_Entry] = field(default_factory=list)


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


def _read_all(files: list[GlossaryFile], problems: list[GlossaryError]) -> list[_Draft]:
    """The drafts of all files, adding every problem found to ``problems`` (sorted by file and line)."""
    drafts: list[_Draft] = []
    for file in files:
        root = parse_file(file, problems)
        if root is not None:
            drafts.extend(_FileChecker(file.path, problems).concepts(root))
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


@functools.cache
def _language_codes() -> tuple[str, ...]:
    """Language codes (``uk``, ``pt-BR``) for "did you mean" suggestions."""
    codes = {code.replace("_", "-") for code in locale_identifiers() if code.count("_") <= 1}
    return tuple(sorted(code for code in codes if "-" not in code or len(code.split("-")[1]) == 2))


@functools.lru_cache(maxsize=4096)
def _language(key: str) -> str | None:
    """``key`` as a normalized language code, or None; looked up once per distinct key (a glossary repeats a few)."""
    if len(key) > _LONGEST_LANGUAGE:
        return None
    try:
        return normalize_language(key)
    except LanguageError:
        return None


def _suggest_id(text: str) -> str:
    return cut(re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-"), _NAME_LIMIT) or "my-term"


def _did_you_mean(key: str, choices: tuple[str, ...]) -> str | None:
    close = difflib.get_close_matches(key, choices, n=1)
    return f"did you mean '{close[0]}'?" if close else None


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode | SequenceNode):
        return "a mapping" if isinstance(node, MappingNode) else "a list"
    return "nothing" if node.tag == _NULL else brief(node.value)


class _FileChecker:
    """Reads one file's YAML nodes into drafts, adding a problem for each mistake."""

    def __init__(self, path: Path, problems: list[GlossaryError]) -> None:
        self.path = path
        self.problems = problems

    def problem(self, message: str, line: int | None, hint: str | None = None) -> None:
        self.problems.append(GlossaryError(message, path=self.path, line=line, hint=hint))

    def items(self, node: MappingNode, label: str) -> Iterator[tuple[str, Node, Node]]:
        """The mapping's (key, key node, value node); keys that are not words, or repeated, are reported."""
        seen: dict[str, int] = {}
        for key_node, value in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _NULL:
                self.problem(f"{label}: a key must be a plain word, got {_describe(key_node)}", _line(key_node))
            elif key_node.value in seen:
                self.problem(f"{label}: key {brief(key_node.value)} given twice (first at line {seen[key_node.value]})",
                             _line(key_node), "remove one of them")
            else:
                seen[key_node.value] = _line(key_node)
                yield str(key_node.value), key_node, value

    def text(self, node: Node, label: str, *, term: bool = False, prose: bool = False) -> str | None:
        """A scalar as the text written (its YAML type does not matter); a ``term`` must be non-empty. ``prose``
        (a note) may hold tabs and line breaks but no other control; anything else is one line without them."""
        if not isinstance(node, ScalarNode) or node.tag == _NULL:
            self.problem(f"{label} must be a string, got {_describe(node)}", _line(node), "write it as plain text")
            return None
        if term and (not node.value.strip() or node.value != node.value.strip()):
            self.problem(f"{label} must be a non-empty string without surrounding spaces, got {brief(node.value)}",
                         _line(node), "write the term itself")
            return None
        control = note_problem(node.value) if prose else term_problem(node.value)
        if control is not None:
            hint = NOTE_HINT if prose else TERM_HINT if term else LINE_HINT
            self.problem(f"{label}: {control}", _line(node), hint)
            return None
        return str(node.value)

    def texts(self, node: Node, label: str) -> list[Text]:
        """A list of terms with their lines; what is not a term is reported and left out."""
        if not isinstance(node, SequenceNode):
            self.problem(f"{label} must be a list of strings, got {_describe(node)}", _line(node),
                         "write a list, e.g. [first, second]")
            return []
        texts = [(self.text(item, f"{label}[{n}]", term=True), _line(item)) for n, item in enumerate(node.value)]
        return [(text, line) for text, line in texts if text is not None]

    def flag(self, node: Node, label: str, default: bool | None) -> bool | None:
        if not isinstance(node, ScalarNode) or node.tag != _BOOL:
            self.problem(f"{label} must be true or false, got {_describe(node)}", _line(node),
                         "write true or false, unquoted")
            return default
        return bool(yaml.constructor.SafeConstructor.bool_values[node.value.lower()])

    def concepts(self, root: Node) -> Iterator[_Draft]:
        """The file's concepts, reporting problems with the file's shape and each concept."""
        if not isinstance(root, MappingNode):
            self.problem(f"the file must be a mapping with 'terms:', got {_describe(root)}", _line(root), START_HINT)
            return
        terms: Node | None = None
        unknown = False
        for key, key_node, value in self.items(root, "top level"):
            if key == "terms":
                terms = value
            else:
                unknown = True
                hint = _did_you_mean(key, ("terms",)) or "the file holds only `terms:`"
                self.problem(f"unknown top-level key {brief(key)}", _line(key_node), hint)
        if terms is None:
            if not unknown:
                self.problem("the file has no 'terms:' list", _line(root), START_HINT)
        elif not isinstance(terms, SequenceNode):
            self.problem(f"'terms' must be a list of concepts, got {_describe(terms)}", _line(terms),
                         "write each concept as an entry starting with `- id: ...`")
        else:
            for index, node in enumerate(terms.value):
                if isinstance(node, MappingNode):
                    yield self.concept(node, f"terms[{index}]")
                else:
                    self.problem(f"terms[{index}] must be a mapping, got {_describe(node)}", _line(node),
                                 "write each concept as `- id: ...` followed by its keys, indented")

    def concept(self, node: MappingNode, label: str) -> _Draft:
        """One concept; messages name it by its id, or by its position when the id is not valid."""
        id_node = next((value for key, value in node.value if isinstance(key, ScalarNode) and key.value == "id"), None)
        concept_id = self.text(id_node, f"{label}: 'id'") if id_node is not None else None
        if id_node is None:
            self.problem(f"{label}: concept has no 'id'", _line(node), "add `id: some-name` (a-z, 0-9 and '-')")
        elif concept_id is not None and not ID_PATTERN.fullmatch(concept_id):
            self.problem(f"{label}: id {brief(concept_id)} may only hold a-z, 0-9 and '-'", _line(id_node),
                         f"e.g. '{_suggest_id(concept_id)}'")
            concept_id = None
        draft = _Draft(concept_id or "", cut(concept_id or label, _NAME_LIMIT), self.path, _line(node))
        label = draft.label
        seen: dict[str, int] = {}
        for key, key_node, value in self.items(node, label):
            if key in ("kind", "note") and value.tag != _NULL:
                setattr(draft, key, self.text(value, f"{label}: '{key}'", prose=key == "note") or getattr(draft, key))
            elif key == "ignore" and value.tag != _NULL:
                draft.ignore = tuple(text for text, _ in self.texts(value, f"{label}: 'ignore'"))
            elif key in ("translate", "inflect"):
                setattr(draft, key, self.flag(value, f"{label}: '{key}'", getattr(draft, key)))
            elif key not in CONCEPT_KEYS and (lang := self.language(key, key_node, value, label)) is not None:
                if lang in seen:
                    self.problem(f"{label}: language '{lang}' given twice (first at line {seen[lang]})",
                                 _line(key_node), "merge the two entries")
                    continue
                seen[lang] = _line(key_node)
                draft.entries.append(self.entry(_Entry(lang, _line(key_node)), value, f"{label}.{cut(key)}"))
        return draft

    def language(self, key: str, key_node: Node, value: Node, label: str) -> str | None:
        """The normalized language code of a concept key, or None after reporting an unknown key."""
        if key in TERM_KEYS:
            self.problem(f"{label}: {brief(key)} belongs inside a language entry", _line(key_node),
                         f"indent it under a language code, e.g. en: {{{key}: ...}}")
            return None
        lang = _language(key)
        if lang is not None:
            return lang
        suggestion = _did_you_mean(key, CONCEPT_KEYS + _language_codes())
        base = re.split(r"[-_]", key)[0]
        if base != key and base.lower() in _language_codes():
            region = brief(key[len(base) + 1 :])
            suggestion = f"did you mean '{base.lower()}'? (babel knows no region {region} for it)"
        if isinstance(value, MappingNode):
            hint = f"{suggestion} ({LANGUAGE_HINT})" if suggestion else LANGUAGE_HINT
            self.problem(f"{label}: unknown language code {brief(key)}", _line(key_node), hint)
        else:
            hint = suggestion or f"known keys: {', '.join(CONCEPT_KEYS)}, and language codes ({LANGUAGE_HINT})"
            self.problem(f"{label}: unknown key {brief(key)}", _line(key_node), hint)
        return None

    def entry(self, entry: _Entry, node: Node, label: str) -> _Entry:
        """One language entry: preferred, forms, forbidden, case_sensitive."""
        if not isinstance(node, MappingNode):
            self.problem(f"{label} must be a mapping, got {_describe(node)}", _line(node),
                         "write e.g. {preferred: Luhansk, forbidden: [Lugansk]}")
            entry.has_preferred = True  # reported here already, not again as a missing 'preferred'
            return entry
        for key, key_node, value in self.items(node, label):
            if key == "preferred":
                entry.has_preferred = True
                text = self.text(value, f"{label}.preferred", term=True)
                entry.preferred = (text, _line(value)) if text is not None else None
            elif key in ("forms", "forbidden"):
                if value.tag != _NULL:  # an empty `forms:` is as if not given
                    setattr(entry, key, self.texts(value, f"{label}.{key}"))
            elif key == "case_sensitive":
                entry.case_sensitive = self.flag(value, f"{label}.case_sensitive", None)
            elif key in GRAMMAR_VALUES:
                self.grammar(entry, key, value, label)
            elif key in ("acronym", "full"):
                text = self.text(value, f"{label}.{key}", term=True)
                if text is not None:
                    entry.roles[key] = (text, _line(value))
            else:
                hint = _did_you_mean(key, TERM_KEYS) or f"known keys: {', '.join(TERM_KEYS)}"
                self.problem(f"{label}: unknown key {brief(key)}", _line(key_node), hint)
        return entry


    def grammar(self, entry: _Entry, key: str, node: Node, label: str) -> None:
        allowed = GRAMMAR_VALUES[key]
        value = node.value if isinstance(node, ScalarNode) and node.tag != _NULL else None
        if value not in allowed:
            shown = brief(value) if value is not None else _describe(node)
            self.problem(f"{label}.{key} must be one of {', '.join(allowed)}, got {shown}", _line(node),
                         f"write {key}: {allowed[0]} (allowed: {', '.join(allowed)})")
            return
        entry.grammar[key] = str(value)


def _unique(drafts: list[_Draft], problems: list[GlossaryError]) -> list[_Draft]:
    """The drafts less repeated ids, each repetition reported; id-less drafts stay for their other checks."""
    first: dict[str, _Draft] = {}
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


def _inflect(draft: _Draft) -> None:
    """Fill the uk/ru forms of an ``inflect: true`` concept where they are not given."""
    if not draft.inflect:
        return
    for entry in draft.entries:
        if entry.lang.split("-")[0] in INFLECTED_LANGUAGES and entry.forms is None and entry.preferred is not None:
            term, line = entry.preferred
            entry.forms = [(form, line) for form in inflected_forms(term, entry.lang)]
            entry.generated = True


def _check_languages(draft: _Draft, problems: list[GlossaryError]) -> None:
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


def _check_roles(draft: _Draft, problems: list[GlossaryError]) -> None:
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


def _accepted(draft: _Draft, entry: _Entry) -> list[tuple[str, str]]:
    """(term, what it is) for the entry's accepted terms; a do-not-translate concept's fixed ones everywhere."""
    if not draft.translate and not entry.has_preferred:
        entry = next((other for other in draft.entries if other.has_preferred), entry)
    terms = [(entry.preferred[0], "the preferred term")] if entry.preferred else []
    what = "a form generated by `inflect`" if entry.generated else "an accepted form"
    return terms + [(form, what) for form, _ in entry.forms or []]


def _check_conflicts(drafts: list[_Draft], problems: list[GlossaryError]) -> None:
    """No forbidden variant is (case-insensitively) an accepted term of its concept or another, same language."""
    owners: dict[tuple[str, str], tuple[_Draft, str, str]] = {}
    fixed: dict[str, tuple[_Draft, str, str]] = {}  # do-not-translate terms hold in every language
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


def _build(draft: _Draft) -> Concept:
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
