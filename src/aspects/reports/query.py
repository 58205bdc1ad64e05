"""A typed report query: course (or the instance), period, zone, grain, as-of, options."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Grain = Literal["hour", "day", "week", "month"]
GRAINS: tuple[Grain, ...] = ("day", "week", "month")
# Instance-wide (operator) series also count per hour (METRICS.md "Operator").
INSTANCE_GRAINS: tuple[Grain, ...] = ("hour", *GRAINS)
COMMON_PARAMS = ("from", "to", "tz", "grain", "as_of")

# METRICS.md, "Course": course-v1:Org+Num+Run, and CCX keys ccx-v1:Org+Num+Run+ccx@N.
# Opaque-keys allows letters, digits and "-_.~" in each part (also ":" in runs, rare).
_PART = r"[A-Za-z0-9_.~\-]+"
_COURSE_KEY = re.compile(
    rf"^(?:course-v1|ccx-v1):{_PART}\+{_PART}\+[A-Za-z0-9_.~:\-]+(?:\+ccx@\d+)?$"
)


class QueryError(ValueError):
    """A report parameter is missing or invalid; the message says which and why."""


def check_course_key(value: str) -> str:
    """``value`` when it is a ``course-v1:``/``ccx-v1:`` key.

    Raises:
        QueryError: naming the expected form.
    """
    if not _COURSE_KEY.match(value):
        raise QueryError(
            f"bad course key {value!r}: expected course-v1:Org+Course+Run (or ccx-v1:…)"
        )
    return value


def parse_date(name: str, value: str) -> date:
    """``value`` as a date (``YYYY-MM-DD``); QueryError names the parameter ``name``."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"bad {name!r} date {value!r}: expected YYYY-MM-DD") from None


def parse_zone(value: str) -> ZoneInfo:
    """The IANA zone ``value``; QueryError with an example otherwise."""
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise QueryError(
            f"unknown time zone {value!r}: expected an IANA name such as "
            "Europe/Paris or America/New_York"
        ) from None


def check_grain(grain: str, course_key: str | None) -> Grain:
    """``grain`` when the scope has it (hours for the instance only).

    Raises:
        QueryError: listing the grains of the scope.
    """
    grains = GRAINS if course_key is not None else INSTANCE_GRAINS
    if grain not in grains:
        raise QueryError(f"bad grain {grain!r}: expected one of {', '.join(grains)}")
    return cast(Grain, grain)


def parse_as_of(value: str, zone: ZoneInfo) -> datetime:
    """An ISO 8601 instant; one without an offset is read in ``zone``."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise QueryError(
            f"bad 'as_of' timestamp {value!r}: expected ISO 8601, e.g. 2026-03-01T12:00:00Z"
        ) from None
    # A timestamp without an offset is read in the report's zone, like the dates.
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)).astimezone(UTC)


@dataclass(frozen=True)
class ReportQuery:
    """What a report is asked for. Dates are local to ``tz``; ``[start, end)`` is half-open.

    Attributes:
        course_key: the course; None asks for an instance-wide (operator) report.
        start: the ``from`` date, or None (from the beginning, or the report's default).
        end: the ``to`` date (exclusive), or None (the day after ``as_of``, locally).
        tz: IANA zone name the dates and buckets are in.
        grain: bucket size for reports over time.
        as_of: only statements emitted at or before this instant count; None means now.
        options: report-specific parameters, checked by the report's spec.
    """

    course_key: str | None = None
    start: date | None = None
    end: date | None = None
    tz: str = "UTC"
    grain: Grain = "day"
    as_of: datetime | None = None
    options: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.course_key is not None:
            check_course_key(self.course_key)
        parse_zone(self.tz)
        check_grain(self.grain, self.course_key)
        if self.start and self.end and self.start >= self.end:
            raise QueryError(f"'from' ({self.start}) must be before 'to' ({self.end})")
        if self.as_of is not None and self.as_of.tzinfo is None:
            raise QueryError("'as_of' must carry a time zone")

    @classmethod
    def from_params(cls, course_key: str | None, params: Mapping[str, str]) -> ReportQuery:
        """Build from HTTP query parameters; names outside :data:`COMMON_PARAMS` are options.

        Raises:
            QueryError: for any bad value.
        """
        tz = params.get("tz") or "UTC"
        zone = parse_zone(tz)
        # Which of several bad parameters is named first: a course query's grain before its
        # key and dates, an instance query's after its dates (as each did before they merged).
        grain = params.get("grain") or "day"
        if course_key is not None:
            check_grain(grain, course_key)
        return cls(
            course_key=None if course_key is None else check_course_key(course_key),
            start=parse_date("from", params["from"]) if params.get("from") else None,
            end=parse_date("to", params["to"]) if params.get("to") else None,
            tz=tz,
            grain=check_grain(grain, course_key),
            as_of=parse_as_of(params["as_of"], zone) if params.get("as_of") else None,
            options={k: v for k, v in params.items() if k not in COMMON_PARAMS},
        )

    def resolved_as_of(self, now: datetime | None = None) -> datetime:
        """``as_of``, or now (UTC)."""
        return self.as_of or now or datetime.now(UTC)

    @property
    def zone(self) -> ZoneInfo:
        """The query's time zone."""
        return ZoneInfo(self.tz)

    def local_date(self, instant: datetime) -> date:
        """The date of ``instant`` in the query's zone."""
        return instant.astimezone(self.zone).date()

    def midnight(self, day: date) -> datetime:
        """The instant (UTC) local ``day`` starts in the query's zone."""
        return datetime.combine(day, time(), self.zone).astimezone(UTC)

    def resolved_end(self, as_of: datetime) -> date:
        """``to``, else the local day after ``as_of`` (so the as-of day is included)."""
        return self.end or self.local_date(as_of) + timedelta(days=1)
