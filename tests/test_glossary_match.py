"""Finding glossary terms in text: statuses, word boundaries, case, ignore contexts, overlaps."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translate.glossary.match import Matcher, fold, lower, matcher_for, scan
from translate.model import Concept, Glossary, TermMatch, TermStatus, TermVariants

P, F, X = TermStatus.PREFERRED, TermStatus.FORM, TermStatus.FORBIDDEN


def concept(concept_id: str, *, ignore: tuple[str, ...] = (), translate: bool = True, **terms: TermVariants) -> Concept:
    return Concept(concept_id, tuple(terms.items()), ignore=ignore, translate=translate)


def glossary(*concepts: Concept) -> Glossary:
    digest = hashlib.sha256(repr(concepts).encode()).hexdigest()
    return Glossary(concepts, digest)


GLOSSARY = glossary(
    concept(
        "luhansk",
        en=TermVariants("Luhansk", forbidden=("Lugansk",)),
        uk=TermVariants("Луганськ", forms=("Луганська", "Луганську", "Луганськом"), forbidden=("Луганск",)),
    ),
    concept("lukashenka", en=TermVariants("Lukashenka", forbidden=("Lukashenko",))),
    concept("kyiv", en=TermVariants("Kyiv", forbidden=("Kiev",)), uk=TermVariants("Київ")),
    concept("odesa", ignore=("Odessa, Texas",), en=TermVariants("Odesa", forbidden=("Odessa",))),
    concept("donetsk", en=TermVariants("Donetsk")),
    concept("dpr", en=TermVariants("Donetsk People's Republic", forms=("DPR",))),
    concept("csto", en=TermVariants("CSTO", forms=("Collective Security Treaty Organization",))),
    concept("hryvnia", en=TermVariants("hryvnia", forms=("hryvnias",))),
    concept("oblast", en=TermVariants("oblast", forms=("oblasts",), case_sensitive=False)),
    concept("nato", translate=False, en=TermVariants("NATO"), uk=TermVariants("НАТО", forbidden=("NATO-у",))),
)


def found(text: str, lang: str = "en", *, source_lang: str | None = None) -> list[tuple[str, str, TermStatus]]:
    return [(m.concept_id, m.text, m.status) for m in Matcher(GLOSSARY, lang, source_lang=source_lang).find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Shelling in Luhansk.", [("luhansk", "Luhansk", P)], id="preferred"),
        pytest.param("Shelling in Lugansk.", [("luhansk", "Lugansk", X)], id="forbidden"),
        pytest.param("the hryvnias fell", [("hryvnia", "hryvnias", F)], id="form"),
        pytest.param(
            "Collective Security Treaty Organization (CSTO)",
            [("csto", "Collective Security Treaty Organization", F), ("csto", "CSTO", P)],
            id="form-and-preferred",
        ),
        pytest.param("Lukashenka's regime", [("lukashenka", "Lukashenka", P)], id="possessive"),
        pytest.param("Lugansk’s mayor", [("luhansk", "Lugansk", X)], id="possessive-typographic"),
        pytest.param("a Lugansk-based group", [("luhansk", "Lugansk", X)], id="hyphenated-compound"),
        pytest.param("(Kyiv) KYIV: Kyiv.", [("kyiv", "Kyiv", P), ("kyiv", "KYIV", P), ("kyiv", "Kyiv", P)], id="punctuation"),
        pytest.param("Kyivstar and Kievan Rus", [], id="inside-word"),
        # A demonym is its own word: "Odesan" holds no "Odesa" (add it as a form if it should count).
        pytest.param("an Odesan poet", [], id="demonym-not-matched"),
        pytest.param("Kyiv2 and 2Kyiv and Kyiv_x", [("kyiv", "Kyiv", P)], id="digits-join-underscore-splits"),
        pytest.param("LUGANSK SHELLED", [("luhansk", "LUGANSK", X)], id="headline-caps"),
        pytest.param("Hryvnia falls", [("hryvnia", "Hryvnia", P)], id="sentence-initial"),
        pytest.param("LuGansk and lugansk and HRYVNIa", [], id="other-casing-not-matched"),
        pytest.param("OBLAST Oblast oBlAsT", [("oblast", s, P) for s in ("OBLAST", "Oblast", "oBlAsT")], id="case-insensitive"),
        pytest.param("Odessa, Texas, is not Odessa.", [("odesa", "Odessa", X)], id="ignore-context"),
        pytest.param("ODESSA, TEXAS", [], id="ignore-context-any-case"),
        pytest.param(
            "Donetsk People's Republic, Donetsk",
            [("dpr", "Donetsk People's Republic", P), ("donetsk", "Donetsk", P)],
            id="longest-wins",
        ),
        pytest.param("Donetsk People’s Republic", [("donetsk", "Donetsk", P)], id="apostrophe-is-exact"),
        pytest.param("Kyiv\u0301 and \u0301Kyiv", [], id="combining-mark-joins"),
        pytest.param("", [], id="empty"),
    ],
)
def test_find(text: str, expected: list[tuple[str, str, TermStatus]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "lang", "source_lang", "expected"),
    [
        pytest.param("з Луганська і Луганськом", "uk", None, [("luhansk", "Луганська", F), ("luhansk", "Луганськом", F)], id="cyrillic-forms"),
        pytest.param("ЛУГАНСК, Луганськ", "uk", None, [("luhansk", "ЛУГАНСК", X), ("luhansk", "Луганськ", P)], id="cyrillic-statuses"),
        pytest.param("Луганськпром", "uk", None, [], id="cyrillic-inside-word"),
        pytest.param("NATO і НАТО", "uk", "en", [("nato", "NATO", P)], id="do-not-translate-source-term"),
        pytest.param("NATO-у", "uk", "en", [("nato", "NATO-у", X)], id="do-not-translate-forbidden-in-target"),
        pytest.param("NATO і НАТО", "uk", None, [("nato", "НАТО", P)], id="without-source-lang"),
        pytest.param("Kyiv", "en-GB", None, [("kyiv", "Kyiv", P)], id="region-falls-back"),
        pytest.param("Kyiv", "de", None, [], id="language-without-terms"),
    ],
)
def test_find_languages(text: str, lang: str, source_lang: str | None, expected: list[tuple[str, str, TermStatus]]) -> None:
    assert found(text, lang, source_lang=source_lang) == expected


def test_tagged_text_offsets() -> None:
    text = "<1>Kyiv</1> &amp;Lugansk&amp; <2>Donetsk</2> People's Republic"
    matches = Matcher(GLOSSARY, "en").find(text)
    assert matches == [
        TermMatch(3, 7, "kyiv", "Kyiv", P, "Kyiv"),
        TermMatch(17, 24, "luhansk", "Lugansk", X, "Lugansk"),
        TermMatch(33, 40, "donetsk", "Donetsk", P, "Donetsk"),
    ]


def test_match_never_spans_a_tag() -> None:
    tagged = glossary(concept("odd", en=TermVariants("1>Kyiv", case_sensitive=False)))
    assert Matcher(tagged, "en").find("<1>Kyiv</1>") == []


def test_match_fields() -> None:
    (match,) = Matcher(GLOSSARY, "en").find("In KIEV today")
    assert match == TermMatch(3, 7, "kyiv", "KIEV", X, "Kiev")


def test_combining_mark_inside_term() -> None:
    accented = glossary(concept("cafe", en=TermVariants("Cafe\u0301 Kyiv")))
    assert [m.text for m in Matcher(accented, "en").find("the Cafe\u0301 Kyiv's door")] == ["Cafe\u0301 Kyiv"]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        pytest.param(TermVariants("Georgia"), TermVariants("Georgia"), "one", id="first-defined-wins"),
        pytest.param(TermVariants("Sakartvelo", forbidden=("Georgia",)), TermVariants("Georgia"), "two", id="accepted-beats-forbidden"),
    ],
)
def test_same_span_two_concepts(first: TermVariants, second: TermVariants, expected: str) -> None:
    ambiguous = glossary(concept("one", en=first), concept("two", en=second))
    assert [m.concept_id for m in Matcher(ambiguous, "en").find("Georgia")] == [expected]


def test_ignore_shields_only_its_concept() -> None:
    shared = glossary(
        concept("odesa", ignore=("Odessa, Texas",), en=TermVariants("Odesa", forbidden=("Odessa",))),
        concept("texas", en=TermVariants("Texas")),
    )
    assert [m.concept_id for m in Matcher(shared, "en").find("Odessa, Texas")] == ["texas"]


def test_empty_glossary() -> None:
    assert Matcher(glossary(), "en").find("Kyiv") == []


def test_punctuation_only_variant_is_not_indexed() -> None:
    dashes = glossary(concept("dash", en=TermVariants("Kyiv", forbidden=("—", "")), ignore=("--",)))
    assert [m.text for m in Matcher(dashes, "en").find("Kyiv — Odesa -- x")] == ["Kyiv"]


def test_scan_and_cache() -> None:
    assert [m.text for m in scan(GLOSSARY, "Kiev", "en")] == ["Kiev"]
    assert matcher_for(GLOSSARY, "en") is matcher_for(GLOSSARY, "en")
    assert matcher_for(GLOSSARY, "en") is not matcher_for(GLOSSARY, "uk")
    assert matcher_for(GLOSSARY, "uk", source_lang="en") is not matcher_for(GLOSSARY, "uk")


TERMS = ["Kyiv", "Kiev", "Lugansk", "LUHANSK", "Donetsk", "Donetsk People's Republic", "Odessa, Texas", "oblast", "Луганська"]
PIECES = TERMS + [" ", " ", ", ", "'s", "-", "<1>", "</1>", "&amp;", "\u0301", "star", "x", "\n"]
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=30).map("".join)


@given(texts)
def test_matches_sorted_and_disjoint(text: str) -> None:
    for lang in ("en", "uk"):
        spans = [(m.start, m.end) for m in matcher_for(GLOSSARY, lang).find(text)]
        assert spans == sorted(spans)
        assert all(start < end for start, end in spans)
        assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:], strict=False))


@given(texts)
def test_match_text_is_its_span(text: str) -> None:
    for match in matcher_for(GLOSSARY, "en").find(text) + matcher_for(GLOSSARY, "uk").find(text):
        assert match.text == text[match.start : match.end]
        assert lower(match.text) == lower(match.variant)
        assert "<" not in match.text and ">" not in match.text


@given(texts, st.sampled_from(["Kyiv", "Kiev", "Lugansk", "LUGANSK", "Donetsk People's Republic", "Луганськ"]), st.data())
def test_inserted_term_is_found(text: str, term: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(text)), label="at")
    spaced = text[:at] + " " + term + " " + text[at:]
    start = at + 1
    lang = "uk" if term == "Луганськ" else "en"
    spans = [(m.start, m.end) for m in matcher_for(GLOSSARY, lang).find(spaced)]
    assert (start, start + len(term)) in spans


def folded_by_definition(text: str) -> str:
    out = []
    for char in text:
        word = char.isalnum() or unicodedata.category(char).startswith("M")
        out.append((char.lower() if len(char.lower()) == 1 else char) if word else " ")
    return "".join(out)


ascii_text = st.text(st.characters(max_codepoint=127), min_size=150, max_size=300)


@given(st.lists(ascii_text | st.text(max_size=3), max_size=6).map("".join))
def test_fold_is_per_character(text: str) -> None:
    assert fold(text) == folded_by_definition(text)
    assert len(lower(text)) == len(text)
