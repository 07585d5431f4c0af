"""File systems that misbehave for real: small full tmpfs mounts, read-only mounts, and a CLI run that
honours permission bits even as root.

Root ignores permission bits, and CI runs as root, possibly without the right to mount: each helper
skips the test with the reason when the machine does not allow it.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


@contextmanager
def tmpfs(path: Path, *, size: str = "256k", read_only: bool = False) -> Iterator[Path]:
    """A fresh tmpfs of ``size`` mounted at ``path`` (created) for the block; skip the test if mounting fails."""
    path.mkdir(parents=True, exist_ok=True)
    options = f"size={size},mode=0755" + (",ro" if read_only else "")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True,
                             text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip() or 'mount failed'})")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


def remount_read_only(path: Path) -> None:
    """Make the tmpfs mounted at ``path`` (by ``tmpfs``) read-only, contents kept."""
    done = subprocess.run(["mount", "-o", "remount,ro", str(path)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only here ({done.stderr.strip() or 'mount failed'})")


def fill(folder: Path) -> None:
    """Fill the file system holding ``folder`` until it has no space left."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while os.write(fd, b"\0" * 65536):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    try:
        for n in range(1000):  # and what is left, a small file at a time
            fd = os.open(folder / f"filler-{n}", os.O_WRONLY | os.O_CREAT, 0o644)
            try:
                os.write(fd, b"x" * 512)
            finally:
                os.close(fd)
    except OSError:
        pass


def _drop_dac_override() -> None:
    """In the child, before exec: give up root's power to ignore permission bits (kept by exec otherwise)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def permissions_apply() -> bool:
    """Whether a CLI started by ``run_cli(honour_permissions=True)`` is refused a read-only folder."""
    if os.geteuid() != 0:
        return True
    probe = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_drop_dac_override, capture_output=True,
                           check=False)
    return probe.returncode == 0


def run_cli(workspace: Path, *args: str, cwd: Path | None = None, honour_permissions: bool = False,
            umask: int | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``translate --workspace WORKSPACE ARGS`` in a real process (this checkout first on the path).

    ``honour_permissions``: as root, without the capability to override permission bits, so that a
    folder made read-only with chmod is read-only for it (skips the test where that is not allowed).
    """
    if honour_permissions and not permissions_apply():
        pytest.skip("cannot drop root's permission override here (prctl refused)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop("COLUMNS", None)
    preexec = _drop_dac_override if honour_permissions and os.geteuid() == 0 else None
    return subprocess.run([sys.executable, "-m", "translate", "--workspace", str(workspace), *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=timeout, preexec_fn=preexec,
                          umask=-1 if umask is None else umask, check=False)
