"""Instance-wide reports for operators (issue 6): the course framework without a course."""

from aspects.reports.operator import catalog, health, usage  # noqa: F401  (register them)
from aspects.reports.operator.query import InstanceQuery
from aspects.reports.operator.run import OperatorResult, run_operator_report
from aspects.reports.operator.spec import OPERATOR_REPORTS, OperatorSpec, get_operator_spec

__all__ = [
    "OPERATOR_REPORTS",
    "InstanceQuery",
    "OperatorResult",
    "OperatorSpec",
    "get_operator_spec",
    "run_operator_report",
]
