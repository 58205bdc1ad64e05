"""Run a report: the one place that scopes, permits, limits and binds every report query.

STYLE.md 6: validate → build → run → typed result, for course and instance reports alike. The
learner filter (learner groups) and the permission hook (secure access) are applied here and
nowhere else, so a page, an export and a test all get the same rows.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, Protocol

from clickhouse_connect.driver.exceptions import DatabaseError

from aspects.models import load_sql
from aspects.reports.outline import load_outline
from aspects.reports.query import ReportQuery
from aspects.reports.spec import EPOCH, Context, ReportSpec, RowT, get_spec, scope_of
from aspects.reports.timings import ReportTimings
from aspects.store import Store

# ClickHouse error codes for the two limits (ErrorCodes.cpp).
_TOO_MANY_ROWS = "Code: 396."
_TIMEOUT = "Code: 159."


class ReportRefused(RuntimeError):
    """The report cannot be answered as asked (HTTP status in ``status``)."""

    status = 400


class Forbidden(ReportRefused):
    """The viewer may not see this course."""

    status = 403


class ReportTooLarge(ReportRefused):
    """More rows than the row limit: narrow the period or use a coarser grain."""

    status = 413


class ReportTimeout(ReportRefused):
    """The report ran longer than the time limit."""

    status = 504


@dataclass(frozen=True)
class LearnerFilter:
    """Restrict a report to some learners (``actor_id``): these ids, or a subquery's.

    ``sql`` selects one column of anonymous ids (a learner group's members, computed in the
    engine: aspects.groups.members) reading ``params``; it stands for the report SQL's
    ``{learners:Array(String)}``.
    """

    actor_ids: frozenset[str] = frozenset()
    sql: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    def apply(self, report_sql: str) -> str:
        """The report's SQL restricted to these learners."""
        if self.sql is None:
            return report_sql
        return report_sql.replace(LEARNERS, f"(\n{self.sql}\n)")


# The report SQL's placeholder for the learners it is restricted to (see ReportSpec).
LEARNERS = "{learners:Array(String)}"


class Permission(Protocol):
    """What the viewer may see (a :class:`~aspects.auth.principal.Principal`, or a set)."""

    def allows_course(self, course_key: str) -> bool:
        """Whether the viewer may see reports of ``course_key``."""
        ...

    def allows_instance(self) -> bool:
        """Whether the viewer may see instance-wide (operator) reports."""
        ...


@dataclass(frozen=True)
class CourseSet:
    """A permission that allows a fixed set of courses."""

    courses: frozenset[str]

    def allows_course(self, course_key: str) -> bool:
        """Whether ``course_key`` is in the set."""
        return course_key in self.courses

    def allows_instance(self) -> bool:
        """A set of courses never grants the whole instance."""
        return False


@dataclass(frozen=True)
class Limits:
    """Row and time limits applied to every report query (engine settings per query)."""

    max_rows: int = 100_000
    max_seconds: float = 30.0

    def settings(self) -> dict[str, Any]:
        """ClickHouse settings: the result row limit (+1 to detect overflow) and timeout."""
        return {"max_result_rows": self.max_rows + 1, "max_execution_time": self.max_seconds}


@dataclass(frozen=True)
class ReportResult(Generic[RowT]):
    """A report's answer: what was asked (effective parameters), its columns and rows.

    ``course_key`` is None for an instance-wide report (and absent from its JSON).
    """

    report: str
    course_key: str | None
    params: dict[str, Any]
    columns: tuple[str, ...]
    rows: list[RowT]

    def dicts(self) -> Iterator[dict[str, Any]]:
        """Each row as ``{column: value}``."""
        for row in self.rows:
            yield {name: getattr(row, name) for name in self.columns}

    def header(self) -> dict[str, Any]:
        """What the JSON answer says before its columns and rows: report, course, params."""
        scope = {} if self.course_key is None else {"course_key": self.course_key}
        return {"report": self.report, **scope, "params": self.params}

    def as_json(self) -> dict[str, Any]:
        """The JSON answer of ``…/reports/{name}``."""
        return {**self.header(), "columns": list(self.columns), "rows": list(self.dicts())}


def check_permission(course_key: str | None, permission: Permission | None) -> None:
    """The permission hook: every course route and report passes through here.

    ``course_key`` None asks for an instance-wide report (``/api/v1/operator``, issue 6),
    which only operators may read.

    Raises:
        Forbidden: when a permission is given and does not allow the course (or instance).
    """
    if permission is None:
        return
    if course_key is None:
        if not permission.allows_instance():
            raise Forbidden("only instance operators may see instance-wide reports")
    elif not permission.allows_course(course_key):
        raise Forbidden(f"you may not see reports of {course_key}")


