"""Shared fixtures: one chDB data directory per test session, one database per test.

chDB holds one data directory per process (DESIGN.md, process model), so every test shares the
session's directory and gets its own database, created and dropped in a few milliseconds.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aspects.app import create_app
from aspects.ingest.credentials import add_user, issue_key
from aspects.settings import Settings, load_settings
from aspects.store import Store, open_store

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


@pytest.fixture
def settings(data_dir: Path, tmp_path: Path) -> Settings:
    database = "t_" + uuid.uuid4().hex[:16]
    return load_settings(
        data_dir=data_dir,
        store={"database": database},
        lrs={"credentials_file": tmp_path / "lrs-credentials.json"},
        auth={  # issue 7: accounts, API tokens and the audit log per test
            "users_file": tmp_path / "users.json",
            "tokens_file": tmp_path / "api-tokens.json",
            "audit_file": tmp_path / "audit.log",
        },
    )


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    opened = open_store(settings)
    yield opened
    opened.execute(f"drop database if exists {settings.store.database}")
    opened.close()


@pytest.fixture
def basic_auth(settings: Settings) -> dict[str, str]:
    add_user(settings.credentials_path, LRS_USER, LRS_PASSWORD, rounds=4)  # fast in tests
    token = base64.b64encode(f"{LRS_USER}:{LRS_PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture
def bearer_auth(settings: Settings) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_key(settings.credentials_path, 'lms')}"}


@pytest.fixture
def client(settings: Settings, store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store)) as test_client:
        yield test_client


def statement(
    verb: str = "http://adlnet.gov/expapi/verbs/registered",
    actor: str = "learner-1",
    ts: str = "2026-01-05T10:00:00+00:00",
    course: str = "course-v1:Org+C1+2026",
    **extra: Any,
) -> dict[str, Any]:
    """A small ERB-shaped statement (enrollment by default) with a fresh id."""
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": "http://lms.example", "name": actor},
        },
        "verb": {"id": verb, "display": {"en": verb.rsplit("/", 1)[-1]}},
        "object": {
            "objectType": "Activity",
            "id": f"http://lms.example/course/{course}",
            "definition": {"type": "http://adlnet.gov/expapi/activities/course"},
        },
        "timestamp": ts,
        "version": "1.0.3",
    }
    body.update(extra)
    return body


def post_statements(
    client: TestClient, auth: dict[str, str], statements: list[dict[str, Any]]
) -> None:
    """POST statements to the real LRS in one request and check they were all stored."""
    response = client.post("/xAPI/statements", json=statements, headers=auth)
    assert response.status_code == 200, response.text
    assert response.json() == [s["id"] for s in statements]


@pytest.fixture
def operator_token(settings: Settings) -> dict[str, str]:
    """An operator API token's header (issue 7: /metrics is for operators)."""
    from aspects.auth.files import tokens_path
    from aspects.auth.tokens import create_token

    token = create_token(tokens_path(settings), "monitoring", courses=[], operator=True)
    return {"Authorization": f"Bearer {token}"}
