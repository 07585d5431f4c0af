"""Glossary exchange in CSV, and the YAML writer that imported concepts (from CSV or TBX) are saved with.

CSV is the header-less ``source,target`` shape DeepL accepts (Google and Amazon take it too, with a
header of language codes: ``header=True``). Every source spelling, preferred, form and forbidden
variant alike, maps to the target preferred term, which is what enforcement wants the engine to
produce. A CSV cannot carry statuses, notes or settings: on import every source after the first
for the same target becomes a form.

A CSV is also opened in spreadsheets, which run a cell that starts with ``=``, ``+``, ``-`` or ``@``
(or tab or carriage return) as a formula: ``=HYPERLINK(...)`` in a term would be a link, or worse.
Such a cell is written with a leading ``'``, as OWASP recommends (spreadsheets show the text and
hide the quote), and import removes that one quote again. A term that itself starts with quotes
before such a character gets one more, so every term comes back exactly.

TBX is read and written by :mod:`translate.glossary.tbx`; the CSV that translate-toolkit reads and
OmegaT's glossary by :mod:`translate.glossary.tables`, whose reader takes every ``.csv`` on import (a
toolkit CSV by its header row, any other through :func:`import_csv`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import yaml

from translate.config import normalize_language
from translate.errors import GlossaryError, brief
from translate.glossary.controls import TERM_HINT, term_problem
from translate.glossary.formats import ExchangeFormat, ExchangeOptions
from translate.glossary.schema import language_code, slug_id, unique_id
from translate.model import Concept, Glossary, TermVariants
from translate.textio import NotUtf8, decode_utf8

FORMULA_STARTS = frozenset("=+-@\t\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""
_FORMULA_GUARD = "'"
_LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")
_WIDE = 2**31


def export_csv(glossary: Glossary, *, src: str, tgt: str, header: bool = False) -> str:
    """``source,target`` rows for one language pair, sorted; GlossaryError if a source has two targets.

    Every source spelling (preferred, forms and forbidden variants) maps to the target's preferred
    term. ``header`` writes ``src,tgt`` first, as Google and Amazon expect.
    """
    src, tgt = normalize_language(src), normalize_language(tgt)
    rows: dict[str, tuple[str, Concept]] = {}
    problems: list[GlossaryError] = []
    for concept, source, target in glossary.pairs(src, tgt):
        for term in (source.preferred, *source.forms, *source.forbidden):
            seen = rows.setdefault(term, (target.preferred, concept))
            if seen[0] != target.preferred:
                problems.append(GlossaryError(
                    f"{src} term {brief(term)} maps to {brief(seen[0])} (concept {brief(seen[1].id)}) "
                    f"and to {brief(target.preferred)} (concept {brief(concept.id)})",
                    path=concept.path,
                    line=concept.line,
                    hint="engine glossaries take one target per source term; keep the term in one concept",
                ))
    if problems:
        raise GlossaryError.collect(problems)
    lines = [_csv_line([src, tgt])] if header else []
    lines.extend(_csv_line([guard_formula(term), guard_formula(target)]) for term, (target, _) in sorted(rows.items()))
    return "".join(lines)


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    # Written with "\r\n" so that the writer quotes a cell holding a lone "\r" too; the file ends lines with "\n".
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()[:-2] + "\n"


def guard_formula(cell: str) -> str:
    """``cell`` with a leading ``'`` if a spreadsheet would otherwise read it as a formula."""
    return _FORMULA_GUARD + cell if _needs_guard(cell) else cell


def unguard_formula(cell: str) -> str:
    """``cell`` without the ``'`` that :func:`guard_formula` put before it (other cells as they are)."""
    return cell[1:] if cell.startswith(_FORMULA_GUARD) and _needs_guard(cell) else cell


def _needs_guard(cell: str) -> bool:
    # Quotes already in front count too ("'=x" is written "''=x"), so that import restores every term.
    return cell.lstrip(_FORMULA_GUARD)[:1] in FORMULA_STARTS


def decode_csv(data: bytes, *, path: Path) -> str:
    """The text of a CSV file; GlossaryError naming the line and column of the first byte that is not UTF-8."""
    try:
        return decode_utf8(data)
    except NotUtf8 as error:
        raise GlossaryError(str(error), path=path, line=error.line,
                            hint="save it as UTF-8 (in a spreadsheet: CSV UTF-8) and import again") from None


