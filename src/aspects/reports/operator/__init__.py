"""Instance-wide reports for operators (METRICS.md "Operator"): reports of the instance scope."""

from aspects.reports.operator import catalog, health, usage  # noqa: F401  (register them)
