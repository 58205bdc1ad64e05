"""The report framework: registry, query validation, rounding, scope, limits, permission."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from fastapi.testclient import TestClient

from aspects.reports import (
    REPORTS,
    CourseSet,
    Forbidden,
    LearnerFilter,
    Limits,
    QueryError,
    ReportQuery,
    ReportSpec,
    ReportTooLarge,
    UnknownReport,
    register,
    run_report,
)
from aspects.reports.enrollment import EnrollmentSummaryRow
from aspects.reports.numbers import pct, round_half_away
from aspects.reports.output import csv_chunks
from aspects.store import Store
from tests.conftest import post_statements
from tests.factories import COURSE, course_grade, enroll, ts

# The issues' tables, verbatim (issue 13 added re_enrolled): tools and pages read these names.
ISSUE_COLUMNS = {
    "enrollment-summary": "total_enrollees, current_enrollees, current_pct",
    "enrollment-by-track": "track, current_enrollees, pct",
    "enrollment-over-time": "bucket_start, track, new, re_enrolled, unenrolled, net, "
    "current_at_end",
    "enrollment-change": "track, current_at_from, current_at_to, change, new, re_enrolled, "
    "unenrolled, track_changes_in, track_changes_out",
    "video-segments": "video_id, segment_start, segment_end, views, learners, repeat_views",
    "grades-summary": "current_enrollees, graded, passing, passing_pct, mean_grade, median_grade, "
    "mean_grade_pct, median_grade_pct",
    "grade-distribution": "bucket, learners",
}


@pytest.mark.parametrize("name", sorted(ISSUE_COLUMNS))
def test_every_report_has_exactly_the_issue_columns(name: str) -> None:
    assert REPORTS[name].columns == tuple(ISSUE_COLUMNS[name].split(", "))


def test_percentages_round_half_away_from_zero_from_exact_counts() -> None:
    assert pct(1, 16) == 6.3  # 6.25: half to even would give 6.2
    assert pct(3, 16) == 18.8  # 18.75
    assert pct(1, 3) == 33.3
    assert pct(2, 3) == 66.7
    assert pct(0, 5) == 0.0
    assert pct(0, 0) is None
    assert round_half_away(Fraction(-1, 8), 2) == -0.13  # away from zero, also below it


def test_report_query_validates_course_key_dates_zone_grain_and_as_of() -> None:
    good = ReportQuery.from_params(
        "ccx-v1:Org+C1+2026+ccx@3",
        {
            "from": "2026-01-01",
            "to": "2026-02-01",
            "tz": "Europe/Paris",
            "grain": "week",
            "as_of": "2026-01-15T12:00:00",
        },
    )
    # A timestamp without an offset is read in the query's zone (Paris: UTC+1 in January).
    assert good.as_of == datetime(2026, 1, 15, 11, tzinfo=UTC)
    bad = [
        ("course-v1:Org+C1", {}, "bad course key"),
        ("Org/C1/2026", {}, "bad course key"),
        (COURSE, {"from": "2026-13-01"}, "bad 'from' date"),
        (COURSE, {"from": "2026-02-01", "to": "2026-02-01"}, "must be before"),
        (COURSE, {"tz": "Mars/Olympus"}, "unknown time zone"),
        (COURSE, {"grain": "hour"}, "bad grain"),
        (COURSE, {"as_of": "yesterday"}, "bad 'as_of'"),
    ]
    for key, params, message in bad:
        with pytest.raises(QueryError, match=message):
            ReportQuery.from_params(key, params)


def test_registering_sql_that_skips_the_scope_fails_at_once() -> None:
    with pytest.raises(ValueError, match="does not read the scope"):
        register(
            ReportSpec(
                "not-scoped", "lrs/statement_by_id", EnrollmentSummaryRow, lambda rows, context: []
            )
        )
    assert "not-scoped" not in REPORTS


def test_unknown_report_and_unknown_parameters_are_refused(store: Store) -> None:
    with pytest.raises(UnknownReport, match="enrollment-summary"):
        run_report(store, "no-such-report", ReportQuery(COURSE))
    with pytest.raises(QueryError, match="takes no parameter 'video'"):
        run_report(store, "enrollment-summary", ReportQuery(COURSE, options={"video": "x"}))
    with pytest.raises(QueryError, match="needs the parameter 'video'"):
        run_report(store, "video-segments", ReportQuery(COURSE))


def test_learner_filter_restricts_every_count_to_the_group(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    post_statements(
        client,
        basic_auth,
        [
            enroll("a", ts("2026-01-05")),
            enroll("b", ts("2026-01-05")),
            enroll("c", ts("2026-01-05")),
        ],
    )
    group = LearnerFilter(frozenset({"a", "c", "not-enrolled"}))
    result = run_report(store, "enrollment-summary", ReportQuery(COURSE), learners=group)
    assert list(result.dicts()) == [
        {"total_enrollees": 2, "current_enrollees": 2, "current_pct": 100.0}
    ]
    empty = run_report(
        store, "enrollment-summary", ReportQuery(COURSE), learners=LearnerFilter(frozenset())
    )
    assert list(empty.dicts())[0]["total_enrollees"] == 0


def test_permission_hook_refuses_a_course_outside_the_viewers_set(store: Store) -> None:
    allowed = CourseSet(frozenset({"course-v1:Org+Other+2026"}))
    with pytest.raises(Forbidden):
        run_report(store, "enrollment-summary", ReportQuery(COURSE), permission=allowed)
    ok = run_report(
        store, "enrollment-summary", ReportQuery(COURSE), permission=CourseSet(frozenset({COURSE}))
    )
    assert ok.rows[0].total_enrollees == 0


def test_row_limit_refuses_a_report_larger_than_the_limit(
    client: TestClient, basic_auth: dict[str, str], store: Store
) -> None:
    learners = [f"l{n}" for n in range(7)]
    post_statements(client, basic_auth, [enroll(a, ts("2026-01-05")) for a in learners])
    post_statements(
        client,
        basic_auth,
        [course_grade(a, ts("2026-01-06"), n / 10) for n, a in enumerate(learners)],
    )
    # The engine refuses first: 7 grade buckets come back from SQL, over max_result_rows 6.
    with pytest.raises(ReportTooLarge, match="more than 5 rows"):
        run_report(store, "grade-distribution", ReportQuery(COURSE), limits=Limits(max_rows=5))
    # Filled in Python: a year by day is 365 × (all, audit) rows from 2 SQL rows.
    year = ReportQuery(COURSE, start=date(2026, 1, 1), end=date(2027, 1, 1))
    with pytest.raises(ReportTooLarge, match="more than 100 rows"):
        run_report(store, "enrollment-over-time", year, limits=Limits(max_rows=100))
    assert len(run_report(store, "enrollment-over-time", year).rows) == 730


def test_store_query_passes_engine_settings(store: Store) -> None:
    assert store.query("select number from numbers(3)", settings={"max_result_rows": 5}) == [
        (0,),
        (1,),
        (2,),
    ]
    with pytest.raises(Exception, match="396"):
        store.query_dicts("select number from numbers(10)", settings={"max_result_rows": 3})


def test_csv_over_the_size_cap_ends_with_a_line_saying_so() -> None:
    chunks = list(csv_chunks(("a", "b"), ({"a": n, "b": "x" * 50} for n in range(100)), 1000))
    text = b"".join(chunks).decode()
    assert text.startswith("a,b\n")
    assert text.endswith("CSV truncated: larger than 1000 bytes\n")
    assert len(text) < 1100


def test_an_unknown_parameter_is_refused_naming_what_the_report_takes(store: Store) -> None:
    # A course report names every common parameter of a course query, then its own.
    with pytest.raises(QueryError, match=r"\(parameters: as_of, bucket, from, grain, to, tz, vid"):
        run_report(store, "video-segments", ReportQuery(COURSE, options={"speed": "2"}))
    # An instance report names only what it reads: storage reads nothing.
    with pytest.raises(QueryError, match=r"takes no parameter 'speed' \(parameters: none\)"):
        run_report(store, "storage", ReportQuery(options={"speed": "2"}))
    # With several bad parameters a course query names its grain first.
    with pytest.raises(QueryError, match="bad grain 'hour'"):
        ReportQuery.from_params(COURSE, {"grain": "hour", "from": "x"})
