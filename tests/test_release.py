"""Publication: releases gated on review, HTML, DOCX and Markdown per language, manifest, determinism, atomicity."""

from __future__ import annotations

import hashlib
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import html5lib
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from conftest import requires_apertium
from docx_helpers import UNC_PICTURE, attached_template, complex_field, footer_link, header_link, save, simple_field
from fs_helpers import ROOT
from review_helpers import edited, make_store
from translate.cli import cli
from translate.config import Workspace
from translate.errors import ExportError, brief
from translate.export.docx import CORE_PROPERTY_MAX, core_property_text
from translate.export.formats import Destination, output_formats
from translate.model import Glossary, SegmentState
from translate.release import ReleaseError, publish, release_gate
from translate.review.apply import decide, import_review
from translate.review.package import build_package

EMPTY = Glossary((), "")
RELEASE_SUFFIXES = tuple(f.suffix for f in output_formats(Destination.RELEASES))
GROWS = ("Warplanes and airstrikes hit the city overnight, then the port and the border overnight, and a ceasefire "
         "failed overnight as warplanes, airstrikes and heavy rains hit the region again while the government met in "
         "the capitals to discuss the crisis.")
"""247 characters; Apertium's Spanish is over 300."""


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    store, _ = make_store(tmp_path, lang="es")
    store.close()
    return Workspace(tmp_path / "ws")


def approve_all(workspace: Workspace, lang: str = "es") -> None:
    from translate.store import Store

    with Store.open(workspace.store_path) as store:
        decide(store, EMPTY, "csto", lang=lang, state=SegmentState.APPROVED, actor="ed", force=True)


def parse(path: Path):
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def test_refused_until_approved(workspace: Workspace) -> None:
    with pytest.raises(ReleaseError, match=r"not every segment is approved in es: csto \(es\): 4 mt-draft"):
        publish(workspace, name="r1")
    assert not (workspace.outputs_dir / "releases").exists()


def test_the_gate_page_by_page(workspace: Workspace) -> None:
    from translate.store import Store

    with Store.open(workspace.store_path) as store:
        ids = [s.id for s in store.segments("csto")]
        decide(store, EMPTY, f"csto/{ids[0]}", lang="es", state=SegmentState.APPROVED, actor="ed", force=True)
        [page] = release_gate(store)
    assert (page.slug, page.lang, page.approved, page.total) == ("csto", "es", 1, 4)
    assert page.missing == {"mt-draft": 3}
    assert page.pending == tuple((i, "mt-draft") for i in ids[1:])
    with pytest.raises(ReleaseError, match=r"csto \(es\): 3 mt-draft"):
        publish(workspace, name="r1")


def test_approved_release(workspace: Workspace) -> None:
    approve_all(workspace)
    report = publish(workspace, name="2024-03")
    folder = workspace.outputs_dir / "releases" / "2024-03"
    assert report.languages == ("es",) and report.unreviewed == ()
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*.*")) == [
        *sorted(f"{lang}/csto.{suffix}" for lang in ("en", "es") for suffix in RELEASE_SUFFIXES), "index.html",
        "manifest-sha256.txt", "release.json",
    ]
    page = parse(folder / "es" / "csto.html")
    assert (page.get("lang"), page.get("dir")) == ("es", "ltr")
    links = {(link.get("hreflang"), link.get("href")) for link in page.iter("link") if link.get("rel") == "alternate"}
    assert links == {("en", "../en/csto.html"), ("es", "../es/csto.html"), ("x-default", "../en/csto.html")}
    source = parse(folder / "en" / "csto.html")
    assert ("es", "../es/csto.html") in {(a.get("hreflang"), a.get("href")) for a in source.iter("a")}
    assert page.find(".//*[@class='draft-notice']") is None
    index = parse(folder / "index.html")
    assert {a.get("href") for a in index.iter("a")} >= {*(f"es/csto.{s}" for s in RELEASE_SUFFIXES), "en/csto.html"}
    assert "Español" in "".join(index.itertext())
    document = docx.Document(io.BytesIO((folder / "es" / "csto.docx").read_bytes()))
    assert document.core_properties.language == "es"
    assert all("machine translation" not in p.text.lower() for p in document.paragraphs[:1])
    manifest = (folder / "manifest-sha256.txt").read_text().splitlines()
    for line in manifest:
        digest, path = line.split("  ")
        assert hashlib.sha256((folder / path).read_bytes()).hexdigest() == digest
    release = json.loads((folder / "release.json").read_text())
    assert release["languages"]["es"]["states"]["approved"] == 4 and release["languages"]["es"]["unreviewed"] is False
    assert release["languages"]["es"]["engines"] == ["fake:1"]


