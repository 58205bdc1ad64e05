"""A store's connections: queries of several threads run side by side, each on its own."""

from __future__ import annotations

import threading
import time

from aspects.settings import Settings
from aspects.store import Store
from aspects.store.base import connect


def test_a_query_does_not_wait_for_a_slow_one_on_another_connection(settings: Settings) -> None:
    store = connect(settings, connections=2)
    try:
        done: list[str] = []
        started = threading.Event()

        def slow() -> None:
            started.set()
            store.query("select sleepEachRow(0.4) from numbers(3)")  # 1.2 s in the engine
            done.append("slow")

        thread = threading.Thread(target=slow)
        thread.start()
        started.wait()
        time.sleep(0.2)  # the slow query holds its connection by now
        assert store.query("select 41 + 1") == [(42,)]
        done.append("fast")
        thread.join()
        assert done == ["fast", "slow"]
    finally:
        store.close()


def test_one_connection_runs_calls_in_turn(settings: Settings) -> None:
    store = connect(settings, connections=1)
    try:
        done: list[str] = []
        started = threading.Event()

        def slow() -> None:
            started.set()
            store.query("select sleepEachRow(0.3) from numbers(2)")
            done.append("slow")

        thread = threading.Thread(target=slow)
        thread.start()
        started.wait()
        time.sleep(0.2)
        store.query("select 1")
        done.append("fast")
        thread.join()
        assert done == ["slow", "fast"]
    finally:
        store.close()


def test_every_connection_uses_the_store_database(store: Store, settings: Settings) -> None:
    other = connect(settings, connections=3)
    try:
        names = {other.query("select currentDatabase()")[0][0] for _ in range(6)}
        assert names == {settings.store.database}
    finally:
        other.close()
