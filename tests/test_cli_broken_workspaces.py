"""The CLI over broken workspaces: each is one line naming the file or setting and what to do, exit 1, no traceback.

Bad settings are the files in tests/data/broken-workspaces/ (``# expect: REGEX`` on the first line);
broken file systems (read-only, full, links to nothing, link loops, files and folders in the way,
too little memory) are built by the functions below, on real mounts where they need one. A case
that needs a process of its own (permission bits honoured as root, a memory limit) runs
``python -m translate`` in one; the others run the same CLI in this process (click's runner), which
is as strict: any exception but the CLI's own exit fails them, and so does a warning logged.
"""

from __future__ import annotations

import logging
import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import requires_apertium
from docx_helpers import save, simple_field
from fs_helpers import ROOT, fill, run_cli, tmpfs
from translate.cli import cli
from translate.model import Article, ArticleMeta, Block, BlockKind, Run
from translate.segment import segment_article
from translate.store import Store

pytestmark = requires_apertium

CASES_DIR = Path(__file__).parent / "data" / "broken-workspaces"
GOOD = "---\ntitle: The CSTO in Yerevan\nslug: csto\n---\nThe summit ended. Nobody signed.\n"


@dataclass(frozen=True, slots=True)
class Built:
    workspace: Path
    args: tuple[str, ...]
    honour_permissions: bool = False
    memory_mb: int | None = None
    timeout: float | None = None
    """Run in a process of its own, stopped after this many seconds (a command reading a FIFO would hang)."""


@dataclass(frozen=True, slots=True)
class Case:
    """``build(tmp, base, mounts)`` makes the broken workspace from a copy of ``base`` (translated and approved)."""

    build: Callable[[Path, Path, ExitStack], Built]
    expected: str


def _copy(base: Path, tmp: Path) -> Path:
    workspace = tmp / "ws"
    shutil.copytree(base, workspace, symlinks=True)
    return workspace


def _source(tmp: Path) -> str:
    path = tmp / "good.md"
    path.write_text(GOOD, encoding="utf-8")
    return str(path)


def _read_only(tree: Path) -> None:
    for folder in [tree, *(p for p in tree.rglob("*") if p.is_dir())]:
        folder.chmod(0o555)


def _args(args: tuple[str, ...], tmp: Path, workspace: Path) -> tuple[str, ...]:
    """The command's arguments with SOURCE, WS (the workspace) and A_FILE put in: absolute paths only, as the
    command's current folder is the test's."""
    return tuple(a.replace("SOURCE", _source(tmp)).replace("WS", str(workspace)).replace("A_FILE", str(tmp / "a-file"))
                 for a in args)


def read_only_outputs(*args: str) -> Callable[[Path, Path, ExitStack], Built]:
    def build(tmp: Path, base: Path, mounts: ExitStack) -> Built:
        workspace = _copy(base, tmp)
        _read_only(workspace / "outputs")
        return Built(workspace, _args(args, tmp, workspace), honour_permissions=True)
    return build


def _full_outputs(tmp: Path, base: Path, mounts: ExitStack) -> Built:
    workspace = _copy(base, tmp)
    shutil.rmtree(workspace / "outputs")
    fill(mounts.enter_context(tmpfs(workspace / "outputs", size="256k")))
    return Built(workspace, ("run", _source(tmp), "--to", "ca"))


def _full_state(tmp: Path, base: Path, mounts: ExitStack) -> Built:
    workspace = _copy(base, tmp)
    shutil.rmtree(workspace / ".translate")
    state = mounts.enter_context(tmpfs(workspace / ".translate", size="1m"))
    shutil.copy(base / ".translate" / "store.sqlite3", state / "store.sqlite3")
    fill(state)
    return Built(workspace, ("run", _source(tmp), "--to", "ca,gl"))


def _link(name: str, target: str, *args: str) -> Callable[[Path, Path, ExitStack], Built]:
    """``name`` in the workspace a symbolic link to ``target``; then ``args`` (default: a run)."""
    def build(tmp: Path, base: Path, mounts: ExitStack) -> Built:
        workspace = tmp / "ws"
        workspace.mkdir()
        (workspace / name).symlink_to(workspace / target)
        return Built(workspace, args or ("run", _source(tmp), "--to", "es"))
    return build


def _draft_is_a_folder(tmp: Path, base: Path, mounts: ExitStack) -> Built:
    workspace = _copy(base, tmp)
    (workspace / "outputs" / "drafts" / "csto" / "ca.html").mkdir()
    return Built(workspace, ("run", _source(tmp), "--to", "ca"))