def report_sql(spec: ReportSpec[Any], learners: LearnerFilter | None, whole: bool = False) -> str:
    """The report's SQL (its ``whole`` one with ``whole``), restricted to ``learners``.

    Restricted when the learners are a subquery (a group); ids are a bound parameter.
    """
    sql = load_sql(spec.whole if whole and spec.whole else spec.sql)
    return learners.apply(sql) if learners else sql


def whole_history(store: Store, spec: ReportSpec[Any], context: Context) -> bool:
    """Whether the report may run its ``whole`` SQL, which gives the same rows here.

    The period holds the whole history, and every statement of the course is some learner's
    and none is later than as_of (or before the 1970 the period's SQL starts at): summaries
    of all of it are what the period's rows are computed from.
    """
    if spec.whole is None or not context.whole or not context.query.course_key:
        return False
    known, earliest, latest, anonymous = store.query(
        load_sql("facts/span"), {"course_key": context.query.course_key}
    )[0]
    if not known:
        return True
    beginning = context.query.midnight(EPOCH)
    earliest, latest = (t if t.tzinfo else t.replace(tzinfo=UTC) for t in (earliest, latest))
    return anonymous == 0 and latest <= context.as_of and earliest >= beginning


def bound_values(
    spec: ReportSpec[Any], context: Context, learners: LearnerFilter | None, sql: str
) -> dict[str, Any]:
    """Every value the report's ``sql`` reads: the scope, the period's, then the report's own.

    Only the names the SQL has placeholders for: without any, the client would format the
    text with Python's ``%`` operator instead.
    """
    values = {
        **(learners.params if learners else {}),
        "course_key": context.query.course_key or "",
        "all_learners": learners is None,
        "learners": sorted(learners.actor_ids) if learners is not None else [],
        **context.binds(),
        **spec.bind(context),
    }
    return {name: value for name, value in values.items() if f"{{{name}:" in sql}


def run_report(
    store: Store,
    name: str,
    query: ReportQuery,
    learners: LearnerFilter | None = None,
    permission: Permission | None = None,
    limits: Limits | None = None,
    now: datetime | None = None,
    timings: ReportTimings | None = None,
) -> ReportResult[Any]:
    """Validate, build, run and finish one report; its time goes to ``timings``.

    A query without a course asks for an instance-wide (operator) report.

    Raises:
        UnknownReport: no report ``name`` of that scope.
        QueryError: a bad parameter.
        Forbidden: the permission does not allow the course (or the instance).
        ReportTooLarge: more rows than ``limits.max_rows``.
        ReportTimeout: longer than ``limits.max_seconds``.
    """
    spec: ReportSpec[Any] = get_spec(name, scope_of(query))
    check_permission(query.course_key, permission)
    limits, timings = limits or Limits(), timings or ReportTimings()
    context = spec.validate(query, query.resolved_as_of(now))
    if spec.outline and query.course_key:
        context = dataclasses.replace(context, outline=load_outline(store, query.course_key))
    if spec.fetch is not None:
        raw = spec.fetch(timings, context)
    else:
        sql = report_sql(spec, learners, whole_history(store, spec, context))
        params = bound_values(spec, context, learners, sql)
        raw = fetch_rows(store, spec.name, query.course_key, sql, params, limits, timings)
    rows = spec.finish(raw, context)
    if len(rows) > limits.max_rows:
        raise ReportTooLarge(_too_large(limits))
    return ReportResult(spec.name, query.course_key, spec.echo(context), spec.columns, rows)


def fetch_rows(
    store: Store,
    report: str,
    course_key: str | None,
    sql: str,
    params: dict[str, Any],
    limits: Limits,
    timings: ReportTimings,
) -> list[dict[str, Any]]:
    """Run one report's SQL under ``limits``; its time goes to the slow-query log ``timings``.

    Raises:
        ReportTooLarge: more rows than ``limits.max_rows``.
        ReportTimeout: longer than ``limits.max_seconds``.
    """
    started, outcome, raw = time.perf_counter(), "error", None
    try:
        raw = store.query_dicts(sql, params, settings=limits.settings())
        outcome = "ok"
        return raw
    except DatabaseError as exc:
        if _TOO_MANY_ROWS in str(exc):
            outcome = "too_large"
            raise ReportTooLarge(_too_large(limits)) from exc
        if _TIMEOUT in str(exc):
            outcome = "timeout"
            raise ReportTimeout(f"the report took longer than {limits.max_seconds:g} s") from exc
        raise
    finally:
        elapsed_ms = (time.perf_counter() - started) * 1000
        rows = None if raw is None else len(raw)
        timings.record(report, course_key, elapsed_ms, rows, outcome)


def _too_large(limits: Limits) -> str:
    return (
        f"the report has more than {limits.max_rows} rows; "
        "choose a shorter period or a coarser grain"
    )


def row_values(row: Any) -> tuple[Any, ...]:
    """A typed row's values in column order."""
    return dataclasses.astuple(row)
