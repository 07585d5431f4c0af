"""Benchmark: the editor's side panel (GET /api/segment-info) on a store of 100 articles x 3 languages.

Every article has 200 sentences, made from a small vocabulary so that many are alike; half of every
language's translations are approved (the memory: 10,000 approved sources per language), and 2,000 TMX
entries per language are imported. The workbench runs on loopback (uvicorn, as `translate serve`); the
figures are the time of one panel request (memory matched, history, comments), the first of each language
(its memory read) apart, then p50 and p95 over segments taken across the store; and of the memory read and
the lookup alone in this process.

    .venv/bin/python bench/segment_info.py [--articles 100] [--segments 200] [--requests 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from web_helpers import serving  # noqa: E402

from translate.memory import MemoryIndex  # noqa: E402
from translate.model import (  # noqa: E402
    Article,
    ArticleMeta,
    Block,
    BlockKind,
    MemoryEntry,
    MTResult,
    Run,
    SegmentState,
)
from translate.segment import segment_article  # noqa: E402
from translate.store import Change, Store  # noqa: E402

LANGS = ("es", "ca", "gl")
WORDS = ("summit", "troops", "border", "minister", "talks", "village", "election", "drone", "bridge", "harbour",
         "council", "report", "army", "market", "school", "river", "winter", "mayor", "court", "strike")


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 14))
    return f"The {' '.join(words)} on {rng.randint(1, 28)} November."


def build(folder: Path, *, articles: int, segments: int) -> Path:
    rng = random.Random(7)
    store = Store.open(folder / ".translate" / "store.sqlite3")
    for number in range(articles):
        slug = f"article-{number:03d}"
        meta = ArticleMeta(title=f"Article {number}", slug=slug, source_lang="en", source_path=Path(f"{slug}.md"))
        body = [Block(BlockKind.PARAGRAPH, (Run(" ".join(sentence(rng) for _ in range(10))),))
                for _ in range(segments // 10)]
        article = Article(meta, (Block(BlockKind.TITLE, (Run(f"Article {number}"),)), *body))
        split = segment_article(article)
        store.save_article(article, split)
        for lang in LANGS:
            store.save_machine_translations(slug, lang, [(s, MTResult(f"{lang}: {s.text}"), SegmentState.MT_DRAFT)
                                                         for s in split], engine="bench:1")
            store.apply_changes([Change(slug, s.id, lang, f"{lang.upper()} {s.text}", SegmentState.APPROVED, None)
                                 for s in split[::2]], actor="bench", via="bench")
    for lang in LANGS:
        store.add_memory([MemoryEntry("en", lang, sentence(rng), f"tmx {lang} {n}", f"tu-{n}", "", "")
                          for n in range(2000)])
    store.close()
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--segments", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        started = time.perf_counter()
        workspace = build(Path(temp), articles=options.articles, segments=options.segments)
        print(f"store: {options.articles} articles x {len(LANGS)} languages x {options.segments} segments, "
              f"built in {time.perf_counter() - started:.1f} s")
        with Store.open(workspace / ".translate" / "store.sqlite3") as store:
            picks = [(slug, lang, segment)
                     for slug in store.articles()[:: max(1, options.articles // 20)]
                     for segment in store.segments(slug)[1::37] for lang in LANGS][: options.requests]
            started = time.perf_counter()
            index = MemoryIndex.of_store(store, source_lang="en", lang="es")
            read = time.perf_counter() - started
            lookups = []
            for slug, _, segment in picks:
                started = time.perf_counter()
                index.matches(segment.text, exclude=f"translate:{slug}/{segment.id}")
                lookups.append(time.perf_counter() - started)
        print(f"memory of en-es: {len(index):,} entries read in {read * 1000:.0f} ms; "
              f"a lookup p50 {statistics.median(lookups) * 1000:.1f} ms, "
              f"p95 {statistics.quantiles(lookups, n=20)[-1] * 1000:.1f} ms")
        with serving(workspace) as served, served.client() as client:
            cold, times = [], []
            for slug, lang, segment in picks:
                started = time.perf_counter()
                answer = client.get(f"/api/segment-info/{slug}/{lang}/{segment.id}")
                (times if len(cold) == len(LANGS) else cold).append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.text
        print(f"GET /api/segment-info over loopback: the first of each language (memory read) "
              f"{', '.join(f'{t * 1000:.0f}' for t in cold)} ms; the next {len(times)}: "
              f"p50 {statistics.median(times) * 1000:.0f} ms, "
              f"p95 {statistics.quantiles(times, n=20)[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
