"""TMX 1.4 export and import of translation memory."""

from __future__ import annotations

import io
import os
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import requires_ttk
from tool_helpers import ttk_json
from translate import xmlsafe
from translate.errors import ExportError, ReviewError
from translate.inline import escape
from translate.review.limits import MAX_COMMENT_CHARS, MAX_TARGET_FLOOR
from translate.tmx import MemoryEntry, export_tmx, import_tmx

DATA = Path(__file__).parent / "data"
LABEL = Path("memory.tmx")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_entries(data: bytes, *, path: Path = LABEL) -> list[MemoryEntry]:
    """The entries of a TMX document none of whose units is refused for its size."""
    found = import_tmx(data, path=path)
    assert found.refused == ()
    return list(found.entries)


# The element and attribute declarations of the TMX 1.4b DTD (LISA OSCAR), to validate what we write.
TMX14_DTD = """
<!ENTITY % segtypes "block|paragraph|sentence|phrase">
<!ELEMENT tmx (header, body)>
<!ATTLIST tmx version CDATA #FIXED "1.4">
<!ELEMENT header (note|prop|ude)*>
<!ATTLIST header creationtool CDATA #REQUIRED creationtoolversion CDATA #REQUIRED
  segtype (%segtypes;) #REQUIRED o-tmf CDATA #REQUIRED adminlang CDATA #REQUIRED srclang CDATA #REQUIRED
  datatype CDATA #REQUIRED o-encoding CDATA #IMPLIED creationdate CDATA #IMPLIED creationid CDATA #IMPLIED
  changedate CDATA #IMPLIED changeid CDATA #IMPLIED>
<!ELEMENT body (tu*)>
<!ELEMENT note (#PCDATA)>
<!ATTLIST note o-encoding CDATA #IMPLIED xml:lang CDATA #IMPLIED lang CDATA #IMPLIED>
<!ELEMENT ude (map+)>
<!ATTLIST ude name CDATA #REQUIRED base CDATA #IMPLIED>
<!ELEMENT map EMPTY>
<!ATTLIST map unicode CDATA #REQUIRED code CDATA #IMPLIED ent CDATA #IMPLIED subst CDATA #IMPLIED>
<!ELEMENT prop (#PCDATA)>
<!ATTLIST prop type CDATA #REQUIRED xml:lang CDATA #IMPLIED o-encoding CDATA #IMPLIED lang CDATA #IMPLIED>
<!ELEMENT tu ((note|prop)*, tuv+)>
<!ATTLIST tu tuid CDATA #IMPLIED o-encoding CDATA #IMPLIED datatype CDATA #IMPLIED usagecount CDATA #IMPLIED
  lastusagedate CDATA #IMPLIED creationtool CDATA #IMPLIED creationtoolversion CDATA #IMPLIED
  creationdate CDATA #IMPLIED creationid CDATA #IMPLIED changedate CDATA #IMPLIED segtype (%segtypes;) #IMPLIED
  changeid CDATA #IMPLIED o-tmf CDATA #IMPLIED srclang CDATA #IMPLIED>
<!ELEMENT tuv ((note|prop)*, seg)>
<!ATTLIST tuv xml:lang CDATA #REQUIRED o-encoding CDATA #IMPLIED datatype CDATA #IMPLIED
  usagecount CDATA #IMPLIED lastusagedate CDATA #IMPLIED creationtool CDATA #IMPLIED
  creationtoolversion CDATA #IMPLIED creationdate CDATA #IMPLIED creationid CDATA #IMPLIED
  changedate CDATA #IMPLIED o-tmf CDATA #IMPLIED changeid CDATA #IMPLIED lang CDATA #IMPLIED>
<!ELEMENT seg (#PCDATA|bpt|ept|ph|it|hi|ut)*>
<!ELEMENT bpt (#PCDATA|sub)*>
<!ATTLIST bpt i CDATA #REQUIRED x CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT ept (#PCDATA|sub)*>
<!ATTLIST ept i CDATA #REQUIRED>
<!ELEMENT sub (#PCDATA|bpt|ept|it|ph|hi|ut)*>
<!ATTLIST sub datatype CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT it (#PCDATA|sub)*>
<!ATTLIST it pos (begin|end) #REQUIRED x CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT ph (#PCDATA|sub)*>
<!ATTLIST ph x CDATA #IMPLIED assoc CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT hi (#PCDATA|bpt|ept|it|ph|hi|ut)*>
<!ATTLIST hi x CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT ut (#PCDATA|sub)*>
<!ATTLIST ut x CDATA #IMPLIED>
"""

