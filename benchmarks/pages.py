"""Course dashboard in headless Chromium: time to the first chart and to every chart drawn.

Issue 6: "time to first chart and to all charts drawn for the course dashboard on the
10M-statement data set in headless Chromium. Target ≤ 1 s all charts drawn."

    .venv/bin/python benchmarks/pages.py --data-dir /work/bench-10m --out docs/benchmarks.md

A real ``aspects serve`` on the data set (benchmarks/dataset.py), a local dashboard account
made for the run (pages take sessions, not API tokens), Debian's chromium driven by Playwright.
Each run opens the largest course's dashboard in a fresh page (browser cache kept, as for a
returning author): times are from navigation start, read in the page — the first chart
in the DOM, and the dashboard's ``data-state`` turning ``ready`` (every report fetched and
drawn, course.js).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import time
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

from reports import Server, aspects, dataset_line, gap, machine, p95, write_section

CHROMIUM = "/usr/bin/chromium"
TARGET_ALL_MS = 1000.0
TZ = "Europe/Paris"

# Record, in page time, when the first chart appears and when the dashboard is ready.
WATCH = """
(() => {
  const marks = (window.__bench = {});
  new MutationObserver(() => {
    if (!marks.first && document.querySelector('.chart svg.chart-svg')) {
      marks.first = performance.now();
    }
    const root = document.querySelector('[data-state]');
    if (!marks.ready && root && root.dataset.state === 'ready') marks.ready = performance.now();
    if (!marks.error && root && root.dataset.state === 'error') marks.error = performance.now();
  }).observe(document, {subtree: true, childList: true, attributes: true});
})();
"""


def largest_course(page, base: str) -> str:
    """The course with the most enrollees, as the courses API lists them."""
    rows = page.request.get(f"{base}/api/v1/courses").json()["rows"]
    return max(rows, key=lambda r: r["enrollees"] or 0)["course_key"]


def sign_in(page, base: str, username: str, password: str) -> None:
    """Through the real login form."""
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/login" in page.url:
        raise RuntimeError(f"sign-in as {username} failed: {page.inner_text('body')[:200]}")


def one_load(context, url: str) -> dict[str, float]:
    """Open the dashboard in a new page; page-time marks and request count."""
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_function("() => window.__bench.ready || window.__bench.error", timeout=120_000)
    marks = page.evaluate("() => window.__bench")
    page.close()
    if marks.get("error"):
        raise RuntimeError(f"the dashboard reported an error loading {url}")
    return {
        "first_ms": marks["first"],
        "ready_ms": marks["ready"],
        "requests": float(sum("/api/v1/" in u for u in requests)),
    }


def run(data_dir: Path, repeat: int) -> dict:
    """Start the server, sign in, load the dashboard ``repeat`` times (after one warm-up)."""
    username = f"bench-{os.getpid()}"
    password = secrets.token_urlsafe(12)
    aspects(
        "user",
        "add",
        "--username",
        username,
        "--password",
        password,
        "--operator",
        data_dir=data_dir,
    )
    server = Server(data_dir)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id=TZ)
            context.add_init_script(WATCH)
            page = context.new_page()
            sign_in(page, server.url, username, password)
            course = largest_course(page, server.url)
            page.close()
            url = f"{server.url}/courses/{quote(course, safe='')}/"
            print(f"course {course}", flush=True)
            one_load(context, url)  # warm-up: server caches, browser cache of the assets
            loads = []
            for i in range(repeat):
                started = time.perf_counter()
                loads.append(one_load(context, url))
                print(
                    f"load {i + 1}: first chart {loads[-1]['first_ms']:.0f} ms, all "
                    f"{loads[-1]['ready_ms']:.0f} ms ({time.perf_counter() - started:.1f} s)",
                    flush=True,
                )
            browser.close()
        memory = server.memory_mb()
        errors = server.errors()
    finally:
        server.stop()
        aspects("user", "remove", username, data_dir=data_dir)
    first = [x["first_ms"] for x in loads]
    ready = [x["ready_ms"] for x in loads]
    return {
        "course": course,
        "first_median": statistics.median(first),
        "first_p95": p95(first),
        "ready_median": statistics.median(ready),
        "ready_p95": p95(ready),
        "requests": loads[0]["requests"],
        "memory": memory,
        "errors": errors,
    }


def render(r: dict, data_dir: Path, repeat: int) -> str:
    """The docs/benchmarks.md section."""
    today = time.strftime("%Y-%m-%d")
    return f"""
Run on {today} — {machine()}, Debian chromium headless, 1280×900, zone {TZ}; command:
`.venv/bin/python benchmarks/pages.py --data-dir {data_dir} --repeat {repeat}`.
{dataset_line(data_dir)}
Course dashboard of the largest course ({r["course"]}), {r["requests"]:.0f} report requests;
times from navigation start, {repeat} loads after one warm-up.

| measure | median | p95 | target |
|---|---:|---:|---|
| first chart drawn | {r["first_median"]:,.0f} ms | {r["first_p95"]:,.0f} ms | — |
| all charts drawn | {r["ready_median"]:,.0f} ms | {r["ready_p95"]:,.0f} ms | ≤ {TARGET_ALL_MS:,.0f} ms: {gap(r["ready_median"], TARGET_ALL_MS)} |

Server memory after the loads: peak {r["memory"]["peak_mb"]:,.0f} MiB, now
{r["memory"]["current_mb"]:,.0f} MiB. Server errors: {len(r["errors"])}.
The page waits on its slowest report: see the course-reports table for which ones.
"""


def main() -> None:
    """Parse arguments, run, print and optionally record."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, help="write the results into this markdown file")
    args = parser.parse_args()
    results = run(args.data_dir, args.repeat)
    body = render(results, args.data_dir, args.repeat)
    print(body)
    if args.out:
        write_section(args.out, "Course dashboard in Chromium (`benchmarks/pages.py`)", body)


if __name__ == "__main__":
    main()
