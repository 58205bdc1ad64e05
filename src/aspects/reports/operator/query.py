"""An instance-wide report query: period, zone, grain (hour too), as-of time and options."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aspects.reports.query import COMMON_PARAMS, QueryError, parse_as_of, parse_date, parse_zone

# Operator charts also count per hour (METRICS.md "Operator": statements per day and per hour).
GRAINS = ("hour", "day", "week", "month")


def _check_grain(grain: str) -> str:
    if grain not in GRAINS:
        raise QueryError(f"bad grain {grain!r}: expected one of {', '.join(GRAINS)}")
    return grain


@dataclass(frozen=True)
class InstanceQuery:
    """What an operator report is asked for: as :class:`~aspects.reports.ReportQuery`, no course.

    Attributes:
        start: the ``from`` date (local to ``tz``), or None (the report's default).
        end: the ``to`` date, exclusive, or None (the local day after ``as_of``).
        tz: IANA zone the dates and buckets are in.
        grain: ``hour``, ``day``, ``week`` (ISO, from Monday) or ``month``.
        as_of: the instant the report is computed at; None means now.
        options: report-specific parameters, checked by the report's spec.
    """

    start: date | None = None
    end: date | None = None
    tz: str = "UTC"
    grain: str = "day"
    as_of: datetime | None = None
    options: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        parse_zone(self.tz)
        _check_grain(self.grain)
        if self.start and self.end and self.start >= self.end:
            raise QueryError(f"'from' ({self.start}) must be before 'to' ({self.end})")
        if self.as_of is not None and self.as_of.tzinfo is None:
            raise QueryError("'as_of' must carry a time zone")

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> InstanceQuery:
        """Build from HTTP query parameters; names outside the common ones are options.

        Raises:
            QueryError: for any bad value.
        """
        tz = params.get("tz") or "UTC"
        zone = parse_zone(tz)
        return cls(
            start=parse_date("from", params["from"]) if params.get("from") else None,
            end=parse_date("to", params["to"]) if params.get("to") else None,
            tz=tz,
            grain=_check_grain(params.get("grain") or "day"),
            as_of=parse_as_of(params["as_of"], zone) if params.get("as_of") else None,
            options={k: v for k, v in params.items() if k not in COMMON_PARAMS},
        )

    @property
    def zone(self) -> ZoneInfo:
        """The query's time zone."""
        return ZoneInfo(self.tz)

    def resolved_as_of(self, now: datetime | None = None) -> datetime:
        """``as_of``, or now (UTC)."""
        return self.as_of or now or datetime.now(UTC)

    def resolved_end(self, as_of: datetime) -> date:
        """``to``, else the local day after ``as_of`` (so the as-of day is included)."""
        return self.end or as_of.astimezone(self.zone).date() + timedelta(days=1)

    def midnight(self, day: date) -> datetime:
        """The instant (UTC) local ``day`` starts in the query's zone."""
        return datetime.combine(day, time(), self.zone).astimezone(UTC)
