"""bench/workbench.py keeps working: run at a tiny size (its figures are printed, never asserted here), every
save answered as accepted or as a conflict, and none lost."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from web_helpers import requires_chromium

BENCH = Path(__file__).resolve().parents[1] / "bench" / "workbench.py"
TINY = ["--articles", "3", "--segments", "12", "--editors", "4", "--saves", "24", "--seconds", "20", "--pool", "3",
        "--pause", "0.01", "--repeats", "1"]


@pytest.fixture(scope="module")
def workbench_bench():
    spec = importlib.util.spec_from_file_location("bench_workbench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_the_benchmark_runs_at_a_tiny_size(workbench_bench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # its store under tmp_path
    figures = workbench_bench.main([*TINY, "--no-browser"])
    out = capsys.readouterr().out
    assert figures["saves"] == figures["accepted"] + figures["conflicts"] == 24
    assert (figures["other"], figures["lost"]) == (0, 0)
    assert "browser_ms" not in figures
    assert "store: 3 articles x 3 languages, big-article of 12 segments" in out
    assert "save latency p95:" in out and "lost updates: 0 (goal: 0)" in out


@requires_chromium
def test_the_benchmark_measures_chromium_too(tmp_path: Path) -> None:
    # A process of its own: Playwright's sync API cannot start inside the test session's own (the chromium fixture).
    run = subprocess.run([sys.executable, str(BENCH), *TINY], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "TMPDIR": str(tmp_path)}, check=True)
    assert "editor time to interactive, Chromium, median:" in run.stdout
    assert ", 0 other answers" in run.stdout and "lost updates: 0 (goal: 0)" in run.stdout


@pytest.mark.parametrize(("number", "letters"), [
    pytest.param(0, "a", id="zero"), pytest.param(25, "z", id="last-letter"), pytest.param(26, "ba", id="carry"),
])
def test_save_texts_carry_no_digits(workbench_bench, number: int, letters: str) -> None:
    assert workbench_bench._letters(number) == letters
