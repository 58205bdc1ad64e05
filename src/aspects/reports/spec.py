"""Report specs and their one registry: name → SQL, parameters, columns and typed rows.

A report has a scope: a **course** (``/api/v1/courses/{course_key}/reports/{name}``) or the
whole **instance** (``/api/v1/operator/reports/{name}``, operators only). Both kinds share this
spec, one registry and one runner (:mod:`aspects.reports.run`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Any, Generic, TypeVar

from aspects.models import load_sql
from aspects.reports.outline import Outline
from aspects.reports.query import (
    COMMON_PARAMS,
    GRAINS,
    INSTANCE_GRAINS,
    Grain,
    QueryError,
    ReportQuery,
)
from aspects.reports.timings import ReportTimings

RowT = TypeVar("RowT")
EPOCH = date(1970, 1, 1)


class Scope(Enum):
    """What a report is about: one course, or the whole instance."""

    COURSE = "course"
    INSTANCE = "instance"


# Every course report's SQL must read these bound parameters, so the one place that binds
# them (aspects.reports.run) scopes every course report to a course, an instant and a learner
# set. Instance reports read all courses; they need what each common parameter they use binds.
SCOPE_PLACEHOLDERS = (
    "{course_key:String}",
    "{as_of:DateTime64(6, 'UTC')}",
    "{all_learners:Bool}",
    "{learners:Array(String)}",
)
PARAMETER_PLACEHOLDERS = {
    "as_of": ("{as_of:DateTime64(6, 'UTC')}",),
    "from": ("{start_at:DateTime64(6, 'UTC')}", "{from:Date}"),
    "to": ("{end_at:DateTime64(6, 'UTC')}", "{to:Date}"),
    "tz": ("{tz:String}", "{start_at:DateTime64(6, 'UTC')}"),  # start_at is a local midnight
    "grain": ("{grain:String}",),
}


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
    """A validated query with everything resolved: as-of instant, local period, options."""

    query: ReportQuery
    as_of: datetime
    start: date | None
    end: date
    options: Mapping[str, Any]
    # The course's outline, for a report that lays its rows out by it (ReportSpec.outline);
    # empty for the others.
    outline: Outline = Outline(())

    @property
    def start_at(self) -> datetime:
        """The instant the period starts (local midnight of ``from``; 1970 without one)."""
        return self.query.midnight(self.start) if self.start else datetime(1970, 1, 1, tzinfo=UTC)

    @property
    def end_at(self) -> datetime:
        """The instant the period ends (local midnight of ``to``), exclusive."""
        return self.query.midnight(self.end)

    @property
    def whole(self) -> bool:
        """Whether the period holds the whole history up to as_of.

        No ``from``, and ``to`` after as_of's local date (a statement at or before as_of is
        in it).
        """
        return self.start is None and self.end > self.query.local_date(self.as_of)

    def binds(self) -> dict[str, Any]:
        """The common bound values: the period's (:data:`PARAMETER_PLACEHOLDERS`), as_of."""
        return {
            "as_of": self.as_of,
            "start_at": self.start_at,
            "end_at": self.end_at,
            "from": self.start or EPOCH,
            "to": self.end,
            "tz": self.query.tz,
            "grain": self.query.grain,
        }


Period = Callable[[ReportQuery, datetime], tuple[date | None, date]]
# Where rows come from when they are not in the store (the slow-query log).
Fetch = Callable[[ReportTimings, Context], list[dict[str, Any]]]


def default_period(query: ReportQuery, as_of: datetime) -> tuple[date | None, date]:
    """``[from, to)`` as given; ``to`` defaults to the local day after ``as_of``."""
    return query.start, query.resolved_end(as_of)


def last_days(days: int) -> Period:
    """As :func:`default_period`, but ``from`` defaults to ``days`` days before ``to``."""

    def period(query: ReportQuery, as_of: datetime) -> tuple[date | None, date]:
        end = query.resolved_end(as_of)
        start = query.start or end - timedelta(days=days)
        if start >= end:
            raise QueryError(f"'from' ({start}) must be before 'to' ({end})")
        return start, end

    return period


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


