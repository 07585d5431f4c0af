"""XLIFF 1.2 review files: schema-valid export, exact round trips, and every kind of bad file."""

from __future__ import annotations

import dataclasses
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import requires_ttk
from tool_helpers import ttk_json
from translate.errors import ExportError, ReviewError
from translate.inline import pieces_to_tagged, runs_to_tagged
from translate.model import (
    Finding,
    Mark,
    MarkKind,
    ParsedReview,
    ReviewArticle,
    ReviewPackage,
    ReviewUnit,
    Run,
    SegmentState,
    Severity,
)
from translate.review.xliff import NAMESPACE, XLIFF_NAMESPACE, export_xliff, import_xliff

DATA = Path(__file__).parent / "data"
BAD = DATA / "review-bad"
OUR_SCHEMA = Path(__file__).parent.parent / "translate" / "data" / "xliff-translate.xsd"
X = f"{{{XLIFF_NAMESPACE}}}"
TR = f"{{{NAMESPACE}}}"
BOLD, LINK = Mark(MarkKind.STRONG), Mark(MarkKind.LINK, "https://example.org/?a=1&b=2")


def unit(slug: str, segment_id: str, state: SegmentState = SegmentState.MT_DRAFT, **fields: object) -> ReviewUnit:
    values: dict[str, object] = {
        "source": "The <1>storm</1> hit <2>Luhansk</2> &amp; Donetsk.",
        "target": "La <1>tormenta</1> golpeó <2>Luhansk</2> &amp; Donetsk.",
        "revision": 3, "source_hash": f"hash-{segment_id}", "marks": (BOLD, LINK),
        "mt": "La <1>tormenta</1> golpeó <2>Lugansk</2> &amp; Donetsk.",
    }
    values.update(fields)
    return ReviewUnit(slug=slug, segment_id=segment_id, state=state, **values)  # type: ignore[arg-type]


PACKAGE = ReviewPackage(
    source_lang="en",
    lang="es",
    articles=(ReviewArticle("storm", "Storm hits the east", "articles/storm.md"),
              ReviewArticle("flood", "Flood <warning> & more", "articles/flood.html")),
    units=(
        unit("storm", "a1b2c3", notes=("numbers: 12 in the source, 21 in the target",),
             terms=("Luhansk → Luhansk (place)",)),
        unit("storm", "d4e5f6", SegmentState.NEEDS_REVIEW, comment="Check the name with the desk."),
        unit("flood", "a1b2c3", SegmentState.EDITED, source="Water <1>rose</1>.", target="El agua <1>subió</1>.",
             marks=(Mark(MarkKind.EMPHASIS),), mt="El agua <1>creció</1>."),
        unit("flood", "0a0b0c", SegmentState.APPROVED, source="Run <1>make</1>.", target="Ejecute <1>make</1>.",
             marks=(Mark(MarkKind.CODE),), mt=""),
    ),
)


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> etree.XMLSchema:
    """The OASIS strict schema and ours, imported by one wrapper schema."""
    wrapper = tmp_path_factory.mktemp("schema") / "wrapper.xsd"
    oasis = DATA / "schemas" / "xliff-core-1.2-strict.xsd"
    wrapper.write_text(f"""<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="{XLIFF_NAMESPACE}" schemaLocation="{oasis.as_uri()}"/>
  <xsd:import namespace="{NAMESPACE}" schemaLocation="{OUR_SCHEMA.as_uri()}"/>
</xsd:schema>
""", encoding="utf-8")
    return etree.XMLSchema(etree.parse(str(wrapper)))


def without_lines(parsed: ParsedReview) -> ReviewPackage:
    units = tuple(dataclasses.replace(u, line=None) for u in parsed.package.units)
    return dataclasses.replace(parsed.package, units=units)


def written(package: ReviewPackage) -> ReviewPackage:
    """The package as an import reads it back: each unit knows the state it was exported with."""
    units = tuple(dataclasses.replace(u, exported_state=u.exported_state or u.state) for u in package.units)
    return dataclasses.replace(package, units=units)


