"""The release page (translate/web/release.py): each language's gate and effort, publishing from the browser with
the rules of `translate publish`, the published release served read-only with every path checked."""

from __future__ import annotations

import filecmp
import http.client
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from review_helpers import EMPTY, make_store
from translate.cli import cli
from translate.config import Workspace
from translate.lock import workspace_lock
from translate.model import MTResult, SegmentState
from translate.release import publish
from translate.review.apply import decide, save_segment
from translate.review.status import effort
from translate.store import Store
from translate.web.release import RELEASE_POLICY
from web_helpers import new_page, requires_chromium, serving

SECRET = "the store's bytes"


def store_of(workspace: Path) -> Store:
    return Store.open(workspace / ".translate" / "store.sqlite3")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """csto in es (4 machine drafts) and ca (all approved)."""
    store, _ = make_store(tmp_path)
    segments = store.segments("csto")
    store.save_machine_translations("csto", "ca", [(s, MTResult(f"CA: {s.text}"), SegmentState.MT_DRAFT)
                                                   for s in segments], engine="fake:1")
    decide(store, EMPTY, "csto", lang="ca", state=SegmentState.APPROVED, actor="ed", force=True)
    store.close()
    return tmp_path / "ws"


def gate_rows(page_html: str) -> dict[str, dict[str, object]]:
    """Per language: approved/total of csto, the segments missing per state (their editor links), ready or not."""
    tree = html.fromstring(page_html)
    found = {}
    for section in tree.xpath("//section[@class='gate']"):
        row = section.xpath(".//tr[@data-slug='csto']")[0]
        found[section.get("data-lang")] = {
            "approved": (int(row.get("data-approved")), int(row.get("data-total"))),
            "missing": {p.get("data-state"): [a.get("href") for a in p.xpath(".//a")]
                        for p in row.xpath(".//div[contains(@class, 'pending')]")},
            "ready": bool(section.xpath(".//span[@class='badge ready']")),
            "effort": [td.text_content().strip() for td in row.xpath("./td[@class='num']")],
        }
    return found


def test_the_gate_shows_what_each_language_is_missing(workspace: Path) -> None:
    with store_of(workspace) as store:
        ids = [s.id for s in store.segments("csto")]
        translations = store.translations("csto", "es")
        save_segment(store, EMPTY, slug="csto", segment_id=ids[0], lang="es", text="La cumbre de la OTSC",
                     revision=translations[ids[0]].revision, actor="ana", via="test")
        decide(store, EMPTY, f"csto/{ids[0]}", lang="es", state=SegmentState.APPROVED, actor="ed", force=True)
        decide(store, EMPTY, f"csto/{ids[1]}", lang="es", state=SegmentState.NEEDS_REVIEW, actor="ed",
               reason="check the date")
        es = effort(store, slugs=["csto"], langs=["es"])[0]
    with serving(workspace) as served, served.client() as client:
        rows = gate_rows(client.get("/release").text)
    assert rows["es"] == {
        "approved": (1, 4),
        "missing": {"mt-draft": [f"/edit/csto/es#seg-{i}" for i in ids[2:]],
                    "needs-review": [f"/edit/csto/es#seg-{ids[1]}"]},
        "ready": False,
        "effort": [f"{es.chrf:.1f}", f"{es.ter:.1f}", str(es.words_edited)],
    }
    assert es.words_edited > 0
    assert rows["ca"]["approved"] == (4, 4) and rows["ca"]["missing"] == {} and rows["ca"]["ready"]
    assert rows["ca"]["effort"] == ["100.0", "0.0", "0"]


