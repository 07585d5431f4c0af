"""translate.glossary.exchange: TBX and CSV export/import, the YAML writer, and hostile inputs."""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from translate.errors import GlossaryError
from translate.glossary.controls import term_problem
from translate.glossary.exchange import (
    TBX_NAMESPACE,
    decode_csv,
    export_csv,
    export_tbx,
    import_csv,
    import_tbx,
    write_glossary_yaml,
)
from translate.model import Concept, Glossary, TermVariants

GOLDEN = Path(__file__).parent / "golden"
NS = {"t": "urn:iso:std:iso:30042:ed-2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LABEL = Path("glossary/export.tbx")

SMALL = (
    Concept(
        "luhansk",
        (
            ("en", TermVariants("Luhansk", forbidden=("Lugansk",))),
            ("es", TermVariants("Luhansk", forbidden=("Lugansk",))),
            ("uk", TermVariants("Луганськ", ("Луганська", "Луганську", "Луганськом"), ("Луганск",))),
        ),
        kind="place",
        note='Ukrainian-based romanization; never the Russian-based "Lugansk".',
    ),
    Concept(
        "csto",
        (
            ("en", TermVariants("CSTO", ("Collective Security Treaty Organization",))),
            ("es", TermVariants("OTSC")),
        ),
        kind="organization",
    ),
    Concept("nato", (("en", TermVariants("NATO")),), translate=False),
    Concept(
        "odesa",
        (
            ("uk", TermVariants("Одеса")),
            ("en", TermVariants("Odesa", forbidden=("Odessa",), case_sensitive=False)),
            ("es", TermVariants("Odesa")),
        ),
        kind="place",
        ignore=("Odessa, Texas",),
        inflect=True,
    ),
    Concept("1st-army", (("en", TermVariants("1st Army")),), kind="organization"),
)
SMALL_GLOSSARY = Glossary(SMALL, "ab" * 32)

SMALL_YAML = """\
terms:
  - id: luhansk
    kind: place
    note: Ukrainian-based romanization; never the Russian-based "Lugansk".
    en: {preferred: Luhansk, forbidden: [Lugansk]}
    es: {preferred: Luhansk, forbidden: [Lugansk]}
    uk: {preferred: Луганськ, forms: [Луганська, Луганську, Луганськом], forbidden: [Луганск]}
  - id: csto
    kind: organization
    en: {preferred: CSTO, forms: [Collective Security Treaty Organization]}
    es: {preferred: OTSC}
  - id: nato
    translate: false
    en: {preferred: NATO}
  - id: odesa
    kind: place
    ignore: ['Odessa, Texas']
    inflect: true
    en: {preferred: Odesa, forbidden: [Odessa], case_sensitive: false}
    es: {preferred: Odesa}
    uk: {preferred: Одеса}
  - id: 1st-army
    kind: organization
    en: {preferred: 1st Army}
"""


def comparable(concept: Concept) -> Concept:
    """The concept without its location, languages in code order (their order carries nothing)."""
    return dataclasses.replace(concept, path=None, line=None, terms=tuple(sorted(concept.terms, key=lambda t: t[0])))


def tbx(*body: str) -> bytes:
    """A TBX document whose ``body`` lines start at line 5."""
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">',
        "<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>",
        "<text><body>",
    ]
    return "\n".join([*head, *body, "</body></text></tbx>", ""]).encode()


def term(text: str, status: str | None = None) -> str:
    note = f'<termNote type="administrativeStatus">{status}</termNote>' if status else ""
    return f"<termSec><term>{text}</term>{note}</termSec>"


# -- TBX export -------------------------------------------------------------------------------


def test_export_tbx_matches_golden() -> None:
    assert export_tbx(SMALL_GLOSSARY) == (GOLDEN / "glossary.tbx").read_bytes()


def test_export_tbx_is_deterministic_and_utf8() -> None:
    shuffled = tuple(dataclasses.replace(c, terms=tuple(reversed(c.terms))) for c in SMALL)
    data = export_tbx(SMALL_GLOSSARY)
    assert data == export_tbx(Glossary(shuffled, SMALL_GLOSSARY.digest))
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    assert "Луганськ".encode() in data


