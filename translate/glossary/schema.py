"""The keys and values of a glossary file: one file's YAML nodes checked, concept by concept, into drafts.

A file is a mapping with ``terms:``, a list of concepts; a concept takes :data:`CONCEPT_KEYS` and
language codes, each language a mapping of :data:`TERM_KEYS`. :class:`FileChecker` reports every
mistake of a file (unknown or repeated keys with a "did you mean", values of the wrong type, ids
that are not slugs) with its line and a hint, and gives the rest as :class:`Draft` concepts. What
needs a whole concept or all the files (a preferred term in each language, the terms ``acronym``
and ``full`` name, repeated ids, forbidden variants another concept accepts) is checked by
:mod:`translate.glossary.load`. The ids of imported concepts are made here too (:func:`slug_id`).
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
from slugify import slugify
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from translate.config import normalize_language
from translate.errors import GlossaryError, LanguageError, brief
from translate.glossary.controls import LINE_HINT, NOTE_HINT, TERM_HINT, note_problem, term_problem
from translate.glossary.nodes import START_HINT, cut

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
class Entry:
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
class Draft:
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
    entries: list[Entry] = field(default_factory=list)


@functools.cache
def _language_codes() -> tuple[str, ...]:
    """Language codes (``uk``, ``pt-BR``) for "did you mean" suggestions."""
    codes = {code.replace("_", "-") for code in locale_identifiers() if code.count("_") <= 1}
    return tuple(sorted(code for code in codes if "-" not in code or len(code.split("-")[1]) == 2))


@functools.lru_cache(maxsize=4096)
def language_code(key: str) -> str | None:
    """``key`` as a normalized language code, or None; looked up once per distinct key (a glossary repeats a few)."""
    if len(key) > _LONGEST_LANGUAGE:
        return None
    try:
        return normalize_language(key)
    except LanguageError:
        return None


def slug_id(term: str) -> str:
    """An id made from ``term`` for an imported concept: its slug, or ``term-`` and a hash where no slug is left."""
    return slugify(term, max_length=60, word_boundary=True) or f"term-{hashlib.sha256(term.encode()).hexdigest()[:8]}"


def unique_id(candidate: str, used: set[str]) -> str:
    """``candidate``, or with ``-2``, ``-3``... added if ``used`` holds it already; the result is added to ``used``."""
    unique, number = candidate, 2
    while unique in used:
        unique, number = f"{candidate}-{number}", number + 1
    used.add(unique)
    return unique


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


class FileChecker:
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

    def concepts(self, root: Node) -> Iterator[Draft]:
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

    def concept(self, node: MappingNode, label: str) -> Draft:
        """One concept; messages name it by its id, or by its position when the id is not valid."""
        id_node = next((value for key, value in node.value if isinstance(key, ScalarNode) and key.value == "id"), None)
        concept_id = self.text(id_node, f"{label}: 'id'") if id_node is not None else None
        if id_node is None:
            self.problem(f"{label}: concept has no 'id'", _line(node), "add `id: some-name` (a-z, 0-9 and '-')")
        elif concept_id is not None and not ID_PATTERN.fullmatch(concept_id):
            self.problem(f"{label}: id {brief(concept_id)} may only hold a-z, 0-9 and '-'", _line(id_node),
                         f"e.g. '{_suggest_id(concept_id)}'")
            concept_id = None
        draft = Draft(concept_id or "", cut(concept_id or label, _NAME_LIMIT), self.path, _line(node))
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
                draft.entries.append(self.entry(Entry(lang, _line(key_node)), value, f"{label}.{cut(key)}"))
        return draft

    def language(self, key: str, key_node: Node, value: Node, label: str) -> str | None:
        """The normalized language code of a concept key, or None after reporting an unknown key."""
        if key in TERM_KEYS:
            self.problem(f"{label}: {brief(key)} belongs inside a language entry", _line(key_node),
                         f"indent it under a language code, e.g. en: {{{key}: ...}}")
            return None
        lang = language_code(key)
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

    def entry(self, entry: Entry, node: Node, label: str) -> Entry:
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

    def grammar(self, entry: Entry, key: str, node: Node, label: str) -> None:
        allowed = GRAMMAR_VALUES[key]
        value = node.value if isinstance(node, ScalarNode) and node.tag != _NULL else None
        if value not in allowed:
            shown = brief(value) if value is not None else _describe(node)
            self.problem(f"{label}.{key} must be one of {', '.join(allowed)}, got {shown}", _line(node),
                         f"write {key}: {allowed[0]} (allowed: {', '.join(allowed)})")
            return
        entry.grammar[key] = str(value)
