"""Every route of the app × every kind of caller: who gets in, and nothing of course B leaks.

Issue 7's matrix. Routes come from ``app.routes``, so a route added tomorrow is in the matrix
tomorrow; it must match a rule of ``EXPECTED`` below (written here, independently of
``aspects.auth.policy``), or the classification test fails and asks for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from aspects.auth.files import tokens_path
from aspects.auth.tokens import create_token
from aspects.reports import INSTANCE_REPORTS, REPORTS
from aspects.settings import Settings
from tests.auth.helpers import COURSE_A, COURSE_B, add_user, sign_in
from tests.factories import statement

# The access policy, route prefix → who may call it (issue 7, DESIGN "auth"):
EXPECTED: list[tuple[str, str]] = [
    (r"/(healthz|readyz)$", "public"),
    (r"/xAPI/about$", "public"),  # xAPI 1.0.3 Part 3 §7.7: the About resource is open
    (r"/(xAPI|sink|api/v1/lms)(/|$)", "lrs"),  # LRS credentials only, never a session/token
    (r"/(login|logout)(/|$)", "public"),
    (r"/metrics$", "operator"),
    (r"/(api/v1/)?operator(/|$)", "operator"),
    (r"/(api/v1/)?courses/[^/]+", "course"),  # the course in the path must be theirs
    (r"/api/", "user"),  # any signed-in caller; answers filtered to their courses
    (r"/(openapi\.json|redoc|docs)", "user"),
    (r"/(account)?$", "user"),
]


def expected_policy(path: str) -> str | None:
    return next((policy for pattern, policy in EXPECTED if re.match(pattern, path)), None)


@dataclass(frozen=True)
class Role:
    name: str
    courses: frozenset[str] | None  # None: all
    operator: bool = False
    kind: str = "session"  # session, token, lrs, anonymous


ROLES = [
    Role("anonymous", frozenset(), kind="anonymous"),
    Role("signed_in_no_courses", frozenset()),
    Role("staff_of_a", frozenset({COURSE_A})),
    Role("staff_of_b", frozenset({COURSE_B})),
    Role("global_staff", None, operator=True),
    Role("token_for_a", frozenset({COURSE_A}), kind="token"),
    Role("token_for_all", None, kind="token"),
    Role("lrs_credentials", frozenset(), kind="lrs"),
]


def route_table(app: FastAPI) -> set[tuple[str, str]]:
    """Every (path template, method) the app serves.

    Read from ``app.routes``; FastAPI ≥ 0.16x keeps included routers as lazy branches, walked
    here through their effective routes, and the OpenAPI paths are added as a cross-check.
    """
    table: set[tuple[str, str]] = set()

    def walk(routes: list[Any], prefix_paths: bool = False) -> None:
        for route in routes:
            if hasattr(route, "effective_candidates"):  # an included router (lazy branch)
                walk(route.effective_candidates())
                continue
            original = getattr(route, "original_route", route)
            path, methods = getattr(route, "path", None), getattr(original, "methods", None)
            if path:
                for method in methods or {"GET"}:
                    table.add((path, method))

    walk(list(app.routes))
    for path, operations in app.openapi()["paths"].items():
        table.update((path, method.upper()) for method in operations)
    return {(path, method) for path, method in table if method != "HEAD"}


def concrete_routes(app: FastAPI) -> Iterator[tuple[str, str, str]]:
    """(template, concrete path, method) for every route, course parameters set to course A."""
    values = {"course_key": COURSE_A, "name": "enrollment-summary", "table": "user_profile"}
    for template, method in sorted(route_table(app)):
        path = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: values.get(m.group(1), "x"), template)
        yield template, path, method


def expected_status(role: Role, policy: str, path: str, method: str) -> tuple[bool, int]:
    """(allowed, status when refused)."""
    api = path.startswith("/api/") or path in ("/metrics", "/healthz", "/readyz")
    api = api or policy == "lrs" or path.startswith(("/openapi", "/redoc", "/docs"))
    if policy == "public":
        return True, 0
    if policy == "lrs":
        return role.kind == "lrs", 401
    anonymous = role.kind in ("anonymous", "lrs") or (
        role.kind == "token" and not (path.startswith("/api/") or path == "/metrics")
    )
    if anonymous:
        return False, 401 if api else 303
    if method != "GET":
        return False, 403  # tokens are read-only; sessions need X-CSRF-Token
    if policy == "operator":
        return role.operator, 403
    if policy == "course":
        return role.courses is None or COURSE_A in role.courses, 403
    return True, 0


@pytest.fixture
def callers(
    client: TestClient, settings: Settings, basic_auth: dict[str, str]
) -> dict[str, TestClient]:
    """One client per role, all on the same app, with statements of courses A and B stored."""
    for course, learner in ((COURSE_A, "learner-a-1"), (COURSE_B, "learner-b-1")):
        response = client.post(
            "/xAPI/statements", json=[statement(actor=learner, course=course)], headers=basic_auth
        )
        assert response.status_code == 200
    out: dict[str, TestClient] = {}
    for role in ROLES:
        caller = TestClient(client.app)
        if role.kind == "session":
            add_user(settings, role.name, *(role.courses or ()), operator=role.operator)
            assert sign_in(caller, role.name) == 303
        elif role.kind == "token":
            courses = None if role.courses is None else sorted(role.courses)
            token = create_token(tokens_path(settings), role.name, courses=courses)
            caller.headers["Authorization"] = f"Bearer {token}"
        elif role.kind == "lrs":
            caller.headers.update(basic_auth)
        out[role.name] = caller
    return out


def test_every_route_is_classified_by_the_access_policy(client: TestClient) -> None:
    unclassified = [t for t, _, _ in concrete_routes(client.app) if expected_policy(t) is None]
    assert not unclassified, (
        f"add these routes to EXPECTED and to aspects.auth.policy: {unclassified}"
    )


def test_route_role_matrix(client: TestClient, callers: dict[str, TestClient]) -> None:
    checked, failures = 0, []
    for template, path, method in concrete_routes(client.app):
        policy = expected_policy(template)
        assert policy is not None
        if policy == "public" and method != "GET":
            continue  # /login and /logout POSTs check their own CSRF tokens (test_local_login)
        for role in ROLES:
            allowed, refused = expected_status(role, policy, path, method)
            response = callers[role.name].request(method, path, follow_redirects=False)
            status = response.status_code
            if policy == "public":
                ok = status not in (401, 403)  # /logout sends the signed-out to /login
            else:
                ok = status not in (401, 403, 303, 500) if allowed else status == refused
            if not ok:
                failures.append(f"{method} {path} as {role.name}: {status} (policy {policy})")
            if allowed and _sees_only_a(role, policy):
                assert "OrgB" not in response.text and "learner-b" not in response.text, (
                    f"{method} {path} as {role.name} shows course B"
                )
            checked += 1
    assert not failures, "\n".join(failures)
    assert checked >= 8 * 10  # the matrix is not empty


def _sees_only_a(role: Role, policy: str) -> bool:
    if policy in ("public", "lrs"):
        return False  # the LRS's own GET /xAPI/statements serves ERB's credentials everything
    return policy == "course" or (role.courses is not None and COURSE_B not in role.courses)


@pytest.mark.parametrize("role", ["staff_of_a", "token_for_a", "token_for_all", "global_staff"])
def test_no_report_of_course_a_contains_data_of_course_b(
    callers: dict[str, TestClient], role: str
) -> None:
    for name in sorted(REPORTS):
        for suffix in ("", ".csv"):
            response = callers[role].get(f"/api/v1/courses/{COURSE_A}/reports/{name}{suffix}")
            assert response.status_code not in (401, 403), (name, response.text)
            assert "OrgB" not in response.text and "learner-b" not in response.text, name


@pytest.mark.parametrize("suffix", ["", ".csv"])
def test_every_operator_report_answers_operators_only(
    callers: dict[str, TestClient], suffix: str
) -> None:
    """Issue 6: instance-wide reports (JSON and CSV) are for operators; others 401/403."""
    failures = []
    for name in sorted(INSTANCE_REPORTS):
        for role in ROLES:
            response = callers[role.name].get(f"/api/v1/operator/reports/{name}{suffix}")
            expected = 200 if role.operator else 401 if role.kind in ("anonymous", "lrs") else 403
            if response.status_code != expected:
                failures.append(f"{name}{suffix} as {role.name}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_course_list_shows_each_caller_only_their_courses(
    callers: dict[str, TestClient],
) -> None:
    def keys(role: str) -> set[str]:
        return {row["course_key"] for row in callers[role].get("/api/v1/courses").json()["rows"]}

    assert keys("staff_of_a") == {COURSE_A}
    assert keys("staff_of_b") == {COURSE_B}
    assert keys("token_for_a") == {COURSE_A}
    assert keys("signed_in_no_courses") == set()
    assert keys("global_staff") == keys("token_for_all") == {COURSE_A, COURSE_B}