def roundtrip(package: ReviewPackage, tmp_path: Path) -> ParsedReview:
    path = tmp_path / "review.xlf"
    path.write_bytes(export_xliff(package))
    return import_xliff(path.read_bytes(), path=path)


# Export


def test_export_validates_against_oasis_strict_schema_and_ours(schema: etree.XMLSchema) -> None:
    schema.assertValid(etree.fromstring(export_xliff(PACKAGE)))


def test_an_omegat_source_file_validates_and_comes_back_only_in_its_project(schema: etree.XMLSchema,
                                                                          tmp_path: Path) -> None:
    """Its targets are copies of the English: alone, an import would apply them as translations."""
    data = export_xliff(PACKAGE, target_copies_source=True)
    schema.assertValid(etree.fromstring(data))
    with pytest.raises(ReviewError, match="a file of an OmegaT project") as caught:
        import_xliff(data, path=tmp_path / "csto.xlf")
    assert caught.value.line == 3 and "import the project" in caught.value.hint
    assert import_xliff(data, path=tmp_path / "csto.xlf", in_omegat_project=True).package.units


def test_schema_rejects_an_undeclared_attribute_of_ours(schema: etree.XMLSchema) -> None:
    root = etree.fromstring(export_xliff(PACKAGE))
    root.find(f"{X}file").set(f"{TR}unknown", "x")
    assert not schema.validate(root)


def test_export_has_one_file_per_article_with_its_units_in_order() -> None:
    root = etree.fromstring(export_xliff(PACKAGE))
    files = root.findall(f"{X}file")
    assert [(f.get(f"{TR}slug"), f.get("original"), f.get(f"{TR}title")) for f in files] == [
        ("storm", "articles/storm.md", "Storm hits the east"),
        ("flood", "articles/flood.html", "Flood <warning> & more"),
    ]
    assert all((f.get("source-language"), f.get("target-language"), f.get("datatype")) == ("en", "es", "plaintext")
               for f in files)
    assert [[u.get("id") for u in f.iter(f"{X}trans-unit")] for f in files] == [["a1b2c3", "d4e5f6"],
                                                                                ["a1b2c3", "0a0b0c"]]
    tool = files[0].find(f"{X}header/{X}tool")
    assert (tool.get("tool-id"), tool.get("tool-name"), files[0].get("tool-id")) == ("translate",) * 3


@pytest.mark.parametrize(
    ("slug", "segment_id", "state", "qualifier", "approved"),
    [
        pytest.param("storm", "a1b2c3", "needs-review-translation", "leveraged-mt", None, id="mt-draft"),
        pytest.param("storm", "d4e5f6", "needs-review-translation", None, None, id="needs-review"),
        pytest.param("flood", "a1b2c3", "translated", None, None, id="edited"),
        pytest.param("flood", "0a0b0c", "signed-off", None, "yes", id="approved"),
    ],
)
def test_export_maps_states(slug: str, segment_id: str, state: str, qualifier: str | None,
                            approved: str | None) -> None:
    element = _unit_element(export_xliff(PACKAGE), slug, segment_id)
    target = element.find(f"{X}target")
    assert (target.get("state"), target.get("state-qualifier"), element.get("approved")) == (state, qualifier, approved)
    assert element.get(f"{TR}exported-state") == next(u.state for u in PACKAGE.units
                                                       if (u.slug, u.segment_id) == (slug, segment_id)).value


def test_a_unit_read_back_and_written_again_keeps_its_state_at_export(tmp_path: Path) -> None:
    """A file read and written again (as tests and tools do) still says the state of the first export."""
    parsed = roundtrip(_one_unit(state=SegmentState.APPROVED), tmp_path)
    again = dataclasses.replace(parsed.package.units[0], state=SegmentState.EDITED, target="Otra.")
    back = roundtrip(dataclasses.replace(parsed.package, units=(again,)), tmp_path).package.units[0]
    assert (back.state, back.exported_state) == (SegmentState.EDITED, SegmentState.APPROVED)


