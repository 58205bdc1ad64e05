"""A group's summary: track breakdown and distributions of enrollment, last visit and grade."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from aspects.groups.roster import shown_grade, utc_or_none
from aspects.reports.grades import BUCKETS, NO_GRADE, bucket_label
from aspects.reports.numbers import pct
from aspects.reports.query import Grain


def bucket_start(instant: datetime, tz: str, grain: Grain) -> date:
    """The local date starting ``instant``'s bucket: the day, the Monday, the 1st."""
    local = instant.astimezone(ZoneInfo(tz)).date()
    if grain == "week":
        return local - timedelta(days=local.weekday())
    if grain == "month":
        return local.replace(day=1)
    return local


def grade_bucket(grade: float) -> int:
    """METRICS.md: floor(round(grade × 100, 2) / 10) × 10, with 100 % in the 90 bucket."""
    percent = Decimal(repr(grade)) * 100
    rounded = percent.quantize(Decimal("0.01"))
    floor = int((rounded / 10).to_integral_value(rounding=ROUND_FLOOR)) * 10
    return min(max(floor, 0), 90)


def _dates(
    instants: Iterable[datetime | None], tz: str, grain: Grain
) -> tuple[list[dict[str, Any]], int]:
    counts: Counter[date] = Counter()
    missing = 0
    for instant in instants:
        if instant is None:
            missing += 1
        else:
            counts[bucket_start(instant, tz, grain)] += 1
    rows = [{"bucket": d.isoformat(), "learners": n} for d, n in sorted(counts.items())]
    return rows, missing


# The roster columns a summary reads (aspects.groups.members.member_columns).
SUMMARY_COLUMNS = ("track", "first_enrolled_at", "last_visit", "grade")


def summarize(members: list[dict[str, Any]], tz: str, grain: Grain) -> dict[str, Any]:
    """The summary's JSON body (without the group and parameters).

    ``members``: the :data:`SUMMARY_COLUMNS` of each member, as the engine gives them.
    """
    total = len(members)
    tracks = Counter(m["track"] for m in members)
    enrolled, _ = _dates((utc_or_none(m["first_enrolled_at"]) for m in members), tz, grain)
    visits, never = _dates((utc_or_none(m["last_visit"]) for m in members), tz, grain)
    shown = (shown_grade(m["grade"]) for m in members)
    grades = Counter(grade_bucket(g) if g is not None else -1 for g in shown)
    return {
        "learners": total,
        "tracks": [
            {"track": track, "learners": n, "pct": pct(n, total)}
            for track, n in sorted(tracks.items(), key=lambda item: (-item[1], item[0]))
        ],
        "first_enrolled_at": enrolled,
        "last_visit": visits,
        "never_visited": never,
        "grades": [{"bucket": bucket_label(b), "learners": grades.get(b, 0)} for b in BUCKETS]
        + [{"bucket": NO_GRADE, "learners": grades.get(-1, 0)}],
    }
