"""Learner-group benchmark: the at-risk group, one learner's page, a 10,000-learner CSV.

Run from the repository root on a data set built by ``benchmarks/dataset.py``:

    .venv/bin/python benchmarks/groups.py --data-dir /work/bench-10m [--repeat 10] \
        [--out docs/benchmarks.md]

On the course with the most enrollees, over HTTP against a real ``aspects serve``, with a
read-only API token that may see PII (course staff): the at-risk group's list entry, first page
of learners, summary and every course report restricted to the group, one by one (median, p95)
and all at once over six connections (as a browser would load a group view); the learner page
of the learner with the most statements; the CSV export of a group of at least 10,000 learners,
timed to the last byte. API tokens are read-only, so when the at-risk group is smaller than
that, a custom group is saved the way the dashboard saves one: a local account signs in
(``/login`` form with its CSRF token), then POSTs the group with ``X-CSRF-Token``; the group and
the account are removed afterwards.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

from aspects.reports import REPORTS
from reports import (
    TZ,
    Api,
    Server,
    aspects,
    dataset_line,
    gap,
    load_line,
    machine,
    ms,
    p95,
    report_params,
    time_each,
    with_server,
    write_section,
)

CSV_LEARNERS = 10_000
ACCOUNT = "bench-groups"
# Custom groups tried in turn until one has enough learners (--csv-learners).
CANDIDATES = ({"track": "audit"}, {"current": True}, {})
TARGETS = {"group_ms": 500.0, "learner_ms": 200.0, "csv_ms": 1000.0}
# What the group page loads at once (web/static/group.js refresh(), templates/group.html):
# the groups list, learners page 1 (25 a page), contact, summary, and these report cards.
PAGE_REPORTS = (
    "engagement-pages",
    "engagement-videos",
    "engagement-problems",
    "video-watchers",
    "grades-summary",
    "assignment-performance",
    "problem-performance",
)


def on_page(name: str) -> bool:
    """Whether the request named ``name`` is one the group page makes."""
    return (
        not name.startswith("at-risk ")
        or name.removeprefix("at-risk ") not in REPORTS
        or (name.removeprefix("at-risk ") in PAGE_REPORTS)
    )


_BUSIEST = """
from aspects.settings import load_settings
from aspects.store import open_store
store = open_store(load_settings())
course = store.query(
    "select course_key from xapi_events_all "
    "where verb_id = 'http://adlnet.gov/expapi/verbs/registered' "
    "group by course_key order by uniqExact(actor_id) desc limit 1")[0][0]
actor, n = store.query(
    "select actor_id, count() from xapi_events_all where course_key = {c:String} "
    "group by actor_id order by count() desc limit 1", {"c": course})[0]
print(course, actor, n)
"""


def busiest_learner(data_dir: Path) -> tuple[str, str, int]:
    """(course with the most learners, its learner with the most statements, their count).

    Read in a subprocess before the server starts: only one process may open the store.
    """
    env = {**os.environ, "ASPECTS_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", _BUSIEST], env=env, capture_output=True, text=True, check=True
    )
    course, actor, count = done.stdout.split()
    return course, actor, int(count)


def instant() -> str:
    """Now as ``group.js`` sends it (``new Date().toISOString()``)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def group_paths(course: str, video: str, as_of: str, group: str = "at-risk") -> dict[str, str]:
    """One drawing of the group page at ``as_of``, by name, plus its reports not on the page.

    ``group.js`` sends the drawing's ``as_of`` in each request (the server computes the roster
    of that instant once); the groups list, learners (page 1, 25 a page), contact, summary
    (grain week) and the report cards, each with ``tz`` and ``as_of`` only.
    """
    base = f"groups/{group}"
    q = {"tz": TZ, "as_of": as_of}
    first_page = urlencode({**q, "page": 1, "page_size": 25})
    paths = {
        "groups list (with sizes)": f"groups?{urlencode(q)}",
        "at-risk learners, page 1 of 25": f"{base}/learners?{first_page}",
        "at-risk contact (e-mails)": f"{base}/contact?{urlencode(q)}",
        "at-risk summary": f"{base}/summary?{urlencode({**q, 'grain': 'week'})}",
    }
    for name in sorted(REPORTS):
        params = q if name in PAGE_REPORTS else {**report_params(name, video), "as_of": as_of}
        paths[f"at-risk {name}"] = f"{base}/reports/{name}?{urlencode(params)}"
    return {name: course_path(course, path) for name, path in paths.items()}


