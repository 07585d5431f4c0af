"""The concordance page and its JSON (translate/web/search.py): hits across articles and languages, filters,
pages of hits, matches marked, hostile text inert, and a hit that opens its segment in the editor (Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from review_helpers import make_store
from translate.model import MTResult, SegmentState
from translate.store import Store
from translate.web.search import PAGE, highlighted
from web_helpers import new_page, requires_chromium, serving

HOSTILE = ('<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
           '<a href="javascript:window.pwned=3">summit</a> & done')


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The csto article drafted into Spanish ("ES: …") and Catalan ("CA: …")."""
    store, _ = make_store(tmp_path)
    with store:
        segments = store.segments("csto")
        store.save_machine_translations("csto", "ca", [(s, MTResult(f"CA: {s.text}"), SegmentState.MT_DRAFT)
                                                       for s in segments], engine="fake:1")
    return tmp_path / "ws"


@pytest.mark.parametrize(("params", "expected"), [
    pytest.param({"q": "SUMMIT"}, [(0, "ca"), (0, "es"), (1, "ca"), (1, "es")], id="any-case-every-language"),
    pytest.param({"q": "summit", "lang": "es"}, [(0, "es"), (1, "es")], id="one-language"),
    pytest.param({"q": "ES:", "in": "target"}, [(i, "es") for i in range(4)], id="translations-only"),
    pytest.param({"q": "ES:", "in": "source"}, [], id="source-only"),
    pytest.param({"q": "final declaration"}, [(2, "ca"), (2, "es")], id="across-a-tag"),
    pytest.param({"q": "  "}, [], id="blank"),
    pytest.param({"q": "summit", "in": "nowhere", "page": "x"}, [(0, "ca"), (0, "es"), (1, "ca"), (1, "es")],
                 id="bad-parameters-are-the-defaults"),
])
def test_the_api_finds_hits_linking_to_their_segments(workspace: Path, params: dict[str, str],
                                                      expected: list[tuple[int, str]]) -> None:
    with serving(workspace) as served, served.client() as client:
        ids = [s["id"] for s in client.get("/api/search", params={"q": "", **params}).json()["hits"]]
        answer = client.get("/api/search", params=params).json()
        segment_ids = [h["id"] for h in client.get("/api/search", params={"q": "ES:", "in": "target"}).json()["hits"]]
    assert ids == [h["id"] for h in answer["hits"]]
    assert [(segment_ids.index(h["id"]), h["lang"]) for h in answer["hits"]] == expected
    assert all(h["href"] == f"/edit/csto/{h['lang']}#seg-{h['id']}" for h in answer["hits"])
    assert answer["more"] is False and answer["next"] is None


def test_the_page_marks_the_matches_and_links_each_hit(workspace: Path) -> None:
    with serving(workspace) as served, served.client() as client:
        html = client.get("/search", params={"q": "yerevan", "lang": "es"}).text
    assert html.count('class="hit"') == 1
    assert "ES: The summit in <mark>Yerevan</mark> ended on 24 November." in html
    assert re.search(r'href="/edit/csto/es#seg-[^"]+"', html)
    assert 'value="yerevan"' in html and '<option value="es" selected>' in html


def test_hits_come_a_page_at_a_time(tmp_path: Path) -> None:
    sentences = " ".join(f"Point {n} of the summit." for n in range(PAGE + 10))
    store, _ = make_store(tmp_path, article=f"---\ntitle: Points\nslug: csto\n---\n{sentences}\n")
    store.close()
    with serving(tmp_path / "ws") as served, served.client() as client:
        first = client.get("/api/search", params={"q": "summit"}).json()
        second = client.get(first["next"].replace("/search?", "/api/search?")).json()
        page_two = client.get(first["next"]).text
    assert (len(first["hits"]), first["more"], len(second["hits"]), second["more"]) == (PAGE, True, 10, False)
    assert {h["id"] for h in first["hits"]}.isdisjoint(h["id"] for h in second["hits"])
    assert f"Hits {PAGE + 1}–{PAGE + 10}" in page_two and 'rel="prev"' in page_two and 'rel="next"' not in page_two


