"""Engine contract, run against every engine built here (real Apertium processes)."""

from __future__ import annotations

import json
import os
import re
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import requires_apertium
from engines_memory import MemoryEngine
from translate.cli import cli
from translate.engines import CHOICES, Engines
from translate.engines.apertium import ApertiumEngine, _Pipeline, decode, encode
from translate.engines.argos import ArgosEngine
from translate.engines.base import Engine
from translate.engines.pivot import Pivot
from translate.glossary.enforce import GlossaryEnforced
from translate import __version__
from translate.model import Concept, EngineStep, Glossary, Signature, TermVariants
from translate.errors import EngineError, EngineNotInstalled, PairNotAvailable
from translate.inline import strip_tags, tagged_to_runs
from translate.model import Mark, MarkKind

MODES = Path("/usr/share/apertium/modes")


def make_engines(tmp_path: Path, *, modes_dir: Path = MODES, pivots: tuple[tuple[str, str, str], ...] = (),
                 choice: str = "auto") -> Engines:
    """The registered engines, built as translate.toml would build them (argos with no packages)."""
    return Engines(choice=choice, engines=[ArgosEngine(packages_dir=tmp_path / "models", pivot="en"),
                                           ApertiumEngine(modes_dir=modes_dir, pivots=pivots)])


GLOSSARY = Glossary((Concept("kyiv", (("en", TermVariants("Kyiv", forbidden=("Kiev",))),
                                      ("es", TermVariants("Kyiv", forbidden=("Kiev",))),
                                      ("pt", TermVariants("Kyiv", forbidden=("Kiev",))))),), "4" * 64)


class EngineContract:
    """What every engine (and wrapper) promises; subclasses provide ``engine``, ``pair`` and ``engine_name``,
    how the first step of its signature's engine begins."""

    pair: tuple[str, str]
    engine_name: str

    @pytest.fixture
    def engine(self) -> Iterator[Engine]:
        raise NotImplementedError

    def test_offers_its_pair(self, engine: Engine) -> None:
        assert self.pair in engine.pairs()

    def test_one_result_per_input_in_order(self, engine: Engine) -> None:
        texts = ["Good morning.", "", "The war began in 2022.", "   ", "Thank you."]
        results = engine.translate_batch(texts, src=self.pair[0], tgt=self.pair[1])
        assert len(results) == len(texts)
        assert results[1].text == "" and results[3].text == "   "
        assert "2022" in results[2].text
        assert all(r.text.strip() for i, r in enumerate(results) if texts[i].strip())

    def test_batch_equals_one_by_one(self, engine: Engine) -> None:
        texts = ["The summit ended.", "Negotiations continue.", "Nobody answered."]
        together = engine.translate_batch(texts, src=self.pair[0], tgt=self.pair[1])
        alone = [engine.translate_batch([t], src=self.pair[0], tgt=self.pair[1])[0] for t in texts]
        assert together == alone

    def test_tags_stay_well_formed(self, engine: Engine) -> None:
        marks = (Mark(MarkKind.STRONG), Mark(MarkKind.LINK, "https://www.osce.org/"))
        text = "The <1>new government</1> met the <2>mission</2> in the capital."
        [result] = engine.translate_batch([text], src=self.pair[0], tgt=self.pair[1])
        runs = tagged_to_runs(result.text, marks)
        kept = {m for run in runs for m in run.marks}
        # Either the formatting moved with the words, or the engine says it was dropped.
        assert kept == set(marks) or (not kept and "formatting-lost" in {f.check for f in result.findings})

    def test_special_characters_survive(self, engine: Engine) -> None:
        text = "Prices [in euros] rose 5 * 3 &amp; 10 / 2 ^ 4 $ @ # ~ \\ &lt;b&gt; times."
        [result] = engine.translate_batch([text], src=self.pair[0], tgt=self.pair[1])
        plain = strip_tags(result.text)
        for token in ("[", "]", "*", "&", "/", "^", "$", "@", "#", "~", "\\", "<b>"):
            assert token in plain, token

    def test_signature_names_the_engine(self, engine: Engine) -> None:
        signature = engine.signature(*self.pair)
        assert isinstance(signature, Signature) and signature.legacy is None and signature.tool == __version__
        assert signature.engine and signature.engine[0].name.startswith(self.engine_name)
        assert all(step.name and step.version and step.version != "" for step in signature.engine)
        assert str(signature).startswith(f"engine:{self.engine_name}")
        assert str(signature).endswith(f"|translate:{__version__}")
        assert Signature.parse(str(signature)) == signature
        assert engine.signature(*self.pair) == signature


