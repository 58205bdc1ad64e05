"""Group tests read through the real gate: API tokens with and without PII, a session user."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from aspects.auth.files import tokens_path
from aspects.auth.tokens import create_token
from aspects.settings import Settings
from tests.auth.helpers import add_user, sign_in
from tests.factories import COURSE


def _token_client(client: TestClient, settings: Settings, pii: bool) -> TestClient:
    name = f"groups-{uuid.uuid4().hex[:8]}"
    token = create_token(tokens_path(settings), name, courses=None, pii=pii)
    caller = TestClient(client.app)
    caller.headers["Authorization"] = f"Bearer {token}"
    return caller


@pytest.fixture
def pii_client(client: TestClient, settings: Settings) -> TestClient:
    """An all-courses API token that may see learners' PII."""
    return _token_client(client, settings, pii=True)


@pytest.fixture
def plain_client(client: TestClient, settings: Settings) -> TestClient:
    """An all-courses API token without PII permission."""
    return _token_client(client, settings, pii=False)


@pytest.fixture
def staff(client: TestClient, settings: Settings) -> TestClient:
    """A signed-in local account for the course, with its CSRF header (writes)."""
    add_user(settings, "teacher", COURSE)
    caller = TestClient(client.app)
    assert sign_in(caller, "teacher") == 303
    caller.headers["X-CSRF-Token"] = caller.get("/api/v1/me").json()["csrf_token"]
    return caller