def test_export_tbx_root_and_concepts() -> None:
    root = etree.fromstring(export_tbx(SMALL_GLOSSARY))
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
    root = etree.fromstring(export_tbx(SMALL_GLOSSARY))
    found = root.xpath(
        "//t:conceptEntry[@id=$id]/t:langSec[@xml:lang=$lang]/t:termSec[t:term=$text]"
        "/t:termNote[@type='administrativeStatus']/text()",
        namespaces=NS, id=concept_id, lang=lang, text=text,
    )
    assert found == [status]


def test_export_tbx_preferred_term_comes_first() -> None:
    root = etree.fromstring(export_tbx(SMALL_GLOSSARY))
    uk = root.xpath("//t:conceptEntry[@id='luhansk']/t:langSec[@xml:lang='uk']/t:termSec/t:term/text()", namespaces=NS)
    assert uk == ["Луганськ", "Луганська", "Луганську", "Луганськом", "Луганск"]


def test_export_tbx_refuses_text_xml_cannot_hold() -> None:
    bad = Concept("bell", (("en", TermVariants("ring\x07")),), path=Path("glossary/x.yaml"), line=3)
    with pytest.raises(GlossaryError, match="'bell' cannot be written as XML") as caught:
        export_tbx(Glossary((bad,), "0"))
    assert (caught.value.path, caught.value.line) == (Path("glossary/x.yaml"), 3)


# -- TBX round trip ---------------------------------------------------------------------------

TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"), min_size=1,
    max_size=12,
).filter(lambda s: s.strip() and term_problem(s) is None)  # what a glossary refuses in a term is not generated
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"), max_size=20)
LANGUAGES = st.sampled_from(["en", "es", "uk", "ru", "de", "pt-BR"])


@st.composite
def _variants(draw: st.DrawFn) -> TermVariants:
    """Terms with every key the glossary has: grammar, and an acronym and full form among the accepted terms."""
    preferred, forms = draw(TEXT), tuple(draw(st.lists(TEXT, max_size=3)))
    accepted = list(dict.fromkeys((preferred, *forms)))
    acronym = draw(st.one_of(st.none(), st.sampled_from(accepted)))
    full = draw(st.one_of(st.none(), st.sampled_from([term for term in accepted if term != acronym] or [None])))
    return TermVariants(
        preferred=preferred,
        forms=forms,
        forbidden=tuple(draw(st.lists(TEXT, max_size=3))),
        case_sensitive=draw(st.booleans()),
        gender=draw(st.sampled_from([None, "m", "f", "n"])),
        number=draw(st.sampled_from([None, "sg", "pl"])),
        acronym=acronym,
        full=full,
    )


VARIANTS = _variants()
CONCEPTS = st.lists(
    st.builds(
        Concept,
        id=st.from_regex(r"[a-z0-9-]+", fullmatch=True),
        terms=st.dictionaries(LANGUAGES, VARIANTS, min_size=1, max_size=4).map(lambda d: tuple(d.items())),
        kind=st.one_of(st.sampled_from(["term", "place", "person"]), ANY_TEXT),
        note=st.one_of(ANY_TEXT, ANY_TEXT.map(lambda s: "translate-glossary: " + s)),
        ignore=st.lists(TEXT, max_size=2).map(tuple),
        translate=st.booleans(),
        inflect=st.booleans(),
    ),
    max_size=4,
    unique_by=lambda concept: concept.id,
)


@settings(deadline=None)
@given(CONCEPTS)
def test_tbx_round_trip_loses_nothing(concepts: list[Concept]) -> None:
    imported = import_tbx(export_tbx(Glossary(tuple(concepts), "0")), path=LABEL)
    assert [comparable(c) for c in imported] == [comparable(c) for c in concepts]


