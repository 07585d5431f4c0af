"""For the tests that read our files with the real tools: translate-toolkit and OmegaT's glossary readers.

translate-toolkit is installed in .venv-ttk (the Makefile's ttk target). Its import name is ``translate``, as
ours is: it runs isolated (``python -I``: no PYTHONPATH, no user site, no current folder on sys.path), from a
folder outside the repository, so our package never shadows it. OmegaT's readers are called from
``tests/data/omegat-reader/ReadGlossary.java``, run from source by Java against Debian's OmegaT.jar.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from conftest import OMEGAT_JAR, TTK_PYTHON


def run_ttk(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -I ARGS`` in translate-toolkit's virtualenv; AssertionError with its stderr if it fails."""
    done = subprocess.run([str(TTK_PYTHON), "-I", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"})
    assert done.returncode == 0, done.stderr
    return done


def ttk_json(code: str, *args: str, cwd: Path) -> Any:
    """What the snippet ``code`` prints as JSON (it sees ``args`` as ``sys.argv[1:]``)."""
    return json.loads(run_ttk("-c", code, *args, cwd=cwd).stdout)


READ_GLOSSARY = Path(__file__).parent / "data" / "omegat-reader" / "ReadGlossary.java"


def omegat_glossary(path: Path, *, src: str, tgt: str) -> list[list[str]]:
    """The ``[source, target, comment]`` entries OmegaT's own reader takes from the glossary file ``path`` (a
    ``.tbx``, or a tab-separated one) in a project from ``src`` to ``tgt``; its home is ``path``'s folder."""
    done = subprocess.run(
        ["java", f"-Duser.home={path.parent}", "-cp", str(OMEGAT_JAR), str(READ_GLOSSARY), str(path), src, tgt],
        cwd=path.parent, capture_output=True, text=True, timeout=120, encoding="utf-8",
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"})
    assert done.returncode == 0, done.stderr
    return [line.split("\t") for line in done.stdout.splitlines()]
