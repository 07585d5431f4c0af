"""Publication languages: a release holds only languages something was translated into, never the source as one."""

from __future__ import annotations

import json
from pathlib import Path

import html5lib
import pytest

from review_helpers import EMPTY, make_store
from translate.config import Workspace
from translate.ingest import read_article
from translate.model import MTResult, SegmentState
from translate.release import ReleaseError, publish
from translate.review.apply import decide
from translate.segment import segment_article
from translate.store import Store


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """Article csto, written in English, with machine drafts in Spanish (approved)."""
    store, _ = make_store(tmp_path, lang="es")
    decide(store, EMPTY, "csto", lang="es", state=SegmentState.APPROVED, actor="ed", force=True)
    store.close()
    return Workspace(tmp_path / "ws")


def add_article(workspace: Workspace, slug: str, *, source_lang: str, langs: tuple[str, ...]) -> None:
    """A second article, written in ``source_lang``, with machine drafts in ``langs``."""
    source = workspace.root.parent / f"{slug}.md"
    source.write_text(f"---\ntitle: Second {slug}\nslug: {slug}\nlang: {source_lang}\n---\nThe border closed. It "
                      "opened again.\n", encoding="utf-8")
    article = read_article(source)
    segments = segment_article(article)
    with Store.open(workspace.store_path) as store:
        store.save_article(article, segments)
        for lang in langs:
            store.save_machine_translations(
                slug, lang, [(s, MTResult(f"{lang.upper()}: {s.text}"), SegmentState.MT_DRAFT) for s in segments],
                engine="fake:1")


def release_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def draft_notice(page: Path) -> bool:
    return html5lib.parse(page.read_bytes(), namespaceHTMLElements=False).find(".//*[@class='draft-notice']") is not None


@pytest.mark.parametrize(("langs", "message"), [
    pytest.param(("de",), r"^no translations into de; run `translate run SOURCE --to de` first \(translated: es\)$",
                 id="nothing-translated-into-it"),
    pytest.param(("es", "de"), r"^no translations into de; run `translate run SOURCE --to de` first",
                 id="one-of-two-untranslated"),
    pytest.param(("es-ES",), r"^no translations into es-ES; es is translated: write the language without its region "
                             r"\(--lang es\)$", id="regional-code-of-a-translated-language"),
    pytest.param(("pt-BR",), r"^no translations into pt-BR; run `translate run SOURCE --to pt-BR` first",
                 id="regional-code-of-an-untranslated-language"),
    pytest.param(("en",), r"^en is the source language; it is published anyway as the original: leave it out of "
                          r"--lang$", id="the-source-language"),
    pytest.param(("en-US",), r"^en-US is en, the source language; it is published anyway as the original",
                 id="the-source-language-with-its-region"),
])
def test_a_language_with_nothing_to_publish_is_refused_before_anything_is_written(
    workspace: Workspace, langs: tuple[str, ...], message: str
) -> None:
    """The source text was published labelled as German (--lang de), and --lang es-ES replaced the release's
    Spanish pages with English ones labelled es-ES."""
    published = publish(workspace, name="r").folder
    before = release_files(published)
    for name in ("r", "new"):
        with pytest.raises(ReleaseError, match=message):
            publish(workspace, name=name, langs=langs, allow_unreviewed=True)
    assert release_files(published) == before
    assert not (workspace.outputs_dir / "releases" / "new").exists()


def test_a_language_only_other_articles_have_names_the_articles_chosen(workspace: Workspace) -> None:
    add_article(workspace, "border", source_lang="en", langs=("ca",))
    with pytest.raises(ReleaseError, match=r"^no translations into ca in the articles chosen; run `translate run "
                                           r"SOURCE --to ca` first \(translated in the articles chosen: es\)$"):
        publish(workspace, name="r", slugs=["csto"], langs=["ca"], allow_unreviewed=True)


def test_a_language_some_articles_have_is_published_with_the_rest_counted_untranslated(workspace: Workspace) -> None:
    add_article(workspace, "border", source_lang="en", langs=("ca",))
    with pytest.raises(ReleaseError, match=r"not every segment is approved in ca: border \(ca\): 3 mt-draft; "
                                           r"csto \(ca\): 4 untranslated"):
        publish(workspace, name="r", langs=["ca"])
    report = publish(workspace, name="r", langs=["ca"], allow_unreviewed=True)
    states = json.loads((report.folder / "release.json").read_text())["languages"]["ca"]["states"]
    assert (states["mt-draft"], states["untranslated"]) == (3, 4)
    assert draft_notice(report.folder / "ca" / "csto.html")


def test_an_article_in_another_source_language_keeps_its_original_page(workspace: Workspace) -> None:
    """Articles written in English and in Spanish, each translated into the other's language: each one's page in its
    own language is its original, never a translation with every segment missing."""
    add_article(workspace, "frontera", source_lang="es", langs=("en",))
    with Store.open(workspace.store_path) as store:
        decide(store, EMPTY, "frontera", lang="en", state=SegmentState.APPROVED, actor="ed", force=True)
    report = publish(workspace, name="r")
    assert report.languages == ("en", "es") and report.unreviewed == ()
    assert not draft_notice(report.folder / "en" / "csto.html")
    assert "The summit in Yerevan" in (report.folder / "en" / "csto.html").read_text("utf-8")
    assert "EN: The border closed." in (report.folder / "en" / "frontera.html").read_text("utf-8")
    assert "The border closed." in (report.folder / "es" / "frontera.html").read_text("utf-8")
    languages = json.loads((report.folder / "release.json").read_text())["languages"]
    assert (languages["en"]["states"]["approved"], languages["en"]["states"]["untranslated"]) == (3, 0)
    with pytest.raises(ReleaseError, match=r"^en is the source language of csto; it is published anyway as the "
                                           r"original: leave it out of --lang \(or choose the other articles with "
                                           r"--article\)$"):
        publish(workspace, name="r", langs=["en"])
    assert publish(workspace, name="only", slugs=["frontera"], langs=["en"]).languages == ("en",)
