"""Course-report benchmark: latency of every report and of the dashboard, server memory.

Run from the repository root on a data set built by ``benchmarks/dataset.py``:

    .venv/bin/python benchmarks/reports.py --data-dir /work/bench-10m [--repeat 20] \
        [--out docs/benchmarks.md]

It recreates the data set's views from the current models (``dataset.py --refresh-views``:
views are code and change in place before a release), creates a read-only API
token (all courses), starts a real ``aspects serve`` on the data
directory, takes the course with the most enrollees, runs every report once (the first, cold
figure), then ``--repeat`` rounds of every report in turn over HTTP (keep-alive, one
connection): median and p95 per report. The dashboard is timed as ``course.js`` loads it:
the course's groups and every card's report at once (the video-segments card waits for a
video to be picked), over six connections as a browser does per host; the course list
(``/api/v1/courses``, the home page's) is timed on its own. Server memory is the
peak (VmHWM) and current (VmRSS) resident size of the server process.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

from aspects.reports import REPORTS

TZ = "Europe/Paris"  # the page sends the browser's zone; not UTC, so conversions are paid
BROWSER_CONNECTIONS = 6  # Chromium and Firefox: six HTTP/1.1 connections per host
TARGETS = {"median_ms": 50.0, "p95_ms": 150.0, "dashboard_ms": 300.0, "rss_mb": 2048.0}


def free_port() -> int:
    """A free local TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def aspects(*args: str, data_dir: Path) -> str:
    """Run an ``aspects`` command on ``data_dir``; its stdout."""
    env = {**os.environ, "ASPECTS_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "aspects", *args], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"aspects {' '.join(args)}: {done.stderr}")
    return done.stdout


class Server:
    """``aspects serve`` on a data directory, its log in a temporary file."""

    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.mkstemp(prefix="aspects-serve-", suffix=".log")[1])
        env = {**os.environ, "ASPECTS_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "aspects", "serve", "--port", str(self.port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError("server did not become ready")

    def memory_mb(self) -> dict[str, float]:
        """Peak (VmHWM) and current (VmRSS) resident memory of the server, in MiB."""
        values = {}
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0]) / 1024
        return {"peak_mb": values["VmHWM"], "current_mb": values["VmRSS"]}

    def errors(self) -> list[str]:
        """Tracebacks and 5xx lines in the server log."""
        lines = self.log.read_text(errors="replace").splitlines()
        return [line for line in lines if "Traceback" in line or '" 5' in line]

    def stop(self) -> None:
        """SIGTERM, wait, remove the log (kept, and its tail shown, if the server had died)."""
        if self.proc.poll() is not None:
            tail = self.log.read_text(errors="replace")[-3000:]
            print(f"the server died ({self.proc.returncode}); log {self.log}:\n{tail}")
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.unlink(missing_ok=True)


def p95(values: Sequence[float]) -> float:
    """The 95th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ms(seconds: float) -> float:
    """Seconds as milliseconds."""
    return seconds * 1000


class Api:
    """GETs with a bearer token, timed to the last byte; non-200 answers are counted."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self.headers = {"Authorization": f"Bearer {token}"}
        self.client = httpx.Client(base_url=base, headers=self.headers, timeout=120)
        self.failures: list[str] = []

    def get(self, path: str, client: httpx.Client | None = None) -> tuple[float, httpx.Response]:
        """``path``'s response and its time to the last byte, in seconds."""
        started = time.perf_counter()
        response = (client or self.client).get(path)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            self.failures.append(f"{response.status_code} {path}: {response.text[:300]}")
        return elapsed, response

    def parallel(self, paths: Sequence[str], connections: int = BROWSER_CONNECTIONS) -> float:
        """Wall time of fetching every path over ``connections`` connections at once."""
        pending = list(reversed(paths))
        lock = threading.Lock()
        clients = [
            httpx.Client(base_url=self.base, headers=self.headers, timeout=120)
            for _ in range(min(connections, len(paths)))
        ]

        def worker(client: httpx.Client) -> None:
            while True:
                with lock:
                    if not pending:
                        return
                    path = pending.pop()
                self.get(path, client)

        threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        for client in clients:
            client.close()
        return wall


