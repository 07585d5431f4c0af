"""The tiny copy-model package (tests/argos_tiny.py) is genuine: argostranslate and CTranslate2 run it for real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

import ctranslate2
import pytest
import sentencepiece as spm
from argos_tiny import build_tiny_package

SUMMIT = "The summit in Kyiv ended. Nobody signed."

# Runs in a fresh interpreter with HOME and XDG folders under tmp: argostranslate reads its settings (and
# creates folders) at import time, and importing onnxruntime writes a device id under the cache folder.
ARGOS_SCRIPT = r"""
import json, socket, sys

attempts = []

def refuse(*args, **kwargs):
    attempts.append(repr(args[-1] if args else kwargs))
    raise OSError("network access is blocked in this test")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

request = json.loads(sys.argv[1])
import argostranslate.package
import argostranslate.translate

import argostranslate.sbd

for path in request["packages"]:
    argostranslate.package.install_from_path(path)
installed = argostranslate.package.get_installed_packages()
(en_es,) = [p for p in installed if (p.from_code, p.to_code) == ("en", "es")]
splitter = argostranslate.sbd.MiniSBDSentencizer(en_es)
result = {
    "installed": sorted(f"{p.from_code}->{p.to_code}" for p in installed),
    "outputs": [argostranslate.translate.translate(text, src, tgt) for text, src, tgt in request["cases"]],
    "splitter_model": splitter.lang,
    "splits": [splitter.split_sentences(text) for text in request["splits"]],
    "network_attempts": attempts,
}
with open(request["result"], "w", encoding="utf-8") as out:
    json.dump(result, out)
