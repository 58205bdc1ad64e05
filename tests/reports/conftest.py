"""Report tests read through the real gate: an API token allowed to read every course."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from aspects.auth.files import tokens_path
from aspects.auth.tokens import create_token
from aspects.settings import Settings


@pytest.fixture
def client(client: TestClient, settings: Settings) -> TestClient:
    """The app's client, signed in for reports with an all-courses API token.

    LRS requests still send their own Basic credentials, which win for that request.
    """
    token = create_token(tokens_path(settings), f"reports-{uuid.uuid4().hex[:8]}", courses=None)
    client.headers["Authorization"] = f"Bearer {token}"
    return client