def report_path(course: str, name: str, params: dict[str, str], prefix: str = "") -> str:
    """``/api/v1/courses/{course}/{prefix}reports/{name}?…``, quoted as ``course.js`` does."""
    return f"/api/v1/courses/{quote(course, safe=':+')}/{prefix}reports/{name}?{urlencode(params)}"


def report_params(name: str, video: str) -> dict[str, str]:
    """What ``course.js`` sends for a report with the default period (the course run)."""
    params = {"tz": TZ}
    if name == "enrollment-over-time":
        params["grain"] = "day"
    if name == "video-segments":
        params.update(video=video, bucket="5")
    return params


def busiest_video(api: Api, course: str) -> str:
    """The course's video with the most viewers (video-watchers)."""
    _, response = api.get(report_path(course, "video-watchers", {"tz": TZ}))
    return str(max(response.json()["rows"], key=lambda r: r["viewers"])["video_id"])


def largest_course(api: Api) -> tuple[str, int]:
    """The course with the most enrollees, and that number."""
    _, response = api.get("/api/v1/courses")
    row = max(response.json()["rows"], key=lambda r: r["enrollees"])
    return str(row["course_key"]), int(row["enrollees"])


def time_each(api: Api, paths: dict[str, str], repeat: int) -> dict[str, dict[str, float]]:
    """Per name: the first (cold) time, then median and p95 of ``repeat`` rounds, in ms."""
    first, sizes = {}, {}
    for name, path in paths.items():
        elapsed, response = api.get(path)
        first[name], sizes[name] = ms(elapsed), len(response.content)
    samples: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(repeat):
        for name, path in paths.items():
            samples[name].append(ms(api.get(path)[0]))
    return {
        name: {
            "first_ms": first[name],
            "median_ms": statistics.median(values),
            "p95_ms": p95(values),
            "bytes": sizes[name],
        }
        for name, values in samples.items()
    }


def time_parallel(api: Api, paths: Sequence[str], repeat: int) -> dict[str, float]:
    """Median and p95 wall time of fetching ``paths`` at once, ``repeat`` times (ms)."""
    api.parallel(paths)  # warm
    walls = [ms(api.parallel(paths)) for _ in range(repeat)]
    return {"median_ms": statistics.median(walls), "p95_ms": p95(walls)}


def machine() -> str:
    """``host: N cores, M GiB, Python x.y.z``."""
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return (
        f"{platform.node()}: {os.cpu_count()} cores, {pages / 2**30:.0f} GiB memory, "
        f"Python {platform.python_version()}"
    )


def dataset_line(data_dir: Path) -> str:
    """One line about the data set, from ``benchmarks/dataset.py``'s marker file."""
    marker = data_dir / "bench-dataset.json"
    if not marker.exists():
        return f"Data set: `{data_dir}` (not built by benchmarks/dataset.py)."
    s = json.loads(marker.read_text())["summary"]
    return (
        f"Data set: `benchmarks/dataset.py` — {s['statements']:,} statements, "
        f"{s['courses']} courses, {s['users']:,} users; largest course {s['largest_course']}: "
        f"{s['largest_statements']:,} statements, {s['largest_learners']:,} learners."
    )


def write_section(path: Path, title: str, body: str) -> None:
    """Replace the ``## {title}`` section of ``path`` (to the next ``## ``), or append it."""
    lines = path.read_text().splitlines() if path.exists() else ["# Benchmarks"]
    heading = f"## {title}"
    if heading in lines:
        start = lines.index(heading)
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        lines[start:end] = [heading, "", *body.strip().splitlines(), ""]
    else:
        lines += ["", heading, "", *body.strip().splitlines()]
    path.write_text("\n".join(lines).rstrip() + "\n")


