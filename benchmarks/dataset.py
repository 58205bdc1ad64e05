"""Benchmark data set: ~10M demo-like statements over 50 courses with their LMS rows, built once.

Run from the repository root:

    .venv/bin/python benchmarks/dataset.py --data-dir /work/bench-10m \
        [--statements 10000000] [--courses 50]

Pushing 10M statements through Python ingest (~12k/s here) would take 15 min or more, so it
builds a *seed* deployment through the real ingest path (``aspects.demo.build.build_demo``: six
course structures, a few thousand learners) in a side database, then multiplies it inside the
store with ``INSERT … SELECT``:

* every target course is a copy of one seed course under a new key (``course_key``, ``org``,
  ``object_id``, ``block_key`` and the JSON ``event`` rewritten), with its own structure,
  overview and enrollments;
* its learners are *copies* of the seed course's learners: copy ``k`` of a learner has a new
  anonymous id, user id, username and e-mail (copy 0 keeps the seed's), in the statements and
  in ``external_id`` / ``user_profile``; courses cloned from one seed course use disjoint copies,
  so a copy that took two seed courses is one learner in two target courses;
* each learner copy keeps a time prefix of its statements (a learner who dropped out), the
  fraction drawn per learner, so the largest course has tens of thousands of learners at ~2M
  statements; enrollment statements are always kept, so they match ``course_enrollment``;
* new statement ids are UUIDs hashed from the seed id, the copy and the course.

Course sizes follow a power law: the largest holds ``--largest-share`` (20 %) of the
statements. The copies' ``digest`` is a hash of the seed digest, not the ingest digest of the
rewritten body: resending a copied body would be a conflict, which no benchmark does.
A marker file (``bench-dataset.json``) records the parameters; a rerun with the same ones does
nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from aspects.demo.build import build_demo
from aspects.demo.catalog import ORGS
from aspects.ingest import tune_gc
from aspects.ingest.facts import LearnerFacts
from aspects.reports import REPORTS
from aspects.reports.query import ReportQuery
from aspects.reports.run import Limits, run_report
from aspects.settings import load_settings
from aspects.store import Store, open_store
from aspects.store.migrations import discover
from aspects.store.views import VIEWS, apply_views
from reports import machine, write_section

MARKER = "bench-dataset.json"
SECTION = "Benchmark data set (`benchmarks/dataset.py`)"
SEED_DB = "bench_seed"
SQL_DIR = Path(__file__).with_name("dataset_sql")  # one file per statement (STYLE.md 5)
USER_OFFSET = 1_000_000  # copy k of seed user u is user u + k * USER_OFFSET
console = Console()


def uuid_of(text: str) -> str:
    """SQL: a version-5-shaped UUID string hashed (MD5) from the SQL string expression ``text``."""
    u = f"UUIDNumToString(MD5({text}))"
    return f"concat(substring({u}, 1, 14), '5', substring({u}, 16, 4), 'a', substring({u}, 21))"


# Macros of the dataset_sql/ files ($NAME), expanded by sql(); {name:Type} are bound parameters.
MACROS = {
    "$SEED": SEED_DB,
    # Copy `copy` of a learner: copy 0 is the seed's learner, others get new ids.
    "$NEW_ACTOR": "if(copy = 0, actor_id, "
    + uuid_of("concat(actor_id, '/', toString(copy))")
    + ")",
    "$NEW_EXTERNAL_ID": "if(copy = 0, toString(external_user_id), "
    + uuid_of("concat(toString(external_user_id), '/', toString(copy))")
    + ")",
    "$NEW_EVENT_ID": uuid_of(
        "concat(toString(event_id), '/', toString(copy), '/', toString({t:UInt32}))"
    ),
    "$NEW_VOIDED_ID": uuid_of(
        "concat(toString(voided_id), '/', toString(copy), '/', toString({t:UInt32}))"
    ),
    "$NEW_COURSE_DUMP": uuid_of("concat(toString(dump_id), '/', toString({t:UInt32}))"),
    "$NEW_ENROLLMENT_DUMP": uuid_of(
        "concat(toString(dump_id), '/', toString(copy), '/', toString({t:UInt32}))"
    ),
    "$NEW_USER_DUMP": uuid_of("concat(toString(dump_id), '/', toString(copy))"),
    "$NEW_USER_ID": f"(user_id + copy * {USER_OFFSET})",
    # A learner copy keeps the first `total * q` of its statements, q = u ^ power for a
    # uniform u per learner, copy and course (E[q] = 1 / (power + 1)); enrollments always.
    "$KEEP": "verb_id in ('http://adlnet.gov/expapi/verbs/registered', "
    "'http://id.tincanapi.com/verb/unregistered') or rank <= ceil(total * pow("
    "(cityHash64(actor_id, copy, {t:UInt32}) % 1000000 + 0.5) / 1000000, {power:Float64}))",
}


def sql(name: str) -> str:
    """``dataset_sql/{name}.sql`` with its ``$MACROS`` expanded (longest names first)."""
    template = (SQL_DIR / f"{name}.sql").read_text()
    for macro in sorted(MACROS, key=len, reverse=True):
        template = template.replace(macro, MACROS[macro])
    return template


@dataclass(frozen=True)
class SeedCourse:
    """A course of the seed deployment: key parts, name, statements and learners."""

    key: str
    org: str
    number: str
    run: str
    name: str
    statements: int
    learners: int


@dataclass(frozen=True)
class Target:
    """One course of the data set: which seed course, which learner copies, what is kept."""

    index: int
    seed: SeedCourse
    first: int
    last: int
    keep: float  # expected fraction of each learner's statements kept
    planned: int

    @property
    def org(self) -> str:
        """The target's organization."""
        return ORGS[self.index % len(ORGS)]

    @property
    def number(self) -> str:
        """The target's course number: the seed's plus its index."""
        return f"{self.seed.number}-{self.index:02d}"

    @property
    def key(self) -> str:
        """The target's course key."""
        return f"course-v1:{self.org}+{self.number}+{self.seed.run}"

    def params(self) -> dict[str, object]:
        """The bound values of the clone statements."""
        return {
            "t": self.index,
            "seed": self.seed.key,
            "course": self.key,
            "org": self.org,
            "name": f"{self.seed.name} (cohort {self.index + 1})",
            "old": f"{self.seed.org}+{self.seed.number}+{self.seed.run}",
            "new": f"{self.org}+{self.number}+{self.seed.run}",
            "old_number": f'"course": "{self.seed.number}"',
            "new_number": f'"course": "{self.number}"',
            "first": self.first,
            "last": self.last,
            "power": 1 / self.keep - 1,
        }