def on_page_only(paths: dict[str, str]) -> list[str]:
    """The requests of a drawing that the group page makes."""
    return [path for name, path in paths.items() if on_page(name)]


def time_drawings(
    api: Api, drawing: Callable[[], dict[str, str]], repeat: int
) -> dict[str, dict[str, float]]:
    """Every request of a drawing in turn, a new drawing (instant) each round, in ms.

    The first drawing is the cold one ("first"); median and p95 over ``repeat`` more. In each
    drawing the first request computes the roster of its instant and the others reuse it.
    """
    first = {name: api.get(path) for name, path in drawing().items()}
    samples: dict[str, list[float]] = {name: [] for name in first}
    for _ in range(repeat):
        for name, path in drawing().items():
            samples[name].append(ms(api.get(path)[0]))
    return {
        name: {
            "first_ms": ms(first[name][0]),
            "median_ms": statistics.median(values),
            "p95_ms": p95(values),
            "bytes": len(first[name][1].content),
        }
        for name, values in samples.items()
    }


def course_path(course: str, rest: str) -> str:
    """``/api/v1/courses/{course}/{rest}``."""
    return f"/api/v1/courses/{quote(course, safe=':+')}/{rest}"


@contextmanager
def signed_in(base: str, password: str) -> Iterator[httpx.Client]:
    """A client signed in as the benchmark's local account, ``X-CSRF-Token`` set."""
    client = httpx.Client(base_url=base, timeout=600)
    form = client.get("/login").text
    match = re.search(r'name="csrf_token" value="([^"]+)"', form)
    if match is None:
        raise RuntimeError("no CSRF token in the sign-in form")
    response = client.post(
        "/login",
        data={"username": ACCOUNT, "password": password, "csrf_token": match[1], "next": "/"},
    )
    if response.status_code != 303:
        raise RuntimeError(f"sign-in failed: {response.status_code} {response.text[:200]}")
    client.headers["X-CSRF-Token"] = client.get("/api/v1/me").json()["csrf_token"]
    try:
        yield client
    finally:
        client.close()


def time_csv(api: Api, make_path: Callable[[], str], repeat: int) -> dict[str, float]:
    """First and last byte of a streamed CSV (median of ``repeat``), its records and bytes."""
    firsts, lasts, body = [], [], b""
    for _ in range(repeat + 1):  # the first run warms up
        path = make_path()
        chunks = []
        started = time.perf_counter()
        first = None
        with api.client.stream("GET", path) as response:
            if response.status_code != 200:
                api.failures.append(f"{response.status_code} {path}")
            for chunk in response.iter_bytes():
                first = first or time.perf_counter()
                chunks.append(chunk)
        lasts.append(ms(time.perf_counter() - started))
        firsts.append(ms((first or time.perf_counter()) - started))
        body = b"".join(chunks)
    records = list(csv.reader(io.StringIO(body.decode())))
    return {
        "first_byte_ms": statistics.median(firsts[1:]),
        "median_ms": statistics.median(lasts[1:]),
        "p95_ms": p95(lasts[1:]),
        "rows": len(records) - 1,
        "bytes": len(body),
    }


def csv_group(
    api: Api, course: str, at_risk: int, password: str, least: int
) -> tuple[str, str, int]:
    """A group with ≥ ``least`` learners: (id, how it was made, size)."""
    if at_risk >= least:
        return "at-risk", "the at-risk group", at_risk
    with signed_in(api.base, password) as client:
        for filters in CANDIDATES:
            body = {"name": f"benchmark {filters}", "filters": filters}
            created = client.post(course_path(course, "groups"), json=body)
            if created.status_code != 201:
                raise RuntimeError(f"saving a group: {created.status_code} {created.text}")
            group = created.json()["id"]
            size = api.get(course_path(course, f"groups/{group}?tz={TZ}"))[1].json()["size"]
            if size >= least:
                return group, f"a custom group {filters} saved by a signed-in session", size
            client.delete(course_path(course, f"groups/{group}"))
    raise RuntimeError(f"no candidate group has {least} learners in {course}")