def test_a_hostile_hit_is_shown_as_text(workspace: Path) -> None:
    with Store.open(workspace / ".translate" / "store.sqlite3") as store:
        segment = store.segments("csto")[1]
        store.save_machine_translations("csto", "es", [(segment, MTResult(HOSTILE), SegmentState.MT_DRAFT)],
                                        engine="fake:1")
    with serving(workspace) as served, served.client() as client:
        html = client.get("/search", params={"q": "summit", "in": "target"}).text
        hit = client.get("/api/search", params={"q": "pwned"}).json()["hits"][0]
    assert "<script>window" not in html and "<img" not in html and 'href="javascript:' not in html
    assert ("&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=&#34;window.pwned=2&#34;&gt;"
            "&lt;a href=&#34;javascript:window.pwned=3&#34;&gt;<mark>summit</mark>&lt;/a&gt; &amp; done") in html
    assert hit["target"] == HOSTILE


@pytest.mark.parametrize(("tagged", "query", "expected"), [
    pytest.param("Die Straße", "STRASSE", "Die <mark>Straße</mark>", id="folding-changes-length"),
    pytest.param("a <1>b</1> a &amp; A", "a", "<mark>a</mark> b <mark>a</mark> &amp; <mark>A</mark>", id="tags-out"),
    pytest.param("<b>", "", "&lt;b&gt;", id="nothing-to-mark"),
])
def test_matches_are_marked_on_the_escaped_plain_text(tagged: str, query: str, expected: str) -> None:
    assert str(highlighted(tagged, query)) == expected


@requires_chromium
def test_a_hit_opens_its_segment_in_the_editor(workspace: Path, chromium, page_errors: list[str]) -> None:
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        page.goto(f"{served.url}/")
        page.get_by_role("link", name="Search").click()
        page.get_by_label("Text to search for").fill("troops")
        page.keyboard.press("Enter")
        page.locator("a.hit").first.wait_for()
        assert page.locator("mark").first.inner_text() == "troops"
        href = page.locator("a.hit").nth(1).get_attribute("href")
        page.locator("a.hit").nth(1).click()
        page.wait_for_url(f"**{href}")
        segment_id = href.rsplit("#seg-", 1)[1]
        page.locator(f"#seg-{segment_id}.active").wait_for()
        page.wait_for_function("id => document.activeElement.closest('.segment')?.dataset.id === id", arg=segment_id)
        assert page.evaluate("document.activeElement.value").startswith("ES: In 2022")
    assert page_errors == []


@pytest.mark.parametrize(("store_bytes", "message"), [
    pytest.param(None, "nothing translated yet", id="no-store-yet"),
    pytest.param(b"not a database at all, " * 100, "store", id="a-store-that-cannot-be-read"),
])
def test_without_a_readable_store_the_server_starts_and_the_page_says_why(tmp_path: Path, store_bytes: bytes | None,
                                                                         message: str) -> None:
    workspace = tmp_path / "ws"
    (workspace / ".translate").mkdir(parents=True)
    if store_bytes is not None:
        (workspace / ".translate" / "store.sqlite3").write_bytes(store_bytes)
    with serving(workspace) as served, served.client() as client:
        answer = client.get("/search", params={"q": "summit"})
    assert answer.status_code == 200
    assert 'class="problem"' in answer.text and message in answer.text


@requires_chromium
def test_a_hostile_hit_never_runs_in_the_browser(workspace: Path, chromium, page_errors: list[str]) -> None:
    with Store.open(workspace / ".translate" / "store.sqlite3") as store:
        segment = store.segments("csto")[1]
        store.save_machine_translations("csto", "es", [(segment, MTResult(HOSTILE), SegmentState.MT_DRAFT)],
                                        engine="fake:1")
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        page.goto(f"{served.url}/search?q=summit&in=target&lang=es")
        assert page.locator("td.text[lang='es']").nth(1).inner_text() == HOSTILE
        assert page.locator("main script, main img, a[href^='javascript:']").count() == 0
        assert page.evaluate("window.pwned") is None
    assert page_errors == []
