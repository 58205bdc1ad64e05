"""The operator reports' API: the CSV twin, parameters, errors, and the one permission check."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.auth.principal import Kind, Principal
from aspects.ingest.rejection_log import RejectionLog
from aspects.reports import (
    INSTANCE_REPORTS,
    CourseSet,
    Forbidden,
    QueryError,
    ReportQuery,
    UnknownReport,
    run_report,
)
from aspects.store import Store
from tests.operator.conftest import A1, AS_OF

# Issue 6: tools and the page read these names.
COLUMNS = {
    "statements-over-time": "bucket_start, received, emitted",
    "active-learners": "bucket_start, active_learners",
    "active-courses": "bucket_start, active_courses",
    "enrollment-over-time": "bucket_start, track, new, re_enrolled, unenrolled, net, "
    "current_at_end",
    "ingest-status": "total_statements, last_stored, last_emitted, seconds_since_last_stored, "
    "latest_lag_seconds, received_last_hour, median_lag_seconds_last_hour",
    "rejections": "reason, source, rejected, last_hour",
    "storage": "table, engine, parts, rows, bytes_on_disk, uncompressed_bytes",
    "slow-queries": "ran_at, report, course_key, elapsed_ms, rows, outcome",
    "courses": "course_key, name, org, current_enrollees, active_learners_7d, statements, "
    "last_activity",
    "organizations": "org, courses, current_enrollments, active_learners_7d, last_activity",
}


def test_every_operator_report_has_exactly_these_columns() -> None:
    assert {name: ", ".join(spec.columns) for name, spec in INSTANCE_REPORTS.items()} == COLUMNS


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_the_csv_twin_has_the_json_rows(
    operator_client: TestClient, instance: Any, store: Store, name: str
) -> None:
    params = {"as_of": AS_OF} if name != "slow-queries" else {}
    if name == "slow-queries":  # something to list
        operator_client.get(f"/api/v1/courses/{A1}/reports/enrollment-summary")
    if name == "rejections":
        log = RejectionLog(store, clock=lambda: datetime(2026, 3, 9, 8, 30, tzinfo=UTC))
        log.add("missing_actor", 2)
        log.flush()
    # Storage figures move when a background merge lands: compare a CSV with the JSON read on
    # both sides of it, once the two JSON reads agree.
    for _ in range(10):
        body = operator_client.get(f"/api/v1/operator/reports/{name}", params=params).json()
        response = operator_client.get(f"/api/v1/operator/reports/{name}.csv", params=params)
        after = operator_client.get(f"/api/v1/operator/reports/{name}", params=params).json()
        if after["rows"] == body["rows"]:
            break
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    period = body["params"]
    when = (
        f"{period['from']}-{period['to']}"
        if period.get("from")
        else ("as-of-" if period.get("as_of") else "")
    )
    stem = "-".join(part for part in ("instance", name, when) if part)
    assert f'filename="{stem}' in response.headers["content-disposition"]
    header, *lines = list(csv.reader(io.StringIO(response.text)))
    assert header == body["columns"]
    assert body["rows"], f"{name} has no rows to compare"
    assert lines == [[_csv_text(row[c]) for c in header] for row in body["rows"]]


def test_the_answer_echoes_the_effective_parameters_of_the_report(
    operator_client: TestClient,
) -> None:
    params = {"from": "2026-03-01", "to": "2026-03-08", "tz": "Europe/Paris", "as_of": AS_OF}
    body = operator_client.get("/api/v1/operator/reports/rejections", params=params).json()
    assert body["report"] == "rejections"
    assert body["params"] == {**params, "as_of": "2026-03-10T12:00:00Z"}  # no grain: unused
    status = operator_client.get("/api/v1/operator/reports/ingest-status", params=params).json()
    assert status["params"] == {"as_of": "2026-03-10T12:00:00Z"}
    local = operator_client.get(
        "/api/v1/operator/reports/ingest-status",
        params={"as_of": "2026-03-10T13:00:00", **{"tz": "Europe/Paris"}},
    ).json()
    assert local["params"] == {"as_of": "2026-03-10T12:00:00Z"}  # read in the report's zone


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tz": "Mars/Olympus"}, "unknown time zone"),
        ({"grain": "year"}, "bad grain"),
        ({"from": "2026-03-08", "to": "2026-03-01"}, "must be before"),
        ({"from": "March"}, "expected YYYY-MM-DD"),
        ({"as_of": "soon"}, "bad 'as_of'"),
        ({"course_key": A1}, "takes no parameter 'course_key'"),
    ],
)
def test_bad_parameters_are_a_400_that_says_what_is_wrong(
    operator_client: TestClient, params: dict[str, str], message: str
) -> None:
    response = operator_client.get("/api/v1/operator/reports/statements-over-time", params=params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_an_unknown_report_is_a_404_listing_the_reports(operator_client: TestClient) -> None:
    for suffix in ("", ".csv"):
        response = operator_client.get(f"/api/v1/operator/reports/enrollment-summary{suffix}")
        assert response.status_code == 404
        assert "statements-over-time" in response.json()["error"]


def test_the_runner_lets_only_operators_read_instance_reports(store: Store) -> None:
    query = ReportQuery()  # no course: the instance
    with pytest.raises(Forbidden):
        run_report(store, "storage", query, permission=CourseSet(frozenset({A1})))
    all_courses = Principal(Kind.TOKEN, username="reader", courses=None)
    with pytest.raises(Forbidden):
        run_report(store, "storage", query, permission=all_courses)
    operator = Principal(Kind.SESSION, username="ops", is_operator=True, courses=None)
    assert run_report(store, "storage", query, permission=operator).rows
    anonymous_operator_flag = Principal(Kind.ANONYMOUS, is_operator=True)
    with pytest.raises(Forbidden):
        run_report(store, "storage", query, permission=anonymous_operator_flag)
    with pytest.raises(UnknownReport):
        run_report(store, "nope", query, permission=operator)
    with pytest.raises(QueryError):
        ReportQuery(grain="fortnight")