def test_export_writes_notes_terms_comment_mt_and_our_metadata() -> None:
    element = _unit_element(export_xliff(PACKAGE), "storm", "a1b2c3")
    notes = [(n.get("from"), n.get("priority"), n.get("annotates"), n.text) for n in element.findall(f"{X}note")]
    assert notes == [("translator", "2", "general", "numbers: 12 in the source, 21 in the target"),
                     ("translator", "3", "general", "Glossary: Luhansk → Luhansk (place)")]
    assert (element.get(f"{TR}revision"), element.get(f"{TR}source-hash")) == ("3", "hash-a1b2c3")
    assert element.get(f"{TR}exported-state") == "mt-draft"
    alt = element.find(f"{X}alt-trans")
    assert alt.get("origin") == "machine-translation"
    assert "".join(alt.find(f"{X}target").itertext()) == "La tormenta golpeó Lugansk & Donetsk."
    commented = _unit_element(export_xliff(PACKAGE), "storm", "d4e5f6")
    assert [(n.get("from"), n.get("priority"), n.text) for n in commented.findall(f"{X}note")] == [
        ("translator", None, "Check the name with the desk.")]
    assert _unit_element(export_xliff(PACKAGE), "flood", "0a0b0c").find(f"{X}alt-trans") is None


FINDINGS = (Finding("numbers", Severity.MAJOR, "12 in the source, 21 in the target"),
            Finding("length-ratio", Severity.MINOR, "much shorter than its source"))


def test_findings_that_block_approval_are_notes_of_priority_1() -> None:
    package = _one_unit(notes=tuple(f"{f.severity.value}: {f.message}" for f in FINDINGS), findings=FINDINGS,
                        terms=("Luhansk → Luhansk (place)",), comment="Ask the desk.")
    notes = _unit_element(export_xliff(package), "storm", "s1").findall(f"{X}note")
    assert [(n.get("from"), n.get("priority"), n.text) for n in notes] == [
        ("translator", "1", "major: 12 in the source, 21 in the target"),
        ("translator", "2", "minor: much shorter than its source"),
        ("translator", "3", "Glossary: Luhansk → Luhansk (place)"),
        ("translator", None, "Ask the desk."),
    ]


@pytest.mark.parametrize(("author", "priority", "text", "kind"), [
    pytest.param("translate", None, "major: x", "notes", id="old-qa-note"),
    pytest.param("translate-glossary", None, "Glossary: Kyiv → Kiev", "terms", id="old-term"),
    pytest.param("translator", "1", "major: x", "notes", id="blocking-finding"),
    pytest.param("translator", "2", "minor: x", "notes", id="finding"),
    pytest.param("translator", "3", "Glossary: Kyiv → Kiev", "terms", id="term"),
    pytest.param("translator", "3", "Kyiv, not Kiev", "comment", id="priority-3-without-the-prefix"),
    pytest.param("translator", None, "Ask the desk.", "comment", id="comment"),
    pytest.param("reviewer", "1", "Ask the desk.", "comment", id="another-author"),
    pytest.param(None, None, "Ask the desk.", "comment", id="no-author"),
])
def test_import_tells_notes_terms_and_comments_apart(tmp_path: Path, author: str | None, priority: str | None,
                                                     text: str, kind: str) -> None:
    root = etree.fromstring(export_xliff(_one_unit()))
    element = root.find(f".//{X}trans-unit")
    attributes = {key: value for key, value in (("from", author), ("priority", priority)) if value is not None}
    etree.SubElement(element, f"{X}note", attributes).text = text
    unit = import_xliff(etree.tostring(root, encoding="UTF-8"), path=tmp_path / "r.xlf").package.units[0]
    found = {"notes": unit.notes, "terms": tuple(f"Glossary: {t}" for t in unit.terms),
             "comment": (unit.comment,) if unit.comment else ()}
    assert {name: value for name, value in found.items() if value} == {kind: (text,)}


