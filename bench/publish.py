"""Benchmark: publish 20 articles x 6 languages, then republish unchanged, in one run.

The example articles are copied to 20 articles; every segment gets a draft in es, ca, gl, pt, fr and
it (no engine needed: the source prefixed with the language) and is approved through a review
import, as editors would. Then `publish` renders the release (HTML and DOCX for every article in 7
languages with the source, index, manifest), and runs again with nothing changed. Prints documents
per second for the first publish and the ratio republish / publish (goal <= 0.1).

    .venv/bin/python bench/publish.py [--articles 20]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translate.config import Workspace  # noqa: E402
from translate.ingest import read_article  # noqa: E402
from translate.model import Glossary, MTResult, ParsedReview, SegmentState  # noqa: E402
from translate.release import publish  # noqa: E402
from translate.review.apply import import_review  # noqa: E402
from translate.review.package import build_package  # noqa: E402
from translate.segment import segment_article  # noqa: E402
from translate.store import Store  # noqa: E402

EXAMPLES = [ROOT / "examples" / name for name in ("armenia-csto.md", "belarus-border.txt", "donbas-front.html")]
LANGS = ("es", "ca", "gl", "pt", "fr", "it")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    args = parser.parse_args()
    empty = Glossary((), "")
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace(Path(tmp) / "ws")
        with Store.open(workspace.store_path) as store:
            for i in range(args.articles):
                article = read_article(EXAMPLES[i % len(EXAMPLES)])
                article = replace(article, meta=replace(article.meta, slug=f"{article.meta.slug}-{i:02d}"))
                segments = segment_article(article)
                store.save_article(article, segments)
                for lang in LANGS:
                    store.save_machine_translations(
                        article.meta.slug, lang,
                        [(s, MTResult(f"[{lang}] {s.text}"), SegmentState.MT_DRAFT) for s in segments], engine="bench:1",
                    )
            for lang in LANGS:
                package = build_package(store, empty, lang=lang)
                approved = tuple(replace(u, state=SegmentState.APPROVED) for u in package.units)
                import_review(store, empty, ParsedReview(replace(package, units=approved)),
                              path=Path(f"{lang}.xlf"), actor="bench")
        started = time.perf_counter()
        first = publish(workspace, name="bench")
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        again = publish(workspace, name="bench")
        again_s = time.perf_counter() - started
    documents = sum(1 for path in first.written if path.endswith((".html", ".docx")) and path != "index.html")
    print(f"articles: {args.articles} x languages: {len(LANGS)} + source = {documents} documents (HTML and DOCX)")
    print(f"first publish:        {first_s:7.3f} s  {documents / first_s:7.1f} documents/s")
    print(f"republish, unchanged: {again_s:7.3f} s  (files rewritten: {len(again.written)})")
    print(f"ratio republish / publish: {again_s / first_s:.3f} (goal <= 0.1)")


if __name__ == "__main__":
    main()