def test_the_page_says_when_nothing_is_translated(tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    with serving(tmp_path / "ws") as served, served.client() as client:
        answer = client.get("/release")
    assert answer.status_code == 200 and "nothing translated yet" in answer.text


def releases(workspace: Path) -> list[str]:
    folder = workspace / "outputs" / "releases"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@requires_chromium
def test_publish_from_the_browser_respects_the_gate(workspace: Path, tmp_path: Path, chromium,
                                                    page_errors: list[str]) -> None:
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        page.goto(f"{served.url}/release")
        page.fill("#release-name", "spring")
        page.click("#publish")
        page.locator("#publish-result.error").get_by_text("not every segment is approved in es").wait_for()
        assert releases(workspace) == []

        page.check("#allow-unreviewed")
        page.click("#publish")
        page.locator("#publish-result.done").get_by_text("marked as such: es").wait_for()
        assert releases(workspace) == ["spring"]

        page.goto(f"{served.url}/edit/csto/es")
        page.click("#approve-article")
        page.locator("#notice").get_by_text("4 segment(s) approved").wait_for()
        page.goto(f"{served.url}/release")
        page.locator("#lang-es .badge.ready").wait_for()
        page.fill("#release-name", "final")
        page.click("#publish")
        page.locator("#publish-result.done").get_by_text("Release final:").wait_for()
        assert "unreviewed" not in page.locator("#publish-result").text_content().lower()
        assert page.locator("#releases a").all_text_contents() == ["final", "spring"]
        page.click("#open-release")
        page.wait_for_url(f"{served.url}/releases/final/index.html")
        page.get_by_role("heading", name="Release final").wait_for()
    assert page_errors == []
    # `translate publish` on a copy of the same workspace writes the same files, byte for byte.
    copy = tmp_path / "copy"
    shutil.copytree(workspace, copy, ignore=shutil.ignore_patterns("outputs", "releases"))
    result = CliRunner().invoke(cli, ["--workspace", str(copy), "publish", "--release", "final"])
    assert result.exit_code == 0, result.output
    ours, theirs = workspace / "outputs" / "releases" / "final", copy / "outputs" / "releases" / "final"
    files = sorted(str(p.relative_to(ours)) for p in ours.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(theirs)) for p in theirs.rglob("*") if p.is_file())
    assert filecmp.cmpfiles(ours, theirs, files, shallow=False)[0] == files


def post(served, body: dict[str, object], **headers: str):
    with served.client() as client:
        return client.post("/api/release/publish", json=body, headers=headers)


@pytest.mark.parametrize(("body", "refusal"), [
    pytest.param({"name": "../x", "allow_unreviewed": True}, "is not safe in a path", id="unsafe-name"),
    pytest.param({"name": "r", "articles": ["nope"], "allow_unreviewed": True}, "no article 'nope'",
                 id="unknown-article"),
    pytest.param({"name": "r", "langs": ["en"], "allow_unreviewed": True}, "en is the source language",
                 id="source-language"),
    pytest.param({"name": "r", "langs": ["es"]}, "not every segment is approved in es", id="gate"),
    pytest.param({"name": "r", "langs": "es"}, "must be lists", id="not-a-list"),
    pytest.param({"name": " "}, "has no name", id="no-name"),
])
def test_a_refused_publish_says_why_and_writes_nothing(workspace: Path, body: dict[str, object], refusal: str) -> None:
    with serving(workspace) as served:
        answer = post(served, body)
    assert answer.status_code == 422 and refusal in answer.json()["error"]
    assert releases(workspace) == []


def test_a_busy_workspace_is_a_refusal_not_a_wait(workspace: Path) -> None:
    with serving(workspace) as served, workspace_lock(Workspace(workspace), command="translate run"):
        answer = post(served, {"name": "r", "allow_unreviewed": True})
    assert answer.status_code == 422 and "in use by translate run" in answer.json()["error"]
    assert releases(workspace) == []


