"""Enrollment change adds up on the demo data, per track, for every period the page offers.

METRICS.md "Change over a chosen period": for every track
``change = new + re_enrolled − unenrolled + track_changes_in − track_changes_out``, and the
course run (no ``from``) starts before the first enrollment. The demo (aspects.demo, the
README's first command, here smaller) sends its statements through the real ingest path.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from aspects.demo.build import build_demo
from aspects.reports.query import ReportQuery
from aspects.reports.run import run_report
from aspects.settings import Settings
from aspects.store import Store

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
# The page's periods: the course run (no `from`), the last 7 and 30 days, and a custom one.
PERIODS: tuple[tuple[date | None, date | None], ...] = (
    (None, None),
    (TODAY - timedelta(days=6), TODAY + timedelta(days=1)),
    (TODAY - timedelta(days=29), TODAY + timedelta(days=1)),
    (date(2026, 9, 1), date(2026, 10, 15)),
)


def test_change_is_new_plus_re_enrolled_minus_unenrolled_plus_moves_for_every_track(
    store: Store, settings: Settings
) -> None:
    build_demo(store, settings, courses=2, learners=60, seed=5, now=NOW)
    courses = [r[0] for r in store.query("select distinct course_key from learner_roster")]
    assert len(courses) == 2
    seen_re_enrolled = seen_moves = 0
    for course in courses:
        for tz in ("UTC", "America/Los_Angeles"):
            for start, end in PERIODS:
                query = ReportQuery(course_key=course, start=start, end=end, tz=tz, as_of=NOW)
                rows = run_report(store, "enrollment-change", query).rows
                assert rows, (course, start)
                for row in rows:
                    assert row.change == row.current_at_to - row.current_at_from
                    assert row.change == (
                        row.new
                        + row.re_enrolled
                        - row.unenrolled
                        + row.track_changes_in
                        - row.track_changes_out
                    ), (course, tz, start, row)
                seen_re_enrolled += sum(r.re_enrolled for r in rows)
                seen_moves += sum(r.track_changes_in for r in rows)
        # The course run starts before the first enrollment and ends at as_of: it holds
        # everyone enrolled now, and nobody before it.
        run = run_report(store, "enrollment-change", ReportQuery(course_key=course, as_of=NOW))
        summary = run_report(store, "enrollment-summary", ReportQuery(course_key=course, as_of=NOW))
        total = next(r for r in run.rows if r.track == "all")
        assert run.params["from"] is None
        assert total.current_at_from == 0
        assert total.current_at_to == summary.rows[0].current_enrollees
        assert total.new == summary.rows[0].total_enrollees
    # The demo has re-enrollments and track changes, so the identity is not 0 = 0 for them.
    assert seen_re_enrolled > 0
    assert seen_moves > 0
