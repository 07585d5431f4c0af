"""translate.glossary.tbx: TBX export/import, round trips, TBX from other tools, and hostile documents."""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from lxml import etree

from conftest import requires_omegat, requires_ttk
from glossary_helpers import CONCEPTS, SMALL, SMALL_GLOSSARY, comparable
from translate.errors import GlossaryError
from translate.glossary.tbx import TBX_NAMESPACE, export_tbx, export_tbx_v3, import_tbx
from translate.model import Concept, Glossary, TermVariants
from tool_helpers import omegat_glossary, run_ttk, ttk_json

GOLDEN = Path(__file__).parent / "golden"
NS = {"t": "urn:iso:std:iso:30042:ed-2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LABEL = Path("glossary/export.tbx")


def tbx(*body: str) -> bytes:
    """A TBX document whose ``body`` lines start at line 5."""
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">',
        "<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>",
        "<text><body>",
    ]
    return "\n".join([*head, *body, "</body></text></tbx>", ""]).encode()


def martif(*body: str) -> bytes:
    """A TBX 2008 document whose ``body`` lines start at line 5."""
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<martif type="TBX-Basic" xml:lang="en">',
        "<martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>",
        "<text><body>",
    ]
    return "\n".join([*head, *body, "</body></text></martif>", ""]).encode()


def tig(text: str, status: str | None = None) -> str:
    note = f'<termNote type="administrativeStatus">{status}</termNote>' if status else ""
    return f"<tig><term>{text}</term>{note}</tig>"


def term(text: str, status: str | None = None) -> str:
    note = f'<termNote type="administrativeStatus">{status}</termNote>' if status else ""
    return f"<termSec><term>{text}</term>{note}</termSec>"


# -- TBX export -------------------------------------------------------------------------------


def test_export_tbx_matches_golden() -> None:
    assert export_tbx_v3(SMALL_GLOSSARY) == (GOLDEN / "glossary.tbx").read_bytes()


def test_export_tbx_is_deterministic_and_utf8() -> None:
    shuffled = tuple(dataclasses.replace(c, terms=tuple(reversed(c.terms))) for c in SMALL)
    data = export_tbx_v3(SMALL_GLOSSARY)
    assert data == export_tbx_v3(Glossary(shuffled, SMALL_GLOSSARY.digest))
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    assert "Луганськ".encode() in data


def test_export_tbx_root_and_concepts() -> None:
    root = etree.fromstring(export_tbx_v3(SMALL_GLOSSARY))
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx"
    assert (root.get("type"), root.get("style"), root.get(XML_LANG)) == ("TBX-Basic", "dca", "en")
    assert root.xpath("t:tbxHeader/t:fileDesc/t:sourceDesc/t:p/text()", namespaces=NS)
    ids = root.xpath("t:text/t:body/t:conceptEntry/@id", namespaces=NS)
    assert ids == ["luhansk", "csto", "nato", "odesa", "_1st-army"]  # an XML ID cannot start with a digit
    odesa = root.xpath("//t:conceptEntry[@id='odesa']", namespaces=NS)[0]
    assert odesa.xpath("t:langSec/@xml:lang", namespaces=NS) == ["en", "es", "uk"]
    assert odesa.xpath("t:descrip[@type='subjectField']/text()", namespaces=NS) == ["place"]
    assert odesa.xpath("t:note/text()", namespaces=NS) == [
        'translate-glossary: {"ignore": ["Odessa, Texas"], "inflect": true}'
    ]
    assert odesa.xpath("t:langSec[@xml:lang='en']/t:note/text()", namespaces=NS) == [
        'translate-glossary: {"case_sensitive": false}'
    ]
    luhansk = root.xpath("//t:conceptEntry[@id='luhansk']", namespaces=NS)[0]
    assert luhansk.xpath("t:note/text()", namespaces=NS) == [SMALL[0].note]