READ_NOTES = """
import json, sys
from translate.storage import xliff
with open(sys.argv[1], "rb") as handle:
    store = xliff.xlifffile(handle)
print(json.dumps([[unit.getid(), unit.getnotes(origin="translator"), unit.getnotes(origin="developer")]
                  for unit in store.units]))
"""


@requires_ttk
def test_translate_toolkit_reads_findings_terms_and_comments_as_translator_notes(tmp_path: Path) -> None:
    package = _one_unit(notes=tuple(f"{f.severity.value}: {f.message}" for f in FINDINGS), findings=FINDINGS,
                        terms=("Luhansk → Luhansk (place)",), comment="Ask the desk.")
    path = tmp_path / "review.xlf"
    path.write_bytes(export_xliff(package))
    [[_, translator, developer]] = ttk_json(READ_NOTES, str(path), cwd=tmp_path)
    assert translator == ("major: 12 in the source, 21 in the target\nminor: much shorter than its source\n"
                          "Glossary: Luhansk → Luhansk (place)\nAsk the desk.")
    assert developer == ""


def test_export_writes_tags_as_g_with_ctype() -> None:
    element = _unit_element(export_xliff(PACKAGE), "storm", "a1b2c3")
    source = etree.tostring(element.find(f"{X}source"), encoding="unicode", with_tail=False)
    assert '<g id="1" ctype="bold">storm</g>' in source
    assert '<g id="2" ctype="link" tr:href="https://example.org/?a=1&amp;b=2">Luhansk</g>' in source
    assert "&amp; Donetsk." in source
    code = _unit_element(export_xliff(PACKAGE), "flood", "0a0b0c").find(f"{X}source/{X}g")
    assert code.get("ctype") == "x-code"


def test_split_mark_gives_two_g_with_one_id(schema: etree.XMLSchema, tmp_path: Path) -> None:
    source, marks = runs_to_tagged([Run("a", frozenset({BOLD})), Run("b", frozenset({BOLD, LINK})),
                                    Run("c", frozenset({LINK}))])
    package = _one_unit(source=source, target=source, marks=marks)
    data = export_xliff(package)
    schema.assertValid(etree.fromstring(data))
    assert [g.get("id") for g in etree.fromstring(data).iter(f"{X}g")][:3] == ["1", "2", "2"]
    assert without_lines(roundtrip(package, tmp_path)) == written(package)


def test_unpaired_tags_are_written_as_bx_ex_and_come_back(schema: etree.XMLSchema, tmp_path: Path) -> None:
    package = _one_unit(target="La </1>tormenta <1>golpeó <2>Luhansk</1>.")
    data = export_xliff(package)
    schema.assertValid(etree.fromstring(data))
    target = _unit_element(data, "storm", "s1").find(f"{X}target")
    assert [child.tag.removeprefix(X) for child in target] == ["ex", "bx", "bx", "ex"]
    assert without_lines(roundtrip(package, tmp_path)) == written(package)


def test_export_is_deterministic_utf8_with_declaration() -> None:
    data = export_xliff(PACKAGE)
    assert data == export_xliff(PACKAGE)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<xliff")
    assert b"date=" not in data and "golpeó".encode() in data
    assert data.count(b"\n") > 20, "pretty-printed"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        pytest.param("  Hola.  ", "  Hola.  ", id="outer-spaces"),
        pytest.param("\nHola\n\n  mundo.\n", "\nHola\n\n  mundo.\n", id="newlines"),
        pytest.param("\tHola\r\nmundo\r", "\tHola\r\nmundo\r", id="tab-and-carriage-returns"),
        pytest.param("<1> Hola </1>", "<1> Hola </1>", id="spaces-inside-tag"),
        pytest.param("<1><2>Hola</2></1>", "<1><2>Hola</2></1>", id="tag-only-content-not-indented"),
    ],
)
def test_whitespace_is_preserved(target: str, expected: str, tmp_path: Path) -> None:
    package = _one_unit(target=target)
    element = _unit_element(export_xliff(package), "storm", "s1")
    assert element.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert roundtrip(package, tmp_path).package.units[0].target == expected


