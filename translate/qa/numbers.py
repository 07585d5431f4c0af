"""Numbers: every number of the source is in the translation, by value, as the target language writes it.

Each number is read with its language's decimal and group symbols (babel's CLDR data): en "3.5" is es
"3,5", en "100,000" is es "100.000" and fr "100 000"; en "2.5" is not "25". What a careful reviewer
would accept is accepted:

- a translation may keep the source's way of writing a number (engines leave "3.5" as it is), so a
  target number the target language cannot read ("2.5" in Spanish) is read the source's way;
- a source number its own language cannot read ("1,5" in English, written the continental way, or a
  typo for 15) may be either: "1,5", "1.5" or "15" in the translation is accepted;
- spaces (plain, no-break, narrow no-break) group thousands in any language ("100 000"), but only
  before exactly three digits, so "in 2020 30 people" is two numbers;
- a number written the same in source and translation is always the same number; dates and codes
  that no language reads as one number ("12.03.2024") compare by their digits.

Extra numbers in the translation are not findings (a translator may spell out "the 1990s").
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import NumberFormatError, parse_decimal

from translate.inline import strip_tags
from translate.model import Finding, Segment, Severity
from translate.qa.base import Check, Scope, SegmentCheck, Stage

_SPACES = "\u0020\u00a0\u202f"
_NUMBER = re.compile(rf"\d+(?:(?:[.,'’]|[{_SPACES}](?=\d{{3}}(?!\d)))\d+)*")
_SPACE = re.compile(f"[{_SPACES}]")
_SEPARATOR = re.compile(rf"[.,'’{_SPACES}]")

Key = tuple[str, str]
"""A number's reading: ("value", normalized decimal), or ("digits", its digits) where none applies."""


def _prepare(scope: Scope) -> SegmentCheck:
    source_locale, target_locale = _locale(scope.src), _locale(scope.tgt)

    def run(segment: Segment, target: str) -> Iterator[Finding]:
        source_numbers = _NUMBER.findall(strip_tags(segment.text))
        if not source_numbers:
            return
        target_numbers = _NUMBER.findall(strip_tags(target))
        if source_numbers == target_numbers:
            return
        missing = _unmatched(source_numbers, target_numbers, source_locale, target_locale)
        if missing:
            yield NUMBERS.finding(
                f"number(s) of the source missing in the translation: {', '.join(sorted(missing))}"
            )

    return run


NUMBERS = Check(
    "numbers", Severity.MAJOR, blocks=True,
    stages=frozenset({Stage.MACHINE_DRAFT, Stage.REVIEW_IMPORT, Stage.APPROVAL}), prepare=_prepare,
)
CHECKS = (NUMBERS,)


def _unmatched(sources: list[str], targets: list[str], source_locale: Locale | None,
               target_locale: Locale | None) -> list[str]:
    """The source numbers (as written) that no target number reads as; each target number matches once.

    A number written the same on both sides is the same; the others are read. Source numbers with fewer
    readings are matched first, so an ambiguous one does not take the only match of a plain one.
    """
    free = Counter(targets)
    left: list[str] = []
    for written in sources:
        if free[written]:
            free[written] -= 1
        else:
            left.append(written)
    if not left:
        return []
    readings = [(n, _target_readings(n, target_locale, source_locale)) for n in free.elements()]
    missing: list[str] = []
    for written, keys in sorted(((n, _source_readings(n, source_locale)) for n in left), key=lambda item: len(item[1])):
        at = next((i for i, (_, found) in enumerate(readings) if found & keys), None)
        if at is None:
            missing.append(written)
        else:
            del readings[at]
    return missing


@functools.lru_cache(maxsize=64)
def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


@functools.lru_cache(maxsize=4096)
def _value(written: str, locale: Locale | None) -> Decimal | None:
    """The number as ``locale`` writes it (babel, strict grouping), or None if that locale cannot read it."""
    if written.isdigit():
        return Decimal(written)
    if locale is None:
        return None
    try:
        return parse_decimal(_SPACE.sub("", written), locale, strict=True)
    except NumberFormatError:
        return None


def _key(value: Decimal) -> Key:
    return ("value", format(value.normalize(), "f"))


def _digits(written: str) -> Key:
    return ("digits", _SEPARATOR.sub("", written))


def _source_readings(written: str, locale: Locale | None) -> frozenset[Key]:
    value = _value(written, locale)
    if value is not None:
        return frozenset({_key(value)})
    # The source's language cannot read it: the last separator a decimal point, or all of them grouping.
    head, tail = _SEPARATOR.split(written)[:-1], _SEPARATOR.split(written)[-1]
    return frozenset({_digits(written), _key(Decimal("".join(head) + "." + tail)), _key(Decimal(_digits(written)[1]))})


def _target_readings(written: str, locale: Locale | None, source_locale: Locale | None) -> frozenset[Key]:
    value = _value(written, locale)
    if value is None:
        value = _value(written, source_locale)  # written the source's way
    return frozenset({_key(value)}) if value is not None else frozenset({_digits(written)})
