"""Time buckets of reports over time: every local hour / day / week / month of a period.

Course and instance series alike: a bucket is named by its first local date (ISO weeks from
Monday). The instance series' SQL returns each bucket's start as an instant (``bucket``, UTC);
:func:`filled` lists every bucket of ``[from, to)``, so a bucket without statements shows as
zero rather than as a gap, labelled with a local date, or for hours the local start with its
UTC offset (so the two 01:00 hours of a daylight-saving fall-back stay apart).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aspects.reports.spec import Context


def bucket_of(day: date, grain: str) -> date:
    """The first local date of the day / ISO week (Monday) / month containing ``day``."""
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def next_bucket(start: date, grain: str) -> date:
    """The start of the bucket after the one starting at ``start``."""
    if grain == "week":
        return start + timedelta(days=7)
    if grain == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=1)


def as_utc(value: datetime) -> datetime:
    """An engine datetime as an aware UTC instant (the engine returns naive UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def bucket_starts(context: Context) -> list[datetime]:
    """The start instant of every bucket of the period, in order.

    A week or month bucket starts on its first local day even when ``from`` is later (the
    first bucket then counts from ``from`` only, as the course reports do).
    """
    query = context.query
    if query.grain == "hour":
        # Hours step in UTC: a local hour starts on a UTC hour (or half hour) in every zone.
        starts, at = [], context.start_at
        while at < context.end_at:
            starts.append(at)
            at += timedelta(hours=1)
        return starts
    starts, day = [], bucket_of(context.start or context.end, query.grain)
    while day < context.end:
        starts.append(query.midnight(day))
        day = next_bucket(day, query.grain)
    return starts


def label(instant: datetime, context: Context) -> str:
    """``YYYY-MM-DD`` (local), or ``YYYY-MM-DDTHH:MM+hh:mm`` for an hour."""
    local = instant.astimezone(context.query.zone)
    if context.query.grain == "hour":
        return local.isoformat(timespec="minutes")
    return local.date().isoformat()


def filled(raw: list[dict[str, Any]], context: Context) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(label, row)`` for every bucket of the period; ``{}`` where the model had no row."""
    by_start = {as_utc(row["bucket"]): row for row in raw}
    for start in bucket_starts(context):
        yield label(start, context), by_start.get(start, {})
