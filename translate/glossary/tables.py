"""Glossary tables that CAT tools read: translate-toolkit's CSV and OmegaT's tab-separated glossary.

Both hold one language pair. The toolkit CSV has one row per concept under a header row that
translate-toolkit's CSV storage recognises (``csvl10n.csvfile`` with no options): ``context`` (the
concept id), ``source`` and ``target`` (the preferred terms), ``translator comments`` (the note), and
columns it ignores for the rest: ``source forms``, ``source forbidden``, ``target forms``, ``target
forbidden``, one term a line within the cell (a term never holds a line break). Cells a spreadsheet
would run as formulas are guarded as in :mod:`translate.glossary.exchange`. Import reads it back to
the same concepts, as far as one pair holds them (ids, both languages' terms, the note).

The OmegaT glossary is UTF-8, one ``source<TAB>target<TAB>comment`` line per term pair after one
``#`` line (OmegaT skips lines that start with ``#``; the line is the one OmegaT writes in a new
glossary), named ``.utf8`` by default: OmegaT 3.6 reads that suffix as UTF-8, and guesses the encoding
of ``.txt`` and ``.tab``. Every source spelling (preferred, forms, forbidden variants) maps to the target's
preferred term, as in the engine CSV; the comment says ``also: FORM, FORM`` (the target's accepted
forms), ``not: VARIANT, VARIANT`` (its forbidden variants) and the note on one line, joined by ``; ``.
Import groups the lines by target like the engine CSV (the first source is preferred, the others
forms) and reads the comment's ``also:`` and ``not:`` parts back, the rest as the note.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

from translate.config import normalize_language
from translate.errors import GlossaryError, brief
from translate.glossary.controls import NOTE_HINT, TERM_HINT, note_problem, term_problem
from translate.glossary.exchange import csv_rows, decode_csv, guard_formula, import_csv, unguard_formula
from translate.glossary.formats import ExchangeFormat, ExchangeOptions
from translate.glossary.schema import ID_PATTERN, slug_id, unique_id
from translate.model import Concept, Glossary, TermVariants

TOOLKIT_COLUMNS = ("context", "source", "target", "source forms", "source forbidden", "target forms",
                   "target forbidden", "translator comments")
"""The toolkit CSV's header row: translate-toolkit maps context, source, target and translator comments."""
OMEGAT_HEADER = "# Glossary in tab-separated format -*- coding: utf-8 -*-"
_ALSO, _NOT, _ITEMS = "also: ", "not: ", ", "
_SPACES = re.compile(r"\s+")
_TSV_HINT = "write one term pair a line: source, a tab, target, and optionally a tab and a comment"


def export_toolkit_csv(glossary: Glossary, *, src: str, tgt: str) -> str:
    """One row per concept with both languages, under the :data:`TOOLKIT_COLUMNS` header, in glossary order."""
    src, tgt = normalize_language(src), normalize_language(tgt)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)  # what its dialect sniffer reads surely
    writer.writerow(TOOLKIT_COLUMNS)
    for concept, source, target in glossary.pairs(src, tgt):
        writer.writerow([guard_formula(cell) for cell in (
            concept.id, source.preferred, target.preferred, "\n".join(source.forms), "\n".join(source.forbidden),
            "\n".join(target.forms), "\n".join(target.forbidden), concept.note)])
    return buffer.getvalue()


def is_toolkit_header(row: list[str]) -> bool:
    """Whether a CSV's first row names its columns the toolkit's way (``source`` and ``target`` among them)."""
    names = {cell.strip().lower() for cell in row}
    return {"source", "target"} <= names


def import_toolkit_csv(text: str, *, src: str, tgt: str, path: Path) -> list[Concept]:
    """Concepts from a CSV whose first row is a toolkit header (see :func:`is_toolkit_header`).

    Columns are found by name (in any order; others ignored). GlossaryError with every bad row's line.
    """
    src_lang, tgt_lang = normalize_language(src), normalize_language(tgt)
    if src_lang == tgt_lang:
        raise GlossaryError(f"source and target language are both {src_lang!r}", path=path)
    rows, problems = csv_rows(text, path=path)
    names = [cell.strip().lower() for cell in rows[0][1]]
    concepts: list[Concept] = []
    used: set[str] = set()
    for line, row in rows[1:]:
        if len(row) != len(names):
            problems.append(GlossaryError(
                f"expected {len(names)} columns ({','.join(names)}), found {len(row)}", path=path, line=line,
                hint="quote cells that contain commas, and give every row the header's columns"))
            continue
        cells = dict(zip(names, (unguard_formula(cell) for cell in row)))
        message = _toolkit_problem(cells)
        if message:
            problems.append(GlossaryError(message[0], path=path, line=line, hint=message[1]))
            continue
        raw_id = cells.get("context", "").strip()
        candidate = raw_id if ID_PATTERN.fullmatch(raw_id) else slug_id(cells["source"].strip())
        concepts.append(Concept(
            id=unique_id(candidate, used),
            terms=(
                (src_lang, TermVariants(cells["source"].strip(), _lines(cells.get("source forms", "")),
                                        _lines(cells.get("source forbidden", "")))),
                (tgt_lang, TermVariants(cells["target"].strip(), _lines(cells.get("target forms", "")),
                                        _lines(cells.get("target forbidden", "")))),
            ),
            note=cells.get("translator comments", "").strip(),
            path=path,
            line=line,
        ))
    if problems:
        raise GlossaryError.collect(problems, imported=True)
    return concepts


