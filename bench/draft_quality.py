"""Benchmark: what the draft checks and safe fixes find and fix in the example articles, and what they cost.

The three example articles go through `translate run` into es, ca, gl, pt, fr and it (Apertium; pt, fr
and it through the Spanish pivot) under the shipped glossary, in a workspace under a temporary folder:
with the machine-draft checks and fixes, as `translate run` does, and without
(``plan_run(..., checks=False)``: the same engines and pipeline, the engines' output stored as it came).

From the drafts stored without, per language and category: the findings of the checks on the engine's
output before the safe fixes (for a fix with no check of its own, spacing, doubled word or engine mark,
what the fixes find), how many were fixed automatically, and what is left after them (the checks on
the fixed draft; the fixes run again on it); and how many glued words were split.

Then the run time with the checks over without (goal <= 1.2): each run in a fresh store, with fresh
analyser processes as a `translate run` starts and ends them, the glossary's compiled dictionaries kept
(both sides warm, after one run each), the two taking turns, each the best of ``--tries``; wall-clock
time, and CPU time of this process and the engines' and analysers' processes (steadier on a busy
machine).

    .venv/bin/python bench/draft_quality.py [--tries 3]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translate import analysers  # noqa: E402
from translate.config import Workspace  # noqa: E402
from translate.model import MTResult  # noqa: E402
from translate.pipeline import execute_run, plan_run  # noqa: E402
from translate.qa import Checker, Fixer, Stage  # noqa: E402
from translate.qa.fixes import FixKind, fix_kind  # noqa: E402
from translate.store import Store  # noqa: E402

EXAMPLES = [ROOT / "examples" / name for name in ("armenia-csto.md", "belarus-border.txt", "donbas-front.html")]
LANGUAGES = ("es", "ca", "gl", "pt", "fr", "it")
UNDONE = {FixKind.GLUED_WORD: "glued-word"}
"""The check whose findings a kind of fix undoes; the other kinds are categories of their own (the numbers
check reads a number by value whichever way it is written: "3.5" in Spanish is no finding of it)."""
Tally = Counter[tuple[str, str, str]]
"""(language, category, "before" | "fixed" | "after") -> count."""


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the engines', the analysers')."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_once(workspace: Workspace, *, checks: bool) -> tuple[float, float]:
    """One `translate run` of the examples into a fresh store, with fresh analysers ended with it, as in a
    new `translate run`: its wall-clock and CPU seconds."""
    for path in workspace.state_dir.glob("store.sqlite3*"):
        path.unlink()
    shutil.rmtree(workspace.outputs_dir, ignore_errors=True)
    analysers.installed.cache_clear()
    started, cpu = time.perf_counter(), cpu_seconds()
    execute_run(plan_run(workspace, EXAMPLES, targets=LANGUAGES, checks=checks))
    analysers.installed().close()
    return time.perf_counter() - started, cpu_seconds() - cpu


def best_of(tries: int, actions: dict[str, Callable[[], tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """The best wall-clock and CPU times of each action over ``tries`` rounds, the actions taking turns."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in actions}
    for round_ in range(tries):
        # In the other order every other round, so neither side gains by going first.
        order = list(actions.items()) if round_ % 2 == 0 else list(reversed(actions.items()))
        for name, action in order:
            times[name].append(action())
    return {name: (min(w for w, _ in found), min(c for _, c in found)) for name, found in times.items()}


def tally(workspace: Workspace) -> tuple[Tally, int]:
    """Findings before the fixes, fixes made, findings after, per language and category, from the drafts a
    run without checks stored (the engines' output); and the number of segments per language."""
    plan = plan_run(workspace, EXAMPLES, targets=LANGUAGES)
    plan.engines.close()  # only its articles, segments and routes are read
    counts: Tally = Counter()
    segments = sum(len(item.segments) for item in plan.articles)
    with Store.open(workspace.store_path) as store:
        for item in plan.articles:
            src = item.article.meta.source_lang
            for lang in LANGUAGES:
                via = plan.routes[(src, lang)].via
                check = Checker(Stage.MACHINE_DRAFT, plan.glossary, src=src, tgt=lang, pivot=via)
                fix = Fixer(src=src, tgt=lang, pivot=via)
                stored = store.translations(item.article.meta.slug, lang)
                for segment in item.segments:
                    raw = MTResult(stored[segment.id].text)
                    fixed = fix(segment, raw)
                    for column, text, fixes in (("before", raw.text, fixed), ("after", fixed.text,
                                                                               fix(segment, MTResult(fixed.text)))):
                        counts.update((lang, f.check, column) for f in check(segment, text))
                        # a fix with no check of its own: what the fixes find is its findings
                        counts.update((lang, kind, column) for f in fixes.findings
                                      if (kind := fix_kind(f)) is not None and kind not in UNDONE)
                    counts.update((lang, UNDONE.get(kind, kind), "fixed") for f in fixed.findings
                                  if (kind := fix_kind(f)) is not None)
    return counts, segments


def print_table(counts: Tally) -> None:
    categories = sorted({category for _, category, _ in counts})
    print(f"{'lang':4}  {'category':22} {'before':>6} {'fixed':>6} {'after':>6}")
    for lang in LANGUAGES:
        for category in categories:
            row = [counts[(lang, category, column)] for column in ("before", "fixed", "after")]
            if any(row):
                print(f"{lang:4}  {category:22} {row[0]:6d} {row[1]:6d} {row[2]:6d}")
    totals = [sum(n for (_, _, c), n in counts.items() if c == column) for column in ("before", "fixed", "after")]
    print(f"{'all':4}  {'all categories':22} {totals[0]:6d} {totals[1]:6d} {totals[2]:6d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("apertium") is None:
        sys.exit("needs Apertium and its pairs: run `make test` first")
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace(Path(tmp) / "ws")
        shutil.copytree(ROOT / "glossary", workspace.glossary_dir)
        run_once(workspace, checks=True)  # warm-up: compiles the glossary into the pairs' dictionaries
        run_once(workspace, checks=False)
        best = best_of(args.tries, {
            "with": lambda: run_once(workspace, checks=True),
            "without": lambda: run_once(workspace, checks=False),
        })
        run_once(workspace, checks=False)
        counts, segments = tally(workspace)
    print(f"articles: {len(EXAMPLES)} ({segments} segments) x languages: {len(LANGUAGES)}")
    print("findings of the machine-draft checks on the engines' output before the safe fixes, the fixes made, "
          "and what is left after them:")
    print_table(counts)
    split = ", ".join(f"{lang} {counts[(lang, 'glued-word', 'fixed')]}" for lang in LANGUAGES)
    print(f"glued words split: {split}")
    (wall, cpu), (bare_wall, bare_cpu) = best["with"], best["without"]
    print(f"translate run with the draft checks and fixes: {wall:7.2f} s wall, {cpu:7.2f} s CPU (best of {args.tries})")
    print(f"translate run without (checks=False):          {bare_wall:7.2f} s wall, {bare_cpu:7.2f} s CPU")
    print(f"ratio with / without: {wall / bare_wall:.2f} wall, {cpu / bare_cpu:.2f} CPU (goal <= 1.2)"
          f"   [.venv/bin/python bench/draft_quality.py --tries {args.tries}]")


if __name__ == "__main__":
    main()