def sizes(total: int, courses: int, largest_share: float) -> list[int]:
    """Statements per course, largest first: a power law whose largest is ``largest_share``."""
    if courses == 1:
        return [total]
    low, high = 0.0, 5.0  # the exponent: sum of r^-a over 1..courses must be 1 / share
    for _ in range(60):
        a = (low + high) / 2
        if sum(r**-a for r in range(1, courses + 1)) > 1 / largest_share:
            low = a
        else:
            high = a
    weights = [r**-a for r in range(1, courses + 1)]
    return [round(total * w / sum(weights)) for w in weights]


def plan(seeds: list[SeedCourse], total: int, courses: int, share: float) -> list[Target]:
    """Targets, largest first.

    The largest copies the seed course with the most learners ~20 times, keeping ~1/4 of each
    learner's statements (tens of thousands of learners at ~2M statements); the others keep
    40-95 % of as many copies of the next seed courses as their size needs.
    """
    seeds = sorted(seeds, key=lambda s: -s.learners)
    targets, next_copy = [], dict.fromkeys(range(len(seeds)), 0)
    for index, size in enumerate(sizes(total, courses, share)):
        s = index % len(seeds)
        seed = seeds[s]
        most = 0.25 if index == 0 else 0.4 + 0.55 * ((index * 0.618) % 1)
        copies = max(1, math.ceil(size / (most * seed.statements)))
        keep = min(1.0, size / (copies * seed.statements))
        first = next_copy[s]
        next_copy[s] += copies
        targets.append(Target(index, seed, first, first + copies, keep, size))
    return targets