def code_line() -> str:
    """Which code was measured: the commit, and whether ``src/`` had uncommitted changes."""
    root = Path(__file__).resolve().parents[1]
    git = ["git", "-C", str(root)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain", "src"], capture_output=True, text=True)
    changes = " + uncommitted changes in src/" if dirty.stdout.strip() else ""
    return f"Code measured: commit {head.stdout.strip()}{changes}."


def load_line(results: dict) -> str:
    """The machine's load during the run: other work on the 2 cores makes figures noisy."""
    start, end = results["load"]
    return (
        f"{results['code']} Load average (1 min) when the timing started / ended: "
        f"{start:.1f} / {end:.1f}."
    )


def gap(value: float, target: float) -> str:
    """``ok`` or how far over ``target`` ``value`` is."""
    return "ok" if value <= target else f"**{value / target:.1f}× over**"


def with_server(
    data_dir: Path, token_args: Sequence[str], work: Callable[[Server, Api], dict]
) -> dict:
    """Refresh the views, create a token, start the server, run ``work``, stop, revoke."""
    refresh = [sys.executable, str(Path(__file__).with_name("dataset.py")), "--refresh-views"]
    subprocess.run([*refresh, "--data-dir", str(data_dir)], check=True, capture_output=True)
    name = f"bench-{os.getpid()}-{int(time.time())}"
    token = aspects("api-token", "create", "--name", name, *token_args, data_dir=data_dir)
    server = Server(data_dir)
    try:
        api = Api(server.url, token.strip())
        load, code = os.getloadavg()[0], code_line()
        results = work(server, api)
        results["code"] = code
        results["load"] = (load, os.getloadavg()[0])
        results["failures"] = api.failures
        results["server_errors"] = server.errors()
        return results
    finally:
        server.stop()
        aspects("api-token", "revoke", name, data_dir=data_dir)


def run(data_dir: Path, repeat: int) -> dict:
    """Every report of the largest course, one by one and as the dashboard loads them."""

    def work(server: Server, api: Api) -> dict:
        course, enrollees = largest_course(api)
        print(f"largest course {course}: {enrollees:,} enrollees", flush=True)
        video = busiest_video(api, course)
        names = sorted(REPORTS)
        paths = {n: report_path(course, n, report_params(n, video)) for n in names}
        loads = {"reports": os.getloadavg()[0]}
        reports = time_each(api, paths, repeat)
        for name, figures in reports.items():
            print(f"{name:24} " + "  ".join(f"{k} {v:,.1f}" for k, v in figures.items()))
        # course.js on load: the course's groups (the at-risk count) and every card's report
        # but video-segments (it waits for a video to be picked); the heading is rendered by
        # the server, so the course list is not fetched (session 5).
        groups = f"/api/v1/courses/{quote(course, safe=':+')}/groups?{urlencode({'tz': TZ})}"
        page = [groups]
        page += [p for n, p in paths.items() if n != "video-segments"]
        loads["groups"] = os.getloadavg()[0]
        listing = time_each(api, {"groups": groups}, repeat)["groups"]
        print("groups list:", listing, flush=True)
        courses = time_each(api, {"courses": "/api/v1/courses"}, repeat)["courses"]
        print("course list:", courses, flush=True)
        loads["dashboard"] = os.getloadavg()[0]
        dashboard = time_parallel(api, page, repeat)
        loads["all"] = os.getloadavg()[0]
        every = time_parallel(api, list(paths.values()), repeat)
        print("dashboard:", dashboard, "all reports:", every, flush=True)
        return {
            "course": course,
            "enrollees": enrollees,
            "video": video,
            "reports": reports,
            "dashboard": dashboard,
            "groups_list": listing,
            "course_list": courses,
            "loads": loads,
            "all_reports": every,
            "memory": server.memory_mb(),
        }

    return with_server(data_dir, ["--all-courses", "--operator"], work)


def render(results: dict, data_dir: Path, repeat: int) -> str:
    """The docs section: context, the table, the gap to each target."""
    reports, memory = results["reports"], results["memory"]
    rows = [
        f"| {name} | {r['first_ms']:,.0f} | {r['median_ms']:,.1f} | {r['p95_ms']:,.1f} | "
        f"{r['bytes'] / 1024:,.1f} | {gap(r['median_ms'], TARGETS['median_ms'])} / "
        f"{gap(r['p95_ms'], TARGETS['p95_ms'])} |"
        for name, r in sorted(reports.items(), key=lambda kv: -kv[1]["median_ms"])
    ]
    over = [n for n, r in reports.items() if r["median_ms"] > TARGETS["median_ms"]]
    over_p95 = [n for n, r in reports.items() if r["p95_ms"] > TARGETS["p95_ms"]]
    d, a, g = results["dashboard"], results["all_reports"], results["groups_list"]
    c = results["course_list"]
    loads = results["loads"]
    total = sum(r["median_ms"] for r in reports.values())
    failures = len(results["failures"]) + len(results["server_errors"])
    return f"""
Run on {datetime.now(UTC):%Y-%m-%d} — {machine()}; command:
`.venv/bin/python benchmarks/reports.py --data-dir {data_dir} --repeat {repeat} --out docs/benchmarks.md`.
{dataset_line(data_dir)}
Course measured: `{results["course"]}` ({results["enrollees"]:,} enrollees, the most); a real
`aspects serve` subprocess, requests over HTTP with a read-only API token, time zone {TZ},
default period (the course run); video-segments on its most-watched video. The client shares
the 2 cores with the server. "first" is each report's first request after start-up; median and
p95 are over {repeat} rounds of every report in turn on one keep-alive connection.
{load_line(results)}

| report | first ms | median ms | p95 ms | JSON KiB | vs 50 ms / 150 ms |
|---|---:|---:|---:|---:|---|
{chr(10).join(rows)}

| whole course | median | p95 | target | load at start |
|---|---:|---:|---|---:|
| dashboard load (`course.js`: groups list + {len(reports) - 1} cards at once, 6 connections) | {d["median_ms"]:,.0f} ms | {d["p95_ms"]:,.0f} ms | ≤ 300 ms: {gap(d["median_ms"], 300)} | {loads["dashboard"]:.1f} |
| all {len(reports)} reports at once (a video picked), 6 connections | {a["median_ms"]:,.0f} ms | {a["p95_ms"]:,.0f} ms | ≤ 300 ms: {gap(a["median_ms"], 300)} | {loads["all"]:.1f} |
| all {len(reports)} reports one after another (sum of medians) | {total:,.0f} ms | — | — | {loads["reports"]:.1f} |
| the groups list alone (`/groups`, at-risk count; part of the dashboard load) | {g["median_ms"]:,.0f} ms | {g["p95_ms"]:,.0f} ms | ≤ 100 ms: {gap(g["median_ms"], 100)} | {loads["groups"]:.1f} |
| the course list alone (`/api/v1/courses`, the home page's; not part of it) | {c["median_ms"]:,.0f} ms | {c["p95_ms"]:,.0f} ms | — | {loads["groups"]:.1f} |

Server memory after the run: peak RSS (VmHWM) **{memory["peak_mb"]:,.0f} MiB**, current
{memory["current_mb"]:,.0f} MiB; target ≤ 2 GB: {gap(memory["peak_mb"], TARGETS["rss_mb"])}.
Non-200 answers and server errors: {failures}.

Gap to the targets (issue 4): {len(over)} of {len(reports)} reports have a median over 50 ms
({", ".join(sorted(over)) or "none"}); {len(over_p95)} a p95 over 150 ms
({", ".join(sorted(over_p95)) or "none"}). The dashboard loads in
{d["median_ms"] / 300:.1f}× the 300 ms target.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    data_dir = args.data_dir.resolve()
    results = run(data_dir, args.repeat)
    for line in results["failures"] + results["server_errors"]:
        print("error:", line)
    if args.out:
        text = render(results, data_dir, args.repeat)
        write_section(args.out, "Course reports (`benchmarks/reports.py`)", text)


if __name__ == "__main__":
    main()
