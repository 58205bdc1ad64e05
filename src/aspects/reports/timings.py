"""The slow-query log: how long each report query ran, in a bounded ring per open store.

Issue 6 ("the slowest report queries"): every report SQL run by :func:`aspects.reports.run.
fetch_rows` is recorded here with its report, course, time, rows and outcome. The log is kept
in memory, not in a table: writing a row per report would add an insert (and a part) to every
page view. So it covers the last :data:`RING_SIZE` runs since the process started, and is empty
after a restart. It belongs to the store (one per open store, dropped with it), so every caller
of the runner (course, group and operator routes, tests) feeds it without passing it along.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from weakref import WeakKeyDictionary

from aspects.store import Store

RING_SIZE = 1000


@dataclass(frozen=True)
class ReportRun:
    """One report query: when it ended, what it was, how long it took and how it ended.

    Attributes:
        ran_at: when the query ended (UTC).
        report: the report's name.
        course_key: its course; None for an instance-wide (operator) report.
        elapsed_ms: wall time of the engine query, milliseconds.
        rows: rows the engine returned (None when it failed).
        outcome: ``ok``, ``timeout``, ``too_large`` or ``error``.
    """

    ran_at: datetime
    report: str
    course_key: str | None
    elapsed_ms: float
    rows: int | None
    outcome: str


class ReportTimings:
    """The last ``size`` report runs, oldest dropped first; thread-safe."""

    def __init__(self, size: int = RING_SIZE) -> None:
        self._runs: deque[ReportRun] = deque(maxlen=size)
        self._lock = threading.Lock()

    def record(
        self,
        report: str,
        course_key: str | None,
        elapsed_ms: float,
        rows: int | None,
        outcome: str,
        at: datetime | None = None,
    ) -> None:
        """Add one run (``at`` defaults to now)."""
        run = ReportRun(at or datetime.now(UTC), report, course_key, elapsed_ms, rows, outcome)
        with self._lock:
            self._runs.append(run)

    def slowest(self, limit: int) -> list[ReportRun]:
        """The ``limit`` slowest runs held, slowest first (ties: the most recent first)."""
        with self._lock:
            runs = list(self._runs)
        runs.sort(key=lambda r: (r.elapsed_ms, r.ran_at), reverse=True)
        return runs[:limit]


_BY_STORE: WeakKeyDictionary[Store, ReportTimings] = WeakKeyDictionary()
_BY_STORE_LOCK = threading.Lock()


def timings_for(store: Store) -> ReportTimings:
    """The slow-query log of ``store`` (created on first use)."""
    with _BY_STORE_LOCK:
        timings = _BY_STORE.get(store)
        if timings is None:
            timings = _BY_STORE[store] = ReportTimings()
        return timings
