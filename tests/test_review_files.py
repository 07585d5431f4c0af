"""Writing review files without losing a translator's work (translate/review/files.py)."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import docx
import pytest

from review_helpers import edited, make_store
from translate.errors import ReviewError
from translate.model import Glossary, SegmentState
from translate.review.apply import decide, import_review
from translate.review.package import build_package
from translate.review.files import write_review_file
from translate.review.xliff import export_xliff, import_xliff
from translate.store import Store

EMPTY = Glossary((), "")
EDIT = "La cumbre en Ereván terminó el 24 de noviembre."


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened, _ = make_store(tmp_path)
    yield opened
    opened.close()


def write(store: Store, path: Path, **options: bool) -> bool:
    package = build_package(store, EMPTY, lang="es")
    return write_review_file(store, EMPTY, package, path, records=path.parent / "exports.json", **options)


def translate_in_a_cat_tool(path: Path) -> bytes:
    """The file as a translator saves it: unit 1 edited and approved (not imported yet)."""
    parsed = import_xliff(path.read_bytes(), path=path)
    data = export_xliff(edited(parsed.package, {1: (EDIT, SegmentState.APPROVED)}).package)
    path.write_bytes(data)
    return data


def test_writing_again_what_is_there_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "review-all-es.xlf"
    assert write(store, path) is True
    assert write(store, path) is False
    assert (tmp_path / "exports.json").exists()


def test_a_file_with_edits_not_imported_is_kept(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "review-all-es.xlf"
    write(store, path)
    data = translate_in_a_cat_tool(path)
    package = build_package(store, EMPTY, lang="es")
    with pytest.raises(ReviewError, match=f"holds 1 edit\\(s\\) not imported yet: csto/{package.units[1].segment_id}"):
        write(store, path)
    assert path.read_bytes() == data
    assert store.translations("csto", "es")[package.units[1].segment_id].text != EDIT  # the check applied nothing
    import_review(store, EMPTY, import_xliff(data, path=path), path=path, actor="ana")
    assert write(store, path) is True  # imported: the work is in the store, the file may go


def test_overwrite_replaces_it_anyway(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "review-all-es.xlf"
    write(store, path)
    translate_in_a_cat_tool(path)
    assert write(store, path, overwrite=True) is True
    assert EDIT not in path.read_text("utf-8")


def test_an_untouched_file_is_replaced_after_the_store_moved(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "review-all-es.xlf"
    write(store, path)
    segment_id = build_package(store, EMPTY, lang="es").units[2].segment_id
    decide(store, EMPTY, f"csto/{segment_id}", lang="es", state=SegmentState.NEEDS_REVIEW, actor="ed")
    assert write(store, path) is True


def test_an_edited_docx_is_kept_too(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "review-all-es.docx"
    write(store, path)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    table = document.tables[0]
    table.rows[2].cells[3].text = EDIT
    document.save(path)
    with pytest.raises(ReviewError, match="not imported yet"):
        write(store, path)


def test_a_docx_whose_rows_an_import_refuses_is_kept(store: Store, tmp_path: Path) -> None:
    """Swapped ID cells: nothing imports as it stands, yet the translator's work is in the file."""
    path = tmp_path / "review-all-es.docx"
    write(store, path)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    rows = document.tables[0].rows
    rows[1].cells[3].text, rows[2].cells[3].text = EDIT, "Otra frase revisada."
    first, second = rows[1].cells[0]._tc, rows[2].cells[0]._tc
    first_copy, second_copy = (copy.deepcopy(tc) for tc in (first, second))
    first.getparent().replace(first, second_copy)
    second.getparent().replace(second, first_copy)
    document.save(path)
    kept = path.read_bytes()
    with pytest.raises(ReviewError, match=r"not imported yet \(2 that an import refuses as they stand\)") as raised:
        write(store, path)
    assert "fix and import it first" in (raised.value.hint or "")
    assert path.read_bytes() == kept
    assert write(store, path, overwrite=True) is True


def test_a_file_that_is_not_a_review_file_is_kept(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "review-all-es.xlf"
    path.write_text("my notes, not XLIFF", encoding="utf-8")
    with pytest.raises(ReviewError, match="cannot be read as a review file") as raised:
        write(store, path)
    assert raised.value.path == path and "--overwrite" in (raised.value.hint or "")
    assert path.read_text("utf-8") == "my notes, not XLIFF"


def test_conflicting_edits_count_as_work_not_imported(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "review-all-es.xlf"
    write(store, path)
    translate_in_a_cat_tool(path)
    package = build_package(store, EMPTY, lang="es")
    other = edited(package, {1: ("Versión de Berta: 24 de noviembre.", SegmentState.EDITED)})
    import_review(store, EMPTY, other, path=tmp_path / "berta.xlf", actor="berta")
    with pytest.raises(ReviewError, match=r"not imported yet \(1 in conflict with the store\)") as raised:
        write(store, path)
    assert "--force applies the file's version" in (raised.value.hint or "")


def test_unknown_suffix_and_a_folder_in_the_way(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ReviewError, match="not a review file"):
        write(store, tmp_path / "review.txt")
    (tmp_path / "review-all-es.xlf").mkdir()
    with pytest.raises(ReviewError, match="a folder is where the review file should go"):
        write(store, tmp_path / "review-all-es.xlf")