def test_allow_unreviewed_marks_it(workspace: Workspace) -> None:
    report = publish(workspace, name="draft", allow_unreviewed=True)
    folder = report.folder
    assert report.unreviewed == ("es",)
    assert parse(folder / "es" / "csto.html").find(".//*[@class='draft-notice']") is not None
    assert parse(folder / "en" / "csto.html").find(".//*[@class='draft-notice']") is None
    document = docx.Document(io.BytesIO((folder / "es" / "csto.docx").read_bytes()))
    assert "traducción automática" in document.paragraphs[0].text.lower()  # es: its notice in Spanish
    assert json.loads((folder / "release.json").read_text())["languages"]["es"]["unreviewed"] is True


def test_index_says_unreviewed_in_each_row_language(workspace: Workspace) -> None:
    """The index's own texts are English (its language); a row's notice is in that row's language."""
    index = parse(publish(workspace, name="draft", allow_unreviewed=True).folder / "index.html")
    assert index.get("lang") == "en" and "".join(index.find(".//h1").itertext()) == "Release draft"
    [notice] = index.findall(".//*[@class='unreviewed']")
    assert ("".join(notice.itertext()), notice.get("lang"), notice.get("dir")) == (
        "traducción automática sin revisar", "es", "ltr")


def test_republish_unchanged_rewrites_nothing_and_a_change_only_its_files(workspace: Workspace) -> None:
    approve_all(workspace)
    first = publish(workspace, name="r")
    stamps = {p: p.stat().st_mtime_ns for p in first.folder.rglob("*") if p.is_file()}
    again = publish(workspace, name="r")
    assert not again.changed and again.unchanged == 2 * len(RELEASE_SUFFIXES) + 3
    assert {p: p.stat().st_mtime_ns for p in first.folder.rglob("*") if p.is_file()} == stamps
    from translate.store import Store

    with Store.open(workspace.store_path) as store:
        package = build_package(store, EMPTY, lang="es")
        import_review(store, EMPTY, edited(package, {1: ("La cumbre en Ereván terminó el 24 de noviembre.",
                                                        SegmentState.APPROVED)}), path=Path("x.xlf"), actor="ana")
        # A new text under an approval given before is edited (issue 10): the editor approves it.
        decide(store, EMPTY, f"csto/{package.units[1].segment_id}", lang="es", state=SegmentState.APPROVED, actor="ed")
    changed = publish(workspace, name="r")
    assert sorted(changed.written) == [*sorted(f"es/csto.{s}" for s in RELEASE_SUFFIXES), "manifest-sha256.txt",
                                       "release.json"]


def test_same_inputs_same_bytes(tmp_path: Path) -> None:
    folders = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        store, _ = make_store(tmp_path / name)
        store.close()
        workspace = Workspace(tmp_path / name / "ws")
        approve_all(workspace)
        folders.append(publish(workspace, name="r").folder)
    for path in sorted(folders[0].rglob("*.*")):
        assert path.read_bytes() == (folders[1] / path.relative_to(folders[0])).read_bytes(), path.name


@pytest.mark.parametrize("name", [pytest.param("../evil", id="dotdot"), pytest.param("a/b", id="slash"),
                                  pytest.param("a b", id="space"), pytest.param(".hidden", id="dot-start"),
                                  pytest.param("", id="empty")])
