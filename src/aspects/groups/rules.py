"""Who is in a group: the built-in at-risk rule and the filters of a custom group."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

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


@dataclass(frozen=True)
class Condition:
    """Who is in a group, as SQL, and the values its placeholders take.

    ``sql`` is a boolean expression over the roster's columns
    (``models/learners/roster_states.sql``). The text is assembled from the fixed fragments
    below only; every value is bound.
    """

    sql: str
    params: Mapping[str, Any]


# METRICS.md "Performance (grades)": a grade is compared as shown, to four decimals, half away
# from zero (aspects.groups.roster rounds the same way for display).
GRADE_SHOWN = "toFloat64(round(toDecimal128OrZero(toString(grade), 12), 4))"


def at_risk(as_of: datetime, inactive_days: int) -> Condition:
    """The built-in at-risk rule as of ``as_of`` (METRICS.md "At-risk learners").

    A current enrollee, not passed, engaged beyond the home page at some time, whose latest
    visit is at least ``inactive_days`` days before ``as_of`` (engaged implies a visit; a
    learner without one is never at risk).
    """
    return Condition(
        "current and engaged and not passed and last_visit is not null"
        " and last_visit <= {rule_inactive_since:DateTime64(6, 'UTC')}",
        {"rule_inactive_since": as_of - timedelta(days=inactive_days)},
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

    def condition(self, tz: str = "UTC") -> Condition:
        """The filters as SQL: every one given must hold (dates read in ``tz``)."""
        zone, raw = ZoneInfo(tz), self.raw
        parts: list[str] = ["true"]
        params: dict[str, Any] = {}
        if "track" in raw:
            parts.append("track in {rule_tracks:Array(String)}")
            track = raw["track"]
            params["rule_tracks"] = [track] if isinstance(track, str) else track
        instants = {
            "enrolled_from": "first_enrolled_at >= {rule_enrolled_from:DateTime64(6, 'UTC')}",
            "enrolled_to": "first_enrolled_at < {rule_enrolled_to:DateTime64(6, 'UTC')}",
            # "Last visit before" includes learners who never visited (not seen since then).
            "last_visit_before": "(last_visit is null"
            " or last_visit < {rule_last_visit_before:DateTime64(6, 'UTC')})",
            "last_visit_after": "(last_visit is not null"
            " and last_visit >= {rule_last_visit_after:DateTime64(6, 'UTC')})",
        }
        for name, fragment in instants.items():
            if name in raw:
                parts.append(fragment)
                params[f"rule_{name}"] = _instant(name, raw[name], zone)
        # A grade bound leaves out learners with no grade yet.
        if "grade_min" in raw:
            parts.append(f"grade is not null and {GRADE_SHOWN} >= {{rule_grade_min:Float64}}")
            params["rule_grade_min"] = float(raw["grade_min"])
        if "grade_max" in raw:
            parts.append(f"grade is not null and {GRADE_SHOWN} <= {{rule_grade_max:Float64}}")
            params["rule_grade_max"] = float(raw["grade_max"])
        for flag in ("passed", "engaged", "current"):
            if flag in raw:
                parts.append(f"{flag} = {{rule_{flag}:Bool}}")
                params[f"rule_{flag}"] = raw[flag]
        if "visited_section" in raw:
            parts.append("has(sections_visited, {rule_visited_section:Int32})")
            params["rule_visited_section"] = raw["visited_section"]
        return Condition(" and ".join(f"({part})" for part in parts), params)