@pytest.mark.parametrize(
    ("package", "message"),
    [
        pytest.param(dataclasses.replace(PACKAGE, articles=()), "no article", id="no-article"),
        pytest.param(dataclasses.replace(PACKAGE, articles=PACKAGE.articles[:1]), "'flood', which is not exported",
                     id="unit-of-no-article"),
        pytest.param(dataclasses.replace(PACKAGE, articles=PACKAGE.articles * 2), "appears twice", id="duplicate-slug"),
        pytest.param(dataclasses.replace(PACKAGE, units=(unit("storm", "s1"), unit("storm", "s1"))),
                     "segment s1 appears twice in article 'storm'", id="duplicate-segment"),
        pytest.param(dataclasses.replace(PACKAGE, units=(unit("storm", "s1", target="a\x00b"),)),
                     "segment s1 of 'storm' cannot be written as XML", id="control-character"),
        pytest.param(dataclasses.replace(PACKAGE, articles=(ReviewArticle("storm", "\x07", "a.md"),), units=()),
                     "article 'storm' cannot be written as XML", id="control-character-in-title"),
    ],
)
def test_export_refuses_what_xliff_cannot_hold(package: ReviewPackage, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        export_xliff(package)


# Import


def test_import_of_export_gives_the_package_back(tmp_path: Path) -> None:
    parsed = roundtrip(PACKAGE, tmp_path)
    assert parsed.problems == ()
    assert without_lines(parsed) == written(PACKAGE)
    lines = (tmp_path / "review.xlf").read_text(encoding="utf-8").splitlines()
    assert [u.line for u in parsed.package.units] == [n for n, text in enumerate(lines, 1) if "<trans-unit" in text]


@pytest.mark.parametrize(
    ("state", "qualifier", "approved", "expected"),
    [
        pytest.param("final", None, None, SegmentState.APPROVED, id="final"),
        pytest.param("signed-off", None, "yes", SegmentState.APPROVED, id="signed-off"),
        pytest.param("signed-off", None, "no", SegmentState.EDITED, id="signed-off-unapproved"),
        pytest.param("translated", None, None, SegmentState.EDITED, id="translated"),
        pytest.param("translated", None, "yes", SegmentState.EDITED, id="translated-approved-flag"),
        pytest.param("needs-review-translation", "leveraged-mt", None, SegmentState.MT_DRAFT, id="mt-draft"),
        pytest.param("needs-review-translation", None, None, SegmentState.NEEDS_REVIEW, id="needs-review"),
        pytest.param("needs-translation", None, None, SegmentState.NEEDS_REVIEW, id="needs-translation"),
        pytest.param("new", None, None, SegmentState.NEEDS_REVIEW, id="new"),
        pytest.param("x-custom", None, None, SegmentState.NEEDS_REVIEW, id="extension"),
        pytest.param(None, None, "yes", SegmentState.APPROVED, id="no-state-approved"),
        pytest.param(None, None, None, SegmentState.NEEDS_REVIEW, id="no-state"),
    ],
)
def test_import_maps_states(state: str | None, qualifier: str | None, approved: str | None,
                            expected: SegmentState, tmp_path: Path) -> None:
    root = etree.fromstring(export_xliff(_one_unit()))
    element = root.find(f".//{X}trans-unit")
    target = element.find(f"{X}target")
    for owner, name, value in ((target, "state", state), (target, "state-qualifier", qualifier),
                               (element, "approved", approved)):
        owner.attrib.pop(name, None)
        if value is not None:
            owner.set(name, value)
    parsed = import_xliff(etree.tostring(root, xml_declaration=True, encoding="UTF-8"), path=tmp_path / "r.xlf")
    assert parsed.package.units[0].state is expected


def test_import_reads_notes_of_other_authors_as_comment_and_missing_target_as_empty(tmp_path: Path) -> None:
    root = etree.fromstring(export_xliff(_one_unit(comment="first")))
    element = root.find(f".//{X}trans-unit")
    element.remove(element.find(f"{X}target"))
    etree.SubElement(element, f"{X}note").text = "second, from a CAT tool"
    parsed = import_xliff(etree.tostring(root, encoding="UTF-8"), path=tmp_path / "r.xlf")
    assert (parsed.package.units[0].target, parsed.package.units[0].comment) == ("", "first\nsecond, from a CAT tool")


def test_import_reads_units_inside_groups(tmp_path: Path) -> None:
    root = etree.fromstring(export_xliff(_one_unit()))
    body = root.find(f".//{X}body")
    group = etree.SubElement(body, f"{X}group", id="g1")
    group.append(body.find(f"{X}trans-unit"))
    parsed = import_xliff(etree.tostring(root, encoding="UTF-8"), path=tmp_path / "r.xlf")
    assert [u.segment_id for u in parsed.package.units] == ["s1"]


def test_import_reads_a_target_segmented_by_a_cat_tool(tmp_path: Path) -> None:
    """Okapi-based tools and Matecat add a <seg-source> and wrap the target's sentences in <mrk mtype="seg">."""
    package = _one_unit(source="The <1>storm</1> hit. Then it left.", target="La <1>tormenta</1> golpeó. Luego se fue.",
                        marks=(Mark(MarkKind.STRONG),))
    root = etree.fromstring(export_xliff(package))
    element = root.find(f".//{X}trans-unit")
    seg_source = etree.fromstring(
        f'<seg-source xmlns="{XLIFF_NAMESPACE}"><mrk mtype="seg" mid="1">The <g id="1" ctype="bold">storm</g> hit.'
        '</mrk> <mrk mtype="seg" mid="2">Then it left.</mrk></seg-source>')
    element.insert(1, seg_source)
    target = element.find(f"{X}target")
    for child in list(target):
        target.remove(child)
    target.text = None
    target.append(etree.fromstring(
        f'<mrk xmlns="{XLIFF_NAMESPACE}" mtype="seg" mid="1">La <g id="1" ctype="bold">tormenta</g> '
        'golpeó.</mrk>'))
    target[-1].tail = " "
    etree.SubElement(target, f"{X}mrk", mtype="seg", mid="2").text = "Luego se fue."
    parsed = import_xliff(etree.tostring(root, encoding="UTF-8"), path=tmp_path / "r.xlf")
    assert parsed.problems == ()
    assert without_lines(parsed) == written(package)


def test_import_honours_a_declared_encoding(tmp_path: Path) -> None:
    package = _one_unit(target="Qué tal, señora.")
    text = export_xliff(package).decode("utf-8").replace("encoding='UTF-8'", "encoding='ISO-8859-1'")
    parsed = import_xliff(text.encode("latin-1"), path=tmp_path / "r.xlf")
    assert parsed.package.units[0].target == "Qué tal, señora."


def test_import_reads_utf16(tmp_path: Path) -> None:
    package = _one_unit(target="Привіт, світе 👋")
    text = export_xliff(package).decode("utf-8").replace("encoding='UTF-8'", "encoding='UTF-16'")
    parsed = import_xliff(text.encode("utf-16"), path=tmp_path / "r.xlf")
    assert without_lines(parsed) == written(package)


def test_import_refuses_utf16_entity_declaration(tmp_path: Path) -> None:
    text = (BAD / "billion-laughs.xlf").read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    with pytest.raises(ReviewError, match="declares entities"):
        import_xliff(text.encode("utf-16"), path=tmp_path / "r.xlf")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a POSIX named pipe")
def test_external_entity_is_never_opened(tmp_path: Path) -> None:
    """A reader opening the named pipe would block until a writer comes: the import must return at once."""
    pipe = tmp_path / "secret"
    os.mkfifo(pipe)
    data = (BAD / "external-entity.xlf").read_bytes().replace(
        b"file:///nonexistent/translate-review-secret.txt", pipe.as_uri().encode())
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            import_xliff(data, path=tmp_path / "r.xlf")
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=10)
    if thread.is_alive():
        with pipe.open("w"):  # release the blocked reader before failing
            pass
        pytest.fail("the import opened the external entity's file")
    with pytest.raises(OSError):
        # Nobody holds the pipe open for reading: opening it to write without blocking fails.
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
    assert len(outcome) == 1 and isinstance(outcome[0], ReviewError)
    assert "declares entities" in str(outcome[0])


