"""Inflected forms of Ukrainian and Russian glossary terms, generated with pymorphy3.

Used for concepts marked ``inflect: true`` that give no ``forms`` of their own. The result is a
reasonable effort, not a grammar: a term pymorphy3 cannot analyse gets no forms (an empty tuple),
so the maintainer writes them by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pymorphy3.analyzer import Parse

LANGUAGES = ("uk", "ru")
_NOUNS = frozenset({"NOUN"})
_MODIFIERS = frozenset({"ADJF", "PRTF"})
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
# Adjectives have no second genitive/locative/accusative (Russian "в Крыму"): agree with the main case.
_MAIN_CASE = {"gen2": "gent", "loc2": "loct", "acc2": "accs", "gen1": "gent", "loc1": "loct"}
_APOSTROPHES = "'\u2019\u02bc"


@functools.cache
def _analyzer(lang: str) -> MorphAnalyzer:
    """The pymorphy3 analyzer for ``lang``, built on first use (loading a dictionary takes a while)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def inflected_forms(term: str, lang: str) -> tuple[str, ...]:
    """Distinct inflected forms of ``term`` (the term itself left out), with its capitalization.

    Only ``uk`` and ``ru`` (or a regional variant such as ``uk-UA``) are inflected; for any other
    language, an abbreviation in capitals, or a term pymorphy3 does not know, the result is ``()``.
    """
    base = lang.split("-")[0]
    words = term.split()
    if base not in LANGUAGES or not words or any(_is_abbreviation(word) for word in words):
        return ()
    analyzer = _analyzer(base)
    forms = _one_word(analyzer, words[0]) if len(words) == 1 else _phrase(analyzer, words)
    seen: dict[str, None] = {}
    for form in forms:
        if form != term:
            seen.setdefault(form, None)
    return tuple(seen)


def _is_abbreviation(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return len(letters) > 1 and all(char.isupper() for char in letters)


def _candidates(analyzer: MorphAnalyzer, word: str, parts_of_speech: frozenset[str]) -> list[Parse]:
    """Dictionary parses of ``word`` as a nominative of one of ``parts_of_speech`` (guesses left out)."""
    from pymorphy3.units import DictionaryAnalyzer

    plain = "".join("'" if char in _APOSTROPHES else char for char in word)
    return [
        parse
        for parse in analyzer.parse(plain)
        if parse.tag.POS in parts_of_speech
        and "nomn" in parse.tag
        and isinstance(parse.methods_stack[0][0], DictionaryAnalyzer)
    ]


def _first(parses: list[Parse], preferred: Callable[[Parse], bool] = lambda parse: False) -> Parse | None:
    return next((parse for parse in parses if preferred(parse)), parses[0] if parses else None)


def _is_name(parse: Parse) -> bool:
    return bool(_NAME_GRAMMEMES & parse.tag.grammemes)


def _plural(parse: Parse) -> bool:
    return "plur" in parse.tag


def _one_word(analyzer: MorphAnalyzer, word: str) -> list[str]:
    """All forms of the word's lexeme; a name keeps its number, and every word its gender."""
    parse = _first(_candidates(analyzer, word, _NOUNS)) or _first(_candidates(analyzer, word, _MODIFIERS))
    if parse is None:
        return []
    forms = []
    for form in parse.lexeme:
        if (word[0].isupper() or parse.tag.POS in _MODIFIERS) and _plural(form) != _plural(parse):
            continue
        if form.tag.gender and parse.tag.gender and form.tag.gender != parse.tag.gender:
            continue
        forms.append(_recase(form.word, word))
    return forms


def _phrase(analyzer: MorphAnalyzer, words: list[str]) -> list[str]:
    """Forms of a phrase: the head noun through its cases, its adjectives agreeing, names following it."""
    modifiers: list[Parse] = []
    for word in words:
        if _candidates(analyzer, word, _NOUNS):
            break
        modifier = _first(_candidates(analyzer, word, _MODIFIERS))
        if modifier is None:
            return []
        modifiers.append(modifier)
    position = len(modifiers)
    if position == len(words):
        return []
    # Names after the head decline with it (Володимир Зеленський); other words are its complements.
    rest = words[position + 1 :]
    followers = [_first([p for p in _candidates(analyzer, word, _NOUNS | _MODIFIERS) if _is_name(p)]) for word in rest]
    animate = any(followers)
    heads = _candidates(analyzer, words[position], _NOUNS)
    head = _first(heads, lambda parse: animate == (parse.tag.animacy == "anim"))
    if head is None:
        return []
    phrases = []
    for form in head.lexeme:
        if (words[0][0].isupper() and _plural(form) != _plural(head)) or form.tag.case is None:
            continue
        agreeing = [_agree(parse, form) for parse in modifiers]
        following = [_agree(parse, form) if parse else word for parse, word in zip(followers, rest)]
        inflected = [*agreeing, form.word, *following]
        if any(item is None for item in inflected):
            return []
        phrases.append(" ".join(_recase(str(new), old) for new, old in zip(inflected, words)))
    return phrases


def _agree(parse: Parse, head: Parse) -> str | None:
    """The word of ``parse`` in the head form's case and number (and, in the accusative, animacy)."""
    case = _MAIN_CASE.get(head.tag.case, head.tag.case)
    plural = _plural(head)

    def forms(wanted: str) -> list[str]:
        return [
            str(form.word)
            for form in parse.lexeme
            if wanted in form.tag
            and _plural(form) == plural
            and (plural or not parse.tag.gender or form.tag.gender == parse.tag.gender)
        ]

    found = forms(case)
    if case == "accs" and len(set(found)) > 1:
        # Two accusatives: like the genitive for animate nouns, like the nominative otherwise.
        like = set(forms("gent" if head.tag.animacy == "anim" else "nomn"))
        found = [word for word in found if word in like] or found
    return found[0] if found else None


def _recase(new: str, original: str) -> str:
    """``new`` written with ``original``'s capitals (per hyphenated part) and apostrophe."""
    apostrophe = next((char for char in original if char in _APOSTROPHES), None)
    if apostrophe is not None:
        new = "".join(apostrophe if char in _APOSTROPHES else char for char in new)
    new_parts, old_parts = new.split("-"), original.split("-")
    if len(new_parts) != len(old_parts):
        new_parts, old_parts = [new], [original]
    return "-".join(_recase_part(part, old) for part, old in zip(new_parts, old_parts))


def _recase_part(new: str, original: str) -> str:
    if not original:
        return new
    if len(original) > 1 and original.isupper():
        return new.upper()
    if original[0].isupper():
        return new[:1].upper() + new[1:]
    return new
