"""The one writer: statements of concurrent requests are checked and stored in one insert.

Group commit (STYLE.md 3): a request waits in a queue; the writer takes everything that arrives
within ``linger_ms`` of the first (up to ``max_batch`` statements), checks every id against the
store once, and writes all new statements in a single insert. A request is answered only after
that insert returns, so an acknowledged statement is in the store.
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
from aspects.ingest.facts import LearnerFacts
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


@dataclass
class _Flush:
    """One checked batch on its way to the store: rows to insert, answers to give after."""

    requests: list[_Request]
    rows: list[tuple[Any, ...]]
    answers: list[tuple[_Request, list[Status] | Conflict]]
    staged: dict[uuid.UUID, int]
    duplicates: int
    latest: datetime | None
    stored_at: datetime
    generation: int


class Writer:
    """Batches requests into inserts; see the module docstring.

    Two threads form a pipeline: the collector gathers a batch, looks its ids up (on its own
    connection) and classifies it while the inserter writes the previous batch. Ids handed to
    the inserter but not yet stored are "in flight" and count as known, so a resend arriving
    meanwhile is a duplicate, not a second copy. If an insert fails, every batch classified
    while it was in flight fails too (their duplicates may have pointed at it); clients retry.
    """

    def __init__(
        self,
        store: Store,
        settings: WriterSettings,
        metrics: IngestMetrics | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._store = store
        self._lookup: Store | None = None
        self._settings = settings
        self._metrics = metrics or IngestMetrics()
        self._clock = clock
        self._queue: queue.Queue[_Request | None] = queue.Queue()
        self._flushes: queue.Queue[_Flush | None] = queue.Queue(maxsize=2)
        self._in_flight: dict[uuid.UUID, int] = {}
        self._generation = 0
        self._in_flight_lock = threading.Lock()
        self._waiting = 0
        self._waiting_lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._closing = False
        self.last_flush: datetime = clock()
        # Learner facts: checked at start, queued after each insert, derived on their own
        # thread; readers settle them first (settle_facts).
        self._facts = LearnerFacts(store, offset=INSERT_COLUMNS.index(COLUMNS[0]))

    def start(self) -> None:
        """Bring the learner facts up to date, open the lookup connection, start the threads."""
        self._facts.open()
        self._facts.start()
        self._lookup = self._store.sibling()
        self._closing = False
        self._threads = [
            threading.Thread(target=self._collect, name="aspects-collector", daemon=True),
            threading.Thread(target=self._insert, name="aspects-inserter", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """Write everything already queued, then stop (SIGTERM drains)."""
        if not self._threads:
            return
        self._closing = True
        self._queue.put(None)
        for thread in self._threads:
            thread.join()
        self._threads = []
        if self._lookup is not None:
            self._lookup.close()
            self._lookup = None
        self._facts.stop()  # every queued batch derived
        self._facts.close()

    def settle_facts(self) -> None:
        """Wait until the learner facts include every batch written before this call."""
        self._facts.settle()

    @property
    def running(self) -> bool:
        """The writer threads are alive and taking requests."""
        alive = bool(self._threads) and all(t.is_alive() for t in self._threads)
        return alive and not self._closing

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
        if self._closing or not self._threads:
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

    def _collect(self) -> None:
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
                        else self._queue.get_nowait()
                    )
                except queue.Empty:
                    break
                if nxt is None:
                    stopping = True
                    break
                batch.append(nxt)
                size += len(nxt.items)
            self._check(batch)
        # Drain: everything queued before stop() is written.
        rest = []
        while not self._queue.empty():
            item = self._queue.get_nowait()
            if item is not None:
                rest.append(item)
        if rest:
            self._check(rest)
        self._flushes.put(None)

    def _check(self, batch: list[_Request]) -> None:
        """Look the batch's ids up, classify every request, hand the rows to the inserter."""
        try:
            flush = self._classify_batch(batch)
        except Exception as exc:  # the lookup failed: every waiting request hears why
            self._fail(batch, exc)
            return
        self._flushes.put(flush)

    def _classify_batch(self, batch: list[_Request]) -> _Flush:
        lookup = self._lookup or self._store
        # Snapshot the in-flight ids before the lookup: an id leaves the map only after its
        # insert returned, so it is then visible to a lookup that starts later.
        with self._in_flight_lock:
            known = dict(self._in_flight)
            generation = self._generation
        ids = list({p.id for request in batch for p in request.items})
        for start in range(0, len(ids), 10_000):
            rows = lookup.query(_LOOKUP, {"ids": ids[start : start + 10_000]})
            known.update((row[0], row[1]) for row in rows)
        stored_at = self._clock()
        flush = _Flush(batch, [], [], {}, 0, None, stored_at, generation)
        for request in batch:
            statuses, staged = _classify(request, known)
            flush.answers.append((request, statuses))
            if isinstance(statuses, Conflict):
                continue
            for prepared in staged:
                known[prepared.id] = flush.staged[prepared.id] = prepared.digest
                flush.rows.append(_row(prepared, stored_at, request.authority))
                if flush.latest is None or prepared.timestamp > flush.latest:
                    flush.latest = prepared.timestamp
            flush.duplicates += statuses.count(Status.DUPLICATE)
        with self._in_flight_lock:
            self._in_flight.update(flush.staged)
        return flush

    def _insert(self) -> None:
        while (flush := self._flushes.get()) is not None:
            try:
                with self._in_flight_lock:
                    stale = flush.generation < self._generation
                if stale:
                    raise WriterClosed("an earlier write failed; retry")
                self._store.insert(TABLE, flush.rows, INSERT_COLUMNS)
            except Exception as exc:  # the store failed: every waiting request hears why
                with self._in_flight_lock:
                    for statement_id in flush.staged:
                        self._in_flight.pop(statement_id, None)
                    self._generation += 1
                self._fail(flush.requests, exc)
                continue
            with self._in_flight_lock:
                for statement_id in flush.staged:
                    self._in_flight.pop(statement_id, None)
            # Read-your-writes: readers settle the facts first (settle_facts).
            self._facts.queue(flush.rows)
            self.last_flush = flush.stored_at
            self._metrics.written(len(flush.rows), flush.duplicates, flush.latest)
            for request, answer in flush.answers:
                if isinstance(answer, Conflict):
                    request.future.set_exception(answer)
                else:
                    request.future.set_result(answer)
            self._done(flush.requests)

    def _fail(self, batch: list[_Request], exc: Exception) -> None:
        for request in batch:
            if not request.future.done():
                request.future.set_exception(exc)
        self._done(batch)

    def _done(self, batch: list[_Request]) -> None:
        with self._waiting_lock:
            self._waiting -= sum(len(r.items) for r in batch)


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
