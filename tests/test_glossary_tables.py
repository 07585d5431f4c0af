"""translate.glossary.tables: the toolkit CSV and OmegaT's glossary, written, read back, and read by the real tools."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import requires_omegat, requires_ttk
from glossary_helpers import SMALL_GLOSSARY, TEXT, comparable
from translate.errors import GlossaryError
from translate.glossary.tables import (
    OMEGAT_HEADER,
    TOOLKIT_COLUMNS,
    export_omegat_tsv,
    export_toolkit_csv,
    import_omegat_tsv,
    import_toolkit_csv,
)
from translate.model import Concept, Glossary, TermVariants
from tool_helpers import omegat_glossary, ttk_json

LABEL = Path("partner.csv")
KYIV = Concept(
    "kyiv",
    (("en", TermVariants("Kyiv", ("Kyiv City",), ("Kiev",))),
     ("es", TermVariants("Kiev", ("Kyiv",), ("Kíev",), gender="m"))),
    note="The capital;\tUkrainian-based\nromanization.",
)

# -- toolkit CSV ------------------------------------------------------------------------------


def test_toolkit_csv_has_a_header_and_one_row_per_concept() -> None:
    text = export_toolkit_csv(Glossary((KYIV, *SMALL_GLOSSARY.concepts), "0"), src="en", tgt="es")
    lines = text.splitlines()
    # Every cell quoted: translate-toolkit's dialect sniffer then finds the commas whatever the cells hold.
    assert lines[0] == ",".join(f'"{name}"' for name in TOOLKIT_COLUMNS)
    assert lines[1] == '"kyiv","Kyiv","Kiev","Kyiv City","Kiev","Kyiv","Kíev","The capital;\tUkrainian-based'
    assert '"csto","CSTO","OTSC","Collective Security Treaty Organization","","","",""' in lines
    assert '"nato","NATO","NATO","","","","",""' in lines  # do not translate: the source term in the target language
    assert not any(line.startswith('"1st-army"') for line in lines)  # no Spanish term


def test_toolkit_csv_round_trip_keeps_the_pair() -> None:
    glossary = Glossary((KYIV, *SMALL_GLOSSARY.concepts[:2]), "0")
    imported = import_toolkit_csv(export_toolkit_csv(glossary, src="en", tgt="es"), src="en", tgt="es", path=LABEL)
    expected = [KYIV, Concept("luhansk", (("en", TermVariants("Luhansk", forbidden=("Lugansk",))),
                                          ("es", TermVariants("Luhansk", forbidden=("Lugansk",)))),
                              note=SMALL_GLOSSARY.concepts[0].note),
                Concept("csto", (("en", TermVariants("CSTO", ("Collective Security Treaty Organization",))),
                                 ("es", TermVariants("OTSC"))))]
    # Gender, kind and settings are not columns of the pair table.
    expected[0] = Concept(KYIV.id, (KYIV.terms[0], ("es", TermVariants("Kiev", ("Kyiv",), ("Kíev",)))),
                          note=KYIV.note)
    assert [comparable(c) for c in imported] == [comparable(c) for c in expected]
    assert [c.line for c in imported] == [2, 4, 5]  # the note of kyiv spans two lines


@settings(deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=5))
def test_toolkit_csv_round_trip_keeps_every_term(pairs: list[tuple[str, str]]) -> None:
    concepts = tuple(Concept(f"c{i}", (("en", TermVariants(a.strip())), ("es", TermVariants(b.strip()))))
                     for i, (a, b) in enumerate(pairs))
    text = export_toolkit_csv(Glossary(concepts, "0"), src="en", tgt="es")
    imported = import_toolkit_csv(text, src="en", tgt="es", path=LABEL)
    assert [comparable(c) for c in imported] == [comparable(c) for c in concepts]


@pytest.mark.parametrize(("text", "line", "message"), [
    pytest.param("source,target,context\nKyiv,Kiev\n", 2, "expected 3 columns (source,target,context), found 2",
                 id="too-few-columns"),
    pytest.param("source,target\nKyiv,Kiev\nOdesa,Odesa,x\n", 3, "expected 2 columns (source,target), found 3",
                 id="too-many-columns"),
    pytest.param("source,target\n,Kiev\n", 2, "empty source cell", id="empty-source"),
    pytest.param("source,target,target forms\nKyiv,Kiev,\"Ky\u200biv\"\n", 2, "the target forms term",
                 id="invisible-character"),
])
def test_toolkit_csv_rejects_bad_rows(text: str, line: int, message: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        import_toolkit_csv(text, src="en", tgt="es", path=LABEL)
    assert (caught.value.path, caught.value.line) == (LABEL, line)
    assert message in str(caught.value)


READ_CSV = """
import json, sys
from translate.storage import csvl10n
with open(sys.argv[1], "rb") as handle:
    store = csvl10n.csvfile(handle)
