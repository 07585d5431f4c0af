"""Benchmark: grammar around glossary terms, with the glossary versus the plain engine, one run.

The segments of the three example articles and the sentences of tests/data/term_grammar.toml go,
per language (es, ca, gl and, through the Spanish pivot, pt, fr, it), through the engines a run
uses: the bare engine (``Engines(config).for_pair``) and the same engine under the shipped glossary
(``GlossaryEnforced(engine, glossary, state_dir=...)``). Per language it prints: forbidden variants
in the enforced output (goal 0), the terms applied, the agreement rate of the determiners right
before governed terms (``translate.qa.agreement``; goal >= 95%), the segments where enforcement
introduces a disagreement the plain output did not have (goal 0), and the run time with the
glossary over without (both warm, taking turns, best of ``--tries``; goal <= 1.15). Then, per
Apertium pair, the time to compile the shipped glossary into its dictionaries
(``apertium_terms.build``): first into an empty folder (goal <= 10 s) and cached (goal <= 50 ms).

    .venv/bin/python bench/term_grammar.py [--tries 5] [--errors]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path

from translate.config import Workspace, load_config
from translate.engines import Engines, apertium_terms
from translate.engines.base import Engine
from translate.glossary.enforce import GlossaryEnforced
from translate.glossary.load import load_glossary
from translate.glossary.match import matcher_for
from translate.ingest import read_article
from translate.model import Glossary, MTResult, TermStatus
from translate.qa.agreement import Agreement, agreement
from translate.segment import segment_article

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "examples" / name for name in ("armenia-csto.md", "belarus-border.txt", "donbas-front.html")]
SENTENCES = ROOT / "tests" / "data" / "term_grammar.toml"
LANGUAGES = ("es", "ca", "gl", "pt", "fr", "it")
MODES_DIR = Path("/usr/share/apertium/modes")
PAIRS = (("eng-spa", "en", "es"), ("eng-cat", "en", "ca"), ("en-gl", "en", "gl"),
         ("es-pt", "es", "pt"), ("es-fr", "es", "fr"), ("spa-ita", "es", "it"))


def segments() -> tuple[list[str], int]:
    """The example articles' segments (tagged) and then the test sentences; and how many are the articles'."""
    texts = [segment.text for path in EXAMPLES for segment in segment_article(read_article(path))]
    articles = len(texts)
    texts += [sentence["en"] for sentence in tomllib.loads(SENTENCES.read_text("utf-8"))["sentence"]]
    return texts, articles


def best_of(tries: int, actions: dict[str, Callable[[], object]]) -> dict[str, float]:
    """The best time of each action over ``tries`` rounds, the actions taking turns within each round."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for round_ in range(tries):
        # Taking turns, and in the other order every other round, so neither side gains by going first.
        order = list(actions.items()) if round_ % 2 == 0 else list(reversed(actions.items()))
        for name, action in order:
            started = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - started)
    return {name: min(found) for name, found in times.items()}


def disagreements(glossary: Glossary, text: str, lang: str, *, plain: bool = False) -> list[Agreement]:
    """The determiners before governed terms in ``text`` that do not agree; in a ``plain`` output (no glossary)
    the forbidden variants count too, as the concept they name, so that both sides are judged alike."""
    return [found for found in agreement(glossary, text, lang, source_lang="en", forbidden=plain)
            if found.agrees is False]


def judge(glossary: Glossary, results: Sequence[MTResult], lang: str, *, plain: bool = False) -> list[bool]:
    """Whether each judged determiner before a governed term in ``results`` agrees (see :func:`disagreements`)."""
    return [found.agrees for out in results
            for found in agreement(glossary, out.text, lang, source_lang="en", forbidden=plain)
            if found.agrees is not None]


def rate(judged: Sequence[bool]) -> str:
    return f"{100 * sum(judged) / len(judged) if judged else 100.0:5.1f}% ({sum(judged)}/{len(judged)})"


