"""API tokens: the CLI, Bearer on /api/v1/, read-only, apart from LRS credentials (issue 7)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from aspects.auth.files import tokens_path
from aspects.auth.tokens import TOKEN_PREFIX, create_token
from aspects.cli import app
from aspects.settings import Settings
from tests.auth.helpers import COURSE_A, COURSE_B
from tests.factories import statement


def _env(settings: Settings) -> dict[str, str]:
    return {"ASPECTS_AUTH__TOKENS_FILE": str(tokens_path(settings))}


def test_create_prints_only_the_token_and_stores_only_its_hash(settings: Settings) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["api-token", "create", "--name", "grafana", "--course", COURSE_A], env=_env(settings)
    )
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith(TOKEN_PREFIX) and "\n" not in token
    assert token not in tokens_path(settings).read_text()
    listed = runner.invoke(app, ["api-token", "list"], env=_env(settings)).stdout
    assert "grafana" in listed and COURSE_A in listed and token not in listed


def test_create_needs_courses_or_all_courses(settings: Settings) -> None:
    result = CliRunner().invoke(app, ["api-token", "create", "--name", "x"], env=_env(settings))
    assert result.exit_code == 2


def test_a_revoked_token_stops_working_at_once(client: TestClient, settings: Settings) -> None:
    token = create_token(tokens_path(settings), "script", courses=[COURSE_A])
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/courses", headers=headers).status_code == 200
    result = CliRunner().invoke(app, ["api-token", "revoke", "script"], env=_env(settings))
    assert result.exit_code == 0
    assert client.get("/api/v1/courses", headers=headers).status_code == 401


def test_tokens_are_read_only_and_never_reach_the_lrs(
    client: TestClient, settings: Settings
) -> None:
    token = create_token(tokens_path(settings), "all", courses=None, operator=True)
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/courses/{COURSE_A}/reports/enrollment-summary"
    assert client.post(url, headers=headers).status_code == 403
    assert client.post("/xAPI/statements", json=statement(), headers=headers).status_code == 401
    assert client.post("/api/v1/lms/user_profile", json=[], headers=headers).status_code == 401


def test_lrs_credentials_never_read_reports(
    client: TestClient, basic_auth: dict[str, str], bearer_auth: dict[str, str]
) -> None:
    for headers in (basic_auth, bearer_auth):
        assert client.get("/api/v1/courses", headers=headers).status_code == 401
        url = f"/api/v1/courses/{COURSE_B}/reports/enrollment-summary"
        assert client.get(url, headers=headers).status_code == 401
        assert client.get("/metrics", headers=headers).status_code == 401


def test_tokens_are_not_accepted_on_pages(client: TestClient, settings: Settings) -> None:
    token = create_token(tokens_path(settings), "all", courses=None, operator=True)
    page = client.get(
        "/account", headers={"Authorization": f"Bearer {token}"}, follow_redirects=False
    )
    assert page.status_code == 303


def test_metrics_are_for_operators_unless_made_public(
    client: TestClient, settings: Settings, operator_token: dict[str, str]
) -> None:
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers=operator_token).status_code == 200
    reader = create_token(tokens_path(settings), "reader", courses=None)
    assert client.get("/metrics", headers={"Authorization": f"Bearer {reader}"}).status_code == 403


def test_user_add_list_remove_keep_only_a_bcrypt_hash(settings: Settings) -> None:
    from aspects.auth.files import users_path

    env = {"ASPECTS_AUTH__USERS_FILE": str(users_path(settings))}
    runner = CliRunner()
    added = runner.invoke(
        app,
        ["user", "add", "--username", "ada", "--password", "long enough", "--course", COURSE_A],
        env=env,
    )
    assert added.exit_code == 0, added.output
    stored = users_path(settings).read_text()
    assert "long enough" not in stored and "$2b$" in stored
    assert COURSE_A in runner.invoke(app, ["user", "list"], env=env).stdout
    assert runner.invoke(app, ["user", "remove", "ada"], env=env).exit_code == 0
    assert runner.invoke(app, ["user", "remove", "ada"], env=env).exit_code == 1
