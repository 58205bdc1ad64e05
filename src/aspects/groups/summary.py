"""A group's summary: track breakdown and distributions of enrollment, last visit and grade."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from aspects.groups.roster import shown_grade
from aspects.models import load_sql
from aspects.reports.buckets import bucket_of
from aspects.reports.grades import BUCKETS, NO_GRADE, bucket_label
from aspects.reports.numbers import pct
from aspects.reports.query import Grain
from aspects.store import Store


def grade_bucket(grade: float) -> int:
    """METRICS.md: floor(round(grade × 100, 2) / 10) × 10, with 100 % in the 90 bucket."""
    percent = Decimal(repr(grade)) * 100
    rounded = percent.quantize(Decimal("0.01"))
    floor = int((rounded / 10).to_integral_value(rounding=ROUND_FLOOR)) * 10
    return min(max(floor, 0), 90)


def _dates(counts: Counter[date], grain: Grain) -> list[dict[str, Any]]:
    buckets: Counter[date] = Counter()
    for local, n in counts.items():
        buckets[bucket_of(local, grain)] += n
    return [{"bucket": d.isoformat(), "learners": n} for d, n in sorted(buckets.items())]


def group_tallies(
    store: Store, source: str, params: dict[str, Any], tz: str
) -> list[dict[str, Any]]:
    """The tallies (models/learners/tallies.sql) of the members ``source`` selects."""
    sql = f"with members as (\n{source}\n)\n{load_sql('learners/tallies')}"  # noqa: S608
    return store.query_dicts(sql, {**params, "tz": tz})


def summarize(tallies: list[dict[str, Any]], grain: Grain) -> dict[str, Any]:
    """The summary's JSON body (without the group and parameters), from :func:`group_tallies`."""
    tracks: Counter[str] = Counter()
    enrolled: Counter[date] = Counter()
    visits: Counter[date] = Counter()
    grades: Counter[int] = Counter()
    never = 0
    for row in tallies:
        n, tally = row["learners"], row["tally"]
        if tally == "track":
            tracks[row["track"]] += n
        elif tally == "enrolled":
            if row["enrolled_on"] is not None:
                enrolled[row["enrolled_on"]] += n
        elif tally == "visited":
            if row["visited_on"] is None:
                never += n
            else:
                visits[row["visited_on"]] += n
        else:
            shown = shown_grade(row["grade"])
            grades[grade_bucket(shown) if shown is not None else -1] += n
    total = sum(tracks.values())
    return {
        "learners": total,
        "tracks": [
            {"track": track, "learners": n, "pct": pct(n, total)}
            for track, n in sorted(tracks.items(), key=lambda item: (-item[1], item[0]))
        ],
        "first_enrolled_at": _dates(enrolled, grain),
        "last_visit": _dates(visits, grain),
        "never_visited": never,
        "grades": [{"bucket": bucket_label(b), "learners": grades.get(b, 0)} for b in BUCKETS]
        + [{"bucket": NO_GRADE, "learners": grades.get(-1, 0)}],
    }