def seed_courses(store: Store) -> list[SeedCourse]:
    """The seed deployment's courses."""
    rows = store.query(
        f"select s.course_key, s.n, s.learners, o.org, o.display_name from "
        f"(select course_key, count() as n, uniqExact(actor_id) as learners "
        f"from {SEED_DB}.xapi_events_all group by course_key) as s "
        f"inner join {SEED_DB}.latest_course_overviews as o on o.course_key = s.course_key "
        f"order by s.course_key"
    )
    out = []
    for key, n, learners, org, name in rows:
        _, number, run = key.removeprefix("course-v1:").split("+")
        out.append(SeedCourse(key, org, number, run, name, n, learners))
    return out


def _bar() -> Progress:
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def build_seed(data_dir: Path, learners: int, seed: int, now: datetime) -> int:
    """The seed deployment through the real ingest path, in the side database."""
    settings = load_settings(data_dir=data_dir, store={"database": SEED_DB})
    store = open_store(settings)
    try:
        with _bar() as bar:
            task = bar.add_task("seed: learners through ingest", total=learners)
            summary = build_demo(
                store,
                settings,
                courses=6,
                learners=learners,
                seed=seed,
                now=now,
                progress=lambda done: bar.update(task, completed=done),
            )
    finally:
        store.close()
    if summary.conflicts or summary.rejected or summary.lms_errors:
        sys.exit(f"seed build failed: {summary}")
    console.print(f"seed: {summary.statements:,} statements, {summary.learners:,} learners")
    return summary.statements


def clone(store: Store, targets: list[Target]) -> None:
    """Every target course's statements and LMS rows, then the learners' LMS rows."""
    store.execute(f"drop table if exists {SEED_DB}.ranks")
    store.execute(sql("ranks"))
    with _bar() as bar:
        task = bar.add_task("clone: statements", total=sum(t.planned for t in targets))
        for target in targets:
            params = target.params()
            for name in ("clone_overview", "clone_blocks", "clone_enrollments", "clone_statements"):
                store.execute(sql(name), params)
            bar.advance(task, target.planned)
    copies = max(t.last for t in targets)
    store.execute(sql("clone_external_ids"), {"copies": copies})
    store.execute(sql("clone_profiles"), {"copies": copies})


def wait_for_merges(store: Store, limit_s: float = 600) -> None:
    """Let background merges settle, so the benchmarks do not start while they run."""
    deadline, quiet = time.time() + limit_s, 0
    while time.time() < deadline and quiet < 3:
        running = store.query("select count() from system.merges")[0][0]
        quiet = 0 if running else quiet + 1
        time.sleep(2)


def check(store: Store, largest: str) -> dict[str, int]:
    """Run every report once on the largest course; each must have rows."""
    limits = Limits(max_seconds=600)  # a check, not a benchmark: no 30 s limit
    watchers = run_report(store, "video-watchers", ReportQuery(largest), limits=limits)
    video = max(watchers.rows, key=lambda r: r.viewers).video_id
    counts = {}
    for name in REPORTS:
        options = {"video": video} if name == "video-segments" else {}
        result = run_report(store, name, ReportQuery(largest, options=options), limits=limits)
        counts[name] = len(result.rows)
    empty = [name for name, n in counts.items() if n == 0 and name != "enrollment-change"]
    if empty:
        sys.exit(f"reports without rows on {largest}: {empty}")
    return counts


