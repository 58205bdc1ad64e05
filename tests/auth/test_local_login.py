"""Local sign-in: the form, CSRF, cookies, rate limit, sign-out, tampering (issue 7)."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from aspects.auth.sessions import SESSION_COOKIE
from aspects.settings import Settings
from tests.auth.helpers import COURSE_A, COURSE_B, PASSWORD, add_user, csrf_of, sign_in


def test_signing_in_sets_a_signed_httponly_samesite_lax_cookie_and_redirects(
    client: TestClient, settings: Settings
) -> None:
    add_user(settings, "ada", COURSE_A)
    form = client.get("/login")
    response = client.post(
        "/login",
        data={
            "csrf_token": csrf_of(form.text),
            "username": "ada",
            "password": PASSWORD,
            "next": "/account",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/account"
    cookie = next(c for c in response.headers.get_list("set-cookie") if SESSION_COOKIE in c)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP here; "auto" sets it behind HTTPS
    me = client.get("/api/v1/me").json()
    assert me["username"] == "ada" and me["courses"] == [COURSE_A] and me["kind"] == "session"


def test_the_session_cookie_is_secure_on_https(client: TestClient, settings: Settings) -> None:
    add_user(settings, "ada", COURSE_A)
    secure = TestClient(client.app, base_url="https://testserver")
    form = secure.get("/login")
    response = secure.post(
        "/login",
        data={"csrf_token": csrf_of(form.text), "username": "ada", "password": PASSWORD},
        follow_redirects=False,
    )
    assert "Secure" in response.headers["set-cookie"]


def test_a_wrong_password_or_unknown_user_is_refused_alike(
    client: TestClient, settings: Settings
) -> None:
    add_user(settings, "ada", COURSE_A)
    assert sign_in(client, "ada", "wrong password") == 401
    assert sign_in(client, "nobody", "wrong password") == 401
    assert client.get("/api/v1/me").status_code == 401


def test_a_post_without_the_forms_csrf_token_is_refused(
    client: TestClient, settings: Settings
) -> None:
    add_user(settings, "ada", COURSE_A)
    client.get("/login")
    response = client.post(
        "/login", data={"csrf_token": "forged", "username": "ada", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_failed_sign_ins_are_rate_limited_even_with_the_right_password_after(
    client: TestClient, settings: Settings
) -> None:
    add_user(settings, "ada", COURSE_A)
    for _ in range(settings.auth.login_max_failures):
        assert sign_in(client, "ada", "wrong password") == 401
    assert sign_in(client, "ada") == 429


def test_next_only_redirects_within_this_server(client: TestClient, settings: Settings) -> None:
    add_user(settings, "ada", COURSE_A)
    form = client.get("/login")
    response = client.post(
        "/login",
        data={
            "csrf_token": csrf_of(form.text),
            "username": "ada",
            "password": PASSWORD,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_signing_in_lands_on_the_page_asked_for_else_your_courses(
    client: TestClient, settings: Settings
) -> None:
    add_user(settings, "ada", COURSE_A)
    asked = f"/courses/{COURSE_A}/"
    # A page asked for while signed out leads to the form with it as `next`, and back to it.
    to_login = client.get(asked, follow_redirects=False)
    assert to_login.headers["location"].startswith("/login?next=")
    form = client.get(to_login.headers["location"])
    assert 'name="next" value="/courses/' in form.text
    signed = client.post(
        "/login",
        data={
            "csrf_token": csrf_of(form.text),
            "username": "ada",
            "password": PASSWORD,
            "next": asked,
        },
        follow_redirects=False,
    )
    assert signed.headers["location"] == asked
    client.cookies.clear()
    # /login on its own (the README's address) lands on the courses page.
    form = client.get("/login")
    signed = client.post(
        "/login",
        data={"csrf_token": csrf_of(form.text), "username": "ada", "password": PASSWORD},
        follow_redirects=False,
    )
    assert signed.headers["location"] == "/"


def test_account_and_error_pages_carry_the_header_and_the_ways_out(
    client: TestClient, settings: Settings
) -> None:
    add_user(settings, "ada", COURSE_A)
    assert sign_in(client, "ada") == 303
    account = client.get("/account")
    assert '<header class="top">' in account.text and "Signed in as" in account.text
    assert f'href="/courses/{COURSE_A}/"' in account.text
    # Another course: a 403 page saying so, who is signed in, and where to go.
    other = client.get(f"/courses/{COURSE_B}/")
    assert other.status_code == 403
    assert '<header class="top">' in other.text
    assert COURSE_B in other.text and "<strong>ada</strong>" in other.text
    assert 'href="/"' in other.text and "Sign in as someone else" in other.text
    link = re.search(r'href="(/login\?next=[^"]+)">Sign in as someone else', other.text)
    assert link and parse_qs(urlsplit(html.unescape(link[1])).query)["next"] == [
        f"/courses/{COURSE_B}/"
    ]
    # A page address that names nothing: a 404 page, not a bare JSON answer.
    missing = client.get(f"/courses/{COURSE_A}/no-such-page")
    assert missing.status_code == 404 and "Page not found" in missing.text
    assert '<header class="top">' in missing.text
    # The APIs keep answering JSON.
    assert (
        client.get("/api/v1/no-such-thing").headers["content-type"].startswith("application/json")
    )


def test_a_tampered_cookie_is_anonymous(client: TestClient, settings: Settings) -> None:
    add_user(settings, "ada", COURSE_A)
    add_user(settings, "root", operator=True)
    assert sign_in(client, "ada") == 303
    value = client.cookies[SESSION_COOKIE]
    body, mac = value.split(".")
    import base64
    import json

    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["u"] = "root"  # try to become the operator
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    client.cookies.set(SESSION_COOKIE, f"{forged}.{mac}")
    assert client.get("/api/v1/me").status_code == 401
    assert client.get(f"/api/v1/courses/{COURSE_A}/reports/enrollment-summary").status_code == 401
    client.cookies.set(SESSION_COOKIE, "garbage")
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_removing_an_account_or_changing_its_password_ends_its_sessions(
    client: TestClient, settings: Settings
) -> None:
    add_user(settings, "ada", COURSE_A)
    assert sign_in(client, "ada") == 303
    assert client.get("/api/v1/me").json()["username"] == "ada"
    from aspects.auth.accounts import add_account
    from aspects.auth.files import users_path

    add_account(users_path(settings), "ada", "a new password", courses=[COURSE_A], rounds=4)
    assert client.get("/api/v1/me").status_code == 401


def test_sign_out_needs_the_sessions_csrf_token_then_ends_the_session(
    client: TestClient, settings: Settings
) -> None:
    add_user(settings, "ada", COURSE_A)
    assert sign_in(client, "ada") == 303
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    page = client.get("/logout")
    assert client.post("/logout", data={"csrf_token": csrf_of(page.text)}).status_code == 200
    assert client.get("/api/v1/me").status_code == 401


def test_pages_redirect_anonymous_to_login_with_next_and_the_api_answers_401_json(
    client: TestClient,
) -> None:
    page = client.get("/account?tab=1", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Faccount%3Ftab%3D1"
    api = client.get("/api/v1/courses")
    assert api.status_code == 401
    assert api.json() == {"error": "sign in first"}


def test_a_user_without_courses_sees_a_clear_no_access_page(
    client: TestClient, settings: Settings
) -> None:
    add_user(settings, "visitor")
    assert sign_in(client, "visitor") == 303
    page = client.get("/account")
    assert "You have no course access" in page.text
    assert client.get("/api/v1/courses").json()["rows"] == []


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/healthz", "/login", "/api/v1/courses", "/xAPI/about"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_writes_with_a_session_need_the_x_csrf_token_header(
    client: TestClient, settings: Settings
) -> None:
    add_user(settings, "ada", COURSE_A)
    assert sign_in(client, "ada") == 303
    url = f"/api/v1/courses/{COURSE_A}/reports/enrollment-summary"
    assert client.post(url).status_code == 403
    token = client.get("/api/v1/me").json()["csrf_token"]
    assert client.post(url, headers={"X-CSRF-Token": token}).status_code == 405  # no such write
