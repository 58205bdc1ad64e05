"""Load a demo deployment into the store through the ingest path real traffic takes.

Statements go through :func:`aspects.ingest.statement.prepare` and the one :class:`Writer`
(non-atomic, like ``aspects load``); LMS rows through :func:`aspects.lms.sink.insert_rows`.
Ids and bodies are deterministic for a seed and anchor time, so a rerun stores nothing twice.
"""

from __future__ import annotations

import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson

from aspects.demo.deployment import Deployment
from aspects.demo.lms_rows import Row
from aspects.ingest.rejections import Rejected
from aspects.ingest.statement import Prepared, prepare
from aspects.ingest.writer import Status, Writer
from aspects.lms.sink import TABLES, insert_rows
from aspects.settings import Settings
from aspects.store import Store

AUTHORITY = "aspects-demo"
BATCH = 5000
ANCHOR_FILE = "demo.json"


@dataclass
class DemoSummary:
    """What ``aspects demo`` built and what the store did with it."""

    courses: int = 0
    learners: int = 0
    enrollments: int = 0
    tracks: Counter[str] = field(default_factory=Counter)
    statements: int = 0
    stored: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    lms_written: Counter[str] = field(default_factory=Counter)
    lms_skipped: Counter[str] = field(default_factory=Counter)
    lms_errors: list[str] = field(default_factory=list)


def anchor(data_dir: Path, seed: int, now: datetime | None = None) -> datetime:
    """The "now" of a seed's demo in ``data_dir``: the first run's, kept in ``demo.json``.

    Statement bodies carry times relative to it; reusing it on a rerun makes every statement
    an identical resend (a duplicate), never a different body under a known id (a conflict).
    """
    path = data_dir / ANCHOR_FILE
    anchors: dict[str, str] = orjson.loads(path.read_bytes()) if path.exists() else {}
    if str(seed) not in anchors:
        anchors[str(seed)] = (now or datetime.now(UTC)).isoformat()
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_bytes(orjson.dumps(anchors, option=orjson.OPT_INDENT_2))
    return datetime.fromisoformat(anchors[str(seed)])


def insert_new_rows(store: Store, table: str, rows: list[Row], summary: DemoSummary) -> None:
    """Insert the rows of dumps not stored yet (dump ids are deterministic)."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table}")
    # The table name comes from the TABLES allow-list; identifiers cannot be parameters.
    sql = f"select distinct dump_id from {table}"  # noqa: S608
    known = {row[0] for row in store.query(sql)}
    new = [row for row in rows if uuid.UUID(row["dump_id"]) not in known]
    summary.lms_skipped[table] += len(rows) - len(new)
    for start in range(0, len(new), 20_000):
        result = insert_rows(store, table, new[start : start + 20_000])
        summary.lms_written[table] += result.accepted
        summary.lms_errors.extend(
            f"{table} row {e.row}: {e.column}: {e.message}" for e in result.errors
        )


def _collect(future: Future[list[Status]], summary: DemoSummary) -> None:
    statuses = future.result()
    summary.stored += statuses.count(Status.STORED)
    summary.duplicates += statuses.count(Status.DUPLICATE)
    summary.conflicts += statuses.count(Status.CONFLICT)


def _prepared(lines: Iterable[str], now: datetime, summary: DemoSummary) -> list[Prepared]:
    items = []
    for line in lines:
        try:
            items.append(prepare(orjson.loads(line), now))
        except Rejected as exc:
            summary.rejected[exc.reason.value] += 1
    return items


def build_demo(
    store: Store,
    settings: Settings,
    *,
    courses: int,
    learners: int,
    seed: int,
    now: datetime,
    progress: Callable[[int], None] = lambda _: None,
) -> DemoSummary:
    """Generate the deployment and write it to ``store``; ``progress`` gets learners done."""
    deployment = Deployment(courses, seed, now)
    summary = DemoSummary(courses=courses)
    course_rows: dict[str, list[Row]] = {"course_overviews": [], "course_blocks": []}
    for table, row in deployment.course_rows():
        course_rows[table].append(row)
    for table, rows in course_rows.items():
        insert_new_rows(store, table, rows, summary)
    learner_rows: dict[str, list[Row]] = {t: [] for t in TABLES if t not in course_rows}
    writer = Writer(store, settings.writer)
    writer.start()
    pending: deque[Future[list[Status]]] = deque()
    batch: list[str] = []
    received = datetime.now(UTC)
    try:
        for index in range(learners):
            data = deployment.learner(index)
            summary.learners += 1
            summary.enrollments += len(data.tracks)
            summary.tracks.update(data.tracks.values())
            summary.statements += len(data.statements)
            batch.extend(data.statements)
            for table, row in data.rows:
                learner_rows[table].append(row)
            if batch and (len(batch) >= BATCH or index == learners - 1):
                # Generation overlaps the insert of the previous batch on the writer thread.
                items = _prepared(batch, received, summary)
                pending.append(writer.submit(items, AUTHORITY, atomic=False))
                batch = []
                while len(pending) > 2:
                    _collect(pending.popleft(), summary)
            progress(index + 1)
        while pending:
            _collect(pending.popleft(), summary)
    finally:
        writer.stop()
    for table, rows in learner_rows.items():
        insert_new_rows(store, table, rows, summary)
    return summary