class TestMemory(EngineContract):
    """The in-memory test engine keeps the contract, so tests built on it stand for a real engine."""

    pair = ("en", "es")
    engine_name = "memory-"

    @pytest.fixture
    def engine(self) -> Iterator[Engine]:
        with MemoryEngine() as engine:
            yield engine


class TestGlossaryEnforced(EngineContract):
    pair = ("en", "es")
    engine_name = "memory-"

    @pytest.fixture
    def engine(self) -> Iterator[Engine]:
        yield GlossaryEnforced(MemoryEngine(), GLOSSARY)

    def test_enforces_around_the_engine(self, engine: Engine) -> None:
        [result] = engine.translate_batch(["The summit in Kiev ended."], src="en", tgt="es")
        assert result.text == "El cumbre en Kyiv terminaron."


class TestPivotInMemory(EngineContract):
    pair = ("en", "pt")
    engine_name = "memory-en-es"

    @pytest.fixture
    def engine(self) -> Iterator[Engine]:
        memory = MemoryEngine({("en", "es"): {"good": "buenos", "morning": "días"},
                               ("es", "pt"): {"buenos": "bom", "días": "dia"}})
        yield Pivot(memory, memory, src="en", via="es", tgt="pt")

    def test_goes_through_the_pivot(self, engine: Engine) -> None:
        [result] = engine.translate_batch(["Good morning."], src="en", tgt="pt")
        assert result.text == "Bom dia."


@requires_apertium
class TestGlossaryEnforcedApertium(EngineContract):
    pair = ("en", "es")
    engine_name = "apertium-eng-spa"

    @pytest.fixture
    def engine(self) -> Iterator[Engine]:
        with ApertiumEngine() as apertium:
            yield GlossaryEnforced(apertium, GLOSSARY)


@requires_apertium
class TestGlossaryEnforcedApertiumWithTerms(EngineContract):
    """The glossary compiled into Apertium's dictionaries (English pre-edits included) keeps the contract."""

    pair = ("en", "es")
    engine_name = "apertium-eng-spa"

    @pytest.fixture
    def engine(self, tmp_path: Path) -> Iterator[Engine]:
        with ApertiumEngine() as apertium:
            yield GlossaryEnforced(apertium, GLOSSARY, state_dir=tmp_path)

    def test_the_terms_are_inside_and_the_plain_engine_is_untouched(self, tmp_path: Path) -> None:
        with ApertiumEngine() as apertium:
            enforced = GlossaryEnforced(apertium, GLOSSARY, state_dir=tmp_path)
            [inside] = enforced.translate_batch(["Kyiv's decision surprised everyone."], src="en", tgt="es")
            [plain] = apertium.translate_batch(["Kyiv's decision surprised everyone."], src="en", tgt="es")
        assert enforced.handled("en", "es") == {"kyiv"}
        assert inside.text.startswith("La decisión de Kyiv") and [t.action for t in inside.terms] == ["dictionary"]
        assert not plain.text.startswith("La decisión de Kyiv"), plain.text


