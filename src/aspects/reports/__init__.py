"""Typed course reports: validated query → SQL model → typed rows, one registry, one runner."""

from aspects.reports import (  # noqa: F401  (register the reports)
    engagement,
    enrollment,
    grades,
    problems,
    video,
)
from aspects.reports.query import QueryError, ReportQuery
from aspects.reports.run import (
    CourseSet,
    Forbidden,
    LearnerFilter,
    Limits,
    Permission,
    ReportRefused,
    ReportResult,
    ReportTimeout,
    ReportTooLarge,
    check_permission,
    run_report,
)
from aspects.reports.spec import REPORTS, ReportSpec, UnknownReport, get_spec, register

__all__ = [
    "REPORTS",
    "CourseSet",
    "Forbidden",
    "LearnerFilter",
    "Limits",
    "Permission",
    "QueryError",
    "ReportQuery",
    "ReportRefused",
    "ReportResult",
    "ReportSpec",
    "ReportTimeout",
    "ReportTooLarge",
    "UnknownReport",
    "check_permission",
    "get_spec",
    "register",
    "run_report",
]