def _under_a_file(*args: str) -> Callable[[Path, Path, ExitStack], Built]:
    def build(tmp: Path, base: Path, mounts: ExitStack) -> Built:
        workspace = _copy(base, tmp)
        (tmp / "a-file").write_text("not a folder")
        return Built(workspace, _args(args, tmp, workspace))
    return build


def _dev_full(tmp: Path, base: Path, mounts: ExitStack) -> Built:
    workspace = _copy(base, tmp)
    (tmp / "memory.tmx").symlink_to("/dev/full")  # a link: nothing can rename over the device itself
    return Built(workspace, ("memory", "export", "--out", str(tmp / "memory.tmx")))


def _read_only_store(tmp: Path, base: Path, mounts: ExitStack) -> Built:
    workspace = _copy(base, tmp)
    (workspace / ".translate" / "store.sqlite3").chmod(0o444)
    return Built(workspace, ("run", _source(tmp), "--to", "ca"), honour_permissions=True)


def _long_slug_in_store(tmp: Path, base: Path, mounts: ExitStack) -> Built:
    workspace = _copy(base, tmp)
    slug = "a" * 260  # as runs before slugs were checked could store one
    meta = ArticleMeta(title="Long", slug=slug, source_lang="en", source_path=tmp / "long.md")
    article = Article(meta, (Block(BlockKind.TITLE, (Run("Long"),)), Block(BlockKind.PARAGRAPH, (Run("Text."),))))
    with Store.open(workspace / ".translate" / "store.sqlite3") as store:
        store.save_article(article, segment_article(article))
    return Built(workspace, ("publish", "--release", "r", "--allow-unreviewed"))


