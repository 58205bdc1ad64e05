"""Each app has its own context: no state shared through modules (the slow-query log)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from aspects.app import create_app
from aspects.context import AppContext
from aspects.settings import Settings
from aspects.store import Store


def _slow_reports(client: TestClient, auth: dict[str, str]) -> list[str]:
    response = client.get("/api/v1/operator/reports/slow-queries", headers=auth)
    assert response.status_code == 200, response.text
    return [row["report"] for row in response.json()["rows"]]


def test_two_apps_on_one_store_keep_their_own_slow_query_logs(
    settings: Settings, store: Store, operator_token: dict[str, str]
) -> None:
    with (
        TestClient(create_app(settings, store)) as first,
        TestClient(create_app(settings, store)) as second,
    ):
        path = "/api/v1/operator/reports/storage"
        assert first.get(path, headers=operator_token).status_code == 200
        assert _slow_reports(first, operator_token) == ["storage"]
        assert _slow_reports(second, operator_token) == []
        contexts = [c.app.state.context for c in (first, second)]  # type: ignore[attr-defined]
        assert all(isinstance(c, AppContext) for c in contexts)
        assert contexts[0].timings is not contexts[1].timings
        assert contexts[0].store is contexts[1].store is store
