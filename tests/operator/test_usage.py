"""Statements, active learners and courses, and enrollments over time: numbers by hand.

The instance is the table in tests/operator/conftest.py; every count below is read off it.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.operator.conftest import AS_OF, nonzero, report, table

PERIOD = {"from": "2026-03-01", "to": "2026-03-11", "as_of": AS_OF}
STATEMENTS = "bucket_start, received, emitted"


def test_statements_per_utc_day_count_arrivals_by_stored_and_events_by_timestamp(
    operator_client: TestClient, instance: Any
) -> None:
    rows = table(operator_client, "statements-over-time", STATEMENTS, **PERIOD)
    assert len(rows) == 10  # every day of [03-01, 03-11), zeros included
    assert rows[0][0] == "2026-03-01" and rows[-1][0] == "2026-03-10"
    assert nonzero(rows) == [
        ("2026-03-01", 3, 3),  # s1-s3
        ("2026-03-02", 2, 2),  # s4, s5
        ("2026-03-04", 0, 1),  # s7 happened on the 4th, arrived on the 5th
        ("2026-03-05", 3, 2),  # s6-s8 arrived; s6 and s8 happened that day
        ("2026-03-10", 3, 3),  # s9-s11: the voiding statement was received too
    ]


def test_statements_per_day_follow_the_viewers_time_zone(
    operator_client: TestClient, instance: Any
) -> None:
    # Paris is UTC+1 in early March: s4 (23:10Z) and the arrival of s4/s5 (23:30Z) fall on
    # the 3rd, s5 (22:00Z) stays on the 2nd.
    rows = table(operator_client, "statements-over-time", STATEMENTS, tz="Europe/Paris", **PERIOD)
    assert nonzero(rows) == [
        ("2026-03-01", 3, 3),
        ("2026-03-02", 0, 1),
        ("2026-03-03", 2, 1),
        ("2026-03-04", 0, 1),
        ("2026-03-05", 3, 2),
        ("2026-03-10", 3, 3),
    ]


def test_statements_per_hour_are_labelled_with_the_local_hour_and_its_offset(
    operator_client: TestClient, instance: Any
) -> None:
    day = {"from": "2026-03-10", "to": "2026-03-11", "as_of": AS_OF, "grain": "hour"}
    rows = table(operator_client, "statements-over-time", STATEMENTS, **day)
    assert len(rows) == 24
    assert rows[0][0] == "2026-03-10T00:00+00:00"
    assert nonzero(rows) == [("2026-03-10T11:00+00:00", 3, 3)]  # 11:00, 11:20, 11:25; 11:30

    paris = {**day, "from": "2026-03-02", "to": "2026-03-03", "tz": "Europe/Paris"}
    rows = table(operator_client, "statements-over-time", STATEMENTS, **paris)
    assert len(rows) == 24
    assert nonzero(rows) == [("2026-03-02T23:00+01:00", 0, 1)]  # s5 at 23:00 local


def test_an_hourly_day_with_a_daylight_saving_change_has_23_hours(
    operator_client: TestClient, instance: Any
) -> None:
    # New York moves its clocks forward on Sunday 2026-03-08 at 02:00.
    rows = table(
        operator_client,
        "statements-over-time",
        STATEMENTS,
        tz="America/New_York",
        grain="hour",
        **{"from": "2026-03-08", "to": "2026-03-09", "as_of": AS_OF},
    )
    labels = [row[0] for row in rows]
    assert len(labels) == 23
    assert labels[:3] == [
        "2026-03-08T00:00-05:00",
        "2026-03-08T01:00-05:00",
        "2026-03-08T03:00-04:00",
    ]


def test_as_of_keeps_each_count_to_its_own_time_at_or_before_it(
    operator_client: TestClient, instance: Any
) -> None:
    # 03-05 10:10Z: s6 and s8 had happened, but the batch with them arrived at 10:15.
    early = {"from": "2026-03-01", "to": "2026-03-06", "as_of": "2026-03-05T10:10:00Z"}
    rows = table(operator_client, "statements-over-time", STATEMENTS, **early)
    assert nonzero(rows) == [
        ("2026-03-01", 3, 3),
        ("2026-03-02", 2, 2),
        ("2026-03-04", 0, 1),
        ("2026-03-05", 0, 2),
    ]


def test_weeks_start_on_monday_and_months_on_the_first(
    operator_client: TestClient, instance: Any
) -> None:
    weeks = table(operator_client, "statements-over-time", STATEMENTS, grain="week", **PERIOD)
    # 03-01 is a Sunday: its week starts 02-23 (counted from `from` only).
    assert weeks == [("2026-02-23", 3, 3), ("2026-03-02", 5, 5), ("2026-03-09", 3, 3)]
    month = {"from": "2026-03-01", "to": "2026-04-01", "as_of": AS_OF, "grain": "month"}
    assert table(operator_client, "statements-over-time", STATEMENTS, **month) == [
        ("2026-03-01", 11, 11)
    ]


def test_the_period_defaults_to_the_30_days_before_the_as_of_day(
    operator_client: TestClient, instance: Any
) -> None:
    body = report(operator_client, "statements-over-time", as_of=AS_OF)
    assert body["params"] == {
        "from": "2026-02-09",
        "to": "2026-03-11",
        "tz": "UTC",
        "grain": "day",
        "as_of": "2026-03-10T12:00:00Z",
    }
    assert len(body["rows"]) == 30
    assert sum(row["received"] for row in body["rows"]) == 11


def test_active_learners_are_distinct_learners_with_any_statement_not_voided(
    operator_client: TestClient, instance: Any
) -> None:
    rows = table(operator_client, "active-learners", "bucket_start, active_learners", **PERIOD)
    assert nonzero(rows) == [
        ("2026-03-01", 2),  # l1 (twice), l2
        ("2026-03-02", 2),  # l3, l2
        ("2026-03-04", 1),  # l4
        ("2026-03-05", 1),  # l2; l1's s8 is voided
        ("2026-03-10", 2),  # l3, l1; the voiding statement s11 is not activity
    ]
    weeks = table(
        operator_client, "active-learners", "bucket_start, active_learners", grain="week", **PERIOD
    )
    # Week of 03-02: l3, l2 (on the 2nd and the 5th, counted once) and l4.
    assert weeks == [("2026-02-23", 2), ("2026-03-02", 3), ("2026-03-09", 2)]


def test_active_courses_are_distinct_courses_with_any_statement(
    operator_client: TestClient, instance: Any
) -> None:
    rows = table(operator_client, "active-courses", "bucket_start, active_courses", **PERIOD)
    assert nonzero(rows) == [
        ("2026-03-01", 2),  # A1, B1
        ("2026-03-02", 2),  # A2, A1
        ("2026-03-04", 1),  # B1
        ("2026-03-05", 1),  # A1 (s6; s8 is voided)
        ("2026-03-10", 2),  # A2, A1
    ]
    weeks = table(
        operator_client, "active-courses", "bucket_start, active_courses", grain="week", **PERIOD
    )
    assert weeks == [("2026-02-23", 2), ("2026-03-02", 3), ("2026-03-09", 2)]


ENROLLMENT = "bucket_start, track, new, re_enrolled, unenrolled, net, current_at_end"


def test_enrollments_over_time_count_every_course_by_track(
    operator_client: TestClient, instance: Any
) -> None:
    rows = table(operator_client, "enrollment-over-time", ENROLLMENT, **PERIOD)
    assert len(rows) == 30  # 10 days x (all, audit, verified)
    changed = [row for row in rows if any(row[2:6])]
    assert changed == [
        # l1 in A1 (audit), l2 in A1 and l1 in B1 (verified): l1 counts once per course.
        ("2026-03-01", "all", 3, 0, 0, 3, 3),
        ("2026-03-01", "audit", 1, 0, 0, 1, 1),
        ("2026-03-01", "verified", 2, 0, 0, 2, 2),
        ("2026-03-02", "all", 1, 0, 0, 1, 4),  # l3 in A2
        ("2026-03-02", "audit", 1, 0, 0, 1, 2),
        ("2026-03-04", "all", 1, 0, 0, 1, 5),  # l4 in B1
        ("2026-03-04", "audit", 1, 0, 0, 1, 3),
        ("2026-03-05", "all", 0, 0, 1, -1, 4),  # l2 leaves A1, from verified
        ("2026-03-05", "verified", 0, 0, 1, -1, 1),
        ("2026-03-10", "audit", 0, 0, 0, -1, 2),  # l1 moves to verified in A1
        ("2026-03-10", "verified", 0, 0, 0, 1, 2),
    ]
    last = [row for row in rows if row[0] == "2026-03-10"]
    assert [(row[1], row[6]) for row in last] == [("all", 4), ("audit", 2), ("verified", 2)]


def test_enrollments_before_the_period_carry_into_its_running_totals(
    operator_client: TestClient, instance: Any
) -> None:
    period = {"from": "2026-03-03", "to": "2026-03-06", "as_of": AS_OF}
    rows = table(operator_client, "enrollment-over-time", ENROLLMENT, **period)
    totals = [(row[0], row[6]) for row in rows if row[1] == "all"]
    assert totals == [("2026-03-03", 4), ("2026-03-04", 5), ("2026-03-05", 4)]


def test_enrollments_over_time_refuse_hours(operator_client: TestClient, instance: Any) -> None:
    response = operator_client.get(
        "/api/v1/operator/reports/enrollment-over-time", params={"grain": "hour"}
    )
    assert response.status_code == 400
    assert "day, week, month" in response.json()["error"]
