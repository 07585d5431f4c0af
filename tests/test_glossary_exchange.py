"""translate.glossary.exchange: CSV export/import with spreadsheet guards, bad rows, and the YAML writer."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary_helpers import CONCEPTS, SMALL, SMALL_GLOSSARY, comparable
from translate.errors import GlossaryError
from translate.glossary.controls import term_problem
from translate.glossary.exchange import decode_csv, export_csv, import_csv, write_glossary_yaml
from translate.model import Concept, Glossary, TermVariants

GOLDEN = Path(__file__).parent / "golden"

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
