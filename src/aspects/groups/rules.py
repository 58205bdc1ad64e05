"""Who is in a group: the built-in at-risk rule and the filters of a custom group."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aspects.groups.roster import Learner

AT_RISK = "at-risk"
FILTER_NAMES = (
    "track",
    "enrolled_from",
    "enrolled_to",
    "last_visit_before",
    "last_visit_after",
    "grade_min",
    "grade_max",
    "passed",
    "engaged",
    "current",
    "visited_section",
)


class FilterError(ValueError):
    """A custom group's filter is unknown or has a bad value; ``name`` says which."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"bad filter {name!r}: {message}")
        self.name = name


def is_at_risk(learner: Learner, as_of: datetime, inactive_days: int) -> bool:
    """Whether ``learner`` is at risk as of ``as_of`` (METRICS.md "At-risk learners").

    A current enrollee, not passed, engaged beyond the home page at some time, whose latest
    visit is at least ``inactive_days`` days before ``as_of``.
    """
    if not (learner.current and learner.engaged and not learner.passed):
        return False
    # Engaged implies at least one visit; a learner without one is never at risk.
    return learner.last_visit is not None and as_of - learner.last_visit >= timedelta(
        days=inactive_days
    )


def _instant(name: str, value: Any, zone: ZoneInfo) -> datetime:
    """A filter's date or timestamp: a date is local midnight in the query's zone."""
    if not isinstance(value, str):
        raise FilterError(name, f"expected a date or timestamp text, got {value!r}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise FilterError(name, f"{value!r} is not YYYY-MM-DD or an ISO 8601 timestamp") from None
    if len(value) == 10:
        parsed = datetime.combine(date.fromisoformat(value), time(), zone)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise FilterError(name, f"expected true or false, got {value!r}")
    return value


def _grade(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise FilterError(name, f"expected a grade between 0 and 1, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Filters:
    """A custom group's definition, validated; every filter given must hold (AND)."""

    raw: Mapping[str, Any]

    @classmethod
    def parse(cls, raw: Any) -> Filters:
        """Check every filter's name and value.

        Raises:
            FilterError: naming the first bad filter.
        """
        if not isinstance(raw, dict):
            raise FilterError("filters", "expected an object of filter name → value")
        for name, value in raw.items():
            if name not in FILTER_NAMES:
                raise FilterError(name, f"unknown filter; filters: {', '.join(FILTER_NAMES)}")
            if name == "track":
                tracks = [value] if isinstance(value, str) else value
                if not isinstance(tracks, list) or not all(isinstance(t, str) for t in tracks):
                    raise FilterError(name, "expected a track name or a list of track names")
            elif name in ("enrolled_from", "enrolled_to", "last_visit_before", "last_visit_after"):
                _instant(name, value, ZoneInfo("UTC"))
            elif name in ("grade_min", "grade_max"):
                _grade(name, value)
            elif name == "visited_section":
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    raise FilterError(name, f"expected a section position ≥ 1, got {value!r}")
            else:
                _bool(name, value)
        low, high = raw.get("grade_min"), raw.get("grade_max")
        if low is not None and high is not None and low > high:
            raise FilterError("grade_min", f"{low} is above grade_max {high}")
        return cls(dict(raw))

    def matches(self, learner: Learner, tz: str = "UTC") -> bool:
        """Whether ``learner`` passes every filter (dates read in ``tz``)."""
        zone, raw = ZoneInfo(tz), self.raw
        if "track" in raw:
            tracks = [raw["track"]] if isinstance(raw["track"], str) else raw["track"]
            if learner.track not in tracks:
                return False
        enrolled = learner.first_enrolled_at
        if "enrolled_from" in raw and (
            enrolled is None or enrolled < _instant("enrolled_from", raw["enrolled_from"], zone)
        ):
            return False
        if "enrolled_to" in raw and (
            enrolled is None or enrolled >= _instant("enrolled_to", raw["enrolled_to"], zone)
        ):
            return False
        visit = learner.last_visit
        # "Last visit before" includes learners who never visited (not seen since then).
        if "last_visit_before" in raw and visit is not None:
            if visit >= _instant("last_visit_before", raw["last_visit_before"], zone):
                return False
        if "last_visit_after" in raw and (
            visit is None or visit < _instant("last_visit_after", raw["last_visit_after"], zone)
        ):
            return False
        if ("grade_min" in raw or "grade_max" in raw) and learner.grade is None:
            return False
        if "grade_min" in raw and learner.grade is not None and learner.grade < raw["grade_min"]:
            return False
        if "grade_max" in raw and learner.grade is not None and learner.grade > raw["grade_max"]:
            return False
        for flag in ("passed", "engaged", "current"):
            if flag in raw and getattr(learner, flag) != raw[flag]:
                return False
        return not (
            "visited_section" in raw and raw["visited_section"] not in learner.sections_visited
        )