# Bad files: every file in tests/data/review-bad/ and what importing it gives.

ERRORS: dict[str, tuple[str, int | None]] = {
    "malformed.xlf": ("malformed XLIFF: Opening and ending tag mismatch", 14),
    "billion-laughs.xlf": ("declares entities", 3),
    "external-entity.xlf": ("declares entities", 3),
    "not-xliff.xlf": ("not an XLIFF file: the root element is <tmx>", 2),
    "html.xlf": ("not an XLIFF file: the root element is <html>", 2),
    "xliff-2.0.xlf": ("not XLIFF 1.2: version '2.0'", 2),
    "latin1-declared-utf8.xlf": ("not UTF-8: bad byte at line 14, column 38", 14),
    "two-target-languages.xlf": ("target-language 'ca', but the first <file> has 'es'", 14),
}
PROBLEMS: dict[str, tuple[list[str], list[tuple[str, str, int]]]] = {
    "duplicate-ids.xlf": (["s1", "s2", "s2", "s3"], []),  # both copies read: the import refuses them
    "bad-exported-state.xlf": (["s1"], [("s2", "tr:exported-state 'signed-off' is not one of mt-draft", 12)]),
    "missing-revision.xlf": (["s1"], [("s2", "missing tr:revision", 12),
                                      ("s3", "tr:revision 'two' is not a revision number", 16)]),
    "missing-slug.xlf": ([], [("s1", "has no tr:slug", 8), ("s2", "has no tr:slug", 12)]),
    "unexpected-inline.xlf": (["s1", "s4"], [("s2", "unexpected inline element <x> on line 14", 12),
                                             ("s3", "unexpected inline element <ph> on line 18", 16),
                                             ("s5", 'unexpected inline element <g id="b1"> on line 26', 24)]),
}


