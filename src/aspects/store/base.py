"""Store interface (execute / insert / query, bound parameters only) and its connection."""

from __future__ import annotations

import fcntl
import queue
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import clickhouse_connect
from clickhouse_connect.driver.client import Client

from aspects.settings import Settings

Params = Mapping[str, Any] | None
# Per-query engine settings (e.g. ``max_result_rows``, ``max_execution_time``).
QuerySettings = Mapping[str, Any] | None


class StoreError(RuntimeError):
    """The store could not run a statement."""


class StoreLocked(StoreError):
    """Another process holds the embedded data directory."""


class Store:
    """clickhouse-connect clients, each running one call at a time: one code for chDB and a server.

    A query takes whichever connection is free and holds it until its rows are read. Several
    connections let the reports of one page run side by side: a report's planning and its
    smaller steps use one core, so on 2 cores three connections drew the 10 M set's dashboard
    1.4× sooner than one (docs/benchmarks.md, session 5).
    """

    def __init__(
        self, clients: Sequence[Client], database: str, engine: str, settings: Settings
    ) -> None:
        self._clients = list(clients)
        self._free: queue.SimpleQueue[Client] = queue.SimpleQueue()
        for client in self._clients:
            self._free.put(client)
        self._settings = settings
        self.database = database
        self.engine = engine
        # Column types per table: without them every insert first asks the engine for them
        # (measured: 1.5 ms of a 10 ms 100-row insert).
        self._types: dict[str, dict[str, str]] = {}

    @contextmanager
    def _client(self) -> Iterator[Client]:
        """A free connection, for one call."""
        client = self._free.get()
        try:
            yield client
        finally:
            self._free.put(client)

    def execute(self, sql: str, params: Params = None) -> None:
        """Run a statement that returns nothing (DDL, DML)."""
        with self._client() as client:
            client.command(sql, parameters=dict(params or {}))

    def query(
        self, sql: str, params: Params = None, settings: QuerySettings = None
    ) -> list[tuple[Any, ...]]:
        """Run a query with bound ``{name:Type}`` parameters and return its rows.

        ``settings`` are engine settings for this query only (limits such as
        ``max_result_rows`` and ``max_execution_time``).
        """
        with self._client() as client:
            result = client.query(sql, parameters=dict(params or {}), settings=dict(settings or {}))
            return cast(list[tuple[Any, ...]], result.result_rows)

    def query_dicts(
        self, sql: str, params: Params = None, settings: QuerySettings = None
    ) -> list[dict[str, Any]]:
        """Run a query and return rows as dicts keyed by column name (``settings`` as above)."""
        with self._client() as client:
            result = client.query(sql, parameters=dict(params or {}), settings=dict(settings or {}))
            names = result.column_names
            return [dict(zip(names, row, strict=True)) for row in result.result_rows]

    def insert(self, table: str, rows: Sequence[Sequence[Any]], columns: Sequence[str]) -> None:
        """Insert rows (one tuple per row, in ``columns`` order) in one block."""
        if not rows:
            return
        with self._client() as client:
            types = self._types.get(table)
            if types is None:
                described = client.query(
                    "select name, type from system.columns "
                    "where database = currentDatabase() and table = {table:String}",
                    parameters={"table": table},
                )
                types = self._types[table] = {row[0]: row[1] for row in described.result_rows}
            client.insert(
                table,
                list(rows),
                column_names=list(columns),
                column_type_names=[types[name] for name in columns],
            )

    def sibling(self) -> Store:
        """Another connection to the same store, for work that must not wait on this one.

        The writer looks ids up on one connection while it inserts on the other: the engine
        releases the GIL, so the two overlap (benchmarks/ingest.py).
        """
        return connect(self._settings, connections=1)

    def close(self) -> None:
        """Release every connection (and, for chDB, the data directory lock) once it is free."""
        closed = [self._free.get() for _ in self._clients]
        for client in closed:
            client.close()
        for client in closed:  # a call after close fails as the engine says, not waits
            self._free.put(client)


def _held_elsewhere(path: Path) -> bool:
    """Another process runs an engine on ``path``: it holds the flock on ``path/status``.

    chDB prints "Cannot lock file …/status" to stderr but raises only "Error initializing
    EmbeddedServer", so the lock itself is probed. Called only after opening failed.
    """
    try:
        with (path / "status").open("rb") as status:
            fcntl.flock(status, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    return False


def _chdb_client(settings: Settings) -> Client:
    path = settings.store_path
    path.mkdir(parents=True, exist_ok=True)
    try:
        return clickhouse_connect.get_client(interface="chdb", path=str(path))
    except Exception as exc:  # chDB raises several types for a held lock
        if "cannot lock file" in str(exc).lower() or _held_elsewhere(path):
            raise StoreLocked(
                f"the data directory {settings.data_dir} is in use by another process "
                "(a running `aspects serve`?). Stop it, or send statements to its HTTP "
                "endpoint, or use another ASPECTS_DATA_DIR."
            ) from exc
        raise StoreError(f"cannot open the embedded store at {path}: {exc}") from exc


def connect(settings: Settings, connections: int | None = None) -> Store:
    """Open the configured engine and create (and use) the database; no schema changes.

    ``connections`` (default: the store setting) is how many queries may run at once.
    :func:`aspects.store.open_store` adds the migrations and views; this is what a second
    connection to an already opened store needs.
    """
    database = settings.store.database
    clients = [_client(settings) for _ in range(connections or settings.store.connections)]
    # The database name is an identifier checked against a pattern in settings; identifiers
    # cannot be bound parameters.
    clients[0].command(f"create database if not exists {database}")
    for client in clients:
        if settings.store.engine == "chdb":
            client.command(f"use {database}")  # chDB keeps the current database per handle
        client.database = database
    return Store(clients, database, settings.store.engine, settings)


def _client(settings: Settings) -> Client:
    if settings.store.engine == "chdb":
        return _chdb_client(settings)
    return clickhouse_connect.get_client(
        dsn=settings.store.url,
        username=settings.store.username,
        password=settings.store.password,
    )
