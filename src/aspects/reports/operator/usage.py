"""Instance use (METRICS.md "Operator"): statements, active learners, courses, enrollments.

Every series has one row per bucket of the period, zeros included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aspects.reports.enrollment import EnrollmentOverTimeRow, fill_over_time
from aspects.reports.operator.buckets import filled
from aspects.reports.operator.spec import Context, OperatorSpec, register

_SERIES = frozenset({"from", "to", "tz", "grain", "as_of"})


@dataclass(frozen=True)
class StatementsOverTimeRow:
    """One bucket: statements stored in it (``received``) and timestamped in it (``emitted``).

    ``bucket_start`` is the bucket's first local date, or for ``grain=hour`` its local start
    with the UTC offset (``2026-01-05T10:00+01:00``).
    """

    bucket_start: str
    received: int
    emitted: int


@dataclass(frozen=True)
class ActiveLearnersRow:
    """One bucket: distinct learners with a statement of any kind timestamped in it."""

    bucket_start: str
    active_learners: int


@dataclass(frozen=True)
class ActiveCoursesRow:
    """One bucket: distinct courses with a statement of any kind timestamped in it."""

    bucket_start: str
    active_courses: int


def _statements(raw: list[dict[str, Any]], context: Context) -> list[StatementsOverTimeRow]:
    return [
        StatementsOverTimeRow(label, row.get("received", 0), row.get("emitted", 0))
        for label, row in filled(raw, context)
    ]


def _learners(raw: list[dict[str, Any]], context: Context) -> list[ActiveLearnersRow]:
    return [
        ActiveLearnersRow(label, row.get("active_learners", 0))
        for label, row in filled(raw, context)
    ]


def _courses(raw: list[dict[str, Any]], context: Context) -> list[ActiveCoursesRow]:
    return [
        ActiveCoursesRow(label, row.get("active_courses", 0)) for label, row in filled(raw, context)
    ]


def _enrollments(raw: list[dict[str, Any]], context: Context) -> list[EnrollmentOverTimeRow]:
    return fill_over_time(raw, context.query.grain, context.start, context.end)


STATEMENTS_OVER_TIME = register(
    OperatorSpec(
        "statements-over-time",
        StatementsOverTimeRow,
        _statements,
        sql="operator/statements_over_time",
        uses=_SERIES,
        description="Statements received (by arrival) and emitted (by timestamp) per bucket.",
    )
)
ACTIVE_LEARNERS = register(
    OperatorSpec(
        "active-learners",
        ActiveLearnersRow,
        _learners,
        sql="operator/active_learners",
        uses=_SERIES,
        description="Distinct learners with any statement per bucket.",
    )
)
ACTIVE_COURSES = register(
    OperatorSpec(
        "active-courses",
        ActiveCoursesRow,
        _courses,
        sql="operator/active_courses",
        uses=_SERIES,
        description="Distinct courses with any statement per bucket.",
    )
)
ENROLLMENT_OVER_TIME = register(
    OperatorSpec(
        "enrollment-over-time",
        EnrollmentOverTimeRow,
        _enrollments,
        sql="operator/enrollment_over_time",
        uses=_SERIES,
        grains=("day", "week", "month"),
        description="Enrollments in every course per bucket and track, with running totals.",
    )
)
