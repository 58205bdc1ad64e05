"""Every learner of a course with the state the groups filter on (``models/learners/roster``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from aspects.groups.rules import GRADE_SHOWN, Condition
from aspects.models import load_sql
from aspects.reports.numbers import round_half_away
from aspects.store import Store

# The group table's columns, in order (issue 5: other tools rely on these names).
COLUMNS = (
    "anonymous_id",
    "user_id",
    "username",
    "name",
    "email",
    "track",
    "first_enrolled_at",
    "enrolled_at",
    "last_visit",
    "grade",
    "passed",
)
PII_FIELDS = ("user_id", "username", "name", "email")


@dataclass(frozen=True)
class Learner:
    """One learner of a course as of an instant (METRICS.md "Learner groups")."""

    anonymous_id: str
    user_id: int | None
    username: str
    name: str
    email: str
    track: str
    first_enrolled_at: datetime | None
    enrolled_at: datetime | None
    last_visit: datetime | None
    grade: float | None
    passed: bool
    current: bool
    engaged: bool
    sections_visited: tuple[int, ...]

    @property
    def has_pii(self) -> bool:
        """Whether a name, username or e-mail is known."""
        return bool(self.name or self.username or self.email)

    def masked(self) -> Learner:
        """The same learner shown by anonymous id only (viewer without PII permission)."""
        return dataclasses.replace(self, user_id=None, username="", name="", email="")

    def row(self) -> dict[str, Any]:
        """The group table row."""
        return {name: getattr(self, name) for name in COLUMNS}


def utc_or_none(value: datetime | None) -> datetime | None:
    """An engine time as an aware UTC datetime; None for none (or the epoch minIf gives)."""
    if value is None or value.year <= 1970:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def shown_grade(value: float | None) -> float | None:
    """A grade to four decimals, half away from zero, as the grade reports show it."""
    return None if value is None else round_half_away(Decimal(repr(value)), 4)


def load_roster(
    store: Store,
    course_key: str,
    as_of: datetime,
    pii: bool,
    only: Sequence[str] | None = None,
    where: Condition | None = None,
    order: str = "anonymous_id",
    limit: int | None = None,
    offset: int = 0,
) -> list[Learner]:
    """Every learner ever enrolled in ``course_key`` as of ``as_of``, by anonymous id.

    Args:
        store: the open store.
        course_key: the course.
        as_of: statements after this instant are ignored.
        pii: whether names, usernames and e-mails may be shown (``can_see_pii``); when not,
            they are blanked here, before anything else sees them.
        only: these anonymous ids only (one learner's page), else everyone.
        where: only the learners meeting this condition (a group's rule), in SQL.
        order: the engine's order (default by anonymous id; :func:`sort_order`).
        limit: at most this many (a page), else all.
        offset: after skipping this many.
    """
    learners = _read_roster(store, course_key, as_of, only, where, order, limit, offset)
    return learners if pii else [learner.masked() for learner in learners]


# How the group table sorts a column: empty values (no value, or '') last whatever the
# direction, then by anonymous id (aspects.groups.routes; METRICS.md grades to 4 decimals).
_EMPTY = {
    "anonymous_id": "anonymous_id = ''",
    "username": "username = ''",
    "name": "name = ''",
    "email": "email = ''",
    "track": "track = ''",
    "user_id": "user_id is null",
    "first_enrolled_at": "toYear(first_enrolled_at) <= 1970",
    "enrolled_at": "toYear(enrolled_at) <= 1970",
    "last_visit": "last_visit is null",
    "grade": "grade is null",
    "passed": "false",
}
_SORT_VALUE = {"grade": GRADE_SHOWN}


def sort_order(column: str, descending: bool, pii: bool) -> str:
    """The ``order by`` of the group table sorted by ``column`` (one of :data:`COLUMNS`).

    Without PII permission the PII columns are blank for the viewer, so sorting by one is
    sorting by nothing: by anonymous id.
    """
    if column not in _EMPTY:
        raise ValueError(f"not a roster column: {column!r}")
    if column in PII_FIELDS and not pii:
        return "anonymous_id"
    direction = "desc" if descending else "asc"
    empty, value = _EMPTY[column], _SORT_VALUE.get(column, column)
    return (
        f"({empty}) asc, if({empty}, null, {value}) {direction},"
        f" if({empty}, '', anonymous_id) {direction}, anonymous_id asc"
    )


def roster_params(
    store: Store, course_key: str, as_of: datetime, only: Sequence[str] | None = None
) -> dict[str, Any]:
    """The values ``models/learners/roster_states.sql`` (and what includes it) reads.

    Whether any learner of the course has statements after ``as_of`` is asked first: when
    none has, the roster is the learner facts alone and the recomputation reads nothing.
    """
    late = store.query(load_sql("learners/late"), {"course_key": course_key, "as_of": as_of})
    return {
        "course_key": course_key,
        "as_of": as_of,
        "scope_courses": [course_key],
        "scope_all": only is None,
        "scope_actors": sorted(only or ()) or [""],
        "scope_pairs": [(course_key, actor) for actor in sorted(only or ())] or [("", "")],
        "scope_late": True,
        "roster_live": bool(late[0][0]),  # read by states_sql(), not by the engine
    }


def states_sql(name: str, params: dict[str, Any]) -> str:
    """``models/<name>.sql``, which reads the roster states (learners/roster_states).

    When no learner of the course has a statement after as_of (``roster_live`` false in
    :func:`roster_params`), the states are the learner facts' rows alone: the recomputation
    is left out of the text, not only filtered away (planning it costs ~30 ms at 10 M).
    """
    sql = load_sql(name)
    if params["roster_live"]:
        return sql
    return sql.replace(load_sql("learners/roster_states"), load_sql("learners/roster_settled"))


def _read_roster(
    store: Store,
    course_key: str,
    as_of: datetime,
    only: Sequence[str] | None,
    where: Condition | None,
    order: str = "anonymous_id",
    limit: int | None = None,
    offset: int = 0,
) -> list[Learner]:
    rows = roster_rows(store, course_key, as_of, ("*",), only, where, order, limit, offset)
    return [
        Learner(
            anonymous_id=row["anonymous_id"],
            user_id=row["user_id"],
            username=row["username"],
            name=row["name"],
            email=row["email"],
            track=row["track"],
            first_enrolled_at=utc_or_none(row["first_enrolled_at"]),
            enrolled_at=utc_or_none(row["enrolled_at"]),
            last_visit=utc_or_none(row["last_visit"]),
            grade=shown_grade(row["grade"]),
            passed=bool(row["passed"]),
            current=bool(row["current"]),
            engaged=bool(row["engaged"]),
            sections_visited=tuple(row["sections_visited"]),
        )
        for row in rows
    ]


def roster_rows(
    store: Store,
    course_key: str,
    as_of: datetime,
    columns: Sequence[str],
    only: Sequence[str] | None = None,
    where: Condition | None = None,
    order: str = "anonymous_id",
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Some ``columns`` of the roster (``models/learners/roster``) as the engine gives them.

    ``columns``, ``order`` and ``where`` are fixed fragments (column names checked by the
    caller, aspects.groups.rules); every value is bound. ``limit`` and ``offset`` page it.
    """
    source, params = roster_source(store, course_key, as_of, only, where)
    paging = ""
    if limit is not None:
        paging = " limit {roster_limit:UInt64} offset {roster_offset:UInt64}"
        params.update(roster_limit=limit, roster_offset=offset)
    sql = f"select {', '.join(columns)} from (\n{source}\n) order by {order}{paging}"  # noqa: S608
    return store.query_dicts(sql, params)


def roster_source(
    store: Store,
    course_key: str,
    as_of: datetime,
    only: Sequence[str] | None = None,
    where: Condition | None = None,
) -> tuple[str, dict[str, Any]]:
    """The roster's rows meeting ``where`` as SQL (to select from), with its bound values."""
    params = roster_params(store, course_key, as_of, only)
    sql = states_sql("learners/roster", params)
    condition = "true"
    if where is not None:
        condition = where.sql
        params.update(where.params)
    return f"select * from (\n{sql}\n) where {condition}", params  # noqa: S608  (fixed fragments)


def actors_named(store: Store, username: str) -> list[str]:
    """The anonymous ids the LMS maps to ``username`` (for lookups by username)."""
    rows = store.query(load_sql("learners/by_username"), {"username": username})
    return [row[0] for row in rows]
