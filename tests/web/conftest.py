"""Page tests: the real app under uvicorn on a free port, driven by Debian's headless Chromium.

The server runs in a thread of this process, so it shares the process's chDB data directory and
database (tests/conftest.py). Chromium is Debian's package driven by Playwright with
``executable_path`` (issue 6); when it is missing the tests fail and say how to install it.

A module whose tests only read one data set builds it once: the ``module_*`` fixtures below are
a server, settings, an LRS user and a viewer for the whole module (its tests then go to one
pytest-xdist worker, ``xdist_group``), and its tests share one browser context signed in once.
A page is drawn when its root says ``data-state=ready``; before leaving it, :func:`settle` waits
until none of its fetches is still in flight (leaving would abort them: a failed request).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
import uvicorn

from aspects.app import create_app
from aspects.settings import Settings
from aspects.store import Store
from tests.auth.helpers import PASSWORD, add_user
from tests.conftest import fresh_settings, lrs_user
from tests.factories import COURSE

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


@contextmanager
def serving(settings: Settings, store: Store) -> Iterator[str]:
    """The app served over real HTTP in a thread; yields its base URL."""
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
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(10)


@pytest.fixture
def server(settings: Settings, store: Store) -> Iterator[str]:
    """The app served over real HTTP; yields its base URL."""
    with serving(settings, store) as url:
        yield url


@pytest.fixture(scope="module")
def module_settings(
    process_store: tuple[Store, Any], data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """Settings for a whole module: the store emptied once, files in the module's folder."""
    return fresh_settings(process_store, data_dir, tmp_path_factory.mktemp("module"))


@pytest.fixture(scope="module")
def module_store(module_settings: Settings, process_store: tuple[Store, Any]) -> Store:
    """The process's store, emptied at the start of the module (``module_settings``)."""
    return process_store[0]


@pytest.fixture(scope="module")
def module_server(module_settings: Settings, module_store: Store) -> Iterator[str]:
    """One server for the module's tests; yields its base URL."""
    with serving(module_settings, module_store) as url:
        yield url


@pytest.fixture(scope="module")
def module_auth(module_settings: Settings) -> dict[str, str]:
    """The LRS user's Basic header, for the module's data."""
    return lrs_user(module_settings)


@pytest.fixture(scope="module")
def module_viewer(module_settings: Settings) -> str:
    """A local account on the course team of the hand-built course only."""
    add_user(module_settings, "author", COURSE)
    return "author"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright (the browser download of ``playwright install`` is
    not used: ``scripts/test``, the README's test command, installs ``chromium`` with apt-get)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the page tests need Debian's chromium "
            "(scripts/test, the README's test command, installs it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh temporary profile (its --user-data-dir).
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What went wrong in a page: console errors, page errors, failed or refused requests.

    It also keeps the page's fetches in flight, for :func:`settle`.
    """

    problems: list[str] = field(default_factory=list)
    inflight: set[Any] = field(default_factory=set)

    def attach(self, page: Any) -> None:
        page.on(
            "console",
            lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"),
        )
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", self._failed)
        page.on(
            "response",
            lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"),
        )
        page.on("request", lambda r: r.resource_type in FETCHES and self.inflight.add(r))
        page.on("requestfinished", lambda r: self.inflight.discard(r))
        page.on("requestfailed", lambda r: self.inflight.discard(r))

    def _failed(self, request: Any) -> None:
        # The browser cancels a page's pending icon or image when the test navigates on
        # (net::ERR_ABORTED): not a failure of the server. A data fetch that fails, for any
        # reason, still is.
        cancelled = "ERR_ABORTED" in str(request.failure)
        if not cancelled or request.resource_type in FETCHES:
            self.problems.append(f"failed: {request.url} {request.failure}")


FETCHES = ("fetch", "xhr")


def watched(page: Any) -> Any:
    """``page`` with a :class:`Watch` attached as ``page.watch``."""
    page.watch = Watch()
    page.watch.attach(page)
    return page


def settle(page: Any, timeout: float = 90) -> None:
    """Wait until none of a watched page's fetches is in flight.

    The next step may leave the page, which would abort them (a failed request). Where the
    waits used ``networkidle``, which also waits for 500 ms of quiet after the last request.
    """
    deadline = time.monotonic() + timeout
    while page.watch.inflight:
        in_flight = sorted(r.url for r in page.watch.inflight)
        assert time.monotonic() < deadline, f"requests still in flight: {in_flight}"
        page.wait_for_timeout(10)  # lets Playwright deliver the page's events


def sign_in(page: Any, base: str, username: str, next_url: str = "/") -> None:
    """Through the real login form; returns on the page it leads to, loaded."""
    page.goto(f"{base}/login?next={next_url}")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: urlparse(url).path != "/login")
    if hasattr(page, "watch"):
        settle(page)


@pytest.fixture(scope="module")
def signed_in(browser: Any, module_server: str, module_viewer: str) -> Iterator[Any]:
    """A browser context signed in once as the module's viewer (New York time)."""
    context = browser.new_context(
        timezone_id="America/New_York",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    page = context.new_page()
    sign_in(page, module_server, module_viewer)
    page.close()
    yield context
    context.close()


@pytest.fixture
def viewer(settings: Settings) -> str:
    """A local account on the course team of the hand-built course only."""
    add_user(settings, "author", COURSE)
    return "author"


def post(base: str, auth: dict[str, str], statements: list[dict[str, Any]]) -> None:
    """Statements through the live LRS, all stored."""
    response = httpx.post(f"{base}/xAPI/statements", json=statements, headers=auth, timeout=30)
    assert response.status_code == 200, response.text