def run(data_dir: Path, repeat: int, least: int = CSV_LEARNERS) -> dict:
    """Every group figure on the course with the most learners."""
    course, actor, statements = busiest_learner(data_dir)
    print(f"course {course}; busiest learner {actor} ({statements:,} statements)", flush=True)
    password = secrets.token_urlsafe(16)
    aspects("user", "add", "--username", ACCOUNT, "--password", password, "--operator",
            data_dir=data_dir)  # fmt: skip

    def work(server: Server, api: Api) -> dict:
        groups = api.get(course_path(course, f"groups?tz={TZ}"))[1].json()["groups"]
        at_risk = next(g["size"] for g in groups if g["id"] == "at-risk")
        print(f"at-risk learners: {at_risk:,}", flush=True)
        watchers = api.get(course_path(course, f"reports/video-watchers?tz={TZ}"))[1].json()
        video = max(watchers["rows"], key=lambda r: r["viewers"])["video_id"]

        def drawing() -> dict[str, str]:
            return group_paths(course, video, instant())

        loads = {"requests": os.getloadavg()[0]}
        each = time_drawings(api, drawing, repeat)
        for name, figures in each.items():
            print(f"{name:40} " + "  ".join(f"{k} {v:,.1f}" for k, v in figures.items()))
        loads["page"] = os.getloadavg()[0]
        page = [ms(api.parallel(on_page_only(drawing()))) for _ in range(repeat + 1)]
        together = {"median_ms": statistics.median(page[1:]), "p95_ms": p95(page[1:])}
        print("group page at once:", together, flush=True)
        loads["learner"] = os.getloadavg()[0]
        learner = time_each(
            api, {"learner": course_path(course, f"learners/{actor}?tz={TZ}")}, repeat
        )["learner"]
        print("learner page:", learner, flush=True)
        group_id, made, size = csv_group(api, course, at_risk, password, least)

        def csv_path(as_of: str) -> str:
            query = urlencode({"tz": TZ, "as_of": as_of})
            return course_path(course, f"groups/{group_id}/learners.csv?{query}")

        def drawn_then_csv() -> str:
            as_of = instant()  # the page is drawn first (not timed); its CSV link has its as_of
            api.parallel(on_page_only(group_paths(course, video, as_of, group_id)))
            return csv_path(as_of)

        loads["csv"] = os.getloadavg()[0]
        csv = time_csv(api, lambda: csv_path(instant()), 5)
        print(f"CSV of {size:,} learners ({made}), a new instant:", csv, flush=True)
        csv_page = time_csv(api, drawn_then_csv, 5)
        print("the same from the page's CSV link:", csv_page, flush=True)
        if group_id != "at-risk":
            with signed_in(api.base, password) as client:
                client.delete(course_path(course, f"groups/{group_id}"))
        return {
            "course": course,
            "actor": actor,
            "actor_statements": statements,
            "at_risk": at_risk,
            "each": each,
            "together": together,
            "learner": learner,
            "loads": loads,
            "csv": {**csv, "group": made, "size": size},
            "csv_page": csv_page,
            "memory": server.memory_mb(),
        }

    try:
        return with_server(data_dir, ["--all-courses", "--pii"], work)
    finally:
        aspects("user", "remove", ACCOUNT, data_dir=data_dir)


