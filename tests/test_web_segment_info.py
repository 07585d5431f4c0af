"""The side panel's memory, history and comments (translate/web/segment_info.py, static/panel.js): the API over a
real server, then in Chromium: memory matches inserted by Ctrl+N and a click, a hostile comment inert."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_helpers import make_store
from translate.ingest import read_article
from translate.model import AppliedTerm, MemoryEntry, MTResult, SegmentState
from translate.segment import segment_article
from translate.store import Change, Store
from web_helpers import new_page, requires_chromium, serving

SUMMIT = "The summit in Yerevan ended on 24 November."
MINSK = "The summit in Minsk ended on 24 November."
MINSK_ES = "La cumbre de Minsk terminó el 24 de noviembre."
TMX_ES = "La cumbre de Ereván concluyó el 24 de noviembre."
OTHER = """---
title: Minsk
slug: minsk
---
The summit in Minsk ended on 24 November. Fishing boats returned to the harbour at dawn.
"""


def store_path(workspace: Path) -> Path:
    return workspace / ".translate" / "store.sqlite3"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The csto article in machine drafts; another article approved, one sentence like csto's; a TMX entry of
    csto's sentence, one into another language and one of an unlike sentence."""
    store, _ = make_store(tmp_path)
    source = tmp_path / "minsk.md"
    source.write_text(OTHER, encoding="utf-8")
    article = read_article(source)
    segments = segment_article(article)
    store.save_article(article, segments)
    store.save_machine_translations("minsk", "es", [(s, MTResult(f"ES: {s.text}"), SegmentState.MT_DRAFT)
                                                    for s in segments], engine="fake:1")
    minsk = next(s for s in segments if s.text == MINSK)
    store.apply_changes([Change("minsk", minsk.id, "es", MINSK_ES, SegmentState.APPROVED, None)], actor="ed",
                        via="test")
    store.add_memory([
        MemoryEntry("en", "es", SUMMIT, TMX_ES, "tu-7", "", "2026-01-01T00:00:00Z"),
        MemoryEntry("en", "ca", SUMMIT, "La cimera d'Erevan.", "tu-8", "", ""),
        MemoryEntry("en", "es", "Fishing boats returned at dawn.", "Los barcos volvieron.", "tu-9", "", ""),
    ])
    store.close()
    return tmp_path / "ws"


def segment_id(workspace: Path, text: str, slug: str = "csto") -> str:
    with Store.open(store_path(workspace)) as store:
        return next(s.id for s in store.segments(slug) if s.text == text)


def info(served, workspace: Path, text: str = SUMMIT) -> dict:
    answer = served.client().get(f"/api/segment-info/csto/es/{segment_id(workspace, text)}")
    assert answer.status_code == 200
    return answer.json()


def joined(pieces: list[dict], *changes: str) -> str:
    return "".join(p["text"] for p in pieces if p["change"] in changes)


def test_memory_gives_exact_then_similar_matches_with_the_difference(workspace: Path) -> None:
    with serving(workspace) as served:
        matches = info(served, workspace)["memory"]
    assert [(m["score"], m["from"], m["target"]) for m in matches] == [
        (100, "tmx", TMX_ES), (matches[1]["score"], "approved", MINSK_ES)]
    assert matches[0]["origin"] == "tu-7" and matches[0]["source"] == [{"change": "same", "text": SUMMIT}]
    similar = matches[1]
    assert 80 <= similar["score"] < 100 and similar["origin"] == f"minsk/{segment_id(workspace, MINSK, 'minsk')}"
    # from the match's source to this segment's: what the translation needs adapting for
    assert joined(similar["source"], "same", "del") == MINSK and joined(similar["source"], "same", "ins") == SUMMIT
    assert joined(similar["source"], "del") == "Minsk" and joined(similar["source"], "ins") == "Yerevan"


def test_a_segment_s_own_approval_is_not_its_match_and_unlike_sources_give_none(workspace: Path) -> None:
    with serving(workspace) as served:
        client = served.client()
        summit = segment_id(workspace, SUMMIT)
        client.post("/api/save", json={"slug": "csto", "lang": "es", "id": summit, "text": TMX_ES, "revision": 1})
        client.post("/api/approve", json={"slug": "csto", "lang": "es", "id": summit, "revision": 2})
        assert [m["origin"] for m in info(served, workspace)["memory"]] == [
            "tu-7", f"minsk/{segment_id(workspace, MINSK, 'minsk')}"]
        troops = info(served, workspace, "In 2022, 3,000 troops were promised.")
    assert troops["memory"] == []


