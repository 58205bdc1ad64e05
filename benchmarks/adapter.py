"""clickhouse-connect's chDB interface vs calling chdb directly (DESIGN.md, "one client").

Run from the repository root: `.venv/bin/python benchmarks/adapter.py`. Both paths write the
same ERB-shaped rows into the statements table (100-row inserts) and run the same small
group-by, alternating, in one process on one data directory; medians of the timings.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import chdb
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from aspects.ingest.statement import prepare  # noqa: E402
from aspects.ingest.writer import INSERT_COLUMNS, TABLE, _row  # noqa: E402
from aspects.settings import load_settings  # noqa: E402
from aspects.store import open_store  # noqa: E402
from ingest import make_statements  # noqa: E402

REPORT = (
    "select verb_id, count() as n, uniqExact(actor_id) as learners from xapi_events_all "
    "where course_key = {course:String} group by verb_id order by n desc"
)


def _json_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="aspects-adapter-"))
    settings = load_settings(data_dir=work)
    store = open_store(settings)
    raw = chdb.connect(str(settings.store_path))
    raw.query(f"use {settings.store.database}")
    now = datetime.now(UTC)
    statements = [prepare(orjson.loads(s), now) for s in make_statements(40_000)]
    batches = [statements[i : i + 100] for i in range(0, len(statements), 100)]
    via_connect, via_chdb = [], []
    for i, batch in enumerate(batches):
        rows = [_row(p, now, "bench") for p in batch]
        if i % 2 == 0:
            started = time.perf_counter()
            store.insert(TABLE, rows, INSERT_COLUMNS)
            via_connect.append(time.perf_counter() - started)
        else:
            started = time.perf_counter()
            body = b"\n".join(
                orjson.dumps(dict(zip(INSERT_COLUMNS, map(_json_value, r), strict=True)))
                for r in rows
            )
            raw.query(f"insert into {TABLE} format JSONEachRow {body.decode()}")
            via_chdb.append(time.perf_counter() - started)
    course = "course-v1:edX+DemoX+Demo_Course"
    report_connect, report_chdb = [], []
    for _ in range(30):
        started = time.perf_counter()
        store.query(REPORT, {"course": course})
        report_connect.append(time.perf_counter() - started)
        started = time.perf_counter()
        raw.query(REPORT, "CSV", params={"course": course})
        report_chdb.append(time.perf_counter() - started)
    med = statistics.median
    print(
        f"100-row insert: clickhouse-connect {med(via_connect) * 1000:.2f} ms, "
        f"chdb JSONEachRow {med(via_chdb) * 1000:.2f} ms"
    )
    print(
        f"report (group by over {len(statements):,} rows): clickhouse-connect "
        f"{med(report_connect) * 1000:.2f} ms, chdb {med(report_chdb) * 1000:.2f} ms"
    )
    raw.close()
    store.close()


if __name__ == "__main__":
    main()
