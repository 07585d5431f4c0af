"""Publication racing review imports, with real processes: a release shows one approved state of the store.

An importer process (this file, run as a script) keeps committing review imports of every segment of
several articles, in cycles of two files: one puts an unapproved edit on every segment ("draftgen<N>",
as edited, or held in needs-review by QA), the next approves new text ("approvedgen<N>"). Meanwhile
this process publishes, without --allow-unreviewed, again and again. A publish must be refused, or
show one generation of approved text on every page, with release.json counting exactly that.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import docx
import html5lib
import pytest

from translate.config import Workspace
from translate.ingest import read_article
from translate.model import Glossary, MTResult, ParsedReview, SegmentState
from translate.release import ReleaseError, publish
from translate.review.apply import import_review
from translate.review.package import build_package
from translate.segment import segment_article
from translate.store import Store

EMPTY = Glossary((), "")
ARTICLES = 4
SENTENCES = 20
WORDS = ("amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "heath", "inlet", "juniper", "kestrel",
         "larch", "maple", "nettle", "osprey", "pine", "quartz", "rowan", "sorrel", "thistle")
# Publishes that must get through (each shows the store between two of the importer's commits). The code
# before the snapshot, which read the gate and the pages at different moments, published unapproved or
# mixed pages in 15 of 40 publishes that got through here; this test caught it in 30 runs of 30.
SUCCESSES = 12
MAX_TRIES = 1000
GENERATION = re.compile(r"(draftgen|approvedgen)(\d+)")


def _word(n: int) -> str:
    return WORDS[n % len(WORDS)] + "-" + WORDS[n // len(WORDS) % len(WORDS)]


def _source(index: int) -> str:
    """An article of SENTENCES sentences; the first of each paragraph has a number QA checks."""
    paragraphs = [
        " ".join(f"The {_word(index)} council heard {_word(p * 5 + s)} speak on paragraph {_word(p)}."
                 if s else f"It cost {p + 100} thousand in paragraph {_word(p)}."
                 for s in range(5))
        for p in range(SENTENCES // 5)
    ]
    return f"---\ntitle: Council {_word(index)}\nslug: council-{index}\n---\n" + "\n\n".join(paragraphs) + "\n"


def _import_generation(store: Store, generation: int, *, approved: bool) -> None:
    """One review file over every segment: new approved text, or unapproved edits (some held by QA)."""
    package = build_package(store, EMPTY, lang="es")
    units = []
    for unit in package.units:
        if approved:
            units.append(replace(unit, target=f"approvedgen{generation} {unit.source}", state=SegmentState.APPROVED))
        elif unit.source.startswith("It cost"):  # the number is dropped: QA holds it in needs-review
            units.append(replace(unit, target=f"draftgen{generation} Costó mucho.", state=SegmentState.APPROVED))
        else:
            units.append(replace(unit, target=f"draftgen{generation} {unit.source}", state=SegmentState.EDITED))
    import_review(store, EMPTY, ParsedReview(replace(package, units=tuple(units))),
                  path=Path(f"gen{generation}-{'approved' if approved else 'edits'}.xlf"), actor="importer")


def _importer(store_path: Path, stop: Path) -> None:
    """Commit review imports in a loop until ``stop`` exists; print how many cycles ran."""
    generation = 0
    with Store.open(store_path) as store:
        while not stop.exists():
            generation += 1
            _import_generation(store, generation, approved=False)
            _import_generation(store, generation, approved=True)
            if generation == 1:
                print("started", flush=True)
    print(generation, flush=True)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    workspace = Workspace(tmp_path / "ws")
    with Store.open(workspace.store_path) as store:
        for index in range(ARTICLES):
            source = tmp_path / f"council-{index}.md"
            source.write_text(_source(index), encoding="utf-8")
            article = read_article(source)
            segments = segment_article(article)
            store.save_article(article, segments)
            store.save_machine_translations(f"council-{index}", "es",
                                            [(s, MTResult(f"ES: {s.text}"), SegmentState.MT_DRAFT) for s in segments],
                                            engine="fake:1")
        _import_generation(store, 0, approved=True)
    return workspace


def _generations(folder: Path) -> tuple[list[tuple[str, str]], int]:
    """The (kind, number) markers on every Spanish page and document, and how many segments they show."""
    markers: list[tuple[str, str]] = []
    for index in range(ARTICLES):
        page = html5lib.parse((folder / "es" / f"council-{index}.html").read_bytes(), namespaceHTMLElements=False)
        page_markers = GENERATION.findall("".join(page.find("body").itertext()))
        document = docx.Document(io.BytesIO((folder / "es" / f"council-{index}.docx").read_bytes()))
        assert GENERATION.findall("\n".join(p.text for p in document.paragraphs)) == page_markers, index
        markers.extend(page_markers)
    return markers, len(markers)


def test_publish_racing_imports_shows_one_approved_state(workspace: Workspace) -> None:
    stop = workspace.root / "stop-importer"
    importer = subprocess.Popen([sys.executable, __file__, str(workspace.store_path), str(stop)],
                                stdout=subprocess.PIPE, text=True)
    try:
        assert importer.stdout is not None and importer.stdout.readline() == "started\n"
        published: list[int] = []
        refused = 0
        for _ in range(MAX_TRIES):
            try:
                report = publish(workspace, name="race")
            except ReleaseError as error:
                assert "not every segment is approved in es" in error.message
                refused += 1
                continue
            markers, shown = _generations(report.folder)
            shown_as = Counter(f"{kind}{number}" for kind, number in markers)
            assert {kind for kind, _ in markers} == {"approvedgen"}, f"unapproved text published: {dict(shown_as)}"
            generations = {number for _, number in markers}
            assert len(generations) == 1, f"pages from different states of the store: {dict(shown_as)}"
            release = json.loads((report.folder / "release.json").read_text("utf-8"))
            assert report.unreviewed == () and release["languages"]["es"]["unreviewed"] is False
            counted = {state: n for state, n in release["languages"]["es"]["states"].items() if n}
            assert counted == {"approved": shown}, "release.json must count what the pages show"
            published.append(int(generations.pop()))
            if len(published) == SUCCESSES:
                break
    finally:
        stop.touch()
        out, _ = importer.communicate(timeout=60)
    assert importer.returncode == 0
    assert len(published) == SUCCESSES, f"only {len(published)} publishes got through ({refused} refused)"
    assert len(set(published)) > 1, "the importer must have committed between the publishes"


if __name__ == "__main__":
    _importer(Path(sys.argv[1]), Path(sys.argv[2]))
