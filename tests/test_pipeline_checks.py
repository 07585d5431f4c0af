"""What a run checks before it writes anything (slugs, templates, output folders), slug clashes, and a rerun
after a fault, on real Apertium and real file systems."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import requires_apertium
from fs_helpers import fill, tmpfs
from translate.config import Workspace
from translate.errors import ExportError, IngestError, WorkspaceError
from translate.export.formats import draft_suffixes
from translate.pipeline import MAX_SLUG_LENGTH, execute_run, plan_run
from translate.store import Store

pytestmark = requires_apertium

ARTICLE = "---\ntitle: Kyiv and Minsk\n---\nThe government met in the capital. The talks ended late.\n"
OTHER = "---\ntitle: Another story\n---\nThe border is long.\n"


def run(workspace: Workspace, *sources: Path, to: tuple[str, ...] = ("es",), **options: object):
    return execute_run(plan_run(workspace, list(sources), targets=to, **options))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws")


def snapshot(workspace: Workspace) -> dict[str, bytes]:
    return {str(p.relative_to(workspace.root)): p.read_bytes() for p in workspace.root.rglob("*")
            if p.is_file() and not p.name.startswith("store.sqlite3")}


# ---- names: a slug too long for a file name stops the run before anything is written ----

@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param("long.md", f"---\ntitle: Long\nslug: {'a' * 300}\n---\nText.\n",
                     r"the slug 'a+'… \(300 characters\) is 300 characters long, more than the 200 .*"
                     r"set a shorter `slug:` in its front matter", id="front-matter-slug"),
        pytest.param("卢卡申科说" * 16 + ".txt", "Title\n\nText.\n",  # 244 bytes, a slug of 319 characters
                     r"is 319 characters long, .*rename the file: its slug comes from its name",
                     id="transliterated-file-name"),
    ],
)
def test_a_slug_too_long_for_a_file_name_writes_nothing(workspace: Workspace, tmp_path: Path, name: str, text: str,
                                                        expected: str) -> None:
    source = write(tmp_path / name, text)
    with pytest.raises(IngestError, match=expected):
        run(workspace, source)
    assert not workspace.root.exists()


def test_the_longest_slug_runs_and_publishes(workspace: Workspace, tmp_path: Path) -> None:
    from translate.release import publish

    slug = "a" * MAX_SLUG_LENGTH
    run(workspace, write(tmp_path / "long.md", f"---\ntitle: Long\nslug: {slug}\n---\nText.\n"))
    assert (workspace.drafts_dir(slug) / "es.docx").is_file()
    report = publish(workspace, name="r", allow_unreviewed=True)
    assert (report.folder / "es" / f"{slug}.docx").is_file()


# ---- slug clashes: another article under a stored slug is refused, naming both files, unless replace ----

def test_another_file_with_a_stored_slug_is_refused_naming_both(workspace: Workspace, tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "kyiv.md", ARTICLE)
    second = write(tmp_path / "b" / "kyiv.md", OTHER)
    run(workspace, first, to=("es", "ca"))
    before = snapshot(workspace)
    with pytest.raises(IngestError) as raised:
        run(workspace, second)
    message = str(raised.value)
    assert message.startswith(f"{second}: the store's article 'kyiv' was read from another file, {first}, with other")
    assert "pass --replace" in message
    assert snapshot(workspace) == before
    with Store.open(workspace.store_path) as store:
        assert store.source("kyiv").path == str(first)


def test_replace_takes_the_slug_and_drops_the_old_drafts(workspace: Workspace, tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "kyiv.md", ARTICLE)
    second = write(tmp_path / "b" / "kyiv.md", OTHER)
    run(workspace, first, to=("es", "ca"))
    report = run(workspace, second, replace=True)
    assert report.changes["kyiv"].added == 2
    assert sorted(p.name for p in workspace.drafts_dir("kyiv").iterdir()) == sorted(f"es.{s}" for s in draft_suffixes())
    assert "Otra historia" in (workspace.drafts_dir("kyiv") / "es.html").read_text()
    with Store.open(workspace.store_path) as store:
        assert store.source("kyiv").path == str(second)
        assert [s.text for s in store.segments("kyiv")] == ["Another story", "The border is long."]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda source, tmp: source, id="same-file"),
        pytest.param(lambda source, tmp: write(source, ARTICLE.replace("late", "early")), id="same-file-edited"),
        pytest.param(lambda source, tmp: Path(shutil.move(source, tmp / "moved" / "kyiv.md")), id="moved"),
        pytest.param(lambda source, tmp: Path(shutil.copy(source, tmp / "kyiv-copy.md")), id="copied"),
    ],
)
def test_the_same_article_is_not_a_clash(workspace: Workspace, tmp_path: Path,
                                         change: Callable[[Path, Path], Path]) -> None:
    source = write(tmp_path / "kyiv.md", ARTICLE)
    (tmp_path / "moved").mkdir()
    run(workspace, source)
    again = change(source, tmp_path)
    if again.name != "kyiv.md":
        write(again, "---\ntitle: Kyiv and Minsk\nslug: kyiv\n---\n" + ARTICLE.split("---\n", 2)[2])
    report = run(workspace, again)
    assert [r.slug for r in report.results] == ["kyiv"]
    with Store.open(workspace.store_path) as store:
        assert store.source("kyiv").path == str(again)


# ---- check first: what would fail after the store is written stops the run before it ----

BROKEN_TEMPLATES = [
    pytest.param("{% extends 'base.html' %}{% block content %}{{ title }{% endblock %}", "template syntax error",
                 id="syntax"),
    pytest.param("{% extends 'base.html' %}{% block content %}{{ nothing_like_this }}{% endblock %}",
                 "template uses an undefined value", id="undefined"),
]


@pytest.mark.parametrize(("template", "expected"), BROKEN_TEMPLATES)
def test_a_broken_template_writes_nothing(workspace: Workspace, tmp_path: Path, template: str, expected: str) -> None:
    write(workspace.templates_dir / "article.html", template)
    with pytest.raises(ExportError, match=expected) as raised:
        run(workspace, write(tmp_path / "kyiv.md", ARTICLE))
    assert "article.html" in str(raised.value)
    assert not workspace.state_dir.exists() and not workspace.outputs_dir.exists()


BAD_TEMPLATES = Path(__file__).parent / "data" / "templates-bad"


def _bad_templates(case: str) -> Callable[[Path], None]:
    return lambda folder: shutil.copytree(BAD_TEMPLATES / case, folder)


@pytest.mark.parametrize(("make", "where", "expected"), [
    pytest.param(lambda folder: folder.symlink_to(folder), "templates",
                 "cannot use the templates folder: a symbolic link loop", id="folder-link-loop"),
    pytest.param(lambda folder: folder.write_text("x"), "templates", "a file is where a folder should be",
                 id="folder-is-a-file"),
    pytest.param(_bad_templates("not-utf8"), "templates/article.html:2", "the template is not UTF-8 text",
                 id="not-utf8"),
    pytest.param(_bad_templates("syntax-in-base"), "templates/base.html:3", "template syntax error",
                 id="syntax-in-base"),
    pytest.param(_bad_templates("extends-missing"), "templates/article.html:1",
                 "template 'newsroom-base.html' not found", id="extends-missing"),
])
def test_templates_the_run_cannot_use_write_nothing(workspace: Workspace, tmp_path: Path,
                                                    make: Callable[[Path], None], where: str, expected: str) -> None:
    """The run's check is publish's (HtmlRenderer.check): a link loop raised RuntimeError, a template that is not
    UTF-8 UnicodeDecodeError."""
    workspace.root.mkdir(parents=True)
    make(workspace.templates_dir)
    with pytest.raises(ExportError) as raised:
        run(workspace, write(tmp_path / "kyiv.md", ARTICLE))
    assert str(raised.value).startswith(f"{workspace.root / where}: {expected}")
    assert not workspace.state_dir.exists() and not workspace.outputs_dir.exists()


def _folder_at_draft(workspace: Workspace) -> None:
    (workspace.drafts_dir("kyiv") / "es.html").mkdir(parents=True)


def _outputs_link(target: str) -> Callable[[Workspace], None]:
    def make(workspace: Workspace) -> None:
        workspace.root.mkdir(parents=True)
        workspace.outputs_dir.symlink_to(workspace.root / target)
    return make


def _outputs_file(workspace: Workspace) -> None:
    workspace.root.mkdir(parents=True)
    workspace.outputs_dir.write_text("not a folder")


def _state_loop(workspace: Workspace) -> None:
    workspace.root.mkdir(parents=True)
    workspace.state_dir.symlink_to(workspace.state_dir)


BROKEN_OUTPUTS = [
    pytest.param(_folder_at_draft, "es.html: a folder is where the draft should be", id="draft-path-is-a-folder"),
    pytest.param(_outputs_link("nowhere"), "a symbolic link to .*nowhere, which does not exist",
                 id="outputs-dangling-link"),
    pytest.param(_outputs_link("outputs"), "a symbolic link loop", id="outputs-link-loop"),
    pytest.param(_outputs_file, "a file is where a folder should be", id="outputs-is-a-file"),
    pytest.param(_state_loop, r"\.translate: cannot use the state folder \.translate: a symbolic link loop",
                 id="state-link-loop"),
]


@pytest.mark.parametrize(("make", "expected"), BROKEN_OUTPUTS)
def test_a_draft_that_cannot_be_written_stops_the_run_first(workspace: Workspace, tmp_path: Path,
                                                            make: Callable[[Workspace], None], expected: str) -> None:
    make(workspace)
    with pytest.raises(WorkspaceError, match=expected):
        run(workspace, write(tmp_path / "kyiv.md", ARTICLE))
    assert not (workspace.state_dir / "store.sqlite3").exists()


def test_read_only_outputs_stop_the_run_first(workspace: Workspace, tmp_path: Path) -> None:
    workspace.root.mkdir(parents=True)
    with tmpfs(workspace.outputs_dir, read_only=True):
        with pytest.raises(WorkspaceError, match=r"outputs: cannot write the drafts folder .*/outputs/drafts/kyiv: "
                                                 r"this folder is on a read-only file system"):
            run(workspace, write(tmp_path / "kyiv.md", ARTICLE))
    assert not workspace.state_dir.exists()


def test_after_a_full_disk_a_rerun_writes_the_drafts(workspace: Workspace, tmp_path: Path) -> None:
    source = write(tmp_path / "kyiv.md", ARTICLE)
    workspace.root.mkdir(parents=True)
    with tmpfs(workspace.outputs_dir, size="1m") as outputs:
        fill(outputs)
        with pytest.raises(WorkspaceError, match="no space left on the device; free some space"):
            run(workspace, source, to=("es", "ca"))
        for filler in outputs.glob("filler*"):
            filler.unlink()
        report = run(workspace, source, to=("es", "ca"))
        # es was stored before its drafts failed: nothing to translate, its drafts are written all the same
        assert [(r.lang, r.translated, r.written) for r in report.results] == [("es", 0, len(draft_suffixes())),
                                                                              ("ca", 3, len(draft_suffixes()))]
        assert sorted(p.name for p in workspace.drafts_dir("kyiv").iterdir()) == sorted(
            f"{lang}.{s}" for lang in ("ca", "es") for s in draft_suffixes())
