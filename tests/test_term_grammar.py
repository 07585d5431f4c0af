"""Grammar around glossary terms in real runs: English sentences (tests/data/term_grammar.toml) into es, ca, gl
and, through the Spanish pivot, pt, fr and it, by the engines a run uses under the shipped glossary.

Each language's sentences go through one ``translate_batch`` of ``GlossaryEnforced`` around
``Engines(config).for_pair("en", lang)``; each sentence's translation must contain what a good
translator writes near the term (article gender and number, verb number, possessives, "-based",
spelled-out names with their acronym, multi-word names), and no translation may hold a forbidden
variant of the glossary.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from conftest import ROOT, requires_apertium
from translate.config import Workspace, load_config
from translate.engines import Engines
from translate.glossary.enforce import GlossaryEnforced
from translate.glossary.load import load_glossary
from translate.glossary.match import matcher_for
from translate.model import Glossary, TermStatus

SENTENCES_FILE = ROOT / "tests" / "data" / "term_grammar.toml"
LANGUAGES = ("es", "ca", "gl", "pt", "fr", "it")
MODES = ("eng-spa", "eng-cat", "en-gl", "es-pt", "es-fr", "spa-ita")
SENTENCES: list[dict[str, object]] = tomllib.loads(SENTENCES_FILE.read_text("utf-8"))["sentence"]
SOURCES = [str(sentence["en"]) for sentence in SENTENCES]

pytestmark = [
    requires_apertium,
    pytest.mark.skipif(
        not all(Path(f"/usr/share/apertium/modes/{mode}.mode").exists() for mode in MODES),
        reason=f"needs the Apertium pairs {', '.join(MODES)} (make test installs them)",
    ),
]

CASES = [
    pytest.param(lang, index, expected, id=f"{lang}-{sentence['id']}")
    for lang in LANGUAGES
    for index, sentence in enumerate(SENTENCES)
    for expected in [sentence.get(lang)]
    if expected
]


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Glossary:
    return load_glossary(ROOT / "glossary", cache_dir=tmp_path_factory.mktemp("glossary-cache"))


@pytest.fixture(scope="module")
def translations(glossary: Glossary, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Every sentence in every language, one batch per language, as ``translate run`` would make them."""
    workspace = Workspace(tmp_path_factory.mktemp("workspace"))
    with Engines(load_config(workspace)) as engines:
        out: dict[str, list[str]] = {}
        for lang in LANGUAGES:
            enforced = GlossaryEnforced(engines.for_pair("en", lang), glossary, state_dir=workspace.state_dir)
            out[lang] = [result.text for result in enforced.translate_batch(SOURCES, src="en", tgt=lang)]
        return out


def test_at_least_forty_sentences() -> None:
    assert len(SENTENCES) >= 40
    assert len({sentence["id"] for sentence in SENTENCES}) == len(SENTENCES)


@pytest.mark.parametrize(("lang", "index", "expected"), CASES)
def test_grammar_near_the_term(translations: dict[str, list[str]], lang: str, index: int,
                               expected: list[str]) -> None:
    output = translations[lang][index]
    missing = [text for text in expected if text not in output]
    assert not missing, f"{SOURCES[index]!r} -> {output!r}: missing {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_forbidden_variant(glossary: Glossary, translations: dict[str, list[str]], lang: str) -> None:
    matcher = matcher_for(glossary, lang, source_lang="en")
    forbidden = [(output, match.text) for output in translations[lang] for match in matcher.find(output)
                 if match.status is TermStatus.FORBIDDEN]
    assert forbidden == []