def test_tbx_round_trip_records_where_each_concept_is() -> None:
    imported = import_tbx(export_tbx(SMALL_GLOSSARY), path=LABEL)
    assert [c.id for c in imported] == [c.id for c in SMALL]
    assert all(c.path == LABEL and c.line for c in imported)


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
    root = etree.fromstring(export_tbx(Glossary((Concept("c", (("es", variants),)),), "0")))
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


# -- CSV --------------------------------------------------------------------------------------


def test_export_csv_matches_golden() -> None:
    assert export_csv(SMALL_GLOSSARY, src="en", tgt="es") == (GOLDEN / "glossary-en-es.csv").read_text("utf-8")


def test_export_csv_header_mode() -> None:
    text = export_csv(SMALL_GLOSSARY, src="EN", tgt="es", header=True)
    first, rest = text.split("\n", 1)
    assert first == "en,es"
    assert rest == export_csv(SMALL_GLOSSARY, src="en", tgt="es")


@pytest.mark.parametrize(
    ("src", "tgt", "expected"),
    [
        pytest.param("en", "uk", "Lugansk,Луганськ\nLuhansk,Луганськ\nNATO,NATO\nOdesa,Одеса\nOdessa,Одеса\n",
                     id="en-uk-skips-concepts-without-uk"),
        pytest.param("uk", "en", "Луганск,Luhansk\nЛуганськ,Luhansk\nЛуганська,Luhansk\nЛуганськом,Luhansk\n"
                     "Луганську,Luhansk\nОдеса,Odesa\n", id="uk-en-forms-and-forbidden"),
        pytest.param("es", "de", "", id="no-concept-has-both"),
    ],
)
def test_export_csv_pairs(src: str, tgt: str, expected: str) -> None:
    assert export_csv(SMALL_GLOSSARY, src=src, tgt=tgt) == expected


def test_export_csv_quotes_per_rfc4180() -> None:
    concept = Concept("bih", (("en", TermVariants('Bosnia and Herzegovina, "BiH"')), ("es", TermVariants("BiH"))))
    text = export_csv(Glossary((concept,), "0"), src="en", tgt="es")
    assert text == '"Bosnia and Herzegovina, ""BiH""",BiH\n'


def test_export_csv_refuses_a_source_with_two_targets() -> None:
    country = Concept("georgia", (("en", TermVariants("Georgia")), ("es", TermVariants("Georgia"))))
    state = Concept("georgia-us", (("en", TermVariants("Georgia")), ("es", TermVariants("Georgia (EE. UU.)"))))
    with pytest.raises(GlossaryError, match="'Georgia'.*'georgia'.*'georgia-us'"):
        export_csv(Glossary((country, state), "0"), src="en", tgt="es")


def mapping(text: str) -> dict[str, str]:
    return dict(line.split(",", 1) for line in text.splitlines())


def concept_mapping(concepts: list[Concept], src: str, tgt: str) -> dict[str, str]:
    result = {}
    for concept in concepts:
        source, target = dict(concept.terms)[src], dict(concept.terms)[tgt]
        result.update({s: target.preferred for s in (source.preferred, *source.forms, *source.forbidden)})
    return result


def test_csv_round_trip_small_glossary() -> None:
    text = export_csv(SMALL_GLOSSARY, src="en", tgt="es")
    expected = {"CSTO": "OTSC", "Collective Security Treaty Organization": "OTSC", "Lugansk": "Luhansk",
                "Luhansk": "Luhansk", "NATO": "NATO", "Odesa": "Odesa", "Odessa": "Odesa"}
    assert mapping(text) == expected  # every source form and forbidden variant, to the preferred target
    concepts = import_csv(text, src="en", tgt="es", path=Path("deepl.csv"))
    assert concept_mapping(concepts, "en", "es") == expected


CELL = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=10).filter(
    lambda s: s == s.strip() and s != "" and term_problem(s) is None
)


