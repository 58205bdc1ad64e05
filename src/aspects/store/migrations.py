"""Numbered schema migrations (``schema/NNNN_name.sql``), applied once, recorded in a table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from aspects.store.base import Store

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# Numbers once shipped and since removed (their views moved to models/views): stores that
# applied them have them in their ledger, so a new file under one of them would be skipped.
RETIRED = frozenset({3, 6})

_LEDGER = """
create table if not exists schema_migrations (
    version UInt32,
    name String,
    applied_at DateTime64(3, 'UTC') default now64(3)
) engine = MergeTree order by version
"""


@dataclass(frozen=True)
class Migration:
    """One schema file: its number, name and statements."""

    version: int
    name: str
    statements: tuple[str, ...]


def split_statements(sql: str) -> tuple[str, ...]:
    """Split a schema file on ``;`` at line ends, dropping comment lines and empty chunks."""
    # Comment lines go first, so a comment ending in ";" cannot split a statement.
    code = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
    chunks = re.split(r";\s*$", code, flags=re.MULTILINE)
    return tuple(body for chunk in chunks if (body := chunk.strip()))


def discover() -> list[Migration]:
    """All migrations shipped with the package, in version order."""
    folder = resources.files("aspects.store") / "schema"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(
                Migration(int(match[1]), match[2], split_statements(entry.read_text("utf-8")))
            )
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two schema files share a number: {versions}")
    if RETIRED & set(versions):
        raise RuntimeError(f"schema files reuse retired numbers {sorted(RETIRED & set(versions))}")
    return found


def apply_migrations(store: Store) -> list[Migration]:
    """Apply every migration not yet recorded; safe to run again. Returns those applied."""
    store.execute(_LEDGER)
    done = {row[0] for row in store.query("select version from schema_migrations")}
    applied = []
    for migration in discover():
        if migration.version in done:
            continue
        for statement in migration.statements:
            store.execute(statement)
        store.insert(
            "schema_migrations", [(migration.version, migration.name)], ["version", "name"]
        )
        applied.append(migration)
    return applied
