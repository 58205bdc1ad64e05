"""Refused statements counted per (UTC hour, source, reason) and written to the store.

Issue 6: the operator view shows rejected statements by reason, and the number must survive a
restart, so the in-memory Prometheus counters are not enough. Counts are gathered in memory
and written by a small thread every :data:`FLUSH_SECONDS` (and on stop), so a flood of bad
requests costs one insert per interval, not one per request (table ``rejected_statements``,
schema 0005).
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

from aspects.store import Store

TABLE = "rejected_statements"
COLUMNS = ("hour", "source", "reason", "statements")
FLUSH_SECONDS = 5.0
_log = logging.getLogger(__name__)


class RejectionLog:
    """Counts refusals in memory; :meth:`flush` writes them, the thread does so periodically."""

    def __init__(
        self,
        store: Store,
        source: str = "lrs",
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._store = store
        self._source = source
        self._clock = clock
        self._pending: Counter[tuple[datetime, str]] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, reason: str, count: int = 1) -> None:
        """Count ``count`` statements refused now for ``reason``."""
        hour = self._clock().astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        with self._lock:
            self._pending[(hour, str(reason))] += count

    def flush(self) -> int:
        """Write the pending counts; returns how many rows were written.

        When the insert fails the counts are kept for the next flush.
        """
        with self._lock:
            pending, self._pending = self._pending, Counter()
        rows = [(hour, self._source, reason, n) for (hour, reason), n in sorted(pending.items())]
        try:
            self._store.insert(TABLE, rows, COLUMNS)
        except Exception:
            with self._lock:
                self._pending.update(pending)
            raise
        return len(rows)

    def start(self, interval: float = FLUSH_SECONDS) -> None:
        """Flush every ``interval`` seconds in a daemon thread until :meth:`stop`."""
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(interval,), name="aspects-rejections", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and write what is pending (a failure is logged, not raised)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        try:
            self.flush()
        except Exception as exc:  # shutting down: the store must still be closed
            _log.warning("refused-statement counts not written: %s", exc)

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.flush()
            except Exception:  # noqa: S112 - the store is down: keep counting, retry next time
                continue
