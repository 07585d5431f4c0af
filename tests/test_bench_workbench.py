"""bench/workbench.py keeps working: run at a tiny size (its figures are printed, never asserted here), every
save answered as accepted or as a conflict, and none lost."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from web_helpers import CHROMIUM

BENCH = Path(__file__).resolve().parents[1] / "bench" / "workbench.py"


@pytest.fixture(scope="module")
def workbench_bench():
    spec = importlib.util.spec_from_file_location("bench_workbench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.mark.parametrize("browser", [
    pytest.param(False, id="server-only"),
    pytest.param(True, id="with-chromium", marks=pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium")),
])
def test_the_benchmark_runs_at_a_tiny_size(workbench_bench, browser: bool, capsys: pytest.CaptureFixture[str]) -> None:
    figures = workbench_bench.main(["--articles", "3", "--segments", "12", "--editors", "4", "--saves", "24",
                                    "--seconds", "20", "--pool", "3", "--pause", "0.01", "--repeats", "1",
                                    *([] if browser else ["--no-browser"])])
    out = capsys.readouterr().out
    assert figures["saves"] == figures["accepted"] + figures["conflicts"] == 24
    assert (figures["other"], figures["lost"]) == (0, 0)
    assert ("browser_ms" in figures) is browser
    assert "store: 3 articles x 3 languages, big-article of 12 segments" in out
    assert "save latency p95:" in out and "lost updates: 0 (goal: 0)" in out


@pytest.mark.parametrize(("number", "letters"), [
    pytest.param(0, "a", id="zero"), pytest.param(25, "z", id="last-letter"), pytest.param(26, "ba", id="carry"),
])
def test_save_texts_carry_no_digits(workbench_bench, number: int, letters: str) -> None:
    assert workbench_bench._letters(number) == letters