def render(results: dict, data_dir: Path, repeat: int) -> str:
    """The docs section: context, the tables, the gap to each target."""
    each, together, learner, csv = (results[k] for k in ("each", "together", "learner", "csv"))
    csv_page = results["csv_page"]
    rows = [
        f"| {name} | {'yes' if on_page(name) else ''} | {r['first_ms']:,.0f} | "
        f"{r['median_ms']:,.1f} | {r['p95_ms']:,.1f} | {r['bytes'] / 1024:,.1f} |"
        for name, r in each.items()
    ]
    page = {name: r for name, r in each.items() if on_page(name)}
    total = sum(r["median_ms"] for r in page.values())
    everything = sum(r["median_ms"] for r in each.values())
    slowest = max(each.items(), key=lambda kv: kv[1]["median_ms"])
    memory, loads = results["memory"], results["loads"]
    failures = len(results["failures"]) + len(results["server_errors"])
    return f"""
Run on {datetime.now(UTC):%Y-%m-%d} — {machine()}; command:
`.venv/bin/python benchmarks/groups.py --data-dir {data_dir} --repeat {repeat} --out docs/benchmarks.md`.
{dataset_line(data_dir)}
Course: `{results["course"]}`, {results["at_risk"]:,} learners at risk. A real `aspects serve`
subprocess, over HTTP with a read-only API token allowed to see PII, time zone {TZ}. Median and
p95 over {repeat} page drawings: each drawing has its own instant (`as_of`), sent in every
request as `group.js` does, so its first request (the groups list) computes the roster of that
instant and the others reuse it (`aspects.groups.roster` keeps a few); "first" is the first
drawing after start-up.
{load_line(results)}

| request | on the group page | first ms | median ms | p95 ms | KiB |
|---|---|---:|---:|---:|---:|
{chr(10).join(rows)}

| figure | median | p95 | target | load at start |
|---|---:|---:|---|---:|
| at-risk group page: its {len(page)} requests at once, 6 connections (as `group.js` loads them) | {together["median_ms"]:,.0f} ms | {together["p95_ms"]:,.0f} ms | ≤ 500 ms: {gap(together["median_ms"], TARGETS["group_ms"])} | {loads["page"]:.1f} |
| the same {len(page)} requests one after another (sum of medians) | {total:,.0f} ms | — | ≤ 500 ms: {gap(total, TARGETS["group_ms"])} | {loads["requests"]:.1f} |
| all {len(each)} requests above one after another (every report on the group) | {everything:,.0f} ms | — | — | {loads["requests"]:.1f} |
| one learner's page (`/learners/{{id}}`, the learner with the most statements: {results["actor_statements"]:,}) | {learner["median_ms"]:,.0f} ms | {learner["p95_ms"]:,.0f} ms | ≤ 200 ms: {gap(learner["median_ms"], TARGETS["learner_ms"])} | {loads["learner"]:.1f} |
| CSV of {csv["rows"]:,} learners with PII at a new instant (nothing cached), to the last byte (first byte {csv["first_byte_ms"]:,.0f} ms; {csv["bytes"] / 2**20:,.1f} MiB) | {csv["median_ms"]:,.0f} ms | {csv["p95_ms"]:,.0f} ms | ≤ 1 s: {gap(csv["median_ms"], TARGETS["csv_ms"])} | {loads["csv"]:.1f} |
| the same CSV from the group page's link (the page's instant, drawn just before; first byte {csv_page["first_byte_ms"]:,.0f} ms) | {csv_page["median_ms"]:,.0f} ms | {csv_page["p95_ms"]:,.0f} ms | ≤ 1 s: {gap(csv_page["median_ms"], TARGETS["csv_ms"])} | {loads["csv"]:.1f} |

The CSV group is {csv["group"]} ({csv["size"]:,} learners when listed; the at-risk group grows
as "now" advances); CSV figures are over 5 downloads after one warm-up. "load at start" is
the 1-minute load average when that figure's timing began (other work on the 2 cores).
The learner page sends no `as_of` (`learner.js`), so it is always computed afresh. Server memory after the run: peak RSS {memory["peak_mb"]:,.0f} MiB, current
{memory["current_mb"]:,.0f} MiB. Non-200 answers and server errors: {failures}.

Gap to the targets (issue 5): the group page takes {together["median_ms"] / 500:.1f}× the
500 ms target at once ({total / 500:.1f}× one after another; slowest request
"{slowest[0]}", {slowest[1]["median_ms"]:,.0f} ms); the learner page
{learner["median_ms"] / 200:.1f}× its 200 ms; the CSV {csv["median_ms"] / 1000:.1f}× its 1 s at a
new instant, {csv_page["median_ms"] / 1000:.1f}× from the page's link.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--csv-learners", type=int, default=CSV_LEARNERS)
    args = parser.parse_args()
    data_dir = args.data_dir.resolve()
    results = run(data_dir, args.repeat, args.csv_learners)
    for line in results["failures"] + results["server_errors"]:
        print("error:", line)
    if args.out:
        text = render(results, data_dir, args.repeat)
        write_section(args.out, "Learner groups (`benchmarks/groups.py`)", text)


if __name__ == "__main__":
    main()
