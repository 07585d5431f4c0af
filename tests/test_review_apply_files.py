"""Importing real review files as tools leave them (translate/review/apply.py): approval only where the file
gives it, nothing on the wrong segment, repeated segments refused unless alike."""

from __future__ import annotations

import copy
import io
import unicodedata
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from review_helpers import (ARTICLE, EMPTY, TR, X, export, make_store, read, tool_edit, with_recorded_state, with_revision,
                            without_recorded_states)
from translate.model import SegmentState
from translate.review.apply import Outcome, import_review
from translate.review.package import build_package
from translate.store import Store

FORMATS = [pytest.param("xliff", id="xliff"), pytest.param("docx", id="docx")]
EDIT = "La cumbre en Ereván terminó el 24 de noviembre."
MT, REVIEW, EDITED, APPROVED = (SegmentState.MT_DRAFT, SegmentState.NEEDS_REVIEW, SegmentState.EDITED,
                                SegmentState.APPROVED)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened, _ = make_store(tmp_path)
    yield opened
    opened.close()


def segment(store: Store, index: int = 1) -> str:
    return build_package(store, EMPTY, lang="es").units[index].segment_id


def set_state(store: Store, segment_id: str, state: SegmentState) -> None:
    """What an editor or an earlier import did before the export (MT_DRAFT: nothing)."""
    if state is not MT:
        store.set_state("csto", segment_id, "es", state, actor="ed", via="test", reason="")


def run_import(store: Store, fmt: str, data: bytes, **options: object):
    return import_review(store, EMPTY, read(fmt, data), path=Path(f"review.{fmt}"), actor="ana", **options)


# Approval is explicit


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("before", "text", "status", "outcome", "after"), [
    pytest.param(APPROVED, EDIT, None, Outcome.WITHDRAWN, EDITED, id="text-changed-approval-left-as-exported"),
    pytest.param(MT, EDIT, "approved", Outcome.APPLIED, APPROVED, id="text-changed-and-approved"),
    pytest.param(EDITED, EDIT, "approved", Outcome.APPLIED, APPROVED, id="edited-text-changed-and-approved"),
    pytest.param(REVIEW, None, "approved", Outcome.APPLIED, APPROVED, id="approved-as-it-stands"),
    pytest.param(APPROVED, None, None, Outcome.UNCHANGED, APPROVED, id="untouched"),
    pytest.param(APPROVED, None, "edited", Outcome.APPLIED, EDITED, id="approval-taken-back-in-the-file"),
    pytest.param(EDITED, EDIT, None, Outcome.APPLIED, EDITED, id="edited-text-changed-again"),
    pytest.param(MT, EDIT, None, Outcome.APPLIED, EDITED, id="draft-text-changed"),
])
def test_a_file_approves_only_where_it_changed_the_state_to_approved(
    store: Store, fmt: str, before: SegmentState, text: str | None, status: str | None, outcome: Outcome,
    after: SegmentState,
) -> None:
    segment_id = segment(store)
    set_state(store, segment_id, before)
    result = run_import(store, fmt, tool_edit(fmt, export(store, fmt), segment_id, text=text, status=status)).results[1]
    stored = store.translations("csto", "es")[segment_id]
    assert (result.outcome, stored.state) == (outcome, after)
    if outcome is Outcome.WITHDRAWN:  # said in the report and in the history
        assert "approval withdrawn" in result.message
        assert f"translate review approve csto/{segment_id}" in result.message
        row = store.history("csto", segment_id, "es")[-1]
        assert (row.from_state, row.to_state) == ("approved", "edited") and "approval withdrawn" in row.reason


