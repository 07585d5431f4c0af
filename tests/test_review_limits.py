"""Bounds on review files (translate/review/limits.py): absurd targets, comments and files are refused, and
messages quoting a file stay one short line."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from review_helpers import EMPTY, TR, X, edited, export, make_store, read
from translate.errors import ReviewError
from translate.model import ParsedReview, ReviewArticle, ReviewPackage, ReviewUnit, SegmentState
from translate.review.apply import Outcome, import_review
from translate.review.docx_read import import_review_docx
from translate.review.files import load_review_file, write_review_file
from translate.review.limits import MAX_COMMENT_CHARS, MAX_DOCX_EXPANDED_BYTES, MAX_FILE_BYTES, target_limit
from translate.review.package import build_package
from translate.review.xliff import import_xliff
from translate.store import Store

SENTENCE = "La cumbre en Ereván terminó el 24 de noviembre. "
MESSAGE_LIMIT = 600
"""Longer than any message of ours with two quoted values (brief: 200 characters each)."""


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened, _ = make_store(tmp_path)
    yield opened
    opened.close()


def run_import(store: Store, parsed: ParsedReview):
    return import_review(store, EMPTY, parsed, path=Path("review-es.xlf"), actor="ana")


def test_target_limit() -> None:
    assert target_limit("x" * 44) == 4096  # short sources: a few KB
    assert target_limit("x" * 1000) == 10_000  # long ones: ten times the source


@pytest.mark.parametrize(("extra", "outcome"), [
    pytest.param(0, Outcome.APPLIED, id="at-the-limit"),
    pytest.param(1, Outcome.INVALID, id="one-over"),
    pytest.param(9 * 1024 * 1024, Outcome.INVALID, id="nine-megabytes"),
])
def test_a_target_far_beyond_its_source_is_refused(store: Store, extra: int, outcome: Outcome) -> None:
    package = build_package(store, EMPTY, lang="es")
    limit = target_limit(package.units[1].source)
    text = (SENTENCE * (limit // len(SENTENCE) + 1))[:limit - 1] + "." + "x" * extra
    result = run_import(store, edited(package, {1: (text, SegmentState.EDITED)})).results[1]
    assert result.outcome is outcome
    stored = store.translations("csto", "es")[package.units[1].segment_id]
    if outcome is Outcome.INVALID:
        assert "more than 10 times the source and more than 4,096 characters" in result.message
        assert len(result.message) < MESSAGE_LIMIT and stored.revision == 1
    else:
        assert stored.text == text


@pytest.mark.parametrize(("length", "outcome"), [
    pytest.param(MAX_COMMENT_CHARS, Outcome.APPLIED, id="at-the-limit"),
    pytest.param(MAX_COMMENT_CHARS + 1, Outcome.INVALID, id="one-over"),
])
def test_a_comment_is_bounded(store: Store, length: int, outcome: Outcome) -> None:
    package = build_package(store, EMPTY, lang="es")
    parsed = edited(package, {1: (SENTENCE.strip(), SegmentState.EDITED)})
    units = list(parsed.package.units)
    units[1] = replace(units[1], comment="c" * length)
    result = run_import(store, ParsedReview(replace(parsed.package, units=tuple(units)))).results[1]
    assert result.outcome is outcome
    history = store.history("csto", package.units[1].segment_id, "es")
    assert (history[-1].reason == "comment: " + "c" * length) is (outcome is Outcome.APPLIED)


@pytest.mark.parametrize("fmt", [pytest.param("xliff", id="xliff"), pytest.param("docx", id="docx")])
def test_a_file_over_the_limit_is_refused_before_it_is_parsed(fmt: str) -> None:
    with pytest.raises(ReviewError, match="more than the 64 MB a review file may hold"):
        read(fmt, b"<" * (MAX_FILE_BYTES + 1))


def test_a_file_over_the_limit_is_not_even_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlf"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    limit = r"is 67,108,865 bytes, more than the 67,108,864 bytes \(64 MB\) allowed"
    with pytest.raises(ReviewError, match=limit) as raised:
        load_review_file(path)
    assert raised.value.path == path and "--article" in (raised.value.hint or "")


def test_a_docx_inflating_beyond_the_limit_is_refused() -> None:
    """Members of a megabyte each stay under the zip-bomb ratio check; together they pass the review limit."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for number in range(MAX_DOCX_EXPANDED_BYTES // (1024 * 1024) + 1):
            archive.writestr(f"word/media/part{number}.xml", bytes(1024 * 1024))
    with pytest.raises(ReviewError, match=f"expand to more than {MAX_DOCX_EXPANDED_BYTES} bytes"):
        import_review_docx(buffer.getvalue(), path=Path("review.docx"))