def _too_much_input(tmp: Path, base: Path, mounts: ExitStack) -> Built:
    big = tmp / "big.txt"
    sentence = b"The delegation met the minister in the capital to talk about the border. "
    with big.open("wb") as handle:  # just under the size a source may have: reading it is allowed
        handle.write(b"A long article\n\n" + sentence * (31 * 1024**2 // len(sentence)))
    return Built(tmp / "ws", ("run", str(big), "--to", "es"), memory_mb=200)


def _templates(make: Callable[[Path], None], *args: str) -> Callable[[Path, Path, ExitStack], Built]:
    """``make(templates)`` breaks the workspace's templates folder; then the command runs."""
    def build(tmp: Path, base: Path, mounts: ExitStack) -> Built:
        workspace = _copy(base, tmp)
        make(workspace / "templates")
        return Built(workspace, _args(args, tmp, workspace))
    return build


def _templates_loop(folder: Path) -> None:
    folder.symlink_to(folder)


def _templates_not_utf8(folder: Path) -> None:
    folder.mkdir()
    (folder / "article.html").write_bytes(b'\xff\xfe{% extends "base.html" %}\n')


def _templates_file(folder: Path) -> None:
    folder.write_text("not a folder")


def _templates_dangling(folder: Path) -> None:
    folder.symlink_to(folder.parent / "nowhere")


def _reference_with_field(folder: Path) -> None:
    save(simple_field(' INCLUDEPICTURE "\\\\\\\\evil.example\\\\share\\\\a.png" \\d '), folder / "reference.docx")


def _templates_unreadable(tmp: Path, base: Path, mounts: ExitStack) -> Built:
    workspace = _copy(base, tmp)
    (workspace / "templates").mkdir()
    (workspace / "templates" / "article.html").write_text('{% extends "base.html" %}\n')
    (workspace / "templates").chmod(0)  # jinja2 would render the built-in instead, in silence
    return Built(workspace, ("run", _source(tmp), "--to", "es"), honour_permissions=True)


def _special(kind: str, where: str, *args: str) -> Callable[[Path, Path, ExitStack], Built]:
    """A FIFO (``kind`` "fifo"), a link to /dev/zero ("zero") or a sparse file one byte over ``MB`` megabytes
    ("MB") at ``where`` (WS: the workspace), then the command ``args``: it must neither hang nor read without end."""
    def build(tmp: Path, base: Path, mounts: ExitStack) -> Built:
        workspace = _copy(base, tmp)
        path = Path(where.replace("WS", str(workspace)))
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "zero":
            path.symlink_to("/dev/zero")
        else:
            with path.open("wb") as handle:
                handle.truncate(int(kind.removesuffix("MB")) * 1024**2 + 1)  # sparse: costs no disk
        return Built(workspace, _args(args, tmp, workspace), memory_mb=400, timeout=30)
    return build


def _plain(*args: str) -> Callable[[Path, Path, ExitStack], Built]:
    def build(tmp: Path, base: Path, mounts: ExitStack) -> Built:
        workspace = _copy(base, tmp)
        return Built(workspace, _args(args, tmp, workspace))
    return build


BUILT_CASES = {
    "outputs-read-only-run": Case(
        read_only_outputs("run", "SOURCE", "--to", "ca"),
        r"csto: cannot write the drafts folder: this folder is read-only for you; fix its permissions"),
    "outputs-read-only-publish": Case(
        read_only_outputs("publish", "--release", "r"),
        r"outputs: cannot write the releases folder .*outputs/releases: this folder is read-only for you; fix its perm"),
    "outputs-read-only-review-export": Case(
        read_only_outputs("review", "export", "--lang", "es", "--out", "WS/outputs/review"),
        r"outputs: cannot write the folder of the review file .*outputs/review: this folder is read-only for you"),
    "outputs-full": Case(_full_outputs, r"ca\.(html|docx): cannot write this file: no space left on the device"),
    "translate-full": Case(_full_state, r"the disk holding the store is full: nothing was changed; free some space"),
    "outputs-dangling-link": Case(
        _link("outputs", "nowhere"),
        r"outputs: a symbolic link to .*nowhere, which does not exist \(on the way to the drafts folder .*/csto\)"),
    "outputs-link-loop": Case(_link("outputs", "outputs"),
                              r"outputs: cannot use the drafts folder: a symbolic link loop"),
    "translate-link-loop": Case(_link(".translate", ".translate"),
                                r"\.translate: cannot use the state folder \.translate: a symbolic link loop"),
    "translate-link-loop-review-status": Case(
        _link(".translate", ".translate", "review", "status"),
        r"\.translate: cannot use the state folder \.translate: a symbolic link loop"),
    "draft-path-is-a-folder": Case(_draft_is_a_folder,
                                   r"ca\.html: a folder is where the draft should be; move the folder away"),
    "review-export-out-under-a-file": Case(
        _under_a_file("review", "export", "--lang", "es", "--out", "A_FILE/review"),
        r"a-file: a file is where a folder should be \(on the way to the folder of the review file .*a-file/review\)"),
    "memory-export-out-under-a-file": Case(_under_a_file("memory", "export", "--out", "A_FILE/memory.tmx"),
                                           r"a-file: a file is where a folder should be; move the file away"),
    "memory-export-disk-full": Case(_dev_full, r"memory\.tmx: cannot write this file: no space left on the device"),
    "store-read-only": Case(_read_only_store, r"the store cannot be written: the file is read-only .*fix the perm"),
    "store-holds-a-long-slug": Case(_long_slug_in_store, r"the store's article 'a+'… \(260 characters\) has a slug "
                                                         r"of 260 characters, too long for its file names"),
    "review-file-name-too-long": Case(
        _plain("review", "export", "--lang", "es", "--article", "b" * 120, "--article", "c" * 120, "--out", "WS/r"),
        r"the review file's name would be 255 bytes long, too long for a file name; name fewer --article"),
    "templates-link-loop-run": Case(_templates(_templates_loop, "run", "SOURCE", "--to", "es"),
                                    r"templates: cannot use the templates folder: a symbolic link loop"),
    "templates-link-loop-publish": Case(_templates(_templates_loop, "publish", "--release", "r"),
                                        r"templates: cannot use the templates folder: a symbolic link loop"),
    "templates-not-utf8-run": Case(_templates(_templates_not_utf8, "run", "SOURCE", "--to", "es"),
                                   r"templates/article\.html:1: the template is not UTF-8 text; save it as UTF-8"),
    "templates-not-utf8-publish": Case(_templates(_templates_not_utf8, "publish", "--release", "r"),
                                       r"templates/article\.html:1: the template is not UTF-8 text; save it as UTF-8"),
    "templates-a-file-run": Case(_templates(_templates_file, "run", "SOURCE", "--to", "es"),
                                 r"templates: a file is where a folder should be"),
    "templates-dangling-link-publish": Case(_templates(_templates_dangling, "publish", "--release", "r"),
                                            r"templates: a symbolic link to .*nowhere, which does not exist"),
    "templates-unreadable-run": Case(_templates_unreadable,
                                     r"templates/article\.html: cannot read the template: permission denied"),
    "templates-too-large-run": Case(_special("300MB", "WS/templates/base.html", "run", "SOURCE", "--to", "es"),
                                    r"templates/base\.html: the template is 300 MB, more than the 1 MB allowed"),
    "templates-too-large-publish": Case(_special("300MB", "WS/templates/base.html", "publish", "--release", "r"),
                                        r"templates/base\.html: the template is 300 MB, more than the 1 MB allowed"),
    "reference-docx-includepicture": Case(
        _templates(_reference_with_field, "publish", "--release", "r"),
        r"templates/reference\.docx: the reference document's part word/header1\.xml has an INCLUDEPICTURE field to "
        r"'\\\\\\\\evil\.example\\\\share\\\\a\.png': Word fetches or runs what it names"),
    "reference-docx-too-large": Case(
        _special("32MB", "WS/templates/reference.docx", "publish", "--release", "r"),
        r"reference\.docx: the reference document is 33,554,433 bytes, more than the 33,554,432 bytes \(32 MB\) allowed"),
    "publish-lang-untranslated": Case(
        _plain("publish", "--release", "Q", "--lang", "de", "--allow-unreviewed"),
        r"no translations into de; run `translate run SOURCE --to de` first \(translated: es\)"),
    "publish-lang-regional": Case(
        _plain("publish", "--release", "Q", "--lang", "es-ES", "--allow-unreviewed"),
        r"no translations into es-ES; es is translated: write the language without its region \(--lang es\)"),
    "publish-lang-source": Case(
        _plain("publish", "--release", "Q", "--lang", "en", "--allow-unreviewed"),
        r"en is the source language; it is published anyway as the original: leave it out of --lang"),
    "release-name-too-long": Case(_plain("publish", "--release", "r" * 101),
                                  r"release name 'r+'… \(101 characters\) is too long: at most 100 characters"),
    "run-to-empty": Case(_plain("run", "SOURCE", "--to", ""), r"--to '' names no language; give codes such as"),
    "publish-lang-empty": Case(_plain("publish", "--release", "r", "--lang", " , "),
                               r"--lang ' , ' names no language"),
    "review-status-lang-empty": Case(_plain("review", "status", "--lang", ""), r"--lang '' names no language"),
    "memory-export-lang-empty": Case(_plain("memory", "export", "--lang", "", "--out", "WS/m.tmx"),
                                     r"--lang '' names no language"),
    "memory-error": Case(_too_much_input, r"translate run: out of memory: .*give fewer or smaller files"),
    "source-fifo": Case(_special("fifo", "WS/ff.md", "run", "WS/ff.md", "--to", "es"),
                        r"ff\.md: the source is a FIFO \(named pipe\), not a regular file"),
    "source-dev-zero": Case(_special("zero", "WS/zero.txt", "run", "WS/zero.txt", "--to", "es"),
                            r"zero\.txt: the source is a device, not a regular file"),
    "source-docx-fifo": Case(_special("fifo", "WS/ff.docx", "run", "WS/ff.docx", "--to", "es"),
                             r"ff\.docx: the source is a FIFO \(named pipe\), not a regular file"),
    "source-too-large": Case(_special("32MB", "WS/big.txt", "run", "WS/big.txt", "--to", "es"),
                             r"big\.txt: the source is 33,554,433 bytes, more than the 33,554,432 bytes \(32 MB\) allowed; split it into"),
    "review-import-fifo": Case(_special("fifo", "WS/ff.xlf", "review", "import", "WS/ff.xlf"),
                               r"ff\.xlf: the review file is a FIFO \(named pipe\), not a regular file; give a "),
    "review-import-dev-zero": Case(_special("zero", "WS/zero.xlf", "review", "import", "WS/zero.xlf"),
                                   r"zero\.xlf: the review file is a device, not a regular file"),
    "glossary-import-fifo": Case(_special("fifo", "WS/ff.csv", "glossary", "import", "WS/ff.csv", "--to", "es"),
                                 r"ff\.csv: the CSV glossary is a FIFO \(named pipe\), not a regular file"),
    "glossary-import-dev-zero": Case(_special("zero", "WS/zero.tbx", "glossary", "import", "WS/zero.tbx"),
                                     r"zero\.tbx: the TBX glossary is a device, not a regular file"),
    "glossary-import-too-large": Case(_special("64MB", "WS/big.tbx", "glossary", "import", "WS/big.tbx"),
                                      r"big\.tbx: the TBX glossary is 67,108,865 bytes, more than the 67,108,864 bytes \(64 MB\) allowed; split"),
    "memory-import-fifo": Case(_special("fifo", "WS/ff.tmx", "memory", "import", "WS/ff.tmx"),
                               r"ff\.tmx: the TMX file is a FIFO \(named pipe\), not a regular file"),
    "memory-import-dev-zero": Case(_special("zero", "WS/zero.tmx", "memory", "import", "WS/zero.tmx"),
                                   r"zero\.tmx: the TMX file is a device, not a regular file"),
    "memory-import-too-large": Case(_special("64MB", "WS/big.tmx", "memory", "import", "WS/big.tmx"),
                                    r"big\.tmx: the TMX file is 67,108,865 bytes, more than the 67,108,864 bytes \(64 MB\) allowed; split the"),
    "models-list-fifo-metadata": Case(
        _special("fifo", "WS/.translate/models/pkg/metadata.json", "models", "list"),
        r"pkg/metadata\.json: the installed package pkg: metadata\.json is a FIFO \(named pipe\), not a regular "
        r"file; remove the package \(translate models remove pkg\)"),
    "models-list-dev-zero-metadata": Case(
        _special("zero", "WS/.translate/models/pkg/metadata.json", "models", "list"),
        r"the installed package pkg: metadata\.json is a device, not a regular file; remove the package"),
    "settings-fifo": Case(_special("fifo", "WS/translate.toml", "run", "SOURCE"),
                          r"translate\.toml: the settings file is a FIFO \(named pipe\), not a regular file"),
    "settings-dev-zero": Case(_special("zero", "WS/translate.toml", "run", "SOURCE"),
                              r"translate\.toml: the settings file is a device, not a regular file"),
}
CONFIG_CASES = sorted(CASES_DIR.glob("*.toml"))
CASE_IDS = [p.stem for p in CONFIG_CASES] + list(BUILT_CASES)


def _expected(case_id: str) -> str:
    if case_id in BUILT_CASES:
        return BUILT_CASES[case_id].expected
    first = (CASES_DIR / f"{case_id}.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{case_id}.toml: first line must be # expect: REGEX"
    return first.removeprefix("# expect: ")


def _config_case(path: Path) -> Callable[[Path, Path, ExitStack], Built]:
    def build(tmp: Path, base: Path, mounts: ExitStack) -> Built:
        workspace = tmp / "ws"
        workspace.mkdir()
        shutil.copy(path, workspace / "translate.toml")
        return Built(workspace, ("run", _source(tmp)))
    return build


@dataclass(frozen=True, slots=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    raised: BaseException | None = None
    """In this process: what escaped the CLI (its own SystemExit only, unless something was not caught)."""


def _run(built: Built) -> Outcome:
    if built.honour_permissions:
        done = run_cli(built.workspace, *built.args, honour_permissions=True, cwd=built.workspace.parent)
    elif built.memory_mb is not None or built.timeout is not None:
        limit = (built.memory_mb or 0) * 1024**2
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        timeout = built.timeout or 120
        try:
            done = subprocess.run(
                [sys.executable, "-m", "translate", "--workspace", str(built.workspace), *built.args],
                capture_output=True, text=True, env=env, timeout=timeout, check=False, cwd=built.workspace.parent,
                preexec_fn=(lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))) if limit else None)
        except subprocess.TimeoutExpired:
            return Outcome(124, "", f"the command still ran after {timeout:g} s (it hangs)")
    else:
        result = CliRunner().invoke(cli, ["--workspace", str(built.workspace), *built.args])
        raised = None if isinstance(result.exception, SystemExit) else result.exception
        return Outcome(result.exit_code, result.stdout, result.stderr, raised)
    return Outcome(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with one article translated into Spanish and approved."""
    workspace = tmp_path_factory.mktemp("base") / "ws"
    source = tmp_path_factory.mktemp("source") / "good.md"
    source.write_text(GOOD, encoding="utf-8")
    for args in (("run", str(source), "--to", "es"), ("review", "approve", "csto", "--lang", "es")):
        result = CliRunner().invoke(cli, ["--workspace", str(workspace), *args])
        assert result.exit_code == 0, result.output
    return workspace


def _builder(case_id: str) -> Callable[[Path, Path, ExitStack], Built]:
    return BUILT_CASES[case_id].build if case_id in BUILT_CASES else _config_case(CASES_DIR / f"{case_id}.toml")


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_broken_workspace_is_one_clear_line(tmp_path: Path, base: Path, caplog: pytest.LogCaptureFixture,
                                            case_id: str) -> None:
    with ExitStack() as mounts:
        built = _builder(case_id)(tmp_path, base, mounts)
        with caplog.at_level(logging.WARNING):
            outcome = _run(built)
    for folder in [tmp_path, *(p for p in tmp_path.rglob("*") if p.is_dir() and not p.is_symlink())]:
        folder.chmod(0o755)  # read-only cases: let pytest remove them
    assert outcome.raised is None, f"uncaught {outcome.raised!r}"
    assert "Traceback" not in outcome.stderr + outcome.stdout, outcome.stderr
    assert outcome.code == 1, outcome.stderr
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), outcome.stderr
    assert re.search(_expected(case_id), lines[0]), lines[0]
    assert outcome.stdout == ""
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