@pytest.mark.parametrize("fmt", FORMATS)
def test_omegat_keeps_signed_off_on_an_edited_segment(store: Store, fmt: str) -> None:
    """The issue's case: every segment approved, exported, one edited in a tool that leaves the state alone."""
    segment_id = segment(store)
    for unit in build_package(store, EMPTY, lang="es").units:
        set_state(store, unit.segment_id, APPROVED)
    data = tool_edit(fmt, export(store, fmt), segment_id, text=EDIT)
    assert read(fmt, data).package.units[1].state is APPROVED  # the file still says approved
    report = run_import(store, fmt, data)
    assert [r.outcome for r in report.results] == [Outcome.UNCHANGED, Outcome.WITHDRAWN, Outcome.UNCHANGED,
                                                   Outcome.UNCHANGED]
    assert store.state_counts()[("csto", "es")] == {APPROVED: 3, EDITED: 1}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_from_before_the_state_was_recorded_falls_back_on_the_store(store: Store, fmt: str) -> None:
    segment_id = segment(store)
    set_state(store, segment_id, APPROVED)
    data = without_recorded_states(fmt, tool_edit(fmt, export(store, fmt), segment_id, text=EDIT))
    assert {u.exported_state for u in read(fmt, data).package.units} == {None}
    result = run_import(store, fmt, data).results[1]
    assert result.outcome is Outcome.WITHDRAWN and store.translations("csto", "es")[segment_id].state is EDITED


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_state_at_export_edited_in_the_file_does_not_keep_an_approval(store: Store, fmt: str) -> None:
    """At the exported revision the store knows the state at export: the file's claim cannot replace it."""
    segment_id = segment(store)
    set_state(store, segment_id, APPROVED)
    data = with_recorded_state(fmt, tool_edit(fmt, export(store, fmt), segment_id, text=EDIT), "mt-draft")
    assert read(fmt, data).package.units[1].exported_state is MT
    result = run_import(store, fmt, data).results[1]
    assert result.outcome is Outcome.WITHDRAWN and store.translations("csto", "es")[segment_id].state is EDITED


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_revision_too_long_to_be_one_is_an_invalid_unit(store: Store, fmt: str) -> None:
    """Python refuses to make an int of more than 4,300 digits: a unit, never a traceback."""
    data = with_revision(fmt, tool_edit(fmt, export(store, fmt), segment(store), text=EDIT), "9" * 5000)
    report = run_import(store, fmt, data)
    assert {r.outcome for r in report.results} == {Outcome.INVALID}
    assert all(len(r.message) < 400 for r in report.results)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_old_file_over_a_moved_revision_never_approves(store: Store, fmt: str) -> None:
    """Neither the file nor the store says the state at export: an approval in the file is not taken."""
    segment_id = segment(store)
    data = without_recorded_states(fmt, tool_edit(fmt, export(store, fmt), segment_id, text=EDIT, status="approved"))
    set_state(store, segment_id, REVIEW)
    assert run_import(store, fmt, data).results[1].outcome is Outcome.CONFLICT
    result = run_import(store, fmt, data, force=True).results[1]
    assert result.outcome is Outcome.FORCED and "approval not taken" in result.message
    assert store.translations("csto", "es")[segment_id].state is EDITED


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("before", "status", "after"), [
    pytest.param(APPROVED, None, EDITED, id="approval-left-as-exported-is-withdrawn"),
    pytest.param(MT, "approved", APPROVED, id="approval-given-in-the-file"),
])
def test_forced_over_a_moved_revision(
    store: Store, fmt: str, before: SegmentState, status: str | None, after: SegmentState
) -> None:
    segment_id = segment(store)
    set_state(store, segment_id, before)
    data = tool_edit(fmt, export(store, fmt), segment_id, text=EDIT, status=status)
    store.set_state("csto", segment_id, "es", REVIEW, actor="ed", via="test", reason="check the date")
    assert run_import(store, fmt, data).results[1].outcome is Outcome.CONFLICT
    result = run_import(store, fmt, data, force=True).results[1]
    assert result.outcome is Outcome.FORCED
    assert store.translations("csto", "es")[segment_id].state is after


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_untouched_approval_does_not_undo_a_reopening(store: Store, fmt: str) -> None:
    """Approved at export, reopened by an editor since: the file, untouched, has nothing to say, even forced."""
    segment_id = segment(store)
    set_state(store, segment_id, APPROVED)
    data = export(store, fmt)
    store.set_state("csto", segment_id, "es", REVIEW, actor="ed", via="test", reason="wrong date")
    for force in (False, True):
        assert run_import(store, fmt, data, force=force).noop
    assert store.translations("csto", "es")[segment_id].state is REVIEW


