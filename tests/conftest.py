"""Shared fixtures. Every test runs offline: opening a network connection fails the test."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).resolve().parents[1]

# Nothing of hypothesis's in the working tree (no example database, no caches): tests write only
# under temporary folders.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="hypothesis-"))
settings.register_profile("translate", database=None, deadline=None)  # CI machines are noisy
settings.load_profile("translate")
EXAMPLES = ROOT / "examples"

requires_apertium = pytest.mark.skipif(
    shutil.which("apertium-wblank-mode") is None or not Path("/usr/share/apertium/modes/eng-spa.mode").exists(),
    reason="Apertium with apertium-eng-spa is not installed (make test installs it)",
)


requires_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (make test installs libreoffice-writer-nogui)",
)


TTK_PYTHON = ROOT / os.environ.get("TTK_VENV", ".venv-ttk") / "bin" / "python"  # make test passes its TTK_VENV
requires_ttk = pytest.mark.skipif(
    not TTK_PYTHON.exists(),
    reason="translate-toolkit's virtualenv .venv-ttk is missing (make ttk creates it; make test does)",
)

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
requires_omegat = pytest.mark.skipif(
    not OMEGAT_JAR.exists() or shutil.which("java") is None,
    reason="OmegaT is not installed (make test installs Debian's omegat)",
)


LOOPBACK = ("127.0.0.1", "::1", "localhost")


class NetworkAccessError(AssertionError):
    """A test tried to reach the network."""


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        # This machine's own servers (the workbench under test) are not the network.
        if self.family == socket.AF_UNIX or (isinstance(address, tuple) and address[0] in LOOPBACK):
            return real_connect(self, address)
        raise NetworkAccessError(f"test tried to connect to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded)
    real_create = socket.create_connection

    def create(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        if address[0] in LOOPBACK:
            return real_create(address, *args, **kwargs)
        raise NetworkAccessError(f"test tried to connect to {address!r}")

    monkeypatch.setattr(socket, "create_connection", create)


TINY_ARGOS_PAIRS = (("en", "es"), ("es", "en"), ("en", "de"), ("de", "en"))


@pytest.fixture(scope="session")
def tiny_argos_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A genuine en->es `.argosmodel` whose model echoes its input (see tests/argos_tiny.py)."""
    from argos_tiny import build_tiny_package

    return build_tiny_package(tmp_path_factory.mktemp("argos-package"), from_code="en", to_code="es")


@pytest.fixture(scope="session")
def tiny_argos_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Echoing `.argosmodel` files by (from, to): en<->es and en<->de, enough to chain es->en->de."""
    from argos_tiny import build_tiny_package

    dest = tmp_path_factory.mktemp("argos-packages")
    return {pair: build_tiny_package(dest, from_code=pair[0], to_code=pair[1]) for pair in TINY_ARGOS_PAIRS}


@pytest.fixture(autouse=True, scope="session")
def _isolated_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """argostranslate and onnxruntime create folders under HOME/XDG when imported: keep them in tmp."""
    home = tmp_path_factory.mktemp("home")
    for name, sub in (("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config")):
        os.environ[name] = str(home / sub)
    os.environ["ARGOS_PACKAGES_DIR"] = str(home / "argos-packages")


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (the workbench's browser tests): one browser for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page_errors() -> list[str]:
    """What the workbench's pages threw or logged as errors (``web_helpers.new_page`` fills it; tests assert it
    stays empty)."""
    return []
