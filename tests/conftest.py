"""Shared fixtures: one chDB data directory and one migrated database per test process.

chDB holds one data directory per process (DESIGN.md, process model). Every test process (each
pytest-xdist worker, or the one process without it) opens its own directory under its own
temporary folder, creates one database and applies the migrations once. Each test then starts
from an empty store: the tables holding rows are truncated before it runs (a few milliseconds,
where creating and migrating a database per test took about 150). Files (LRS credentials,
accounts, tokens, the audit log) stay per test, under ``tmp_path``.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.app import create_app
from aspects.ingest.credentials import add_user, issue_key
from aspects.settings import Settings, load_settings
from aspects.store import Store, open_store
from aspects.store.migrations import apply_migrations, discover
from aspects.store.views import apply_views

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "erb-xapi"
LRS_USER, LRS_PASSWORD = "erb", "erb-secret-123"


def corpus_files() -> list[Path]:
    """Every ERB fixture file, sorted by name."""
    files = sorted(CORPUS.glob("*.json"))
    assert files, f"the ERB corpus is missing at {CORPUS}"
    return files


def corpus_statements(name: str) -> list[dict[str, Any]]:
    """The statements of one fixture file, always as a list."""
    data = json.loads((CORPUS / name).read_text())
    return data if isinstance(data, list) else [data]


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("aspects-data")


@dataclass(frozen=True)
class _Schema:
    """What a freshly migrated database holds: its tables and views, and the ledger's size."""

    objects: frozenset[str]
    ledger_rows: int


def _objects(store: Store) -> list[tuple[str, str, int | None]]:
    return store.query(
        "select name, engine, total_rows from system.tables where database = currentDatabase()"
    )


@pytest.fixture(scope="session")
def process_store(data_dir: Path) -> Iterator[tuple[Store, _Schema]]:
    """The process's database, migrated once; closed and dropped at the end of the session."""
    database = "t_" + uuid.uuid4().hex[:16]
    opened = open_store(load_settings(data_dir=data_dir, store={"database": database}))
    schema = _Schema(frozenset(row[0] for row in _objects(opened)), len(discover()))
    yield opened, schema
    opened.execute(f"drop database if exists {database}")
    opened.close()


def _rebuild(store: Store) -> None:
    """Drop every object of the database, migrate it again and re-create the views."""
    for name, engine, _rows in sorted(_objects(store), key=lambda row: row[1] != "View"):
        store.execute(f"drop {'view' if engine == 'View' else 'table'} if exists {name}")
    apply_migrations(store)
    apply_views(store)


def _empty(store: Store, schema: _Schema) -> None:
    """Bring the shared database back to freshly migrated: truncate the tables holding rows.

    Only the tables with rows are truncated (a few ms in all). Objects a test created are
    dropped; a table a test renamed or dropped, or a changed ledger, rebuilds the schema.
    """
    objects = _objects(store)
    names = {row[0] for row in objects}
    ledger = next((rows for name, _, rows in objects if name == "schema_migrations"), None)
    if not schema.objects <= names or ledger != schema.ledger_rows:
        _rebuild(store)
        return
    for name, engine, rows in objects:
        if name not in schema.objects:
            store.execute(f"drop {'view' if engine == 'View' else 'table'} if exists {name}")
        elif rows and name != "schema_migrations":
            store.execute(f"truncate table {name}")


def fresh_settings(migrated: tuple[Store, _Schema], data_dir: Path, folder: Path) -> Settings:
    """Settings on the process's database, emptied now; LRS users, accounts, tokens and the
    audit log in ``folder``. The ``settings`` fixture per test; module-scoped fixtures too."""
    shared, schema = migrated
    _empty(shared, schema)
    return load_settings(
        data_dir=data_dir,
        store={"database": shared.database},
        lrs={"credentials_file": folder / "lrs-credentials.json"},
        auth={  # issue 7: accounts, API tokens and the audit log per test
            "users_file": folder / "users.json",
            "tokens_file": folder / "api-tokens.json",
            "audit_file": folder / "audit.log",
        },
    )


@pytest.fixture
def settings(process_store: tuple[Store, _Schema], data_dir: Path, tmp_path: Path) -> Settings:
    """The test's settings: the process's database, emptied for this test; files per test."""
    return fresh_settings(process_store, data_dir, tmp_path)


@pytest.fixture
def store(settings: Settings, process_store: tuple[Store, _Schema]) -> Store:
    """The process's store, empty (``settings`` emptied it); it stays open after the test."""
    return process_store[0]


def lrs_user(settings: Settings) -> dict[str, str]:
    """Add the LRS user to the settings' credentials; returns its Basic header."""
    add_user(settings.credentials_path, LRS_USER, LRS_PASSWORD, rounds=4)  # fast in tests
    token = base64.b64encode(f"{LRS_USER}:{LRS_PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture
def basic_auth(settings: Settings) -> dict[str, str]:
    return lrs_user(settings)


@pytest.fixture
def bearer_auth(settings: Settings) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_key(settings.credentials_path, 'lms')}"}


@pytest.fixture
def client(settings: Settings, store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store)) as test_client:
        yield test_client


def post_statements(
    client: TestClient, auth: dict[str, str], statements: list[dict[str, Any]]
) -> None:
    """POST statements to the real LRS in one request and check they were all stored.

    Then the learner facts are settled, as every route that reads them does first, so a test
    may read the store directly.
    """
    response = client.post("/xAPI/statements", json=statements, headers=auth)
    assert response.status_code == 200, response.text
    assert response.json() == [s["id"] for s in statements]
    client.app.state.context.writer.settle_facts()  # type: ignore[attr-defined]


@pytest.fixture
def operator_token(settings: Settings) -> dict[str, str]:
    """An operator API token's header (issue 7: /metrics is for operators)."""
    from aspects.auth.files import tokens_path
    from aspects.auth.tokens import create_token

    token = create_token(tokens_path(settings), "monitoring", courses=[], operator=True)
    return {"Authorization": f"Bearer {token}"}
