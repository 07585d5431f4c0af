"""What keeps the workbench local (translate/web/security.py): the Host header, the CSRF token, the headers, the
static files, and escaping of everything shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from review_helpers import make_store
from translate.config import Workspace
from translate.model import MTResult, SegmentState
from translate.web.app import create_app
from translate.web.security import POLICY

TOKEN = "test-token"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    store, _ = make_store(tmp_path)
    with store:
        segment = store.segments("csto")[1]
        store.save_machine_translations("csto", "es", [(segment, MTResult('<script>alert(1)</script> & "x"'),
                                                        SegmentState.MT_DRAFT)], engine="fake:1")
    return tmp_path / "ws"


@pytest.fixture
def client(workspace: Path) -> TestClient:
    app = create_app(Workspace(workspace), host="127.0.0.1", port=8765, actor="ana", token=TOKEN)
    with TestClient(app, base_url="http://127.0.0.1:8765") as opened:
        yield opened


def save_body(client: TestClient) -> dict[str, object]:
    page = client.get("/edit/csto/es").text
    segment, revision = re.search(r'id="seg-([0-9a-f]+)" data-id="[0-9a-f]+"\s+data-revision="(\d+)"', page).groups()
    return {"slug": "csto", "lang": "es", "id": segment, "text": "La cumbre terminó el 24 de noviembre.",
            "revision": int(revision)}


@pytest.mark.parametrize("host", [
    pytest.param("evil.example:8765", id="another-name-dns-rebinding"),
    pytest.param("127.0.0.1:9999", id="another-port"),
    pytest.param("127.0.0.1", id="no-port"),
    pytest.param("", id="none"),
])
def test_a_request_for_another_host_is_refused(client: TestClient, host: str) -> None:
    response = client.get("/", headers={"Host": host})
    assert response.status_code == 421 and "only at its own address" in response.text
    assert response.headers["content-security-policy"] == POLICY


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765"])
def test_the_bound_address_is_served(client: TestClient, host: str) -> None:
    assert client.get("/", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(("headers", "message"), [
    pytest.param({}, "token is missing", id="no-token"),
    pytest.param({"X-CSRF-Token": "guess"}, "token is missing", id="wrong-token"),
    pytest.param({"X-CSRF-Token": TOKEN, "Origin": "http://evil.example"}, "another site", id="foreign-origin"),
])
def test_a_state_changing_request_without_the_page_s_token_is_refused(client: TestClient, headers: dict[str, str],
                                                                      message: str) -> None:
    body = save_body(client)
    response = client.post("/api/save", json=body, headers=headers)
    assert response.status_code == 403 and message in response.json()["error"]
    assert "La cumbre" not in client.get("/edit/csto/es").text


def test_the_page_s_token_and_origin_are_accepted(client: TestClient) -> None:
    response = client.post("/api/save", json=save_body(client),
                           headers={"X-CSRF-Token": TOKEN, "Origin": "http://127.0.0.1:8765"})
    assert response.status_code == 200 and response.json()["outcome"] == "applied"
    assert f'<meta name="csrf-token" content="{TOKEN}">' in client.get("/").text


@pytest.mark.parametrize("path", ["/", "/edit/csto/es", "/static/workbench.css", "/nowhere", "/api/nowhere"])
def test_every_answer_forbids_foreign_scripts_and_framing(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["content-security-policy"] == POLICY
    assert "script-src 'self'" in POLICY and "'unsafe-inline'" not in POLICY and "frame-ancestors 'none'" in POLICY
    assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("path", [
    "/static/", "/static/../app.py", "/static/%2e%2e%2fapp.py", "/static/..%2fapp.py", "/static/app.py",
    "/static/templates", "/static/editor.js%00.css",
])
def test_only_the_package_s_own_static_files_are_served(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "import" not in response.text


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    for path in ("/", "/edit/csto/es"):
        page = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", page) and "<style" not in page
        assert not re.search(r"\sstyle=|\son[a-z]+=", page)


def test_texts_from_the_store_are_escaped(client: TestClient) -> None:
    page = client.get("/edit/csto/es").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34;" in page or \
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in page
