"""The main job end to end, in a temporary workspace: on real Apertium processes, and on the in-memory engine."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import docx
import html5lib
import pytest

from conftest import EXAMPLES, requires_apertium
from engines_memory import MemoryEngine
from translate import __version__
from translate.config import Workspace
from translate.errors import EngineNotInstalled, IngestError, LanguageError, PairNotAvailable
from translate.i18n import missing_catalogs
from translate.pipeline import execute_run, plan_run
from translate.release import publish
from translate.store import Store

ARTICLE = """---
title: Kyiv and Minsk
date: 2024-05-02
author: Desk
---
The government met in the capital. The talks ended late.

## The border

The border is long. Soldiers watch it with **great care**, officials said.

- The first point.
- The second point.
"""


def run(workspace: Workspace, *sources: Path, to: tuple[str, ...] = ("es", "ca"), **options: object):
    plan = plan_run(workspace, list(sources), targets=to, **options)
    return execute_run(plan)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "kyiv-minsk.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@requires_apertium
def test_run_writes_drafts_for_every_language(workspace: Workspace, source: Path) -> None:
    report = run(workspace, source, to=("es", "ca", "pt"))
    assert [(r.lang, r.route, r.translated, r.reused) for r in report.results] == [
        ("es", "apertium", 8, 0), ("ca", "apertium", 8, 0), ("pt", "apertium via es", 8, 0),
    ]
    page = html5lib.parse((workspace.drafts_dir("kyiv-minsk") / "es.html").read_bytes(), namespaceHTMLElements=False)
    assert page.get("lang") == "es"
    assert page.find(".//*[@class='draft-notice']") is not None
    assert page.find(".//h1").text.strip()
    assert [li.text for li in page.findall(".//main//ul/li")] == ["El primer punto.", "El segundo punto."]
    assert page.find(".//strong") is not None
    document = docx.Document(io.BytesIO((workspace.drafts_dir("kyiv-minsk") / "pt.docx").read_bytes()))
    assert any("tradução automática" in p.text.lower() for p in document.paragraphs)  # pt: its notice in Portuguese
    with Store.open(workspace.store_path) as store:
        assert {t.state for t in store.translations("kyiv-minsk", "pt").values()} == {"mt-draft"}
        assert {t.engine for t in store.translations("kyiv-minsk", "pt").values()} == {
            next(iter(store.translations("kyiv-minsk", "pt").values())).engine
        }


@requires_apertium
def test_drafts_switch_between_their_languages(workspace: Workspace, source: Path) -> None:
    run(workspace, source, to=("es", "ca", "pt"))
    run(workspace, source, to=("pt",))  # the others stay listed: their drafts are there

    def switcher(lang: str) -> list[tuple[str | None, str | None, str | None]]:
        page = html5lib.parse((workspace.drafts_dir("kyiv-minsk") / f"{lang}.html").read_bytes(),
                              namespaceHTMLElements=False)
        return [(el.get("href"), el.get("aria-current"), el.text) for el in page.findall(".//nav//li/*")]

    assert switcher("es") == [(None, "page", "Español"), ("ca.html", None, "Català"), ("pt.html", None, "Português")]
    assert switcher("pt") == [(None, "page", "Português"), ("ca.html", None, "Català"), ("es.html", None, "Español")]


@requires_apertium
def test_rerun_translates_nothing_and_rewrites_nothing(workspace: Workspace, source: Path) -> None:
    run(workspace, source)
    before = {p: p.stat().st_mtime_ns for p in workspace.outputs_dir.rglob("*") if p.is_file()}
    report = run(workspace, source)
    assert [(r.translated, r.reused, r.written) for r in report.results] == [(0, 8, 0), (0, 8, 0)]
    assert {p: p.stat().st_mtime_ns for p in workspace.outputs_dir.rglob("*") if p.is_file()} == before


@requires_apertium
def test_changed_paragraph_retranslates_only_its_sentences(workspace: Workspace, source: Path) -> None:
    run(workspace, source)
    source.write_text(ARTICLE.replace("The border is long.", "The border is very long."), encoding="utf-8")
    report = run(workspace, source)
    assert [(r.translated, r.reused) for r in report.results] == [(1, 7), (1, 7)]
    assert report.changes["kyiv-minsk"].added == 1 and report.changes["kyiv-minsk"].dropped == 1


@requires_apertium
def test_same_inputs_give_identical_files(tmp_path: Path, source: Path) -> None:
    first, second = Workspace(tmp_path / "a"), Workspace(tmp_path / "b")
    run(first, source)
    run(second, source)
    for path in sorted(first.outputs_dir.rglob("*.*")):
        assert path.read_bytes() == (second.root / path.relative_to(first.root)).read_bytes(), path.name


@requires_apertium
def test_unknown_words_are_findings_not_marks(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "csto.txt"
    path.write_text("The CSTO in Yerevan\n\nPashinyan left the CSTO summit in Yerevan.\n", encoding="utf-8")
    report = run(workspace, path, to=("es",))
    [result] = report.results
    assert {f.text for f in result.findings} >= {"CSTO", "Yerevan", "Pashinyan"}
    assert all(f.segment_id and f.lang == "es" for f in result.findings)
    page = html5lib.parse((workspace.drafts_dir("csto") / "es.html").read_bytes(), namespaceHTMLElements=False)
    assert "*" not in "".join(page.find(".//main").itertext())


@requires_apertium
def test_examples_translate(workspace: Workspace) -> None:
    sources = sorted(p for p in EXAMPLES.iterdir() if p.suffix in {".md", ".txt", ".html"} and p.name != "README.md")
    report = run(workspace, *sources, to=("gl",))
    assert {r.slug for r in report.results} == {"armenia-csto", "belarus-border", "donbas-front"}
    assert all(r.translated == r.segments > 20 for r in report.results)


@pytest.mark.parametrize(
    ("targets", "error", "expected"),
    [
        pytest.param(("es", "klingon"), LanguageError, "unknown language code 'klingon'", id="unknown-language"),
        pytest.param(("uk",), PairNotAvailable, "no engine offers en->uk; available here: ca->en", id="no-pair"),
        pytest.param(("en",), LanguageError, "en is the source language", id="source-as-target"),
    ],
)
@requires_apertium
def test_bad_targets_write_nothing(workspace: Workspace, source: Path, targets: tuple[str, ...],
                                   error: type[Exception], expected: str) -> None:
    with pytest.raises(error, match=expected):
        run(workspace, source, to=targets)
    assert not workspace.root.exists()


@requires_apertium
def test_bad_source_among_good_ones_writes_nothing(workspace: Workspace, source: Path, tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="missing.md"):
        run(workspace, source, tmp_path / "missing.md")
    assert not workspace.root.exists()


@requires_apertium
def test_duplicate_slug(workspace: Workspace, source: Path, tmp_path: Path) -> None:
    other = tmp_path / "other" / "kyiv-minsk.md"
    other.parent.mkdir()
    other.write_text(source.read_text("utf-8") + "\nAnother paragraph.\n", encoding="utf-8")
    with pytest.raises(IngestError, match="two articles have the slug 'kyiv-minsk'"):
        run(workspace, source, other)


@requires_apertium
def test_the_same_file_named_twice_is_read_once(workspace: Workspace, source: Path, tmp_path: Path) -> None:
    link = tmp_path / "link-to-the-same.md"
    link.symlink_to(source)
    hard = tmp_path / "hard" / source.name
    hard.parent.mkdir()
    os.link(source, hard)
    copy = tmp_path / "copy" / source.name
    copy.parent.mkdir()
    shutil.copy(source, copy)
    report = run(workspace, source, source.parent / "." / source.name, link, hard, copy, to=("es",))
    assert [a.meta.slug for a in report.articles] == ["kyiv-minsk"]


@requires_apertium
def test_apertium_not_installed(workspace: Workspace, source: Path, tmp_path: Path) -> None:
    workspace.root.mkdir()
    workspace.config_path.write_text(f'[engines.apertium]\nmodes_dir = "{tmp_path / "no-apertium"}"\n')
    with pytest.raises(EngineNotInstalled, match="apt-get install apertium apertium-eng-spa"):
        run(workspace, source, to=("es",))
    assert not workspace.state_dir.exists()


@requires_apertium
def test_approved_translations_are_reused_as_memory(workspace: Workspace, source: Path, tmp_path: Path) -> None:
    run(workspace, source, to=("es",))
    with Store.open(workspace.store_path) as store:
        segments = store.segments("kyiv-minsk")
        target = next(s for s in segments if s.text == "The border is long.")
        with store.transaction() as db:
            db.execute("UPDATE translations SET text = 'La frontera es muy larga.', state = 'approved'"
                       " WHERE segment_id = ? AND lang = 'es'", (target.id,))
    other = tmp_path / "other.md"
    other.write_text("---\ntitle: Another one\n---\nThe border is long. Nothing else.\n", encoding="utf-8")
    report = run(workspace, other, to=("es",))
    [result] = report.results
    assert (result.remembered, result.translated) == (1, 2)
    with Store.open(workspace.store_path) as store:
        stored = {store.segments("other")[i].text: t for i, t in enumerate(
            store.translations("other", "es")[s.id] for s in store.segments("other"))}
        reused = stored["The border is long."]
        assert (reused.text, reused.state, reused.engine) == (
            "La frontera es muy larga.", "approved", f"memory:kyiv-minsk/{target.id}")
        assert "memory-match" in {f.check for f in store.findings("other", "es")}


# ---- the same job on the in-memory engine: no Apertium needed ----

def test_memory_engine_run_writes_drafts(workspace: Workspace, source: Path) -> None:
    memory = MemoryEngine()
    report = run(workspace, source, to=("es",), engines=[memory])
    assert [(r.lang, r.route, r.translated, r.reused) for r in report.results] == [("es", "memory", 8, 0)]
    page = html5lib.parse((workspace.drafts_dir("kyiv-minsk") / "es.html").read_bytes(), namespaceHTMLElements=False)
    assert [li.text for li in page.findall(".//main//ul/li")] == ["El primer punto.", "El segundo punto."]
    assert "gran cuidado" in [strong.text for strong in page.findall(".//p/strong")]
    with Store.open(workspace.store_path) as store:
        stored = store.translations("kyiv-minsk", "es").values()
        assert {t.state for t in stored} == {"mt-draft"}
        assert {t.engine for t in stored} == {f"engine:memory-en-es@1|translate:{__version__}"}
    signature = f"engine:memory-en-es@1|translate:{__version__}"  # and on the drafts themselves
    assert [m.get("content") for m in page.findall(".//meta[@name='generator']")] == [signature]
    assert f'engines:\n  - "{signature}"\n' in (workspace.drafts_dir("kyiv-minsk") / "es.md").read_text("utf-8")


def test_a_draft_page_marks_its_findings_and_a_release_of_the_drafts_does_not(workspace: Workspace,
                                                                              source: Path) -> None:
    run(workspace, source, to=("es",), engines=[MemoryEngine()])  # "Kyiv" and "Minsk" are unknown words
    draft = (workspace.drafts_dir("kyiv-minsk") / "es.html").read_text("utf-8")
    page = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(draft)
    (heading,) = page.findall(".//h1")  # the title: its number only, the heading styled as a whole
    assert heading.text == "Kyiv y Minsk" and heading.find("sup").get("id") == "qa-ref-1"
    (note,) = page.findall(".//section[@class='qa-notes']/ol/li")
    assert note.get("id") == "qa-1" and " ".join("".join(note.itertext()).split()) == (
        "↩ unknown-word: memory did not know “Kyiv” unknown-word: memory did not know “Minsk”")
    publish(workspace, name="drafts", allow_unreviewed=True)
    released = (workspace.outputs_dir / "releases" / "drafts" / "es" / "kyiv-minsk.html").read_text("utf-8")
    assert "draft-notice" in released  # published unreviewed: marked a draft, without the reviewer's view
    assert "<mark" not in released and "qa-" not in released and "unknown-word" not in released


@pytest.mark.parametrize(("checks", "stored", "said"), [
    pytest.param(True, "Una ofensiva del norte.", {"auto-fix"}, id="fixed-and-checked"),
    pytest.param(False, "Una ofensiva del del norte.", set(), id="as-the-engine-wrote-it"),
])
def test_a_run_without_checks_stores_the_engine_output(workspace: Workspace, tmp_path: Path, checks: bool,
                                                       stored: str, said: set[str]) -> None:
    path = tmp_path / "north.md"
    path.write_text("---\ntitle: North\n---\nAn offensive from the north.\n", encoding="utf-8")
    memory = MemoryEngine({("en", "es"): {"an": "una", "offensive": "ofensiva", "from": "del", "the": "del",
                                          "north": "norte"}})
    run(workspace, path, to=("es",), engines=[memory], checks=checks)
    with Store.open(workspace.store_path) as store:
        texts = {t.text for t in store.translations("north", "es").values()}
        checked = {f.check for f in store.findings("north", "es")} - {"unknown-word"}
    assert stored in texts and checked == said


def test_memory_engine_rerun_and_change_translate_only_what_changed(workspace: Workspace, source: Path) -> None:
    memory = MemoryEngine()
    run(workspace, source, to=("es",), engines=[memory])
    report = run(workspace, source, to=("es",), engines=[memory])
    assert [(r.translated, r.reused, r.written) for r in report.results] == [(0, 8, 0)]
    source.write_text(ARTICLE.replace("The border is long.", "The border is very long."), encoding="utf-8")
    report = run(workspace, source, to=("es",), engines=[memory])
    assert [(r.translated, r.reused) for r in report.results] == [(1, 7)]
    assert memory.calls == [(("en", "es"), 8), (("en", "es"), 1)]


def test_memory_engine_pivot_route(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "short.md"
    path.write_text("---\ntitle: Good morning\n---\nThe government met in the capital.\n", encoding="utf-8")
    memory = MemoryEngine(pivot_routes=frozenset({("en", "es", "pt")}))
    report = run(workspace, path, to=("pt",), engines=[memory])
    assert [(r.lang, r.route) for r in report.results] == [("pt", "memory via es")]
    with Store.open(workspace.store_path) as store:
        assert sorted(t.text for t in store.translations("short", "pt").values()) == [
            "Bom dia", "O governo se reuniu em o capital."]


def test_memory_engine_pair_not_offered(workspace: Workspace, source: Path) -> None:
    with pytest.raises(PairNotAvailable, match="no engine offers en->uk"):
        run(workspace, source, to=("uk",), engines=[MemoryEngine()])
    assert not workspace.state_dir.exists()


@requires_apertium
def test_a_pivot_draft_is_checked_for_pivot_language_words(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "short.md"
    path.write_text("---\ntitle: Good morning\n---\nThe negotiations continue.\n", encoding="utf-8")
    memory = MemoryEngine(pivot_routes=frozenset({("en", "es", "pt")}))
    run(workspace, path, to=("es", "pt"), engines=[memory])
    with Store.open(workspace.store_path) as store:
        assert [f.text for f in store.findings("short", "pt") if f.check == "pivot-leftover"] == [
            "negociaciones", "continúan"]
        assert [f for f in store.findings("short", "es") if f.check == "pivot-leftover"] == []


@requires_apertium
def test_checks_a_language_goes_without_are_said_once(workspace: Workspace, source: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text("---\ntitle: Other\n---\nThe war began.\n", encoding="utf-8")
    memory = MemoryEngine({("en", "es"): {"the": "el"}, ("en", "de"): {"the": "die"}})
    notes: list[str] = []
    execute_run(plan_run(workspace, [source, other], targets=("es", "de"), engines=[memory]), on_note=notes.append)
    assert notes == ["glued-word skipped: no Apertium analyser for de is installed", missing_catalogs(["de"])]
    assert "page texts in English for de" in notes[1]