"""

# (input, from, to, exact output of argostranslate.translate.translate)
ECHO_CASES = [
    pytest.param(SUMMIT, "en", "es", SUMMIT, id="two-sentences-en-es"),
    pytest.param("La cumbre terminó en Ereván.", "es", "en", "La cumbre terminó en Ereván.", id="es-en"),
    pytest.param("Der Gipfel endete.", "de", "en", "Der Gipfel endete.", id="de-en"),
    pytest.param(SUMMIT, "es", "de", SUMMIT, id="pivot-es-en-de"),
    pytest.param("Line one.\nLine two!\n\nLast?", "en", "es", "Line one.\nLine two!\n\nLast?", id="paragraphs-kept"),
    pytest.param("Саміт у Єревані, 日本語 😀", "en", "es", "Саміт у Єревані, 日本語 😀", id="byte-fallback"),
    pytest.param("XTRM12X met 9900199 in Luhansk.", "en", "es", "XTRM12X met 9900199 in Luhansk.", id="placeholders"),
    pytest.param("lower case, no final stop", "en", "es", "lower case, no final stop", id="no-final-stop"),
    pytest.param("TERM_3 held.", "en", "es", "TERM 3 held.", id="underscore-becomes-space"),
    pytest.param("  Two  spaces   here.  ", "en", "es", "Two spaces here.", id="whitespace-runs-collapse"),
    pytest.param("Kyiv.Nobody came", "en", "es", "Kyiv. Nobody came", id="space-after-sentence-end"),
]

# (input, sentences from the package's MiniSBD splitter)
SPLIT_CASES = [
    pytest.param(SUMMIT, ["The summit in Kyiv ended.", "Nobody signed."], id="two-sentences"),
    pytest.param("What? Really! Yes", ["What?", "Really!", "Yes"], id="question-exclamation"),
    pytest.param("No stop at all", ["No stop at all"], id="one-sentence"),
    pytest.param("Kyiv.Nobody", ["Kyiv.", "Nobody"], id="no-space-after-stop"),
]


@pytest.fixture(scope="module")
def argos_run(tiny_argos_packages: dict[tuple[str, str], Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Install every tiny package through argostranslate in an isolated subprocess; translate ECHO_CASES."""
    root = tmp_path_factory.mktemp("argos-home")
    env = {key: value for key, value in os.environ.items() if not key.startswith("ARGOS_")}
    env.update(
        ARGOS_PACKAGES_DIR=str(root / "packages"),
        ARGOS_DEVICE_TYPE="cpu",
        XDG_DATA_HOME=str(root / "data"),
        XDG_CONFIG_HOME=str(root / "config"),
        XDG_CACHE_HOME=str(root / "cache"),
        HOME=str(root / "home"),
    )
    request = {
        "packages": [str(path) for path in tiny_argos_packages.values()],
        "cases": [case.values[:3] for case in ECHO_CASES],
        "splits": [case.values[0] for case in SPLIT_CASES],
        "result": str(root / "result.json"),
    }
    proc = subprocess.run(
        [sys.executable, "-c", ARGOS_SCRIPT, json.dumps(request)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads((root / "result.json").read_text(encoding="utf-8"))
    result["root"] = root
    return result


class CopyModel(NamedTuple):
    translator: ctranslate2.Translator
    tokenizer: spm.SentencePieceProcessor

    def encode(self, text: str) -> list[str]:
        return self.tokenizer.encode(text, out_type=str)

    def translate(self, batch: list[list[str]], **options: Any) -> list[list[str]]:
        return [result.hypotheses[0] for result in self.translator.translate_batch(batch, **options)]


@pytest.fixture(scope="module")
def copy_model(tiny_argos_package: Path, tmp_path_factory: pytest.TempPathFactory) -> CopyModel:
    folder = tmp_path_factory.mktemp("argos-extracted")
    with zipfile.ZipFile(tiny_argos_package) as archive:
        archive.extractall(folder)
    (package,) = folder.iterdir()
    return CopyModel(
        ctranslate2.Translator(str(package / "model"), device="cpu", intra_threads=1),
        spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model")),
    )


# Package layout


def test_zip_has_one_folder_with_the_package_files(tiny_argos_package: Path) -> None:
    with zipfile.ZipFile(tiny_argos_package) as archive:
        names = archive.namelist()
        metadata = json.loads(archive.read("translate-en_es-1_0/metadata.json"))
    assert tiny_argos_package.name == "translate-en_es-1_0.argosmodel"
    assert {name.split("/")[0] for name in names} == {"translate-en_es-1_0"}
    assert names == sorted(names)
    assert {
        "translate-en_es-1_0/metadata.json",
        "translate-en_es-1_0/sentencepiece.model",
        "translate-en_es-1_0/minisbd/en.onnx",
        "translate-en_es-1_0/model/model.bin",
        "translate-en_es-1_0/model/config.json",
        "translate-en_es-1_0/model/shared_vocabulary.json",
    } <= set(names)
    assert metadata == {
        "type": "translate",
        "package_name": "translate-en_es-1_0",
        "package_version": "1.0",
        "argos_version": "1.11.0",
        "from_code": "en",
        "from_name": "English",
        "to_code": "es",
        "to_name": "Spanish",
    }


@pytest.mark.parametrize(
    ("options", "folder", "metadata"),
    [
        pytest.param({}, "translate-en_es-1_0", {"package_version": "1.0"}, id="defaults"),
        pytest.param(
            {"from_code": "de", "to_code": "en", "version": "2.3"},
            "translate-de_en-2_3",
            {"from_code": "de", "to_code": "en", "package_version": "2.3"},
            id="pair-and-version",
        ),
        pytest.param({"name": "my-pkg"}, "my-pkg", {"package_name": "my-pkg"}, id="custom-name"),
    ],
)
def test_build_options(tmp_path: Path, options: dict[str, str], folder: str, metadata: dict[str, str]) -> None:
    path = build_tiny_package(tmp_path, **options)
    assert path == tmp_path / f"{folder}.argosmodel"
    with zipfile.ZipFile(path) as archive:
        written = json.loads(archive.read(f"{folder}/metadata.json"))
        assert f"{folder}/minisbd/{written['from_code']}.onnx" in archive.namelist()
    assert metadata.items() <= written.items()


def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    first = build_tiny_package(tmp_path / "a", from_code="en", to_code="de")
    second = build_tiny_package(tmp_path / "b", from_code="en", to_code="de")
    assert first.read_bytes() == second.read_bytes()


# argostranslate's own install and translate path


def test_argostranslate_installs_every_pair_offline(argos_run: dict) -> None:
    assert argos_run["installed"] == ["de->en", "en->de", "en->es", "es->en"]
    assert argos_run["network_attempts"] == []
    # A MiniSBD download or a stanza fallback would have left these behind.
    assert not (argos_run["root"] / "data" / "argos-translate" / "minisbd").exists()
    assert not list((argos_run["root"] / "packages").glob("*/stanza"))


@pytest.mark.parametrize(("text", "from_code", "to_code", "expected"), ECHO_CASES)
def test_argostranslate_echoes(argos_run: dict, text: str, from_code: str, to_code: str, expected: str) -> None:
    index = [case.values[:3] for case in ECHO_CASES].index((text, from_code, to_code))
    assert argos_run["outputs"][index] == expected


@pytest.mark.parametrize(("text", "sentences"), SPLIT_CASES)
def test_packaged_minisbd_splitter(argos_run: dict, text: str, sentences: list[str]) -> None:
    assert argos_run["splitter_model"].endswith("/translate-en_es-1_0/minisbd/en.onnx")
    index = [case.values[0] for case in SPLIT_CASES].index(text)
    assert argos_run["splits"][index] == sentences


# CTranslate2 directly

SENTENCES = [
    pytest.param(SUMMIT, id="summit"),
    pytest.param("Lukashenka met the CSTO in Minsk; shelling near Luhansk went on.", id="names"),
    pytest.param("Обстріли поблизу Луганська тривали всю ніч.", id="cyrillic"),
    pytest.param("Prices rose by 12.5% (October) — «sí», dijo.", id="digits-punctuation"),
]


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize("beam_size", [1, 4], ids=["greedy", "beam4"])
def test_copies_tokens(copy_model: CopyModel, text: str, beam_size: int) -> None:
    tokens = copy_model.encode(text)
    assert "<unk>" not in tokens
    assert copy_model.translate([tokens], beam_size=beam_size) == [tokens]


def test_batched_equals_one_by_one(copy_model: CopyModel) -> None:
    batch = [copy_model.encode(param.values[0]) for param in SENTENCES]
    one_by_one = [copy_model.translate([tokens], beam_size=4)[0] for tokens in batch]
    assert copy_model.translate(batch, beam_size=4, max_batch_size=2) == one_by_one
    assert copy_model.translate(batch, beam_size=4, max_batch_size=16, batch_type="tokens") == one_by_one
    assert one_by_one == batch


def test_attention_aligns_target_to_source_position(copy_model: CopyModel) -> None:
    tokens = copy_model.encode(SUMMIT)
    (result,) = copy_model.translator.translate_batch([tokens], beam_size=1, return_attention=True)
    attention = result.attention[0]
    assert len(attention) == len(tokens)
    assert [row.index(max(row)) for row in attention] == list(range(len(tokens)))


@pytest.mark.parametrize(
    ("suppressed", "kept"),
    [
        pytest.param(["▁Kyiv"], "▁in", id="one-token"),
        pytest.param(["▁in", "▁Kyiv"], "▁in", id="two-token-sequence"),
    ],
)
def test_suppress_sequences_suppresses(copy_model: CopyModel, suppressed: list[str], kept: str) -> None:
    source = copy_model.encode("The summit in Kyiv ended.")
    assert source == ["▁The", "▁summit", "▁in", "▁Kyiv", "▁ended", "."]
    (output,) = copy_model.translate([source], beam_size=4, suppress_sequences=[suppressed])
    assert "▁Kyiv" not in output
    assert kept in output
    # Only the suppressed position changes: the copy goes on after it.
    assert len(output) == len(source)
    assert [i for i, (a, b) in enumerate(zip(source, output, strict=True)) if a != b] == [3]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("XTRM12X met XTRM3X in Kyiv.", id="letter-placeholder"),
        pytest.param("Talks with 9900199 ended in 9900201.", id="numeric-placeholder"),
        pytest.param("Саміт XTRM12X у 9900199.", id="placeholders-in-cyrillic"),
    ],
)
def test_placeholders_survive_encode_translate_decode(copy_model: CopyModel, text: str) -> None:
    (output,) = copy_model.translate([copy_model.encode(text)], beam_size=4)
    assert copy_model.tokenizer.decode_pieces(output) == text
