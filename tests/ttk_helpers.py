"""For the tests that read our files with translate-toolkit, installed in .venv-ttk (see the Makefile's ttk target).

Its import name is ``translate``, as ours is: it runs isolated (``python -I``: no PYTHONPATH, no user site, no
current folder on sys.path), from a folder outside the repository, so our package never shadows it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from conftest import TTK_PYTHON


def run_ttk(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -I ARGS`` in translate-toolkit's virtualenv; AssertionError with its stderr if it fails."""
    done = subprocess.run([str(TTK_PYTHON), "-I", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"})
    assert done.returncode == 0, done.stderr
    return done


def ttk_json(code: str, *args: str, cwd: Path) -> Any:
    """What the snippet ``code`` prints as JSON (it sees ``args`` as ``sys.argv[1:]``)."""
    return json.loads(run_ttk("-c", code, *args, cwd=cwd).stdout)
