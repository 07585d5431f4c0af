"""Benchmark: export then import a 10,000-segment XLIFF, versus a bare lxml parse of the same file.

A store is filled with 100 generated articles of 100 sentences and machine drafts in Spanish (no
engine needed). The review package is exported to XLIFF; every target is then edited (as a
translator would) and the file imported: parsed, every unit checked (stale, conflict, tags, QA)
and all applied in one transaction. The same file is also parsed by lxml alone, best of 3. The
ratio import / bare parse is what counts (goal <= 5x); the import rate is printed in segments/s.

    .venv/bin/python bench/review_roundtrip.py [--articles 100] [--sentences 100]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translate.model import (  # noqa: E402
    Article, ArticleMeta, Block, BlockKind, Glossary, MTResult, Run, SegmentState,
)
from translate.review.apply import Outcome, import_review  # noqa: E402
from translate.review.package import build_package  # noqa: E402
from translate.review.xliff import export_xliff, import_xliff  # noqa: E402
from translate.segment import segment_article  # noqa: E402
from translate.store import Store  # noqa: E402

WORDS = ("summit talks border troops minister capital region agreement sanctions election parliament "
         "delegation ceasefire observers pipeline energy corridor alliance treaty security").split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
    return f"The {' '.join(words)} number {n}."


def fill(store: Store, articles: int, sentences: int) -> None:
    rng = random.Random(5)
    for a in range(articles):
        slug = f"article-{a:03d}"
        meta = ArticleMeta(title=f"Article {a}", slug=slug, source_lang="en", source_path=Path(f"{slug}.md"))
        blocks = [Block(BlockKind.TITLE, (Run(f"Article {a}"),))]
        blocks += [Block(BlockKind.PARAGRAPH, (Run(sentence(rng, a * sentences + i)),)) for i in range(sentences - 1)]
        article = Article(meta, tuple(blocks))
        segments = segment_article(article)
        store.save_article(article, segments)
        store.save_machine_translations(
            slug, "es", [(s, MTResult(f"ES {s.text}"), SegmentState.MT_DRAFT) for s in segments], engine="bench:1"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--sentences", type=int, default=100)
    args = parser.parse_args()
    empty = Glossary((), "")
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "store.sqlite3") as store:
        fill(store, args.articles, args.sentences)
        started = time.perf_counter()
        package = build_package(store, empty, lang="es")
        export_xliff(package)
        export_s = time.perf_counter() - started
        units = tuple(replace(u, target=u.target.replace("ES ", "ES revisado: ", 1), state=SegmentState.EDITED)
                      for u in package.units)
        edited = export_xliff(replace(package, units=units))
        path = Path(tmp) / "review-es.xlf"
        path.write_bytes(edited)

        parse_s = min(_timed(lambda: etree.fromstring(edited)) for _ in range(3))
        started = time.perf_counter()
        parsed = import_xliff(edited, path=path)
        read_s = time.perf_counter() - started
        report = import_review(store, empty, parsed, path=path, actor="bench")
        import_s = time.perf_counter() - started
        applied = report.count(Outcome.APPLIED)
    count = len(package.units)
    print(f"segments: {count:,}; XLIFF {len(edited) / 1e6:.1f} MB")
    print(f"export (store -> XLIFF):                 {export_s:7.3f} s")
    print(f"bare lxml parse of the file (best of 3): {parse_s:7.3f} s")
    print(f"import (parse, check, apply {applied:,}):     {import_s:7.3f} s  {count / import_s:9,.0f} segments/s")
    print(f"  of which reading the XLIFF into units:  {read_s:7.3f} s  ({read_s / parse_s:.2f}x the bare parse)")
    print(f"ratio import / bare parse: {import_s / parse_s:.2f}x (goal <= 5x)")


def _timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