def test_history_after_two_saves_is_newest_first_against_the_draft(workspace: Path) -> None:
    summit = segment_id(workspace, SUMMIT)
    with serving(workspace, actor="ana") as served:
        client = served.client()
        for revision, text in [(1, "ES: The summit in Ereván ended on 24 November."), (2, MINSK_ES)]:
            saved = client.post("/api/save", json={"slug": "csto", "lang": "es", "id": summit, "text": text,
                                                   "revision": revision})
            assert saved.status_code == 200, saved.text
        history = info(served, workspace)["history"]
    assert [(h["actor"], h["via"], h["from_state"], h["to_state"], h["text"]) for h in history] == [
        ("ana", "workbench", "edited", "edited", MINSK_ES),
        ("ana", "workbench", "mt-draft", "edited", "ES: The summit in Ereván ended on 24 November."),
        ("machine", "fake:1", None, "mt-draft", f"ES: {SUMMIT}"),
    ]
    first_edit = history[1]["diff"]
    assert joined(first_edit, "del") == "Yerevan" and joined(first_edit, "ins") == "Ereván"
    assert joined(first_edit, "same", "del") == f"ES: {SUMMIT}"
    assert joined(history[0]["diff"], "same", "ins") == MINSK_ES
    assert history[2]["diff"] == [{"change": "same", "text": f"ES: {SUMMIT}"}]
    assert all(h["at"] for h in history)


def test_comments_are_added_and_listed(workspace: Path) -> None:
    summit = segment_id(workspace, SUMMIT)
    with serving(workspace, actor="ana") as served:
        client = served.client()
        for text in ["  Check the date with the desk.  ", "Yerevan, not Erevan."]:
            answer = client.post("/api/comment", json={"slug": "csto", "lang": "es", "id": summit, "text": text})
            assert answer.status_code == 200
        assert [(c["actor"], c["via"], c["text"]) for c in answer.json()["comments"]] == [
            ("ana", "workbench", "Check the date with the desk."), ("ana", "workbench", "Yerevan, not Erevan.")]
        assert info(served, workspace)["comments"] == answer.json()["comments"]
    with Store.open(store_path(workspace)) as store:
        assert len(store.comments("csto", summit, "es")) == 2
        assert store.translations("csto", "es")[summit].revision == 1  # a comment is not a change


@pytest.mark.parametrize(("body", "status", "says"), [
    pytest.param({"text": "   "}, 400, "empty comment", id="empty"),
    pytest.param({"text": "x" * 4097}, 400, "more than the 4,096", id="too-long"),
    pytest.param({"text": "Hm.", "id": "nope"}, 400, "no es translation of segment 'nope'", id="unknown-segment"),
    pytest.param({"text": "Hm.", "lang": "uk"}, 400, "no uk translation", id="unknown-language"),
    pytest.param({}, 400, "the request has no text", id="no-text"),
])
def test_a_comment_that_cannot_be_recorded_says_why(workspace: Path, body: dict, status: int, says: str) -> None:
    summit = segment_id(workspace, SUMMIT)
    with serving(workspace) as served:
        answer = served.client().post("/api/comment", json={"slug": "csto", "lang": "es", "id": summit} | body)
    assert answer.status_code == status and says in answer.json()["error"]
    with Store.open(store_path(workspace)) as store:
        assert store.comments("csto", summit, "es") == []


def test_a_comment_without_the_csrf_token_is_refused(workspace: Path) -> None:
    import httpx

    summit = segment_id(workspace, SUMMIT)
    with serving(workspace) as served:
        answer = httpx.post(served.url + "/api/comment", json={"slug": "csto", "lang": "es", "id": summit,
                                                                "text": "Hm."})
        unknown = served.client().get("/api/segment-info/csto/es/nope")
    assert answer.status_code == 403 and unknown.status_code == 400
    with Store.open(store_path(workspace)) as store:
        assert store.comments("csto", summit, "es") == []


