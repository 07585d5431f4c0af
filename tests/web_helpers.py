"""For the workbench's tests: a real server on loopback in a thread, a client with the page's token, Chromium.

The server is uvicorn serving :func:`translate.web.app.create_app`, as ``translate serve`` runs it, on a free
port of 127.0.0.1; the browser is Debian's Chromium driven by Playwright (never ``playwright install``).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from translate.config import Workspace
from translate.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
requires_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                       reason="Chromium is not installed (make test installs Debian's chromium)")
_EXPECTED = re.compile(r"Failed to load resource: the server responded with a status of (409|422)")
"""Answers the editor expects (a conflict, a refusal it shows): Chromium logs them all the same."""
_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@dataclass(frozen=True, slots=True)
class Served:
    url: str
    port: int

    def client(self) -> httpx.Client:
        """An HTTP client that sends the page's CSRF token, as the editor's script does."""
        token = _TOKEN.search(httpx.get(self.url + "/").text).group(1)
        return httpx.Client(base_url=self.url, headers={"X-CSRF-Token": token}, timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(workspace: Path, *, actor: str = "ana") -> Iterator[Served]:
    """The workbench of ``workspace`` served on 127.0.0.1 until the block ends."""
    port = free_port()
    app = create_app(Workspace(workspace), host="127.0.0.1", port=port, actor=actor)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the workbench did not start")
        time.sleep(0.02)
    try:
        yield Served(f"http://127.0.0.1:{port}", port)
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def new_page(browser, errors: list[str], *, locale: str = "en-US"):
    """A page in a fresh browser context (its own storage: another translator's browser), its script errors and
    console errors collected into ``errors``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and not _EXPECTED.search(message.text) else None)
    return page
