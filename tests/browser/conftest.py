"""Real-browser fixtures: a Streamlit server on a free loopback port and headless Debian chromium.

Playwright drives ``/usr/bin/chromium`` through ``executable_path``; no browser is ever downloaded. The
server is stopped by its process id. Screenshots go to ``test-artifacts/screenshots`` (printed).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        return  # in CI a missing browser must fail loudly, not skip
    skip = pytest.mark.skip(reason="Debian chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, process: subprocess.Popen, log: Path) -> None:
        self.url, self.process, self.log = url, process, log


def start_server(log: Path, data: str = "", *, env: dict[str, str] | None = None,
                 args: Sequence[str] = (), app: Path = ROOT / "app.py",
                 port: int | None = None) -> Server:
    """``streamlit run app.py`` on a free loopback port, with ``KRAFTSAMLA_DATA`` set to ``data``.

    ``env`` adds to (or overrides) the environment, ``args`` are further ``streamlit run`` options,
    ``app`` is the script (run from its folder, where Streamlit reads ``.streamlit/``; e.g. a copy of
    the project, as each replica of a deployment has its own disk) and ``port`` a port chosen before.
    """
    port = port or free_port()
    env = {**os.environ, "KRAFTSAMLA_DATA": data, **(env or {})}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", app.name, "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.headless", "true",
             "--browser.gatherUsageStats", "false", *args],
            cwd=app.parent, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return Server(url, process, log)
        except OSError:
            time.sleep(0.3)
    stop_server(process)
    pytest.fail(f"streamlit did not start; log:\n{log.read_text()}")


def stop_server(process: subprocess.Popen) -> None:
    """Stop the server by its process id (terminate, then kill if it lingers)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory) -> Iterator[Server]:
    """The app on the embedded demo package."""
    server = start_server(tmp_path_factory.mktemp("server") / "streamlit.log")
    yield server
    stop_server(server.process)


@pytest.fixture(scope="session")
def malmo_server(malmo_package, tmp_path_factory) -> Iterator[Server]:
    """The app opened on the real Malmö package through ``KRAFTSAMLA_DATA``."""
    server = start_server(tmp_path_factory.mktemp("malmo_server") / "streamlit.log",
                          str(malmo_package.path))
    yield server
    stop_server(server.process)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's launch() gives chromium a fresh, temporary user data dir every time.
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nScreenshots: {SCREENSHOTS}")
    return SCREENSHOTS


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """A real OpenID Connect provider on a free loopback port with the test users of
    `tests.browser.oidc.TEST_USERS` (one per role group); see that module for how to sign in."""
    from tests.browser.oidc import start_oidc_provider, stop_oidc_provider

    provider = start_oidc_provider(tmp_path_factory.mktemp("oidc") / "provider.log", free_port())
    yield provider
    stop_oidc_provider(provider)
