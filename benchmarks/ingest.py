"""Ingest benchmark: HTTP POST throughput and latency, file loads, and bytes on disk.

Run from the repository root (with ../shared beside it):

    .venv/bin/python benchmarks/ingest.py [--statements 200000] [--out docs/benchmarks.md]

It starts a real `aspects serve` subprocess on a fresh data directory, sends ERB-shaped
statements (the ERB corpus as templates, fresh ids, a pool of learners) from concurrent
senders, then stops it and runs `aspects load` on an NDJSON file, and reads the bytes on disk
per statement from system.parts. Figures are medians of the per-request latencies of one run.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "erb-xapi"
USER, PASSWORD = "bench", "bench-password"


def templates() -> list[dict]:
    out = []
    for path in sorted(CORPUS.glob("*.json")):
        data = json.loads(path.read_text())
        out += data if isinstance(data, list) else [data]
    return out


def make_statements(n: int, seed: int = 7) -> list[bytes]:
    """n ERB-shaped statements: corpus templates, fresh ids, 2,000 learners, spread in time."""
    rng = random.Random(seed)
    base = templates()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    learners = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(2000)]
    out = []
    for i in range(n):
        s = copy.deepcopy(base[i % len(base)])
        s["id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        s["actor"]["account"]["name"] = rng.choice(learners)
        s["timestamp"] = (start + timedelta(seconds=i * 3)).isoformat()
        out.append(json.dumps(s, separators=(",", ":")).encode())
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def aspects(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aspects", *args], env=env, capture_output=True, text=True
    )


class Server:
    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aspects",
                "serve",
                "--port",
                str(self.port),
                "--data-dir",
                str(data_dir),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("server did not become ready")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)


def post_run(url: str, statements: list[bytes], senders: int, batch: int) -> dict:
    bodies = [
        b"[" + b",".join(statements[i : i + batch]) + b"]" for i in range(0, len(statements), batch)
    ]
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    next_body = iter(range(len(bodies)))

    def sender() -> None:
        with httpx.Client(auth=(USER, PASSWORD), timeout=60) as client:
            while True:
                with lock:
                    index = next(next_body, None)
                if index is None:
                    return
                started = time.perf_counter()
                response = client.post(
                    f"{url}/xAPI/statements",
                    content=bodies[index],
                    headers={"Content-Type": "application/json"},
                )
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if response.status_code != 200:
                        errors.append(response.status_code)

    threads = [threading.Thread(target=sender) for _ in range(senders)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "statements": len(statements),
        "senders": senders,
        "batch": batch,
        "seconds": wall,
        "per_second": len(statements) / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "errors": len(errors),
    }


def disk_usage(data_dir: Path, env: dict[str, str]) -> dict:
    code = (
        "from aspects.settings import load_settings\n"
        "from aspects.store import open_store\n"
        f"s = open_store(load_settings(data_dir={str(data_dir)!r}))\n"
        "n = s.query('select count() from xapi_events_all')[0][0]\n"
        "s.execute('optimize table xapi_events_all final')\n"
        'b = s.query("select sum(bytes_on_disk) from system.parts where active and '
        'database = currentDatabase()")[0][0]\n'
        "print(n, b)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    rows, size = (int(x) for x in out.stdout.split())
    total = sum(f.stat().st_size for f in (data_dir / "store").rglob("*") if f.is_file())
    return {
        "rows": rows,
        "bytes_per_statement": size / rows,
        "dir_bytes_per_statement": total / rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statements", type=int, default=200_000)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    work = Path(tempfile.mkdtemp(prefix="aspects-bench-"))
    results: dict[str, dict] = {}
    try:
        data_dir = work / "data"
        aspects(
            "lrs-user",
            "add",
            "--username",
            USER,
            "--password",
            PASSWORD,
            "--data-dir",
            str(data_dir),
            env=env,
        )
        n = args.statements
        print(f"generating {3 * n} statements…", flush=True)
        statements = make_statements(3 * n)
        server = Server(data_dir, env)
        try:
            results["http_8x100"] = post_run(server.url, statements[:n], senders=8, batch=100)
            print("8 x 100:", results["http_8x100"], flush=True)
            results["http_4x1000"] = post_run(
                server.url, statements[n : 2 * n], senders=4, batch=1000
            )
            print("4 x 1000:", results["http_4x1000"], flush=True)
        finally:
            server.stop()
        ndjson = work / "statements.ndjson"
        ndjson.write_bytes(b"\n".join(statements[2 * n :]) + b"\n")
        started = time.perf_counter()
        load = aspects("load", str(ndjson), "--data-dir", str(data_dir), env=env)
        wall = time.perf_counter() - started
        if load.returncode != 0:
            raise RuntimeError(load.stderr)
        results["load_file"] = {"statements": n, "seconds": wall, "per_second": n / wall}
        print("load:", results["load_file"], flush=True)
        results["disk"] = disk_usage(data_dir, env)
        print("disk:", results["disk"], flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.out:
        write_report(args.out, results, args.statements)


def write_report(path: Path, results: dict, n: int) -> None:
    h1, h2, load, disk = (results[k] for k in ("http_8x100", "http_4x1000", "load_file", "disk"))
    machine = f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}"
    text = f"""# Benchmarks

## Ingest (`benchmarks/ingest.py`)

Run on {datetime.now(UTC):%Y-%m-%d} — {machine}; command:
`.venv/bin/python benchmarks/ingest.py --statements {n} --out docs/benchmarks.md`.
Sender threads run on the same 2 cores as the server, so HTTP figures include the senders' cost.

| scenario | statements | statements/s | p50 POST | p99 POST | target |
|---|---:|---:|---:|---:|---|
| HTTP, 8 senders × batches of 100 | {h1["statements"]:,} | {h1["per_second"]:,.0f} | {h1["p50_ms"]:.1f} ms | {h1["p99_ms"]:.1f} ms | ≥ 20,000/s |
| HTTP, 4 senders × batches of 1,000 | {h2["statements"]:,} | {h2["per_second"]:,.0f} | {h2["p50_ms"]:.1f} ms | {h2["p99_ms"]:.1f} ms | ≥ 50,000/s |
| `aspects load` of an NDJSON file | {load["statements"]:,} | {load["per_second"]:,.0f} | — | — | ≥ 50,000/s |

Errors (non-200): {h1["errors"]} and {h2["errors"]}.

Bytes on disk per statement, all tables, after `optimize … final`: **{disk["bytes_per_statement"]:.0f}**
(whole store directory, including metadata and logs: {disk["dir_bytes_per_statement"]:.0f});
target ≤ 150. {disk["rows"]:,} statements.
"""
    path.write_text(text)


if __name__ == "__main__":
    main()