@pytest.mark.parametrize("headers", [
    pytest.param({"X-CSRF-Token": ""}, id="no-token"),
    pytest.param({"X-CSRF-Token": "forged"}, id="wrong-token"),
    pytest.param({"Origin": "http://evil.example"}, id="other-origin"),
])
def test_publishing_without_the_page_token_is_refused(workspace: Path, headers: dict[str, str]) -> None:
    with serving(workspace) as served:
        answer = post(served, {"name": "r", "allow_unreviewed": True}, **headers)
    assert answer.status_code == 403
    assert releases(workspace) == []


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory):
    """A workspace with release ``r`` published, a link inside it to a file outside, a release folder that is a
    link to the workspace, and the workbench serving it."""
    tmp_path = tmp_path_factory.mktemp("published")
    store, _ = make_store(tmp_path)
    store.close()
    workspace = tmp_path / "ws"
    publish(Workspace(workspace), name="r", allow_unreviewed=True)
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    releases = workspace / "outputs" / "releases"
    os.symlink(tmp_path / "secret.txt", releases / "r" / "es" / "secret.txt")
    os.symlink(workspace, releases / "evil")
    (workspace / ".translate" / "secret.txt").write_text(SECRET, encoding="utf-8")
    with serving(workspace) as served:
        yield served


def raw_get(served, path: str) -> tuple[int, bytes, list[tuple[str, str]]]:
    """GET ``path`` exactly as written (http.client sends it unnormalized: no dot segments removed)."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        return answer.status, answer.read(), answer.getheaders()
    finally:
        connection.close()


@pytest.mark.parametrize("path", [
    pytest.param("/releases/r/../../.translate/secret.txt", id="dot-dot"),
    pytest.param("/releases/r/%2e%2e/%2e%2e/.translate/secret.txt", id="encoded-dot-dot"),
    pytest.param("/releases/r/..%2f..%2f.translate%2fsecret.txt", id="encoded-slash"),
    pytest.param("/releases/..%2f.translate/secret.txt", id="dot-dot-as-name"),
    pytest.param("/releases/r/es/secret.txt", id="symlink-inside-pointing-out"),
    pytest.param("/releases/evil/.translate/secret.txt", id="release-folder-a-link"),
    pytest.param("/releases/r//etc/passwd", id="empty-component"),
    pytest.param("/releases/r/%2fetc%2fpasswd", id="absolute"),
    pytest.param("/releases/r/es", id="a-folder-is-not-listed"),
    pytest.param("/releases/r/es/", id="a-folder-with-slash"),
    pytest.param("/releases/nope/index.html", id="no-such-release"),
])
def test_the_release_is_served_with_every_path_checked(published, path: str) -> None:
    status, body, _ = raw_get(published, path)
    assert status == 404
    assert SECRET.encode() not in body and b"csto" not in body


@pytest.mark.parametrize(("path", "kind"), [
    pytest.param("/releases/r/", "text/html; charset=utf-8", id="folder-is-its-index"),
    pytest.param("/releases/r/index.html", "text/html; charset=utf-8", id="index"),
    pytest.param("/releases/r/es/csto.html", "text/html; charset=utf-8", id="page"),
    pytest.param("/releases/r/es/csto.md", "text/markdown; charset=utf-8", id="markdown"),
    pytest.param("/releases/r/release.json", "application/json", id="json"),
])
def test_release_files_come_with_a_policy_that_forbids_scripts(published, path: str, kind: str) -> None:
    status, body, headers = raw_get(published, path)
    assert status == 200 and body
    assert dict(headers)["content-type"] == kind
    policies = [value for name, value in headers if name.lower() == "content-security-policy"]
    assert policies == [RELEASE_POLICY]
    assert "script-src" not in RELEASE_POLICY and RELEASE_POLICY.startswith("default-src 'none'")


def test_a_docx_of_the_release_is_a_download(published) -> None:
    status, body, headers = raw_get(published, "/releases/r/es/csto.docx")
    assert status == 200 and body.startswith(b"PK")
    assert dict(headers)["content-disposition"] == 'attachment; filename="csto.docx"'


def test_the_page_lists_the_releases_not_links(published) -> None:
    with published.client() as client:
        tree = html.fromstring(client.get("/release").text)
    assert [(a.text, a.get("href")) for a in tree.xpath("//ul[@id='releases']//a")] == [("r", "/releases/r/index.html")]


def test_the_published_pages_get_the_workbench_icon(published) -> None:
    status, _, headers = raw_get(published, "/favicon.ico")
    assert (status, dict(headers)["location"]) == (308, "/static/favicon.svg")