def language_report(glossary: Glossary, lang: str, texts: Sequence[str], plain: Sequence[MTResult],
                    enforced: Sequence[MTResult], *, errors: bool) -> str:
    """One line of figures for ``lang`` (and, with ``errors``, each disagreement under it)."""
    matcher = matcher_for(glossary, lang, source_lang="en")
    forbidden = sum(match.status is TermStatus.FORBIDDEN for out in enforced for match in matcher.find(out.text))
    applied = sum(len(out.terms) for out in enforced)
    judged = judge(glossary, enforced, lang)
    plain_judged = judge(glossary, plain, lang, plain=True)
    introduced: list[tuple[int, list[Agreement]]] = []
    for index, (bare, wrapped) in enumerate(zip(plain, enforced, strict=True)):
        wrong = disagreements(glossary, wrapped.text, lang)
        if len(wrong) > len(disagreements(glossary, bare.text, lang, plain=True)):
            introduced.append((index, wrong))
    line = (f"{lang}  forbidden {forbidden:3d} (goal 0)  terms applied {applied:4d}  agreement {rate(judged)} "
            f"(goal >= 95%; plain engine {rate(plain_judged)})  introduced {len(introduced):3d} (goal 0)")
    if errors:
        for index, wrong in introduced:
            found = ", ".join(f"“{w.determiner} {w.term}”" for w in wrong)
            line += f"\n    {found}: {texts[index][:70]!r} -> {enforced[index].text[:90]!r}"
    return line


def build_times(glossary: Glossary, tries: int, folder: Path) -> list[str]:
    """Per pair: the shipped glossary compiled into its dictionaries, into an empty folder and cached."""
    lines = []
    for mode, src, tgt in PAIRS:
        path = MODES_DIR / f"{mode}.mode"
        if not path.exists():
            lines.append(f"{mode}: not installed")
            continue
        first: list[float] = []
        for n in range(tries):
            state = folder / f"{mode}-{n}"
            started = time.perf_counter()
            apertium_terms.build(glossary, path, src, tgt, state)
            first.append(time.perf_counter() - started)
        cached: list[float] = []
        for _ in range(tries):
            started = time.perf_counter()
            apertium_terms.build(glossary, path, src, tgt, folder / f"{mode}-0")
            cached.append(time.perf_counter() - started)
        lines.append(f"{mode:8s} first {min(first):6.2f} s (goal <= 10 s)  cached {1000 * min(cached):6.1f} ms "
                     f"(goal <= 50 ms)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=5)
    parser.add_argument("--errors", action="store_true", help="list the disagreements enforcement introduces")
    args = parser.parse_args()
    if shutil.which("apertium") is None:
        sys.exit("needs Apertium and its pairs: run `make test` first")
    texts, articles = segments()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        glossary = load_glossary(ROOT / "glossary", cache_dir=folder / "glossary-cache")
        workspace = Workspace(folder / "workspace")
        print(f"segments: {len(texts)} ({articles} of the example articles, {len(texts) - articles} test sentences);"
              f" glossary of {len(glossary.concepts)} concepts")
        ratios: list[float] = []
        with Engines(load_config(workspace)) as engines:
            for lang in LANGUAGES:
                bare: Engine = engines.for_pair("en", lang)
                wrapped = GlossaryEnforced(bare, glossary, state_dir=workspace.state_dir)
                # Untimed first runs: processes started, dictionaries built; their outputs are the figures'.
                plain = bare.translate_batch(texts, src="en", tgt=lang)
                enforced = wrapped.translate_batch(texts, src="en", tgt=lang)
                timed = texts * 4  # long enough that the machine's noise does not decide the ratio
                best = best_of(args.tries, {
                    "without": lambda: bare.translate_batch(timed, src="en", tgt=lang),
                    "with": lambda: wrapped.translate_batch(timed, src="en", tgt=lang),
                })
                ratios.append(best["with"] / best["without"])
                print(language_report(glossary, lang, texts, plain, enforced, errors=args.errors)
                      + f"  with/without {ratios[-1]:.2f}x ({best['with']:.2f} s / {best['without']:.2f} s;"
                        " goal <= 1.15)")
        print(f"run time with the glossary over without, worst language: {max(ratios):.2f}x (goal <= 1.15)")
        print("dictionary build for the shipped glossary, best of each:")
        for line in build_times(glossary, args.tries, folder / "builds"):
            print(f"  {line}")


if __name__ == "__main__":
    main()
