"""The demo's printed sign-in works through the real login form and sees every course."""

from __future__ import annotations

from fastapi.testclient import TestClient

from aspects.demo.command import DEMO_USER, reset_demo_account
from aspects.settings import Settings
from tests.auth.helpers import sign_in


def test_the_demo_account_password_printed_by_a_run_signs_in_and_the_old_one_stops_working(
    client: TestClient, settings: Settings
) -> None:
    first = reset_demo_account(settings)
    second = reset_demo_account(settings)  # a rerun prints a new password
    assert sign_in(client, DEMO_USER, first) != 303
    assert sign_in(client, DEMO_USER, second) == 303
    # An operator account: /metrics, for operators only, answers.
    assert client.get("/metrics").status_code == 200