def echo_params(
    context: Context, uses: frozenset[str], options: tuple[Option, ...]
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
        sql: the model name for :func:`aspects.models.load_sql` ("" with ``fetch``).
        row_type: a dataclass; its fields, in order, are the report's columns.
        finish: engine rows → typed rows (percentages, filled buckets, totals).
        scope: a course's report, or the instance's (operators only).
        uses: which common parameters (from, to, tz, grain, as_of) the report reads.
        options: report-specific parameters.
        bind: extra SQL parameters from the context.
        period: how ``from``/``to`` default.
        grains: the grains it accepts, when it uses ``grain``.
        fetch: where rows come from instead of SQL (the slow-query log).
        whole: the same report over a course's whole history as of now, from the learner
            facts' summaries (``models/<whole>.sql``): run instead of ``sql`` when
            :meth:`Context.whole` and the course's span allow (aspects.reports.run).
        outline: whether the report reads the course's outline (``Context.outline``, loaded
            before its SQL runs: aspects.reports.outline).
    """

    name: str
    sql: str
    row_type: type[RowT]
    finish: Callable[[list[dict[str, Any]], Context], list[RowT]]
    scope: Scope = Scope.COURSE
    uses: frozenset[str] = frozenset({"as_of"})
    options: tuple[Option, ...] = ()
    bind: Callable[[Context], dict[str, Any]] = _no_binds
    period: Period = default_period
    grains: tuple[Grain, ...] | None = None  # None: every grain of its scope
    fetch: Fetch | None = None
    whole: str | None = None
    outline: bool = False
    description: str = ""
    columns: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        names = tuple(f.name for f in dataclasses.fields(self.row_type))  # type: ignore[arg-type]
        object.__setattr__(self, "columns", names)

    def validate(self, query: ReportQuery, as_of: datetime) -> Context:
        """Check grain and options, resolve the period.

        Raises:
            QueryError: an unknown, missing or bad parameter.
        """
        known = {option.name for option in self.options}
        # A course report names every common parameter a course query takes; an instance
        # report only those it reads.
        common = frozenset(COMMON_PARAMS) if self.scope is Scope.COURSE else self.uses
        for name in query.options:
            if name not in known:
                allowed = ", ".join(sorted(known | common))
                raise QueryError(
                    f"report {self.name!r} takes no parameter {name!r} "
                    f"(parameters: {allowed or 'none'})"
                )
        grains = self.grains or (GRAINS if self.scope is Scope.COURSE else INSTANCE_GRAINS)
        if "grain" in self.uses and query.grain not in grains:
            raise QueryError(
                f"report {self.name!r} takes grain {', '.join(grains)}, not {query.grain!r}"
            )
        parsed = parse_options(self.name, self.options, query.options)
        start, end = self.period(query, as_of)
        return Context(query, as_of, start, end, parsed)

    def echo(self, context: Context) -> dict[str, Any]:
        """The effective parameters, as the JSON answer shows them."""
        return echo_params(context, self.uses, self.options)


_REGISTRY: dict[Scope, dict[str, ReportSpec[Any]]] = {scope: {} for scope in Scope}
REPORTS = _REGISTRY[Scope.COURSE]  # the course reports by name
INSTANCE_REPORTS = _REGISTRY[Scope.INSTANCE]  # the operator's, by name


def _check_sql(spec: ReportSpec[Any]) -> None:
    if bool(spec.sql) == (spec.fetch is not None):
        raise ValueError(f"report {spec.name!r} needs one of sql or fetch")
    if not spec.sql:
        return
    text = load_sql(spec.sql)
    if spec.scope is Scope.COURSE:
        missing = [p for p in SCOPE_PLACEHOLDERS if p not in text]
        if missing:
            raise ValueError(f"models/{spec.sql}.sql does not read the scope {missing}")
    for name in spec.uses:
        if not any(p in text for p in PARAMETER_PLACEHOLDERS[name]):
            raise ValueError(f"models/{spec.sql}.sql does not read the parameter {name!r}")


def register(spec: ReportSpec[RowT]) -> ReportSpec[RowT]:
    """Add a report; its SQL must read the scope and every parameter it uses (checked now)."""
    if spec.name in _REGISTRY[spec.scope]:
        raise ValueError(f"{spec.scope.value} report {spec.name!r} is registered twice")
    _check_sql(spec)
    _REGISTRY[spec.scope][spec.name] = spec
    return spec


def scope_of(query: ReportQuery) -> Scope:
    """The scope a query asks for: its course, or the instance when it names none."""
    return Scope.INSTANCE if query.course_key is None else Scope.COURSE


def get_spec(name: str, scope: Scope = Scope.COURSE) -> ReportSpec[Any]:
    """The report of ``scope`` called ``name``.

    Raises:
        UnknownReport: listing the known names.
    """
    try:
        return _REGISTRY[scope][name]
    except KeyError:
        kind = "operator report" if scope is Scope.INSTANCE else "report"
        known = ", ".join(sorted(_REGISTRY[scope]))
        raise UnknownReport(f"unknown {kind} {name!r}; reports: {known}") from None
