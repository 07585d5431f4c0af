"""Benchmark: the argos engine's batched decoding versus argostranslate's own translate(), one run.

The three example articles go through a genuine tiny argostranslate package built offline (the
copy model of tests/argos_tiny.py: real SentencePiece, real CTranslate2 Transformer, real MiniSBD
splitter): first with argostranslate's ``translate()`` called per paragraph (its own sentence
splitting and 32-token batches), then with our engine, one batched ``translate_batch`` per article
on one warm Translator. Same package, same beam size; both outputs are checked equal (apart from
the spaces argostranslate inserts where its splitter cut a sentence at a decimal point). Prints
both times, the ratio (goal >= 2x) and the engine's throughput in tokens/s.

    .venv/bin/python bench/argos_batching.py [--device cpu|cuda] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "examples" / name for name in ("armenia-csto.md", "belarus-border.txt", "donbas-front.html")]
BEAM = 4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the articles, best time kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # argostranslate reads its settings at import: point everything at this folder first.
        os.environ.update({
            "ARGOS_PACKAGES_DIR": str(folder / "packages"), "XDG_DATA_HOME": str(folder / "data"),
            "XDG_CACHE_HOME": str(folder / "cache"), "XDG_CONFIG_HOME": str(folder / "config"),
            "ARGOS_DEVICE_TYPE": args.device, "ARGOS_BEAM_SIZE": str(BEAM),
        })
        sys.path.insert(0, str(ROOT / "tests"))
        from argos_tiny import build_tiny_package

        from translate.engines.argos import ArgosEngine, ArgosOptions
        from translate.ingest import read_article
        from translate.inline import strip_tags
        from translate.segment import blocks_segments, segment_article

        archive = build_tiny_package(folder, from_code="en", to_code="es")
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(folder / "packages")  # built just now by us: trusted
        import argostranslate.translate

        articles = [read_article(path) for path in EXAMPLES]
        paragraphs = [[block.text for block in a.blocks] for a in articles]
        segmented = [segment_article(a) for a in articles]

        reference = argostranslate.translate.get_translation_from_codes("en", "es")
        reference.translate("Warm up.")
        engine = ArgosEngine(packages_dir=folder / "packages", options=ArgosOptions(device=args.device, beam_size=BEAM))
        engine.translate_batch(["Warm up."], src="en", tgt="es")

        def argos_pass() -> list[list[str]]:
            # A fresh CachedTranslation each pass, so that argostranslate really translates again.
            translation = argostranslate.translate.get_translation_from_codes("en", "es")
            translation.cache.clear() if hasattr(translation, "cache") else None
            return [[translation.translate(p) for p in article] for article in paragraphs]

        def engine_pass() -> list[list[str]]:
            out = []
            for article, segments in zip(articles, segmented, strict=True):
                results = engine.translate_batch([s.text for s in segments], src="en", tgt="es")
                by_id = {s.id: strip_tags(r.text) for s, r in zip(segments, results, strict=True)}
                grouped = blocks_segments(segments, len(article.blocks))
                out.append([" ".join(by_id[s.id] for s in block) for block in grouped])
            return out

        argos_time, engine_time = float("inf"), float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            theirs = argos_pass()
            argos_time = min(argos_time, time.perf_counter() - started)
            started = time.perf_counter()
            ours = engine_pass()
            engine_time = min(engine_time, time.perf_counter() - started)

        # argostranslate's splitter cuts at every full stop ("3.5" -> "3. 5" once rejoined), ours does
        # not: compare the decoded text with whitespace removed, which is what the decoders produce.
        same = ["".join(p.split()) for a in theirs for p in a] == ["".join(p.split()) for a in ours for p in a]
        tokenizer = engine._load("en", "es").package.tokenizer
        tokens = sum(len(tokenizer.encode(p)) for a in ours for p in a)
        segments = sum(len(s) for s in segmented)
        print(f"device: {args.device}; {len(articles)} articles, {sum(map(len, paragraphs))} paragraphs, "
              f"{segments} segments, {tokens} target tokens; beam {BEAM}; best of {args.repeat}")
        print(f"argostranslate translate() per paragraph: {argos_time:7.3f} s")
        print(f"engine, one batched call per article:     {engine_time:7.3f} s  {tokens / engine_time:9.0f} tokens/s")
        print(f"ratio argostranslate / engine: {argos_time / engine_time:.2f}x (goal >= 2x); outputs identical (whitespace aside): {same}")
        if not same:
            sys.exit("outputs differ")


if __name__ == "__main__":
    main()