def _toolkit_problem(cells: dict[str, str]) -> tuple[str, str | None] | None:
    for name in ("source", "target"):
        if not cells[name].strip():
            return f"empty {name} cell", None
    for name in ("source", "target", "source forms", "source forbidden", "target forms", "target forbidden"):
        for term in (cells[name].strip(),) if name in ("source", "target") else _lines(cells.get(name, "")):
            if control := term_problem(term):
                return f"the {name} term {control}", TERM_HINT
    if control := note_problem(cells.get("translator comments", "")):
        return f"the translator comments {control}", NOTE_HINT
    return None


def _lines(cell: str) -> tuple[str, ...]:
    return tuple(term.strip() for term in cell.splitlines() if term.strip())


def export_omegat_tsv(glossary: Glossary, *, src: str, tgt: str) -> str:
    """OmegaT's glossary: the ``#`` line, then ``source<TAB>target<TAB>comment`` per source spelling."""
    src, tgt = normalize_language(src), normalize_language(tgt)
    lines = [OMEGAT_HEADER]
    for concept, source, target in glossary.pairs(src, tgt):
        parts = [_ALSO + _ITEMS.join(target.forms)] if target.forms else []
        parts += [_NOT + _ITEMS.join(target.forbidden)] if target.forbidden else []
        parts += [_SPACES.sub(" ", concept.note).strip()] if concept.note.strip() else []
        comment = "; ".join(parts)
        lines.extend("\t".join(filter(None, (term, target.preferred, comment)))
                     for term in (source.preferred, *source.forms, *source.forbidden))
    return "\n".join(lines) + "\n"


def import_omegat_tsv(text: str, *, src: str, tgt: str, path: Path) -> list[Concept]:
    """Concepts from an OmegaT glossary: one per target term, its other sources as forms, the comment read back.

    ``#`` lines and blank lines are skipped, as OmegaT does; GlossaryError with every bad line's number.
    """
    src_lang, tgt_lang = normalize_language(src), normalize_language(tgt)
    if src_lang == tgt_lang:
        raise GlossaryError(f"source and target language are both {src_lang!r}", path=path)
    problems: list[GlossaryError] = []
    by_target: dict[str, tuple[int, list[str], str]] = {}
    seen: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        if line.startswith("#") or not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        message = _tsv_problem(cells, seen)
        if message:
            problems.append(GlossaryError(message[0], path=path, line=number, hint=message[1]))
            continue
        source, target = cells[0], cells[1]
        if source in seen:
            continue
        seen[source] = (target, number)
        by_target.setdefault(target, (number, [], cells[2] if len(cells) == 3 else ""))[1].append(source)
    if problems:
        raise GlossaryError.collect(problems, imported=True)
    used: set[str] = set()
    concepts = []
    for target, (line, sources, comment) in by_target.items():
        forms, forbidden, note = _read_comment(comment)
        concepts.append(Concept(
            id=unique_id(slug_id(sources[0]), used),
            terms=((src_lang, TermVariants(sources[0], tuple(sources[1:]))),
                   (tgt_lang, TermVariants(target, forms, forbidden))),
            note=note,
            path=path,
            line=line,
        ))
    return concepts


def _tsv_problem(cells: list[str], seen: dict[str, tuple[str, int]]) -> tuple[str, str | None] | None:
    if len(cells) not in (2, 3):
        return f"expected 2 or 3 tab-separated columns (source, target, comment), found {len(cells)}", _TSV_HINT
    source, target = cells[0], cells[1]
    if not source or not target:
        return f"empty {'source' if not source else 'target'} term", _TSV_HINT
    for name, cell in (("source", source), ("target", target)):
        if control := term_problem(cell):
            return f"the {name} term {control}", TERM_HINT
    known = seen.get(source)
    if known is not None and known[0] != target:
        return (f"source term {brief(source)} already maps to {brief(known[0])} on line {known[1]}",
                "keep one target per source term")
    return None


def _read_comment(comment: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    forms: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    rest = []
    for part in comment.split("; ") if comment else ():
        if part.startswith(_ALSO) and not forms:
            forms = tuple(item.strip() for item in part.removeprefix(_ALSO).split(_ITEMS) if item.strip())
        elif part.startswith(_NOT) and not forbidden:
            forbidden = tuple(item.strip() for item in part.removeprefix(_NOT).split(_ITEMS) if item.strip())
        else:
            rest.append(part)
    return forms, forbidden, "; ".join(rest)


def _read_csv(data: bytes, options: ExchangeOptions, path: Path) -> list[Concept]:
    """A toolkit CSV by its header row, else an engine CSV (:func:`translate.glossary.exchange.import_csv`)."""
    assert options.tgt is not None
    text = decode_csv(data, path=path)
    rows, _ = csv_rows(text, path=path)
    reader = import_toolkit_csv if rows and is_toolkit_header(rows[0][1]) else import_csv
    return reader(text, src=options.src, tgt=options.tgt, path=path)


def _read_tsv(data: bytes, options: ExchangeOptions, path: Path) -> list[Concept]:
    assert options.tgt is not None
    return import_omegat_tsv(decode_csv(data, path=path), src=options.src, tgt=options.tgt, path=path)


def _pair(write: Callable[..., str]) -> Callable[[Glossary, ExchangeOptions], bytes]:
    def export(glossary: Glossary, options: ExchangeOptions) -> bytes:
        assert options.tgt is not None
        return write(glossary, src=options.src, tgt=options.tgt).encode("utf-8")
    return export


EXCHANGE_FORMATS = (
    ExchangeFormat("toolkit-csv", "csv", "CSV", "one row per concept under a header row: translate-toolkit",
                   _pair(export_toolkit_csv), _read_csv, reads=("csv",), pair=True, rank=21),
    ExchangeFormat("omegat-tsv", "utf8", "OmegaT", "source<TAB>target<TAB>comment lines: OmegaT's glossary/ folder",
                   _pair(export_omegat_tsv), _read_tsv, reads=("txt", "tsv", "tab", "utf8"), pair=True, rank=30),
)
