"""`translate run` under a glossary: source normalization, enforcement, QA states, compliance, impact."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import requires_apertium
from translate.config import Workspace
from translate.engines import apertium_terms
from translate.engines.apertium import ApertiumEngine
from translate.errors import GlossaryError, ReviewConflict
from translate.glossary.impact import glossary_impact, reopen
from translate.glossary.load import load_glossary
from translate.model import MTResult, SegmentState
from translate.pipeline import execute_run, plan_run
from translate.store import Store

pytestmark = requires_apertium

GLOSSARY = """\
terms:
  - id: luhansk
    kind: place
    note: Ukrainian-based romanization.
    en: {preferred: Luhansk, forbidden: [Lugansk]}
    es: {preferred: Luhansk, forbidden: [Lugansk]}
    ca: {preferred: Luhansk, forbidden: [Lugansk]}
  - id: csto
    kind: organization
    en: {preferred: CSTO, forms: [Collective Security Treaty Organization]}
    es: {preferred: OTSC}
    ca: {preferred: OTSC}
  - id: kremlin
    kind: place
    en: {preferred: Kremlin}
    es: {preferred: Kremlin}
    ca: {preferred: Kremlin}
"""

ARTICLE = """---
title: The CSTO and Lugansk
---
The Kremlin sent the CSTO to Lugansk. Lugansk's mayor left.

Nothing else happened.
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    ws.glossary_dir.mkdir(parents=True)
    (ws.glossary_dir / "places.yaml").write_text(GLOSSARY, encoding="utf-8")
    return ws


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "csto.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run(workspace: Workspace, source: Path, to: tuple[str, ...] = ("es", "ca")):
    return execute_run(plan_run(workspace, [source], targets=to))


def test_run_enforces_the_glossary(workspace: Workspace, source: Path) -> None:
    report = run(workspace, source)
    assert [f.check for f in report.source_findings["csto"]] == ["source-forbidden"] * 3
    es, ca = report.results
    assert (es.violations, es.governed, es.terms_applied) == (0, 3, 6)
    # Plain eng-cat reads "Luhansk's" as "Luhansk has" ("Luhanskha"): with the terms in its dictionaries and
    # the genitive pre-edited ("the mayor of Luhansk"), every term comes out whole.
    assert (ca.violations, ca.governed, ca.terms_applied) == (0, 3, 6)
    for result in report.results:
        html = (workspace.drafts_dir("csto") / f"{result.lang}.html").read_text()
        assert "Lugansk" not in html and "Luhansk" in html and "OTSC" in html and "Kremlin" in html
    with Store.open(workspace.store_path) as store:
        segments = store.segments("csto")
        assert all("Lugansk" not in s.text for s in segments)
        terms = store.applied_terms("csto", "es")
        assert {t.concept_id for ts in terms.values() for t in ts} == {"luhansk", "csto", "kremlin"}
        engines = {t.engine for t in store.translations("csto", "es").values()}
        assert len(engines) == 1 and "|glossary:sha256:" in engines.pop()