print(json.dumps([{"location": unit.getlocations(), "context": unit.getcontext(), "source": unit.source,
                   "target": unit.target, "notes": unit.getnotes("translator")} for unit in store.units]))
"""


@requires_ttk
def test_translate_toolkit_reads_our_toolkit_csv(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(export_toolkit_csv(Glossary((KYIV, *SMALL_GLOSSARY.concepts), "0"), src="en", tgt="es"),
                    encoding="utf-8")
    units = ttk_json(READ_CSV, str(path), cwd=tmp_path)
    assert [(u["context"], u["source"], u["target"]) for u in units] == [
        ("kyiv", "Kyiv", "Kiev"), ("luhansk", "Luhansk", "Luhansk"), ("csto", "CSTO", "OTSC"),
        ("nato", "NATO", "NATO"), ("odesa", "Odesa", "Odesa"),
    ]
    assert units[0]["notes"] == KYIV.note and all(u["location"] == [""] for u in units)


# -- OmegaT glossary --------------------------------------------------------------------------


def test_omegat_tsv_has_one_line_per_source_spelling() -> None:
    text = export_omegat_tsv(Glossary((KYIV, *SMALL_GLOSSARY.concepts), "0"), src="en", tgt="es")
    comment = "also: Kyiv; not: Kíev; The capital; Ukrainian-based romanization."
    assert text.splitlines()[:4] == [OMEGAT_HEADER, f"Kyiv\tKiev\t{comment}", f"Kyiv City\tKiev\t{comment}",
                                     f"Kiev\tKiev\t{comment}"]
    assert "CSTO\tOTSC\n" in text and "Collective Security Treaty Organization\tOTSC\n" in text
    assert text.endswith("\n") and "\r" not in text


def test_omegat_tsv_round_trip() -> None:
    text = export_omegat_tsv(Glossary((KYIV, SMALL_GLOSSARY.concepts[1]), "0"), src="en", tgt="es")
    imported = import_omegat_tsv(text, src="en", tgt="es", path=Path("glossary.txt"))
    assert [comparable(c) for c in imported] == [
        Concept("kyiv", (("en", TermVariants("Kyiv", ("Kyiv City", "Kiev"))),
                         ("es", TermVariants("Kiev", ("Kyiv",), ("Kíev",)))),
                note="The capital; Ukrainian-based romanization."),
        Concept("csto", (("en", TermVariants("CSTO", ("Collective Security Treaty Organization",))),
                         ("es", TermVariants("OTSC")))),
    ]
    assert [c.line for c in imported] == [2, 5]


def test_omegat_tsv_import_skips_comments_and_blank_lines() -> None:
    text = "\ufeff# a glossary\n\nKyiv\tKiev\n# more\nKharkov\tJárkov\tRussian-based\n"
    imported = import_omegat_tsv(text, src="en", tgt="es", path=Path("g.txt"))
    assert [(c.id, c.note, c.line) for c in imported] == [("kyiv", "", 3), ("kharkov", "Russian-based", 5)]


@pytest.mark.parametrize(("text", "line", "message"), [
    pytest.param("Kyiv\tKiev\nOdesa\n", 2, "expected 2 or 3 tab-separated columns (source, target, comment), found 1",
                 id="one-column"),
    pytest.param("# x\nKyiv\tKiev\ta\tb\n", 2, "found 4", id="four-columns"),
    pytest.param("Kyiv\t\n", 1, "empty target term", id="empty-target"),
    pytest.param("Kyiv\tKiev\nKyiv\tKyiv\n", 2, "source term 'Kyiv' already maps to 'Kiev' on line 1",
                 id="two-targets"),
])
def test_omegat_tsv_rejects_bad_lines(text: str, line: int, message: str) -> None:
    path = Path("glossary.txt")
    with pytest.raises(GlossaryError) as caught:
        import_omegat_tsv(text, src="en", tgt="es", path=path)
    assert (caught.value.path, caught.value.line) == (path, line)
    assert message in str(caught.value) and caught.value.hint


@requires_omegat
def test_omegat_reads_our_glossary(tmp_path: Path) -> None:
    path = tmp_path / "glossary.utf8"
    path.write_text(export_omegat_tsv(Glossary((KYIV, *SMALL_GLOSSARY.concepts), "0"), src="en", tgt="es"),
                    encoding="utf-8")
    entries = omegat_glossary(path, src="EN", tgt="ES")
    comment = "also: Kyiv; not: Kíev; The capital; Ukrainian-based romanization."
    assert entries[:4] == [["Kyiv", "Kiev", comment], ["Kyiv City", "Kiev", comment], ["Kiev", "Kiev", comment],
                           ["Luhansk", "Luhansk", 'not: Lugansk; Ukrainian-based romanization; never the Russian-based '
                            '"Lugansk".']]
    assert ["CSTO", "OTSC", ""] in entries and len(entries) == 10