@pytest.mark.parametrize(
    ("concept_id", "lang", "text", "status"),
    [
        pytest.param("luhansk", "uk", "Луганськ", "preferredTerm-admn-sts", id="preferred"),
        pytest.param("luhansk", "uk", "Луганську", "admittedTerm-admn-sts", id="form"),
        pytest.param("luhansk", "uk", "Луганск", "deprecatedTerm-admn-sts", id="forbidden"),
        pytest.param("luhansk", "en", "Lugansk", "deprecatedTerm-admn-sts", id="forbidden-en"),
        pytest.param("csto", "en", "Collective Security Treaty Organization", "admittedTerm-admn-sts", id="long-form"),
        pytest.param("nato", "en", "NATO", "preferredTerm-admn-sts", id="do-not-translate"),
    ],
)
def test_export_tbx_term_status(concept_id: str, lang: str, text: str, status: str) -> None:
    root = etree.fromstring(export_tbx_v3(SMALL_GLOSSARY))
    found = root.xpath(
        "//t:conceptEntry[@id=$id]/t:langSec[@xml:lang=$lang]/t:termSec[t:term=$text]"
        "/t:termNote[@type='administrativeStatus']/text()",
        namespaces=NS, id=concept_id, lang=lang, text=text,
    )
    assert found == [status]


def test_export_tbx_preferred_term_comes_first() -> None:
    root = etree.fromstring(export_tbx_v3(SMALL_GLOSSARY))
    uk = root.xpath("//t:conceptEntry[@id='luhansk']/t:langSec[@xml:lang='uk']/t:termSec/t:term/text()", namespaces=NS)
    assert uk == ["Луганськ", "Луганська", "Луганську", "Луганськом", "Луганск"]


def test_export_tbx_refuses_text_xml_cannot_hold() -> None:
    bad = Concept("bell", (("en", TermVariants("ring\x07")),), path=Path("glossary/x.yaml"), line=3)
    with pytest.raises(GlossaryError, match="'bell' cannot be written as XML") as caught:
        export_tbx_v3(Glossary((bad,), "0"))
    assert (caught.value.path, caught.value.line) == (Path("glossary/x.yaml"), 3)


# -- TBX round trip ---------------------------------------------------------------------------


DIALECTS = [pytest.param(export_tbx, id="tbx-2008"), pytest.param(export_tbx_v3, id="tbx-v3")]


@pytest.mark.parametrize("export", DIALECTS)
@settings(deadline=None)
@given(concepts=CONCEPTS)
def test_tbx_round_trip_loses_nothing(export: Callable[[Glossary], bytes], concepts: list[Concept]) -> None:
    imported = import_tbx(export(Glossary(tuple(concepts), "0")), path=LABEL)
    assert [comparable(c) for c in imported] == [comparable(c) for c in concepts]


@pytest.mark.parametrize("export", DIALECTS)
def test_tbx_round_trip_records_where_each_concept_is(export: Callable[[Glossary], bytes]) -> None:
    imported = import_tbx(export(SMALL_GLOSSARY), path=LABEL)
    assert [c.id for c in imported] == [c.id for c in SMALL]
    assert all(c.path == LABEL and c.line for c in imported)


# -- TBX 2008 (martif) export -----------------------------------------------------------------


def test_export_tbx_2008_matches_golden() -> None:
    assert export_tbx(SMALL_GLOSSARY) == (GOLDEN / "glossary-2008.tbx").read_bytes()


def test_export_tbx_2008_is_deterministic_and_utf8() -> None:
    shuffled = tuple(dataclasses.replace(c, terms=tuple(reversed(c.terms))) for c in SMALL)
    data = export_tbx(SMALL_GLOSSARY)
    assert data == export_tbx(Glossary(shuffled, SMALL_GLOSSARY.digest))
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<martif ")
    assert "Луганськ".encode() in data


def test_export_tbx_2008_is_tbx_basic_martif() -> None:
    root = etree.fromstring(export_tbx(SMALL_GLOSSARY))
    assert (root.tag, root.get("type"), root.get(XML_LANG)) == ("martif", "TBX-Basic", "en")
    assert root.xpath("martifHeader/fileDesc/sourceDesc/p/text()")
    assert root.xpath("text/body/termEntry/@id") == ["luhansk", "csto", "nato", "odesa", "_1st-army"]
    odesa = root.xpath("//termEntry[@id='odesa']")[0]
    assert odesa.xpath("langSet/@xml:lang") == ["en", "es", "uk"]
    assert odesa.xpath("descrip[@type='subjectField']/text()") == ["place"]
    luhansk = root.xpath("//termEntry[@id='luhansk']")[0]
    assert luhansk.xpath("note/text()") == [SMALL[0].note]
    uk = luhansk.xpath("langSet[@xml:lang='uk']/tig")
    assert [(tig.findtext("term"), tig.findtext("termNote[@type='administrativeStatus']")) for tig in uk] == [
        ("Луганськ", "preferredTerm-admn-sts"), ("Луганська", "admittedTerm-admn-sts"),
        ("Луганську", "admittedTerm-admn-sts"), ("Луганськом", "admittedTerm-admn-sts"),
        ("Луганск", "deprecatedTerm-admn-sts"),
    ]


