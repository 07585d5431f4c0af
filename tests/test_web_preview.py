"""The article preview (translate/web/preview.py): the page a release would publish, from the store's text of
the moment, under a policy of its own (its template's inline styles, never a script), opened from the editor."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from review_helpers import make_store
from translate.model import MTResult, SegmentState
from translate.store import Store
from translate.web.preview import POLICY
from web_helpers import new_page, requires_chromium, serving

HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2"> & done'


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    store, _ = make_store(tmp_path)
    store.close()
    return tmp_path / "ws"


def test_the_preview_shows_an_edit_made_a_moment_before(workspace: Path) -> None:
    with serving(workspace) as served, served.client() as client:
        before = client.get("/preview/csto/es")
        segment = client.get("/api/search", params={"q": "yerevan", "lang": "es"}).json()["hits"][0]
        saved = client.post("/api/save", json={"slug": "csto", "lang": "es", "id": segment["id"], "revision": 1,
                                               "text": "La cumbre de Ereván terminó el 24 de noviembre."})
        after = client.get("/preview/csto/es")
    assert saved.status_code == 200
    assert "ES: The summit in Yerevan ended" in before.text and "Ereván" not in before.text
    assert ("<p>La cumbre de Ereván terminó el 24 de noviembre. ES: Nobody signed the <strong>final</strong>"
            in after.text)
    assert '<html lang="es" dir="ltr">' in after.text


def test_the_preview_has_a_policy_of_its_own(workspace: Path) -> None:
    with serving(workspace) as served:
        answer = httpx.get(served.url + "/preview/csto/es")
        editor = httpx.get(served.url + "/edit/csto/es")
    assert answer.headers.get_list("content-security-policy") == [POLICY]
    assert "sandbox" in POLICY and "script-src" not in POLICY and "'unsafe-inline'" in POLICY
    assert answer.headers["x-content-type-options"] == "nosniff" and answer.headers["x-frame-options"] == "DENY"
    assert "<script" not in answer.text
    assert editor.headers["content-security-policy"].startswith("default-src 'none'; script-src 'self'")
    assert 'href="/preview/csto/es"' in editor.text


@pytest.mark.parametrize(("state", "draft"), [
    pytest.param(SegmentState.MT_DRAFT, True, id="a-draft-says-so"),
    pytest.param(SegmentState.APPROVED, False, id="approved-as-published"),
])
def test_the_preview_is_a_draft_until_every_segment_is_approved(workspace: Path, state: SegmentState,
                                                               draft: bool) -> None:
    with Store.open(workspace / ".translate" / "store.sqlite3") as store:
        for segment in store.segments("csto"):
            store.set_state("csto", segment.id, "es", state, actor="ed", via="test", reason="")
    with serving(workspace) as served, served.client() as client:
        html = client.get("/preview/csto/es").text
    assert ('<meta name="robots" content="noindex">' in html) is draft


@pytest.mark.parametrize(("path", "message"), [
    pytest.param("/preview/csto/fr", "csto has no fr translation yet", id="no-such-language"),
    pytest.param("/preview/nope/es", "no article &#39;nope&#39; in the store", id="no-such-article"),
])
def test_a_preview_of_nothing_is_a_clear_page(workspace: Path, path: str, message: str) -> None:
    with serving(workspace) as served, served.client() as client:
        answer = client.get(path)
    assert message in answer.text
    assert answer.headers["content-security-policy"].startswith("default-src 'none'; script-src 'self'")


@requires_chromium
def test_the_editor_opens_the_preview_styled_and_inert(tmp_path: Path, chromium, page_errors: list[str]) -> None:
    store, _ = make_store(tmp_path)
    with store:
        segments = store.segments("csto")
        store.save_machine_translations("csto", "es", [(segments[1], MTResult(HOSTILE), SegmentState.MT_DRAFT)],
                                        engine="fake:1")
    with serving(tmp_path / "ws") as served:
        page = new_page(chromium, page_errors)
        page.goto(f"{served.url}/edit/csto/es")
        with page.context.expect_page() as opened:
            page.get_by_role("link", name="Preview").click()
        preview = opened.value
        preview.on("console", lambda message: page_errors.append(message.text) if message.type == "error" else None)
        preview.wait_for_load_state()
        assert preview.url == f"{served.url}/preview/csto/es"
        assert HOSTILE in preview.locator("p").first.inner_text()
        assert preview.evaluate("getComputedStyle(document.body).maxWidth") == "672px"  # the template's own style
        assert preview.locator("img, script").count() == 0
        assert preview.evaluate("window.pwned") is None
    assert page_errors == []


@requires_chromium
def test_the_editor_saves_what_is_typed_before_it_opens_the_preview(workspace: Path, chromium,
                                                                    page_errors: list[str]) -> None:
    held = []
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        # Each save is held until the preview has been asked for (then let through).
        page.route("**/api/save", lambda route: route.continue_() if held else held.append(route))
        page.goto(f"{served.url}/edit/csto/es")
        page.locator("textarea.target").nth(1).click()
        page.keyboard.press("Control+a")
        page.keyboard.type("La cumbre de Ereván terminó el 24 de noviembre.")
        with page.context.expect_page() as opened:
            page.get_by_role("link", name="Preview").click()
        while not held:
            page.wait_for_timeout(20)
        for route in held:
            route.continue_()
        preview = opened.value
        preview.wait_for_url(f"{served.url}/preview/csto/es")
        preview.wait_for_load_state()
        assert "La cumbre de Ereván terminó" in preview.locator("p").first.inner_text()
    assert page_errors == []
