"""Run an operator report: the same permission check, limits and slow-query log as courses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic

from aspects.models import load_sql
from aspects.reports.operator.query import InstanceQuery
from aspects.reports.operator.spec import OperatorSpec, get_operator_spec
from aspects.reports.run import (
    Limits,
    Permission,
    ReportTooLarge,
    check_permission,
    fetch_rows,
)
from aspects.reports.spec import RowT
from aspects.store import Store


@dataclass(frozen=True)
class OperatorResult(Generic[RowT]):
    """An operator report's answer: effective parameters, columns and rows."""

    report: str
    params: dict[str, Any]
    columns: tuple[str, ...]
    rows: list[RowT]

    def dicts(self) -> Iterator[dict[str, Any]]:
        """Each row as ``{column: value}``."""
        for row in self.rows:
            yield {name: getattr(row, name) for name in self.columns}

    def as_json(self) -> dict[str, Any]:
        """The JSON answer of ``/api/v1/operator/reports/{name}``."""
        return {
            "report": self.report,
            "params": self.params,
            "columns": list(self.columns),
            "rows": list(self.dicts()),
        }


def run_operator_report(
    store: Store,
    name: str,
    query: InstanceQuery,
    permission: Permission | None = None,
    limits: Limits | None = None,
    now: datetime | None = None,
) -> OperatorResult[Any]:
    """Validate, check, run and finish one instance-wide report.

    Raises:
        UnknownReport: no operator report ``name``.
        QueryError: a bad parameter.
        Forbidden: the permission does not allow instance-wide reports.
        ReportTooLarge: more rows than ``limits.max_rows``.
        ReportTimeout: longer than ``limits.max_seconds``.
    """
    spec: OperatorSpec[Any] = get_operator_spec(name)
    check_permission(None, permission)  # the one check, as for courses: operators only
    limits = limits or Limits()
    context = spec.validate(query, query.resolved_as_of(now))
    if spec.fetch is not None:
        raw = spec.fetch(store, context)
    else:
        sql = load_sql(spec.sql)
        # Only what the SQL reads: without any {name:Type} placeholder the client would
        # format the text with Python's % operator instead.
        binds = {k: v for k, v in context.binds().items() if f"{{{k}:" in sql}
        raw = fetch_rows(store, spec.name, None, sql, binds, limits)
    rows = spec.finish(raw, context)
    if len(rows) > limits.max_rows:
        raise ReportTooLarge(
            f"the report has more than {limits.max_rows} rows; "
            "choose a shorter period or a coarser grain"
        )
    return OperatorResult(spec.name, spec.echo(context), spec.columns, rows)