_PLAIN = st.text(st.characters(whitelist_categories=("L", "N", "Zs", "P"), blacklist_characters="<"),
                 min_size=1, max_size=30).filter(lambda t: t.strip() and t == " ".join(t.split()))


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.sampled_from(SegmentState), text=_PLAIN, status=st.sampled_from([None, "approved", "edited", "draft"]))
def test_an_edit_is_approved_only_where_the_file_changed_the_state_to_approved(
    tmp_path_factory: pytest.TempPathFactory, fmt: str, before: SegmentState, text: str, status: str | None
) -> None:
    opened, _ = make_store(tmp_path_factory.mktemp("approval"))
    try:
        segment_id = segment(opened)
        set_state(opened, segment_id, before)
        run_import(opened, fmt, tool_edit(fmt, export(opened, fmt), segment_id, text=f"{text} 24", status=status))
        after = opened.translations("csto", "es")[segment_id]
        if status == "approved" and before is not APPROVED:
            assert after.state in (APPROVED, REVIEW)  # approved, unless QA held it
        else:
            assert after.state is not APPROVED
    finally:
        opened.close()


# Nothing lands on the wrong segment


def swap_id_cells(data: bytes, first: int, second: int) -> bytes:
    document = docx.Document(io.BytesIO(data))
    rows = document.tables[0].rows
    a, b = rows[first].cells[0]._tc, rows[second].cells[0]._tc
    a_copy = copy.deepcopy(a)
    a.getparent().replace(a, copy.deepcopy(b))
    b.getparent().replace(b, a_copy)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_swapped_id_cells_apply_nothing(store: Store) -> None:
    """The issue's case: each row's translation approved, then the ID cells of two rows swapped."""
    before = {k: (t.text, t.state, t.revision) for k, t in store.translations("csto", "es").items()}
    data = export(store, "docx")
    data = tool_edit("docx", data, segment(store, 1), text="La cumbre en Ereván terminó el 24 de noviembre.",
                     status="approved")
    data = tool_edit("docx", data, segment(store, 2), text="Nadie firmó la declaración <1>final</1>.",
                     status="approved")
    results = run_import(store, "docx", swap_id_cells(data, 2, 3)).results
    assert [r.outcome for r in results] == [Outcome.UNCHANGED, Outcome.INVALID, Outcome.INVALID, Outcome.UNCHANGED]
    assert {r.segment_id for r in results[1:3]} == {segment(store, 1), segment(store, 2)}
    assert all("is not that of segment" in r.message and "put the ID back" in r.message for r in results[1:3])
    assert {k: (t.text, t.state, t.revision) for k, t in store.translations("csto", "es").items()} == before


def reflow(text: str) -> str:
    return "\n   " + text.replace(" ", "\n     ") + "\n  "


@pytest.mark.parametrize(("change", "outcome"), [
    pytest.param(lambda text: text.replace("Yerevan", "Erevan"), Outcome.INVALID, id="source-edited"),
    pytest.param(lambda text: "Nobody signed the final declaration.", Outcome.INVALID, id="another-segment's-source"),
    pytest.param(reflow, Outcome.APPLIED, id="whitespace-reflowed"),
    pytest.param(lambda text: text.replace(" ", "\u00a0"), Outcome.APPLIED, id="no-break-spaces"),
])
def test_an_xliff_source_must_be_its_segment_s(store: Store, change, outcome: Outcome) -> None:
    segment_id = segment(store)
    root = etree.fromstring(tool_edit("xliff", export(store, "xliff"), segment_id, text=EDIT, status="edited"))
    source = next(u for u in root.iter(f"{X}trans-unit") if u.get("id") == segment_id).find(f"{X}source")
    source.text = change(source.text)
    result = run_import(store, "xliff", etree.tostring(root, encoding="UTF-8")).results[1]
    assert result.outcome is outcome
    assert (store.translations("csto", "es")[segment_id].text == EDIT) is (outcome is Outcome.APPLIED)


def test_a_source_in_another_unicode_normal_form_is_the_same(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path, article=ARTICLE.replace("Yerevan", "Ereván"))
    segment_id = segment(store)
    root = etree.fromstring(tool_edit("xliff", export(store, "xliff"), segment_id, text=EDIT, status="edited"))
    source = next(u for u in root.iter(f"{X}trans-unit") if u.get("id") == segment_id).find(f"{X}source")
    source.text = unicodedata.normalize("NFD", source.text)  # as some tools on macOS save it
    assert source.text != unicodedata.normalize("NFC", source.text)
    assert run_import(store, "xliff", etree.tostring(root, encoding="UTF-8")).results[1].outcome is Outcome.APPLIED
    store.close()


