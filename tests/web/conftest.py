"""Page tests: the real app under uvicorn on a free port, driven by Debian's headless Chromium.

The server runs in a thread of this process, so it shares the session's chDB data directory and
the test's database (tests/conftest.py). Chromium is Debian's package driven by Playwright with
``executable_path`` (issue 6); when it is missing the tests fail and say how to install it.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from aspects.app import create_app
from aspects.settings import Settings
from aspects.store import Store
from tests.auth.helpers import PASSWORD, add_user
from tests.reports.factories import COURSE

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(settings: Settings, store: Store) -> Iterator[str]:
    """The app served over real HTTP; yields its base URL."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings, store), host="127.0.0.1", port=port, log_level="warning"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright (the browser download of ``playwright install`` is
    not used: CI installs ``chromium`` with apt-get)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the page tests need Debian's chromium "
            "(apt-get install -y chromium; .ci/run installs it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh temporary profile (its --user-data-dir).
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What went wrong in a page: console errors, page errors, failed or refused requests."""

    problems: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on(
            "console",
            lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"),
        )
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on(
            "requestfailed",
            lambda r: self.problems.append(f"failed: {r.url} {r.failure}"),
        )
        page.on(
            "response",
            lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"),
        )


def sign_in(page: Any, base: str, username: str, next_url: str = "/") -> None:
    """Through the real login form."""
    page.goto(f"{base}/login?next={next_url}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.fixture
def viewer(settings: Settings) -> str:
    """A local account on the course team of the hand-built course only."""
    add_user(settings, "author", COURSE)
    return "author"


def post(base: str, auth: dict[str, str], statements: list[dict[str, Any]]) -> None:
    """Statements through the live LRS, all stored."""
    response = httpx.post(f"{base}/xAPI/statements", json=statements, headers=auth, timeout=30)
    assert response.status_code == 200, response.text