def refresh_views(store: Store) -> list[str]:
    """Recreate every view from ``models/views`` as it is now; the views recreated.

    Opening a store already re-creates its views (DESIGN.md: views are code); this also drops
    views the code no longer has, so a data set built last week benchmarks this week's SQL.
    Tables are left as they are.
    """
    views = {
        name
        for (name,) in store.query(
            "select name from system.tables where database = currentDatabase() and engine = 'View'"
        )
    }
    for name in sorted(views - set(VIEWS)):
        store.execute(f"drop view if exists {name}")  # a name from the engine's own catalogue
    recorded = set(store.query("select version, name from schema_migrations"))
    stale = recorded - {(m.version, m.name) for m in discover()}
    if stale:  # numbered files that are gone: fine for views moved to models/, said anyway
        console.print(f"schema_migrations records files that no longer exist: {sorted(stale)}")
    apply_views(store)
    return list(VIEWS)


def dir_bytes(path: Path) -> int:
    """Bytes of the files under ``path``; files the engine removes meanwhile are skipped."""
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(FileNotFoundError):
                total += (Path(root) / name).stat().st_size
    return total


def describe(store: Store, data_dir: Path) -> dict[str, object]:
    """Statements, courses, the largest course and bytes on disk."""
    per_course = store.query(
        "select course_key, count(), uniqExact(actor_id) from xapi_events_all "
        "group by course_key order by 2 desc"
    )
    parts = store.query(
        "select count(), sum(bytes_on_disk) from system.parts "
        "where active and database = currentDatabase()"
    )[0]
    users = store.query("select count() from latest_user_profile")[0][0]
    return {
        "statements": sum(r[1] for r in per_course),
        "courses": len(per_course),
        "largest_course": per_course[0][0],
        "largest_statements": per_course[0][1],
        "largest_learners": per_course[0][2],
        "smallest_statements": per_course[-1][1],
        "users": users,
        "parts": parts[0],
        "bytes_on_disk": parts[1],
        "dir_bytes": dir_bytes(data_dir),
        "per_course": [[k, n, learners] for k, n, learners in per_course],
    }