@settings(deadline=None)
@given(st.dictionaries(CELL, CELL, max_size=8))
def test_csv_round_trip_keeps_the_mapping(pairs: dict[str, str]) -> None:
    glossary = Glossary(
        tuple(
            Concept(f"c{i}", (("en", TermVariants(s)), ("es", TermVariants(t))))
            for i, (s, t) in enumerate(pairs.items())
        ),
        "0",
    )
    for header in (False, True):
        text = export_csv(glossary, src="en", tgt="es", header=header)
        concepts = import_csv(text, src="en", tgt="es", path=Path("deepl.csv"))
        assert concept_mapping(concepts, "en", "es") == pairs
        assert len({c.id for c in concepts}) == len(concepts)


@pytest.mark.parametrize(
    ("term", "cell"),
    [
        pytest.param("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"", id="equals"),
        pytest.param("+7 Kyiv", "'+7 Kyiv", id="plus"),
        pytest.param("-based", "'-based", id="minus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("'=x", "''=x", id="quote-before-formula"),
        pytest.param("'Kyiv", "'Kyiv", id="quote-alone-is-kept"),
        pytest.param("Kyiv=Kiev", "Kyiv=Kiev", id="not-at-the-start"),
    ],
)
def test_export_csv_guards_spreadsheet_formulas(term: str, cell: str) -> None:
    concept = Concept("x", (("en", TermVariants(term)), ("es", TermVariants(term))))
    text = export_csv(Glossary((concept,), "0"), src="en", tgt="es")
    assert text == f"{cell},{cell}\n"
    [back] = import_csv(text, src="en", tgt="es", path=Path("g.csv"))
    assert back.terms == concept.terms


@pytest.mark.parametrize(
    ("term", "cell"),
    [
        pytest.param("\tKyiv", "'\tKyiv", id="tab"),
        pytest.param("\rKyiv", "\"'\rKyiv\"", id="carriage-return"),
    ],
)
def test_export_csv_guards_a_leading_tab_or_carriage_return(term: str, cell: str) -> None:
    """No valid glossary holds such a term (import refuses it), but an export never writes one unguarded."""
    concept = Concept("x", (("en", TermVariants(term)), ("es", TermVariants(term))))
    text = export_csv(Glossary((concept,), "0"), src="en", tgt="es")
    assert text == f"{cell},{cell}\n"
    with pytest.raises(GlossaryError, match=r"holds a (tab|line break), U\+000[9D]"):
        import_csv(text, src="en", tgt="es", path=Path("g.csv"))


def test_import_csv_removes_a_spreadsheet_guard() -> None:
    [concept] = import_csv("'=Kyiv,'-Kyiv\n", src="en", tgt="es", path=Path("g.csv"))
    assert concept.terms == (("en", TermVariants("=Kyiv")), ("es", TermVariants("-Kyiv")))


FORMULA_CELL = st.builds(lambda quotes, start, rest: quotes + start + rest, st.sampled_from(["", "'", "''"]),
                         st.sampled_from(list("=+-@'a")), st.text("=+-@'ab", max_size=3))


@settings(deadline=None)
@given(st.dictionaries(FORMULA_CELL, FORMULA_CELL, max_size=6))
def test_csv_round_trip_keeps_formula_like_terms(pairs: dict[str, str]) -> None:
    glossary = Glossary(tuple(Concept(f"c{i}", (("en", TermVariants(s)), ("es", TermVariants(t))))
                              for i, (s, t) in enumerate(pairs.items())), "0")
    text = export_csv(glossary, src="en", tgt="es")
    assert not any(cell[:1] in "=+-@" for line in text.splitlines() for cell in line.split(","))
    assert concept_mapping(import_csv(text, src="en", tgt="es", path=Path("g.csv")), "en", "es") == pairs


def test_decode_csv_names_line_and_column_of_a_byte_that_is_not_utf8() -> None:
    with pytest.raises(GlossaryError) as raised:
        decode_csv("Kyiv,Kyiv\nLviv,Львів\n".encode() + b"Kharkov,Kharkiv\xe9\n", path=Path("partner.csv"))
    assert str(raised.value).startswith("partner.csv:3: not valid UTF-8 at line 3, column 16; save it as UTF-8")
    assert decode_csv("\ufeffKyiv,Kyiv\n".encode(), path=Path("bom.csv")) == "Kyiv,Kyiv\n"


def test_import_csv_groups_sources_by_target() -> None:
    text = "EN,es\nLuhansk,Luhansk\n\nLugansk,Luhansk\n\"Kyiv, city\",Kiev\n"
    concepts = import_csv(text, src="en", tgt="es", path=Path("g.csv"))
    assert [comparable(c) for c in concepts] == [
        Concept("luhansk", (("en", TermVariants("Luhansk", ("Lugansk",))), ("es", TermVariants("Luhansk")))),
        Concept("kyiv-city", (("en", TermVariants("Kyiv, city")), ("es", TermVariants("Kiev")))),
    ]
    assert [(c.path, c.line) for c in concepts] == [(Path("g.csv"), 2), (Path("g.csv"), 5)]


def test_import_csv_ids_are_slugs_and_unique() -> None:
    text = "Kyiv,Kiev\nKYIV!,Kyjiw\nЛуганськ,Luhansk\n日本,Japón\n!!!,x\n"
    ids = [c.id for c in import_csv(text, src="en", tgt="es", path=Path("g.csv"))]
    assert ids[:4] == ["kyiv", "kyiv-2", "lugansk", "ri-ben"]
    assert ids[4].startswith("term-")


BAD_CSV = [
    pytest.param("a,b\nc,d\ne,f\ng,h,i\n", [(4, "expected 2 columns (source,target), found 3")],
                 id="three-columns-line-4"),
    pytest.param("a,b\nc,\n", [(2, "empty target cell")], id="empty-target"),
    pytest.param(' ,b\n', [(1, "empty source cell")], id="empty-source"),
    pytest.param("a\n", [(1, "expected 2 columns (source,target), found 1")], id="one-column"),
    pytest.param("a,b\na,c\n", [(2, "source term 'a' already maps to 'b' on line 1")], id="conflicting-source"),
    pytest.param('a,b\n"c,d\n', [(2, "malformed CSV")], id="unterminated-quote"),
    pytest.param('x,"multi\nline"\ny,z,w\nq,\n',
                 [(1, "the target term 'multi\\nline' holds a line break, U+000A (line feed)"), (3, "found 3"),
                  (4, "empty target cell")], id="all-problems-collected-after-multiline-cell"),
    pytest.param("Belfast,Belf\x00ast\x1b[2J\n", [(1, "the target term 'Belf\\x00ast\\x1b[2J' holds a control "
                                                      "character, U+0000 (NUL)")], id="nul-and-esc"),
    pytest.param("Belfast,Belf\x1bast\n", [(1, "holds a control character, U+001B (ESC)")], id="esc"),
    pytest.param("Kyiv,Ky\x7fiv\n", [(1, "holds a control character, U+007F (DEL)")], id="del"),
    pytest.param("Kyiv,Ky\x85iv\n", [(1, "holds a line break, U+0085 (NEL)")], id="c1-next-line"),
    pytest.param("Kyiv,Ky\x9biv\n", [(1, "holds a control character, U+009B")], id="c1-csi"),
    pytest.param("Ky\tiv,Kyiv\n", [(1, "the source term 'Ky\\tiv' holds a tab, U+0009 (tab)")], id="tab"),
    pytest.param('"=CR\r\nx",Kyiv\n', [(1, "holds a line break, U+000D (carriage return)")], id="crlf-in-a-cell"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_CSV)
def test_import_csv_rejects_bad_rows(text: str, expected: list[tuple[int, str]]) -> None:
    with pytest.raises(GlossaryError) as caught:
        import_csv(text, src="en", tgt="es", path=Path("bad.csv"))
    problems = caught.value.problems
    assert [p.line for p in problems] == [line for line, _ in expected]
    for problem, (_, message) in zip(problems, expected, strict=True):
        assert message in str(problem)
        assert problem.path == Path("bad.csv")
    assert str(caught.value).startswith(f"bad.csv:{expected[0][0]}: ")


def test_import_csv_duplicate_identical_row_is_harmless() -> None:
    concepts = import_csv("a,b\na,b\n", src="en", tgt="es", path=Path("g.csv"))
    assert len(concepts) == 1


def test_import_csv_refuses_same_language() -> None:
    with pytest.raises(GlossaryError, match="both 'en'"):
        import_csv("a,b\n", src="en", tgt="EN", path=Path("g.csv"))


# -- YAML writer ------------------------------------------------------------------------------


def as_data(concepts: list[Concept] | tuple[Concept, ...]) -> dict[str, object]:
    """What the glossary format says the concepts look like once loaded."""
    terms = []
    for c in concepts:
        entry: dict[str, object] = {"id": c.id}
        if c.kind != "term":
            entry["kind"] = c.kind
        if c.note:
            entry["note"] = c.note
        if c.ignore:
            entry["ignore"] = list(c.ignore)
        if not c.translate:
            entry["translate"] = False
        if c.inflect:
            entry["inflect"] = True
        for lang, v in c.terms:
            language: dict[str, object] = {"preferred": v.preferred}
            if v.forms:
                language["forms"] = list(v.forms)
            if v.forbidden:
                language["forbidden"] = list(v.forbidden)
            if not v.case_sensitive:
                language["case_sensitive"] = False
            for key in ("gender", "number", "acronym", "full"):
                if getattr(v, key) is not None:
                    language[key] = getattr(v, key)
            entry[lang] = language
        terms.append(entry)
    return {"terms": terms}


def test_write_glossary_yaml_exact_format() -> None:
    text = write_glossary_yaml(SMALL)
    assert text == SMALL_YAML
    assert yaml.safe_load(text) == as_data(SMALL)


def test_write_glossary_yaml_empty() -> None:
    assert yaml.safe_load(write_glossary_yaml([])) == {"terms": []}


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(v, id=name)
        for name, v in [
            ("bool-no", "no"), ("bool-yes", "Yes"), ("null", "null"), ("tilde", "~"), ("int", "123"),
            ("float", "1.5"), ("date", "2024-01-01"), ("colon", "a: b"), ("comment", "a #b"), ("hash", "#x"),
            ("dash", "- x"), ("brackets", "[a]"), ("braces", "{a}"), ("comma", "a, b"), ("quote", "'q'"),
            ("double-quote", '"q"'), ("newline", "x\ny"), ("line-separator", "a\u2028b"), ("lead-space", " a"),
            ("trail-space", "a "), ("at", "@x"), ("backtick", "`x"), ("percent", "%x"), ("bang", "!x"),
            ("anchor", "&x"), ("alias", "*x"), ("pipe", "|x"), ("gt", ">x"), ("question", "?x"), ("bom", "\ufeffx"),
            ("cyrillic", "Луганськ"), ("tab", "a\tb"),
        ]
    ],
)
def test_write_glossary_yaml_quotes_what_yaml_needs(value: str) -> None:
    concept = Concept("x", (("en", TermVariants(value, (value,), (value,))),), kind=value, note=value, ignore=(value,))
    text = write_glossary_yaml([concept])
    assert yaml.safe_load(text) == as_data([concept])
    assert len(text.splitlines()) == 6


@settings(deadline=None)
@given(CONCEPTS)
def test_write_glossary_yaml_loads_back(concepts: list[Concept]) -> None:
    text = write_glossary_yaml(concepts)
    loaded = yaml.safe_load(text)
    expected = as_data(concepts)
    assert loaded == expected
    lines = text.splitlines()
    assert lines[0] == ("terms:" if concepts else "terms: []")
    assert sum(line.startswith("  - id: ") for line in lines) == len(concepts)
    assert all(line.startswith(("  - id: ", "    ")) for line in lines[1:])
    assert len(lines) == 1 + sum(len(entry) for entry in expected["terms"])  # one line per key