def test_unsafe_release_names(workspace: Workspace, name: str) -> None:
    with pytest.raises(ReleaseError, match="not safe in a path"):
        publish(workspace, name=name, allow_unreviewed=True)


@pytest.mark.parametrize(("name", "slugs", "error"), [
    pytest.param("r" * 101, (), r"release name 'r+'… \(101 characters\) is too long: at most 100 characters; "
                                r"use a shorter name", id="release-name-101"),
    pytest.param("r", ("a" * 201,), r"article 'a+'… \(201 characters\) is too long: at most 200 characters",
                 id="article-201"),
    pytest.param("r", ("a" * 150,), r"no article 'a+'", id="article-150-is-a-slug"),  # slugs run to 200
])
def test_names_too_long_say_the_limit(workspace: Workspace, name: str, slugs: tuple[str, ...], error: str) -> None:
    with pytest.raises(ReleaseError, match=error):
        publish(workspace, name=name, slugs=slugs, allow_unreviewed=True)
    assert not (workspace.outputs_dir / "releases").exists()


def test_the_longest_release_name_publishes(workspace: Workspace) -> None:
    assert publish(workspace, name="r" * 100, allow_unreviewed=True).folder.name == "r" * 100


def test_unknown_article(workspace: Workspace) -> None:
    with pytest.raises(ReleaseError, match="no article 'nope'"):
        publish(workspace, name="r", slugs=["nope"], allow_unreviewed=True)


def test_template_error_names_the_file_and_line(workspace: Workspace) -> None:
    workspace.templates_dir.mkdir(parents=True)
    (workspace.templates_dir / "index.html").write_text("{% extends 'base.html' %}\n{% block content %}\n{{ x.\n")
    with pytest.raises(ExportError, match=r"index.html:3"):
        publish(workspace, name="r", allow_unreviewed=True)
    assert not (workspace.outputs_dir / "releases" / "r").exists()


def test_rtl_release_from_reviewed_arabic(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path, lang="ar")
    package = build_package(store, EMPTY, lang="ar")
    arabic = {0: "قمة منظمة معاهدة الأمن الجماعي", 1: "انتهت القمة في يريفان في 24 نوفمبر.",
              2: "لم يوقع أحد على الإعلان <1>النهائي</1>.", 3: "في عام 2022، تم التعهد بـ 3,000 جندي."}
    import_review(store, EMPTY, edited(package, {i: (t, SegmentState.APPROVED) for i, t in arabic.items()}),
                  path=Path("ar.xlf"), actor="translator")
    store.close()
    report = publish(Workspace(tmp_path / "ws"), name="ar")
    page = parse(report.folder / "ar" / "csto.html")
    assert (page.get("lang"), page.get("dir")) == ("ar", "rtl")
    assert "انتهت القمة" in "".join(page.itertext())
    document = docx.Document(io.BytesIO((report.folder / "ar" / "csto.docx").read_bytes()))
    body = [p for p in document.paragraphs if "انتهت" in p.text][0]
    assert body._p.pPr.find(qn("w:bidi")) is not None
    assert all(r._r.rPr.find(qn("w:rtl")) is not None for r in body.runs)
    assert os.path.exists(report.folder / "en" / "csto.html")


def test_duplicate_article(workspace: Workspace) -> None:
    with pytest.raises(ReleaseError, match="named twice"):
        publish(workspace, name="r", slugs=["csto", "csto"], allow_unreviewed=True)


GOLDEN = Path(__file__).parent / "golden" / "release"


@pytest.mark.parametrize("page", [pytest.param("index.html", id="index"), pytest.param("en/csto.html", id="source"),
                                  pytest.param("es/csto.html", id="es")])
def test_golden_release(workspace: Workspace, page: str) -> None:
    """Set UPDATE_GOLDEN=1 to rewrite tests/golden/release/ after a deliberate change."""
    approve_all(workspace)
    produced = (publish(workspace, name="golden").folder / page).read_bytes()
    golden = GOLDEN / page
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced)
    assert produced == golden.read_bytes()


