"""A small store with machine drafts, built without any engine, for review tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from translate.ingest import read_article
from translate.model import MTResult, ParsedReview, ReviewPackage, SegmentState
from translate.segment import segment_article
from translate.store import Store

ARTICLE = """---
title: The CSTO summit
slug: csto
---
The summit in Yerevan ended on 24 November. Nobody signed the <b>final</b> declaration.

- In 2022, 3,000 troops were promised.
"""


def make_store(tmp_path: Path, *, lang: str = "es") -> tuple[Store, Path]:
    """A store with one article and fake machine drafts ("ES: <source>") in ``lang``."""
    source = tmp_path / "csto.md"
    source.write_text(ARTICLE.replace("<b>final</b>", "**final**"), encoding="utf-8")
    article = read_article(source)
    segments = segment_article(article)
    store = Store.open(tmp_path / "ws" / ".translate" / "store.sqlite3")
    store.save_article(article, segments)
    store.save_machine_translations(
        "csto", lang, [(s, MTResult(f"ES: {s.text}"), SegmentState.MT_DRAFT) for s in segments], engine="fake:1"
    )
    return store, source


def edited(package: ReviewPackage, edits: dict[int, tuple[str, SegmentState]]) -> ParsedReview:
    """The package as a translator sends it back: unit i gets (text, state)."""
    units = list(package.units)
    for index, (text, state) in edits.items():
        units[index] = replace(units[index], target=text, state=state)
    return ParsedReview(replace(package, units=tuple(units)))
