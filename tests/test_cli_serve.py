"""`translate serve` (translate/cli/serve.py): loopback only, the address printed, a clear line for a taken port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from review_helpers import make_store
from translate.cli import cli
from web_helpers import free_port


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_another_address_than_loopback_is_refused(tmp_path: Path, host: str) -> None:
    result = CliRunner().invoke(cli, ["--workspace", str(tmp_path), "serve", "--host", host])
    assert result.exit_code == 2
    assert f"{host} is not this machine" in result.stderr and "loopback only" in result.stderr


def test_a_taken_port_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["--workspace", str(tmp_path), "serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "another --port" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_prints_its_address_and_serves_the_workspace(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    store.close()
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "translate", "--workspace", str(tmp_path / "ws"), "serve",
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    try:
        line = process.stdout.readline()
        assert line.startswith(f"Workbench: http://127.0.0.1:{port}/")
        deadline = time.monotonic() + 30
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, process.stderr.read()
                time.sleep(0.1)
        assert page.status_code == 200 and "The CSTO summit" in page.text
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert process.returncode == 0, process.stderr.read()
