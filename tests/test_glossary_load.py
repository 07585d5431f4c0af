"""Loading and validating glossary/*.yaml: exact values, digest, every mistake with file, line and hint."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary_helpers import write
from translate.errors import GlossaryError
from translate.glossary.inflect import inflected_forms
from translate.glossary.load import check_glossary, load_glossary
from translate.model import Concept, Glossary, TermVariants

DATA = Path(__file__).parent / "data"
GOOD = DATA / "glossary-good"
BAD_CASES = sorted(path for path in (DATA / "glossary-bad").iterdir() if path.is_dir())
EMPTY_DIGEST = hashlib.sha256(b"").hexdigest()


def test_good_glossary_loads_exact_values() -> None:
    places, organizations = GOOD / "10-places.yaml", GOOD / "20-organizations.yml"
    expected = (
        Concept(
            id="luhansk",
            terms=(
                ("en", TermVariants("Luhansk", forbidden=("Lugansk",))),
                ("es", TermVariants("Luhansk", forbidden=("Lugansk",))),
                ("uk", TermVariants("Луганськ", ("Луганська", "Луганську", "Луганськом"), ("Луганск",))),
            ),
            kind="place",
            note='Ukrainian-based romanization; never the Russian-based "Lugansk".',
            path=places,
            line=3,
        ),
        Concept(
            id="donetsk",
            terms=(
                ("en", TermVariants("Donetsk")),
                ("ru", TermVariants("Донецк", ("Донецка", "Донецку", "Донецком", "Донецке"))),
                ("uk", TermVariants("Донецьк", ("Донецька", "Донецьку", "Донецьком"), ("Донецк",))),
            ),
            kind="place",
            inflect=True,
            path=places,
            line=10,
        ),
        Concept(
            id="odesa",
            terms=(("en", TermVariants("Odesa", forbidden=("Odessa",))), ("pt-BR", TermVariants("Odessa"))),
            kind="place",
            ignore=("Odessa, Texas",),
            path=places,
            line=18,
        ),
        Concept(
            id="csto",
            terms=(
                ("en", TermVariants("CSTO", ("Collective Security Treaty Organization",))),
                ("es", TermVariants("OTSC")),
            ),
            kind="organization",
            path=organizations,
            line=2,
        ),
        Concept(
            id="bbc",
            terms=(
                ("en", TermVariants("BBC")),
                ("uk", TermVariants("BBC", forbidden=("Бі-Бі-Сі",), case_sensitive=False)),
            ),
            kind="organization",
            translate=False,
            path=organizations,
            line=6,
        ),
        Concept(
            id="sanctions",
            terms=(("en", TermVariants("sanctions", case_sensitive=False)),),
            path=organizations,
            line=11,
        ),
    )
    glossary = load_glossary(GOOD)
    assert glossary.concepts == expected
    assert check_glossary(GOOD) == []


def test_do_not_translate_concept_gives_its_fixed_term_in_every_language() -> None:
    bbc = load_glossary(GOOD).concept("bbc")
    assert bbc.variants("uk", source="en") == TermVariants("BBC", forbidden=("Бі-Бі-Сі",))
    assert bbc.variants("uk") == TermVariants("BBC", forbidden=("Бі-Бі-Сі",), case_sensitive=False)


def test_digest_covers_names_and_bytes_in_sorted_order() -> None:
    names = ["10-places.yaml", "20-organizations.yml"]
    expected = hashlib.sha256(b"".join(name.encode() + b"\0" + (GOOD / name).read_bytes() for name in names))
    assert load_glossary(GOOD).digest == expected.hexdigest()


def test_digest_is_stable_and_changes_with_one_byte(tmp_path: Path) -> None:
    copy = tmp_path / "glossary"
    shutil.copytree(GOOD, copy)
    original = load_glossary(GOOD).digest
    assert load_glossary(copy).digest == original
    (copy / "README.md").write_text("changed, but not a glossary file", encoding="utf-8")
    assert load_glossary(copy).digest == original
    path = copy / "20-organizations.yml"
    path.write_bytes(path.read_bytes().replace(b"OTSC", b"OTSc"))
    assert load_glossary(copy).digest != original


def test_renaming_a_file_changes_the_digest(tmp_path: Path) -> None:
    shutil.copytree(GOOD, tmp_path / "glossary")
    (tmp_path / "glossary" / "20-organizations.yml").rename(tmp_path / "glossary" / "30-organizations.yml")
    assert load_glossary(tmp_path / "glossary").digest != load_glossary(GOOD).digest


def test_files_load_in_name_order_and_other_files_are_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    write(folder, "b.yaml", "terms:\n  - id: second\n    en: {preferred: Second}\n")
    write(folder, "a.yml", "terms:\n  - id: first\n    en: {preferred: First}\n")
    write(folder, "c.yaml", "terms: []\n")
    write(folder, "README.md", "terms:\n  - not: yaml we read\n")
    write(folder, "notes.txt", "- broken: [\n")
    write(folder / "sub", "z.yaml", "terms:\n  - id: nested\n    en: {preferred: Nested}\n")
    glossary = load_glossary(folder)
    assert [concept.id for concept in glossary.concepts] == ["first", "second"]
    assert [concept.path for concept in glossary.concepts] == [folder / "a.yml", folder / "b.yaml"]


@pytest.mark.parametrize("make", [pytest.param(True, id="empty-folder"), pytest.param(False, id="missing-folder")])
def test_empty_or_missing_folder_gives_an_empty_glossary(tmp_path: Path, make: bool) -> None:
    folder = tmp_path / "glossary"
    if make:
        folder.mkdir()
        write(folder, "README.md", "# Glossary\n")
    assert load_glossary(folder) == Glossary(concepts=(), digest=EMPTY_DIGEST)
    assert check_glossary(folder) == []


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in BAD_CASES])
def test_bad_glossary_reports_the_problem_with_file_line_and_hint(case: Path) -> None:
    where, phrase, *hint = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    name, line = where.rsplit(":", 1)
    problems = check_glossary(case)
    assert len(problems) == 1, [str(problem) for problem in problems]
    problem = problems[0]
    assert isinstance(problem, GlossaryError)
    assert (problem.path, problem.line) == (case / name, int(line))
    assert phrase in problem.message
    assert problem.hint and all(part in problem.hint for part in hint)
    assert str(problem).startswith(f"{case / name}:{line}: ")
    with pytest.raises(GlossaryError) as raised:
        load_glossary(case)
    assert [str(error) for error in raised.value.problems] == [str(problem)]


def test_every_problem_in_every_file_is_reported_in_one_check(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    write(folder, "a.yaml", "terms:\n  - id: kyiv\n    en: {preferred: Kyiv}\n    trnslate: false\n  - id: Bad Id\n"
          "    en: {preferred: X}\n")
    write(folder, "b.yaml", "terms:\n  - id: kyiv\n    en: {prefered: Kyiv}\n")
    (folder / "c.yaml").write_bytes(b"terms:\n  - id: lviv\n    uk: {preferred: \xcb\xfc\xe2\xb3\xe2}\n")
    write(folder, "d.yaml",
          "terms:\n  - id: odesa\n    en: {preferred: Odesa, forbidden: [Kyiv]}\n    xx: {preferred: O}\n")
    problems = check_glossary(folder)
    found = [(problem.path.name if problem.path else None, problem.line, problem.message) for problem in problems]
    assert found == [
        ("a.yaml", 4, "kyiv: unknown key 'trnslate'"),
        ("a.yaml", 5, "terms[1]: id 'Bad Id' may only hold a-z, 0-9 and '-'"),
        ("b.yaml", 2, "duplicate id 'kyiv' (first defined at a.yaml:2)"),
        ("b.yaml", 3, "kyiv.en: unknown key 'prefered'"),
        ("c.yaml", 3, "not valid UTF-8 at line 3, column 21"),
        ("d.yaml", 3, "odesa.en: forbidden 'Kyiv' is the preferred term of 'kyiv' (a.yaml:2)"),
        ("d.yaml", 4, "odesa: unknown language code 'xx'"),
    ]
    with pytest.raises(GlossaryError) as raised:
        load_glossary(folder)
    assert [str(error) for error in raised.value.problems] == [str(problem) for problem in problems]
    assert "(and 6 more problem(s)" in str(raised.value)


@pytest.mark.parametrize(
    ("term", "lang", "expected"),
    [
        pytest.param("Луганськ", "uk", ("Луганська", "Луганську", "Луганськом"), id="luhansk-uk"),
        pytest.param("Донецк", "ru", ("Донецка", "Донецку", "Донецком", "Донецке"), id="donetsk-ru"),
        pytest.param("Донецьк", "uk-UA", ("Донецька", "Донецьку", "Донецьком"), id="donetsk-uk-region"),
        pytest.param("Слов’янськ", "uk", ("Слов’янська", "Слов’янську", "Слов’янськом"), id="apostrophe"),
        pytest.param("Івано-Франківськ", "uk", ("Івано-Франківська", "Івано-Франківську", "Івано-Франківськом"),
                     id="hyphenated"),
        pytest.param("НАТО", "uk", (), id="abbreviation"),
        pytest.param("Luhansk", "en", (), id="not-inflected-language"),
        pytest.param("Пашинян", "ru", (), id="unknown-word"),
    ],
)
def test_inflected_forms_of_one_word(term: str, lang: str, expected: tuple[str, ...]) -> None:
    assert inflected_forms(term, lang) == expected


@pytest.mark.parametrize(
    ("term", "lang", "expected"),
    [
        pytest.param("Верховна Рада", "uk", {"Верховної Ради", "Верховній Раді", "Верховну Раду", "Верховною Радою"},
                     id="adjective-noun-uk"),
        pytest.param("Европейский парламент", "ru", {"Европейского парламента", "Европейскому парламенту",
                                                      "Европейским парламентом", "Европейском парламенте"},
                     id="adjective-noun-ru"),
        pytest.param("Республика Беларусь", "ru", {"Республики Беларусь", "Республику Беларусь"},
                     id="apposition-stays"),
        pytest.param("Донецкая Народная Республика", "ru", {"Донецкую Народную Республику"}, id="feminine-accusative"),
        pytest.param("Володимир Зеленський", "uk", {"Володимира Зеленського", "Володимиром Зеленським"},
                     id="first-and-last-name"),
    ],
)
def test_inflected_forms_of_a_phrase(term: str, lang: str, expected: set[str]) -> None:
    forms = inflected_forms(term, lang)
    assert expected <= set(forms)
    assert term not in forms
    assert len(forms) == len(set(forms))


@pytest.mark.parametrize(
    ("uk", "forms"),
    [
        pytest.param("{preferred: Луганськ}", ("Луганська", "Луганську", "Луганськом"), id="generated"),
        pytest.param("{preferred: Луганськ, forms: [Луганська]}", ("Луганська",), id="given-forms-kept"),
        pytest.param("{preferred: Луганськ, forms: []}", (), id="explicitly-none"),
    ],
)
def test_inflect_fills_only_missing_forms(tmp_path: Path, uk: str, forms: tuple[str, ...]) -> None:
    text = f"terms:\n  - id: luhansk\n    inflect: true\n    en: {{preferred: Luhansk}}\n    uk: {uk}\n"
    concept = load_glossary(write(tmp_path / "glossary", "g.yaml", text).parent).concepts[0]
    assert concept.variants("uk") == TermVariants("Луганськ", forms)
    assert concept.variants("en") == TermVariants("Luhansk")


def test_inflected_form_that_is_forbidden_is_reported(tmp_path: Path) -> None:
    text = "terms:\n  - id: luhansk\n    inflect: true\n    uk: {preferred: Луганськ, forbidden: [Луганська]}\n"
    problems = check_glossary(write(tmp_path / "glossary", "g.yaml", text).parent)
    assert [(problem.line, problem.message) for problem in problems] == [
        (4, "luhansk.uk: 'Луганська' is both forbidden and a form generated by `inflect`"),
    ]


# Accepted terms and forbidden variants come from disjoint alphabets, so valid data never conflicts.
_ACCEPTED = st.text(string.ascii_uppercase[:13] + "абвгдґєжзії :#'\"-,!&*", min_size=1, max_size=12)
_FORBIDDEN = st.text(string.ascii_lowercase[13:] + "щюя ?%@[]{}", min_size=1, max_size=12)
_LANGS = st.sampled_from(["en", "es", "uk", "ru", "pt-BR", "de", "ca"])


def _term(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return text.map(str.strip).filter(bool)


_VARIANTS = st.builds(
    TermVariants,
    preferred=_term(_ACCEPTED),
    forms=st.lists(_term(_ACCEPTED), max_size=3).map(tuple),
    forbidden=st.lists(_term(_FORBIDDEN), max_size=3).map(tuple),
    case_sensitive=st.booleans(),
)
_CONCEPT = st.builds(
    Concept,
    id=st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True),
    terms=st.dictionaries(_LANGS, _VARIANTS, min_size=1, max_size=4).map(lambda terms: tuple(sorted(terms.items()))),
    kind=st.sampled_from(["term", "place", "person", "organization"]),
    note=st.text(max_size=30).filter(lambda note: note.isprintable()),
    ignore=st.lists(_term(st.text(string.ascii_letters + " ,", min_size=1)), max_size=2).map(tuple),
    inflect=st.just(False),
)


def _as_yaml(concept: Concept) -> dict[str, object]:
    entry: dict[str, object] = {"id": concept.id, "kind": concept.kind, "note": concept.note,
                                "ignore": list(concept.ignore), "translate": concept.translate}
    for lang, variants in concept.terms:
        entry[lang.replace("-", "_") if lang == "pt-BR" else lang] = {
            "preferred": variants.preferred,
            "forms": list(variants.forms),
            "forbidden": list(variants.forbidden),
            "case_sensitive": variants.case_sensitive,
        }
    return entry


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(concepts=st.lists(_CONCEPT, max_size=5, unique_by=lambda concept: concept.id), flow=st.booleans())
def test_generated_yaml_loads_back_to_the_same_values(tmp_path: Path, concepts: list[Concept], flow: bool) -> None:
    text = yaml.safe_dump({"terms": [_as_yaml(concept) for concept in concepts]}, allow_unicode=True,
                          sort_keys=False, default_flow_style=None if flow else False)
    path = write(tmp_path / "glossary", "generated.yaml", text)
    loaded = load_glossary(path.parent).concepts
    assert [dataclasses.replace(concept, path=None, line=None) for concept in loaded] == concepts
    assert all(concept.path == path for concept in loaded)
    assert [concept.line for concept in loaded] == sorted({concept.line for concept in loaded})


# -- Hostile files stay bounded ---------------------------------------------------------------

HUGE = "x" * 1_000_000


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"terms:\n  - id: kyiv\n    en: {{preferred: ' {HUGE} '}}\n", id="term-with-spaces"),
        # "? key" writes a key longer than the 1,024 characters YAML allows an implicit one.
        pytest.param(f"terms:\n  - id: kyiv\n    en: {{preferred: Kyiv}}\n    ? {HUGE}\n    : {{preferred: K}}\n",
                     id="unknown-language"),
        pytest.param(f"terms:\n  - id: kyiv\n    en: {{preferred: Kyiv}}\n    ? {HUGE}\n    : 1\n", id="unknown-key"),
        pytest.param(f"? {HUGE}\n: 1\nterms: []\n", id="unknown-top-level-key"),
        pytest.param(f"terms:\n  - id: kyiv\n    en: {{preferred: Kyiv, ? {HUGE} : 1}}\n", id="unknown-term-key"),
        pytest.param(f"terms:\n  - id: kyiv\n    en: {{preferred: Kyiv}}\n    ? en-{HUGE}\n    : {{preferred: K}}\n",
                     id="unknown-region"),
        pytest.param(f"terms:\n  - id: {HUGE.upper()}\n    en: {{preferred: Kyiv}}\n", id="malformed-id"),
        pytest.param(f"terms:\n  - id: {HUGE}\n    en: {{preferred: Kyiv}}\n  - id: {HUGE}\n"
                     "    en: {preferred: Kiev}\n", id="duplicate-long-id"),
        pytest.param(f"terms:\n  - id: {HUGE}\n    en: {{preferred: Kyiv, forbidden: [{HUGE}]}}\n"
                     f"  - id: b\n    en: {{preferred: {HUGE}}}\n", id="forbidden-conflict"),
        pytest.param(f"terms:\n  - id: kyiv\n    en: {{preferred: !{HUGE} Kyiv}}\n", id="unsupported-tag"),
        pytest.param(f"terms:\n  - id: kyiv\n    en: {{preferred: Kyiv, forms: {HUGE}}}\n", id="forms-not-list"),
        pytest.param(f"terms:\n  - id: kyiv\n    en: {{preferred: Kyiv, case_sensitive: {HUGE}}}\n", id="not-bool"),
    ],
)
def test_messages_never_hold_an_unbounded_value(tmp_path: Path, text: str) -> None:
    problems = check_glossary(write(tmp_path / "glossary", "g.yaml", text).parent)
    assert problems
    assert all(len(str(problem)) < 600 for problem in problems), [len(str(problem)) for problem in problems]


def test_aliases_within_bounds_still_load(tmp_path: Path) -> None:
    text = ("terms:\n  - id: kyiv\n    en: &kyiv {preferred: Kyiv, forbidden: [Kiev]}\n    es: *kyiv\n"
            "    ca: *kyiv\n")
    concept = load_glossary(write(tmp_path / "glossary", "g.yaml", text).parent).concept("kyiv")
    assert concept.variants("ca") == concept.variants("es") == TermVariants("Kyiv", forbidden=("Kiev",))


def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    depth = 100_000
    text = "terms:\n  - id: deep\n    en: {preferred: Deep, forms: " + "[" * depth + "]" * depth + "}\n"
    [problem] = check_glossary(write(tmp_path / "glossary", "g.yaml", text).parent)
    assert problem.line == 3 and "nesting" in problem.message and len(str(problem)) < 400


def test_do_not_translate_concept_takes_the_language_s_own_grammar(tmp_path: Path) -> None:
    write(tmp_path, "g.yaml", "terms:\n  - id: nato\n    translate: false\n    en: {preferred: NATO}\n"
          "    es: {forbidden: [NATÖ], gender: f}\n")
    concept = load_glossary(tmp_path).concepts[0]
    assert concept.variants("es", source="en") == TermVariants("NATO", forbidden=("NATÖ",), gender="f")
    assert concept.variants("fr", source="en") == TermVariants("NATO")
