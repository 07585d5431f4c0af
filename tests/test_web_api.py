"""The editor's requests (translate/web/api.py): every write through the library, with its checks and history."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from review_helpers import make_stale, make_store
from translate.config import Workspace
from translate.model import SegmentState
from translate.store import Store
from translate.web.app import create_app

TOKEN = "t"
SUMMIT = "La cumbre de Ereván terminó el 24 de noviembre."


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    store, _ = make_store(tmp_path)
    store.close()
    return tmp_path / "ws"


@pytest.fixture
def client(workspace: Path) -> TestClient:
    app = create_app(Workspace(workspace), port=8765, actor="ana", token=TOKEN)
    with TestClient(app, base_url="http://127.0.0.1:8765", headers={"X-CSRF-Token": TOKEN}) as opened:
        yield opened


def opened(workspace: Path) -> Store:
    return Store.open(workspace / ".translate" / "store.sqlite3")


def segment(workspace: Path, index: int = 1) -> tuple[str, int]:
    with opened(workspace) as store:
        found = store.segments("csto")[index]
        return found.id, store.translations("csto", "es")[found.id].revision


def post(client: TestClient, path: str, **body: object):
    return client.post(path, json={"slug": "csto", "lang": "es", **body})


def test_a_save_is_an_edit_recorded_as_the_workbench_s(client: TestClient, workspace: Path) -> None:
    segment_id, revision = segment(workspace)
    answer = post(client, "/api/save", id=segment_id, text=SUMMIT, revision=revision)
    assert answer.status_code == 200
    data = answer.json()
    assert (data["outcome"], data["applied"], data["current"]["state"], data["current"]["revision"],
            data["current"]["by"], data["current"]["via"]) == ("applied", True, "edited", revision + 1, "ana",
                                                               "workbench")
    again = post(client, "/api/save", id=segment_id, text=SUMMIT, revision=revision + 1)
    assert again.json()["outcome"] == "unchanged"


def test_a_save_on_a_moved_revision_is_a_conflict_with_the_store_s_version(client: TestClient,
                                                                            workspace: Path) -> None:
    segment_id, revision = segment(workspace)
    post(client, "/api/save", id=segment_id, text=SUMMIT, revision=revision)
    answer = post(client, "/api/save", id=segment_id, text="Otra: el 24 de noviembre.", revision=revision)
    assert answer.status_code == 409
    assert answer.json()["current"]["text"] == SUMMIT and answer.json()["current"]["revision"] == revision + 1
    with opened(workspace) as store:
        assert store.translations("csto", "es")[segment_id].text == SUMMIT


def test_a_save_on_a_sentence_changed_since_the_page_says_to_reload(client: TestClient, workspace: Path) -> None:
    segment_id, revision = segment(workspace)
    with opened(workspace) as store:
        make_stale(store, workspace.parent / "csto.md", "ended on 24 November", "ended on 25 November")
    answer = post(client, "/api/save", id=segment_id, text=SUMMIT, revision=revision)
    assert answer.status_code == 422
    assert answer.json()["outcome"] == "stale"
    assert "reload the page" in answer.json()["message"] and "export" not in answer.json()["message"]


def test_text_travels_as_typed_and_is_stored_tagged(client: TestClient, workspace: Path) -> None:
    segment_id, revision = segment(workspace, 2)
    answer = post(client, "/api/save", id=segment_id, text="Nadie firmó la <1>final</1> & ya.", revision=revision)
    assert answer.json()["current"]["text"] == "Nadie firmó la <1>final</1> & ya."
    with opened(workspace) as store:
        assert store.translations("csto", "es")[segment_id].text == "Nadie firmó la <1>final</1> &amp; ya."


def test_a_broken_tag_is_refused(client: TestClient, workspace: Path) -> None:
    segment_id, revision = segment(workspace, 2)
    answer = post(client, "/api/save", id=segment_id, text="Nadie firmó la <1>final.", revision=revision)
    assert answer.status_code == 422 and answer.json()["outcome"] == "invalid"


def test_qa_holds_an_edit_and_approval_needs_a_recorded_override(client: TestClient, workspace: Path) -> None:
    segment_id, revision = segment(workspace)
    held = post(client, "/api/save", id=segment_id, text="La cumbre terminó el 25 de noviembre.", revision=revision)
    assert held.json()["outcome"] == "held" and held.json()["current"]["state"] == "needs-review"
    revision = held.json()["current"]["revision"]
    refused = post(client, "/api/approve", id=segment_id, revision=revision)
    assert refused.status_code == 422 and refused.json()["findings"]
    approved = post(client, "/api/approve", id=segment_id, revision=revision, override="the date is right: 25")
    assert approved.status_code == 200 and approved.json()["current"]["state"] == "approved"
    with opened(workspace) as store:
        last = store.history("csto", segment_id, "es")[-1]
    assert (last.actor, last.via, last.reason) == ("ana", "workbench", "override by the reviewer: the date is right: 25")


def test_an_approval_on_a_moved_revision_is_a_conflict(client: TestClient, workspace: Path) -> None:
    segment_id, revision = segment(workspace)
    post(client, "/api/save", id=segment_id, text=SUMMIT, revision=revision)
    answer = post(client, "/api/approve", id=segment_id, revision=revision)
    assert answer.status_code == 409
    with opened(workspace) as store:
        assert store.translations("csto", "es")[segment_id].state is SegmentState.EDITED


def test_approve_an_article_approves_what_passes_qa(client: TestClient, workspace: Path) -> None:
    segment_id, revision = segment(workspace)
    post(client, "/api/save", id=segment_id, text=SUMMIT, revision=revision)
    answer = post(client, "/api/approve-article", revisions=revisions(workspace))
    assert answer.status_code == 200
    with opened(workspace) as store:
        states = {t.state for t in store.translations("csto", "es").values()}
    assert SegmentState.APPROVED in states
    assert answer.json()["message"].startswith(f"{sum(1 for s in answer.json()['segments'] if s['state'] == 'approved')}")


def revisions(workspace: Path) -> dict[str, int]:
    with opened(workspace) as store:
        return {id_: t.revision for id_, t in store.translations("csto", "es").items()}


def test_approve_an_article_leaves_a_segment_changed_since_the_page_was_loaded(client: TestClient,
                                                                              workspace: Path) -> None:
    seen = revisions(workspace)  # the page, loaded
    segment_id, revision = segment(workspace)
    post(client, "/api/save", id=segment_id, text=SUMMIT, revision=revision)  # a colleague's save
    answer = post(client, "/api/approve-article", revisions=seen)
    assert answer.status_code == 200
    moved = [s for s in answer.json()["segments"] if s["id"] == segment_id]
    assert moved[0]["outcome"] == "conflict" and moved[0]["text"] == SUMMIT
    assert "changed since the page was loaded" in answer.json()["message"]
    with opened(workspace) as store:
        assert store.translations("csto", "es")[segment_id].state is SegmentState.EDITED


@pytest.mark.parametrize("body", [
    pytest.param({}, id="none"),
    pytest.param({"revisions": {"x": "1"}}, id="not-numbers"),
])
def test_approve_an_article_needs_the_page_s_revisions(client: TestClient, body: dict[str, object]) -> None:
    answer = post(client, "/api/approve-article", **body)
    assert answer.status_code == 400 and "no revisions" in answer.json()["error"]


def test_reopen_needs_a_reason(client: TestClient, workspace: Path) -> None:
    segment_id, revision = segment(workspace)
    assert post(client, "/api/reopen", id=segment_id, revision=revision).status_code == 400
    answer = post(client, "/api/reopen", id=segment_id, revision=revision, reason="check the date")
    assert answer.json()["current"]["state"] == "needs-review"


def test_a_check_finds_without_saving(client: TestClient, workspace: Path) -> None:
    segment_id, revision = segment(workspace)
    answer = post(client, "/api/check", id=segment_id, text="La cumbre terminó el 25 de noviembre.")
    assert any("24" in f["message"] for f in answer.json()["findings"])
    with opened(workspace) as store:
        assert store.translations("csto", "es")[segment_id].revision == revision


@pytest.mark.parametrize(("body", "message"), [
    pytest.param({"id": "nope", "text": "x", "revision": 1}, "no es translation of segment", id="unknown-segment"),
    pytest.param({"text": "x", "revision": 1}, "the request has no id", id="no-id"),
    pytest.param({"id": "x", "text": "x", "revision": "1"}, "the request has no revision", id="revision-not-a-number"),
    pytest.param({"id": "x", "text": "  ", "revision": 1}, "an empty translation is not saved", id="empty"),
])
def test_a_bad_request_is_one_clear_line(client: TestClient, body: dict[str, object], message: str) -> None:
    answer = post(client, "/api/save", **body)
    assert answer.status_code in (400, 422)
    text = answer.json().get("error") or answer.json().get("message")
    assert message in text and "\n" not in text


def test_a_body_that_is_not_json_is_refused(client: TestClient) -> None:
    answer = client.post("/api/save", content=b"{nope", headers={"content-type": "application/json"})
    assert answer.status_code == 400 and "not JSON" in answer.json()["error"]