@pytest.mark.parametrize("source", [pytest.param("en", id="en"), pytest.param("uk", id="uk")])
def test_export_tbx_2008_puts_the_source_language_first(source: str) -> None:
    root = etree.fromstring(export_tbx(SMALL_GLOSSARY, source=source))
    assert root.get(XML_LANG) == source
    assert root.xpath("//termEntry[@id='luhansk']/langSet/@xml:lang") == [
        source, *sorted({"en", "es", "uk"} - {source})]


@pytest.mark.parametrize(("variants", "notes"), [
    pytest.param(TermVariants("UE", gender="f", number="sg"), ["preferredTerm-admn-sts", "feminine", "singular"],
                 id="feminine-singular"),
    pytest.param(TermVariants("Países Bajos", gender="m", number="pl"),
                 ["preferredTerm-admn-sts", "masculine", "plural"], id="masculine-plural"),
    pytest.param(TermVariants("Kind", gender="n"), ["preferredTerm-admn-sts", "neuter"], id="neuter"),
])
def test_export_tbx_2008_writes_grammar(variants: TermVariants, notes: list[str]) -> None:
    root = etree.fromstring(export_tbx(Glossary((Concept("c", (("es", variants),)),), "0")))
    assert root.xpath("//tig/termNote/text()") == notes
    assert root.xpath("//tig/termNote/@type") == ["administrativeStatus", "grammaticalGender",
                                                   "grammaticalNumber"][:len(notes)]


# -- translate-toolkit reads our TBX 2008 ---------------------------------------------------------

READ_TBX = """
import json, sys
from translate.storage import tbx
store = tbx.tbxfile.parsefile(sys.argv[1])
print(json.dumps([{"id": unit.getid(), "source": unit.source, "target": unit.target,
                   "uk": [[t.text, t.administrative_status, t.deprecated] for t in unit.get_target_terms("uk")]}
                  for unit in store.units]))
"""


