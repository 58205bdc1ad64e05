"""Instance use (METRICS.md "Operator"): statements, active learners, courses, enrollments.

Every series has one row per bucket of the period, zeros included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aspects.reports.buckets import filled
from aspects.reports.enrollment import EnrollmentOverTimeRow, over_time
from aspects.reports.query import GRAINS, INSTANCE_GRAINS, Grain
from aspects.reports.spec import Context, ReportSpec, RowT, Scope, last_days, register

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


def _series(
    name: str,
    sql: str,
    row_type: type[RowT],
    finish: Callable[[list[dict[str, Any]], Context], list[RowT]],
    description: str,
    grains: tuple[Grain, ...] = INSTANCE_GRAINS,
) -> ReportSpec[RowT]:
    """Register an instance series: a row per bucket of the period (by default 30 days)."""
    spec = ReportSpec(
        name,
        sql,
        row_type,
        finish,
        scope=Scope.INSTANCE,
        uses=_SERIES,
        period=last_days(30),
        grains=grains,
        description=description,
    )
    return register(spec)


STATEMENTS_OVER_TIME = _series(
    "statements-over-time",
    "operator/statements_over_time",
    StatementsOverTimeRow,
    _statements,
    "Statements received (by arrival) and emitted (by timestamp) per bucket.",
)
ACTIVE_LEARNERS = _series(
    "active-learners",
    "operator/active_learners",
    ActiveLearnersRow,
    _learners,
    "Distinct learners with any statement per bucket.",
)
ACTIVE_COURSES = _series(
    "active-courses",
    "operator/active_courses",
    ActiveCoursesRow,
    _courses,
    "Distinct courses with any statement per bucket.",
)
# The course report's model and filling, over every course (an empty course key).
ENROLLMENT_OVER_TIME = _series(
    "enrollment-over-time",
    "enrollment/over_time",
    EnrollmentOverTimeRow,
    over_time,
    "Enrollments in every course per bucket and track, with running totals.",
    grains=GRAINS,
)
