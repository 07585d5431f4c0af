"""Benchmark: glossary term scan over about a million words, 100-concept versus 10,000-concept glossary.

The text (random syllable words in sentences, with glossary terms sprinkled in: preferred terms,
forms, forbidden variants, possessives, ALL-CAPS, multi-word names) and both glossaries are
generated from a fixed seed, so every run scans the same input. Each glossary's Matcher is built
once, then ``find`` runs over the whole text 3 times and the best time counts. Both run here, one
after the other, in this one process run; the ratio time(10,000) / time(100) is what counts
(goal <= 2: the cost grows with the text, not with the glossary).

Then the cost of reading a 10,000-concept glossary (4 YAML files, 11 languages a concept, about
8 MB, generated from the seed) as every command does, each against a bare ``yaml.load`` of the same
files with PyYAML's C loader, measured here in this run: ``load_glossary`` in this process (parse and
check, no cache), and ``translate glossary check`` as a command, first with no cache (it parses,
checks and writes ``.translate/glossary-cache.json``) and then with the cache (best of 3). The
ratios time / time(bare yaml.load) are what count (goal: a cached command <= 1, i.e. cheaper than
parsing the YAML at all). Run it with PYTHONPATH pointing at an older checkout to measure that.

Then the enforcement overhead on `translate run`: the three example articles into es, ca and gl,
each time with a fresh store, once with the repository's glossary/ and once with an empty one,
alternating (best of 3 each); the ratio time(with) / time(without) is what counts (goal <= 1.15).

    .venv/bin/python bench/glossary_scale.py [--words 1000000] [--seed 7] [--concepts 10000] [--no-run]
        [--only scan|load|run] [--repeats 3]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from translate.glossary.exchange import write_glossary_yaml
from translate.glossary.load import load_glossary
from translate.glossary.match import Matcher
from translate.model import Concept, Glossary, TermMatch, TermVariants

ONSETS = ["", "b", "d", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh", "kh", "zh", "br", "st", "tr"]
VOWELS = ["a", "e", "i", "o", "u", "y", "ia", "iu"]
CODAS = ["", "", "", "n", "k", "r", "s", "sk", "v", "l"]
PUNCTUATION = [",", ",", ".", ";", ":"]
REPEATS = 3
ROOT = Path(__file__).resolve().parents[1]
LOAD_LANGUAGES = ("es", "ca", "gl", "pt", "fr", "it", "de", "pl")
LOAD_FILES = 4
_CYRILLIC = str.maketrans("abdeiklmnoprstuvz", "абдеіклмнопрстувз")
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
    parser.add_argument("--concepts", type=int, default=10_000, help="concepts of the loaded glossary (default 10,000)")
    parser.add_argument("--repeats", type=int, default=REPEATS, help=f"best of how many (default {REPEATS})")
    parser.add_argument("--only", choices=["scan", "load", "run"], help="one measurement only")
    parser.add_argument("--no-run", action="store_true", help="skip the `translate run` overhead measurement")
    args = parser.parse_args()
    if args.only in (None, "scan"):
        scan_cost(args.seed, args.words)
    if args.only in (None, "load"):
        load_cost(args.seed, args.concepts, args.repeats)
    if args.only == "run" or (args.only is None and not args.no_run):
        enforcement_overhead()


def scan_cost(seed: int, words_wanted: int) -> None:
    """The Matcher over the generated text, 100 versus 10,000 concepts."""
    rng = random.Random(seed)
    large = make_glossary(rng, 10_000)
    small = Glossary(large.concepts[:100], "bench-small")
    # Half the sprinkled terms come from the small glossary, so both glossaries find plenty.
    terms = variants(small) * 100 + variants(large)
    text = make_text(rng, words_wanted, terms)
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


def make_concepts(rng: random.Random, size: int) -> list[Concept]:
    """``size`` concepts as a newsroom glossary has them: en with a form and a forbidden variant, eight Latin-script
    languages, uk and ru with three case forms each, a kind and a note; no term of one is a term of another."""
    seen: set[str] = set()
    concepts: list[Concept] = []
    while len(concepts) < size:
        name = word(rng, 2, 4).capitalize()
        if rng.random() < 0.2:
            name += " " + word(rng, 2, 3).capitalize()
        forbidden = name.replace("a", "o", 1) if "a" in name else name + "o"
        cyrillic = name.translate(_CYRILLIC)
        cases = (cyrillic + "а", cyrillic + "у", cyrillic + "ом")
        keys = {term.casefold() for term in (name, name + "a", forbidden, cyrillic, *cases)}
        if keys & seen or len(keys) < 7:
            continue
        seen |= keys
        terms = [("en", TermVariants(name, forms=(name + "a",), forbidden=(forbidden,)))]
        terms += [(lang, TermVariants(name)) for lang in LOAD_LANGUAGES]
        terms += [(lang, TermVariants(cyrillic, forms=cases)) for lang in ("ru", "uk")]
        note = f"Concept {len(concepts)}: " + " ".join(word(rng) for _ in range(12))
        concepts.append(Concept(f"c{len(concepts)}", tuple(terms), kind="place", note=note))
    return concepts


def best_of(repeats: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def check_command(workspace: Path) -> None:
    # cwd: `python -m` puts the current folder first on sys.path, and this checkout must not shadow PYTHONPATH's.
    subprocess.run([sys.executable, "-m", "translate", "-q", "-w", str(workspace), "glossary", "check"], check=True,
                   stdout=subprocess.DEVNULL, cwd=workspace)


def load_cost(seed: int, size: int, repeats: int) -> None:
    """Reading a ``size``-concept glossary: bare yaml.load, load_glossary, `glossary check` without and with cache."""
    concepts = make_concepts(random.Random(seed), size)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp)
        folder = workspace / "glossary"
        folder.mkdir()
        (workspace / ".translate").mkdir()
        share = -(-size // LOAD_FILES)
        for index in range(LOAD_FILES):
            part = concepts[index * share : (index + 1) * share]
            (folder / f"{index + 1}0-part.yaml").write_text(write_glossary_yaml(part), encoding="utf-8")
        files = sorted(folder.iterdir())
        megabytes = sum(path.stat().st_size for path in files) / 1e6
        print(f"glossary: {size:,} concepts in {len(files)} files, {megabytes:.1f} MB")
        bare = best_of(repeats, lambda: [yaml.load(path.read_text("utf-8"), Loader=loader) for path in files])
        loaded = best_of(repeats, lambda: load_glossary(folder))
        started = time.perf_counter()
        check_command(workspace)  # parses, checks, and writes the cache where this code has one
        cold = time.perf_counter() - started
        warm = best_of(repeats, lambda: check_command(workspace))
    print(f"bare yaml.load ({loader.__name__}): {bare:.2f} s")
    for label, seconds in (("load_glossary (parse and check, no cache)", loaded),
                           ("translate glossary check, no cache yet", cold),
                           ("translate glossary check, cache written", warm)):
        print(f"{label}: {seconds:.2f} s, ratio / bare yaml.load: {seconds / bare:.2f}")
    print(f"ratio cached command / bare yaml.load: {warm / bare:.2f} (goal <= 1): {'ok' if warm <= bare else 'MISSED'}")


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