@requires_apertium
class TestApertium(EngineContract):
    pair = ("en", "es")
    engine_name = "apertium-eng-spa"

    @pytest.fixture
    def engine(self) -> Iterator[Engine]:
        with ApertiumEngine() as engine:
            yield engine

    def test_signature_has_mode_and_package_version(self, engine: Engine) -> None:
        signature = engine.signature("en", "es")
        assert [step.name for step in signature.engine] == ["apertium-eng-spa"]
        assert signature.engine[0].version.startswith("0.") and signature.glossary is None

    def test_unknown_words_become_findings_not_stars(self, engine: Engine) -> None:
        [result] = engine.translate_batch(["The CSTO summit in Yerevan ended."], src="en", tgt="es")
        assert "*" not in result.text
        assert "CSTO" in result.text and "Yerevan" in result.text
        assert {(f.check, f.message.split("“")[1].rstrip("”")) for f in result.findings} == {
            ("unknown-word", "CSTO"), ("unknown-word", "Yerevan")
        }

    def test_one_persistent_process_per_pair(self, engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch) -> None:
        started: list[str] = []
        real_start = _Pipeline.start.__func__  # type: ignore[attr-defined]

        def spy(cls: type[_Pipeline], mode: Path) -> _Pipeline:
            started.append(mode.stem)
            return real_start(cls, mode)

        monkeypatch.setattr(_Pipeline, "start", classmethod(spy))
        for _ in range(3):
            engine.translate_batch(["One sentence.", "Another one."], src="en", tgt="es")
            engine.translate_batch(["One sentence."], src="en", tgt="ca")
        assert started == ["eng-spa", "eng-cat"]

    def test_dead_process_is_a_clear_error(self, engine: ApertiumEngine) -> None:
        engine.translate_batch(["Hello."], src="en", tgt="es")
        pipeline = engine._pipelines[engine.modes()[("en", "es")]]
        os.killpg(pipeline.process.pid, signal.SIGKILL)
        pipeline.process.wait()
        with pytest.raises(EngineError, match="Apertium"):
            engine.translate_batch(["Hello again."], src="en", tgt="es")

    def test_missing_pair(self, engine: Engine) -> None:
        with pytest.raises(PairNotAvailable, match="en->uk"):
            engine.translate_batch(["Hello."], src="en", tgt="uk")


@requires_apertium
class TestPivot(EngineContract):
    pair = ("en", "pt")
    engine_name = "apertium-eng-spa"

    @pytest.fixture
    def engine(self) -> Iterator[Engine]:
        with ApertiumEngine() as apertium:
            yield Pivot(apertium, apertium, src="en", via="es", tgt="pt")

    def test_goes_through_the_pivot(self, engine: Engine) -> None:
        [result] = engine.translate_batch(["The house is white."], src="en", tgt="pt")
        assert result.text == "A casa é branca."
        signature = engine.signature("en", "pt")
        assert ([step.name for step in signature.engine], signature.via) == (["apertium-eng-spa", "apertium-es-pt"], "es")
        assert str(signature).startswith("engine:apertium-eng-spa@0.")
        assert "+apertium-es-pt@" in str(signature) and "|via:es|translate:" in str(signature)

    def test_unknown_words_reported_once(self, engine: Engine) -> None:
        [result] = engine.translate_batch(["Pashinyan spoke."], src="en", tgt="pt")
        assert "*" not in result.text and "Pashinyan" in result.text
        assert [f.check for f in result.findings] == ["unknown-word"]


def test_apertium_not_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    modes = tmp_path / "modes"
    modes.mkdir()
    (modes / "eng-spa.mode").write_text("lt-proc x\n")
    monkeypatch.setenv("PATH", str(tmp_path))
    with ApertiumEngine(modes_dir=modes) as engine, pytest.raises(EngineNotInstalled, match="apt-get install apertium"):
        engine.translate_batch(["Hello."], src="en", tgt="es")


def test_no_modes_means_no_pairs(tmp_path: Path) -> None:
    assert ApertiumEngine(modes_dir=tmp_path / "nowhere").pairs() == frozenset()


@pytest.mark.parametrize(
    ("stream", "text", "checks"),
    [
        pytest.param("El [[t:g:1]]*CSTO[[/]] [[t:g:1]]cumbre[[/]] acabó.[]", "El <1>CSTO cumbre</1> acabó.",
                     ["unknown-word"], id="wblank-merged-across-blank"),
        pytest.param("\\[x\\] 5 [*] 3 [#]1 \\@ \\\\", "[x] 5 * 3 #1 @ \\", [], id="escapes-and-superblanks"),
        pytest.param("#ser @casa *Kyiv.", "ser casa Kyiv.", ["generation-failure", "missing-translation", "unknown-word"],
                     id="three-marks"),
        pytest.param("a &lt; b", "a &amp;lt; b", [], id="text-is-escaped-for-tags"),
    ],
)
def test_decode(stream: str, text: str, checks: list[str]) -> None:
    result = decode(stream, mode="eng-spa")
    assert result.text == text
    assert [f.check for f in result.findings] == checks


