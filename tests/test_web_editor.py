"""The editor in real Chromium (translate/web/static/editor.js over translate/web/api.py): the keyboard flow over
a whole article, nothing lost on a reload or a dead server, conflicts between two browsers, hostile text inert,
the spell-checker's language and direction, findings while typing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from argos_tiny import build_tiny_package
from review_helpers import make_store
from translate.cli import cli
from translate.model import MTResult, SegmentState
from translate.store import Store
from web_helpers import new_page, requires_chromium, serving

pytestmark = requires_chromium
MT, EDITED, APPROVED, REVIEW = (SegmentState.MT_DRAFT, SegmentState.EDITED, SegmentState.APPROVED,
                                SegmentState.NEEDS_REVIEW)
TITLE = "La cumbre de la OTSC"
SUMMIT = "La cumbre de Ereván terminó el 24 de noviembre."
TAGGED = "Nadie firmó la declaración <1>final</1>."
TROOPS = "En 2022 se prometieron 3000 soldados."


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    store, _ = make_store(tmp_path)
    store.close()
    return tmp_path / "ws"


def stored(workspace: Path) -> list[tuple[str, SegmentState]]:
    with Store.open(workspace / ".translate" / "store.sqlite3") as store:
        translations = store.translations("csto", "es")
        return [(translations[s.id].text, translations[s.id].state) for s in store.segments("csto")]


def history_vias(workspace: Path) -> set[str]:
    with Store.open(workspace / ".translate" / "store.sqlite3") as store:
        return {h.via for s in store.segments("csto") for h in store.history("csto", s.id, "es")}


def fields(page):
    return page.locator("textarea.target")


def test_the_keyboard_flow_over_a_whole_article(workspace: Path, chromium, page_errors: list[str]) -> None:
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        page.goto(f"{served.url}/edit/csto/es")
        targets = fields(page)
        targets.nth(0).click()
        page.keyboard.press("Control+a")
        page.keyboard.type(TITLE)
        page.keyboard.press("Control+Enter")  # saved as edited, on to the next segment needing work
        page.locator("#seg-" + page.locator(".segment").nth(0).get_attribute("data-id") + " .state").get_by_text(
            "edited").wait_for()
        assert page.evaluate("document.activeElement === document.querySelectorAll('textarea.target')[1]")
        page.keyboard.press("Control+a")
        page.keyboard.type(SUMMIT)
        page.keyboard.press("Control+Enter")
        page.keyboard.press("Control+a")
        page.keyboard.type(TAGGED)
        page.keyboard.press("Control+Enter")
        page.keyboard.press("Control+a")
        page.keyboard.type(TROOPS)
        page.keyboard.press("Control+Shift+Enter")  # saved, then approved
        page.locator(".segment").nth(3).locator(".state").get_by_text("approved").wait_for()
        page.keyboard.press("Alt+ArrowUp")
        page.keyboard.press("Alt+ArrowUp")
        assert page.evaluate("document.activeElement === document.querySelectorAll('textarea.target')[1]")
        page.keyboard.press("Control+Shift+Enter")
        page.locator(".segment").nth(1).locator(".state").get_by_text("approved").wait_for()
        page.get_by_text("2 approved · 2 edited").wait_for()
    assert stored(workspace) == [(TITLE, EDITED), (SUMMIT, APPROVED), (TAGGED, EDITED), (TROOPS, APPROVED)]
    assert history_vias(workspace) == {"fake:1", "workbench"} or "workbench" in history_vias(workspace)
    assert page_errors == []


@pytest.mark.parametrize("approve", [
    pytest.param(lambda page: page.keyboard.press("Control+Shift+Enter"), id="ctrl-shift-enter"),
    pytest.param(lambda page: page.locator(".segment").nth(1).locator(".do-approve").click(), id="approve-button"),
])
def test_an_emptied_field_is_not_approved(workspace: Path, chromium, page_errors: list[str], approve) -> None:
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        page.goto(f"{served.url}/edit/csto/es")
        fields(page).nth(1).click()
        page.keyboard.press("Control+a")
        page.keyboard.press("Delete")
        approve(page)
        page.locator(".segment").nth(1).locator(".saved").get_by_text("not saved: an empty translation").wait_for()
        assert page.locator(".segment").nth(1).get_attribute("data-state") == "mt-draft"
    assert stored(workspace)[1] == ("ES: The summit in Yerevan ended on 24 November.", MT)
    assert page_errors == []


def test_ctrl_space_copies_the_draft_and_help_lists_the_keys(workspace: Path, chromium, page_errors: list[str]) -> None:
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        page.goto(f"{served.url}/edit/csto/es")
        target = fields(page).nth(1)
        target.click()
        page.keyboard.press("Control+a")
        page.keyboard.press("Delete")
        page.keyboard.press("Control+Space")
        assert target.input_value() == "ES: The summit in Yerevan ended on 24 November."
        page.locator("h1").click()
        page.keyboard.press("?")
        assert page.locator("#help").is_visible()
        assert "Ctrl+Enter" in page.locator("#help").inner_text().replace("\n", "").replace(" ", "") or \
            page.locator("#help kbd").count() > 8
        page.keyboard.press("Escape")
        assert not page.locator("#help").is_visible()
    assert page_errors == []


def test_text_typed_while_the_server_is_unreachable_is_restored_on_reload(workspace: Path, chromium,
                                                                          page_errors: list[str]) -> None:
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        page.route("**/api/save", lambda route: route.abort())  # the server is gone for these requests
        page.goto(f"{served.url}/edit/csto/es")
        fields(page).nth(1).click()
        page.keyboard.press("Control+a")
        page.keyboard.type(SUMMIT)
        page.locator(".segment").nth(1).locator(".saved").get_by_text("not saved").wait_for()
        page.keyboard.press("Alt+ArrowDown")  # leaving the segment tries again, and fails again
        assert stored(workspace)[1] == ("ES: The summit in Yerevan ended on 24 November.", MT)
        page.unroute("**/api/save")
        page.reload()
        page.get_by_text("Restored 1 unsaved edit(s)").wait_for()
        assert fields(page).nth(1).input_value() == SUMMIT
        page.locator(".segment").nth(1).locator(".state").get_by_text("edited").wait_for()  # then saved
    assert stored(workspace)[1] == (SUMMIT, EDITED)
    assert [e for e in page_errors if "ERR_FAILED" not in e] == []


def test_a_save_refused_for_a_stale_token_says_why(workspace: Path, chromium, page_errors: list[str]) -> None:
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        # As after `translate serve` was restarted: the page's token is the old server's.
        page.route("**/api/save", lambda route: route.continue_(
            headers={**route.request.headers, "x-csrf-token": "the-old-server-s"}))
        page.goto(f"{served.url}/edit/csto/es")
        fields(page).nth(1).click()
        page.keyboard.press("Control+a")
        page.keyboard.type(SUMMIT)
        page.keyboard.press("Control+Enter")
        page.locator(".segment").nth(1).locator(".saved").get_by_text(
            "not saved: Refused: the page's token is missing or stale; reload the page.").wait_for()
    assert stored(workspace)[1] == ("ES: The summit in Yerevan ended on 24 November.", MT)
    assert [e for e in page_errors if "status of 403" not in e] == []


def test_an_edit_kept_for_a_sentence_no_longer_in_the_article_is_shown(workspace: Path, chromium,
                                                                       page_errors: list[str]) -> None:
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        page.goto(f"{served.url}/edit/csto/es")
        # What this browser kept for a segment that a later `translate run` replaced (its source changed).
        page.evaluate("""localStorage.setItem("translate:csto:es:0123456789ab",
                         JSON.stringify({text: "La cumbre de Ereván, mi versión.", revision: 1, at: ""}))""")
        page.reload()
        page.locator("#notice").get_by_text("La cumbre de Ereván, mi versión.").wait_for()
        page.get_by_text("1 unsaved edit(s) kept in this browser are of sentences no longer").wait_for()
        page.get_by_role("button", name="Forget them").click()
        assert page.evaluate("localStorage.getItem('translate:csto:es:0123456789ab')") is None
        assert page.locator("#notice").is_hidden()
    assert page_errors == []


def test_two_browsers_on_one_segment_get_a_conflict_that_each_resolves(workspace: Path, chromium,
                                                                      page_errors: list[str]) -> None:
    with serving(workspace) as served:
        ana, eva = new_page(chromium, page_errors), new_page(chromium, page_errors)
        for page in (ana, eva):
            page.goto(f"{served.url}/edit/csto/es")
        fields(ana).nth(1).fill("Versión de Ana: el 24 de noviembre.")
        ana.keyboard.press("Control+Enter")
        ana.locator(".segment").nth(1).locator(".state").get_by_text("edited").wait_for()
        fields(eva).nth(1).fill("Versión de Eva: el 24 de noviembre.")
        eva.keyboard.press("Control+Enter")
        box = eva.locator(".segment").nth(1).locator(".conflict-box")
        box.wait_for()
        assert "Versión de Ana" in box.inner_text() and "Versión de Eva" in box.inner_text()
        assert stored(workspace)[1][0] == "Versión de Ana: el 24 de noviembre."  # never last-save-wins
        box.get_by_role("button", name="Keep mine").click()
        eva.locator(".segment").nth(1).locator(".saved").get_by_text("saved").wait_for()
        assert stored(workspace)[1] == ("Versión de Eva: el 24 de noviembre.", EDITED)
        fields(ana).nth(1).fill("Ana otra vez: el 24 de noviembre.")  # Ana's page is now behind
        ana.keyboard.press("Control+Enter")
        box = ana.locator(".segment").nth(1).locator(".conflict-box")
        box.wait_for()
        box.get_by_role("button", name="Take theirs").click()
        assert fields(ana).nth(1).input_value() == "Versión de Eva: el 24 de noviembre."
    assert stored(workspace)[1] == ("Versión de Eva: el 24 de noviembre.", EDITED)
    with Store.open(workspace / ".translate" / "store.sqlite3") as store:
        segment = store.segments("csto")[1]
        texts = [h.to_text for h in store.history("csto", segment.id, "es")]
    assert texts[-2:] == ["Versión de Ana: el 24 de noviembre.", "Versión de Eva: el 24 de noviembre."]
    assert page_errors == []


HOSTILE = ('<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
           '<a href="javascript:window.pwned=3">click</a> "quoted" & done')


def test_approve_article_leaves_a_segment_a_colleague_changed_as_a_conflict(workspace: Path, chromium,
                                                                            page_errors: list[str]) -> None:
    with serving(workspace) as served, served.client() as colleague:
        page = new_page(chromium, page_errors)
        page.goto(f"{served.url}/edit/csto/es")
        row = page.locator(".segment").nth(1)
        saved = colleague.post("/api/save", json={"slug": "csto", "lang": "es", "id": row.get_attribute("data-id"),
                                                  "revision": int(row.get_attribute("data-revision")), "text": SUMMIT})
        assert saved.status_code == 200
        page.locator("#approve-article").click()
        page.get_by_text("changed since the page was loaded").wait_for()
        row.locator(".conflict-box").get_by_text(SUMMIT).wait_for()  # theirs, shown beside the page's version
    assert stored(workspace)[1] == (SUMMIT, EDITED)
    assert page_errors == []


def test_hostile_text_never_runs(tmp_path: Path, chromium, page_errors: list[str]) -> None:
    store, _ = make_store(tmp_path)
    with store:
        segments = store.segments("csto")
        store.save_machine_translations("csto", "es", [(segments[1], MTResult(HOSTILE), MT)], engine="fake:1")
    with serving(tmp_path / "ws") as served:
        page = new_page(chromium, page_errors)
        page.goto(f"{served.url}/edit/csto/es")
        assert fields(page).nth(1).input_value() == HOSTILE  # shown as text, whole
        fields(page).nth(1).click()
        page.keyboard.press("Control+End")
        page.keyboard.type(" <svg onload=window.pwned=4>")
        page.keyboard.press("Control+Enter")
        page.locator(".segment").nth(1).locator(".saved").get_by_text("saved").wait_for()
        page.reload()
        assert fields(page).nth(1).input_value() == HOSTILE + " <svg onload=window.pwned=4>"
        fields(page).nth(1).click()  # the side panel shows the draft too
        assert page.locator("#panel-mt").inner_text() == HOSTILE
        assert page.locator("script:not([src]), svg, img, a[href^='javascript:']").count() == 0
        assert page.evaluate("window.pwned") is None
    assert page_errors == []


def test_each_field_has_its_language_direction_and_spell_checker(tmp_path: Path, chromium,
                                                                page_errors: list[str]) -> None:
    """A right-to-left target from a real run: the tiny argos package into Arabic (tests/argos_tiny.py)."""
    package = build_tiny_package(tmp_path / "package", from_code="en", to_code="ar")
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "csto.md").write_text("---\ntitle: The CSTO summit\nslug: csto\n---\nThe summit in Yerevan ended "
                                       "on 24 November. Nobody signed the **final** declaration.\n", encoding="utf-8")
    for args in (("models", "install", str(package)), ("run", str(workspace / "csto.md"), "--to", "ar",
                                                         "--engine", "argos")):
        result = CliRunner().invoke(cli, ["--workspace", str(workspace), *args])
        assert result.exit_code == 0, result.output
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        page.goto(f"{served.url}/edit/csto/ar")
        target = fields(page).nth(1)
        assert (target.get_attribute("lang"), target.get_attribute("dir"), target.get_attribute("spellcheck")) == \
            ("ar", "rtl", "true")
        assert page.evaluate("getComputedStyle(document.querySelectorAll('textarea.target')[1]).direction") == "rtl"
        source = page.locator(".segment .source").nth(1)
        assert (source.get_attribute("lang"), source.get_attribute("dir")) == ("en", "ltr")
        assert page.locator("#panel-mt").get_attribute("dir") == "rtl"
    assert page_errors == []


def test_findings_appear_while_typing(workspace: Path, chromium, page_errors: list[str]) -> None:
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        page.route("**/api/save", lambda route: route.abort())  # only the check may answer
        page.goto(f"{served.url}/edit/csto/es")
        fields(page).nth(1).click()
        page.keyboard.press("Control+a")
        page.keyboard.type("La cumbre de Ereván terminó el 25 de noviembre.")
        page.locator(".segment").nth(1).locator(".findings li").get_by_text("24").wait_for()
    assert stored(workspace)[1][1] == MT
    assert [e for e in page_errors if "ERR_FAILED" not in e] == []


def test_a_reviewer_reopens_with_a_reason(workspace: Path, chromium, page_errors: list[str]) -> None:
    with serving(workspace) as served:
        page = new_page(chromium, page_errors)
        page.goto(f"{served.url}/edit/csto/es")
        fields(page).nth(1).fill(SUMMIT)
        page.keyboard.press("Control+Shift+Enter")
        row = page.locator(".segment").nth(1)
        row.locator(".state").get_by_text("approved").wait_for()
        row.get_by_role("button", name="Reopen").click()
        row.get_by_role("button", name="Reopen").last.click()  # no reason: nothing happens
        assert row.get_attribute("data-state") == "approved"
        row.get_by_label("Reason to reopen").fill("check the date against the source")
        row.get_by_label("Reason to reopen").press("Enter")
        row.locator(".state").get_by_text("needs-review").wait_for()
    with Store.open(workspace / ".translate" / "store.sqlite3") as store:
        last = store.history("csto", store.segments("csto")[1].id, "es")[-1]
    assert (last.to_state, last.reason, last.via) == (REVIEW, "check the date against the source", "workbench")
    assert page_errors == []