def test_violation_puts_segment_in_needs_review(workspace: Workspace, source: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    real = ApertiumEngine.run_mode

    def lossy(self: ApertiumEngine, run: Path, texts: list[str], *, name: str) -> list[MTResult]:
        # The engine loses a term it was given (its dictionaries say OTSC): nothing can restore it.
        return [MTResult(r.text.replace("OTSC", "CSTO"), r.findings) for r in real(self, run, texts, name=name)]

    monkeypatch.setattr(ApertiumEngine, "run_mode", lossy)
    report = run(workspace, source, to=("es",))
    [result] = report.results
    assert result.violations >= 1
    with Store.open(workspace.store_path) as store:
        states = {t.state for t in store.translations("csto", "es").values()}
        assert SegmentState.NEEDS_REVIEW in states
        assert "term-missing" in {f.check for f in store.findings("csto", "es")}


def test_glossary_change_retranslates_normalized_sentences(workspace: Workspace, source: Path) -> None:
    run(workspace, source, to=("es",))
    (workspace.glossary_dir / "places.yaml").write_text(GLOSSARY.replace("forbidden: [Lugansk]}", "}"), encoding="utf-8")
    report = run(workspace, source, to=("es",))
    assert report.results[0].translated == 3  # the three sentences that said Lugansk are new sources now


def test_impact_finds_and_reopens(workspace: Workspace, source: Path) -> None:
    run(workspace, source, to=("es",))
    (workspace.glossary_dir / "places.yaml").write_text(
        GLOSSARY.replace("es: {preferred: Kremlin}", "es: {preferred: Kremlin, forbidden: [Kremlin de Moscú]}")
        .replace("es: {preferred: OTSC}", "es: {preferred: OTSC-nueva}"), encoding="utf-8")
    glossary = load_glossary(workspace.glossary_dir)
    with Store.open(workspace.store_path) as store:
        impacts = glossary_impact(store, glossary)
        assert impacts and all(i.lang == "es" for i in impacts)
        assert {f.check for i in impacts for f in i.findings} == {"term-missing"}
        assert reopen(store, impacts, actor="ana") == len(impacts)
        assert reopen(store, glossary_impact(store, glossary), actor="ana") == 0
        for i in impacts:
            assert store.translations(i.slug, "es")[i.segment_id].state == SegmentState.NEEDS_REVIEW
            assert "glossary change" in store.history(i.slug, i.segment_id, "es")[-1].reason


def test_impact_reopens_all_or_nothing(workspace: Workspace, source: Path) -> None:
    """One transaction: a translation that moved since the impacts were found leaves every one where it was."""
    run(workspace, source, to=("es",))
    (workspace.glossary_dir / "places.yaml").write_text(GLOSSARY.replace("es: {preferred: OTSC}", "es: {preferred: "
                                                                         "OTSC-nueva}"), encoding="utf-8")
    glossary = load_glossary(workspace.glossary_dir)
    with Store.open(workspace.store_path) as store:
        impacts = glossary_impact(store, glossary)
        assert len(impacts) >= 2
        last = impacts[-1]
        store.set_state(last.slug, last.segment_id, "es", SegmentState.EDITED, actor="bo", via="test",
                        reason="meanwhile")
        with pytest.raises(ReviewConflict, match="nothing was reopened"):
            reopen(store, impacts, actor="ana")
        for i in impacts:
            assert store.translations(i.slug, "es")[i.segment_id].state != SegmentState.NEEDS_REVIEW
            assert all(row.via != "translate glossary impact --reopen"
                       for row in store.history(i.slug, i.segment_id, "es"))


def test_invalid_glossary_stops_the_run(workspace: Workspace, source: Path) -> None:
    (workspace.glossary_dir / "bad.yaml").write_text("terms:\n  - id: Bad Id\n    en: {preferred: X}\n")
    with pytest.raises(GlossaryError, match="bad.yaml:2"):
        run(workspace, source)
    assert not workspace.state_dir.exists()


def test_empty_glossary_runs(tmp_path: Path, source: Path) -> None:
    report = run(Workspace(tmp_path / "empty"), source, to=("es",))
    assert not report.glossary.concepts and report.results[0].translated == 4


def test_dictionaries_are_built_on_first_use_and_said_once(workspace: Workspace, source: Path) -> None:
    notes: list[str] = []
    execute_run(plan_run(workspace, [source], targets=("es", "ca")), on_note=notes.append)
    assert sorted(notes) == [f"compiling the glossary into Apertium {mode} (once per glossary and package version)"
                             for mode in ("eng-cat", "eng-spa")]
    built = sorted(p.name for p in (workspace.state_dir / "apertium-terms").iterdir())
    notes.clear()
    execute_run(plan_run(workspace, [source], targets=("es", "ca"), retranslate=True), on_note=notes.append)
    assert notes == [] and sorted(p.name for p in (workspace.state_dir / "apertium-terms").iterdir()) == built


def test_without_lttoolbox_terms_are_protected_and_the_run_says_once_how_to_install(
        workspace: Workspace, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apertium_terms, "TOOLS", ("lt-comp-not-installed-here", "lt-append", "cg-comp"))
    notes: list[str] = []
    report = execute_run(plan_run(workspace, [source], targets=("es", "ca")), on_note=notes.append)
    assert len(notes) == 1 and "sudo apt-get install lttoolbox-dev cg3" in notes[0], notes
    assert not (workspace.state_dir / "apertium-terms").exists()
    for result in report.results:
        html = (workspace.drafts_dir("csto") / f"{result.lang}.html").read_text()
        assert "Lugansk" not in html and "Luhansk" in html and "OTSC" in html
