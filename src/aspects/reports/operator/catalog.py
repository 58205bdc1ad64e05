"""The instance's courses and organizations (METRICS.md "Operator"), one row each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aspects.reports.spec import Context, ReportSpec, Scope, register


@dataclass(frozen=True)
class OperatorCourseRow:
    """One course: name (None without LMS data), org, enrollees, recent learners, activity."""

    course_key: str
    name: str | None
    org: str
    current_enrollees: int
    active_learners_7d: int
    statements: int
    last_activity: datetime


@dataclass(frozen=True)
class OrganizationRow:
    """One organization: its courses, their current enrollments, recent learners, activity."""

    org: str
    courses: int
    current_enrollments: int
    active_learners_7d: int
    last_activity: datetime


def _courses(raw: list[dict[str, Any]], context: Context) -> list[OperatorCourseRow]:
    return [
        OperatorCourseRow(
            r["course_key"],
            r["name"] or None,
            r["org"],
            r["current_enrollees"],
            r["active_learners_7d"],
            r["statements"],
            r["last_activity"],
        )
        for r in raw
    ]


def _organizations(raw: list[dict[str, Any]], context: Context) -> list[OrganizationRow]:
    return [
        OrganizationRow(
            r["org"],
            r["courses"],
            r["current_enrollments"],
            r["active_learners_7d"],
            r["last_activity"],
        )
        for r in raw
    ]


COURSES = register(
    ReportSpec(
        "courses",
        "operator/courses",
        OperatorCourseRow,
        _courses,
        scope=Scope.INSTANCE,
        description="Every course: enrollees, learners active in the last 7 days, activity.",
    )
)
ORGANIZATIONS = register(
    ReportSpec(
        "organizations",
        "operator/organizations",
        OrganizationRow,
        _organizations,
        scope=Scope.INSTANCE,
        description="Every organization: courses, enrollments, learners active in 7 days.",
    )
)
