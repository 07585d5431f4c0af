"""Benchmark: `translate run` (persistent Apertium, store, drafts) versus raw `apertium -u` per article.

The three example articles are copied to about 20 articles and translated into es, ca and gl:
first by `translate run` in a fresh workspace (segmentation, store and HTML+DOCX drafts included),
then by the raw command `apertium -u PAIR` started once per article and language on the same
text. Both run here, one after the other, in this one process run; the ratio is what counts.

    .venv/bin/python bench/apertium_pipeline.py [--articles 20]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "examples" / name for name in ("armenia-csto.md", "belarus-border.txt", "donbas-front.html")]
PAIRS = {"es": "eng-spa", "ca": "eng-cat", "gl": "en-gl"}


def make_articles(folder: Path, count: int) -> list[Path]:
    """``count`` articles: the examples, copied under new slugs."""
    paths = []
    for i in range(count):
        example = EXAMPLES[i % len(EXAMPLES)]
        path = folder / f"{example.stem}-{i:02d}{example.suffix}"
        text = example.read_text("utf-8")
        if example.suffix == ".md":
            text = text.replace("slug: armenia-csto", f"slug: armenia-csto-{i:02d}")
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def plain_text(path: Path) -> str:
    """The article's text as the pipeline reads it, blocks separated by blank lines."""
    sys.path.insert(0, str(ROOT))
    from translate.ingest import read_article

    return "\n\n".join(block.text for block in read_article(path).blocks) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    args = parser.parse_args()
    translate = Path(sys.executable).parent / "translate"
    if shutil.which("apertium") is None or not translate.exists():
        sys.exit("needs Apertium and the translate command: run `make test` first")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = make_articles(folder, args.articles)
        texts = [plain_text(p) for p in sources]
        words = sum(len(t.split()) for t in texts)

        workspace = folder / "workspace"
        start = time.perf_counter()
        subprocess.run(
            [str(translate), "--quiet", "--workspace", str(workspace), "run", *map(str, sources), "--to", ",".join(PAIRS)],
            check=True, stdout=subprocess.DEVNULL,
        )
        pipeline = time.perf_counter() - start
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        drafts = len(list((workspace / "outputs" / "drafts").rglob("*.*")))

        start = time.perf_counter()
        for text in texts:
            for mode in PAIRS.values():
                subprocess.run(["apertium", "-u", mode], input=text.encode(), check=True, stdout=subprocess.DEVNULL)
        raw = time.perf_counter() - start

    runs = len(sources) * len(PAIRS)
    print(f"articles: {len(sources)} ({words} words) x languages: {len(PAIRS)} = {runs} translations")
    print(f"translate run (fresh store, {drafts} draft files): {pipeline:7.2f} s  {words * len(PAIRS) / pipeline:8.0f} words/s")
    print(f"raw apertium -u, one process per article:      {raw:7.2f} s  {words * len(PAIRS) / raw:8.0f} words/s")
    print(f"ratio raw / pipeline: {raw / pipeline:.2f}x (goal >= 2x)")
    print(f"peak memory of the pipeline (largest process): {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
