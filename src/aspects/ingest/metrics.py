"""Ingest counters and histograms, rendered in the Prometheus text format for /metrics."""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import Counter
from datetime import datetime

from aspects.ingest.rejection_log import RejectionLog

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_BATCH_BUCKETS = (1, 10, 100, 500, 1000, 2500, 5000, 10000, 50000)


class Histogram:
    """A cumulative histogram with fixed upper bounds."""

    def __init__(self, bounds: tuple[float, ...]) -> None:
        self.bounds = bounds
        self.counts = [0] * (len(bounds) + 1)
        self.total = 0.0
        self.n = 0

    def observe(self, value: float) -> None:
        """Count one observation."""
        self.counts[bisect_left(self.bounds, value)] += 1
        self.total += value
        self.n += 1

    def lines(self, name: str, labels: str = "") -> list[str]:
        """Prometheus ``_bucket``/``_sum``/``_count`` lines."""
        sep = "," if labels else ""
        out, running = [], 0
        for bound, count in zip((*self.bounds, "+Inf"), self.counts, strict=True):
            running += count
            out.append(f'{name}_bucket{{{labels}{sep}le="{bound}"}} {running}')
        tail = f"{{{labels}}}" if labels else ""
        out.append(f"{name}_sum{tail} {self.total}")
        out.append(f"{name}_count{tail} {self.n}")
        return out


class IngestMetrics:
    """What the LRS has done since start-up; thread-safe."""

    def __init__(self, log: RejectionLog | None = None) -> None:
        self._lock = threading.Lock()
        self.log = log  # issue 6: refusals also go to the store, to survive a restart
        self.accepted = 0
        self.duplicates = 0
        self.rejected: Counter[str] = Counter()
        self.latency = Histogram(_LATENCY_BUCKETS)
        self.batch_sizes = Histogram(_BATCH_BUCKETS)
        self.latest_statement: datetime | None = None

    def written(self, accepted: int, duplicates: int, latest: datetime | None) -> None:
        """Record one writer flush."""
        with self._lock:
            self.accepted += accepted
            self.duplicates += duplicates
            self.batch_sizes.observe(accepted)
            if latest and (self.latest_statement is None or latest > self.latest_statement):
                self.latest_statement = latest

    def reject(self, reason: str, count: int = 1) -> None:
        """Record refused statements (or requests) by reason."""
        with self._lock:
            self.rejected[reason] += count
        if self.log is not None:
            self.log.add(reason, count)

    def request_seconds(self, seconds: float) -> None:
        """Record one xAPI request's latency."""
        with self._lock:
            self.latency.observe(seconds)

    def render(self) -> str:
        """The Prometheus text exposition (version 0.0.4)."""
        with self._lock:
            lines = [
                "# HELP aspects_statements_accepted_total Statements newly stored.",
                "# TYPE aspects_statements_accepted_total counter",
                f"aspects_statements_accepted_total {self.accepted}",
                "# HELP aspects_statements_duplicate_total Identical resends (not stored again).",
                "# TYPE aspects_statements_duplicate_total counter",
                f"aspects_statements_duplicate_total {self.duplicates}",
                "# HELP aspects_statements_rejected_total Statements refused, by reason.",
                "# TYPE aspects_statements_rejected_total counter",
            ]
            for reason, count in sorted(self.rejected.items()):
                lines.append(f'aspects_statements_rejected_total{{reason="{reason}"}} {count}')
            lines += [
                "# HELP aspects_xapi_request_seconds xAPI request latency.",
                "# TYPE aspects_xapi_request_seconds histogram",
                *self.latency.lines("aspects_xapi_request_seconds"),
                "# HELP aspects_writer_batch_statements Statements per store insert.",
                "# TYPE aspects_writer_batch_statements histogram",
                *self.batch_sizes.lines("aspects_writer_batch_statements"),
                "# HELP aspects_latest_statement_timestamp_seconds Newest statement timestamp.",
                "# TYPE aspects_latest_statement_timestamp_seconds gauge",
                "aspects_latest_statement_timestamp_seconds "
                f"{self.latest_statement.timestamp() if self.latest_statement else 0}",
            ]
        return "\n".join(lines) + "\n"
