"""Benchmark: glossary term scan over about a million words, 100-concept versus 10,000-concept glossary.

The text (random syllable words in sentences, with glossary terms sprinkled in: preferred terms,
forms, forbidden variants, possessives, ALL-CAPS, multi-word names) and both glossaries are
generated from a fixed seed, so every run scans the same input. Each glossary's Matcher is built
once, then ``find`` runs over the whole text 3 times and the best time counts. Both run here, one
after the other, in this one process run; the ratio time(10,000) / time(100) is what counts
(goal <= 2: the cost grows with the text, not with the glossary).

Then the enforcement overhead on `translate run`: the three example articles into es, ca and gl,
each time with a fresh store, once with the repository's glossary/ and once with an empty one,
alternating (best of 3 each); the ratio time(with) / time(without) is what counts (goal <= 1.15).

    .venv/bin/python bench/glossary_scale.py [--words 1000000] [--seed 7] [--no-run]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from translate.glossary.match import Matcher
from translate.model import Concept, Glossary, TermMatch, TermVariants

ONSETS = ["", "b", "d", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh", "kh", "zh", "br", "st", "tr"]
VOWELS = ["a", "e", "i", "o", "u", "y", "ia", "iu"]
CODAS = ["", "", "", "n", "k", "r", "s", "sk", "v", "l"]
PUNCTUATION = [",", ",", ".", ";", ":"]
REPEATS = 3
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "examples" / name for name in ("armenia-csto.md", "belarus-border.txt", "donbas-front.html")]


@dataclass(frozen=True, slots=True)
class Run:
    concepts: int
    build_s: float
    find_s: float
    matches: list[TermMatch]


def syllable(rng: random.Random) -> str:
    return rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)


def word(rng: random.Random, low: int = 1, high: int = 4) -> str:
    return "".join(syllable(rng) for _ in range(rng.randint(low, high)))


def make_glossary(rng: random.Random, size: int) -> Glossary:
    """``size`` concepts with distinct random names, each with a preferred term, a form and a forbidden variant."""
    seen: set[str] = set()
    concepts = []
    while len(concepts) < size:
        name = word(rng, 2, 4).capitalize()
        if rng.random() < 0.05:
            name += " " + word(rng, 2, 3).capitalize()
        forbidden = name.replace("a", "o", 1) if "a" in name else name + "o"
        form = name + "a"
        if {name, form, forbidden} & seen or len({name, form, forbidden}) < 3:
            continue
        seen |= {name, form, forbidden}
        variants = TermVariants(name, forms=(form,), forbidden=(forbidden,))
        concepts.append(Concept(f"c{len(concepts)}", (("en", variants),), kind="place"))
    return Glossary(tuple(concepts), f"bench-{size}-{rng.random()}")


def make_text(rng: random.Random, words: int, terms: list[str]) -> str:
    """About ``words`` words of sentences, one word in 50 replaced by a glossary term."""
    vocabulary = [word(rng) for _ in range(20_000)]
    out: list[str] = []
    sentence_start = True
    for _ in range(words):
        if rng.random() < 0.02:
            token = rng.choice(terms)
            roll = rng.random()
            if roll < 0.1:
                token = token.upper()
            elif roll < 0.25:
                token += rng.choice(["'s", "’s", "-based"])
        else:
            token = rng.choice(vocabulary)
            if sentence_start:
                token = token.capitalize()
        sentence_start = False
        if rng.random() < 0.08:
            mark = rng.choice(PUNCTUATION)
            token += mark
            sentence_start = mark == "."
        out.append(token)
    return " ".join(out)


def variants(glossary: Glossary) -> list[str]:
    terms = [concept.terms[0][1] for concept in glossary.concepts]
    return [v for t in terms for v in (t.preferred, *t.forms, *t.forbidden)]


def measure(glossary: Glossary, text: str) -> Run:
    """Build the Matcher once, then the best of ``REPEATS`` scans of ``text``."""
    started = time.perf_counter()
    matcher = Matcher(glossary, "en")
    build_s = time.perf_counter() - started
    best = float("inf")
    matches: list[TermMatch] = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        matches = matcher.find(text)
        best = min(best, time.perf_counter() - started)
    return Run(len(glossary.concepts), build_s, best, matches)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="words of generated text (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--no-run", action="store_true", help="skip the `translate run` overhead measurement")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    large = make_glossary(rng, 10_000)
    small = Glossary(large.concepts[:100], "bench-small")
    # Half the sprinkled terms come from the small glossary, so both glossaries find plenty.
    terms = variants(small) * 100 + variants(large)
    text = make_text(rng, args.words, terms)
    words = len(text.split())
    print(f"text: {words:,} words, {len(text):,} characters")

    runs = [measure(small, text), measure(large, text)]
    print(f"{'concepts':>9} {'build s':>8} {'find s':>8} {'matches':>8} {'forbidden':>9} {'words/s':>11}")
    for run in runs:
        forbidden = sum(1 for m in run.matches if m.status == "forbidden")
        print(
            f"{run.concepts:>9,} {run.build_s:>8.3f} {run.find_s:>8.3f} {len(run.matches):>8,}"
            f" {forbidden:>9,} {words / run.find_s:>11,.0f}"
        )
    ratio = runs[1].find_s / runs[0].find_s
    print(f"ratio time(10,000) / time(100): {ratio:.2f} (goal <= 2): {'ok' if ratio <= 2 else 'MISSED'}")
    if not args.no_run:
        enforcement_overhead()


def timed_run(glossary: Path | None) -> float:
    """Seconds for `translate run` of the examples into es, ca, gl in a fresh workspace."""
    translate = Path(sys.executable).parent / "translate"
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp)
        if glossary is not None:
            shutil.copytree(glossary, workspace / "glossary")
        started = time.perf_counter()
        subprocess.run(
            [str(translate), "-q", "-w", str(workspace), "run", *map(str, EXAMPLES), "--to", "es,ca,gl"],
            check=True, stdout=subprocess.DEVNULL,
        )
        return time.perf_counter() - started


def enforcement_overhead() -> None:
    """`translate run` with the repository glossary versus without, alternating, best of 3."""
    if shutil.which("apertium") is None:
        print("enforcement overhead: skipped (Apertium is not installed; run `make test` first)")
        return
    with_glossary, without = [], []
    for _ in range(REPEATS):
        without.append(timed_run(None))
        with_glossary.append(timed_run(ROOT / "glossary"))
    best_with, best_without = min(with_glossary), min(without)
    ratio = best_with / best_without
    print(f"translate run, examples x es,ca,gl: without glossary {best_without:.2f} s, "
          f"with glossary/ {best_with:.2f} s")
    print(f"ratio with / without: {ratio:.2f} (goal <= 1.15): {'ok' if ratio <= 1.15 else 'MISSED'}")


if __name__ == "__main__":
    main()
