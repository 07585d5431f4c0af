"""The glossary pages (translate/web/glossary.py): search, where a concept's terms occur, what `glossary impact`
would reopen, the YAML read again when it changes, every text escaped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from glossary_helpers import write
from review_helpers import EMPTY, make_store
from translate.cli import cli
from translate.review.apply import save_segment
from translate.store import Store
from web_helpers import new_page, requires_chromium, serving

GLOSSARY = """terms:
  - id: csto
    kind: organization
    note: Collective Security Treaty Organization <script>alert(1)</script>
    en: {preferred: CSTO, forms: [Collective Security Treaty Organization]}
    es: {preferred: OTSC, forbidden: [OTCS]}
  - id: yerevan
    kind: place
    en: {preferred: Yerevan}
    es: {preferred: Ereván, forbidden: [Yereván]}
    ca: {preferred: Erevan}
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """csto in es: the title translated with the glossary's term, the second sentence with a forbidden variant."""
    store, _ = make_store(tmp_path)
    ids = [s.id for s in store.segments("csto")]
    translations = store.translations("csto", "es")
    for segment_id, text in ((ids[0], "La cumbre de la OTSC"), (ids[1], "La cumbre de Yereván terminó el 24.")):
        save_segment(store, EMPTY, slug="csto", segment_id=segment_id, lang="es", text=text,
                     revision=translations[segment_id].revision, actor="ana", via="test")
    store.close()
    write(tmp_path / "ws" / "glossary", "places.yaml", GLOSSARY)
    return tmp_path / "ws"


def segment_ids(workspace: Path) -> list[str]:
    with Store.open(workspace / ".translate" / "store.sqlite3") as store:
        return [s.id for s in store.segments("csto")]


def concepts_shown(page_html: str) -> list[str]:
    return [row.get("data-id") for row in html.fromstring(page_html).xpath("//tr[@class='concept']")]


@pytest.mark.parametrize(("query", "expected"), [
    pytest.param({}, ["csto", "yerevan"], id="everything"),
    pytest.param({"q": "otsc"}, ["csto"], id="a-target-term-any-case"),
    pytest.param({"q": "Yereván"}, ["yerevan"], id="a-forbidden-variant"),
    pytest.param({"q": "treaty"}, ["csto"], id="the-note-and-forms"),
    pytest.param({"q": "place"}, ["yerevan"], id="the-kind"),
    pytest.param({"lang": "ca"}, ["yerevan"], id="a-language"),
    pytest.param({"q": "CSTO", "lang": "ca"}, [], id="nothing"),
])
def test_searching_the_glossary(workspace: Path, query: dict[str, str], expected: list[str]) -> None:
    with serving(workspace) as served, served.client() as client:
        answer = client.get("/glossary", params=query)
    assert answer.status_code == 200
    assert concepts_shown(answer.text) == expected


def test_every_glossary_text_is_escaped(workspace: Path) -> None:
    with serving(workspace) as served, served.client() as client:
        pages = [client.get(path).text for path in ("/glossary", "/glossary/concept/csto")]
    for page in pages:
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_where_a_concept_occurs(workspace: Path) -> None:
    ids = segment_ids(workspace)
    with serving(workspace) as served, served.client() as client:
        tree = html.fromstring(client.get("/glossary/concept/yerevan").text)
    rows = [(r.get("data-segment"), r.get("data-side"), r.get("data-lang"), r.xpath("string(.//mark)"),
             r.xpath(".//mark/@class")[0], r.xpath(".//a/@href")) for r in tree.xpath("//tr[@class='occurrence']")]
    assert rows == [
        (ids[1], "source", "en", "Yerevan", "hit", [f"/edit/csto/es#seg-{ids[1]}"]),
        (ids[1], "target", "es", "Yereván", "hit forbidden", [f"/edit/csto/es#seg-{ids[1]}"]),
    ]


def cli_impact(workspace: Path) -> list[tuple[str, str, str]]:
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), "glossary", "impact", "--format", "json"])
    assert result.exit_code == 0, result.output
    return [(i["slug"], i["segment_id"], i["lang"]) for i in json.loads(result.output)]


def impact_rows(page_html: str) -> list[tuple[str, str, str]]:
    return [(r.get("data-slug"), r.get("data-segment"), r.get("data-lang"))
            for r in html.fromstring(page_html).xpath("//tr[@class='impact']")]


def test_the_impact_is_what_glossary_impact_lists(workspace: Path) -> None:
    ids = segment_ids(workspace)
    with serving(workspace) as served, served.client() as client:
        everything = impact_rows(client.get("/glossary/impact").text)
        yerevan = impact_rows(client.get("/glossary/concept/yerevan").text)
        csto = client.get("/glossary/concept/csto").text
        summary = html.fromstring(client.get("/glossary").text).xpath("string(//*[@id='impact-summary'])")
    assert everything == cli_impact(workspace)
    assert yerevan == [("csto", ids[1], "es")]
    assert impact_rows(csto) == [] and 'id="impact-none"' in csto  # its only segment says OTSC, as it must
    assert f"lists {len(everything)} translation(s)" in " ".join(summary.split())


def test_a_changed_glossary_file_is_read_again(workspace: Path) -> None:
    with serving(workspace) as served, served.client() as client:
        assert concepts_shown(client.get("/glossary", params={"q": "kremlin"}).text) == []
        write(workspace / "glossary", "more.yaml", "terms:\n  - id: kremlin\n    en: {preferred: Kremlin}\n"
                                                   "    es: {preferred: Kremlin}\n")
        assert concepts_shown(client.get("/glossary", params={"q": "kremlin"}).text) == ["kremlin"]


def test_an_unknown_concept_is_not_found(workspace: Path) -> None:
    with serving(workspace) as served, served.client() as client:
        answer = client.get("/glossary/concept/nope")
    assert answer.status_code == 404 and "no such concept" in answer.text


def test_the_glossary_without_a_store(tmp_path: Path) -> None:
    write(tmp_path / "ws" / "glossary", "places.yaml", GLOSSARY)
    with serving(tmp_path / "ws") as served, served.client() as client:
        listing, concept = client.get("/glossary").text, client.get("/glossary/concept/csto").text
    assert concepts_shown(listing) == ["csto", "yerevan"] and "Nothing translated yet" in concept


@requires_chromium
def test_a_maintainer_searches_and_opens_the_segment(workspace: Path, chromium, page_errors: list[str]) -> None:
    ids = segment_ids(workspace)
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        page.goto(f"{served.url}/glossary")
        page.get_by_label("Search concepts and terms").fill("ereván")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{served.url}/glossary?q=erev%C3%A1n&lang=")
        assert page.locator("tr.concept").count() == 1
        page.get_by_role("link", name="yerevan").click()
        page.locator("tr.impact").first.wait_for()
        page.locator("tr.occurrence[data-side='target'] a").click()
        page.wait_for_url(f"{served.url}/edit/csto/es#seg-{ids[1]}")
        page.locator(f"#seg-{ids[1]} textarea.target").wait_for()
    assert page_errors == []
