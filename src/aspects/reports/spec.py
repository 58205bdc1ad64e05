"""Report specs and their registry: name → SQL file, parameters, columns and typed rows."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from aspects.models import load_sql
from aspects.reports.query import QueryError, ReportQuery

RowT = TypeVar("RowT")

# Every report's SQL must read through these bound parameters, so the one place that binds
# them (aspects.reports.run) scopes every report to a course, an as-of time and a learner set.
SCOPE_PLACEHOLDERS = (
    "{course_key:String}",
    "{as_of:DateTime64(6, 'UTC')}",
    "{all_learners:Bool}",
    "{learners:Array(String)}",
)


class UnknownReport(LookupError):
    """No report has this name."""


@dataclass(frozen=True)
class Option:
    """A report-specific parameter: ``parse`` turns the text into a value or raises QueryError."""

    name: str
    parse: Callable[[str], Any]
    default: str | None = None  # None: required
    help: str = ""


@dataclass(frozen=True)
class Context:
    """A validated query with everything resolved: as-of instant, period, parsed options."""

    query: ReportQuery
    as_of: datetime
    start: date | None
    end: date
    options: Mapping[str, Any]


def default_period(query: ReportQuery, as_of: datetime) -> tuple[date | None, date]:
    """``[from, to)`` as given; ``to`` defaults to the local day after ``as_of``."""
    return query.start, query.resolved_end(as_of)


def last_seven_days(query: ReportQuery, as_of: datetime) -> tuple[date | None, date]:
    """As :func:`default_period`, but ``from`` defaults to seven days before ``to``."""
    end = query.resolved_end(as_of)
    start = query.start or end - timedelta(days=7)
    if start >= end:
        raise QueryError(f"'from' ({start}) must be before 'to' ({end})")
    return start, end


def _no_binds(context: Context) -> dict[str, Any]:
    return {}


def parse_options(
    report: str, options: tuple[Option, ...], given: Mapping[str, str]
) -> dict[str, Any]:
    """A report's own parameters parsed, defaults filled in.

    Raises:
        QueryError: a required one is missing, or one does not parse.
    """
    parsed: dict[str, Any] = {}
    for option in options:
        text = given.get(option.name) or option.default
        if text is None:
            raise QueryError(
                f"report {report!r} needs the parameter {option.name!r}: {option.help}"
            )
        parsed[option.name] = option.parse(text)
    return parsed


class _Asked(Protocol):
    """What a course or an instance query has in common, for :func:`echo_params`."""

    @property
    def tz(self) -> str: ...
    @property
    def grain(self) -> str: ...
    @property
    def options(self) -> Mapping[str, str]: ...


class _Resolved(Protocol):
    """A validated query of either kind of report (course or operator)."""

    @property
    def query(self) -> _Asked: ...
    @property
    def as_of(self) -> datetime: ...
    @property
    def start(self) -> date | None: ...
    @property
    def end(self) -> date: ...


def echo_params(
    context: _Resolved, uses: frozenset[str], options: tuple[Option, ...]
) -> dict[str, Any]:
    """The effective parameters a report answers with: the common ones it uses, then its own."""
    values: dict[str, Any] = {
        "from": context.start.isoformat() if context.start else None,
        "to": context.end.isoformat(),
        "tz": context.query.tz,
        "grain": context.query.grain,
        "as_of": context.as_of.isoformat().replace("+00:00", "Z"),
    }
    echoed = {name: value for name, value in values.items() if name in uses}
    echoed.update({o.name: context.query.options.get(o.name) or o.default for o in options})
    return echoed


@dataclass(frozen=True)
class ReportSpec(Generic[RowT]):
    """One report: its SQL (``models/<sql>.sql``), its row type and how to finish rows.

    Attributes:
        name: the URL name, e.g. ``enrollment-summary``.
        sql: the model name for :func:`aspects.models.load_sql`.
        row_type: a dataclass; its fields, in order, are the report's columns.
        finish: engine rows → typed rows (percentages, filled buckets, totals).
        uses: which common parameters (from, to, tz, grain, as_of) the report reads.
        options: report-specific parameters.
        bind: extra SQL parameters from the context.
        period: how ``from``/``to`` default.
    """

    name: str
    sql: str
    row_type: type[RowT]
    finish: Callable[[list[dict[str, Any]], Context], list[RowT]]
    uses: frozenset[str] = frozenset({"as_of"})
    options: tuple[Option, ...] = ()
    bind: Callable[[Context], dict[str, Any]] = _no_binds
    period: Callable[[ReportQuery, datetime], tuple[date | None, date]] = default_period
    description: str = ""
    columns: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        names = tuple(f.name for f in dataclasses.fields(self.row_type))  # type: ignore[arg-type]
        object.__setattr__(self, "columns", names)

    def validate(self, query: ReportQuery, as_of: datetime) -> Context:
        """Check the options and resolve defaults.

        Raises:
            QueryError: an unknown, missing or bad option.
        """
        known = {option.name for option in self.options}
        for name in query.options:
            if name not in known:
                allowed = ", ".join(sorted(known | {"from", "to", "tz", "grain", "as_of"}))
                raise QueryError(
                    f"report {self.name!r} takes no parameter {name!r} (parameters: {allowed})"
                )
        parsed = parse_options(self.name, self.options, query.options)
        start, end = self.period(query, as_of)
        return Context(query, as_of, start, end, parsed)

    def echo(self, context: Context) -> dict[str, Any]:
        """The effective parameters, as the JSON answer shows them."""
        return echo_params(context, self.uses, self.options)


REPORTS: dict[str, ReportSpec[Any]] = {}


def register(spec: ReportSpec[RowT]) -> ReportSpec[RowT]:
    """Add a report; its SQL must bind every scope placeholder (checked now, not at run)."""
    if spec.name in REPORTS:
        raise ValueError(f"report {spec.name!r} is registered twice")
    text = load_sql(spec.sql)
    missing = [p for p in SCOPE_PLACEHOLDERS if p not in text]
    if missing:
        raise ValueError(f"models/{spec.sql}.sql does not read the scope {missing}")
    REPORTS[spec.name] = spec
    return spec


def get_spec(name: str) -> ReportSpec[Any]:
    """The report called ``name``.

    Raises:
        UnknownReport: listing the known names.
    """
    try:
        return REPORTS[name]
    except KeyError:
        raise UnknownReport(
            f"unknown report {name!r}; reports: {', '.join(sorted(REPORTS))}"
        ) from None
