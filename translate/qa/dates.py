"""Dates in the source's order: a numeric date with slashes the engine copied ("9/14/2022" in a Spanish draft)
that the target language reads in another order (day/month/year), flagged, never changed.

The orders are the languages' short date formats in babel's CLDR data (en M/d/yy, es d/M/yy, ja y/MM/dd).
A date written with the month's name ("September 2022") is the engine's to translate and is not checked.
Minor, and it does not block: the reviewer rewrites the date, knowing which day it is.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from babel import Locale, UnknownLocaleError
from babel.dates import get_date_format

from translate.inline import strip_tags
from translate.model import Finding, Segment, Severity
from translate.qa.base import Check, Scope, SegmentCheck, Stage

_DATE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\d/])")
_NAMES = {"d": "day", "M": "month", "y": "year"}


def _prepare(scope: Scope) -> SegmentCheck:
    source, target = _order(scope.src), _order(scope.tgt)
    if source is None or target is None or source == target:
        return lambda segment, target_text: ()
    said = "/".join(_NAMES[part] for part in source)
    wanted = "/".join(_NAMES[part] for part in target)

    def run(segment: Segment, target_text: str) -> Iterator[Finding]:
        dates = {m.group() for m in _DATE.finditer(strip_tags(segment.text))}
        if not dates:
            return
        for found in dict.fromkeys(m.group() for m in _DATE.finditer(strip_tags(target_text))):
            if found in dates:
                yield DATE_ORDER.finding(f"the date “{found}” is in the source's order ({said}); "
                                         f"{scope.tgt} reads {wanted}", text=found)

    return run


@functools.lru_cache(maxsize=64)
def _order(lang: str) -> str | None:
    """The order of day, month and year in ``lang``'s short date format ("Mdy" in en), None if babel has none."""
    try:
        pattern = get_date_format("short", locale=Locale.parse(lang.replace("-", "_"))).pattern
    except (UnknownLocaleError, ValueError):
        return None
    order = "".join(dict.fromkeys(ch for ch in pattern if ch in _NAMES))
    return order if len(order) == len(_NAMES) else None


DATE_ORDER = Check("date-order", Severity.MINOR, blocks=False, stages=frozenset({Stage.MACHINE_DRAFT}),
                   prepare=_prepare)
CHECKS = (DATE_ORDER,)
