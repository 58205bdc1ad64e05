"""Operator report specs and their registry: name → SQL (or another source), columns, rows."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Generic

from aspects.models import load_sql
from aspects.reports.operator.query import GRAINS, InstanceQuery
from aspects.reports.query import QueryError
from aspects.reports.spec import Option, RowT, UnknownReport, echo_params, parse_options
from aspects.store import Store

EPOCH = date(1970, 1, 1)

# Parameters every operator SQL may read, bound by aspects.reports.operator.run; a report that
# uses a common parameter must read its placeholder (checked at registration).
PLACEHOLDERS = {
    "as_of": ("{as_of:DateTime64(6, 'UTC')}",),
    "from": ("{start_at:DateTime64(6, 'UTC')}", "{from:Date}"),
    "to": ("{end_at:DateTime64(6, 'UTC')}", "{to:Date}"),
    "tz": ("{tz:String}", "{start_at:DateTime64(6, 'UTC')}"),  # start_at is a local midnight
    "grain": ("{grain:String}",),
}


@dataclass(frozen=True)
class Context:
    """A validated query with everything resolved: as-of instant, local period, options."""

    query: InstanceQuery
    as_of: datetime
    start: date | None
    end: date
    options: Mapping[str, Any]

    @property
    def start_at(self) -> datetime:
        """The instant the period starts (local midnight of ``from``; 1970 without one)."""
        return self.query.midnight(self.start) if self.start else datetime(1970, 1, 1, tzinfo=UTC)

    @property
    def end_at(self) -> datetime:
        """The instant the period ends (local midnight of ``to``), exclusive."""
        return self.query.midnight(self.end)

    def binds(self) -> dict[str, Any]:
        """The bound values of :data:`PLACEHOLDERS`."""
        return {
            "as_of": self.as_of,
            "start_at": self.start_at,
            "end_at": self.end_at,
            "from": self.start or EPOCH,
            "to": self.end,
            "tz": self.query.tz,
            "grain": self.query.grain,
        }


Fetch = Callable[[Store, Context], list[dict[str, Any]]]


@dataclass(frozen=True)
class OperatorSpec(Generic[RowT]):
    """One operator report.

    Attributes:
        name: the URL name, e.g. ``statements-over-time``.
        row_type: a dataclass; its fields, in order, are the report's columns.
        finish: source rows → typed rows (filled buckets, rounding).
        sql: the model under ``models/`` (e.g. ``operator/storage``), or
        fetch: where rows come from when they are not in the store (the slow-query log).
        uses: which common parameters (from, to, tz, grain, as_of) the report reads.
        grains: the grains it accepts, when it uses ``grain``.
        options: report-specific parameters.
        default_days: with ``from`` in ``uses``, ``from`` defaults to ``to`` minus this.
    """

    name: str
    row_type: type[RowT]
    finish: Callable[[list[dict[str, Any]], Context], list[RowT]]
    sql: str = ""
    fetch: Fetch | None = None
    uses: frozenset[str] = frozenset({"as_of"})
    grains: tuple[str, ...] = GRAINS
    options: tuple[Option, ...] = ()
    default_days: int = 30
    description: str = ""
    columns: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        names = tuple(f.name for f in dataclasses.fields(self.row_type))  # type: ignore[arg-type]
        object.__setattr__(self, "columns", names)

    def validate(self, query: InstanceQuery, as_of: datetime) -> Context:
        """Check grain and options, resolve the period.

        Raises:
            QueryError: an unknown, missing or bad parameter.
        """
        known = {option.name for option in self.options}
        for name in query.options:
            if name not in known:
                allowed = ", ".join(sorted(known | self.uses))
                raise QueryError(
                    f"report {self.name!r} takes no parameter {name!r} "
                    f"(parameters: {allowed or 'none'})"
                )
        if "grain" in self.uses and query.grain not in self.grains:
            raise QueryError(
                f"report {self.name!r} takes grain {', '.join(self.grains)}, not {query.grain!r}"
            )
        parsed = parse_options(self.name, self.options, query.options)
        end = query.resolved_end(as_of)
        start = None
        if "from" in self.uses:
            start = query.start or end - timedelta(days=self.default_days)
            if start >= end:
                raise QueryError(f"'from' ({start}) must be before 'to' ({end})")
        return Context(query, as_of, start, end, parsed)

    def echo(self, context: Context) -> dict[str, Any]:
        """The effective parameters, as the JSON answer shows them."""
        return echo_params(context, self.uses, self.options)


OPERATOR_REPORTS: dict[str, OperatorSpec[Any]] = {}


def register(spec: OperatorSpec[RowT]) -> OperatorSpec[RowT]:
    """Add a report; its SQL must read the placeholder of every parameter it uses."""
    if spec.name in OPERATOR_REPORTS:
        raise ValueError(f"operator report {spec.name!r} is registered twice")
    if bool(spec.sql) == (spec.fetch is not None):
        raise ValueError(f"operator report {spec.name!r} needs one of sql or fetch")
    if spec.sql:
        text = load_sql(spec.sql)
        for name in spec.uses:
            if not any(p in text for p in PLACEHOLDERS[name]):
                raise ValueError(f"models/{spec.sql}.sql does not read the parameter {name!r}")
    OPERATOR_REPORTS[spec.name] = spec
    return spec


def get_operator_spec(name: str) -> OperatorSpec[Any]:
    """The operator report called ``name``.

    Raises:
        UnknownReport: listing the known names.
    """
    try:
        return OPERATOR_REPORTS[name]
    except KeyError:
        known = ", ".join(sorted(OPERATOR_REPORTS))
        raise UnknownReport(f"unknown operator report {name!r}; reports: {known}") from None
