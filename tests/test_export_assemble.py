"""Assembling an article in one language: stored translations in the source's blocks, flagged segments located."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.export.assemble import assemble
from translate.ingest import read_article
from translate.model import Article, Finding, Segment, SegmentState, Severity, Translation
from translate.segment import segment_article

ARTICLE = "---\ntitle: Kyiv talks\n---\nThe talks ended. Nobody **signed** it. They left.\n"
GLUED = Finding("glued-word", Severity.MINOR, "glued words: “nadiefirmó”")


def read(tmp_path: Path) -> tuple[Article, tuple[Segment, ...]]:
    path = tmp_path / "kyiv.md"
    path.write_text(ARTICLE, encoding="utf-8")
    article = read_article(path)
    return article, segment_article(article)


def translations(segments: tuple[Segment, ...], *texts: str) -> dict[str, Translation]:
    return {s.id: Translation(s.id, "es", text, SegmentState.MT_DRAFT, "memory", 1, "") for s, text in zip(segments,
                                                                                                       texts)}


@pytest.mark.parametrize(("flagged", "expected"), [
    pytest.param((2,), [(1, 2, 5, "Nadie firmó eso.")], id="a-sentence-with-tags-in-the-middle"),
    pytest.param((0, 3), [(0, 0, 1, "Conversaciones de Kyiv"), (1, 6, 7, "Se fueron.")],
                 id="the-title-and-the-last-sentence"),
    pytest.param((), [], id="none"),
])
def test_flagged_segments_are_located_by_block_and_runs(
    tmp_path: Path, flagged: tuple[int, ...], expected: list[tuple[int, int, int, str]]
) -> None:
    article, segments = read(tmp_path)
    stored = translations(segments, "Conversaciones de Kyiv", "Las conversaciones terminaron.",
                          "Nadie <1>firmó</1> eso.", "Se fueron.")
    findings = {segments[index].id: [GLUED] for index in flagged}
    document = assemble(article, segments, stored, "es", findings=findings)
    located = [(f.block, f.start, f.end, "".join(r.text for r in document.blocks[f.block].runs[f.start:f.end]))
               for f in document.flagged]
    assert located == expected
    assert all(f.findings == (GLUED,) for f in document.flagged)
    assert document.blocks == assemble(article, segments, stored, "es").blocks  # the text is the same


def test_without_findings_nothing_is_flagged(tmp_path: Path) -> None:
    article, segments = read(tmp_path)
    assert assemble(article, segments, {}, "es").flagged == ()