def test_encode_escapes_and_wraps_tags() -> None:
    assert encode("The <1>CSTO summit </1>[x] 5 * 3 &amp; ~") == (
        "The [[t:g:1]]CSTO summit[[/]] \\[x\\] 5 [*] 3 & [~][]"
    )


@requires_apertium
def test_routes_and_hints(tmp_path: Path) -> None:
    with make_engines(tmp_path, pivots=(("en", "es", "pt"), ("en", "es", "fr"))) as engines:
        assert engines.route("en", "es").description == "apertium"
        assert engines.route("en", "pt").description == "apertium via es"
        with pytest.raises(PairNotAvailable) as info:
            engines.route("en", "uk")
        message = str(info.value)
        assert "en->es" in message and "argostranslate" in message
        with pytest.raises(PairNotAvailable, match="apertium-es-ro"):
            engines.route("es", "ro")
    with make_engines(tmp_path, choice="argos") as engines, pytest.raises(PairNotAvailable, match="--engine argos"):
        engines.route("en", "es")


@requires_apertium
@pytest.mark.parametrize(("src", "tgt"), [pytest.param("en-US", "es", id="regional-source"),
                                          pytest.param("en", "es-ES", id="regional-target"),
                                          pytest.param("en-GB", "es-ES", id="both")])
def test_a_regional_variant_is_pointed_to_its_language(tmp_path: Path, src: str, tgt: str) -> None:
    with make_engines(tmp_path) as engines, pytest.raises(PairNotAvailable) as info:
        engines.route(src, tgt)
    assert info.value.hint is not None and info.value.hint.startswith("en->es is available")
    assert "`lang: en`" in info.value.hint and "--to es" in info.value.hint


def no_modes_folder(tmp_path: Path) -> Path:
    return tmp_path / "nowhere"


def modes_folder_is_a_file(tmp_path: Path) -> Path:
    (tmp_path / "modes").write_text("not a folder\n")
    return tmp_path / "modes"


def empty_modes_folder(tmp_path: Path) -> Path:
    (tmp_path / "modes").mkdir()
    (tmp_path / "modes" / "README").write_text("no modes here\n")
    return tmp_path / "modes"


@requires_apertium
@pytest.mark.parametrize(
    ("make", "state"),
    [
        pytest.param(no_modes_folder, "does not exist", id="missing"),
        pytest.param(modes_folder_is_a_file, "is not a folder", id="a-file"),
        pytest.param(empty_modes_folder, "holds no Apertium modes (*.mode files)", id="no-modes"),
    ],
)
def test_wrong_modes_dir_names_the_setting_and_the_path(tmp_path: Path, make: Callable[[Path], Path],
                                                        state: str) -> None:
    modes = make(tmp_path)
    expected = f"Apertium's modes folder '{modes}' ([engines.apertium] modes_dir) {state}"
    with make_engines(tmp_path, modes_dir=modes) as engines, pytest.raises(EngineNotInstalled) as info:
        engines.route("en", "es")
    assert str(info.value).startswith(f"no engine offers en->es: {expected}; set [engines.apertium] modes_dir in ")
    assert "not installed" not in str(info.value)
    with ApertiumEngine(modes_dir=modes) as engine, pytest.raises(EngineNotInstalled, match=re.escape(expected)):
        engine.translate_batch(["Hello."], src="en", tgt="es")


def engines_output(workspace: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), "engines", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_engines_listing_prints_brackets_literally(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "translate.toml").write_text(f'[engines.argos]\npackages_dir = "{tmp_path / "[models]"}"\n')
    out = engines_output(workspace)
    assert "declared in translate.toml [engines.apertium.pivots]." in out
    assert f"argostranslate packages are read from {tmp_path / '[models]'}/." in out


