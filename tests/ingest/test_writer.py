"""The pipelined writer: in-flight ids, failures, drain on stop."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Any

import pytest

from aspects.ingest.statement import prepare
from aspects.ingest.writer import Status, Writer
from aspects.settings import Settings
from aspects.store import Store
from tests.factories import statement


class _GatedInsert:
    """Holds the next insert until released, so a second batch is checked meanwhile.

    A stand-in around the real store for timing only: the rows still go to chDB.
    """

    def __init__(self, store: Store, fail_first: bool = False) -> None:
        self.store = store
        self.entered = threading.Event()
        self.release = threading.Event()
        self.fail_first = fail_first
        self.calls = 0

    def insert(self, table: str, rows: Any, columns: Any) -> None:
        self.calls += 1
        if self.calls == 1:
            self.entered.set()
            self.release.wait(10)
            if self.fail_first:
                # A disk or engine failure cannot be produced on demand here.
                raise OSError("simulated store failure")
        self.store.insert(table, rows, columns)


def _wait_until_checked(writer: Writer) -> None:
    """Until the collector has handed the second batch to the (held) inserter."""
    deadline = time.monotonic() + 10
    while writer._flushes.qsize() < 1:
        assert time.monotonic() < deadline, "the second batch was never checked"
        time.sleep(0.005)


def _writer(store: Store, settings: Settings, gate: _GatedInsert) -> Writer:
    writer = Writer(store, settings.writer)
    writer.start()
    writer._store = gate  # type: ignore[assignment]  # the lookup connection stays real
    return writer


def test_a_resend_checked_while_its_first_copy_is_still_being_inserted_is_a_duplicate(
    store: Store, settings: Settings
) -> None:
    now = datetime.now(UTC)
    items = [prepare(statement(actor=f"learner-{i}"), now) for i in range(3)]
    gate = _GatedInsert(store)
    writer = _writer(store, settings, gate)
    first = writer.submit(items)
    assert gate.entered.wait(10)
    second = writer.submit(items)  # checked while the first insert is held
    _wait_until_checked(writer)
    gate.release.set()
    assert first.result(10) == [Status.STORED] * 3
    assert second.result(10) == [Status.DUPLICATE] * 3
    writer.stop()
    assert store.query("select count() from xapi_events_all")[0][0] == 3


def test_when_an_insert_fails_batches_checked_against_it_fail_too_and_a_retry_stores_once(
    store: Store, settings: Settings
) -> None:
    now = datetime.now(UTC)
    items = [prepare(statement(actor=f"learner-{i}"), now) for i in range(2)]
    gate = _GatedInsert(store, fail_first=True)
    writer = _writer(store, settings, gate)
    first = writer.submit(items)
    assert gate.entered.wait(10)
    second = writer.submit(items)  # would be "duplicate" of rows that never land
    _wait_until_checked(writer)
    gate.release.set()
    with pytest.raises(OSError):
        first.result(10)
    with pytest.raises(Exception, match="earlier write failed"):
        second.result(10)
    assert store.query("select count() from xapi_events_all")[0][0] == 0
    assert writer.write(items) == [Status.STORED, Status.STORED]
    writer.stop()
    assert store.query("select count() from xapi_events_all")[0][0] == 2


def test_stop_writes_everything_already_submitted(store: Store, settings: Settings) -> None:
    now = datetime.now(UTC)
    writer = Writer(store, settings.writer)
    writer.start()
    futures = [writer.submit([prepare(statement(actor=f"l-{i}"), now)]) for i in range(50)]
    writer.stop()
    assert all(f.result(0) == [Status.STORED] for f in futures)
    assert store.query("select count() from xapi_events_all")[0][0] == 50
