"""Typed reports of a course or the instance: validated query → SQL model → typed rows.

One registry (:mod:`aspects.reports.spec`) and one runner (:mod:`aspects.reports.run`); the
modules below register the reports when this package is imported.
"""

from aspects.reports import (  # noqa: F401  (register the reports)
    engagement,
    enrollment,
    grades,
    operator,
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
from aspects.reports.spec import (
    INSTANCE_REPORTS,
    REPORTS,
    ReportSpec,
    Scope,
    UnknownReport,
    get_spec,
    register,
)

__all__ = [
    "INSTANCE_REPORTS",
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
    "Scope",
    "UnknownReport",
    "check_permission",
    "get_spec",
    "register",
    "run_report",
]
