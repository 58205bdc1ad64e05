"""The slow-query log: how long each report query ran, in a bounded ring per app.

Issue 6 ("the slowest report queries"): every report SQL run by :func:`aspects.reports.run.
fetch_rows` is recorded here with its report, course, time, rows and outcome. The log is kept
in memory, not in a table: writing a row per report would add an insert (and a part) to every
page view. So it covers the last :data:`RING_SIZE` runs since the process started, and is empty
after a restart. The app holds one (:class:`aspects.context.AppContext`) and hands it to the
runner with every report it runs.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime

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