ENTRIES = [
    MemoryEntry("en", "es", "The <1>CSTO</1> met in Yerevan.", "La <1>OTSC</1> se reunió en Ereván.",
                "translate:armenia-csto/3f9a1c2b7e6d", "2026-11-27T21:00:00Z", "2026-11-28T09:30:15Z",
                creator="ana", note="approved by the desk"),
    MemoryEntry("en", "es", "Armenia froze its membership.", "Armenia congeló su membresía.",
                "translate:armenia-csto/0a1b2c3d4e5f", "2026-11-27T21:00:00+00:00", "2026-11-27T23:00:00+02:00"),
    MemoryEntry("en", "uk", "Fish &amp; chips &lt;3", "Риба &amp; картопля &lt;3",
                "translate:food/aaaaaaaaaaaa", "2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z"),
]


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))


def assert_valid_tmx14(data: bytes) -> None:
    dtd = etree.DTD(io.StringIO(TMX14_DTD))
    root = parse(data)
    assert dtd.validate(root), dtd.error_log.filter_from_errors()


def canonical(entry: MemoryEntry) -> tuple[str, ...]:
    return (entry.source, entry.target, entry.origin, entry.source_lang, entry.target_lang,
            entry.created, entry.changed, entry.creator, entry.note, entry.engine)


def test_export_is_valid_tmx_14_with_a_complete_header() -> None:
    data = export_tmx(ENTRIES, source_lang="en")
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">")
    assert_valid_tmx14(data)
    root = parse(data)
    assert root.get("version") == "1.4"
    assert dict(root.find("header").attrib) == {
        "creationtool": "translate", "creationtoolversion": "0.1.0", "segtype": "sentence", "o-tmf": "translate",
        "adminlang": "en", "srclang": "en", "datatype": "plaintext",
    }


def test_export_writes_one_unit_per_entry_sorted_with_dates_and_provenance() -> None:
    units = parse(export_tmx(ENTRIES, source_lang="en")).findall("body/tu")
    assert [unit.get("tuid") for unit in units] == [
        "translate:armenia-csto/0a1b2c3d4e5f", "translate:food/aaaaaaaaaaaa", "translate:armenia-csto/3f9a1c2b7e6d",
    ]
    first, _, tagged = units
    assert (first.get("creationdate"), first.get("changedate")) == ("20261127T210000Z", "20261127T210000Z")
    assert first.get("creationid") is None and first.find("note") is None
    assert (tagged.get("creationdate"), tagged.get("changedate")) == ("20261127T210000Z", "20261128T093015Z")
    assert tagged.get("creationid") == "ana"
    assert tagged.findtext("note") == "approved by the desk"
    assert [tuv.get(XML_LANG) for tuv in tagged.findall("tuv")] == ["en", "es"]


def test_export_writes_tags_as_paired_codes() -> None:
    data = export_tmx(ENTRIES[:1], source_lang="en")
    assert (b'<seg>The <bpt i="1" x="1">&lt;1&gt;</bpt>CSTO<ept i="1">&lt;/1&gt;</ept> met in Yerevan.</seg>'
            in data)


def test_export_gives_a_repeated_tag_number_distinct_pair_ids() -> None:
    entry = MemoryEntry("en", "es", "<1>a</1> <2>b <1>c</1></2>", "x", "o", "", "")
    seg = parse(export_tmx([entry], source_lang="en")).find("body/tu/tuv/seg")
    codes = [(code.tag, code.get("i"), code.get("x"), code.text) for code in seg]
    assert codes == [
        ("bpt", "1", "1", "<1>"), ("ept", "1", None, "</1>"),
        ("bpt", "2", "2", "<2>"), ("bpt", "3", "1", "<1>"), ("ept", "3", None, "</1>"), ("ept", "2", None, "</2>"),
    ]


