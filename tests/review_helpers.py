"""A small store with machine drafts, built without any engine, for review tests; review files edited as
CAT tools and Word leave them."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import docx
from lxml import etree

from translate.ingest import read_article
from translate.model import Glossary, MTResult, ParsedReview, ReviewPackage, SegmentState
from translate.review.docx import export_review_docx
from translate.review.docx_read import import_review_docx
from translate.review.package import build_package
from translate.review.xliff import NAMESPACE, XLIFF_NAMESPACE, export_xliff, import_xliff
from translate.segment import segment_article
from translate.store import Store

EMPTY = Glossary((), "")
X, TR = f"{{{XLIFF_NAMESPACE}}}", f"{{{NAMESPACE}}}"

ARTICLE = """---
title: The CSTO summit
slug: csto
---
The summit in Yerevan ended on 24 November. Nobody signed the <b>final</b> declaration.

- In 2022, 3,000 troops were promised.
"""


def make_store(tmp_path: Path, *, lang: str = "es", article: str = ARTICLE) -> tuple[Store, Path]:
    """A store with one article and fake machine drafts ("ES: <source>") in ``lang``."""
    source = tmp_path / "csto.md"
    source.write_text(article.replace("<b>final</b>", "**final**"), encoding="utf-8")
    article = read_article(source)
    segments = segment_article(article)
    store = Store.open(tmp_path / "ws" / ".translate" / "store.sqlite3")
    store.save_article(article, segments)
    store.save_machine_translations(
        "csto", lang, [(s, MTResult(f"ES: {s.text}"), SegmentState.MT_DRAFT) for s in segments], engine="fake:1"
    )
    return store, source


def edited(package: ReviewPackage, edits: dict[int, tuple[str, SegmentState]]) -> ParsedReview:
    """The package as a translator sends it back: unit i gets (text, state); every unit records the state it
    was exported with, as review files do."""
    units = [replace(unit, exported_state=unit.exported_state or unit.state) for unit in package.units]
    for index, (text, state) in edits.items():
        units[index] = replace(units[index], target=text, state=state)
    return ParsedReview(replace(package, units=tuple(units)))


def make_stale(store: Store, source: Path, old: str, new: str) -> None:
    """Change a sentence of the stored article (its segment is no longer current), as a re-run would."""
    source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    article = read_article(source)
    store.save_article(article, segment_article(article))


def export(store: Store, fmt: str) -> bytes:
    """Every Spanish segment of the store as a review file, ``xliff`` or ``docx``."""
    package = build_package(store, EMPTY, lang="es")
    return export_xliff(package) if fmt == "xliff" else export_review_docx(package)


def read(fmt: str, data: bytes) -> ParsedReview:
    path = Path(f"review.{'xlf' if fmt == 'xliff' else 'docx'}")
    return import_xliff(data, path=path) if fmt == "xliff" else import_review_docx(data, path=path)


def tool_edit(fmt: str, data: bytes, segment_id: str, *, text: str | None = None, status: str | None = None) -> bytes:
    """The file as a translator's tool saves it: the segment's target set to plain ``text`` (None: left),
    its state set to ``approved``, ``edited`` or ``draft`` (None: left as it was, as OmegaT does)."""
    if fmt == "xliff":
        root = etree.fromstring(data)
        unit = next(u for u in root.iter(f"{X}trans-unit") if u.get("id") == segment_id)
        target = unit.find(f"{X}target")
        if text is not None:
            for child in list(target):
                target.remove(child)
            target.text = text
        if status is not None:
            target.attrib.pop("state-qualifier", None)
            unit.attrib.pop("approved", None)
            target.set("state", {"approved": "signed-off", "edited": "translated",
                                 "draft": "needs-review-translation"}[status])
            if status == "approved":
                unit.set("approved", "yes")
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        for row in table.rows[1:]:
            cells = row.cells
            if cells[0].paragraphs[0].text.endswith(f"/{segment_id}"):
                if text is not None:
                    cells[3].text = text
                if status is not None:
                    cells[4].text = status
    return _saved(document)


def without_recorded_states(fmt: str, data: bytes) -> bytes:
    """The file as exports wrote it before the state at export was recorded."""
    if fmt == "xliff":
        root = etree.fromstring(data)
        for unit in root.iter(f"{X}trans-unit"):
            unit.attrib.pop(f"{TR}exported-state", None)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        for row in table.rows[1:]:
            second = row.cells[0].paragraphs[1]
            second.text = " ".join(second.text.split()[:2])
    return _saved(document)


def with_revision(fmt: str, data: bytes, revision: str) -> bytes:
    """The file with every unit's exported revision rewritten to ``revision`` (a hand-edited file)."""
    if fmt == "xliff":
        root = etree.fromstring(data)
        for unit in root.iter(f"{X}trans-unit"):
            unit.set(f"{TR}revision", revision)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        for row in table.rows[1:]:
            second = row.cells[0].paragraphs[1]
            words = second.text.split()
            second.text = " ".join([f"r{revision}", *words[1:]])
    return _saved(document)


def with_recorded_state(fmt: str, data: bytes, state: str) -> bytes:
    """The file with every unit's recorded state at export rewritten to ``state`` (a hand-edited file)."""
    if fmt == "xliff":
        root = etree.fromstring(data)
        for unit in root.iter(f"{X}trans-unit"):
            unit.set(f"{TR}exported-state", state)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        for row in table.rows[1:]:
            second = row.cells[0].paragraphs[1]
            second.text = " ".join([*second.text.split()[:2], state])
    return _saved(document)


def _saved(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
