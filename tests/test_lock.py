"""The workspace lock with real processes: a second writer waits (told once, naming the holder); readers do not."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import requires_apertium
from fs_helpers import ROOT, run_cli
from translate.config import Workspace
from translate.errors import WorkspaceLocked
from translate.lock import workspace_lock

GOOD = "---\ntitle: The CSTO in Yerevan\nslug: csto\n---\nThe summit ended. Nobody signed. The talks went on.\n"
HOLDER = """
import sys
from pathlib import Path
from translate.config import Workspace
from translate.lock import workspace_lock
with workspace_lock(Workspace(Path(sys.argv[1])), command="translate publish"):
    print("locked", flush=True)
    sys.stdin.readline()
"""


@contextmanager
def held(workspace: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the workspace lock until the block ends."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(workspace)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        yield holder
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def test_not_waiting_names_the_holder(tmp_path: Path) -> None:
    with held(tmp_path) as holder:
        with pytest.raises(WorkspaceLocked, match=rf"in use by translate publish \(pid {holder.pid}, since \d{{4}}-"):
            with workspace_lock(Workspace(tmp_path), command="translate run", wait=False):
                pass
    with workspace_lock(Workspace(tmp_path), command="translate run", wait=False):  # free again
        assert (tmp_path / ".translate" / "lock").read_text().startswith('{"pid": ')
    assert (tmp_path / ".translate" / "lock").read_text() == ""  # a finished command is nobody's holder


@requires_apertium
def test_a_second_run_waits_says_so_once_then_finds_the_work_done(tmp_path: Path) -> None:
    source = tmp_path / "good.md"
    source.write_text(GOOD, encoding="utf-8")
    workspace = tmp_path / "ws"
    assert run_cli(workspace, "run", str(source), "--to", "es").returncode == 0
    with held(workspace) as holder:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        waiting = subprocess.Popen([sys.executable, "-m", "translate", "--workspace", str(workspace), "run",
                                    str(source), "--to", "es,ca"], stderr=subprocess.PIPE, stdout=subprocess.PIPE,
                                   text=True, env=env)
        assert waiting.stderr is not None
        line = waiting.stderr.readline()  # blocks until the run has planned and found the lock taken
        assert line == f"waiting for translate publish (pid {holder.pid}, since {line.split('since ')[1]}"
        assert line.endswith(") to finish with this workspace…\n")
        status = run_cli(workspace, "review", "status", "--lang", "es")  # readers are not held up
        assert status.returncode == 0 and "csto" in status.stdout
        assert waiting.poll() is None
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "waiting" not in err and "ca " in out.replace("│", " ")


@requires_apertium
def test_two_runs_at_once_translate_each_segment_once(tmp_path: Path) -> None:
    source = tmp_path / "good.md"
    source.write_text(GOOD, encoding="utf-8")
    workspace = tmp_path / "ws"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "translate", "--workspace", str(workspace), "run", str(source), "--to", "es,ca"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for _ in range(2)]
    for process in runs:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    with sqlite3.connect(workspace / ".translate" / "store.sqlite3") as db:
        assert db.execute("SELECT DISTINCT revision FROM translations").fetchall() == [(1,)]
        rows = db.execute("SELECT lang, count(*), count(DISTINCT segment_id) FROM history WHERE actor = 'machine'"
                          " GROUP BY lang ORDER BY lang").fetchall()
    assert rows == [("ca", 4, 4), ("es", 4, 4)]