def test_export_marks_a_unit_whose_source_language_differs_from_the_header() -> None:
    entry = MemoryEntry("es", "en", "Hola", "Hello", "o", "", "")
    unit = parse(export_tmx([entry], source_lang="en")).find("body/tu")
    assert unit.get("srclang") == "es"
    assert read_entries(export_tmx([entry], source_lang="en")) == [entry]


def test_export_of_nothing_is_valid() -> None:
    data = export_tmx([], source_lang="en")
    assert_valid_tmx14(data)
    assert read_entries(data) == []


def test_export_is_deterministic() -> None:
    data = export_tmx(ENTRIES, source_lang="en")
    assert export_tmx(list(reversed(ENTRIES)), source_lang="en") == data
    assert export_tmx(ENTRIES, source_lang="en") == data


BAD_ENTRIES = [
    pytest.param(MemoryEntry("en", "es", "<1>open", "x", "o", "", ""), "never closed", id="unclosed-tag"),
    pytest.param(MemoryEntry("en", "es", "x</1>", "x", "o", "", ""), "has no opening tag", id="stray-closing-tag"),
    pytest.param(MemoryEntry("en", "es", "bell\x07", "x", "o", "", ""), "XML compatible", id="control-character"),
    pytest.param(MemoryEntry("en", "es", "a", "b", "o", "2026-11-27T21:00:00", ""), "no time zone", id="naive-date"),
    pytest.param(MemoryEntry("en", "es", "a", "b", "o", "yesterday", ""), "yesterday", id="not-a-date"),
]


@pytest.mark.parametrize(("entry", "message"), BAD_ENTRIES)
def test_export_refuses_entries_it_cannot_write(entry: MemoryEntry, message: str) -> None:
    with pytest.raises(ExportError, match=message) as caught:
        export_tmx([entry], source_lang="en")
    assert "'o'" in str(caught.value)


def test_import_reads_our_export_back() -> None:
    entries = read_entries(export_tmx(ENTRIES, source_lang="en"))
    assert [entry.origin for entry in entries] == [
        "translate:armenia-csto/0a1b2c3d4e5f", "translate:food/aaaaaaaaaaaa", "translate:armenia-csto/3f9a1c2b7e6d",
    ]
    assert entries[0].changed == "2026-11-27T21:00:00Z"  # dates come back in UTC with Z
    assert entries[2] == ENTRIES[0]
    assert entries[1] == ENTRIES[2]


# Hypothesis: any text XML can carry, with the hard cases mixed in on purpose.
XML_CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters="\ufffe\uffff").filter(
    lambda char: char in "\t\n\r" or ord(char) >= 0x20
)
HARD = st.sampled_from([
    "שלום עולם", "مرحبا بالعالم", "\u202bRTL\u202c", "e\u0301", "\u0627\u0650", "👩‍👩‍👧", "🇦🇲", "&", "<", ">", '"', "'",
    "&amp;", "<1>", "]]>", "\r\n", "\r", " ", "\t", "\u00a0", "\u0085", "\u2028", "\U0010fffd",
])
PLAIN = st.lists(st.one_of(st.text(XML_CHARACTERS, max_size=6), HARD), max_size=4).map("".join)
LANGUAGES = ["en", "es", "ar", "he", "uk", "pt-BR", "zh-Hant", "sr-Latn"]
DATES = st.one_of(
    st.just(""),
    st.datetimes(min_value=datetime(1970, 1, 1)).map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")),
)


@st.composite
def tagged_text(draw: st.DrawFn, depth: int = 0, ancestors: frozenset[int] = frozenset()) -> str:
    """Tagged text with nested tags and split spans (a number reused by siblings), never inside itself."""
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        if depth < 3 and draw(st.booleans()):
            number = draw(st.integers(1, 4).filter(lambda n: n not in ancestors))
            parts.append(f"<{number}>{draw(tagged_text(depth + 1, ancestors | {number}))}</{number}>")
        else:
            parts.append(escape(draw(PLAIN)))
    return "".join(parts)