def test_every_bad_file_has_an_expected_outcome() -> None:
    assert sorted(p.name for p in BAD.glob("*.xlf")) == sorted([*ERRORS, *PROBLEMS])


@pytest.mark.parametrize(("name", "expected"),
                         [pytest.param(n, e, id=n.removesuffix(".xlf")) for n, e in ERRORS.items()])
def test_bad_file_is_refused_as_a_whole(name: str, expected: tuple[str, int | None]) -> None:
    path = BAD / name
    with pytest.raises(ReviewError) as raised:
        import_xliff(path.read_bytes(), path=path)
    message, line = expected
    assert message in raised.value.message
    assert (raised.value.path, raised.value.line) == (path, line)
    assert str(raised.value).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize(("name", "expected"),
                         [pytest.param(n, e, id=n.removesuffix(".xlf")) for n, e in PROBLEMS.items()])
def test_bad_units_are_reported_and_the_rest_read(name: str,
                                                  expected: tuple[list[str], list[tuple[str, str, int]]]) -> None:
    path = BAD / name
    parsed = import_xliff(path.read_bytes(), path=path)
    applied, problems = expected
    assert [u.segment_id for u in parsed.package.units] == applied
    assert [(p.segment_id, p.line) for p in parsed.problems] == [(sid, line) for sid, _, line in problems]
    for problem, (_, message, _) in zip(parsed.problems, problems, strict=True):
        assert message in problem.message


# Round trip of anything a translator may type

_XML_CHARACTERS = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"],
)
_SAMPLES = ["مرحبا بالعالم", "שלום", "\u200f", "e\u0301", "\u0928\u093f", "👩🏽‍💻", "🇺🇦", "&", "<", ">", '"', "'",
            "&amp;", "<1>", "]]>", " ", "\n", "\r\n", "\t"]
_TEXT = st.lists(st.one_of(st.sampled_from(_SAMPLES), st.text(_XML_CHARACTERS, max_size=6)), max_size=5).map("".join)
_MARKS = st.lists(st.one_of(st.builds(Mark, st.sampled_from([MarkKind.STRONG, MarkKind.EMPHASIS, MarkKind.CODE])),
                            st.builds(Mark, st.just(MarkKind.LINK), st.one_of(st.none(), _TEXT))),
                  max_size=3, unique=True)


