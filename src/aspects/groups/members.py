"""A group's members as of an instant: the built-in at-risk group or a saved custom group."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from aspects.groups.roster import Learner, RosterCache, load_roster
from aspects.groups.rules import AT_RISK, is_at_risk
from aspects.groups.saved import SavedGroup, get_group, list_groups
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


def _members(roster: list[Learner], group: SavedGroup | None, query: GroupQuery) -> list[Learner]:
    if group is None:
        return [r for r in roster if is_at_risk(r, query.as_of, query.inactive_days)]
    return [r for r in roster if group.filters.matches(r, query.report.tz)]


def resolve(
    store: Store, query: GroupQuery, group_id: str, pii: bool, cache: RosterCache | None = None
) -> tuple[dict[str, Any], list[Learner]]:
    """The group's description and its members, by anonymous id.

    Raises:
        UnknownGroup: no such group in the course.
    """
    saved = None
    if group_id != AT_RISK:
        saved = get_group(store, query.course_key, group_id)
        if saved is None:
            raise UnknownGroup(f"no group {group_id!r} in {query.course_key}")
    roster = load_roster(store, query.course_key, query.as_of, pii, cache=cache)
    info = saved.describe() if saved else at_risk_description(query.inactive_days)
    return info, _members(roster, saved, query)


def all_groups(
    store: Store, query: GroupQuery, cache: RosterCache | None = None
) -> list[dict[str, Any]]:
    """Every group of the course with its size: at-risk first, then saved groups."""
    roster = load_roster(store, query.course_key, query.as_of, pii=False, cache=cache)
    out = [{**at_risk_description(query.inactive_days), "size": len(_members(roster, None, query))}]
    for saved in list_groups(store, query.course_key):
        out.append({**saved.describe(), "size": len(_members(roster, saved, query))})
    return out