@st.composite
def memory_entries(draw: st.DrawFn) -> MemoryEntry:
    source_lang, target_lang = draw(st.lists(st.sampled_from(LANGUAGES), min_size=2, max_size=2, unique=True))
    return MemoryEntry(
        source_lang=source_lang,
        target_lang=target_lang,
        source=draw(tagged_text()),
        target=draw(tagged_text()),
        origin=draw(PLAIN.filter(bool)),
        created=draw(DATES),
        changed=draw(DATES),
        creator=draw(PLAIN),
        note=draw(PLAIN),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.lists(memory_entries(), max_size=5), source_lang=st.sampled_from(LANGUAGES))
def test_export_then_import_round_trips_exactly(entries: list[MemoryEntry], source_lang: str) -> None:
    data = export_tmx(entries, source_lang=source_lang)
    assert_valid_tmx14(data)
    assert read_entries(data) == sorted(entries, key=canonical)
    assert export_tmx(list(reversed(entries)), source_lang=source_lang) == data


# What OmegaT and similar tools write: TMX 1.4 with <prop>, level-2 codes numbered from 0, <ph>,
# notes on the unit, dates on the variants, and units we cannot use.
FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
          creationtoolversion="6.0.0_0_1bf1729c" segtype="sentence" srclang="EN-US"/>
  <body>
    <!-- Default translations -->
    <tu>
      <prop type="file">news/csto.html</prop>
      <note>Check the name of the treaty.</note>
      <tuv xml:lang="EN-US">
        <seg>Press <bpt i="0" x="0">&lt;b0&gt;</bpt>Save<ept i="0">&lt;/b0&gt;</ept> now<ph x="1">&lt;br1/&gt;</ph>.</seg>
      </tuv>
      <tuv xml:lang="ES" changeid="maria" changedate="20230405T101112Z" creationid="maria"
           creationdate="20230401T080000Z">
        <seg>Pulse <bpt i="0" x="0">&lt;b0&gt;</bpt>Guardar<ept i="0">&lt;/b0&gt;</ept> ahora<ph x="1">&lt;br1/&gt;</ph>.</seg>
      </tuv>
      <tuv xml:lang="ca_ES">
        <seg>Premeu <bpt i="0" x="0">&lt;b0&gt;</bpt>Desa<ept i="0">&lt;/b0&gt;</ept> ara.</seg>
      </tuv>
    </tu>
    <tu tuid="omegat-42" creationid="jordi" creationdate="20220101T000000Z">
      <tuv xml:lang="en-us">
        <seg>A <hi type="em">highlighted <ph>&lt;x/&gt;</ph>word</hi><it pos="begin">&lt;i&gt;</it>.</seg>
      </tuv>
      <tuv xml:lang="es"><seg>Una palabra <hi>resaltada</hi>.</seg></tuv>
    </tu>
    <tu tuid="no-source">
      <tuv xml:lang="fr"><seg>Bonjour</seg></tuv>
      <tuv xml:lang="es"><seg>Hola</seg></tuv>
    </tu>
    <tu tuid="source-only">
      <tuv xml:lang="en-US"><seg>Alone</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_import_reads_tmx_from_another_tool() -> None:
    entries = read_entries(FOREIGN.encode(), path=Path("omegat/project_save.tmx"))
    assert entries == [
        MemoryEntry("en-US", "es", "Press <1>Save</1> now.", "Pulse <1>Guardar</1> ahora.",
                    "project_save.tmx:8", "2023-04-01T08:00:00Z", "2023-04-05T10:11:12Z", "maria",
                    "Check the name of the treaty."),
        MemoryEntry("en-US", "ca-ES", "Press <1>Save</1> now.", "Premeu <1>Desa</1> ara.",
                    "project_save.tmx:8", "", "", "", "Check the name of the treaty."),
        MemoryEntry("en-US", "es", "A highlighted word.", "Una palabra resaltada.",
                    "omegat-42", "2022-01-01T00:00:00Z", "", "jordi"),
    ]


def test_import_reads_tmx_11_lang_attributes_in_utf16() -> None:
    document = """<?xml version="1.0" encoding="UTF-16"?>
<tmx version="1.1">
  <header creationtool="TRADOS" creationtoolversion="4" segtype="sentence" o-tmf="TW4Win 2.0 Format"
          adminlang="EN-US" srclang="EN-GB" datatype="rtf"/>
  <body>
    <tu creationdate="19990101T120000Z">
      <tuv lang="EN-GB"><seg>Colour</seg></tuv><tuv lang="DE-DE"><seg>Farbe</seg></tuv>
    </tu>
  </body>
</tmx>
"""
    assert read_entries(document.encode("utf-16")) == [
        MemoryEntry("en-GB", "de-DE", "Colour", "Farbe", "memory.tmx:6", "1999-01-01T12:00:00Z", ""),
    ]


