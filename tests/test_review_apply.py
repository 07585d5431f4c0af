"""Importing reviewed work: applied, no-op, stale, conflict, force, QA holds, atomicity."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_helpers import edited, make_stale, make_store
from translate.errors import ReviewError
from translate.inline import escape
from translate.model import Glossary, ParsedReview, SegmentState, UnitProblem
from translate.review.apply import Outcome, decide, import_review, save_segment
from translate.review.package import build_package
from translate.store import Change, Store

EMPTY = Glossary((), "")
FILE = Path("review-es.xlf")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened, _ = make_store(tmp_path)
    yield opened
    opened.close()


def run_import(store: Store, parsed: ParsedReview, **options: object):
    return import_review(store, EMPTY, parsed, path=FILE, actor="ana", **options)


def test_package_has_context(store: Store) -> None:
    package = build_package(store, EMPTY, lang="es")
    assert package.lang == "es" and package.source_lang == "en"
    assert [a.slug for a in package.articles] == ["csto"]
    assert [u.state for u in package.units] == [SegmentState.MT_DRAFT] * 4
    assert all(u.revision == 1 and u.mt == u.target and len(u.source_hash) == 16 for u in package.units)
    only = build_package(store, EMPTY, lang="es", states=[SegmentState.APPROVED])
    assert only.units == ()
    with pytest.raises(ReviewError, match="no article 'nope'"):
        build_package(store, EMPTY, lang="es", slugs=["nope"])


def test_edit_and_approve_then_reimport_is_noop(store: Store) -> None:
    package = build_package(store, EMPTY, lang="es")
    parsed = edited(package, {1: ("La cumbre en Ereván terminó el 24 de noviembre.", SegmentState.APPROVED),
                              2: ("Nadie firmó la declaración <1>final</1>.", SegmentState.EDITED)})
    report = run_import(store, parsed)
    assert [r.outcome for r in report.results] == [Outcome.UNCHANGED, Outcome.APPLIED, Outcome.APPLIED, Outcome.UNCHANGED]
    stored = store.translations("csto", "es")
    unit1, unit2 = package.units[1], package.units[2]
    assert (stored[unit1.segment_id].state, stored[unit1.segment_id].revision) == (SegmentState.APPROVED, 2)
    assert stored[unit2.segment_id].text == "Nadie firmó la declaración <1>final</1>."
    history = store.history("csto", unit1.segment_id, "es")[-1]
    assert (history.actor, history.via, history.from_state, history.to_state) == (
        "ana", "review import review-es.xlf", "mt-draft", "approved")
    again = run_import(store, parsed)
    assert again.noop


def test_two_reviewers_second_is_a_conflict_and_force_overrides(store: Store) -> None:
    package = build_package(store, EMPTY, lang="es")
    first = edited(package, {1: ("Versión de Ana: 24 de noviembre.", SegmentState.EDITED)})
    second = edited(package, {1: ("Versión de Berta: 24 de noviembre.", SegmentState.EDITED)})
    assert run_import(store, first).results[1].outcome is Outcome.APPLIED
    result = run_import(store, second).results[1]
    assert result.outcome is Outcome.CONFLICT and "Ana" in result.message and "Berta" in result.message
    assert store.translations("csto", "es")[package.units[1].segment_id].text.startswith("Versión de Ana")
    forced = run_import(store, second, force=True).results[1]
    assert forced.outcome is Outcome.FORCED
    assert store.translations("csto", "es")[package.units[1].segment_id].text.startswith("Versión de Berta")
    assert "forced over revision 2" in store.history("csto", package.units[1].segment_id, "es")[-1].reason


@pytest.mark.parametrize("state", [
    pytest.param(SegmentState.EDITED, id="confirmed-as-edited"),
    pytest.param(SegmentState.APPROVED, id="approved-in-the-file-too"),
])
def test_the_text_approved_since_the_export_is_no_conflict(store: Store, state: SegmentState) -> None:
    """An editor approves a draft while the translator confirms it unchanged (OmegaT: Ctrl+I, then moves on)."""
    package = build_package(store, EMPTY, lang="es")
    unit = package.units[1]
    decide(store, EMPTY, f"csto/{unit.segment_id}", lang="es", state=SegmentState.APPROVED, actor="ed", force=True)
    result = run_import(store, edited(package, {1: (unit.target, state)})).results[1]
    assert result.outcome is Outcome.UNCHANGED and result.message.startswith("same as in the store")
    assert store.translations("csto", "es")[unit.segment_id].state is SegmentState.APPROVED


def test_stale_unknown_and_problems(tmp_path: Path) -> None:
    store, source = make_store(tmp_path)
    package = build_package(store, EMPTY, lang="es")
    make_stale(store, source, "ended on 24 November", "ended on 25 November")
    units = list(package.units)
    units[1] = replace(units[1], target="cambiado")
    units[2] = replace(units[2], segment_id="nope", target="x")
    units[3] = replace(units[3], slug="elsewhere", target="x")
    parsed = ParsedReview(replace(package, units=tuple(units)), (UnitProblem("duplicate id", "abc", "csto", 7),))
    outcomes = [r.outcome for r in run_import(store, parsed).results]
    assert outcomes == [Outcome.INVALID, Outcome.UNCHANGED, Outcome.STALE, Outcome.UNKNOWN, Outcome.UNKNOWN]
    store.close()


def test_wrong_language_is_refused(store: Store) -> None:
    with pytest.raises(ReviewError, match="the file is for es, not ca"):
        run_import(store, ParsedReview(build_package(store, EMPTY, lang="es")), lang="ca")


@pytest.mark.parametrize(
    ("index", "text", "check"),
    [
        pytest.param(1, "La cumbre terminó el 25 de noviembre.", "numbers", id="number-changed"),
        pytest.param(3, "En 2022, se prometieron 3.000 tropas.", None, id="number-formatted-ok"),
        pytest.param(1, "The summit in Yerevan ended on 24 November.", "untranslated", id="untranslated"),
    ],
)
def test_qa_holds_approved_edits(store: Store, index: int, text: str, check: str | None) -> None:
    package = build_package(store, EMPTY, lang="es")
    result = run_import(store, edited(package, {index: (text, SegmentState.APPROVED)})).results[index]
    stored = store.translations("csto", "es")[package.units[index].segment_id]
    if check is None:
        assert result.outcome is Outcome.APPLIED and stored.state is SegmentState.APPROVED
    else:
        assert result.outcome is Outcome.HELD and stored.state is SegmentState.NEEDS_REVIEW
        assert check in {f.check for f in store.findings("csto", "es")}


def test_broken_tags_are_not_applied(store: Store) -> None:
    package = build_package(store, EMPTY, lang="es")
    result = run_import(store, edited(package, {2: ("Nadie firmó la <1>final.", SegmentState.EDITED)})).results[2]
    assert result.outcome is Outcome.INVALID and "never closed" in result.message


def test_decide_approve_and_reopen(store: Store) -> None:
    package = build_package(store, EMPTY, lang="es")
    run_import(store, edited(package, {1: ("La cumbre terminó en noviembre.", SegmentState.EDITED)}))  # lost "24"
    results = decide(store, EMPTY, "csto", lang="es", state=SegmentState.APPROVED, actor="ed")
    assert [r.outcome for r in results] == [Outcome.APPLIED, Outcome.INVALID, Outcome.APPLIED, Outcome.APPLIED]
    assert "24" in results[1].message
    [forced] = decide(store, EMPTY, f"csto/{package.units[1].segment_id}", lang="es", state=SegmentState.APPROVED,
                      actor="ed", force=True)
    assert forced.outcome is Outcome.APPLIED
    seg = package.units[0].segment_id
    [reopened] = decide(store, EMPTY, f"csto/{seg}", lang="es", state=SegmentState.NEEDS_REVIEW, actor="ed",
                        reason="title too long")
    assert reopened.outcome is Outcome.APPLIED
    assert store.history("csto", seg, "es")[-1].reason == "title too long"
    with pytest.raises(ReviewError, match="no segment 'zzz'"):
        decide(store, EMPTY, "csto/zzz", lang="es", state=SegmentState.APPROVED, actor="ed")


def test_killed_import_leaves_the_store_unchanged(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    package = build_package(store, EMPTY, lang="es")
    before = {k: (t.text, t.state, t.revision) for k, t in store.translations("csto", "es").items()}
    history = len(store.history("csto", package.units[1].segment_id, "es"))
    store.close()
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from review_helpers import edited
        from translate.model import Glossary, SegmentState
        from translate.review.apply import import_review
        from translate.review.package import build_package
        from translate.store import Store
        store = Store.open(Path({str(tmp_path / "ws" / ".translate" / "store.sqlite3")!r}))
        package = build_package(store, Glossary((), ""), lang="es")
        parsed = edited(package, {{i: (f"Editado {{i}} el 24 de noviembre en 2022, 3,000.", SegmentState.EDITED)
                                   for i in range(4)}})
        updates = []
        def trace(statement):
            if statement.startswith("UPDATE translations"):
                updates.append(statement)
                if len(updates) == 2:
                    print("inside", flush=True)
                    time.sleep(60)
        store._db.connection.set_trace_callback(trace)
        import_review(store, Glossary((), ""), parsed, path=Path("x.xlf"), actor="killed")
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "inside"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Store.open(tmp_path / "ws" / ".translate" / "store.sqlite3") as reopened:
        after = {k: (t.text, t.state, t.revision) for k, t in reopened.translations("csto", "es").items()}
        assert after == before
        assert len(reopened.history("csto", package.units[1].segment_id, "es")) == history


FORMATS = [
    pytest.param("xliff", id="xliff"),
    pytest.param("docx", id="docx"),
]


def _round_trip(fmt: str, package, path: Path):
    from translate.review.docx import export_review_docx
    from translate.review.docx_read import import_review_docx
    from translate.review.xliff import export_xliff, import_xliff

    if fmt == "xliff":
        return import_xliff(export_xliff(package), path=path)
    return import_review_docx(export_review_docx(package), path=path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_untouched_file_changes_nothing(store: Store, fmt: str) -> None:
    before = {k: (t.text, t.state, t.revision) for k, t in store.translations("csto", "es").items()}
    report = run_import(store, _round_trip(fmt, build_package(store, EMPTY, lang="es"), FILE))
    assert report.noop
    assert {k: (t.text, t.state, t.revision) for k, t in store.translations("csto", "es").items()} == before


_XML_SAFE = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.sampled_from(
    ["\u202b", "\u0301", "🇺", "🇦", "&", "<", ">", '"', "'", "\u05d0", "\u0627", "1", "/"]
)


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(_XML_SAFE, min_size=1, max_size=40).filter(lambda t: t.strip() and t == " ".join(t.split())))
def test_any_unicode_edit_round_trips_exactly(tmp_path_factory: pytest.TempPathFactory, fmt: str, text: str) -> None:
    store, _ = make_store(tmp_path_factory.mktemp("rt"))
    try:
        package = build_package(store, EMPTY, lang="es")
        parsed = _round_trip(fmt, edited(package, {1: (escape(text) + " 24", SegmentState.EDITED)}).package, FILE)
        run_import(store, parsed)
        assert store.translations("csto", "es")[package.units[1].segment_id].text == escape(text) + " 24"
    finally:
        store.close()


@pytest.mark.parametrize(("copy", "outcomes", "text"), [
    pytest.param("Otra versión: 24 de noviembre.", [Outcome.INVALID, Outcome.INVALID], "La cumbre",
                 id="different-text-refused-in-every-copy"),
    pytest.param("La cumbre en Ereván terminó el 24 de noviembre.", [Outcome.APPLIED, Outcome.UNCHANGED],
                 "La cumbre en Ereván", id="exact-copy-applies-once"),
])
def test_a_segment_given_twice(store: Store, copy: str, outcomes: list[Outcome], text: str) -> None:
    """Two <file>s for one article, or one row twice: which copy is right is not for the import to guess."""
    package = build_package(store, EMPTY, lang="es")
    parsed = edited(package, {1: ("La cumbre en Ereván terminó el 24 de noviembre.", SegmentState.EDITED)})
    repeated = replace(parsed.package.units[1], target=copy, line=40)
    twice = ParsedReview(replace(parsed.package, units=(*parsed.package.units, repeated)))
    results = run_import(store, twice).results
    assert [results[1].outcome, results[-1].outcome] == outcomes
    assert results[-1].line == 40
    stored = store.translations("csto", "es")[repeated.segment_id]
    if outcomes[0] is Outcome.INVALID:
        assert "appears 2 times in the file" in results[1].message and "none of them is applied" in results[1].message
        assert stored.text.startswith("ES: ") and stored.revision == 1
    else:
        assert stored.text.startswith(text) and "exact copy" in results[-1].message


@pytest.mark.parametrize("text", [pytest.param(None, id="comment-only"),
                                  pytest.param("La cumbre en Ereván terminó el 24 de noviembre.", id="edited")])
def test_a_comment_is_recorded_once_whether_the_unit_changed_or_not(store: Store, text: str | None) -> None:
    package = build_package(store, EMPTY, lang="es")
    unit = package.units[1]
    units = list(package.units)
    units[1] = replace(unit, target=text or unit.target, comment="Check the date with the desk.",
                       exported_state=unit.state)
    parsed = ParsedReview(replace(package, units=tuple(units)))
    first = run_import(store, parsed)
    assert first.comments == 1 and not first.noop
    assert first.results[1].outcome is (Outcome.UNCHANGED if text is None else Outcome.APPLIED)
    comments = store.comments("csto", unit.segment_id, "es")
    assert [(c.actor, c.via, c.text) for c in comments] == [("ana", f"review import {FILE.name}",
                                                             "Check the date with the desk.")]
    revision = store.translations("csto", "es")[unit.segment_id].revision
    again = run_import(store, parsed)  # the same file again: nothing applied, nothing recorded twice
    assert again.noop and again.comments == 0
    assert len(store.comments("csto", unit.segment_id, "es")) == 1
    assert store.translations("csto", "es")[unit.segment_id].revision == revision


def test_a_dry_run_records_no_comment(store: Store) -> None:
    package = build_package(store, EMPTY, lang="es")
    units = list(package.units)
    units[0] = replace(units[0], comment="Title too long?")
    report = run_import(store, ParsedReview(replace(package, units=tuple(units))), dry_run=True)
    assert report.comments == 1 and "comment recorded" in report.results[0].message
    assert store.comments("csto", units[0].segment_id, "es") == []


class RacedStore(Store):
    """A store whose next write comes just after a colleague's save of the same segment (another connection):
    the moment between a save's revision check and its write."""

    colleague: tuple[Store, str] | None = None

    def apply_changes(self, changes: Sequence[Change], *, actor: str, via: str) -> None:
        if self.colleague is not None:
            (other, text), self.colleague = self.colleague, None
            change = changes[0]
            save_segment(other, EMPTY, slug=change.slug, segment_id=change.segment_id, lang=change.lang, text=text,
                         revision=1, actor="ed", via="workbench")
        super().apply_changes(changes, actor=actor, via=via)


def test_a_save_overtaken_between_its_check_and_its_write_is_a_conflict(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    store.close()
    path = tmp_path / "ws" / ".translate" / "store.sqlite3"
    with RacedStore.open(path) as mine, Store.open(path) as theirs:
        segment = mine.segments("csto")[1]
        mine.colleague = (theirs, "ES: la de Ed.")
        result = save_segment(mine, EMPTY, slug="csto", segment_id=segment.id, lang="es", text="ES: la de Ana.",
                              revision=1, actor="ana", via="workbench")
        assert result.outcome is Outcome.CONFLICT
        assert [(h.actor, h.to_text) for h in mine.history("csto", segment.id, "es")][1:] == [("ed", "ES: la de Ed.")]
        assert mine.translations("csto", "es")[segment.id].revision == 2