@st.composite
def _units(draw: st.DrawFn, slug: str, segment_id: str) -> ReviewUnit:
    marks = draw(_MARKS)
    runs = [Run(draw(_TEXT), frozenset(draw(st.sets(st.sampled_from(marks)))) if marks else frozenset())
            for _ in range(draw(st.integers(0, 4)))]
    runs += [Run(draw(_TEXT), frozenset({mark})) for mark in marks]  # every mark in the source, as exports have
    source, numbered = runs_to_tagged(runs)

    def tagged() -> str:
        numbers = st.sets(st.integers(1, len(numbered))) if numbered else st.just(set())
        return pieces_to_tagged(draw(st.lists(st.tuples(_TEXT, numbers.map(frozenset)), max_size=4)))

    return ReviewUnit(
        slug=slug, segment_id=segment_id, source=source, target=tagged(), state=draw(st.sampled_from(SegmentState)),
        revision=draw(st.integers(0, 2**40)), source_hash=draw(_TEXT.filter(bool)), marks=numbered, mt=tagged(),
        comment=draw(_TEXT), notes=tuple(draw(st.lists(_TEXT, max_size=2))),
        terms=tuple(draw(st.lists(_TEXT, max_size=2))), exported_state=draw(st.none() | st.sampled_from(SegmentState)),
    )


@st.composite
def _packages(draw: st.DrawFn) -> ReviewPackage:
    slugs = draw(st.lists(_TEXT.filter(bool), min_size=1, max_size=3, unique=True))
    articles = tuple(ReviewArticle(slug, draw(_TEXT), draw(_TEXT)) for slug in slugs)
    units = tuple(draw(_units(slug, segment_id))
                  for slug in slugs
                  for segment_id in draw(st.lists(_TEXT.filter(bool), max_size=3, unique=True)))
    return ReviewPackage(draw(st.sampled_from(["en", "uk"])), draw(st.sampled_from(["es", "ar", "he", "pt-BR"])),
                         articles, units)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(package=_packages())
def test_import_of_export_round_trips_any_text(package: ReviewPackage, schema: etree.XMLSchema) -> None:
    data = export_xliff(package)
    schema.assertValid(etree.fromstring(data))
    parsed = import_xliff(data, path=Path("review.xlf"))
    assert parsed.problems == ()
    assert without_lines(parsed) == written(package)


def _one_unit(**fields: object) -> ReviewPackage:
    return ReviewPackage("en", "es", PACKAGE.articles[:1], (unit("storm", "s1", **fields),))


def _unit_element(data: bytes, slug: str, segment_id: str) -> etree._Element:
    root = etree.fromstring(data)
    file = next(f for f in root.iter(f"{X}file") if f.get(f"{TR}slug") == slug)
    return next(u for u in file.iter(f"{X}trans-unit") if u.get("id") == segment_id)


def test_export_records_the_draft_s_engine_signature(schema: etree.XMLSchema, tmp_path: Path) -> None:
    signature = "engine:apertium-eng-spa@0.8.1-2|glossary:sha256:15df99fcce11|translate:0.1.0"
    signed = dataclasses.replace(PACKAGE, units=(dataclasses.replace(PACKAGE.units[0], engine=signature),
                                                 *PACKAGE.units[1:]))
    data = export_xliff(signed)
    schema.assertValid(etree.fromstring(data))
    first, *others = etree.fromstring(data).iter(f"{X}trans-unit")
    assert first.find(f"{X}alt-trans").get(f"{TR}engine") == signature
    assert all(alt.get(f"{TR}engine") is None for other in others for alt in other.iter(f"{X}alt-trans"))
    path = tmp_path / "signed.xlf"
    path.write_bytes(data)
    assert import_xliff(data, path=path).package.units[0].mt == PACKAGE.units[0].mt  # read as before