def render(built: dict, data_dir: Path) -> str:
    """The docs section: how the data set was built, how long it took, what it holds."""
    p, t, s = built["params"], built["seconds"], built["summary"]
    courses = s["per_course"]
    median = sorted(n for _, n, _ in courses)[len(courses) // 2]
    top = ", ".join(f"{n / 1e6:.2f}M" for _, n, _ in courses[:5])
    rows = ", ".join(f"{name} {n}" for name, n in built["report_rows"].items())
    return f"""
Built on {built["built"][:10]} — {machine()}; command:
`.venv/bin/python benchmarks/dataset.py --data-dir {data_dir} --statements {p["statements"]}
--courses {p["courses"]} --out docs/benchmarks.md` (seed {p["seed"]}, {p["seed_learners"]:,}
seed learners). Load average (1, 5, 15 min) at start {tuple(t["load_average_at_start"])}, at
the end {tuple(t["load_average_at_end"])}: other engineers' test suites shared the 2 cores.

| phase | time |
|---|---:|
| seed: `build_demo`, 6 courses, through `prepare` and the batching writer: {t["seed_statements"]:,} statements ({t["seed_statements"] / t["seed_s"]:,.0f}/s) | {t["seed_s"]:,.0f} s |
| clone: `INSERT … SELECT` of {p["courses"]} courses and their LMS rows | {t["clone_s"]:,.0f} s |
| **total**, with waiting for merges and one run of every report on the largest course | **{t["total_s"] / 60:,.1f} min** |

It holds **{s["statements"]:,} statements** in {s["courses"]} courses ({top} for the five
largest, median {median:,}, smallest {s["smallest_statements"]:,}) and {s["users"]:,} users
in `user_profile` / `external_id`. The largest course, `{s["largest_course"]}`, has
**{s["largest_statements"]:,} statements and {s["largest_learners"]:,} learners**. On disk:
{s["bytes_on_disk"] / 2**30:.2f} GiB of active parts ({s["bytes_on_disk"] / s["statements"]:.0f}
bytes a statement, every table) in {s["parts"]} parts; the whole directory measured
{dir_bytes(data_dir) / 2**30:.2f} GiB when this section was written (outdated parts are deleted
some minutes after their merge, while a process has the store open).

How (see the module docstring): every course is a copy of one of the seed's six courses under a
new key, with its own structure, overview and enrollments; its learners are copies of the seed
course's learners (new anonymous id, user id, username and e-mail, in the statements and the
LMS tables); each learner copy keeps a time prefix of its statements (learners who dropped
out), ~1/4 on average in the largest course. Copies re-parse through `prepare` to the same
typed columns (checked on a sample); their `digest` is not the ingest digest of the rewritten
body. Rows per report on the largest course after the build: {rows}.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--statements", type=int, default=10_000_000)
    parser.add_argument("--courses", type=int, default=50)
    parser.add_argument("--largest-share", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--seed-learners", type=int, default=None, help="default: statements / 2,500, ≤ 4,000"
    )
    parser.add_argument("--out", type=Path, default=None, help="docs file to write a section to")
    parser.add_argument(
        "--refresh-views",
        action="store_true",
        help="only recreate the views of a built data set from the current schema files",
    )
    args = parser.parse_args()
    if args.refresh_views:
        store = open_store(load_settings(data_dir=args.data_dir.resolve()))
        try:
            console.print(f"views recreated: {', '.join(refresh_views(store))}")
        finally:
            store.close()
        return
    learners = args.seed_learners or min(4000, max(100, args.statements // 2500))
    wanted = {
        "statements": args.statements,
        "courses": args.courses,
        "largest_share": args.largest_share,
        "seed": args.seed,
        "seed_learners": learners,
    }
    data_dir: Path = args.data_dir.resolve()
    marker = data_dir / MARKER
    if marker.exists():
        built = json.loads(marker.read_text())
        if built["params"] == wanted:
            console.print(f"{data_dir} already holds this data set (built {built['built']})")
            if args.out:
                write_section(args.out, SECTION, render(built, data_dir))
            return
        sys.exit(f"{data_dir} holds another data set {built['params']}; use another --data-dir")
    if data_dir.exists() and any(data_dir.iterdir()):
        sys.exit(f"{data_dir} is not empty and has no {MARKER}: remove it or use another dir")
    tune_gc()
    load_at_start = [round(x, 1) for x in os.getloadavg()]
    console.print(f"load average at start: {load_at_start}")
    started = time.perf_counter()
    now = datetime.now(UTC).replace(microsecond=0)
    seed_statements = build_seed(data_dir, learners, args.seed, now)
    seeded = time.perf_counter()
    store = open_store(load_settings(data_dir=data_dir))
    try:
        targets = plan(seed_courses(store), args.statements, args.courses, args.largest_share)
        clone(store, targets)
        store.execute(f"drop database {SEED_DB} sync")
        # The clone copies statements by SQL, past the writer: derive their learner facts.
        facts = LearnerFacts(store)
        facts.rebuild()
        facts.close()
        cloned = time.perf_counter()
        console.print("waiting for background merges…")
        wait_for_merges(store)
        summary = describe(store, data_dir)
        console.print(f"checking every report on {summary['largest_course']}…")
        counts = check(store, str(summary["largest_course"]))
    finally:
        store.close()
    seconds = time.perf_counter() - started
    timings = {
        "seed_s": round(seeded - started, 1),
        "seed_statements": seed_statements,
        "clone_s": round(cloned - seeded, 1),
        "total_s": round(seconds, 1),
        "load_average_at_start": load_at_start,
        "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
    }
    result = {
        "params": wanted,
        "built": now.isoformat(),
        "seconds": timings,
        "summary": summary,
        "report_rows": counts,
        "targets": [{**asdict(t), "seed": t.seed.key, "key": t.key} for t in targets],
    }
    marker.write_text(json.dumps(result, indent=2))
    if args.out:
        write_section(args.out, SECTION, render(result, data_dir))
    console.print({k: v for k, v in summary.items() if k != "per_course"})
    console.print("rows per report, largest course:", counts)
    console.print(
        f"built in {seconds:.0f} s (seed {timings['seed_s']} s, clone {timings['clone_s']} s)"
    )


if __name__ == "__main__":
    main()
