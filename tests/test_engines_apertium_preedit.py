"""The English pre-edits around glossary terms, with Apertium's own taggers (eng-spa, eng-cat, en-gl)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translate.engines import apertium_terms
from translate.engines.apertium_preedit import PlainText, PreEditor, read_words, tagger_command
from translate.errors import EngineError, EngineNotInstalled
from translate.glossary.load import load_glossary
from translate.glossary.match import matcher_for
from translate.inline import pieces_to_tagged, strip_tags, tag_numbers, tagged_to_runs
from translate.model import Glossary, Mark, MarkKind

MODES = Path("/usr/share/apertium/modes")
TARGETS = {"eng-spa": "es", "eng-cat": "ca", "en-gl": "gl"}
pytestmark = [
    pytest.mark.skipif(apertium_terms.missing_tools() is not None, reason="lttoolbox-dev or cg3 not installed"),
    pytest.mark.skipif(not all((MODES / f"{name}.mode").is_file() for name in TARGETS),
                       reason="Apertium pairs eng-spa, eng-cat and en-gl not all installed"),
]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(Path(__file__).parents[1] / "glossary")


@pytest.fixture(scope="module")
def dictionaries(glossary: Glossary,
                 tmp_path_factory: pytest.TempPathFactory) -> dict[str, apertium_terms.TermDictionaries]:
    """The shipped glossary compiled for each pair, as the engine runs it."""
    state = tmp_path_factory.mktemp("state")
    return {name: apertium_terms.build(glossary, MODES / f"{name}.mode", "en", tgt, state)
            for name, tgt in TARGETS.items()}


@pytest.fixture(scope="module")
def editors(dictionaries: dict[str, apertium_terms.TermDictionaries]) -> Iterator[dict[str, PreEditor]]:
    made = {name: PreEditor(built.mode) for name, built in dictionaries.items()}
    yield made
    for editor in made.values():
        editor.close()


def spans(glossary: Glossary, text: str) -> list[tuple[int, int]]:
    return [(match.start, match.end) for match in matcher_for(glossary, "en").find(text)]


def edit(editors: dict[str, PreEditor], glossary: Glossary, pair: str, text: str) -> str:
    return editors[pair].edit([text], [spans(glossary, text)])[0]


def translate(built: apertium_terms.TermDictionaries, text: str) -> str:
    result = subprocess.run(["apertium", "-u", "-d", str(built.folder), built.mode.stem],
                            input=text, capture_output=True, text=True, check=True)
    return result.stdout.strip()


# ---- the edits, with each pair's tagger ----------------------------------------------------------------------

EDITS = [
    pytest.param("eng-spa", "Officials said Kyiv's decision was final.",
                 "Officials said the decision of Kyiv was final.",
                 id="spa-possessive-one-noun"),
    pytest.param("eng-cat", "They welcomed Kyiv's new strategy.", "They welcomed the new strategy of Kyiv.",
                 id="cat-possessive-adjective-noun"),
    pytest.param("en-gl", "He praised Kharkiv's air defence units.", "He praised the air defence units of Kharkiv.",
                 id="gl-possessive-compound-nouns"),
    pytest.param("eng-spa", "The European Union's foreign ministers met.",
                 "The foreign ministers of the European Union met.", id="spa-multi-word-term-determiner"),
    pytest.param("en-gl", "We noted the Kremlin's cautious response.", "We noted the cautious response of the Kremlin.",
                 id="gl-determiner-stays-with-term"),
    pytest.param("eng-cat", "Kyiv's new decision was clear.", "The new decision of Kyiv was clear.",
                 id="cat-sentence-start"),
    pytest.param("eng-spa", "“Lviv's mayor”, she said.", "“The mayor of Lviv”, she said.",
                 id="spa-sentence-start-after-quote"),
    pytest.param("en-gl", "Moldova’s two main parties agreed.", "The two main parties of Moldova agreed.",
                 id="gl-curly-apostrophe-numeral"),
    pytest.param("eng-cat", "Kyiv’s decision surprised Moscow.", "The decision of Kyiv surprised Moscow.",
                 id="cat-curly-apostrophe-read-as-has"),
    pytest.param("eng-cat", "Kyiv's long-range missiles arrived.", "The long-range missiles of Kyiv arrived.",
                 id="cat-hyphenated-adjective"),
    pytest.param("eng-spa", "Kyiv's been clear about it.", "Kyiv's been clear about it.", id="spa-s-as-has-no-edit"),
    pytest.param("eng-cat", "Kyiv's been clear about it.", "Kyiv's been clear about it.", id="cat-s-as-has-no-edit"),
    pytest.param("en-gl", "Minsk's ready to talk.", "Minsk's ready to talk.", id="gl-s-as-is-no-edit"),
    pytest.param("eng-spa", "The offer was Kyiv's.", "The offer was Kyiv's.", id="spa-no-noun-after-no-edit"),
    pytest.param("eng-cat", "This Kremlin's policy failed.", "This Kremlin's policy failed.",
                 id="cat-other-determiner-no-edit"),
    pytest.param("eng-spa", "A Luhansk-based group said it would fight.",
                 "A group based in Luhansk said it would fight.", id="spa-based-one-noun"),
    pytest.param("en-gl", "Kharkiv-based analysts warned of shortages.",
                 "Analysts based in Kharkiv warned of shortages.",
                 id="gl-based-plural-sentence-start"),
    pytest.param("eng-cat", "It was a Kyiv-based independent newspaper.",
                 "It was an independent newspaper based in Kyiv.", id="cat-based-adjective-article"),
    pytest.param("eng-spa", "An Odesa-based news agency reported it.", "A news agency based in Odesa reported it.",
                 id="spa-based-compound-article"),
    pytest.param("en-gl", "A Kyiv-based think tank said so.", "A Kyiv-based think tank said so.",
                 id="gl-based-verb-reading-no-edit"),
    pytest.param("eng-spa", "<1>Kyiv</1>'s <2>new</2> decision came late.",
                 "The <2>new</2> decision of <1>Kyiv</1> came late.", id="spa-tags-move-with-words"),
    pytest.param("eng-cat", "a <1>Kyiv</1>-based <2>news agency</2> said",
                 "a <2>news agency</2> based in <1>Kyiv</1> said", id="cat-based-tags-move-with-words"),
    pytest.param("en-gl", "He saw <1>Kyiv's new</1> decision.", "He saw <1>Kyiv's new</1> decision.",
                 id="gl-tag-crossing-the-phrase-no-edit"),
    pytest.param("eng-spa", "It's <1>the EU's</1> decision.", "It's <1>the EU's</1> decision.",
                 id="spa-tag-around-possessive-no-edit"),
    pytest.param("eng-spa", r"Kyiv's 3 new rules &amp; Kyiv's plan [*] {x} ^y$ @z a\b c/d #e ~f &lt;g&gt;",
                 r"The 3 new rules of Kyiv &amp; the plan of Kyiv [*] {x} ^y$ @z a\b c/d #e ~f &lt;g&gt;",
                 id="spa-stream-escapes"),
    pytest.param("eng-cat", "Kyiv's 3 &lt;new&gt; rules", "Kyiv's 3 &lt;new&gt; rules",
                 id="cat-no-noun-in-run-no-edit"),
    pytest.param("eng-cat", "KYIV'S NEW DECISION", "KYIV'S NEW DECISION", id="cat-all-caps-no-edit"),
    pytest.param("en-gl", "A KYIV-BASED GROUP", "A KYIV-BASED GROUP", id="gl-all-caps-based-no-edit"),
]


@pytest.mark.parametrize(("pair", "text", "expected"), EDITS)
def test_edit(editors: dict[str, PreEditor], glossary: Glossary, pair: str, text: str, expected: str) -> None:
    assert edit(editors, glossary, pair, text) == expected


def test_a_batch_edits_each_text_with_its_own_spans(editors: dict[str, PreEditor], glossary: Glossary) -> None:
    texts = ["Kyiv's decision came late.", "No term here.", "Kyiv was calm.", "A Luhansk-based group said so.",
             "Kyiv's decision, the Kremlin's response."]
    assert editors["eng-spa"].edit(texts, [spans(glossary, text) for text in texts]) == [
        "The decision of Kyiv came late.", "No term here.", "Kyiv was calm.", "A group based in Luhansk said so.",
        "The decision of Kyiv, the response of the Kremlin.",
    ]


def test_only_spans_given_are_edited(editors: dict[str, PreEditor]) -> None:
    assert editors["eng-spa"].edit(["Kyiv's decision came late."], [[]]) == ["Kyiv's decision came late."]


@pytest.mark.parametrize("text", [
    pytest.param("No term here.", id="no-span"),
    pytest.param("Kyiv was calm; the EU agreed.", id="spans-without-cue"),
    pytest.param("KYIV'S DECISION", id="all-caps"),
])
def test_texts_without_a_cue_do_not_start_the_tagger(glossary: Glossary, tmp_path: Path, text: str) -> None:
    # The mode does not exist: starting its tagger would raise EngineError.
    editor = PreEditor(tmp_path / "missing.mode")
    assert editor.edit([text], [spans(glossary, text)]) == [text]
    editor.close()


WORDS = ("Yesterday ", "Kyiv", "'s ", "new ", "air ", "defence ", "plan ", "and ", "a ", "Kharkiv", "-based ",
         "independent ", "news ", "agency ", "agreed.")
MARKS = tuple(Mark(MarkKind.STRONG) for _ in range(4))


@settings(max_examples=40)
@given(st.lists(st.tuples(st.integers(0, len(WORDS) - 1), st.integers(0, len(WORDS) - 1)), max_size=4))
def test_tags_stay_balanced_and_words_are_kept(editors: dict[str, PreEditor], glossary: Glossary,
                                              ranges: list[tuple[int, int]]) -> None:
    # Formatting over any runs of words (crossing ones are split, as ingest splits them).
    pieces = [(word, frozenset(n + 1 for n, (a, b) in enumerate(ranges) if min(a, b) <= k <= max(a, b)))
              for k, word in enumerate(WORDS)]
    text = pieces_to_tagged(pieces)
    edited = edit(editors, glossary, "eng-cat", text)
    tagged_to_runs(edited, MARKS)  # raises TagError if the tags no longer pair up
    assert sorted(tag_numbers(edited)) == sorted(tag_numbers(text))
    assert _content_words(edited) == _content_words(text)


def _content_words(tagged: str) -> list[str]:
    """The words, less those the edits add or drop ("the", "of", "based", "in", "'s"; "an" read as "a")."""
    words = strip_tags(tagged).replace("'s", "").replace("-based", " based").lower().split()
    return sorted("a" if word == "an" else word for word in words if word not in ("the", "of", "based", "in"))


# ---- it helps: the pair's output with the glossary compiled, before and after ------------------------------

HELPS = [
    pytest.param("eng-cat", "Kyiv's decision angered the Kremlin.", "Kíivha la decisió", "La decisió de Kíiv",
                 id="cat-possessive"),
    pytest.param("eng-cat", "Kyiv’s decision shocked observers.", "Kíivha decisió", "La decisió de Kíiv",
                 id="cat-curly-possessive"),
    pytest.param("eng-cat", "A Luhansk-based group said it would fight.", "basataLuhansk", "grup basat en Luhansk",
                 id="cat-based"),
    pytest.param("eng-spa", "A Luhansk-based group said it would fight.", "basadoenLuhansk",
                 "Un grupo basado en Luhansk", id="spa-based"),
    pytest.param("en-gl", "A Kyiv-based independent newspaper reported it.", "baseadoenKíiv",
                 "diario independente baseado en Kíiv", id="gl-based-adjective"),
]


@pytest.mark.parametrize(("pair", "text", "unedited", "edited"), HELPS)
def test_the_edit_mends_the_translation(editors: dict[str, PreEditor], glossary: Glossary,
                                        dictionaries: dict[str, apertium_terms.TermDictionaries],
                                        pair: str, text: str, unedited: str, edited: str) -> None:
    before = translate(dictionaries[pair], text)
    after = translate(dictionaries[pair], edit(editors, glossary, pair, text))
    assert unedited in before and edited not in before
    assert edited in after and unedited not in after


# ---- the tagger's stream and the mode ------------------------------------------------------------------------


def test_the_tagger_command_is_the_mode_up_to_its_tagger_printing_surfaces() -> None:
    command = tagger_command(MODES / "eng-cat.mode")
    assert command.split(" | ")[0].startswith("lt-proc -w ")
    assert command.split(" | ")[-1].startswith("apertium-tagger -p -gx ")
    assert "pretransfer" not in command


def test_words_are_placed_in_the_plain_text_across_inserted_spaces() -> None:
    words = read_words("^Kyiv/*Kyiv$ ^'s/'s<gen>$ ^plan/plan<n><sg>$[]", "Kyiv's plan")
    assert [(w.start, w.end, w.lemma, w.pos) for w in words or []] == [
        (0, 4, "*Kyiv", ""), (4, 6, "'s", "gen"), (7, 11, "plan", "n")]


def test_a_stream_that_does_not_spell_the_text_gives_no_words() -> None:
    assert read_words("^Kiev/Kiev<np>$", "Kyiv") is None


def test_plain_text_maps_entities_and_tags_to_their_places() -> None:
    plain = PlainText.of("<1>a &amp; b</1>")
    assert plain.text == "a & b"
    assert plain.starts == (3, 4, 5, 10, 11) and plain.ends == (4, 5, 10, 11, 12)
    assert plain.index(5, end=False) == 2 and plain.index(10, end=True) == 3 and plain.index(7, end=False) is None


# ---- errors --------------------------------------------------------------------------------------------------


def test_a_mode_without_a_tagger_is_an_engine_error(tmp_path: Path, glossary: Glossary) -> None:
    mode = tmp_path / "eng-xxx.mode"
    mode.write_text("lt-proc '/nowhere/x.bin' | apertium-pretransfer\n", "utf-8")
    with pytest.raises(EngineError, match="has no apertium-tagger stage"):
        PreEditor(mode).edit(["Kyiv's plan"], [spans(glossary, "Kyiv's plan")])


def test_a_missing_tagger_program_is_not_installed(tmp_path: Path, glossary: Glossary) -> None:
    mode = tmp_path / "eng-xxx.mode"
    mode.write_text("no-such-analyser '/nowhere/x.bin' | apertium-tagger -g '/nowhere/x.prob'\n", "utf-8")
    with pytest.raises(EngineNotInstalled, match="no-such-analyser is not installed") as caught:
        PreEditor(mode).edit(["Kyiv's plan"], [spans(glossary, "Kyiv's plan")])
    assert caught.value.hint is not None and "apt-get install apertium" in caught.value.hint


def test_a_failing_tagger_is_an_engine_error(tmp_path: Path, glossary: Glossary) -> None:
    mode = tmp_path / "eng-xxx.mode"
    mode.write_text(f"lt-proc '{tmp_path / 'missing.bin'}' | apertium-tagger -g '{tmp_path / 'missing.prob'}'\n",
                    "utf-8")
    editor = PreEditor(mode, timeout=30)
    with pytest.raises(EngineError, match=r"Apertium \(eng-xxx-tagger\) exited"):
        editor.edit(["Kyiv's plan"], [spans(glossary, "Kyiv's plan")])
    editor.close()


def test_texts_and_spans_must_pair_up(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="2 texts but 1 lists"):
        PreEditor(tmp_path / "missing.mode").edit(["a", "b"], [[]])
