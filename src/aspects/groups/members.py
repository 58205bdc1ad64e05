"""A group's members as of an instant: the built-in at-risk group or a saved custom group."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from aspects.groups.roster import (
    Learner,
    load_roster,
    roster_params,
    roster_rows,
    roster_source,
    states_sql,
)
from aspects.groups.rules import AT_RISK, Condition, at_risk
from aspects.groups.saved import SavedGroup, get_group, list_groups
from aspects.groups.summary import group_tallies
from aspects.reports.query import QueryError, ReportQuery
from aspects.store import Store

GROUP_PARAMS = ("inactive_days", "sort", "page", "page_size")
AT_RISK_NAME = "At-risk learners"


class UnknownGroup(LookupError):
    """No group has this id in this course."""


@dataclass(frozen=True)
class GroupQuery:
    """A course, the instant the groups are computed at, the at-risk threshold and the zone."""

    report: ReportQuery  # course, tz, grain, as_of resolved; options without GROUP_PARAMS
    as_of: datetime
    inactive_days: int

    @classmethod
    def from_params(
        cls, course_key: str, params: Mapping[str, str], default_inactive_days: int
    ) -> GroupQuery:
        """Parse ``as_of``, ``inactive_days``, ``tz``, ``grain`` and report options.

        Raises:
            QueryError: for a bad value.
        """
        query = ReportQuery.from_params(course_key, params)
        text = params.get("inactive_days")
        days = default_inactive_days
        if text:
            if not text.isdigit() or int(text) < 1:
                raise QueryError(f"bad 'inactive_days' {text!r}: expected a whole number ≥ 1")
            days = int(text)
        options = {k: v for k, v in query.options.items() if k not in GROUP_PARAMS}
        as_of = query.resolved_as_of()
        return cls(replace(query, as_of=as_of, options=options), as_of, days)

    @property
    def course_key(self) -> str:
        """The course."""
        return self.report.course_key or ""  # always a course: from_params requires one

    def echo(self) -> dict[str, Any]:
        """The effective parameters."""
        return {
            "as_of": self.as_of.isoformat().replace("+00:00", "Z"),
            "inactive_days": self.inactive_days,
            "tz": self.report.tz,
        }


def at_risk_description(inactive_days: int) -> dict[str, Any]:
    """The built-in group's JSON description."""
    return {
        "id": AT_RISK,
        "name": AT_RISK_NAME,
        "kind": "built-in",
        "definition": (
            "current enrollees who have not passed, have engaged beyond the course home page, "
            f"and have not visited the course for {inactive_days} days or more"
        ),
    }


def condition_of(group: SavedGroup | None, query: GroupQuery) -> Condition:
    """Who is in the group as of the query's instant: at-risk when ``group`` is None."""
    if group is None:
        return at_risk(query.as_of, query.inactive_days)
    return group.filters.condition(query.report.tz)


def _group(store: Store, query: GroupQuery, group_id: str) -> tuple[dict[str, Any], Condition]:
    """The group's description and who is in it.

    Raises:
        UnknownGroup: no such group in the course.
    """
    if group_id == AT_RISK:
        return at_risk_description(query.inactive_days), condition_of(None, query)
    saved = get_group(store, query.course_key, group_id)
    if saved is None:
        raise UnknownGroup(f"no group {group_id!r} in {query.course_key}")
    return saved.describe(), condition_of(saved, query)


def membership(store: Store, query: GroupQuery, group_id: str) -> tuple[dict[str, Any], Members]:
    """The group's description and its members as SQL (for reports restricted to it).

    Raises:
        UnknownGroup: no such group in the course.
    """
    info, where = _group(store, query, group_id)
    return info, Members.of(store, query, where)


def resolve(
    store: Store, query: GroupQuery, group_id: str, pii: bool
) -> tuple[dict[str, Any], list[Learner]]:
    """The group's description and its members, by anonymous id.

    Raises:
        UnknownGroup: no such group in the course.
    """
    info, where = _group(store, query, group_id)
    return info, load_roster(store, query.course_key, query.as_of, pii, where=where)


def member_page(
    store: Store,
    query: GroupQuery,
    group_id: str,
    pii: bool,
    order: str,
    page: int,
    size: int,
) -> tuple[dict[str, Any], int, list[Learner]]:
    """The group's description, size and one page of its members in ``order``.

    Raises:
        UnknownGroup: no such group in the course.
    """
    info, where = _group(store, query, group_id)
    found = load_roster(
        store,
        query.course_key,
        query.as_of,
        pii,
        where=where,
        order=order,
        limit=size,
        offset=(page - 1) * size,
    )
    return info, Members.of(store, query, where).count(store), found


def member_columns(
    store: Store, query: GroupQuery, group_id: str, columns: tuple[str, ...]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The group's description and some roster ``columns`` (fixed names) of its members.

    Raises:
        UnknownGroup: no such group in the course.
    """
    info, where = _group(store, query, group_id)
    return info, roster_rows(store, query.course_key, query.as_of, columns, where=where)


def member_tallies(
    store: Store, query: GroupQuery, group_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The group's description and its summary's tallies (aspects.groups.summary).

    Raises:
        UnknownGroup: no such group in the course.
    """
    info, where = _group(store, query, group_id)
    source, params = roster_source(store, query.course_key, query.as_of, where=where)
    return info, group_tallies(store, source, params, query.report.tz)


def all_groups(store: Store, query: GroupQuery) -> list[dict[str, Any]]:
    """Every group of the course with its size: at-risk first, then saved groups."""
    at_risk_size = Members.of(store, query, condition_of(None, query)).count(store)
    out = [{**at_risk_description(query.inactive_days), "size": at_risk_size}]
    for saved in list_groups(store, query.course_key):
        size = Members.of(store, query, condition_of(saved, query)).count(store)
        out.append({**saved.describe(), "size": size})
    return out


@dataclass(frozen=True)
class Members:
    """A group's members as a subquery of anonymous ids, with its bound values."""

    sql: str
    params: Mapping[str, Any]

    @classmethod
    def of(cls, store: Store, query: GroupQuery, condition: Condition) -> Members:
        """The learners of the course's roster as of the query's instant who meet ``condition``."""
        params = roster_params(store, query.course_key, query.as_of)
        states = states_sql("learners/roster_states", params)
        # Fixed fragments only (models/, aspects.groups.rules); every value is bound.
        sql = f"select actor_id from (\n{states}\n) where {condition.sql}"  # noqa: S608
        return cls(sql, {**params, **condition.params})

    def contains(self, store: Store, actor_id: str) -> bool:
        """Whether the learner ``actor_id`` is in the group."""
        sql = f"select count() > 0 from ({self.sql}) where actor_id = {{member:String}}"  # noqa: S608
        return bool(store.query(sql, {**self.params, "member": actor_id})[0][0])

    def count(self, store: Store) -> int:
        """How many learners are in the group."""
        sql = f"select count() from ({self.sql})"  # noqa: S608  (fixed fragments, bound values)
        return int(store.query(sql, self.params)[0][0])