def unit(source: str, target: str) -> bytes:
    return (
        '<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" '
        'adminlang="en" srclang="en" datatype="plaintext"/><body><tu tuid="t">'
        f'<tuv xml:lang="en"><seg>{source}</seg></tuv><tuv xml:lang="es"><seg>{target}</seg></tuv></tu></body></tmx>'
    ).encode()


CODES = [
    pytest.param('<bpt i="1" x="1">&lt;b&gt;</bpt>a<bpt i="2" x="2">&lt;i&gt;</bpt>b<ept i="1">&lt;/b&gt;</ept>c'
                 '<ept i="2">&lt;/i&gt;</ept>', "<1>a<2>b</2></1><2>c</2>", id="crossing-codes-split"),
    pytest.param('a<bpt i="7">{</bpt>b', "ab", id="bpt-without-ept-dropped"),
    pytest.param('a<ept i="7">}</ept>b', "ab", id="ept-without-bpt-dropped"),
    pytest.param('<bpt i="1">&lt;b&gt;</bpt>a<ept i="1">&lt;/b&gt;</ept>', "<1>a</1>", id="no-x-numbered-by-i"),
    pytest.param('<bpt i="1" x="5">&lt;3&gt;</bpt>a<ept i="1">&lt;/3&gt;</ept>', "<3>a</3>", id="our-native-tag"),
    pytest.param('a &amp; b &lt; c &gt; d', "a &amp; b &lt; c &gt; d", id="escapes"),
    pytest.param('a<ut>{\\b}</ut>b<ph>x<sub>alt</sub></ph>c', "abc", id="native-codes-dropped"),
    pytest.param('a<!-- a comment -->b<?pi data?>c', "abc", id="comments-and-pis-ignored"),
]


@pytest.mark.parametrize(("seg", "tagged"), CODES)
def test_import_turns_codes_into_tags(seg: str, tagged: str) -> None:
    [entry] = read_entries(unit(seg, "x"))
    assert entry.source == tagged


def test_import_numbers_other_tools_codes_alike_in_source_and_target() -> None:
    [entry] = read_entries(unit(
        '<bpt i="1" x="a">[</bpt>one<ept i="1">]</ept> <bpt i="2" x="b">(</bpt>two<ept i="2">)</ept>',
        '<bpt i="1" x="b">(</bpt>dos<ept i="1">)</ept> <bpt i="2" x="a">[</bpt>uno<ept i="2">]</ept>',
    ))
    assert (entry.source, entry.target) == ("<1>one</1> <2>two</2>", "<2>dos</2> <1>uno</1>")


def units(*targets: tuple[str, str]) -> bytes:
    """A TMX document with one unit per (target, note), each on its own line from line 3, source "Hello."."""
    body = "\n".join(f'<tu tuid="t{n}">{f"<note>{note}</note>" if note else ""}<tuv xml:lang="en"><seg>Hello.</seg>'
                     f'</tuv><tuv xml:lang="es"><seg>{target}</seg></tuv></tu>'
                     for n, (target, note) in enumerate(targets))
    return ('<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" '
            f'adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n{body}\n</body></tmx>').encode()


@pytest.mark.parametrize(("target", "note", "refused"), [
    pytest.param("x" * MAX_TARGET_FLOOR, "", None, id="target-at-the-limit"),
    pytest.param("x" * (MAX_TARGET_FLOOR + 1), "", "the es target has 4,097 characters for a source of 6: more than "
                 "10 times the source and more than 4,096 characters, so the unit is left out", id="target-one-over"),
    pytest.param("x" * 9_000_000, "", "the es target has 9,000,000 characters", id="target-nine-megabytes"),
    pytest.param("Hola.", "n" * MAX_COMMENT_CHARS, None, id="note-at-the-limit"),
    pytest.param("Hola.", "n" * (MAX_COMMENT_CHARS + 1), "the notes of the es target have 4,097 characters, more "
                 "than the 4,096 kept with a translation", id="note-one-over"),
])
def test_import_refuses_a_unit_beyond_the_review_bounds_and_keeps_the_others(
    target: str, note: str, refused: str | None
) -> None:
    found = import_tmx(units(("Hola.", ""), (target, note), ("Adiós.", "")), path=LABEL)
    kept = [entry.origin for entry in found.entries]
    if refused is None:
        assert kept == ["t0", "t1", "t2"] and found.refused == ()
        return
    assert kept == ["t0", "t2"]
    [error] = found.refused
    assert (error.path, error.line) == (LABEL, 4)
    assert refused in error.message and len(str(error)) < 400