@requires_ttk
def test_translate_toolkit_reads_our_tbx(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tbx"
    path.write_bytes(export_tbx(SMALL_GLOSSARY))
    units = ttk_json(READ_TBX, str(path), cwd=tmp_path)
    assert [(u["id"], u["source"], u["target"]) for u in units] == [
        ("luhansk", "Luhansk", "Luhansk"), ("csto", "CSTO", "OTSC"), ("nato", "NATO", None),
        ("odesa", "Odesa", "Odesa"), ("_1st-army", "1st Army", None),
    ]
    assert units[0]["uk"] == [["Луганськ", "preferredTerm-admn-sts", False],
                              ["Луганська", "admittedTerm-admn-sts", False],
                              ["Луганську", "admittedTerm-admn-sts", False],
                              ["Луганськом", "admittedTerm-admn-sts", False],
                              ["Луганск", "deprecatedTerm-admn-sts", True]]


@requires_ttk
def test_tbx2po_writes_our_terms(tmp_path: Path) -> None:
    path, po = tmp_path / "glossary.tbx", tmp_path / "glossary.po"
    path.write_bytes(export_tbx(SMALL_GLOSSARY))
    run_ttk("-m", "translate.convert.tbx2po", str(path), str(po), cwd=tmp_path)
    text = po.read_text(encoding="utf-8")
    for source, target in (("Luhansk", "Luhansk"), ("CSTO", "OTSC"), ("Odesa", "Odesa")):
        assert f'msgid "{source}"\nmsgstr "{target}"' in text


@requires_omegat
def test_omegat_reads_our_tbx(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tbx"
    path.write_bytes(export_tbx(SMALL_GLOSSARY))
    entries = omegat_glossary(path, src="EN", tgt="ES")
    # OmegaT pairs every English term of an entry with every Spanish one; the comment shows the statuses.
    pairs = [(source, target) for source, target, _ in entries]
    assert pairs == [("Luhansk", "Luhansk"), ("Luhansk", "Lugansk"), ("Lugansk", "Luhansk"), ("Lugansk", "Lugansk"),
                     ("CSTO", "OTSC"), ("Collective Security Treaty Organization", "OTSC"), ("NATO", ""),
                     ("Odesa", "Odesa"), ("Odessa", "Odesa"), ("1st Army", "")]
    assert entries[0][2] == ('subjectField: place\\nUkrainian-based romanization; never the Russian-based "Lugansk".'
                             "\\npreferredTerm-admn-sts\\ndeprecatedTerm-admn-sts")


# -- TBX from other tools ---------------------------------------------------------------------

OTHER_TOOLS = [
    pytest.param(
        tbx('<conceptEntry id="c1"><langSec xml:lang="en">', term("open cluster"), term("galactic cluster"),
            "</langSec></conceptEntry>"),
        Concept("c1", (("en", TermVariants("open cluster", ("galactic cluster",))),)),
        id="no-status-first-is-preferred",
    ),
    pytest.param(
        tbx('<conceptEntry id="c1"><langSec xml:lang="en">', term("disc"), term("disk", "preferredTerm-admn-sts"),
            "</langSec></conceptEntry>"),
        Concept("c1", (("en", TermVariants("disk", ("disc",))),)),
        id="explicit-preferred-wins",
    ),
    pytest.param(
        tbx('<conceptEntry id="c1"><langSec xml:lang="en">', term("a", "admittedTerm-admn-sts"),
            term("b", "supersededTerm-admn-sts"), term("c", "admittedTerm"), "</langSec></conceptEntry>"),
        Concept("c1", (("en", TermVariants("a", ("c",), ("b",))),)),
        id="admitted-promoted-superseded-forbidden",
    ),
    pytest.param(
        tbx('<conceptEntry id="Term_1">',
            '<descripGrp><descrip type="subjectField">Astronomy</descrip><admin type="source">x</admin></descripGrp>',
            "<note>first</note><note>second</note>",
            '<langSec xml:lang="EN_us">', "<termSec><term>black <hi>hole</hi></term></termSec>", "</langSec>",
            '<langSec xml:lang="es">', term("agujero negro"), "</langSec>",
            '<langSec xml:lang="en-US">', term("BH", "admittedTerm-admn-sts"), "</langSec></conceptEntry>"),
        Concept(
            "term-1",
            (("en-US", TermVariants("black hole", ("BH",))), ("es", TermVariants("agujero negro"))),
            kind="Astronomy",
            note="first\nsecond",
        ),
        id="descripgrp-notes-hi-language-normalized-merged",
    ),
    pytest.param(
        b'<?xml version="1.0"?>\n<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n'
        b'<martif type="TBX" xml:lang="en"><martifHeader/><text><body>\n'
        b'<termEntry><langSet xml:lang="de"><ntig><termGrp><term>Kiew</term>'
        b'<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termGrp></ntig>'
        b"<tig><term>Kyjiw</term>"
        b'<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet></termEntry>\n'
        b"</body></text></martif>",
        Concept("kyjiw", (("de", TermVariants("Kyjiw", forbidden=("Kiew",))),)),
        id="tbx-2008-martif",
    ),
]


@pytest.mark.parametrize(("data", "expected"), OTHER_TOOLS)
def test_import_tbx_from_other_tools(data: bytes, expected: Concept) -> None:
    [concept] = import_tbx(data, path=LABEL)
    assert comparable(concept) == comparable(expected)


def test_import_tbx_makes_ids_unique() -> None:
    data = tbx(*(f'<conceptEntry id="c1"><langSec xml:lang="en">{term(t)}</langSec></conceptEntry>' for t in "ab"),
               f'<conceptEntry><langSec xml:lang="en">{term("Луганськ")}</langSec></conceptEntry>')
    assert [c.id for c in import_tbx(data, path=LABEL)] == ["c1", "c1-2", "lugansk"]


# -- bad TBX ----------------------------------------------------------------------------------

GRAMMAR_TBX = [
    pytest.param(
        tbx('<conceptEntry id="eu"><langSec xml:lang="es">',
            '<termSec><term>UE</term><termNote type="grammaticalGender">feminine</termNote>'
            '<termNote type="grammaticalNumber">singular</termNote><termNote type="termType">abbreviation</termNote>'
            '</termSec>',
            '<termSec><term>Unión Europea</term><termNote type="termType">fullForm</termNote></termSec>',
            "</langSec></conceptEntry>"),
        Concept("eu", (("es", TermVariants("UE", ("Unión Europea",), gender="f", number="sg", acronym="UE",
                                           full="Unión Europea")),)),
        id="abbreviation-is-the-acronym",
    ),
    pytest.param(
        tbx('<conceptEntry id="nl"><langSec xml:lang="es">', term("Países Bajos"),
            '<termSec><term>Holanda</term><termNote type="grammaticalGender">masculine</termNote>'
            '<termNote type="grammaticalNumber">plural</termNote><termNote type="termType">variant</termNote></termSec>',
            "</langSec></conceptEntry>"),
        Concept("nl", (("es", TermVariants("Países Bajos", ("Holanda",), gender="m", number="pl")),)),
        id="grammar-of-another-term-other-term-type-dropped",
    ),
    pytest.param(
        tbx('<conceptEntry id="k"><langSec xml:lang="de">',
            '<termSec><term>Kreml</term><termNote type="grammaticalGender">masculine</termNote></termSec>',
            '<termSec><term>Kremlin</term><termNote type="grammaticalGender">neuter</termNote>'
            '<termNote type="termType">acronym</termNote>'
            '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>',
            "</langSec></conceptEntry>"),
        Concept("k", (("de", TermVariants("Kreml", forbidden=("Kremlin",), gender="m")),)),
        id="preferred-grammar-wins-forbidden-is-no-acronym",
    ),
]


@pytest.mark.parametrize(("data", "expected"), GRAMMAR_TBX)
def test_import_tbx_reads_grammar_and_term_types(data: bytes, expected: Concept) -> None:
    [concept] = import_tbx(data, path=LABEL)
    assert comparable(concept) == comparable(expected)


@pytest.mark.parametrize(
    ("variants", "notes"),
    [
        pytest.param(TermVariants("OTSC", ("Organización del Tratado",), gender="f", number="sg", acronym="OTSC",
                                  full="Organización del Tratado"),
                     {"OTSC": ["feminine", "singular", "acronym"], "Organización del Tratado": ["fullForm"]}, id="all"),
        pytest.param(TermVariants("Kreml", gender="n"), {"Kreml": ["neuter"]}, id="neuter"),
        pytest.param(TermVariants("Países Bajos", number="pl", gender="m"), {"Países Bajos": ["masculine", "plural"]},
                     id="plural"),
        pytest.param(TermVariants("OTSC"), {"OTSC": []}, id="none"),
    ],
)
def test_export_tbx_writes_tbx_basic_term_notes(variants: TermVariants, notes: dict[str, list[str]]) -> None:
    root = etree.fromstring(export_tbx_v3(Glossary((Concept("c", (("es", variants),)),), "0")))
    found = {
        section.findtext(f"{{{TBX_NAMESPACE}}}term"): [
            note.text for note in section.iter(f"{{{TBX_NAMESPACE}}}termNote")
            if note.get("type") in ("grammaticalGender", "grammaticalNumber", "termType")
        ]
        for section in root.iter(f"{{{TBX_NAMESPACE}}}termSec")
    }
    assert found == notes


BAD_TBX = [
    pytest.param(tbx('<conceptEntry id="x"><langSec xml:lang="es"><termSec><term>UE</term>',
                     '<termNote type="grammaticalGender">fem</termNote></termSec></langSec></conceptEntry>'), 6,
                 "unknown grammaticalGender 'fem'", id="bad-gender"),
    pytest.param(tbx('<conceptEntry id="x"><langSec xml:lang="es"><termSec><term>UE</term>',
                     '<termNote type="grammaticalNumber">dual</termNote></termSec></langSec></conceptEntry>'), 6,
                 "unknown grammaticalNumber 'dual'", id="bad-number"),
    pytest.param(tbx("<conceptEntry>", "<langSec>", "</conceptEntry>"), 7,
                 "malformed TBX: Opening and ending tag mismatch", id="malformed"),
    pytest.param(b"", 1, "malformed TBX", id="empty"),
    pytest.param(tbx('<conceptEntry id="x"><langSec xml:lang="en">', term("a"), term("b", "forbiddenTerm-admn-sts"),
                     "</langSec></conceptEntry>"), 7, "unknown administrativeStatus 'forbiddenTerm-admn-sts'",
                 id="unknown-status"),
    pytest.param(tbx('<conceptEntry id="x">', "<langSec>", term("a"), "</langSec></conceptEntry>"), 6,
                 "<langSec> without xml:lang", id="no-language"),
    pytest.param(tbx('<conceptEntry id="x">', '<langSec xml:lang="zz">', term("a"), "</langSec></conceptEntry>"), 6,
                 "unknown language code 'zz'", id="unknown-language"),
    pytest.param(tbx('<conceptEntry id="x">', '<langSec xml:lang="en">', term("a", "deprecatedTerm-admn-sts"),
                     "</langSec></conceptEntry>"), 6, "no preferred or admitted term for 'en'", id="only-deprecated"),
    pytest.param(tbx('<conceptEntry id="x"><langSec xml:lang="en">', "<termSec><term> </term></termSec>",
                     "</langSec></conceptEntry>"), 6, "empty term", id="empty-term"),
    pytest.param(tbx('<conceptEntry id="x">', '<note>translate-glossary: {"translate": "no"}</note>',
                     f'<langSec xml:lang="en">{term("a")}</langSec></conceptEntry>'), 6,
                 "setting 'translate' has the wrong type", id="settings-wrong-type"),
    pytest.param(tbx('<conceptEntry id="x">', "<note>translate-glossary: {oops</note>",
                     f'<langSec xml:lang="en">{term("a")}</langSec></conceptEntry>'), 6,
                 "unreadable settings note", id="settings-not-json"),
    pytest.param(tbx('<conceptEntry id="x">', '<note>translate-glossary: {"colour": 1}</note>',
                     f'<langSec xml:lang="en">{term("a")}</langSec></conceptEntry>'), 6,
                 "unknown setting 'colour'", id="settings-unknown-key"),
    pytest.param(tbx('<conceptEntry id="x">', "</conceptEntry>"), 5, "concept has no terms", id="no-terms"),
    # XML 1.0 holds no C0 control but tab and line breaks; C1 controls and DEL it does hold.
    pytest.param(tbx('<conceptEntry id="x"><langSec xml:lang="en">', term("Ky&#x9b;iv"), "</langSec></conceptEntry>"),
                 6, "the term 'Ky\\x9biv' holds a control character, U+009B", id="c1-control-in-a-term"),
    pytest.param(tbx('<conceptEntry id="x"><langSec xml:lang="en">', term("Ky&#x7f;iv"), "</langSec></conceptEntry>"),
                 6, "holds a control character, U+007F (DEL)", id="del-in-a-term"),
    pytest.param(tbx('<conceptEntry id="x"><langSec xml:lang="en">', term("Ky&#9;iv"), "</langSec></conceptEntry>"),
                 6, "the term 'Ky\\tiv' holds a tab, U+0009 (tab)", id="tab-in-a-term"),
    pytest.param(tbx('<conceptEntry id="x">', "<note>Kyiv,&#10;not&#9;Kiev&#x85;</note>",
                     f'<langSec xml:lang="en">{term("a")}</langSec></conceptEntry>'), 6,
                 "the note 'Kyiv,\\nnot\\tKiev\\x85' holds a line break, U+0085 (NEL)", id="c1-control-in-a-note"),
    pytest.param(b"<html>\n<body/>\n</html>", 1, "not a TBX document: the root element is <html>", id="not-tbx"),
    pytest.param(b'<!DOCTYPE tbx [\n<!ENTITY a "b">]>\n<tbx>&a;</tbx>', 2, "declares entities", id="entity"),
    pytest.param(martif('<termEntry id="x">', "<langSet>", tig("a"), "</langSet></termEntry>"), 6,
                 "<langSet> without xml:lang", id="2008-no-language"),
    pytest.param(martif('<termEntry id="x"><langSet xml:lang="en">', tig("a"), tig("b", "forbiddenTerm-admn-sts"),
                        "</langSet></termEntry>"), 7, "unknown administrativeStatus 'forbiddenTerm-admn-sts'",
                 id="2008-unknown-status"),
    pytest.param(b'<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY a "b">]>\n<martif>&a;</martif>', 2,
                 "declares entities", id="2008-entity"),
]


@pytest.mark.parametrize(("data", "line", "message"), BAD_TBX)
def test_import_tbx_rejects_bad_documents(data: bytes, line: int, message: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        import_tbx(data, path=LABEL)
    assert caught.value.path == LABEL
    assert caught.value.line == line
    assert message in str(caught.value)


def test_import_tbx_reports_every_problem() -> None:
    data = tbx('<conceptEntry id="x"><langSec xml:lang="en">', term("a", "bogus"), "</langSec></conceptEntry>",
               '<conceptEntry id="y"><langSec xml:lang="qq">', term("b"), "</langSec></conceptEntry>")
    with pytest.raises(GlossaryError) as caught:
        import_tbx(data, path=LABEL)
    assert [p.line for p in caught.value.problems] == [6, 8]
    # The file is not in the glossary: `glossary check` would not show the others, their lines do.
    assert "(and 1 more problem(s), on line(s) 8)" in str(caught.value) and "glossary check" not in str(caught.value)


BILLION_LAUGHS = """{declaration}
<!DOCTYPE tbx [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<tbx><text><body><conceptEntry id="x"><note>&lol9;</note>
<langSec xml:lang="en"><termSec><term>&lol9;</term></termSec></langSec></conceptEntry></body></text></tbx>
"""


ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]


def declaration(encoding: str) -> str:
    """The XML declaration for a document encoded with Python's ``encoding`` (BOM or not)."""
    return f'<?xml version="1.0" encoding="{encoding.removesuffix("-le").removesuffix("-be")}"?>'


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_import_tbx_refuses_billion_laughs_without_expanding(encoding: str) -> None:
    data = BILLION_LAUGHS.format(declaration=declaration(encoding)).encode(encoding)
    started = time.perf_counter()
    with pytest.raises(GlossaryError, match="declares entities") as caught:
        import_tbx(data, path=LABEL)
    assert time.perf_counter() - started < 1.0
    assert caught.value.path == LABEL
    assert "lollol" not in str(caught.value)


def test_import_tbx_checks_entities_again_after_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    import translate.xmlsafe

    monkeypatch.setattr(translate.xmlsafe, "entity_declaration_line", lambda data: None)
    with pytest.raises(GlossaryError, match="declares entities"):
        import_tbx(b'<!DOCTYPE tbx [<!ENTITY a "b">]>\n<tbx>&a;</tbx>', path=LABEL)


EXTERNAL = [
    pytest.param('<!DOCTYPE tbx [<!ENTITY secret SYSTEM "{url}">]>', "&secret;", True, id="general-entity"),
    pytest.param('<!DOCTYPE tbx [<!ENTITY % secret SYSTEM "{url}"> %secret;]>', "x", True, id="parameter-entity"),
    pytest.param('<!DOCTYPE tbx SYSTEM "{url}">', "x", False, id="external-dtd-not-loaded"),
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize(("doctype", "note", "refused"), EXTERNAL)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_import_tbx_never_reads_external_files(
    tmp_path: Path, doctype: str, note: str, refused: bool, encoding: str
) -> None:
    # The "file" is a named pipe: opening it for reading blocks until a writer comes, so an import
    # that returns at all has not opened it.
    secret = tmp_path / "secret"
    os.mkfifo(secret)
    document = (
        f"{declaration(encoding)}\n{doctype.format(url=secret.as_uri())}\n"
        f'<tbx><text><body><conceptEntry id="x"><note>{note}</note>'
        f'<langSec xml:lang="en">{term("a")}</langSec></conceptEntry></body></text></tbx>'
    )
    outcome: list[object] = []

    def attempt() -> None:
        try:
            outcome.append(import_tbx(document.encode(encoding), path=LABEL))
        except GlossaryError as error:
            outcome.append(error)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():
        with open(secret, "w"):
            pass
        worker.join(5)
        pytest.fail("import_tbx opened the external file")
    [result] = outcome
    if refused:
        assert isinstance(result, GlossaryError)
        assert "declares entities" in str(result)
    else:
        assert isinstance(result, list)
        assert [c.id for c in result] == ["x"]
