"""Ingest status and lag, storage, and the slow-query log: numbers by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from aspects.reports.timings import ReportTimings
from aspects.store import Store
from tests.operator.conftest import A1, AS_OF, report


def test_ingest_status_gives_the_last_arrival_and_how_late_statements_arrive(
    operator_client: TestClient, instance: Any
) -> None:
    assert report(operator_client, "ingest-status", as_of=AS_OF)["rows"] == [
        {
            "total_statements": 11,  # every statement received, the voiding one too
            "last_stored": "2026-03-10T11:30:00Z",
            "last_emitted": "2026-03-10T11:25:00Z",  # s11
            "seconds_since_last_stored": 1800.0,  # 11:30 -> 12:00
            # The batch stored last has three statements at 11:30; the latest timestamp
            # among them is s11 at 11:25.
            "latest_lag_seconds": 300.0,
            "received_last_hour": 3,  # s9 (600 s late), s10 (1800 s), s11 (300 s)
            "median_lag_seconds_last_hour": 600.0,
        }
    ]


def test_ingest_status_as_of_a_past_arrival(operator_client: TestClient, instance: Any) -> None:
    row = report(operator_client, "ingest-status", as_of="2026-03-05T10:15:00Z")["rows"][0]
    assert row == {
        "total_statements": 8,
        "last_stored": "2026-03-05T10:15:00Z",
        "last_emitted": "2026-03-05T10:05:00Z",
        "seconds_since_last_stored": 0.0,
        "latest_lag_seconds": 600.0,  # s8, the latest timestamp of the 10:15 batch
        "received_last_hour": 3,  # s6 900 s, s7 80,100 s (a day late), s8 600 s
        "median_lag_seconds_last_hour": 900.0,
    }


def test_ingest_status_of_an_empty_instance_says_nothing_arrived(
    operator_client: TestClient,
) -> None:
    assert report(operator_client, "ingest-status")["rows"] == [
        {
            "total_statements": 0,
            "last_stored": None,
            "last_emitted": None,
            "seconds_since_last_stored": None,
            "latest_lag_seconds": None,
            "received_last_hour": 0,
            "median_lag_seconds_last_hour": None,
        }
    ]


def test_storage_lists_every_data_table_of_this_database_with_its_rows(
    operator_client: TestClient, instance: Any, store: Store
) -> None:
    rows = {row["table"]: row for row in report(operator_client, "storage")["rows"]}
    statements = rows["xapi_events_all"]
    assert statements["engine"] == "MergeTree"
    assert statements["rows"] == 11 and statements["parts"] >= 1
    assert statements["bytes_on_disk"] > 0 and statements["uncompressed_bytes"] > 0
    assert rows["learner_groups"]["rows"] == 0  # an empty table is listed, with zeros
    assert "statements" not in rows and "visits" not in rows  # views store nothing
    assert "rejected_statements" in rows
    # Only this instance's database: the same as the engine says for it.
    tables = store.query(
        "select name from system.tables "
        "where database = currentDatabase() and endsWith(engine, 'MergeTree')"
    )
    assert set(rows) == {name for (name,) in tables}


def test_slow_queries_list_the_slowest_report_runs_first_with_their_course(
    operator_client: TestClient, instance: Any
) -> None:
    course = operator_client.get(f"/api/v1/courses/{A1}/reports/enrollment-summary")
    assert course.status_code == 200  # an operator's token reads every course too
    report(operator_client, "courses", as_of=AS_OF)
    body = report(operator_client, "slow-queries")
    assert body["params"] == {"limit": "20"}
    rows = body["rows"]
    runs = {(row["report"], row["course_key"]) for row in rows}
    assert ("enrollment-summary", A1) in runs
    assert ("courses", None) in runs  # an instance-wide report has no course
    times = [row["elapsed_ms"] for row in rows]
    assert times == sorted(times, reverse=True) and all(t >= 0 for t in times)
    assert {row["outcome"] for row in rows} == {"ok"}
    assert len(report(operator_client, "slow-queries", limit="1")["rows"]) == 1


def test_the_slow_query_ring_keeps_the_latest_runs_and_sorts_them_slowest_first() -> None:
    timings = ReportTimings(size=3)
    for n, ms in enumerate((50.0, 10.0, 30.0, 20.0)):
        timings.record(f"r{n}", None, ms, 1, "ok", at=datetime(2026, 3, 1, n, tzinfo=UTC))
    # r0 (50 ms) was pushed out by the fourth run.
    assert [(r.report, r.elapsed_ms) for r in timings.slowest(5)] == [
        ("r2", 30.0),
        ("r3", 20.0),
        ("r1", 10.0),
    ]
    assert [r.report for r in timings.slowest(1)] == ["r2"]


def test_a_bad_limit_is_refused(operator_client: TestClient) -> None:
    for bad in ("0", "1001", "ten"):
        response = operator_client.get(
            "/api/v1/operator/reports/slow-queries", params={"limit": bad}
        )
        assert response.status_code == 400 and "limit" in response.json()["error"]
