"""Every file and folder the commands create has exactly the mode the umask gives (0644/0755 under 022).

One workspace per umask goes through run, review export (XLIFF, DOCX), review approve, memory export,
glossary export (TBX, CSV), glossary import and publish, the CLI run in this process under that umask.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT, requires_apertium
from translate.cli import cli

pytestmark = requires_apertium


@pytest.mark.parametrize("umask", [pytest.param(0o022, id="022"), pytest.param(0o027, id="027")])
def test_everything_created_follows_the_umask(tmp_path: Path, umask: int) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(ROOT / "glossary", workspace / "glossary")
    source = tmp_path / "csto.md"
    source.write_text("---\ntitle: The CSTO in Yerevan\nslug: csto\n---\nThe summit in Lugansk ended. Nobody signed.\n",
                      encoding="utf-8")
    before = {workspace, *workspace.rglob("*")}
    out = workspace / "outputs"
    commands = [
        ("run", str(source), "--to", "es,ca"),
        ("review", "export", "--lang", "es", "--format", "xliff", "--out", str(out / "review")),
        ("review", "export", "--lang", "es", "--format", "docx", "--out", str(out / "review")),
        ("review", "approve", "csto", "--lang", "es", "--force"),
        ("memory", "export", "--lang", "es", "--out", str(out / "memory" / "memory-es.tmx")),
        ("glossary", "export", "--format", "tbx", "--out", str(out / "exchange" / "glossary.tbx")),
        ("glossary", "export", "--format", "csv", "--to", "es", "--out", str(out / "exchange" / "glossary-en-es.csv")),
        ("glossary", "import", str(EXAMPLES / "partner-terms-en-es.csv"), "--to", "es"),
        ("publish", "--release", "r", "--lang", "es"),
    ]
    old = os.umask(umask)
    try:
        for command in commands:
            result = CliRunner().invoke(cli, ["--workspace", str(workspace), *command])
            assert result.exit_code == 0, (command, result.output)
    finally:
        os.umask(old)
    created = sorted({workspace, *workspace.rglob("*")} - before)
    expected = {"file": 0o666 & ~umask, "folder": 0o777 & ~umask}
    wrong = [(str(p.relative_to(workspace)), oct(stat.S_IMODE(p.lstat().st_mode))) for p in created
             if stat.S_IMODE(p.lstat().st_mode) != expected["folder" if p.is_dir() else "file"]]
    assert wrong == []
    names = {str(p.relative_to(workspace)) for p in created}
    assert {"outputs/drafts/csto/es.html", "outputs/review/review-all-es.docx", "outputs/releases/r/index.html",
            "outputs/releases/r/es", "outputs/memory/memory-es.tmx", "outputs/exchange/glossary.tbx",
            "glossary/imported-partner-terms-en-es.yaml", ".translate/store.sqlite3", ".translate/lock"} <= names