@pytest.mark.parametrize(("unit", "refused"), [
    pytest.param(f'<tu tuid="{"i" * 5000}">', "its tuid has 5,000 characters, more than the 500", id="tuid"),
    pytest.param(f'<tu tuid="t1" creationid="{"c" * 600}">', "its creationid has 600 characters", id="creationid"),
])
def test_import_leaves_out_a_unit_with_an_id_too_long(unit: str, refused: str) -> None:
    data = units(("Hola.", ""), ("Hola.", ""), ("Adiós.", "")).replace(b'<tu tuid="t1">', unit.encode())
    found = import_tmx(data, path=LABEL)
    assert [entry.origin for entry in found.entries] == ["t0", "t2"]
    [error] = found.refused
    assert refused in error.message and len(str(error)) < 400


def test_import_leaves_out_a_source_longer_than_any_sentence() -> None:
    data = units(("Hola.", "")).replace(b"<seg>Hello.</seg>", b"<seg>" + b"w" * 10_001 + b"</seg>")
    [error] = import_tmx(data, path=LABEL).refused
    assert "the source has 10,001 characters, more than the 10,000 of any sentence" in error.message


def test_a_date_too_long_is_quoted_briefly() -> None:
    data = units(("Hola.", "")).replace(b'<tu tuid="t0">', b'<tu tuid="t0" creationdate="' + b"x" * 1_000_000 + b'">')
    with pytest.raises(ReviewError, match="creationdate 'xxx") as raised:
        import_tmx(data, path=LABEL)
    assert len(str(raised.value)) < 400


# Every file in tests/data/tmx-bad must be refused with a precise message (and line, where there is one).
BAD_FILES = {
    "bad-date.tmx": (5, "creationdate '2026-11-27 21:00' is not a TMX date"),
    "billion-laughs.tmx": (3, "declares entities"),
    "external-entity.tmx": (2, "declares entities"),
    "malformed.tmx": (7, "malformed TMX"),
    "no-header.tmx": (2, "without <header> or <body>"),
    "no-srclang.tmx": (3, "<header> without srclang"),
    "not-tmx.tmx": (2, "not a TMX document: the root element is <xliff>"),
    "not-utf8.tmx": (6, "malformed TMX"),
    "unknown-language.tmx": (11, "unknown language code 'qqq-zz-nonsense'"),
    "unsupported-version.tmx": (2, "unsupported TMX version '2.0'"),
}


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(path.name for path in (DATA / "tmx-bad").iterdir()) == sorted(BAD_FILES)


@pytest.mark.parametrize("path", sorted((DATA / "tmx-bad").glob("*.tmx")), ids=lambda path: path.stem)
def test_import_refuses_bad_files(path: Path) -> None:
    line, message = BAD_FILES[path.name]
    started = time.perf_counter()
    with pytest.raises(ReviewError) as caught:
        import_tmx(path.read_bytes(), path=path)
    assert time.perf_counter() - started < 1.0
    assert caught.value.path == path
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert "lollol" not in str(caught.value) and "root:" not in str(caught.value)


def test_import_reports_every_unknown_language_in_one_error() -> None:
    document = unit("a", "b").replace(b"</body>", b'<tu><tuv xml:lang="en"><seg>c</seg></tuv>'
                                      b'<tuv xml:lang="zz-nonsense"><seg>d</seg></tuv></tu></body>')
    document = document.replace(b'xml:lang="es"', b'xml:lang="qq-bogus"')
    with pytest.raises(ReviewError, match=r"unknown language code 'qq-bogus' \(and 1 more problem"):
        import_tmx(document, path=LABEL)


