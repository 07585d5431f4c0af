"""The argos engine through a genuine tiny argostranslate package (a model that copies its input)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import ctranslate2
import pytest

from engines_memory import MemoryEngine
from test_engines import EngineContract
from translate.config import Workspace, load_config
from translate.engines import Engines
from translate.engines.argos import ArgosEngine, ArgosOptions, find_packages, suppression_sequences
from translate.engines.base import Engine
from translate.errors import EngineError, PairNotAvailable
from translate.glossary.enforce import GlossaryEnforced
from translate.model import Concept, Glossary, TermVariants
from translate.qa import check_terms


def unpack(archives: dict[tuple[str, str], Path], dest: Path, pairs: list[tuple[str, str]]) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for pair in pairs:
        with zipfile.ZipFile(archives[pair]) as archive:
            archive.extractall(dest)  # our own test package: trusted
    return dest


@pytest.fixture
def models(tiny_argos_packages: dict[tuple[str, str], Path], tmp_path: Path) -> Path:
    return unpack(tiny_argos_packages, tmp_path / "models", [("en", "es"), ("en", "de"), ("de", "en"), ("es", "en")])


class TestArgos(EngineContract):
    pair = ("en", "es")
    engine_name = "argos-"

    @pytest.fixture
    def engine(self, models: Path) -> Iterator[Engine]:
        engine = ArgosEngine(packages_dir=models, options=ArgosOptions(device="cpu"))
        yield engine
        engine.close()

    def test_echoes_through_the_copy_model(self, engine: ArgosEngine) -> None:
        texts = ["The summit in Kyiv ended.", "Lukashenka met the CSTO in Minsk on 24 November."]
        assert [r.text for r in engine.translate_batch(texts, src="en", tgt="es")] == texts

    def test_batch_size_does_not_change_output(self, models: Path) -> None:
        texts = [f"Sentence number {i} about Luhansk and Donetsk." for i in range(9)]
        small = ArgosEngine(packages_dir=models, options=ArgosOptions(device="cpu", max_batch_size=2))
        large = ArgosEngine(packages_dir=models, options=ArgosOptions(device="cpu", max_batch_size=64))
        assert small.translate_batch(texts, src="en", tgt="es") == large.translate_batch(texts, src="en", tgt="es")

    def test_suppress_keeps_a_term_out(self, engine: ArgosEngine) -> None:
        [plain] = engine.translate_batch(["They met in Kiev today."], src="en", tgt="es")
        [suppressed] = engine.translate_batch(["They met in Kiev today."], src="en", tgt="es", suppress=["Kiev"])
        assert "Kiev" in plain.text and "Kiev" not in suppressed.text

    @pytest.mark.parametrize("placeholder", [pytest.param("XTRM1X", id="argos"), pytest.param("XTRM27X", id="two-digits")])
    def test_placeholders_survive(self, engine: ArgosEngine, placeholder: str) -> None:
        [result] = engine.translate_batch([f"The {placeholder} summit ended."], src="en", tgt="es")
        assert placeholder in result.text

    def test_signature(self, engine: ArgosEngine) -> None:
        signature = engine.signature("en", "es")
        assert signature.options == (("compute", "default"), ("beam", "4"))
        assert str(signature).startswith("engine:argos-") and "|compute:default|beam:4|translate:" in str(signature)

    def test_pair_not_installed(self, engine: ArgosEngine) -> None:
        with pytest.raises(PairNotAvailable, match=r"en->uk.*installed: de->en, en->de, en->es, es->en"):
            engine.translate_batch(["Hello."], src="en", tgt="uk")

    @pytest.mark.skipif(ctranslate2.get_cuda_device_count() > 0, reason="a GPU is visible here")
    def test_cuda_without_gpu_is_a_clear_error(self, models: Path) -> None:
        engine = ArgosEngine(packages_dir=models, options=ArgosOptions(device="cuda"))
        with pytest.raises(EngineError, match="sees no CUDA GPU"):
            engine.translate_batch(["Hello."], src="en", tgt="es")


def test_glossary_through_argos(models: Path) -> None:
    glossary = Glossary((
        Concept("kyiv", (("en", TermVariants("Kyiv", forbidden=("Kiev",))), ("es", TermVariants("Kyiv", forbidden=("Kiev",))))),
        Concept("csto", (("en", TermVariants("CSTO")), ("es", TermVariants("OTSC")))),
    ), "3" * 64)
    engine = GlossaryEnforced(ArgosEngine(packages_dir=models, options=ArgosOptions(device="cpu")), glossary)
    sources = ["The CSTO met in Kiev.", "KIEV: the CSTO summit."]
    results = engine.translate_batch(sources, src="en", tgt="es")
    assert [r.text for r in results] == ["The OTSC met in Kyiv.", "KYIV: the OTSC summit."]
    assert all(check_terms(s, r.text, glossary, src="en", tgt="es") == [] for s, r in zip(sources, results))


def test_pivot_through_english(models: Path, tmp_path: Path) -> None:
    (tmp_path / "translate.toml").write_text(f'[engines.argos]\npackages_dir = "{models}"\ndevice = "cpu"\n')
    with Engines(load_config(Workspace(tmp_path)), choice="argos") as engines:
        route = engines.route("es", "de")
        assert (route.engine, route.via) == ("argos", "en")
        engine = engines.for_pair("es", "de")
        [result] = engine.translate_batch(["La cumbre terminó."], src="es", tgt="de")
        assert result.text == "La cumbre terminó."
        signature = engine.signature("es", "de")
        assert (signature.via, len(signature.engine)) == ("en", 2)
        assert all(step.name.startswith("argos-") for step in signature.engine)


def test_auto_prefers_argos(models: Path) -> None:
    """Over an engine that offers the same pair, wherever Apertium is or is not installed."""
    argos = ArgosEngine(packages_dir=models, options=ArgosOptions(device="cpu"))
    other = MemoryEngine({("en", "es"): {"the": "el"}, ("en", "ca"): {"the": "el"}}, name="apertium")
    with Engines(engines=[argos, other]) as engines:
        assert engines.route("en", "es").engine == "argos"
        assert engines.route("en", "ca").engine == "apertium"
        assert engines.for_pair("en", "es") is argos
        [result] = engines.for_pair("en", "es").translate_batch(["The summit ended."], src="en", tgt="es")
        assert result.text == "The summit ended."  # the copy model, not the word table
    with Engines(engines=[other, argos]) as engines:
        assert engines.route("en", "es").engine == "apertium"  # the order given is the preference


def test_auto_prefers_argos_in_the_registry(models: Path, tmp_path: Path) -> None:
    (tmp_path / "translate.toml").write_text(f'[engines.argos]\npackages_dir = "{models}"\ndevice = "cpu"\n')
    with Engines(load_config(Workspace(tmp_path))) as engines:
        assert engines.route("en", "es").engine == "argos"


def test_find_packages_reads_metadata_only(models: Path) -> None:
    found = find_packages(models)
    assert set(found) == {("en", "es"), ("en", "de"), ("de", "en"), ("es", "en")}
    assert all(p.version for p in found.values())


def test_suppression_sequences_cover_variants(models: Path) -> None:
    from argostranslate.package import Package

    package = Package(find_packages(models)[("en", "es")].path)
    sequences = suppression_sequences(package.tokenizer, ["Kiev"])
    joined = {package.tokenizer.decode(seq).strip() for seq in sequences}
    assert {"Kiev", "KIEV", "kiev"} <= joined
