"""Time buckets of the operator's series: every local hour / day / week / month of a period.

The SQL models return each bucket's start as an instant (``bucket``, UTC); here every bucket
of ``[from, to)`` is listed, so a bucket without statements shows as zero rather than as a
gap, and labelled: a local date, or for hours the local start with its UTC offset (so the two
01:00 hours of a daylight-saving fall-back stay apart).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from aspects.reports.enrollment import bucket_of, next_bucket
from aspects.reports.operator.spec import Context


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