def test_import_checks_entities_again_after_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlsafe, "entity_declaration_line", lambda data: None)
    with pytest.raises(ReviewError, match="declares entities"):
        import_tmx(b'<!DOCTYPE tmx [<!ENTITY a "b">]>\n<tmx version="1.4">&a;</tmx>', path=LABEL)


EXTERNAL = [
    pytest.param('<!DOCTYPE tmx [<!ENTITY secret SYSTEM "{url}">]>', "&secret;", True, id="general-entity"),
    pytest.param('<!DOCTYPE tmx [<!ENTITY % secret SYSTEM "{url}"> %secret;]>', "x", True, id="parameter-entity"),
    pytest.param('<!DOCTYPE tmx SYSTEM "{url}">', "x", False, id="external-dtd-not-loaded"),
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize(("doctype", "seg", "refused"), EXTERNAL)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32-be"])
def test_import_never_reads_external_files(tmp_path: Path, doctype: str, seg: str, refused: bool,
                                           encoding: str) -> None:
    # The "file" is a named pipe: opening it blocks until a writer comes, so an import that returns has not opened it.
    secret = tmp_path / "secret"
    os.mkfifo(secret)
    declaration = f'<?xml version="1.0" encoding="{encoding.removesuffix("-be")}"?>'
    body = unit(seg, "y").decode()
    document = f"{declaration}\n{doctype.format(url=secret.as_uri())}\n{body}".encode(encoding)
    outcome: list[object] = []

    def attempt() -> None:
        try:
            outcome.append(read_entries(document))
        except ReviewError as error:
            outcome.append(error)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():
        with open(secret, "w"):
            pass
        worker.join(5)
        pytest.fail("import_tmx opened the external file")
    [result] = outcome
    if refused:
        assert isinstance(result, ReviewError) and "declares entities" in str(result)
    else:
        assert isinstance(result, list) and [entry.source for entry in result] == ["x"]


def test_the_engine_signature_goes_out_as_a_prop_and_comes_back() -> None:
    signature = "engine:apertium-eng-spa@0.8.1-2|glossary:sha256:15df99fcce11|translate:0.1.0"
    entry = MemoryEntry("en", "es", "The border is long.", "La frontera es larga.", "translate:b/1", "", "",
                        engine=signature)
    data = export_tmx([entry, ENTRIES[1]], source_lang="en")
    assert_valid_tmx14(data)
    props = {unit.get("tuid"): [(p.get("type"), p.text) for p in unit.findall("prop")]
             for unit in parse(data).findall("body/tu")}
    assert props["translate:b/1"] == [("x-translate-engine", signature)]
    assert props[ENTRIES[1].origin] == []
    back = {e.origin: e.engine for e in import_tmx(data, path=Path("m.tmx")).entries}
    assert back == {"translate:b/1": signature, ENTRIES[1].origin: ""}


READ_TMX = """
import json, sys
from translate.storage import tmx
units = tmx.tmxfile.parsefile(sys.argv[1]).units
print(json.dumps([[u.getid(), u.source, u.target, u.getnotes()] for u in units]))
"""


@requires_ttk
def test_translate_toolkit_reads_our_tmx(tmp_path: Path) -> None:
    """Issue 14, item 6: our memory export read by translate-toolkit's TMX storage, tags as our tag text."""
    path = tmp_path / "memory.tmx"
    path.write_bytes(export_tmx([
        MemoryEntry("en", "es", "Nobody signed the <1>final</1> declaration &amp; left.",
                    "Nadie firmó la declaración <1>final</1> &amp; se fue.", "translate:csto/abc",
                    "2026-11-27T21:00:00Z", "2026-11-28T21:00:00Z", "ana", "checked"),
        MemoryEntry("en", "es", "Plain.", "Llano.", "translate:csto/def", "2026-11-27T21:00:00Z", ""),
    ], source_lang="en"))
    assert ttk_json(READ_TMX, str(path), cwd=tmp_path) == [
        ["translate:csto/abc", "Nobody signed the <1>final</1> declaration & left.",
         "Nadie firmó la declaración <1>final</1> & se fue.", "checked"],
        ["translate:csto/def", "Plain.", "Llano.", ""],
    ]
