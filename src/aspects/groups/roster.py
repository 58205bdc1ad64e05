"""Every learner of a course with the state the groups filter on (``models/learners/roster``)."""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

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


def _utc(value: datetime | None) -> datetime | None:
    # The engine returns naive UTC datetimes; minIf/maxIf over no rows give the epoch.
    if value is None or value.year <= 1970:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _grade(value: float | None) -> float | None:
    # Four decimals, as the grade reports show them.
    return None if value is None else round_half_away(Decimal(repr(value)), 4)


class RosterCache:
    """The rosters of the last few (course, instant, learners, data version) asked for.

    A page asks for one instant in each of its requests (group.js sends its as_of): the roster
    of that instant is computed once and kept while the data it reads is unchanged (measured:
    2.5 s a roster at 30,000 learners, 11 requests a group page). The app holds one
    (:class:`aspects.context.AppContext`); thread-safe.
    """

    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._rosters: OrderedDict[tuple[Any, ...], list[Learner]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> list[Learner] | None:
        """The roster kept under ``key``, if any."""
        with self._lock:
            return self._rosters.get(key)

    def put(self, key: tuple[Any, ...], learners: list[Learner]) -> None:
        """Keep ``learners`` under ``key``, dropping the oldest beyond the size."""
        with self._lock:
            self._rosters[key] = learners
            while len(self._rosters) > self._size:
                self._rosters.popitem(last=False)


def load_roster(
    store: Store,
    course_key: str,
    as_of: datetime,
    pii: bool,
    only: Sequence[str] | None = None,
    cache: RosterCache | None = None,
) -> list[Learner]:
    """Every learner ever enrolled in ``course_key`` as of ``as_of``, by anonymous id.

    Args:
        store: the open store.
        course_key: the course.
        as_of: statements after this instant are ignored.
        pii: whether names, usernames and e-mails may be shown (``can_see_pii``); when not,
            they are blanked here, before anything else sees them.
        only: these anonymous ids only (one learner's page), else everyone.
        cache: where rosters of the same instant and data are kept (none: always computed).
    """
    learners: list[Learner] | None = None
    if cache is not None:
        version = store.query(load_sql("learners/roster_version"), {"course_key": course_key})
        key = (course_key, as_of, tuple(sorted(only)) if only is not None else None, *version[0])
        learners = cache.get(key)
    if learners is None:
        learners = _read_roster(store, course_key, as_of, only)
        if cache is not None:
            cache.put(key, learners)
    return list(learners) if pii else [learner.masked() for learner in learners]


def _read_roster(
    store: Store, course_key: str, as_of: datetime, only: Sequence[str] | None
) -> list[Learner]:
    params = {
        "course_key": course_key,
        "as_of": as_of,
        "all_learners": only is None,
        "learners": sorted(only or ()),
    }
    rows = store.query_dicts(load_sql("learners/roster"), params)
    return [
        Learner(
            anonymous_id=row["anonymous_id"],
            user_id=row["user_id"],
            username=row["username"],
            name=row["name"],
            email=row["email"],
            track=row["track"],
            first_enrolled_at=_utc(row["first_enrolled_at"]),
            enrolled_at=_utc(row["enrolled_at"]),
            last_visit=_utc(row["last_visit"]),
            grade=_grade(row["grade"]),
            passed=bool(row["passed"]),
            current=bool(row["current"]),
            engaged=bool(row["engaged"]),
            sections_visited=tuple(row["sections_visited"]),
        )
        for row in rows
    ]


def actors_named(store: Store, username: str) -> list[str]:
    """The anonymous ids the LMS maps to ``username`` (for lookups by username)."""
    rows = store.query(load_sql("learners/by_username"), {"username": username})
    return [row[0] for row in rows]
