"""When the store fails, the LRS answers 503 (retry later) and tells the client nothing internal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from aspects.store import Store
from tests.factories import statement


@pytest.fixture
def missing_table(store: Store) -> Iterator[None]:
    """The statement table out of reach for the test (renamed), then put back."""
    store.execute("rename table xapi_events_all to xapi_events_all_away")
    try:
        yield
    finally:
        store.execute("rename table xapi_events_all_away to xapi_events_all")


def test_a_store_failure_is_a_503_with_retry_after_and_no_engine_detail(
    client: TestClient, basic_auth: dict[str, str], store: Store, missing_table: None
) -> None:
    response = client.post("/xAPI/statements", json=[statement()], headers=basic_auth)
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.headers["x-experience-api-version"] == "1.0.3"
    body = response.json()
    assert body == {"error": "the store failed; nothing was stored"}
    # Nothing of the engine's message (table, database, error code) reaches the client.
    assert store.database not in response.text and "xapi_events_all" not in response.text