def panel_for(page, served, workspace: Path, text: str) -> None:
    """The editor open, the segment of ``text`` at hand and its panel filled."""
    page.goto(f"{served.url}/edit/csto/es")
    page.locator(f"#seg-{segment_id(workspace, text)} textarea.target").click()
    page.locator("#panel-history .change").first.wait_for()


@requires_chromium
def test_ctrl_1_inserts_the_first_suggestion_and_a_match_is_insertable(workspace: Path, chromium,
                                                                      page_errors: list[str]) -> None:
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        panel_for(page, served, workspace, SUMMIT)
        field = page.locator(f"#seg-{segment_id(workspace, SUMMIT)} textarea.target")
        matches = page.locator("#panel-memory button.suggestion")
        assert matches.all_text_contents() == [TMX_ES, MINSK_ES]
        assert matches.first.get_attribute("title") == "Insert (Ctrl+1)"  # no term here: memory comes first
        assert page.locator("#panel-memory .score").all_text_contents()[0] == "100%"
        assert page.locator("#panel-memory .match").nth(1).locator("del").all_text_contents() == ["Minsk"]
        assert page.locator("#panel-memory .match").nth(1).locator("ins").all_text_contents() == ["Yerevan"]
        field.fill("")
        page.keyboard.press("Control+1")
        assert field.input_value() == TMX_ES
        field.fill("")
        matches.nth(1).click()
        assert field.input_value() == MINSK_ES
        field.press("End")
        field.type("!")  # saved as the translator pauses: the history grows by itself
        page.locator("#panel-history .change").nth(1).wait_for()
        assert page.locator("#panel-history .change .who").first.text_content() == "ana"
    assert page_errors == []


@requires_chromium
def test_terms_come_before_memory_matches(workspace: Path, chromium, page_errors: list[str]) -> None:
    with Store.open(store_path(workspace)) as store:  # a new draft that applied a glossary term
        segment = next(s for s in store.segments("csto") if s.text == SUMMIT)
        term = AppliedTerm("summit", "dictionary", "summit", "cumbre")
        store.save_machine_translations("csto", "es", [(segment, MTResult(f"ES: {SUMMIT}", terms=(term,)),
                                                        SegmentState.MT_DRAFT)], engine="fake:2")
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        panel_for(page, served, workspace, SUMMIT)
        field = page.locator(f"#seg-{segment.id} textarea.target")
        titles = [b.get_attribute("title") for b in page.locator("#panel .suggestion").all()]
        assert titles == ["Insert (Ctrl+1)", "Insert (Ctrl+2)", "Insert (Ctrl+3)"]
        field.fill("")
        page.keyboard.press("Control+1")
        assert field.input_value() == "cumbre"
        field.fill("")
        page.keyboard.press("Control+2")
        assert field.input_value() == TMX_ES
    assert page_errors == []


HOSTILE = ('<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
           '<a href="javascript:window.pwned=3">click</a> "quoted" & done')


@requires_chromium
def test_a_hostile_comment_and_memory_never_run(workspace: Path, chromium, page_errors: list[str]) -> None:
    with Store.open(store_path(workspace)) as store:
        store.add_memory([MemoryEntry("en", "es", SUMMIT.replace("Yerevan", "<b onmouseover=x>"), HOSTILE, "<i>tu</i>",
                                      "", "")])
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        panel_for(page, served, workspace, SUMMIT)
        page.locator("form.add-comment textarea").fill(HOSTILE)
        page.locator("form.add-comment button").click()
        page.get_by_text("Recorded.").wait_for()
        page.reload()  # and as read back from the store
        page.locator(f"#seg-{segment_id(workspace, SUMMIT)} textarea.target").click()
        page.locator("#panel-comments .comment").first.wait_for()
        assert page.locator("#panel-comments .comment-text").all_text_contents() == [HOSTILE]
        assert HOSTILE in page.locator("#panel-memory button.suggestion").all_text_contents()
        assert "TMX · <i>tu</i>" in page.locator("#panel-memory .from").all_text_contents()
        assert page.locator("#panel img, #panel script, #panel a[href^='javascript']").count() == 0
        assert page.evaluate("window.pwned") is None
    assert page_errors == []