def test_an_export_too_large_to_come_back_is_refused(store: Store, tmp_path: Path) -> None:
    unit = ReviewUnit("csto", "s1", "Hello.", "x" * MAX_FILE_BYTES, SegmentState.MT_DRAFT, 1, "0" * 16)
    package = ReviewPackage("en", "es", (ReviewArticle("csto", "CSTO", "csto.md"),), (unit,))
    path = tmp_path / "review-all-es.xlf"
    with pytest.raises(ReviewError, match="more than the 64 MB an import takes"):
        write_review_file(store, EMPTY, package, path, records=tmp_path / "exports.json")
    assert not path.exists()


def test_a_file_too_large_to_be_a_review_file_is_not_replaced_unasked(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "review-all-es.xlf"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    package = build_package(store, EMPTY, lang="es")
    with pytest.raises(ReviewError, match="too large to be a review file"):
        write_review_file(store, EMPTY, package, path, records=tmp_path / "exports.json")
    assert path.stat().st_size == MAX_FILE_BYTES + 1
    assert write_review_file(store, EMPTY, package, path, records=tmp_path / "exports.json", overwrite=True)


# Messages that quote a file are bounded (errors.brief)

HUGE = "A" * 1_000_000


def xliff_with(store: Store, change) -> bytes:
    root = etree.fromstring(export(store, "xliff"))
    change(root)
    return etree.tostring(root, encoding="UTF-8")


def first_unit(root: etree._Element) -> etree._Element:
    return next(root.iter(f"{X}trans-unit"))


@pytest.mark.parametrize("change", [
    pytest.param(lambda root: first_unit(root).set(f"{TR}revision", HUGE), id="revision"),
    pytest.param(lambda root: first_unit(root).set(f"{TR}exported-state", HUGE), id="exported-state"),
    pytest.param(lambda root: first_unit(root).set(f"{TR}source-hash", HUGE), id="source-hash"),
    pytest.param(lambda root: first_unit(root).set("id", HUGE), id="segment-id"),
    pytest.param(lambda root: root.find(f"{X}file").set(f"{TR}slug", HUGE), id="slug"),
    pytest.param(lambda root: setattr(first_unit(root).find(f"{X}source"), "text", HUGE), id="source"),
    pytest.param(lambda root: first_unit(root).find(f"{X}source").append(etree.Element(f"{X}{'x' * 40_000}")),
                 id="inline-element-name"),
])
def test_messages_about_units_are_short(store: Store, change) -> None:
    parsed = import_xliff(xliff_with(store, change), path=Path("review-es.xlf"))
    results = run_import(store, parsed).results
    assert any(r.outcome is not Outcome.UNCHANGED for r in results)
    for result in results:
        assert len(result.message) < MESSAGE_LIMIT
        assert len(result.slug or "") <= 200 and len(result.segment_id or "") <= 200


@pytest.mark.parametrize("change", [
    pytest.param(lambda root: root.set("version", HUGE), id="version"),
    pytest.param(lambda root: root.find(f"{X}file").set("target-language", HUGE), id="language"),
])
def test_messages_about_the_file_are_short(store: Store, change) -> None:
    with pytest.raises(ReviewError) as raised:
        import_xliff(xliff_with(store, change), path=Path("review-es.xlf"))
    assert len(str(raised.value)) < MESSAGE_LIMIT


@pytest.mark.parametrize(("column", "words"), [
    pytest.param(0, "the ID cell", id="id-cell"),
    pytest.param(4, "Status", id="status"),
])
def test_messages_about_rows_are_short(store: Store, column: int, words: str) -> None:
    import docx

    document = docx.Document(io.BytesIO(export(store, "docx")))
    document.tables[0].rows[1].cells[column].text = HUGE
    buffer = io.BytesIO()
    document.save(buffer)
    [problem] = import_review_docx(buffer.getvalue(), path=Path("review.docx")).problems
    assert words in problem.message and len(problem.message) < MESSAGE_LIMIT