def test_a_source_split_into_segments_by_a_cat_tool_is_the_same(store: Store) -> None:
    segment_id = segment(store, 2)
    root = etree.fromstring(tool_edit("xliff", export(store, "xliff"), segment_id, text="Nadie firmó nada.",
                                      status="edited"))
    source = next(u for u in root.iter(f"{X}trans-unit") if u.get("id") == segment_id).find(f"{X}source")
    marker = etree.Element(f"{X}mrk", mtype="seg", mid="1")
    marker.text, source.text = source.text, None
    for child in list(source):
        marker.append(child)
    source.append(marker)
    assert run_import(store, "xliff", etree.tostring(root, encoding="UTF-8")).results[2].outcome is Outcome.APPLIED


def test_a_source_hash_of_another_segment_applies_nothing(store: Store) -> None:
    segment_id = segment(store)
    root = etree.fromstring(tool_edit("xliff", export(store, "xliff"), segment_id, text=EDIT, status="approved"))
    next(u for u in root.iter(f"{X}trans-unit") if u.get("id") == segment_id).set(f"{TR}source-hash", "0" * 16)
    result = run_import(store, "xliff", etree.tostring(root, encoding="UTF-8")).results[1]
    assert result.outcome is Outcome.INVALID and "source hash #'0000000000000000' is not that of" in result.message


# A segment given twice


def duplicate_row(data: bytes, text: str | None) -> bytes:
    """Row 2 of the first table given again at the end of it, its translation ``text`` (None: an exact copy)."""
    document = docx.Document(io.BytesIO(data))
    table = document.tables[0]
    row = copy.deepcopy(table.rows[1]._tr)
    table._tbl.append(row)
    if text is not None:
        table.rows[-1].cells[3].text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def duplicate_file(data: bytes, text: str | None) -> bytes:
    """The first <file> given again, one of its targets ``text`` (None: an exact copy)."""
    root = etree.fromstring(data)
    again = copy.deepcopy(root.find(f"{X}file"))
    if text is not None:
        target = list(again.iter(f"{X}trans-unit"))[0].find(f"{X}target")
        target.text = text
    root.append(again)
    return etree.tostring(root, encoding="UTF-8")


@pytest.mark.parametrize(("fmt", "repeat"), [pytest.param("docx", duplicate_row, id="docx-row-twice"),
                                             pytest.param("xliff", duplicate_file, id="xliff-file-twice")])
@pytest.mark.parametrize(("copy_text", "outcomes"), [
    pytest.param("Otra cumbre.", (Outcome.INVALID, Outcome.INVALID), id="different-copies-all-refused"),
    pytest.param(None, (Outcome.APPLIED, Outcome.UNCHANGED), id="exact-copies-apply-once"),
])
def test_a_segment_given_twice_in_a_file(
    store: Store, fmt: str, repeat, copy_text: str | None, outcomes: tuple[Outcome, Outcome]
) -> None:
    first = segment(store, 0)
    data = repeat(tool_edit(fmt, export(store, fmt), first, text="La cumbre de la OTSC", status="edited"), copy_text)
    results = [r for r in run_import(store, fmt, data).results if r.segment_id == first]
    assert tuple(r.outcome for r in results) == outcomes
    stored = store.translations("csto", "es")[first]
    assert (stored.text == "La cumbre de la OTSC") is (copy_text is None)


def test_a_bad_file_with_an_id_twice_is_refused_in_both_copies(store: Store) -> None:
    path = Path(__file__).parent / "data" / "review-bad" / "duplicate-ids.xlf"
    results = run_import(store, "xliff", path.read_bytes()).results
    assert [(r.segment_id, r.outcome) for r in results] == [("s1", Outcome.UNKNOWN), ("s2", Outcome.INVALID),
                                                            ("s2", Outcome.INVALID), ("s3", Outcome.UNKNOWN)]
    assert "appears 2 times in the file (at 12, 16)" in results[1].message