def import_csv(text: str, *, src: str, tgt: str, path: Path) -> list[Concept]:
    """Concepts from ``source,target`` rows: one per target, its other sources as forms.

    A first row of the two language codes is skipped; every malformed row is reported at once
    (GlossaryError with line numbers).
    """
    src_lang = normalize_language(src)
    tgt_lang = normalize_language(tgt)
    if src_lang == tgt_lang:
        raise GlossaryError(f"source and target language are both {src_lang!r}", path=path)
    rows, problems = csv_rows(text, path=path)
    rows = [(line, [unguard_formula(cell.strip()) for cell in row]) for line, row in rows]
    if rows and _is_header(rows[0][1], src_lang, tgt_lang):
        rows = rows[1:]
    sources: dict[str, tuple[str, int]] = {}
    by_target: dict[str, list[str]] = {}
    for line, row in rows:
        message = _row_problem(row, sources)
        if message:
            problems.append(GlossaryError(message, path=path, line=line))
        elif row[0] not in sources:
            sources[row[0]] = (row[1], line)
            by_target.setdefault(row[1], []).append(row[0])
    if problems:
        raise GlossaryError.collect(sorted(problems, key=lambda problem: problem.line or 0), imported=True)
    used: set[str] = set()
    return [
        Concept(
            id=unique_id(slug_id(terms[0]), used),
            terms=((src_lang, TermVariants(terms[0], tuple(terms[1:]))), (tgt_lang, TermVariants(target))),
            path=path,
            line=sources[terms[0]][1],
        )
        for target, terms in by_target.items()
    ]


def csv_rows(text: str, *, path: Path) -> tuple[list[tuple[int, list[str]]], list[GlossaryError]]:
    """The non-blank rows of a CSV text with the line each starts on, and the problem that stopped reading, if any."""
    problems: list[GlossaryError] = []
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    end = 0
    try:
        for row in reader:
            rows.append((end + 1, row))  # a quoted cell may span lines: a row starts after the last one
            end = reader.line_num
    except csv.Error as error:
        problems.append(GlossaryError(f"malformed CSV: {error}", path=path, line=reader.line_num))
    return [(line, row) for line, row in rows if len(row) > 1 or (row and row[0].strip())], problems


def _row_problem(row: list[str], sources: dict[str, tuple[str, int]]) -> str | None:
    if len(row) != 2:
        return f"expected 2 columns (source,target), found {len(row)}; quote cells that contain commas"
    source, target = row
    if not source or not target:
        return f"empty {'source' if not source else 'target'} cell"
    for name, cell in (("source", source), ("target", target)):
        if control := term_problem(cell):
            return f"the {name} term {control}; {TERM_HINT}"
    known = sources.get(source)
    if known is not None and known[0] != target:
        return f"source term {brief(source)} already maps to {brief(known[0])} on line {known[1]}"
    return None


def _is_header(row: list[str], src: str, tgt: str) -> bool:
    return [language_code(cell) for cell in row] == [src, tgt]


def write_glossary_yaml(concepts: Sequence[Concept]) -> str:
    """The concepts in the hand-edited glossary format (``terms:`` list, one flow mapping per language)."""
    if not concepts:
        return "terms: []\n"
    lines = ["terms:"]
    for concept in concepts:
        lines.append(f"  - id: {_scalar(concept.id)}")
        lines.extend(
            f"    {key}: {value}"
            for key, value, wanted in (
                ("kind", _scalar(concept.kind), concept.kind != "term"),
                ("note", _scalar(concept.note), bool(concept.note)),
                ("ignore", _flow_list(concept.ignore), bool(concept.ignore)),
                ("translate", "false", not concept.translate),
                ("inflect", "true", concept.inflect),
            )
            if wanted
        )
        for lang, variants in sorted(concept.terms, key=lambda item: item[0]):
            lines.append(f"    {_scalar(lang)}: {_flow_mapping(variants)}")
    return "\n".join(lines) + "\n"


def _flow_mapping(variants: TermVariants) -> str:
    parts = [f"preferred: {_scalar(variants.preferred)}"]
    if variants.forms:
        parts.append(f"forms: {_flow_list(variants.forms)}")
    if variants.forbidden:
        parts.append(f"forbidden: {_flow_list(variants.forbidden)}")
    if not variants.case_sensitive:
        parts.append("case_sensitive: false")
    parts.extend(f"{key}: {_scalar(value)}" for key in ("gender", "number", "acronym", "full")
                 if (value := getattr(variants, key)) is not None)
    return "{" + ", ".join(parts) + "}"


def _flow_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(_scalar(item) for item in items) + "]"


def _scalar(value: str) -> str:
    """``value`` as a YAML scalar safe inside a flow collection: plain when YAML allows, else quoted."""
    # Dumping a one-item flow list makes PyYAML quote exactly what a flow context needs; line
    # breaks are forced into double quotes so each language stays on one line.
    style = '"' if _LINE_BREAKS.intersection(value) else None
    dumped = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=_WIDE, default_style=style)
    return dumped.rstrip("\n")[1:-1]


def _export(glossary: Glossary, options: ExchangeOptions) -> bytes:
    assert options.tgt is not None
    return export_csv(glossary, src=options.src, tgt=options.tgt, header=options.header).encode("utf-8")


EXCHANGE_FORMATS = (
    ExchangeFormat("csv", "csv", "CSV", "source,target rows, no header: DeepL (Google, Amazon with --header)",
                   _export, pair=True, rank=20),
)
