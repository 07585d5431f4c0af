"""The workbench's pages (translate/web/pages.py): the articles with their progress and filters, the editor's rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from review_helpers import make_store
from translate.config import Workspace
from translate.model import AppliedTerm, SegmentState
from translate.web.app import create_app
from translate.web.pages import source_html


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    store, _ = make_store(tmp_path)
    with store:
        segment = store.segments("csto")[1]
        store.set_state("csto", segment.id, "es", SegmentState.APPROVED, actor="ed", via="test", reason="")
    make_store(tmp_path, lang="fr")[0].close()
    return tmp_path / "ws"


@pytest.fixture
def client(workspace: Path) -> TestClient:
    with TestClient(create_app(Workspace(workspace), port=8765), base_url="http://127.0.0.1:8765") as opened:
        yield opened


@pytest.mark.parametrize(("query", "shown"), [
    pytest.param("", ["es", "fr"], id="all"),
    pytest.param("?lang=fr", ["fr"], id="language"),
    pytest.param("?state=approved", ["es"], id="state"),
    pytest.param("?state=edited", [], id="state-none"),
    pytest.param("?article=csto&lang=es", ["es"], id="article-and-language"),
    pytest.param("?state=bogus", ["es", "fr"], id="unknown-state-filters-nothing"),
])
def test_the_articles_page_filters(client: TestClient, query: str, shown: list[str]) -> None:
    page = client.get("/" + query).text
    assert [lang for lang in ("es", "fr") if f'href="/edit/csto/{lang}"' in page] == shown
    if not shown:
        assert "No article matches these filters." in page


def test_the_articles_page_counts_states_and_open_findings(client: TestClient) -> None:
    page = client.get("/?lang=es").text
    row = page[page.index('href="/edit/csto/es"'):]
    row = row[:row.index("</tr>")]
    assert '<td class="num state-mt-draft">3</td>' in row and '<td class="num state-approved">1</td>' in row
    assert "25%" in row


def test_an_empty_workspace_says_what_to_do(tmp_path: Path) -> None:
    with TestClient(create_app(Workspace(tmp_path), port=8765), base_url="http://127.0.0.1:8765") as client:
        page = client.get("/").text
    assert "nothing translated yet" in page and "translate run" in page


def test_an_unknown_article_is_a_clear_page(client: TestClient) -> None:
    answer = client.get("/edit/nope/es")
    assert answer.status_code == 400 and "nope" in answer.text


def test_the_editor_groups_segments_by_block_in_order(client: TestClient) -> None:
    page = client.get("/edit/csto/es").text
    assert page.index("block-title") < page.index("block-paragraph") < page.index("block-list-item")
    assert page.count('class="segment state-') == 4


def test_source_marks_terms_and_tags_and_escapes_the_rest() -> None:
    terms = [AppliedTerm("yerevan", "dictionary", "Yerevan", "Ereván")]
    html = str(source_html("In <1>Yerevan</1> &amp; <b>x</b>", terms))
    assert html == ('In <span class="tag" title="formatting tag: keep it around the same words">1</span>'
                    '<mark class="term" data-target="Ereván" title="required: Ereván">Yerevan</mark>'
                    '<span class="tag" title="formatting tag: keep it around the same words">/1</span> &amp; '
                    '&lt;b&gt;x&lt;/b&gt;')