@requires_apertium
def test_engines_listing_says_why_apertium_offers_nothing(tmp_path: Path) -> None:
    (tmp_path / "translate.toml").write_text(f'[engines.apertium]\nmodes_dir = "{tmp_path / "nowhere"}"\n')
    out = engines_output(tmp_path)
    assert f"Apertium offers no pair: Apertium's modes folder '{tmp_path / 'nowhere'}' ([engines.apertium] " \
           "modes_dir) does not exist" in out
    data = json.loads(engines_output(tmp_path, "--format", "json"))
    assert data["pairs"] == [] and "does not exist" in data["apertium_problem"]


def test_choices_come_from_the_registry() -> None:
    assert CHOICES == ("auto", "argos", "apertium")


def test_injected_engines_route_by_preference_and_pivots() -> None:
    first = MemoryEngine({("en", "es"): {"the": "el"}}, name="first")
    second = MemoryEngine({("en", "es"): {"the": "la"}, ("en", "ca"): {"the": "el"}, ("ca", "oc"): {"el": "lo"}},
                          name="second", pivot_routes=frozenset({("en", "ca", "oc")}))
    with Engines(engines=[first, second]) as engines:
        assert [(r.src, r.tgt, r.description) for r in engines.routes()] == [
            ("ca", "oc", "second"), ("en", "ca", "second"), ("en", "es", "first"), ("en", "oc", "second via ca"),
        ]
        assert engines.for_pair("en", "es") is first
        [result] = engines.for_pair("en", "oc").translate_batch(["the"], src="en", tgt="oc")
        assert (result.text, result.findings) == ("lo", ())
    with Engines(engines=[first, second], choice="second") as engines:
        assert engines.route("en", "es").engine == "second"
        with pytest.raises(PairNotAvailable, match="no engine offers en->uk with --engine second") as info:
            engines.route("en", "uk")
        assert info.value.hint == "available here: ca->oc, en->ca, en->es, en->oc"


def test_an_unknown_choice_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine 'apertium'; choose one of auto, memory"):
        Engines(engines=[MemoryEngine()], choice="apertium")


@pytest.mark.parametrize(
    ("signature", "text"),
    [
        pytest.param(Signature((EngineStep("apertium-eng-spa", "0.8.1"),), glossary="sha256:ab12"),
                     f"engine:apertium-eng-spa@0.8.1|glossary:sha256:ab12|translate:{__version__}", id="apertium"),
        pytest.param(Signature((EngineStep("apertium-eng-spa", "0.8.1-2"), EngineStep("apertium-spa-por", "1.1")),
                               via="es", tool="0.3"),
                     "engine:apertium-eng-spa@0.8.1-2+apertium-spa-por@1.1|via:es|translate:0.3", id="pivot"),
        pytest.param(Signature((EngineStep("argos-translate-en_es", "1.0"),), options=(("compute", "int8"),
                                                                                    ("beam", "4"))),
                     f"engine:argos-translate-en_es@1.0|compute:int8|beam:4|translate:{__version__}", id="options"),
    ],
)
def test_signature_round_trip(signature: Signature, text: str) -> None:
    assert str(signature) == text
    assert Signature.parse(text) == signature


@pytest.mark.parametrize(
    "old",
    [
        pytest.param("apertium:eng-spa@0.8.1-2", id="apertium"),
        pytest.param("apertium:eng-spa@0.8.1|glossary:sha256:000000000000", id="with-glossary"),
        pytest.param("pivot:es(apertium:eng-spa@1 > apertium:spa-por@2)|glossary:sha256:0", id="pivot"),
        pytest.param("argos:translate-en_es@1.0|default|beam:4", id="argos"),
        pytest.param("memory:csto/0123abcd", id="memory-match"),
        pytest.param("engine:broken|translate:0.1", id="new-form-broken"),
    ],
)
def test_old_signatures_still_read(old: str) -> None:
    signature = Signature.parse(old)
    assert (signature.legacy, str(signature), signature.engine) == (old, old, ())
