"""Enrollment reports (METRICS.md "Enrollment"): summary, by track, over time, change."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from aspects.reports.buckets import bucket_of, next_bucket
from aspects.reports.numbers import pct
from aspects.reports.spec import Context, ReportSpec, register

ALL = "all"
_PERIOD = frozenset({"from", "to", "tz", "as_of"})


@dataclass(frozen=True)
class EnrollmentSummaryRow:
    """Ever enrolled, enrolled now, and enrolled now as % of ever enrolled."""

    total_enrollees: int
    current_enrollees: int
    current_pct: float | None


@dataclass(frozen=True)
class EnrollmentByTrackRow:
    """Current enrollees of one track, and their share of all current enrollees."""

    track: str
    current_enrollees: int
    pct: float | None


@dataclass(frozen=True)
class EnrollmentOverTimeRow:
    """One bucket of one track (or ``all``)."""

    bucket_start: date
    track: str
    new: int
    re_enrolled: int
    unenrolled: int
    net: int
    current_at_end: int


@dataclass(frozen=True)
class EnrollmentChangeRow:
    """One track (or ``all``) over ``[from, to)``."""

    track: str
    current_at_from: int
    current_at_to: int
    change: int
    new: int
    re_enrolled: int
    unenrolled: int
    track_changes_in: int
    track_changes_out: int


def _summary(rows: list[dict[str, Any]], context: Context) -> list[EnrollmentSummaryRow]:
    total, current = rows[0]["total_enrollees"], rows[0]["current_enrollees"]
    return [EnrollmentSummaryRow(total, current, pct(current, total))]


def _by_track(rows: list[dict[str, Any]], context: Context) -> list[EnrollmentByTrackRow]:
    current = sum(row["current_enrollees"] for row in rows)
    return [
        EnrollmentByTrackRow(
            row["track"], row["current_enrollees"], pct(row["current_enrollees"], current)
        )
        for row in rows
    ]


def _total(rows: list[Any], column: str) -> int:
    return sum(getattr(row, column) for row in rows)


def over_time(rows: list[dict[str, Any]], context: Context) -> list[EnrollmentOverTimeRow]:
    """The over-time model's rows filled (course and instance reports alike)."""
    return fill_over_time(rows, context.query.grain, context.start, context.end)


def fill_over_time(
    rows: list[dict[str, Any]], grain: str, start: date | None, end: date
) -> list[EnrollmentOverTimeRow]:
    """Every bucket of ``[start, end)`` per track and ``all``, with running totals.

    ``rows`` are the over-time model's (per bucket × track, plus ``before`` rows); the
    operator's instance-wide report (issue 6) fills its rows the same way.
    """
    running: dict[str, int] = defaultdict(int)
    cells: dict[tuple[date, str], dict[str, int]] = {}
    for row in rows:
        if row["kind"] == "before":
            running[row["track"]] += row["net"]
        else:
            cells[(row["bucket_start"], row["track"])] = row
    tracks = sorted({track for _, track in cells} | {t for t, n in running.items() if n})
    if not tracks:
        return []
    first = start or min((bucket for bucket, _ in cells), default=end)
    out: list[EnrollmentOverTimeRow] = []
    bucket = bucket_of(first, grain)
    while bucket < end:
        per_track = []
        for track in tracks:
            cell = cells.get((bucket, track), {})
            net = cell.get("net", 0)
            running[track] += net
            per_track.append(
                EnrollmentOverTimeRow(
                    bucket,
                    track,
                    cell.get("new", 0),
                    cell.get("re_enrolled", 0),
                    cell.get("unenrolled", 0),
                    net,
                    running[track],
                )
            )
        out.append(
            EnrollmentOverTimeRow(
                bucket_start=bucket,
                track=ALL,
                new=_total(per_track, "new"),
                re_enrolled=_total(per_track, "re_enrolled"),
                unenrolled=_total(per_track, "unenrolled"),
                net=_total(per_track, "net"),
                current_at_end=_total(per_track, "current_at_end"),
            )
        )
        out.extend(per_track)
        bucket = next_bucket(bucket, grain)
    return out


def _change(rows: list[dict[str, Any]], context: Context) -> list[EnrollmentChangeRow]:
    per_track = [
        EnrollmentChangeRow(
            row["track"],
            row["current_at_from"],
            row["current_at_to"],
            row["current_at_to"] - row["current_at_from"],
            row["new"],
            row["re_enrolled"],
            row["unenrolled"],
            row["track_changes_in"],
            row["track_changes_out"],
        )
        for row in rows
        if any(row[k] for k in row if k != "track")
    ]
    if not per_track:
        return []
    # Within `all` a track change neither adds nor removes anyone; both columns count the
    # changes made (each one is one move out and one move in).
    moves = _total(per_track, "track_changes_in")
    total = EnrollmentChangeRow(
        track=ALL,
        current_at_from=_total(per_track, "current_at_from"),
        current_at_to=_total(per_track, "current_at_to"),
        change=_total(per_track, "change"),
        new=_total(per_track, "new"),
        re_enrolled=_total(per_track, "re_enrolled"),
        unenrolled=_total(per_track, "unenrolled"),
        track_changes_in=moves,
        track_changes_out=moves,
    )
    return [total, *per_track]


SUMMARY = register(
    ReportSpec(
        "enrollment-summary",
        "enrollment/summary",
        EnrollmentSummaryRow,
        _summary,
        whole="enrollment/summary_whole",
    )
)
BY_TRACK = register(
    ReportSpec(
        "enrollment-by-track",
        "enrollment/by_track",
        EnrollmentByTrackRow,
        _by_track,
        whole="enrollment/by_track_whole",
    )
)
OVER_TIME = register(
    ReportSpec(
        "enrollment-over-time",
        "enrollment/over_time",
        EnrollmentOverTimeRow,
        over_time,
        uses=_PERIOD | {"grain"},
    )
)
CHANGE = register(
    ReportSpec(
        "enrollment-change",
        "enrollment/change",
        EnrollmentChangeRow,
        _change,
        uses=_PERIOD,
    )
)
