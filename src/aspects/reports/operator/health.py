"""Instance health (METRICS.md "Operator"): ingest status, refusals, storage, slow queries."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from aspects.reports.buckets import as_utc
from aspects.reports.query import QueryError
from aspects.reports.spec import Context, Option, ReportSpec, Scope, last_days, register
from aspects.reports.timings import RING_SIZE, ReportRun, ReportTimings


@dataclass(frozen=True)
class IngestStatusRow:
    """The LRS at ``as_of``; models/operator/ingest_status.sql defines each column.

    ``seconds_since_last_stored`` = as_of − last_stored: how long nothing has arrived.
    """

    total_statements: int
    last_stored: datetime | None
    last_emitted: datetime | None
    seconds_since_last_stored: float | None
    latest_lag_seconds: float | None
    received_last_hour: int
    median_lag_seconds_last_hour: float | None


@dataclass(frozen=True)
class RejectionRow:
    """Statements refused for one reason, from one source, in the period."""

    reason: str
    source: str
    rejected: int
    last_hour: datetime


@dataclass(frozen=True)
class StorageRow:
    """One table's active parts: count, rows, bytes on disk and uncompressed."""

    table: str
    engine: str
    parts: int
    rows: int
    bytes_on_disk: int
    uncompressed_bytes: int


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


def _ingest(raw: list[dict[str, Any]], context: Context) -> list[IngestStatusRow]:
    r = raw[0]
    last = r["last_stored"]
    since = None if last is None else (context.as_of - as_utc(last)).total_seconds()
    return [
        IngestStatusRow(
            total_statements=r["total_statements"],
            last_stored=last,
            last_emitted=r["last_emitted"],
            seconds_since_last_stored=_seconds(since),
            latest_lag_seconds=_seconds(r["latest_lag_seconds"]),
            received_last_hour=r["received_last_hour"],
            median_lag_seconds_last_hour=_seconds(r["median_lag_seconds_last_hour"]),
        )
    ]


def _rejections(raw: list[dict[str, Any]], context: Context) -> list[RejectionRow]:
    return [RejectionRow(r["reason"], r["source"], r["rejected"], r["last_hour"]) for r in raw]


def _storage(raw: list[dict[str, Any]], context: Context) -> list[StorageRow]:
    return [StorageRow(**r) for r in raw]


def _limit(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= RING_SIZE:
        raise QueryError(f"bad limit {text!r}: expected a whole number from 1 to {RING_SIZE}")
    return int(text)


def _slow_fetch(timings: ReportTimings, context: Context) -> list[dict[str, Any]]:
    return [asdict(run) for run in timings.slowest(context.options["limit"])]


def _slow(raw: list[dict[str, Any]], context: Context) -> list[ReportRun]:
    return [ReportRun(**{**r, "elapsed_ms": round(r["elapsed_ms"], 1)}) for r in raw]


INGEST_STATUS = register(
    ReportSpec(
        "ingest-status",
        "operator/ingest_status",
        IngestStatusRow,
        _ingest,
        scope=Scope.INSTANCE,
        description="Statements stored, the last one received, and how late they arrive.",
    )
)
REJECTIONS = register(
    ReportSpec(
        "rejections",
        "operator/rejections",
        RejectionRow,
        _rejections,
        scope=Scope.INSTANCE,
        uses=frozenset({"from", "to", "tz", "as_of"}),
        period=last_days(30),
        description="Statements the LRS and loads refused, by reason.",
    )
)
STORAGE = register(
    ReportSpec(
        "storage",
        "operator/storage",
        StorageRow,
        _storage,
        scope=Scope.INSTANCE,
        uses=frozenset(),
        description="Bytes on disk and rows per table of this instance's database.",
    )
)
SLOW_QUERIES = register(
    ReportSpec(
        "slow-queries",
        "",
        ReportRun,  # the log's own rows: ran_at, report, course_key, elapsed_ms, rows, outcome
        _slow,
        scope=Scope.INSTANCE,
        fetch=_slow_fetch,
        uses=frozenset(),
        options=(Option("limit", _limit, "20", "how many of the slowest runs to list"),),
        description=f"The slowest of the last {RING_SIZE} report queries since start-up.",
    )
)
