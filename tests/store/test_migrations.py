"""Schema migrations: applied on open, recorded once, safe to run again."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

from aspects.settings import Settings
from aspects.store import Store, open_store
from aspects.store.migrations import apply_migrations, discover, split_statements
from tests.factories import statement

_CREATES = re.compile(
    r"^\s*create\s+(?:materialized\s+)?(?:table|view)\s+if\s+not\s+exists\s+(\w+)",
    re.IGNORECASE | re.MULTILINE,
)


def _schema_files() -> dict[str, str]:
    folder = resources.files("aspects.store") / "schema"
    return {f.name: f.read_text("utf-8") for f in folder.iterdir() if f.name.endswith(".sql")}


@contextmanager
def _other_database(settings: Settings, migrate: bool) -> Iterator[Store]:
    store_settings = settings.store.model_copy(update={"database": settings.store.database + "_x"})
    store = open_store(settings.model_copy(update={"store": store_settings}), migrate=migrate)
    try:
        yield store
    finally:
        store.execute(f"drop database if exists {store_settings.database}")
        store.close()


def _tables(store: Store) -> dict[str, str]:
    rows = store.query("select name, engine from system.tables where database = currentDatabase()")
    return dict(rows)


def _snapshot(store: Store) -> dict[str, Any]:
    """Everything a migration could change: the ledger, every table's DDL, the row counts."""
    tables = _tables(store)
    return {
        "ledger": store.query("select * from schema_migrations order by version"),
        "ddl": {name: store.query(f"show create table {name}")[0][0] for name in tables},
        "rows": store.query("select toString(event_id), digest from xapi_events_all order by 1"),
    }


def test_every_numbered_schema_file_is_discovered_in_version_order() -> None:
    files = sorted(n for n in _schema_files() if re.match(r"^\d{4}_[a-z0-9_]+\.sql$", n))
    assert "0001_statements.sql" in files
    assert [f"{m.version:04d}_{m.name}.sql" for m in discover()] == files


def test_opening_a_store_applies_every_migration_and_records_each_once(store: Store) -> None:
    ledger = store.query("select version, name from schema_migrations order by version")
    assert (1, "statements") in ledger
    assert ledger == [(m.version, m.name) for m in discover()]


def test_every_table_and_view_of_the_schema_exists(store: Store) -> None:
    tables = _tables(store)
    # The ones the LRS reads and writes, with their engines.
    assert tables["xapi_events_all"] == "MergeTree"
    assert tables["statements"] == "View"
    assert tables["schema_migrations"] == "MergeTree"
    # And every object any schema file creates.
    created = {name for sql in _schema_files().values() for name in _CREATES.findall(sql)}
    assert created <= set(tables), created - set(tables)
    # The id index idempotency lookups rely on.
    projections = store.query(
        "select name from system.projections"
        " where database = currentDatabase() and table = 'xapi_events_all'"
    )
    assert ("by_event_id",) in projections


def test_rerunning_apply_migrations_applies_nothing_and_changes_nothing(store: Store) -> None:
    columns = ["event_id", "emission_time", "event", "digest", "verb_id"]
    sent = statement()
    store.insert(
        "xapi_events_all",
        [(sent["id"], "2026-01-05 10:00:00", "{}", 42, sent["verb"]["id"])],
        columns,
    )
    before = _snapshot(store)
    assert apply_migrations(store) == []
    assert apply_migrations(store) == []
    assert _snapshot(store) == before


def test_a_fresh_database_is_migrated_on_open_unless_asked_not_to(settings: Settings) -> None:
    with _other_database(settings, migrate=False) as bare:
        assert _tables(bare) == {}
        applied = apply_migrations(bare)
        assert [m.version for m in applied] == [m.version for m in discover()]
        assert "xapi_events_all" in _tables(bare)
    with _other_database(settings, migrate=True) as migrated:
        assert {"xapi_events_all", "statements", "schema_migrations"} <= set(_tables(migrated))


def test_split_statements_drops_comment_lines_and_comment_only_chunks() -> None:
    sql = """-- A header comment.
-- It runs over two lines.
create table a (x UInt8) engine = Memory;

    -- an indented comment-only chunk;

create view v as
-- explaining the select
select x from a;
-- a trailing comment
"""
    assert split_statements(sql) == (
        "create table a (x UInt8) engine = Memory",
        "create view v as\nselect x from a",
    )


def test_split_statements_does_not_split_on_a_semicolon_ending_a_comment_line() -> None:
    sql = (
        "create table a (\n"
        "    -- the key; others follow;\n"
        "    x UInt8,\n"
        "    y String -- an inline note\n"
        ") engine = Memory;\n"
        "select 1;   \n"  # blanks after the semicolon
    )
    assert split_statements(sql) == (
        "create table a (\n    x UInt8,\n    y String -- an inline note\n) engine = Memory",
        "select 1",
    )


def test_split_statements_output_runs_on_the_engine(store: Store) -> None:
    sql = """-- two objects;
create table split_check (
    -- a comment line;
    x UInt8 -- inline
) engine = Memory;
-- between;
insert into split_check values (1), (2);
"""
    for part in split_statements(sql):
        store.execute(part)
    assert store.query("select sum(x) from split_check") == [(3,)]


def test_shipped_schema_files_split_into_table_statements_only() -> None:
    # Tables only (views and derivations are models/ SQL): created, or altered.
    for migration in discover():
        assert migration.statements, migration.name
        for part in migration.statements:
            assert part.lower().startswith(("create table ", "alter table ")), (
                migration.name,
                part[:60],
            )
            assert not part.rstrip().endswith(";")