def test_reference_docx_gives_the_styles(workspace: Workspace) -> None:
    workspace.templates_dir.mkdir(parents=True)
    (workspace.templates_dir / "reference.docx").write_bytes((Path(__file__).parents[1] / "templates" /
                                                             "reference.docx").read_bytes())
    approve_all(workspace)
    folder = publish(workspace, name="styled").folder
    document = docx.Document(io.BytesIO((folder / "es" / "csto.docx").read_bytes()))
    assert document.styles["Normal"].font.name == "Georgia"
    assert any(p.style.name == "Title" for p in document.paragraphs)


BAD_TEMPLATES = Path(__file__).parent / "data" / "templates-bad"


@pytest.mark.parametrize(("case", "where", "message"), [
    pytest.param("not-utf8", "article.html:2", "the template is not UTF-8 text; save it as UTF-8", id="not-utf8"),
    pytest.param("syntax-in-base", "base.html:3", "template syntax error: unexpected '}'", id="syntax-in-base"),
    pytest.param("extends-missing", "article.html:1", "template 'newsroom-base.html' not found", id="extends-missing"),
    pytest.param("include-missing", "index.html:3", "template 'parts/masthead.html' not found", id="include-missing"),
    pytest.param("unknown-filter", "index.html:2", "template syntax error: No filter named 'shout'", id="unknown-filter"),
])
def test_a_broken_template_is_named_before_anything_is_written(workspace: Workspace, case: str, where: str,
                                                                message: str) -> None:
    approve_all(workspace)
    shutil.copytree(BAD_TEMPLATES / case, workspace.templates_dir)
    with pytest.raises(ExportError) as raised:
        publish(workspace, name="r")
    assert str(raised.value).startswith(f"{workspace.templates_dir / where}: {message}")
    assert not (workspace.outputs_dir / "releases").exists() and not (workspace.state_dir / "releases").exists()
    result = CliRunner().invoke(cli, ["--workspace", str(workspace.root), "publish", "--release", "r"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().count("\n") == 0 and f"{where}: {message}" in result.output
    shutil.rmtree(workspace.templates_dir)
    assert publish(workspace, name="r").written  # fixed: the rerun publishes


REFERENCE = Path(__file__).parents[1] / "templates" / "reference.docx"


def zip_bomb(path: Path) -> None:
    """The genuine reference document plus a member of 8 MB of zeros (it compresses to 8 KB)."""
    shutil.copy(REFERENCE, path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/image1.png", bytes(8 * 1024 * 1024))


def truncated(path: Path) -> None:
    path.write_bytes(REFERENCE.read_bytes()[: REFERENCE.stat().st_size // 2])


@pytest.mark.parametrize(("make", "message"), [
    pytest.param(zip_bomb, r"zip bomb: member 'word/media/image1.png' expands \d+ times", id="zip-bomb"),
    pytest.param(truncated, "damaged or truncated zip archive", id="truncated"),
    pytest.param(Path.mkdir, "the reference document is not a file", id="a-folder"),
])
def test_reference_docx_is_checked_before_use(workspace: Workspace, make, message: str) -> None:
    approve_all(workspace)
    workspace.templates_dir.mkdir()
    make(workspace.templates_dir / "reference.docx")
    with pytest.raises(ExportError, match=message) as raised:
        publish(workspace, name="r")
    assert raised.value.path == workspace.templates_dir / "reference.docx"
    assert "save it again from Word or LibreOffice, or remove it" in str(raised.value)
    assert not (workspace.outputs_dir / "releases").exists()


@pytest.mark.parametrize(("build", "target", "part"), [
    pytest.param(header_link, r"\\evil\share\x", "part word/header1.xml links to", id="header-unc-link"),
    pytest.param(footer_link, r"\\evil\share\x", "part word/footer1.xml links to", id="footer-unc-link"),
    pytest.param(attached_template, r"\\evil\share\tpl.dotx",
                 "part word/settings.xml has an external 'attachedTemplate' relationship to", id="attached-template"),
])
def test_reference_docx_pointing_outside_is_refused(workspace: Workspace, build, target: str, part: str) -> None:
    """Headers, footers and settings of the reference go into every released DOCX (Word fetches an attached
    template when the file opens)."""
    approve_all(workspace)
    reference = save(build(target), workspace.templates_dir / "reference.docx")
    with pytest.raises(ExportError) as raised:
        publish(workspace, name="r")
    assert raised.value.path == reference
    assert f"the reference document's {part} {brief(target)}" in str(raised.value)
    assert not (workspace.outputs_dir / "releases").exists()
    save(header_link("https://example.org/newsroom"), reference)  # a link a page could carry is kept
    folder = publish(workspace, name="r").folder
    with zipfile.ZipFile(folder / "es" / "csto.docx") as archive:
        assert b"https://example.org/newsroom" in archive.read("word/_rels/header1.xml.rels")


@pytest.mark.parametrize(("build", "part", "field"), [
    pytest.param(lambda: simple_field(f' INCLUDEPICTURE "{UNC_PICTURE}" \\d ', part="header"), "word/header1.xml",
                 r"an INCLUDEPICTURE field to '\\\\evil.example\\share\\a.png'", id="header-includepicture"),
    pytest.param(lambda: complex_field(" INCLUDETEXT ", '"\\\\\\\\evil.example\\\\share\\\\b.docx"', part="footer"),
                 "word/footer1.xml", r"an INCLUDETEXT field to '\\\\evil.example\\share\\b.docx'",
                 id="footer-includetext-in-instrtext-runs"),
])
def test_reference_docx_with_a_fetching_field_is_refused(workspace: Workspace, build, part: str, field: str) -> None:
    """The field went into the header or footer of every released DOCX: Word on Windows fetches the picture over
    SMB, sending the reader's credentials."""
    approve_all(workspace)
    reference = save(build(), workspace.templates_dir / "reference.docx")
    with pytest.raises(ExportError) as raised:
        publish(workspace, name="r")
    assert raised.value.path == reference
    assert str(raised.value).startswith(f"{reference}: the reference document's part {part} has {field}: Word fetches")
    assert not (workspace.outputs_dir / "releases").exists()
    save(complex_field(" PAGE ", part="footer"), reference)  # a page number stays
    folder = publish(workspace, name="r").folder
    with zipfile.ZipFile(folder / "es" / "csto.docx") as archive:
        assert b"> PAGE </w:instrText>" in archive.read("word/footer1.xml")


def render_keys(workspace: Workspace, name: str = "r") -> dict[str, str]:
    """What each file of the release was last rendered from (the render cache)."""
    cache = json.loads((workspace.state_dir / "releases" / f"{name}.json").read_text())
    return {path: entry[0] for path, entry in cache.items()}


BUILTIN_BASE = Path(__file__).parents[1] / "translate" / "templates" / "base.html"


def test_the_render_cache_follows_the_templates_used_and_nothing_else(workspace: Workspace) -> None:
    """Every regular file in templates/ was read into the digest (a 3 GB notes.bin: 40 s and 6.3 GB per publish),
    and any file added there re-rendered every page."""
    approve_all(workspace)
    publish(workspace, name="r")
    keys = render_keys(workspace)
    workspace.templates_dir.mkdir()
    (workspace.templates_dir / "notes.txt").write_text("for the desk")
    (workspace.templates_dir / "unused.html").write_text("{{ nothing }}")
    assert not publish(workspace, name="r").changed and render_keys(workspace) == keys
    (workspace.templates_dir / "base.html").write_text(BUILTIN_BASE.read_text("utf-8") + "<!-- ours -->\n")
    changed = publish(workspace, name="r")
    assert {"en/csto.html", "es/csto.html", "index.html"} <= set(changed.written)
    assert all(render_keys(workspace)[path] != key for path, key in keys.items())
    assert b"<!-- ours -->" in (changed.folder / "es" / "csto.html").read_bytes()


def test_publish_reads_no_file_of_templates_it_does_not_render(workspace: Workspace) -> None:
    """A 3 GB file in templates/ (sparse: no disk) under a 400 MB memory limit: it was read whole."""
    approve_all(workspace)
    workspace.templates_dir.mkdir()
    with (workspace.templates_dir / "notes.bin").open("wb") as handle:
        handle.truncate(3 * 1024**3)
    limit = 400 * 1024**2
    done = subprocess.run(
        [sys.executable, "-m", "translate", "--workspace", str(workspace.root), "publish", "--release", "r"],
        capture_output=True, text=True, cwd=workspace.root, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
    assert done.returncode == 0, done.stderr
    assert (workspace.outputs_dir / "releases" / "r" / "es" / "csto.html").is_file()


@requires_apertium
def test_long_titles_and_authors_run_and_publish(tmp_path: Path) -> None:
    """python-docx refuses core properties over 255 characters: the run failed after the store was written (a
    title whose translation grows past 255 too), and so did every publish of the article since."""
    workspace = tmp_path / "ws"
    sources = {
        "grows.md": (GROWS, "Ana Pérez"),
        "long.md": ("The summit in Yerevan ended. " * 10 + "Nobody signed.", "Ana Pérez"),
        "author.md": ("The summit ended", "Ana Pérez, Iván Petrov and the newsroom of the Yerevan desk; " * 6),
    }
    for name, (title, author) in sources.items():
        (tmp_path / name).write_text(f"---\ntitle: {title}\nauthor: {author}\n---\nThe summit ended. Nobody signed.\n",
                                     encoding="utf-8")
    invoke = CliRunner().invoke
    for args in (("run", *(str(tmp_path / name) for name in sources), "--to", "es"),
                 ("publish", "--release", "r", "--allow-unreviewed"),
                 *(("review", "approve", slug, "--lang", "es") for slug in ("grows", "long", "author")),
                 ("publish", "--release", "r")):
        result = invoke(cli, ["--workspace", str(workspace), *args])
        assert result.exit_code == 0, result.output
    translated = docx.Document(str(workspace / "outputs" / "drafts" / "grows" / "es.docx"))
    assert len(translated.paragraphs[1].text) > CORE_PROPERTY_MAX >= len(translated.core_properties.title)
    for slug, (title, author) in zip(("grows", "long", "author"), sources.values(), strict=True):
        for document in (workspace / "outputs" / "releases" / "r" / "en" / f"{slug}.docx",
                         workspace / "outputs" / "releases" / "r" / "es" / f"{slug}.docx",
                         workspace / "outputs" / "drafts" / slug / "es.docx"):
            props = docx.Document(str(document)).core_properties
            assert len(props.title) <= CORE_PROPERTY_MAX and len(props.author) <= CORE_PROPERTY_MAX
        source = docx.Document(str(workspace / "outputs" / "releases" / "r" / "en" / f"{slug}.docx"))
        assert source.paragraphs[0].text == title.strip()
        assert source.core_properties.author == core_property_text(author.strip())


def test_release_json_counts_what_the_pages_show(workspace: Workspace) -> None:
    """A segment approved and one left as a draft: the release says so, counting the states on its pages."""
    from translate.store import Store

    with Store.open(workspace.store_path) as store:
        first = store.segments("csto")[0].id
        decide(store, EMPTY, f"csto/{first}", lang="es", state=SegmentState.APPROVED, actor="ed", force=True)
    report = publish(workspace, name="r", allow_unreviewed=True)
    release = json.loads((report.folder / "release.json").read_text())
    assert release["languages"]["es"]["states"] == {"approved": 1, "edited": 0, "mt-draft": 3, "needs-review": 0,
                                                    "untranslated": 0}


@pytest.mark.parametrize("approve, flags", [
    pytest.param(True, {}, id="approved"),
    pytest.param(False, {"unreviewed": True}, id="unreviewed"),
])
def test_markdown_pages(workspace: Workspace, approve: bool, flags: dict[str, bool]) -> None:
    from translate import yamlsafe
    from translate.ingest.markdown import split_front_matter

    if approve:
        approve_all(workspace)
    folder = publish(workspace, name="md", allow_unreviewed=True).folder
    fronts = {}
    for lang in ("en", "es"):
        path = folder / lang / "csto.md"
        front, _ = split_front_matter(path.read_text("utf-8"), path=path)
        fronts[lang] = front.data
        assert yamlsafe.load(path.read_text("utf-8").split("---\n")[1]) == front.data
    assert {f["translationKey"] for f in fronts.values()} == {"csto"}
    assert fronts["en"]["lang"] == "en" and "unreviewed" not in fronts["en"] and "draft" not in fronts["en"]
    assert fronts["es"]["lang"] == "es" and {k: fronts["es"][k] for k in ("unreviewed", "draft") if k in fronts["es"]} \
        == flags
    manifest = (folder / "manifest-sha256.txt").read_text()
    assert "  en/csto.md\n" in manifest and "  es/csto.md\n" in manifest
    cache = json.loads((workspace.state_dir / "releases" / "md.json").read_text())
    assert cache["es/csto.md"][0].startswith("markdown:")
    assert cache["es/csto.md"][1] == hashlib.sha256((folder / "es" / "csto.md").read_bytes()).hexdigest()


def test_run_review_and_publish_on_the_memory_engine(tmp_path: Path) -> None:
    """The whole way, machine draft to release, without Apertium: the in-memory engine translates."""
    from engines_memory import MemoryEngine
    from translate import __version__
    from translate.pipeline import execute_run, plan_run

    workspace = Workspace(tmp_path / "ws")
    source = tmp_path / "border.md"
    source.write_text("---\ntitle: The border\n---\nThe border is long. Soldiers watch it.\n", encoding="utf-8")
    execute_run(plan_run(workspace, [source], targets=["es"], engines=[MemoryEngine()]))
    invoke = CliRunner().invoke
    for args in (("review", "export", "--lang", "es", "--format", "xliff", "--out", str(tmp_path / "review")),
                 ("review", "approve", "border", "--lang", "es"), ("publish", "--release", "r")):
        result = invoke(cli, ["--workspace", str(workspace.root), *args])
        assert result.exit_code == 0, result.output
    release = workspace.outputs_dir / "releases" / "r"
    assert "El frontera es larga. Soldados vigilan la." in (release / "es" / "border.html").read_text(encoding="utf-8")
    assert json.loads((release / "release.json").read_text(encoding="utf-8"))["languages"]["es"]["engines"] == [
        f"engine:memory-en-es@1|translate:{__version__}"]
    assert "El frontera es larga." in next((tmp_path / "review").glob("*.xlf")).read_text(encoding="utf-8")


def test_every_page_of_a_translation_records_its_engine_signature(workspace: Workspace) -> None:
    """The provenance signature of the machine translation ("fake:1" in this store) is in the HTML's generator
    meta, the DOCX's comments and the Markdown front matter; the original's pages have none."""
    from translate import yamlsafe

    folder = publish(workspace, name="sig", allow_unreviewed=True).folder
    assert '<meta name="generator" content="fake:1">' in (folder / "es" / "csto.html").read_text("utf-8")
    assert 'name="generator"' not in (folder / "en" / "csto.html").read_text("utf-8")
    assert docx.Document(str(folder / "es" / "csto.docx")).core_properties.comments == "fake:1"
    assert docx.Document(str(folder / "en" / "csto.docx")).core_properties.comments == ""
    front = yamlsafe.load((folder / "es" / "csto.md").read_text("utf-8").split("---\n")[1])
    assert front["engines"] == ["fake:1"]
    assert "engines" not in yamlsafe.load((folder / "en" / "csto.md").read_text("utf-8").split("---\n")[1])
