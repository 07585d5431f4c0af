"""For the tests that read our files with the real tools: translate-toolkit, and OmegaT (its glossary readers,
its console mode, and a translator's session in it).

translate-toolkit is installed in .venv-ttk (the Makefile's ttk target). Its import name is ``translate``, as
ours is: it runs isolated (``python -I``: no PYTHONPATH, no user site, no current folder on sys.path), from a
folder outside the repository, so our package never shadows it. OmegaT's readers are called from
``tests/data/omegat-reader/ReadGlossary.java``, and a translator's session from ``TranslatorWork.java`` beside it,
both run from source by Java against Debian's OmegaT.jar.
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


TRANSLATOR_WORK = Path(__file__).parent / "data" / "omegat-reader" / "TranslatorWork.java"
_OMEGAT_ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}  # no DISPLAY: OmegaT runs headless


def omegat_translate(project: Path, *, config: Path) -> subprocess.CompletedProcess[str]:
    """OmegaT 3.6's ``--mode=console-translate`` on ``project``: it loads the project as the GUI does and creates
    the translated documents in ``target/``. Run with ``java -jar`` (Debian's launcher breaks on spaces)."""
    return subprocess.run(
        ["java", "-jar", str(OMEGAT_JAR), "--mode=console-translate", f"--config-dir={config}", "--no-team",
         "--disable-project-locking", "--disable-location-save", str(project)],
        capture_output=True, text=True, timeout=180, encoding="utf-8", env=_OMEGAT_ENV)


def omegat_session(project: Path, *, config: Path, edits: list[tuple[str, str, str, str]] = (),
                   author: str = "ana") -> list[list[str]]:
    """A translator's session in OmegaT on ``project`` (``TranslatorWork.java``): the ``[source, translation,
    best match, score, match file]`` of each segment as OmegaT shows them, then the ``(action, source, text,
    note)`` edits made and the project saved with OmegaT's own writers."""
    args = [str(config), str(project), author]
    if edits:
        listing = project.parent / f"{project.name}-edits.tsv"
        listing.write_text("".join("\t".join(edit) + "\n" for edit in edits), encoding="utf-8")
        args.append(str(listing))
    done = subprocess.run(["java", "-cp", str(OMEGAT_JAR), str(TRANSLATOR_WORK), *args], capture_output=True,
                          text=True, timeout=180, encoding="utf-8", env=_OMEGAT_ENV)
    assert done.returncode == 0, done.stderr[-3000:]
    return [line.split("\t")[1:] for line in done.stdout.splitlines() if line.startswith("SEGMENT\t")]
