"""Acknowledged means stored: a real ``aspects serve`` killed or stopped under load.

Each test runs the server as a subprocess on its own data directory: chDB lets one process
open a directory, and this process already holds the session's (DESIGN.md, process model).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from aspects.ingest.credentials import add_user
from tests.factories import statement

pytestmark = pytest.mark.slow

USER, PASSWORD = "erb", "erb-secret-123"
SENDERS = 4
BATCH = 25
ACKED_BEFORE_STOP = 600  # statements acknowledged before the server is killed or stopped


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASPECTS_")}
    env["ASPECTS_LRS__GET_LIMIT"] = "10000"  # the check below reads everything in a few pages
    return env


@dataclass
class Server:
    """One ``aspects serve`` subprocess, its output in a log file."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


class Servers:
    """Starts servers on one data directory and kills any left running at the end."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.started: list[Server] = []

    def start(self) -> Server:
        port = _free_port()
        log = self.data_dir.parent / f"serve-{len(self.started)}.log"
        command = [sys.executable, "-m", "aspects", "serve", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--data-dir", str(self.data_dir)]
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, env=_environment()
            )
        server = Server(process, port, log)
        self.started.append(server)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(
                    f"server exited with {process.returncode}:\n{server.log_tail()}"
                )
            try:
                if httpx.get(f"{server.url}/readyz", timeout=1).status_code == 200:
                    return server
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"server not ready after 30 s:\n{server.log_tail()}")

    def cleanup(self) -> None:
        for server in self.started:
            if server.process.poll() is None:
                server.process.kill()
                server.process.wait(timeout=10)


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Servers]:
    data_dir = tmp_path / "data"
    add_user(data_dir / "lrs-credentials.json", USER, PASSWORD)
    started = Servers(data_dir)
    yield started
    started.cleanup()


@dataclass
class Senders:
    """Threads posting batches of fresh statements; remembers what the server acknowledged."""

    url: str
    acknowledged: set[str] = field(default_factory=set)
    sent: list[list[dict[str, Any]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    failed_requests: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        for number in range(SENDERS):
            thread = threading.Thread(target=self._send, args=(number,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def join(self) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(timeout=30)
        assert not any(t.is_alive() for t in self._threads), "a sender did not stop"

    def wait_for(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while len(self.acknowledged) < count:
            assert time.monotonic() < deadline, f"only {len(self.acknowledged)} acknowledged"
            assert not self.problems, self.problems
            time.sleep(0.01)

    def _send(self, number: int) -> None:
        with httpx.Client(base_url=self.url, auth=(USER, PASSWORD), timeout=10) as client:
            while not self.stop.is_set():
                batch = [statement(actor=f"learner-{number}-{n}") for n in range(BATCH)]
                ids = [s["id"] for s in batch]
                with self._lock:
                    self.sent.append(batch)
                try:
                    response = client.post("/xAPI/statements", json=batch)
                except httpx.HTTPError:
                    # In flight when the server died or stopped, or refused: not acknowledged.
                    # The server is gone; this sender is done.
                    with self._lock:
                        self.failed_requests += 1
                    return
                if response.status_code == 200:
                    if response.json() != ids:
                        self.problems.append(f"200 with other ids: {response.text[:200]}")
                    with self._lock:
                        self.acknowledged.update(ids)
                elif response.status_code != 503:  # 503: draining, retry later
                    self.problems.append(f"{response.status_code}: {response.text[:200]}")


def _stored_ids(server: Server) -> list[str]:
    """Every stored statement id, walking GET pages through their ``more`` links."""
    ids: list[str] = []
    url = "/xAPI/statements?ascending=true"
    with httpx.Client(base_url=server.url, auth=(USER, PASSWORD), timeout=60) as client:
        while url:
            response = client.get(url)
            assert response.status_code == 200, response.text
            page = response.json()
            ids += [s["id"] for s in page["statements"]]
            url = page["more"]
    return ids


def _check_after_restart(servers: Servers, senders: Senders) -> None:
    """Restart on the same directory: every acknowledged id is there, none twice."""
    server = servers.start()
    stored = _stored_ids(server)
    assert len(stored) == len(set(stored)), "an id is stored twice"
    sent = {s["id"] for batch in senders.sent for s in batch}
    missing = senders.acknowledged - set(stored)
    assert not missing, f"{len(missing)} acknowledged statements were lost"
    assert set(stored) <= sent

    with httpx.Client(base_url=server.url, auth=(USER, PASSWORD), timeout=10) as client:
        acknowledged = sorted(senders.acknowledged)
        for statement_id in acknowledged[:: len(acknowledged) // 20]:
            response = client.get("/xAPI/statements", params={"statementId": statement_id})
            assert response.status_code == 200 and response.json()["id"] == statement_id
        # Resending everything, acknowledged or not, stores each statement exactly once.
        for batch in senders.sent:
            response = client.post("/xAPI/statements", json=batch)
            assert response.status_code == 200, response.text
    again = _stored_ids(server)
    assert len(again) == len(set(again)) == len(sent)
    assert set(again) == sent


def test_sigkill_under_load_loses_no_acknowledged_statement_and_stores_none_twice(
    servers: Servers,
) -> None:
    server = servers.start()
    senders = Senders(server.url)
    senders.start()
    try:
        senders.wait_for(ACKED_BEFORE_STOP)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)
    finally:
        senders.join()
    assert not senders.problems, senders.problems
    assert server.process.returncode == -signal.SIGKILL
    assert len(senders.acknowledged) >= ACKED_BEFORE_STOP
    assert senders.failed_requests >= 1  # the kill cut requests off mid-flight
    _check_after_restart(servers, senders)


def test_sigterm_under_load_drains_exits_0_and_keeps_every_acknowledged_statement(
    servers: Servers,
) -> None:
    server = servers.start()
    senders = Senders(server.url)
    senders.start()
    try:
        senders.wait_for(ACKED_BEFORE_STOP)
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=30)
    finally:
        senders.join()
    assert not senders.problems, senders.problems
    assert server.process.returncode == 0, server.log_tail()
    assert "Application shutdown complete" in server.log_tail()
    _check_after_restart(servers, senders)


def test_load_on_a_data_dir_a_server_holds_fails_plainly(servers: Servers, tmp_path: Path) -> None:
    server = servers.start()
    sent = statement()
    path = tmp_path / "events.ndjson"
    path.write_text(f'{{"id": "{sent["id"]}", "actor": {{"mbox": "mailto:a@example.com"}}}}\n')
    result = subprocess.run(
        [sys.executable, "-m", "aspects", "load", str(path), "--data-dir", str(servers.data_dir)],
        capture_output=True,
        text=True,
        env=_environment(),
        timeout=60,
    )
    assert result.returncode != 0
    said = " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert f"the data directory {servers.data_dir} is in use by another process" in said, said
    assert "Stop it, or send statements to its HTTP endpoint" in said, said
    # The server is undisturbed.
    assert httpx.get(f"{server.url}/readyz", timeout=5).status_code == 200
