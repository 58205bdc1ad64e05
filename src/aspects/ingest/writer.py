"""The one writer: statements of concurrent requests are checked and stored in one insert.

Group commit (STYLE.md 3): a request waits in a queue; the writer thread takes everything that
arrives within ``linger_ms`` of the first (up to ``max_batch`` statements), checks every id
against the store once, and writes all new statements in a single insert. A request is answered
only after that insert returns, so an acknowledged statement is in the store.
"""

from __future__ import annotations

import queue
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from aspects.ingest.columns import COLUMNS
from aspects.ingest.metrics import IngestMetrics
from aspects.ingest.statement import Prepared
from aspects.settings import WriterSettings
from aspects.store import Store

TABLE = "xapi_events_all"
INSERT_COLUMNS = ("event_id", "emission_time", "event", "stored", "digest", "authority", *COLUMNS)
_LOOKUP = "select event_id, digest from xapi_events_all where event_id in {ids:Array(UUID)}"


class Status(StrEnum):
    """What happened to one statement."""

    STORED = "stored"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"


class Conflict(Exception):
    """A different statement is already stored under this id (xAPI 1.0.3 Part 3 §2.1.1)."""

    def __init__(self, index: int, statement_id: uuid.UUID) -> None:
        super().__init__(f"statement {statement_id} is already stored with a different body")
        self.index = index
        self.statement_id = statement_id


class WriterClosed(RuntimeError):
    """The writer is stopping or its queue is full; the client should retry later."""


@dataclass
class _Request:
    items: Sequence[Prepared]
    authority: str
    atomic: bool
    future: Future[list[Status]] = field(default_factory=Future)


class Writer:
    """Batches requests into inserts on one thread; see the module docstring."""

    def __init__(
        self,
        store: Store,
        settings: WriterSettings,
        metrics: IngestMetrics | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._store = store
        self._settings = settings
        self._metrics = metrics or IngestMetrics()
        self._clock = clock
        self._queue: queue.Queue[_Request | None] = queue.Queue()
        self._waiting = 0
        self._waiting_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closing = False
        self.last_flush: datetime = clock()

    def start(self) -> None:
        """Start the writer thread."""
        self._thread = threading.Thread(target=self._run, name="aspects-writer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Write everything already queued, then stop (SIGTERM drains)."""
        if self._thread is None:
            return
        self._closing = True
        self._queue.put(None)
        self._thread.join()
        self._thread = None

    @property
    def running(self) -> bool:
        """The writer thread is alive and taking requests."""
        return self._thread is not None and self._thread.is_alive() and not self._closing

    @property
    def idle(self) -> bool:
        """No statement is waiting to be written."""
        return self._waiting == 0

    def submit(
        self, items: Sequence[Prepared], authority: str = "", atomic: bool = True
    ) -> Future[list[Status]]:
        """Queue statements; the future gives one :class:`Status` per statement.

        With ``atomic`` (HTTP requests) a conflict fails the whole request with
        :class:`Conflict` and nothing of it is written; without (file loads) each conflicting
        statement is reported and the rest are written.
        """
        if self._closing or self._thread is None:
            raise WriterClosed("the writer is not running")
        with self._waiting_lock:
            if self._waiting + len(items) > self._settings.max_queue and self._waiting:
                raise WriterClosed("too many statements are waiting to be written")
            self._waiting += len(items)
        request = _Request(items, authority, atomic)
        self._queue.put(request)
        return request.future

    def write(
        self, items: Sequence[Prepared], authority: str = "", atomic: bool = True
    ) -> list[Status]:
        """Submit and wait for the result."""
        return self.submit(items, authority, atomic).result()

    def _run(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is None:
                break
            batch, size = [first], len(first.items)
            deadline = time.monotonic() + self._settings.linger_ms / 1000
            while size < self._settings.max_batch:
                try:
                    remaining = deadline - time.monotonic()
                    nxt = (
                        self._queue.get(timeout=remaining)
                        if remaining > 0
                        else (self._queue.get_nowait())
                    )
                except queue.Empty:
                    break
                if nxt is None:
                    stopping = True
                    break
                batch.append(nxt)
                size += len(nxt.items)
            self._flush(batch)
        # Drain: everything queued before stop() is written.
        rest = []
        while not self._queue.empty():
            item = self._queue.get_nowait()
            if item is not None:
                rest.append(item)
        if rest:
            self._flush(rest)

    def _flush(self, batch: list[_Request]) -> None:
        try:
            self._flush_checked(batch)
        except Exception as exc:  # the store failed: every waiting request hears why
            for request in batch:
                if not request.future.done():
                    request.future.set_exception(exc)
        finally:
            with self._waiting_lock:
                self._waiting -= sum(len(r.items) for r in batch)

    def _flush_checked(self, batch: list[_Request]) -> None:
        ids = list({p.id for request in batch for p in request.items})
        known: dict[uuid.UUID, int] = {}
        for start in range(0, len(ids), 10_000):
            rows = self._store.query(_LOOKUP, {"ids": ids[start : start + 10_000]})
            known.update((row[0], row[1]) for row in rows)
        stored_at = self._clock()
        inserts: list[tuple[Any, ...]] = []
        answers: list[tuple[_Request, list[Status] | Conflict]] = []
        duplicates = 0
        latest: datetime | None = None
        for request in batch:
            statuses, staged = _classify(request, known)
            if isinstance(statuses, Conflict):
                answers.append((request, statuses))
                continue
            for prepared in staged:
                known[prepared.id] = prepared.digest
                inserts.append(_row(prepared, stored_at, request.authority))
                if latest is None or prepared.timestamp > latest:
                    latest = prepared.timestamp
            duplicates += statuses.count(Status.DUPLICATE)
            answers.append((request, statuses))
        self._store.insert(TABLE, inserts, INSERT_COLUMNS)
        self.last_flush = stored_at
        self._metrics.written(len(inserts), duplicates, latest)
        for request, answer in answers:
            if isinstance(answer, Conflict):
                request.future.set_exception(answer)
            else:
                request.future.set_result(answer)


def _classify(
    request: _Request, known: dict[uuid.UUID, int]
) -> tuple[list[Status] | Conflict, list[Prepared]]:
    statuses: list[Status] = []
    staged: list[Prepared] = []
    seen: dict[uuid.UUID, int] = {}
    for index, prepared in enumerate(request.items):
        previous = known.get(prepared.id, seen.get(prepared.id))
        if previous is None:
            statuses.append(Status.STORED)
            staged.append(prepared)
            seen[prepared.id] = prepared.digest
        elif previous == prepared.digest:
            statuses.append(Status.DUPLICATE)
        elif request.atomic:
            return Conflict(index, prepared.id), []
        else:
            statuses.append(Status.CONFLICT)
    return statuses, staged


def _row(prepared: Prepared, stored_at: datetime, authority: str) -> tuple[Any, ...]:
    return (
        prepared.id,
        prepared.timestamp,
        prepared.event,
        stored_at,
        prepared.digest,
        authority,
        *prepared.columns,
    )
